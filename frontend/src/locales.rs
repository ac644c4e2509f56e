//! The translations: the `i18n` module that build.rs generates from `locales/*.json`
//! (leptos_i18n), with its `t!` and `t_string!` macros.

// Generated code: it parses the two locale tags it was built from.
#![allow(clippy::expect_used)]

include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

//! Cocrea's server: the JSON API of ../shared/PRODUCT.md and the embedded web app.
//!
//! The crate is built in floors (docs/ARCHITECTURE.md): a module only imports from its own
//! floor or the floors below it.
//! - `domain` and `entities`: values that parse raw input, and the tables' shape.
//! - `platform`: what every feature runs on (state, configuration, database, errors,
//!   who is asking, limits, cache, jobs, mail, audit, telemetry). It imports no feature.
//! - `content`: machinery shared by the kinds of things people write (lists, drafts,
//!   authors).
//! - the feature slices, one folder per area of the product, each with its routes and
//!   its use cases: `themes`, `follows`, `notifications`, `ideas`, `comments`,
//!   `questions`, `follow_ups`, `accessibility`, `auth`, `people`, `console`, `feeds`,
//!   `web`.
//! - `router` and `startup`: the application assembled.

pub mod domain;
pub mod entities;

pub mod platform;

pub mod content;

pub mod accessibility;
pub mod auth;
pub mod comments;
pub mod console;
pub mod feeds;
pub mod follow_ups;
pub mod ideas;
pub mod notifications;
pub mod people;
pub mod questions;
pub mod themes;
pub mod web;

pub mod router;
pub mod schedule;
pub mod startup;

//! Any text through the Markdown renderer and sanitiser: no panic; the HTML, parsed as a
//! browser would, holds nothing that could run (the unit tests' own check,
//! `why_not_inert`); and no hidden character (bidirectional control, zero-width space…)
//! stays in the source kept or the HTML.
#![no_main]

use libfuzzer_sys::fuzz_target;
use text::deceptive::first_hidden;
use text::markdown::{MarkdownBody, why_not_inert};

fuzz_target!(|data: &str| {
    if let Ok(body) = MarkdownBody::parse(data, 20_000) {
        assert_eq!(first_hidden(body.source()), None, "{data:?}");
        assert_eq!(first_hidden(body.html()), None, "{data:?}");
        if let Some(problem) = why_not_inert(body.html()) {
            panic!("{data:?} → {problem} in {}", body.html());
        }
    }
});

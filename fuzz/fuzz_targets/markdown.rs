//! Any text through the Markdown renderer and sanitiser: no panic, nothing in the output
//! that could run (a script element, an event handler, a script URL), and no hidden
//! character (bidirectional control, zero-width space…) in the source kept or the HTML.
#![no_main]

use libfuzzer_sys::fuzz_target;
use text::deceptive::first_hidden;
use text::markdown::MarkdownBody;

fuzz_target!(|data: &str| {
    if let Ok(body) = MarkdownBody::parse(data, 20_000) {
        assert_eq!(first_hidden(body.source()), None, "{data:?}");
        assert_eq!(first_hidden(body.html()), None, "{data:?}");
        let html = body.html().to_ascii_lowercase();
        for tag in html.split('<').skip(1).filter_map(|rest| rest.split('>').next()) {
            assert!(!tag.starts_with("script"), "{data:?} → <{tag}>");
            assert!(!tag.contains(" on"), "{data:?} → <{tag}>");
            assert!(!tag.contains("javascript:"), "{data:?} → <{tag}>");
        }
    }
});

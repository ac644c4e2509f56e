//! Any text through the Markdown renderer and sanitiser: no panic, and nothing in the
//! output that could run (a script element, an event handler, a script URL).
#![no_main]

use libfuzzer_sys::fuzz_target;
use text::markdown::MarkdownBody;

fuzz_target!(|data: &str| {
    if let Ok(body) = MarkdownBody::parse(data, 20_000) {
        let html = body.html().to_ascii_lowercase();
        for tag in html.split('<').skip(1).filter_map(|rest| rest.split('>').next()) {
            assert!(!tag.starts_with("script"), "{data:?} → <{tag}>");
            assert!(!tag.contains(" on"), "{data:?} → <{tag}>");
            assert!(!tag.contains("javascript:"), "{data:?} → <{tag}>");
        }
    }
});

//! `MarkdownBody`: a text people write in Markdown, parsed into the sanitised HTML that is
//! stored and served. Raw HTML in the source is shown as text, never interpreted; what
//! pulldown-cmark produces then goes through an ammonia allow-list (no scripts, no event
//! attributes, links only to http, https and mailto, with `rel="nofollow ugc noopener
//! noreferrer"`, no images: they would load from other sites and reveal readers to them).
//! Hidden characters (bidirectional controls, zero-width spaces…, see
//! [`crate::deceptive`]) are removed from the source before anything else: what readers
//! see is all there is, and an IBAN cut by a zero-width space is still an IBAN. Public
//! texts then pass the account-details guard.

use crate::deceptive::remove_hidden;
use crate::sensitive::refuse_account_details;
use api::FieldIssue;
use pulldown_cmark::{Event, Options, Parser};
use std::borrow::Cow;
use std::collections::HashSet;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkdownBody {
    source: String,
    html: String,
}

impl MarkdownBody {
    /// Parses a body of at most `max_chars` characters, counted as sent (white space
    /// and hidden characters included), as the API document's `maxLength` says.
    pub fn parse(raw: &str, max_chars: usize) -> Result<MarkdownBody, FieldIssue> {
        let visible = remove_hidden(raw);
        let source = visible.trim();
        if source.is_empty() {
            return Err(FieldIssue::Required);
        }
        if raw.chars().count() > max_chars {
            return Err(FieldIssue::TooLong {
                max: u32::try_from(max_chars).unwrap_or(u32::MAX),
            });
        }
        if source
            .chars()
            .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        {
            return Err(FieldIssue::ControlCharacters);
        }
        refuse_account_details(source)?;
        Ok(MarkdownBody {
            source: source.to_owned(),
            html: render(source),
        })
    }

    /// What the person wrote, for editing.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The sanitised HTML, safe to insert into a page.
    pub fn html(&self) -> &str {
        &self.html
    }
}

fn render(source: &str) -> String {
    let options = Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES;
    // Raw HTML becomes text: people see what they typed, the browser runs nothing.
    let events = Parser::new_ext(source, options).map(|event| match event {
        Event::Html(html) | Event::InlineHtml(html) => Event::Text(html),
        other => other,
    });
    let mut html = String::with_capacity(source.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events);
    let clean = sanitiser().clean(&html).to_string();
    // Character references (`&#x202E;`) become characters only now: remove those too.
    match remove_hidden(&clean) {
        Cow::Borrowed(_) => clean,
        Cow::Owned(visible) => visible,
    }
}

/// The only elements bodies may hold: text structure, links and tables.
const ALLOWED_TAGS: [&str; 25] = [
    "p",
    "br",
    "strong",
    "em",
    "del",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
];

fn sanitiser() -> ammonia::Builder<'static> {
    let mut builder = ammonia::Builder::empty();
    builder
        .add_tags(ALLOWED_TAGS)
        .add_tag_attributes("a", ["href", "title"])
        .add_tag_attributes("ol", ["start"])
        .url_schemes(HashSet::from(["http", "https", "mailto"]))
        .link_rel(Some("nofollow ugc noopener noreferrer"));
    builder
}

/// Why `html` (a body's rendered HTML) could run something in a browser, or `None` when
/// it cannot: parsed as a browser would (html5ever, through scraper), every element must
/// be an allowed one, no attribute an event handler, a style or a source, and every link
/// go to http(s), mailto or a place in the site. For the tests and the fuzz target
/// (feature `inert-check`); the server never needs it.
#[cfg(any(test, feature = "inert-check"))]
pub fn why_not_inert(html: &str) -> Option<String> {
    let fragment = scraper::Html::parse_fragment(html);
    for node in fragment.tree.nodes() {
        let Some(element) = node.value().as_element() else {
            continue;
        };
        let name = element.name();
        // The parser wraps a fragment in `html` (and `body`): those are not the output's.
        let wrapper = matches!(name, "html" | "body")
            && !html.to_ascii_lowercase().contains(&format!("<{name}"));
        if !wrapper && !ALLOWED_TAGS.contains(&name) {
            return Some(format!("<{name}>"));
        }
        for (attribute, value) in element.attrs() {
            let attribute = attribute.to_ascii_lowercase();
            if attribute.starts_with("on") || attribute == "style" || attribute == "src" {
                return Some(format!("<{name} {attribute}=…>"));
            }
            let link = matches!(
                attribute.as_str(),
                "href" | "action" | "formaction" | "xlink:href"
            );
            if link && !safe_link(value) {
                return Some(format!("<{name} {attribute}={value:?}>"));
            }
        }
    }
    None
}

/// A link a browser opens without running anything: an http(s) or mailto URL, or a
/// reference within the site (no scheme at all).
#[cfg(any(test, feature = "inert-check"))]
fn safe_link(value: &str) -> bool {
    // Browsers drop ASCII whitespace and control characters inside a scheme.
    let cleaned: String = value
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control())
        .collect::<String>()
        .to_ascii_lowercase();
    match cleaned.split_once(':') {
        Some((scheme, _)) if is_scheme(scheme) => matches!(scheme, "http" | "https" | "mailto"),
        // Not a scheme (`a/b:c`, `ht&tps:`): browsers read a path within the site.
        _ => true,
    }
}

/// Whether text before a colon is a URL scheme for a browser (WHATWG URL): a letter, then
/// letters, digits, `+`, `-` or `.`.
#[cfg(any(test, feature = "inert-check"))]
fn is_scheme(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deceptive::first_hidden;

    fn html(source: &str) -> String {
        MarkdownBody::parse(source, 10_000)
            .map(|b| b.html)
            .unwrap_or_default()
    }

    #[test]
    fn hidden_characters_are_removed_from_source_and_html() {
        let body = MarkdownBody::parse(
            "Virement \u{202E}gnp.exe\u{202C} **urgent**\u{200B} ❤️\n\n`co\u{2060}de`",
            10_000,
        )
        .unwrap();
        assert_eq!(body.source(), "Virement gnp.exe **urgent** ❤️\n\n`code`");
        assert_eq!(
            body.html(),
            "<p>Virement gnp.exe <strong>urgent</strong> ❤️</p>\n<p><code>code</code></p>\n"
        );
        assert_eq!(
            MarkdownBody::parse("\u{200B}\u{FEFF}", 100),
            Err(FieldIssue::Required)
        );
        // Written as character references, they are removed from the HTML.
        let html = html(
            "Virement &#x202E;gnp.exe&#8236; [lien](https://a.example/&#x200B; \"t&#xFEFF;\")",
        );
        assert_eq!(first_hidden(&html), None, "{html}");
        assert_eq!(
            MarkdownBody::parse("Mon IBAN : FR76\u{200B}3000 6000 0112 3456 7890 189", 100),
            Err(FieldIssue::AccountDetails)
        );
    }

    #[test]
    fn bodies_are_measured_as_sent() {
        let padded = format!("{}\n\n", "a".repeat(10));
        assert_eq!(
            MarkdownBody::parse(&padded, 11).map(|b| b.source().to_owned()),
            Err(FieldIssue::TooLong { max: 11 })
        );
        assert_eq!(
            MarkdownBody::parse(&padded, 12).unwrap().source(),
            "a".repeat(10)
        );
    }

    #[test]
    fn markdown_becomes_html() {
        assert_eq!(
            html("Une **idée** _simple_"),
            "<p>Une <strong>idée</strong> <em>simple</em></p>\n"
        );
        assert!(html("- un\n- deux").contains("<ul>\n<li>un</li>"));
        assert_eq!(
            html("[la banque](https://example.org)"),
            "<p><a href=\"https://example.org\" rel=\"nofollow ugc noopener noreferrer\">la banque</a></p>\n"
        );
    }

    #[test]
    fn nothing_executable_survives() {
        let cases = [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "[clic](javascript:alert(1))",
            "[clic](JaVaScRiPt:alert(1))",
            "[clic](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
            "![x](https://evil.example/pixel.png)",
            "<a href=\"javascript:alert(1)\">x</a>",
            "<svg onload=alert(1)>",
            "[x](vbscript:msgbox(1))",
            "<iframe src=https://evil.example></iframe>",
            "`<b>` and <details open ontoggle=alert(1)>",
        ];
        for source in cases {
            assert_inert(source);
        }
    }

    fn assert_inert(source: &str) {
        let out = html(source);
        if let Some(problem) = why_not_inert(&out) {
            panic!("{source:?} → {problem} in {out}");
        }
    }

    #[test]
    fn the_link_check_knows_dangerous_schemes() {
        for bad in [
            "javascript:alert(1)",
            "java\tscript:x",
            " JAVASCRIPT:x",
            "data:text/html,x",
            "vbscript:x",
        ] {
            assert!(!safe_link(bad), "{bad}");
        }
        for good in [
            "https://example.org",
            "/ideas/1",
            "mailto:a@b.c",
            "#top",
            "a/b:c",
            "ht&tps://a.example/",
        ] {
            assert!(safe_link(good), "{good}");
        }
    }

    #[test]
    fn the_shared_xss_corpus_yields_nothing_executable() {
        // A copy of the shared corpus (6,613 payloads), kept in the repository.
        let corpus = include_str!("../tests/data/xss-payloads.txt");
        let mut checked = 0;
        for payload in corpus.lines().filter(|l| !l.trim().is_empty()) {
            // Payloads holding a checksum-valid number are refused outright: nothing to render.
            if MarkdownBody::parse(payload, 10_000).is_ok() {
                assert_inert(payload);
                checked += 1;
            }
        }
        assert!(checked > 6_000, "only {checked} payloads rendered");
    }

    #[test]
    fn no_element_that_loads_or_runs_anything_is_allowed() {
        for tag in [
            "script", "img", "svg", "math", "iframe", "object", "embed", "style", "form", "input",
            "video", "audio", "link", "meta", "base",
        ] {
            assert!(!ALLOWED_TAGS.contains(&tag), "{tag}");
        }
    }

    #[test]
    fn raw_html_is_shown_as_text() {
        assert_eq!(html("<b>gras</b>"), "<p>&lt;b&gt;gras&lt;/b&gt;</p>\n");
    }

    #[test]
    fn bad_bodies_are_refused_with_their_reason() {
        assert_eq!(
            MarkdownBody::parse("   \n ", 100),
            Err(FieldIssue::Required)
        );
        assert_eq!(
            MarkdownBody::parse(&"é".repeat(101), 100),
            Err(FieldIssue::TooLong { max: 100 })
        );
        assert!(MarkdownBody::parse(&"é".repeat(100), 100).is_ok());
        assert_eq!(
            MarkdownBody::parse("a\u{0}b", 100),
            Err(FieldIssue::ControlCharacters)
        );
        assert_eq!(
            MarkdownBody::parse("Mon IBAN FR76 3000 6000 0112 3456 7890 189", 100),
            Err(FieldIssue::AccountDetails)
        );
    }
}

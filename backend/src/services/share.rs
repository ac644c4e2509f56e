//! What crawlers and social networks read in the app shell: the `<title>`, description,
//! Open Graph and Twitter card tags of an idea or a question, and the feeds' autodiscovery
//! links of the pages that have a feed. People's browsers get the same HTML and boot the
//! app as usual.

use crate::db::Db;
use crate::error::{ApiError, ApiResult};
use crate::services::{ideas, questions};
use pulldown_cmark::{Event, Parser, TagEnd};
use url::Url;

/// Characters of a description.
const DESCRIPTION_CHARS: usize = 200;

/// Marks, in index.html, the tags a page may replace: the default title and description.
const PAGE_START: &str = "<!--page-->";
const PAGE_END: &str = "<!--/page-->";

/// The head of one page.
pub struct Head {
    /// Its own title, description and social card, in place of the defaults.
    card: Option<String>,
    /// Feeds' autodiscovery links.
    links: String,
    /// The page names nothing that exists (or nothing public).
    pub not_found: bool,
}

impl Head {
    /// The app shell with this head in the place index.html marks for it.
    pub fn page(&self, shell: &str) -> String {
        let (Some(start), Some(end)) = (shell.find(PAGE_START), shell.find(PAGE_END)) else {
            return shell.to_owned();
        };
        let defaults = shell[start + PAGE_START.len()..end].trim();
        let own = self.card.as_deref().unwrap_or(defaults);
        format!(
            "{}{PAGE_START}\n  {own}\n  {}\n  {}",
            &shell[..start],
            self.links,
            &shell[end..]
        )
    }
}

/// Escapes text for an HTML attribute or element.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The plain text of Markdown, on one line, cut to `DESCRIPTION_CHARS`.
fn excerpt(markdown: &str) -> String {
    let mut text = String::new();
    for event in Parser::new(markdown) {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            // Blocks end with a space; inline marks (emphasis, links) do not.
            Event::End(tag)
                if !matches!(
                    tag,
                    TagEnd::Emphasis | TagEnd::Strong | TagEnd::Link | TagEnd::Strikethrough
                ) =>
            {
                text.push(' ')
            }
            _ => {}
        }
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    let line = words.join(" ");
    if line.chars().count() <= DESCRIPTION_CHARS {
        return line;
    }
    let cut: String = line.chars().take(DESCRIPTION_CHARS - 1).collect();
    format!("{}…", cut.trim_end())
}

fn feed_links(base: &Url, title: &str, path: &str) -> String {
    let root = base.as_str().trim_end_matches('/');
    let title = escape(title);
    format!(
        "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"{title} (Atom)\" href=\"{root}{path}.atom\">\n  \
         <link rel=\"alternate\" type=\"application/rss+xml\" title=\"{title} (RSS)\" href=\"{root}{path}.rss\">"
    )
}

fn card(base: &Url, path: &str, title: &str, description: &str) -> String {
    let url = escape(&format!("{}{path}", base.as_str().trim_end_matches('/')));
    let title = escape(title);
    let description = escape(description);
    format!(
        "<title>{title} · Cocrea</title>\n  \
         <meta name=\"description\" content=\"{description}\">\n  \
         <link rel=\"canonical\" href=\"{url}\">\n  \
         <meta property=\"og:site_name\" content=\"Cocrea\">\n  \
         <meta property=\"og:type\" content=\"article\">\n  \
         <meta property=\"og:locale\" content=\"fr_FR\">\n  \
         <meta property=\"og:title\" content=\"{title}\">\n  \
         <meta property=\"og:description\" content=\"{description}\">\n  \
         <meta property=\"og:url\" content=\"{url}\">\n  \
         <meta name=\"twitter:card\" content=\"summary\">\n  \
         <meta name=\"twitter:title\" content=\"{title}\">\n  \
         <meta name=\"twitter:description\" content=\"{description}\">"
    )
}

/// The head of a shared idea or question (its `(title, Markdown body)` as the public sees
/// it), with the feed `feed(title)` names; a 404 head when the public cannot see it.
fn shared(
    base: &Url,
    item: ApiResult<(String, String)>,
    path: &str,
    feed: impl FnOnce(&str) -> (String, String),
) -> ApiResult<Option<Head>> {
    match item {
        Ok((title, body)) => {
            let (feed_title, feed_path) = feed(&title);
            Ok(Some(Head {
                card: Some(card(base, path, &title, &excerpt(&body))),
                links: feed_links(base, &feed_title, &feed_path),
                not_found: false,
            }))
        }
        Err(ApiError::NotFound) => Ok(Some(Head {
            card: None,
            links: String::new(),
            not_found: true,
        })),
        Err(e) => Err(e),
    }
}

/// The head of the page at `path` (with `query`), if it has more than the default.
pub async fn head(db: &Db, base: &Url, path: &str, query: &str) -> ApiResult<Option<Head>> {
    let segments: Vec<&str> = path.trim_end_matches('/').split('/').skip(1).collect();
    let theme = query
        .split('&')
        .find_map(|pair| pair.strip_prefix("theme="))
        .filter(|slug| {
            !slug.is_empty() && slug.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        });
    let found = |links: String| {
        Ok(Some(Head {
            card: None,
            links,
            not_found: false,
        }))
    };
    match segments.as_slice() {
        ["ideas"] => match theme {
            Some(slug) => found(feed_links(
                base,
                &format!("Cocrea — Idées : {slug}"),
                &format!("/feeds/themes/{slug}"),
            )),
            None => found(feed_links(base, "Cocrea — Idées", "/feeds/ideas")),
        },
        ["questions"] => found(feed_links(base, "Cocrea — Questions", "/feeds/questions")),
        ["follow-ups"] => found(feed_links(base, "Cocrea — Décisions", "/feeds/follow-ups")),
        ["ideas", id] => {
            let Ok(id) = id.parse::<i64>() else {
                return Ok(None);
            };
            let idea = ideas::readable(&db.read, None, id).await;
            shared(
                base,
                idea.map(|i| (i.title, i.body_markdown)),
                &format!("/ideas/{id}"),
                |_| ("Cocrea — Idées".to_owned(), "/feeds/ideas".to_owned()),
            )
        }
        ["questions", id] => {
            let Ok(id) = id.parse::<i64>() else {
                return Ok(None);
            };
            let question = questions::readable(&db.read, None, id).await;
            shared(
                base,
                question.map(|q| (q.title, q.body_markdown)),
                &format!("/questions/{id}"),
                |title| {
                    (
                        format!("Cocrea — Réponses : {title}"),
                        format!("/feeds/questions/{id}/answers"),
                    )
                },
            )
        }
        _ => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptions_are_plain_text_on_one_line() {
        assert_eq!(
            excerpt("# Titre\n\nUn **gras** et [un lien](https://x.org)."),
            "Titre Un gras et un lien."
        );
        let long = "mot ".repeat(100);
        let cut = excerpt(&long);
        assert!(cut.ends_with('…') && cut.chars().count() <= DESCRIPTION_CHARS);
    }

    #[test]
    fn a_page_replaces_only_the_marked_defaults() {
        let shell = "<head>\n  <meta charset=\"utf-8\">\n  <!--page-->\n  <title>Cocrea</title>\n  <!--/page-->\n  <link rel=\"icon\">\n</head>";
        let card = Head {
            card: Some("<title>Idée · Cocrea</title>".into()),
            links: "<link rel=\"alternate\">".into(),
            not_found: false,
        };
        let page = card.page(shell);
        assert!(
            page.contains("<title>Idée · Cocrea</title>")
                && !page.contains("<title>Cocrea</title>")
        );
        assert!(page.contains("<link rel=\"alternate\">") && page.contains("<link rel=\"icon\">"));
        assert!(page.contains("<meta charset=\"utf-8\">"));
        let links = Head {
            card: None,
            links: "<link rel=\"alternate\">".into(),
            not_found: false,
        };
        let page = links.page(shell);
        assert!(
            page.contains("<title>Cocrea</title>") && page.contains("<link rel=\"alternate\">")
        );
    }

    #[test]
    fn tags_cannot_be_broken_out_of() {
        let escaped = escape("\"><script>alert('x')</script>&");
        assert_eq!(
            escaped,
            "&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;"
        );
    }
}

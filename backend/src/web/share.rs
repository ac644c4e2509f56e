//! What crawlers and social networks read in the app shell: the `<title>`, description,
//! Open Graph and Twitter card tags of an idea or a question, the feeds' autodiscovery
//! links of the pages that have a feed, and the page's first paint (see `first_paint`).
//! People's browsers get the same HTML and boot the app as usual.

use crate::ideas;
use crate::platform::db::Db;
use crate::platform::error::{ApiError, ApiResult};
use crate::questions;
use crate::web::first_paint::{self, Appearance, Content, ItemKind, Lang, escape};
use pulldown_cmark::{Event, Parser, TagEnd};
use url::Url;

/// Characters of a description.
const DESCRIPTION_CHARS: usize = 200;

/// Marks, in index.html, the tags a page may replace: the default title and description.
const PAGE_START: &str = "<!--page-->";
const PAGE_END: &str = "<!--/page-->";
/// Marks, in index.html, where the first paint goes, and the document's default language.
const FIRST_PAINT: &str = "<!--first-paint-->";
const HTML_LANG: &str = "<html lang=\"fr\">";

/// The head of one page.
pub struct Head {
    /// Its own title, description and social card, in place of the defaults.
    card: Option<String>,
    /// Feeds' autodiscovery links.
    links: String,
    /// The page names nothing that exists (or nothing public).
    pub not_found: bool,
    /// What the page shows before the app runs.
    content: Content,
}

impl Default for Head {
    /// The app shell's own defaults, and the header as the first paint.
    fn default() -> Self {
        Head {
            card: None,
            links: String::new(),
            not_found: false,
            content: Content::Empty,
        }
    }
}

impl Head {
    /// The app shell in `lang` and `appearance`, with this head and first paint in the
    /// places index.html marks for them.
    pub fn page(&self, shell: &str, lang: Lang, appearance: Appearance) -> String {
        let html = match appearance.attribute() {
            Some(theme) => format!("<html lang=\"{}\" data-theme=\"{theme}\">", lang.tag()),
            None => format!("<html lang=\"{}\">", lang.tag()),
        };
        let shell = shell.replacen(HTML_LANG, &html, 1).replacen(
            FIRST_PAINT,
            &first_paint::render(lang, &self.content),
            1,
        );
        let (Some(start), Some(end)) = (shell.find(PAGE_START), shell.find(PAGE_END)) else {
            return shell;
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

/// A shared idea or question as the public sees it.
struct Shared {
    kind: ItemKind,
    title: String,
    body_markdown: String,
    body_html: String,
}

/// The head of a shared idea or question, with the feed `feed(title)` names; a 404 head
/// when the public cannot see it.
fn shared(
    base: &Url,
    item: ApiResult<Shared>,
    path: &str,
    feed: impl FnOnce(&str) -> (String, String),
) -> ApiResult<Head> {
    match item {
        Ok(item) => {
            let (feed_title, feed_path) = feed(&item.title);
            Ok(Head {
                card: Some(card(base, path, &item.title, &excerpt(&item.body_markdown))),
                links: feed_links(base, &feed_title, &feed_path),
                not_found: false,
                content: Content::Item {
                    kind: item.kind,
                    title: item.title,
                    body_html: item.body_html,
                },
            })
        }
        Err(ApiError::NotFound) => Ok(Head {
            not_found: true,
            ..Head::default()
        }),
        Err(e) => Err(e),
    }
}

/// The head and first paint of the page at `path` (with `query`).
pub async fn head(db: &Db, base: &Url, path: &str, query: &str) -> ApiResult<Head> {
    let segments: Vec<&str> = path.trim_end_matches('/').split('/').skip(1).collect();
    let theme = query
        .split('&')
        .find_map(|pair| pair.strip_prefix("theme="))
        .filter(|slug| {
            !slug.is_empty() && slug.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        });
    let found = |links: String| {
        Ok(Head {
            links,
            ..Head::default()
        })
    };
    match segments.as_slice() {
        [] => Ok(Head {
            content: Content::Home,
            ..Head::default()
        }),
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
                return Ok(Head::default());
            };
            let idea = ideas::readable(&db.read, None, id).await;
            shared(
                base,
                idea.map(|i| Shared {
                    kind: ItemKind::Idea,
                    title: i.title,
                    body_markdown: i.body_markdown,
                    body_html: i.body_html,
                }),
                &format!("/ideas/{id}"),
                |_| ("Cocrea — Idées".to_owned(), "/feeds/ideas".to_owned()),
            )
        }
        ["questions", id] => {
            let Ok(id) = id.parse::<i64>() else {
                return Ok(Head::default());
            };
            let question = questions::readable(&db.read, None, id).await;
            shared(
                base,
                question.map(|q| Shared {
                    kind: ItemKind::Question,
                    title: q.title,
                    body_markdown: q.body_markdown,
                    body_html: q.body_html,
                }),
                &format!("/questions/{id}"),
                |title| {
                    (
                        format!("Cocrea — Réponses : {title}"),
                        format!("/feeds/questions/{id}/answers"),
                    )
                },
            )
        }
        _ => Ok(Head::default()),
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
            ..Head::default()
        };
        let page = card.page(shell, Lang::Fr, Appearance::System);
        assert!(
            page.contains("<title>Idée · Cocrea</title>")
                && !page.contains("<title>Cocrea</title>")
        );
        assert!(page.contains("<link rel=\"alternate\">") && page.contains("<link rel=\"icon\">"));
        assert!(page.contains("<meta charset=\"utf-8\">"));
        let links = Head {
            links: "<link rel=\"alternate\">".into(),
            ..Head::default()
        };
        let page = links.page(shell, Lang::Fr, Appearance::System);
        assert!(
            page.contains("<title>Cocrea</title>") && page.contains("<link rel=\"alternate\">")
        );
    }

    #[test]
    fn the_page_speaks_the_apps_language_and_paints_before_the_app_runs() {
        let shell = "<html lang=\"fr\">\n<body>\n<!--first-paint-->\n</body>";
        let home = Head {
            content: Content::Home,
            ..Head::default()
        };
        let page = home.page(shell, Lang::En, Appearance::Dark);
        assert!(
            page.starts_with("<html lang=\"en\" data-theme=\"dark\">"),
            "{page}"
        );
        assert!(page.contains("<div id=\"first-paint\">") && page.contains("class=\"hero\""));
        assert!(!page.contains("<!--first-paint-->"));
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

//! The first paint: what the browser draws from the app shell alone, before the web app
//! (hundreds of kilobytes of WebAssembly) has arrived and started, which on an old phone
//! on a slow network takes seconds. People see the site's header at once and, on the home,
//! an idea or a question, the content itself. The app removes it (`#first-paint`) as it
//! mounts and draws the same markup with the same classes in its place; crawlers and
//! browsers without WebAssembly keep it.

use std::collections::HashMap;
use std::sync::LazyLock;

/// The language the app will speak: the one picked in its cookie, French otherwise.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    Fr,
    En,
}

pub use api::prefs::{APPEARANCE_COOKIE, LANG_COOKIE};

/// Light or dark, when the person picked one instead of following their system.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Appearance {
    System,
    Light,
    Dark,
}

impl Appearance {
    /// The appearance picked, from the value of its cookie.
    pub fn picked(cookie: Option<&str>) -> Appearance {
        match cookie {
            Some("light") => Appearance::Light,
            Some("dark") => Appearance::Dark,
            _ => Appearance::System,
        }
    }

    /// Its `<html data-theme>` value; none for the system's.
    pub fn attribute(self) -> Option<&'static str> {
        match self {
            Appearance::System => None,
            Appearance::Light => Some("light"),
            Appearance::Dark => Some("dark"),
        }
    }
}

static FR: LazyLock<HashMap<String, String>> =
    LazyLock::new(|| parse(include_str!("../../../frontend/locales/fr.json")));
static EN: LazyLock<HashMap<String, String>> =
    LazyLock::new(|| parse(include_str!("../../../frontend/locales/en.json")));

fn parse(json: &str) -> HashMap<String, String> {
    serde_json::from_str(json).unwrap_or_default()
}

impl Lang {
    /// The language the app will pick, from the value of its cookie.
    pub fn picked(cookie: Option<&str>) -> Lang {
        match cookie {
            Some("en") => Lang::En,
            _ => Lang::Fr,
        }
    }

    /// Its BCP 47 tag, for `<html lang>`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }

    /// The app's own text for `key`, escaped for HTML.
    fn t(self, key: &str) -> String {
        let strings = match self {
            Lang::Fr => &*FR,
            Lang::En => &*EN,
        };
        escape(strings.get(key).map(String::as_str).unwrap_or_default())
    }
}

/// What a page shows above the fold before the app runs, beyond the header.
pub enum Content {
    /// The home's welcome and its two lists, still loading.
    Home,
    /// A public idea or question: its title and body (HTML sanitised when it was written).
    Item {
        kind: ItemKind,
        title: String,
        body_html: String,
    },
    /// The header alone: the app draws the rest.
    Empty,
}

#[derive(Clone, Copy)]
pub enum ItemKind {
    Idea,
    Question,
}

/// The first paint of a page in `lang`: the header and `content`, as the app draws them.
pub fn render(lang: Lang, content: &Content) -> String {
    let main = match content {
        Content::Home => format!(
            "<section class=\"hero\"><h1>{title}</h1><p class=\"hero__lead\">{lead}</p>\
             <p class=\"hero__actions\"><a href=\"/ideas/new\" class=\"button button--primary button--large\">{new}</a></p></section>\
             <div class=\"home-lists\">{hot}{new_ones}</div>",
            title = lang.t("home_title"),
            lead = lang.t("home_lead"),
            new = lang.t("idea_new_button"),
            hot = strip(lang, "home_trending"),
            new_ones = strip(lang, "home_newest"),
        ),
        Content::Item {
            kind,
            title,
            body_html,
        } => {
            let (class, back_href, back) = match kind {
                ItemKind::Idea => ("thread thread--idea", "/ideas", "back_to_ideas"),
                ItemKind::Question => {
                    ("thread thread--question", "/questions", "back_to_questions")
                }
            };
            format!(
                "<article class=\"{class}\"><p class=\"thread__crumbs\"><a href=\"{back_href}\">{back}</a></p>\
                 <h1 class=\"thread__title\">{title}</h1>\
                 <div class=\"thread__layout\"><div class=\"thread__body prose\">{body_html}</div></div></article>",
                back = lang.t(back),
                title = escape(title),
            )
        }
        Content::Empty => String::new(),
    };
    format!(
        "<div id=\"first-paint\">\
         <a class=\"skip-link\" href=\"#main\">{skip}</a>\
         <header class=\"site-header\"><div class=\"site-header__inner\">\
         <a href=\"/\" class=\"brand\"><span class=\"brand__mark\" aria-hidden=\"true\"></span><span class=\"brand__name\">{app}</span></a>\
         <nav class=\"main-nav\" aria-label=\"{nav}\"><ul>\
         <li><a href=\"/ideas\">{ideas}</a></li><li><a href=\"/questions\">{questions}</a></li><li><a href=\"/follow-ups\">{follow_ups}</a></li>\
         </ul></nav>\
         <div class=\"site-header__tools\">\
         <div class=\"switch lang-switch\" role=\"group\" aria-label=\"{lang_label}\">\
         <button type=\"button\" class=\"switch__button\" lang=\"fr\" aria-pressed=\"{fr}\">FR</button>\
         <button type=\"button\" class=\"switch__button\" lang=\"en\" aria-pressed=\"{en}\">EN</button></div>\
         <div class=\"account\" role=\"group\" aria-label=\"{account}\">\
         <a href=\"/login\" class=\"button button--quiet\">{sign_in}</a><a href=\"/signup\" class=\"button button--primary\">{sign_up}</a></div>\
         </div></div></header>\
         <main id=\"main\" class=\"page\" tabindex=\"-1\">{main}</main></div>",
        skip = lang.t("skip_to_content"),
        app = lang.t("app_name"),
        nav = lang.t("nav_label"),
        ideas = lang.t("nav_ideas"),
        questions = lang.t("nav_questions"),
        follow_ups = lang.t("nav_follow_ups"),
        lang_label = lang.t("lang_label"),
        fr = lang == Lang::Fr,
        en = lang == Lang::En,
        account = lang.t("account_label"),
        sign_in = lang.t("nav_sign_in"),
        sign_up = lang.t("nav_sign_up"),
    )
}

/// One of the home's lists as the app draws it while its ideas load.
fn strip(lang: Lang, heading: &str) -> String {
    format!(
        "<section class=\"strip\"><h2>{heading}</h2><p class=\"loading\">{loading}</p></section>",
        heading = lang.t(heading),
        loading = lang.t("loading"),
    )
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_language_is_the_one_picked_and_french_otherwise() {
        assert_eq!(Lang::picked(None), Lang::Fr);
        assert_eq!(Lang::picked(Some("en")), Lang::En);
        assert_eq!(Lang::picked(Some("fr")), Lang::Fr);
        assert_eq!(Lang::picked(Some("de")), Lang::Fr);
    }

    #[test]
    fn the_appearance_is_the_one_picked_and_the_systems_otherwise() {
        let of = |value| Appearance::picked(value).attribute();
        assert_eq!(of(None), None);
        assert_eq!(of(Some("dark")), Some("dark"));
        assert_eq!(of(Some("light")), Some("light"));
        assert_eq!(of(Some("\"><script>")), None);
    }

    #[test]
    fn every_text_it_uses_is_in_both_catalogues() {
        for lang in [Lang::Fr, Lang::En] {
            for content in [
                Content::Home,
                Content::Empty,
                Content::Item {
                    kind: ItemKind::Question,
                    title: "T".into(),
                    body_html: String::new(),
                },
            ] {
                let html = render(lang, &content);
                // A key missing from a catalogue would leave an element or a label empty.
                for empty in [
                    "\"\"",
                    "\"></a>",
                    "\"></h1>",
                    "<h2></h2>",
                    "\"></p>",
                    "\"></button>",
                ] {
                    assert!(!html.contains(empty), "{lang:?}: {empty} in {html}");
                }
            }
        }
    }

    #[test]
    fn titles_are_escaped_and_bodies_kept() {
        let html = render(
            Lang::En,
            &Content::Item {
                kind: ItemKind::Idea,
                title: "<script>".into(),
                body_html: "<p>Body</p>".into(),
            },
        );
        assert!(html.contains("&lt;script&gt;") && html.contains("<p>Body</p>"));
        assert!(html.contains("All ideas"));
    }
}

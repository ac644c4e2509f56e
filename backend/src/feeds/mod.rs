//! RSS 2.0 and Atom feeds of what is public: ideas (all, or one theme's), the team's
//! decisions, questions, and one question's answers. Built from the same list services as
//! the API, so hidden content never appears; every link is absolute (`COCREA_PUBLIC_URL`).

pub mod routes;

/// Mounts the feeds (outside the API, and outside its document: they are RSS and Atom).
pub fn register(cfg: &mut actix_web::web::ServiceConfig) {
    cfg.service(routes::ideas)
        .service(routes::theme)
        .service(routes::follow_ups)
        .service(routes::questions)
        .service(routes::answers);
}

use crate::follow_ups;
use crate::ideas;
use crate::platform::db::Db;
use crate::platform::error::{ApiError, ApiResult};
use crate::questions;
use crate::themes;
use api::{
    AuthorView, FollowUpQuery, IdeaQuery, IdeaSort, IdeaStatus, QuestionQuery, QuestionSort,
};
use atom_syndication as atom;
use chrono::{DateTime, Utc};
use url::Url;

/// Entries per feed: the latest 50, as the lists' largest page.
const ENTRIES: u32 = 50;

/// The two formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Atom,
    Rss,
}

impl Format {
    pub fn parse(extension: &str) -> Option<Format> {
        match extension {
            "atom" => Some(Format::Atom),
            "rss" => Some(Format::Rss),
            _ => None,
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Format::Atom => "application/atom+xml; charset=utf-8",
            Format::Rss => "application/rss+xml; charset=utf-8",
        }
    }
}

/// Which feed.
pub enum Which {
    Ideas,
    Theme(String),
    FollowUps,
    Questions,
    Answers(i64),
}

/// One entry, whatever the format.
struct Entry {
    title: String,
    path: String,
    html: String,
    author: String,
    at: DateTime<Utc>,
}

/// A feed before it is written out.
struct Feed {
    title: String,
    /// The page the feed mirrors.
    page: String,
    /// The feed's own path, without its extension.
    own: String,
    entries: Vec<Entry>,
}

/// The name shown for an author (a deleted account has none of its own).
fn author_name(author: &AuthorView) -> String {
    if author.deleted {
        "Membre supprimé".to_owned()
    } else {
        author.display_name.clone()
    }
}

fn status_fr(status: IdeaStatus) -> &'static str {
    match status {
        IdeaStatus::New => "Nouvelle",
        IdeaStatus::UnderReview => "À l'étude",
        IdeaStatus::Planned => "Prévue",
        IdeaStatus::InProgress => "En cours",
        IdeaStatus::Launched => "Lancée",
        IdeaStatus::Declined => "Non retenue",
        IdeaStatus::Duplicate => "Doublon",
    }
}

/// The feed document, as bytes.
pub async fn render(db: &Db, base: &Url, which: Which, format: Format) -> ApiResult<String> {
    let feed = load(db, which).await?;
    Ok(match format {
        Format::Atom => atom_of(base, feed),
        Format::Rss => rss_of(base, feed),
    })
}

async fn load(db: &Db, which: Which) -> ApiResult<Feed> {
    let limit = Some(ENTRIES);
    Ok(match which {
        Which::Ideas | Which::Theme(_) => {
            let (title, page, own, theme) = match which {
                Which::Theme(slug) => {
                    let theme = themes::list_active(db)
                        .await?
                        .into_iter()
                        .find(|t| t.slug == slug)
                        .ok_or(ApiError::NotFound)?;
                    (
                        format!("Cocrea — Idées : {}", theme.name.fr),
                        format!("/ideas?theme={slug}"),
                        format!("/feeds/themes/{slug}"),
                        Some(slug),
                    )
                }
                _ => (
                    "Cocrea — Idées".to_owned(),
                    "/ideas".to_owned(),
                    "/feeds/ideas".to_owned(),
                    None,
                ),
            };
            let query = IdeaQuery {
                sort: Some(IdeaSort::New),
                theme,
                limit,
                ..Default::default()
            };
            let list = ideas::list(db, None, query).await?;
            Feed {
                title,
                page,
                own,
                entries: list
                    .items
                    .into_iter()
                    .map(|idea| Entry {
                        path: format!("/ideas/{}", idea.id),
                        author: author_name(&idea.author),
                        html: idea.body_html,
                        at: idea.created_at,
                        title: idea.title,
                    })
                    .collect(),
            }
        }
        Which::FollowUps => {
            let query = FollowUpQuery {
                limit,
                ..Default::default()
            };
            let list = follow_ups::list(db, query).await?;
            Feed {
                title: "Cocrea — Vous avez dit, nous avons fait".to_owned(),
                page: "/follow-ups".to_owned(),
                own: "/feeds/follow-ups".to_owned(),
                entries: list
                    .items
                    .into_iter()
                    .map(|change| Entry {
                        title: format!("{} — {}", status_fr(change.status), change.idea_title),
                        path: format!("/ideas/{}", change.idea_id),
                        html: change.explanation_html,
                        author: change.by.display_name,
                        at: change.at,
                    })
                    .collect(),
            }
        }
        Which::Questions => {
            let query = QuestionQuery {
                sort: Some(QuestionSort::New),
                limit,
                ..Default::default()
            };
            let list = questions::list(db, None, query).await?;
            Feed {
                title: "Cocrea — Questions aux experts".to_owned(),
                page: "/questions".to_owned(),
                own: "/feeds/questions".to_owned(),
                entries: list
                    .items
                    .into_iter()
                    .map(|question| Entry {
                        path: format!("/questions/{}", question.id),
                        author: author_name(&question.author),
                        html: question.body_html,
                        at: question.created_at,
                        title: question.title,
                    })
                    .collect(),
            }
        }
        Which::Answers(id) => {
            let question = questions::get(db, None, id).await?;
            let mut answers = question.answers;
            answers.sort_by_key(|a| std::cmp::Reverse(a.created_at));
            answers.truncate(ENTRIES as usize);
            Feed {
                title: format!("Cocrea — Réponses : {}", question.title),
                page: format!("/questions/{id}"),
                own: format!("/feeds/questions/{id}/answers"),
                entries: answers
                    .into_iter()
                    .map(|answer| Entry {
                        title: format!(
                            "{} — {}",
                            if answer.official {
                                "Réponse officielle"
                            } else {
                                "Réponse"
                            },
                            author_name(&answer.author)
                        ),
                        path: format!("/questions/{id}#answer-{}", answer.id),
                        author: author_name(&answer.author),
                        html: answer.body_html,
                        at: answer.created_at,
                    })
                    .collect(),
            }
        }
    })
}

fn absolute(base: &Url, path: &str) -> String {
    format!("{}{path}", base.as_str().trim_end_matches('/'))
}

fn atom_of(base: &Url, feed: Feed) -> String {
    let updated = feed
        .entries
        .iter()
        .map(|e| e.at)
        .max()
        .unwrap_or_else(Utc::now);
    let link = |href: String, rel: &str, mime: Option<&str>| {
        let mut link = atom::Link::default();
        link.set_href(href);
        link.set_rel(rel);
        link.set_mime_type(mime.map(str::to_owned));
        link
    };
    let mut out = atom::Feed::default();
    out.set_title(feed.title);
    out.set_id(absolute(base, &feed.own));
    out.set_updated(updated.fixed_offset());
    out.set_lang(Some("fr".to_owned()));
    out.set_links(vec![
        link(absolute(base, &feed.page), "alternate", Some("text/html")),
        link(
            absolute(base, &format!("{}.atom", feed.own)),
            "self",
            Some("application/atom+xml"),
        ),
    ]);
    out.set_entries(
        feed.entries
            .into_iter()
            .map(|e| {
                let url = absolute(base, &e.path);
                let mut entry = atom::Entry::default();
                entry.set_title(e.title);
                entry.set_id(url.clone());
                entry.set_updated(e.at.fixed_offset());
                entry.set_published(Some(e.at.fixed_offset()));
                entry.set_links(vec![link(url, "alternate", Some("text/html"))]);
                let mut author = atom::Person::default();
                author.set_name(e.author);
                entry.set_authors(vec![author]);
                let mut content = atom::Content::default();
                content.set_content_type(Some("html".to_owned()));
                content.set_value(Some(e.html));
                entry.set_content(Some(content));
                entry
            })
            .collect::<Vec<_>>(),
    );
    out.to_string()
}

fn rss_of(base: &Url, feed: Feed) -> String {
    let mut channel = rss::Channel::default();
    channel.set_title(feed.title);
    channel.set_link(absolute(base, &feed.page));
    channel.set_description(
        "Cocrea : les idées et les questions des clients, et ce que la banque en fait.",
    );
    channel.set_language(Some("fr".to_owned()));
    if let Some(latest) = feed.entries.iter().map(|e| e.at).max() {
        channel.set_last_build_date(Some(latest.to_rfc2822()));
    }
    let mut atom_ext = rss::extension::atom::AtomExtension::default();
    let mut own = rss::extension::atom::Link::default();
    own.set_href(absolute(base, &format!("{}.rss", feed.own)));
    own.set_rel("self");
    own.set_mime_type(Some("application/rss+xml".to_owned()));
    atom_ext.set_links(vec![own]);
    channel.set_atom_ext(Some(atom_ext));
    channel.set_items(
        feed.entries
            .into_iter()
            .map(|e| {
                let url = absolute(base, &e.path);
                let mut item = rss::Item::default();
                item.set_title(Some(e.title));
                item.set_link(Some(url.clone()));
                let mut guid = rss::Guid::default();
                guid.set_value(url);
                guid.set_permalink(true);
                item.set_guid(Some(guid));
                item.set_pub_date(Some(e.at.to_rfc2822()));
                item.set_description(Some(e.html));
                item.set_dublin_core_ext(Some({
                    let mut dc = rss::extension::dublincore::DublinCoreExtension::default();
                    dc.set_creators(vec![e.author]);
                    dc
                }));
                item
            })
            .collect::<Vec<_>>(),
    );
    channel.to_string()
}

//! What ideas and questions are written as: a title, a Markdown body and a theme, parsed
//! together so every field's issue is reported at once; edits that change some of them;
//! and the window in which authors (of comments too) may edit what they wrote.

use crate::content::listing::search_terms;
use crate::domain::{MarkdownBody, Title};
use crate::platform::error::{ApiError, ApiResult};
use crate::themes;
use api::FieldErrors;
use chrono::{DateTime, Duration, Utc};
use sea_orm::ConnectionTrait;

/// The bounds of one kind of text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Bounds {
    pub title_min: usize,
    pub title_max: usize,
    pub body_max: usize,
}

/// A new idea or question, parsed.
pub(crate) struct Draft {
    pub title: Title,
    pub body: MarkdownBody,
    pub theme_id: i64,
}

impl Draft {
    /// Parses the three fields; a 422 names every field that is wrong.
    pub async fn parse(
        conn: &impl ConnectionTrait,
        bounds: Bounds,
        title: &str,
        body: &str,
        theme: &str,
    ) -> ApiResult<Draft> {
        let edit = Edit::parse(conn, bounds, Some(title), Some(body), Some(theme)).await?;
        match edit {
            Edit {
                title: Some(title),
                body: Some(body),
                theme_id: Some(theme_id),
            } => Ok(Draft {
                title,
                body,
                theme_id,
            }),
            _ => Err(ApiError::Internal(anyhow::anyhow!(
                "a parsed draft lost a field"
            ))),
        }
    }
}

/// The fields an edit changes, parsed; `None` keeps what was there.
pub(crate) struct Edit {
    pub title: Option<Title>,
    pub body: Option<MarkdownBody>,
    pub theme_id: Option<i64>,
}

impl Edit {
    pub async fn parse(
        conn: &impl ConnectionTrait,
        bounds: Bounds,
        title: Option<&str>,
        body: Option<&str>,
        theme: Option<&str>,
    ) -> ApiResult<Edit> {
        let mut errors = FieldErrors::default();
        let title = title.and_then(|raw| {
            errors.check(
                "title",
                Title::parse(raw, bounds.title_min, bounds.title_max),
            )
        });
        let body =
            body.and_then(|raw| errors.check("body", MarkdownBody::parse(raw, bounds.body_max)));
        let theme_id = match theme {
            Some(slug) => errors.check("theme", themes::active_id(conn, slug).await?),
            None => None,
        };
        if !errors.is_empty() {
            return Err(ApiError::Validation(errors));
        }
        Ok(Edit {
            title,
            body,
            theme_id,
        })
    }

    /// The text after the edit, from what is stored now.
    pub fn apply(self, now: Stored) -> Stored {
        let title = self.title.map_or(now.title, |t| t.as_str().to_owned());
        let (markdown, html) = self.body.map_or((now.markdown, now.html), |b| {
            (b.source().to_owned(), b.html().to_owned())
        });
        Stored {
            title,
            markdown,
            html,
            theme_id: self.theme_id.unwrap_or(now.theme_id),
        }
    }
}

/// What a row stores of its text.
pub(crate) struct Stored {
    pub title: String,
    pub markdown: String,
    pub html: String,
    pub theme_id: i64,
}

impl Stored {
    /// What the search index holds for this text.
    pub fn search_terms(&self) -> String {
        search_terms(&self.title, &self.markdown)
    }
}

/// Until when an author may edit what they wrote at `created_at`.
pub(crate) fn editable_until(created_at: DateTime<Utc>) -> DateTime<Utc> {
    created_at + Duration::minutes(api::EDIT_WINDOW_MINUTES)
}

/// Refuses an edit once the window of what was written at `created_at` has closed.
pub(crate) fn ensure_editable(created_at: DateTime<Utc>) -> ApiResult<()> {
    if Utc::now() > editable_until(created_at) {
        return Err(ApiError::edit_window_closed());
    }
    Ok(())
}

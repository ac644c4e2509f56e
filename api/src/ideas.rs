//! Ideas, their supports and their comments.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub const IDEA_TITLE_MIN_CHARS: usize = 5;
pub const IDEA_TITLE_MAX_CHARS: usize = 140;
pub const IDEA_BODY_MAX_CHARS: usize = 10_000;
pub const COMMENT_BODY_MAX_CHARS: usize = 5_000;
/// How long an author may edit what they wrote, in minutes.
pub const EDIT_WINDOW_MINUTES: i64 = 30;
/// Page size of lists when `limit` is not given, and its cap.
pub const LIST_LIMIT_DEFAULT: u32 = 20;
pub const LIST_LIMIT_MAX: u32 = 50;
/// How many similar ideas are suggested while a title is typed.
pub const SIMILAR_MAX: usize = 5;

/// Where an idea stands in the bank's follow-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "db", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
#[cfg_attr(feature = "db", sea_orm(rs_type = "String", db_type = "Text"))]
#[serde(rename_all = "snake_case")]
pub enum IdeaStatus {
    #[default]
    #[cfg_attr(feature = "db", sea_orm(string_value = "new"))]
    New,
    #[cfg_attr(feature = "db", sea_orm(string_value = "under_review"))]
    UnderReview,
    #[cfg_attr(feature = "db", sea_orm(string_value = "planned"))]
    Planned,
    #[cfg_attr(feature = "db", sea_orm(string_value = "in_progress"))]
    InProgress,
    #[cfg_attr(feature = "db", sea_orm(string_value = "launched"))]
    Launched,
    #[cfg_attr(feature = "db", sea_orm(string_value = "declined"))]
    Declined,
    #[cfg_attr(feature = "db", sea_orm(string_value = "duplicate"))]
    Duplicate,
}

impl IdeaStatus {
    pub const ALL: [IdeaStatus; 7] = [
        IdeaStatus::New,
        IdeaStatus::UnderReview,
        IdeaStatus::Planned,
        IdeaStatus::InProgress,
        IdeaStatus::Launched,
        IdeaStatus::Declined,
        IdeaStatus::Duplicate,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            IdeaStatus::New => "new",
            IdeaStatus::UnderReview => "under_review",
            IdeaStatus::Planned => "planned",
            IdeaStatus::InProgress => "in_progress",
            IdeaStatus::Launched => "launched",
            IdeaStatus::Declined => "declined",
            IdeaStatus::Duplicate => "duplicate",
        }
    }

    pub fn parse(s: &str) -> Option<IdeaStatus> {
        IdeaStatus::ALL.into_iter().find(|v| v.as_str() == s)
    }
}

/// The orders of the ideas list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum IdeaSort {
    /// Supports weighed against age (see the README for the formula).
    #[default]
    Hot,
    /// Most supported first.
    Top,
    /// Newest first.
    New,
    /// Most commented first.
    Discussed,
}

impl IdeaSort {
    pub const ALL: [IdeaSort; 4] = [
        IdeaSort::Hot,
        IdeaSort::Top,
        IdeaSort::New,
        IdeaSort::Discussed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            IdeaSort::Hot => "hot",
            IdeaSort::Top => "top",
            IdeaSort::New => "new",
            IdeaSort::Discussed => "discussed",
        }
    }

    pub fn parse(s: &str) -> Option<IdeaSort> {
        IdeaSort::ALL.into_iter().find(|v| v.as_str() == s)
    }
}

/// A mark shown beside a person's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Badge {
    /// A verified client of the bank.
    Client,
    /// Bank staff answering in their themes.
    Expert,
    /// The bank's product team.
    Team,
}

/// Who wrote something.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuthorView {
    pub id: i64,
    pub display_name: String,
    pub badges: Vec<Badge>,
    /// The person deleted their account: shown as "deleted member", with no link.
    #[serde(default)]
    pub deleted: bool,
}

/// Support counts, in total and by segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Supports {
    pub total: u32,
    pub clients: u32,
    pub non_clients: u32,
}

/// An idea, as lists and its page show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IdeaView {
    pub id: i64,
    pub title: String,
    /// The body rendered from Markdown and sanitised: safe to insert as HTML.
    pub body_html: String,
    /// What the author wrote, for editing.
    pub body_markdown: String,
    /// The theme's slug.
    pub theme: String,
    pub status: IdeaStatus,
    pub author: AuthorView,
    pub supports: Supports,
    pub comment_count: u32,
    pub created_at: DateTime<Utc>,
    pub edited_at: Option<DateTime<Utc>>,
    /// Whether the signed-in person supports it (always false for visitors).
    pub viewer_supports: bool,
    /// Whether the signed-in person follows it (on the idea's page; false in lists).
    #[serde(default)]
    pub viewer_follows: bool,
    /// Until when its author may still edit it.
    pub editable_until: DateTime<Utc>,
    /// Set when moderation hid it (only its author and the team still see it).
    #[serde(default)]
    pub hidden: Option<crate::HiddenView>,
    /// No new comments while locked.
    #[serde(default)]
    pub locked: bool,
    /// The idea it was merged into, while it is a duplicate.
    #[serde(default)]
    pub merged_into: Option<i64>,
}

/// The query of `GET /api/v1/ideas`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct IdeaQuery {
    /// `hot` (default), `top`, `new` or `discussed`.
    pub sort: Option<IdeaSort>,
    /// A theme's slug.
    pub theme: Option<String>,
    pub status: Option<IdeaStatus>,
    /// Words to search for; accents, case and plurals do not matter.
    pub q: Option<String>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Page size, 1 to 50 (default 20).
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 50))]
    pub limit: Option<u32>,
}

/// A page of a list: `next_cursor` fetches the next one, `null` on the last page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IdeaList {
    pub items: Vec<IdeaView>,
    pub next_cursor: Option<String>,
}

/// `POST /api/v1/ideas`
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateIdea {
    #[cfg_attr(feature = "openapi", schema(min_length = 5, max_length = 140))]
    pub title: String,
    /// Markdown, up to 10,000 characters.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 10000))]
    pub body: String,
    /// A theme's slug.
    pub theme: String,
}

/// `PATCH /api/v1/ideas/{id}`: only the fields given change.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateIdea {
    #[cfg_attr(feature = "openapi", schema(min_length = 5, max_length = 140))]
    pub title: Option<String>,
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 10000))]
    pub body: Option<String>,
    pub theme: Option<String>,
}

/// One suggestion of `GET /api/v1/ideas/similar`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SimilarIdea {
    pub id: i64,
    pub title: String,
    pub status: IdeaStatus,
    pub supports: u32,
}

/// `GET /api/v1/ideas/similar`
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SimilarIdeas {
    pub items: Vec<SimilarIdea>,
}

/// The answer to `PUT` and `DELETE /api/v1/ideas/{id}/vote`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SupportView {
    pub supports: Supports,
    pub viewer_supports: bool,
}

/// A comment, with its replies when it is a top-level one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CommentView {
    pub id: i64,
    pub idea_id: i64,
    pub parent_id: Option<i64>,
    /// `null` once the comment is deleted (it stays, as "deleted", to keep its replies).
    pub author: Option<AuthorView>,
    pub body_html: String,
    pub body_markdown: String,
    pub deleted: bool,
    pub created_at: DateTime<Utc>,
    pub edited_at: Option<DateTime<Utc>>,
    pub editable_until: DateTime<Utc>,
    /// Set when moderation hid it: its body is then empty for everyone but its author
    /// and the team.
    #[serde(default)]
    pub hidden: Option<crate::HiddenView>,
    /// The members who marked it helpful, clients and non-clients apart.
    #[serde(default)]
    pub helpful: Supports,
    /// Whether the viewer marked it helpful.
    #[serde(default)]
    pub viewer_helpful: bool,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(no_recursion))]
    pub replies: Vec<CommentView>,
}

/// The answer to `PUT` and `DELETE /api/v1/comments/{id}/vote`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CommentVoteView {
    pub helpful: Supports,
    pub viewer_helpful: bool,
}

/// `GET /api/v1/ideas/{id}/comments`: top-level comments oldest first, each with its
/// replies oldest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CommentList {
    pub items: Vec<CommentView>,
    pub next_cursor: Option<String>,
}

/// `POST /api/v1/ideas/{id}/comments`
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateComment {
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 5000))]
    pub body: String,
    /// The top-level comment this replies to.
    pub parent_id: Option<i64>,
}

/// `PATCH /api/v1/comments/{id}`
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateComment {
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 5000))]
    pub body: String,
}

/// `POST /api/v1/markdown/preview`: how a body will look, rendered and sanitised exactly
/// as it would be stored.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MarkdownPreview {
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 10000))]
    pub body: String,
}

/// The answer to a Markdown preview.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RenderedMarkdown {
    pub html: String,
}

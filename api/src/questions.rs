//! Questions to experts, their answers, relevance votes and helpful ratings, the
//! response-time promise, the experts' queue and in-app notifications.

use crate::{AuthorView, Supports};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub const QUESTION_TITLE_MIN_CHARS: usize = 10;
pub const QUESTION_TITLE_MAX_CHARS: usize = 140;
pub const QUESTION_BODY_MAX_CHARS: usize = 10_000;
pub const ANSWER_BODY_MAX_CHARS: usize = 10_000;
/// The response-time statistics look at questions asked in this many last days.
pub const STATS_WINDOW_DAYS: i64 = 90;

/// The orders of the questions list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum QuestionSort {
    /// Relevance votes weighed against age, as for ideas.
    #[default]
    Hot,
    /// Most relevant (most voted) first.
    Top,
    /// Newest first.
    New,
    /// Still waiting for an official answer, newest first.
    Unanswered,
}

impl QuestionSort {
    pub const ALL: [QuestionSort; 4] = [
        QuestionSort::Hot,
        QuestionSort::Top,
        QuestionSort::New,
        QuestionSort::Unanswered,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            QuestionSort::Hot => "hot",
            QuestionSort::Top => "top",
            QuestionSort::New => "new",
            QuestionSort::Unanswered => "unanswered",
        }
    }

    pub fn parse(s: &str) -> Option<QuestionSort> {
        QuestionSort::ALL.into_iter().find(|v| v.as_str() == s)
    }
}

/// An answer, as its question's page shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AnswerView {
    pub id: i64,
    pub question_id: i64,
    /// Rendered from Markdown and sanitised: safe to insert as HTML.
    pub body_html: String,
    pub body_markdown: String,
    pub author: AuthorView,
    /// Given by an expert of the question's theme on the bank's behalf.
    pub official: bool,
    /// Who found it helpful, in total and by segment.
    pub helpful: Supports,
    /// Who found it not helpful, in total and by segment.
    pub not_helpful: Supports,
    /// The signed-in person's rating: 1, -1, or null.
    pub viewer_vote: Option<i8>,
    /// Accepted by the asker.
    pub accepted: bool,
    pub created_at: DateTime<Utc>,
    pub edited_at: Option<DateTime<Utc>>,
    /// Set when moderation hid it (only its author and the team still see it).
    #[serde(default)]
    pub hidden: Option<crate::HiddenView>,
}

/// A question. In lists `answers` is empty; the question's page holds them all, in order:
/// accepted first, then official, then by confidence in their ratings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuestionView {
    pub id: i64,
    pub title: String,
    pub body_html: String,
    pub body_markdown: String,
    /// The theme's slug.
    pub theme: String,
    pub author: AuthorView,
    /// Relevance votes, in total and by segment.
    pub votes: Supports,
    pub viewer_voted: bool,
    /// Whether the signed-in person follows it.
    #[serde(default)]
    pub viewer_follows: bool,
    pub accepted_answer_id: Option<i64>,
    pub answer_count: u32,
    pub answers: Vec<AnswerView>,
    /// When the first official answer came; null while the question waits for one.
    pub answered_at: Option<DateTime<Utc>>,
    /// The theme's commitment: a first official answer is promised by then.
    pub due_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
    pub edited_at: Option<DateTime<Utc>>,
    pub editable_until: DateTime<Utc>,
    /// Set when moderation hid it (only its author and the team still see it).
    #[serde(default)]
    pub hidden: Option<crate::HiddenView>,
    /// No new answers while locked.
    #[serde(default)]
    pub locked: bool,
}

/// The query of `GET /api/v1/questions`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct QuestionQuery {
    /// `hot` (default), `top`, `new` or `unanswered`.
    pub sort: Option<QuestionSort>,
    /// A theme's slug.
    pub theme: Option<String>,
    /// `true`: only questions with an official answer; `false`: only those waiting.
    pub answered: Option<bool>,
    /// Words to search for; accents, case and plurals do not matter.
    pub q: Option<String>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Page size, 1 to 50 (default 20).
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 50))]
    pub limit: Option<u32>,
}

/// A page of questions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuestionList {
    pub items: Vec<QuestionView>,
    pub next_cursor: Option<String>,
}

/// `POST /api/v1/questions`
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateQuestion {
    #[cfg_attr(feature = "openapi", schema(min_length = 10, max_length = 140))]
    pub title: String,
    /// Markdown, up to 10,000 characters.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 10000))]
    pub body: String,
    /// A theme's slug.
    pub theme: String,
    /// Set once the asker has read the suggestion to use their adviser's private channel
    /// and still means a general question. Without it, a question that looks like a
    /// personal account matter is refused with `personal_matter`.
    #[serde(default)]
    pub general: bool,
}

/// `PATCH /api/v1/questions/{id}`: only the fields given change.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateQuestion {
    #[cfg_attr(feature = "openapi", schema(min_length = 10, max_length = 140))]
    pub title: Option<String>,
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 10000))]
    pub body: Option<String>,
    pub theme: Option<String>,
}

/// One suggestion of `GET /api/v1/questions/similar`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SimilarQuestion {
    pub id: i64,
    pub title: String,
    pub answered: bool,
    pub votes: u32,
}

/// `GET /api/v1/questions/similar`: questions like the one being typed, and whether it
/// looks like a personal account matter better taken to one's adviser.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SimilarQuestions {
    pub items: Vec<SimilarQuestion>,
    pub personal_matter: bool,
}

/// The answer to `PUT` and `DELETE /api/v1/questions/{id}/vote`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuestionVoteView {
    pub votes: Supports,
    pub viewer_voted: bool,
}

/// `POST /api/v1/questions/{id}/answers`
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateAnswer {
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 10000))]
    pub body: String,
    /// Omitted: official when the author is an expert of the question's theme. `true`
    /// from anyone else is refused; `false` lets an expert answer in their own name.
    pub official: Option<bool>,
}

/// `PATCH /api/v1/answers/{id}`
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateAnswer {
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 10000))]
    pub body: String,
}

/// `PUT /api/v1/answers/{id}/vote`
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RateAnswer {
    /// 1: helpful; -1: not helpful.
    pub value: i8,
}

/// The answer to `PUT` and `DELETE /api/v1/answers/{id}/vote`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RatingView {
    pub helpful: Supports,
    pub not_helpful: Supports,
    pub viewer_vote: Option<i8>,
}

/// `POST /api/v1/questions/{id}/accept`
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AcceptAnswer {
    /// An answer to this question, or null to accept none.
    pub answer_id: Option<i64>,
}

/// How a set of questions fared against their response-time commitment, over the
/// questions asked in the last 90 days.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResponseStats {
    /// Questions asked in the window.
    pub asked: u32,
    /// Of them, those with an official answer.
    pub answered: u32,
    /// Median hours from a question to its first official answer; null when none.
    pub median_hours: Option<f64>,
    /// Among the questions whose outcome is known (answered, or past their commitment),
    /// the share answered within the commitment, 0 to 1; null when none is known.
    pub within_commitment: Option<f64>,
    /// Questions waiting for an official answer now, whenever asked.
    pub waiting: u32,
    /// Of them, those past their commitment.
    pub overdue: u32,
}

/// One theme's response-time figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ThemeResponseStats {
    pub theme: String,
    /// The theme's public commitment, in hours.
    pub response_hours: u32,
    pub stats: ResponseStats,
}

/// `GET /api/v1/questions/stats`
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuestionStats {
    pub window_days: u32,
    pub overall: ResponseStats,
    pub themes: Vec<ThemeResponseStats>,
}

/// A question waiting in the experts' queue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QueueItem {
    pub id: i64,
    pub title: String,
    pub theme: String,
    pub author: AuthorView,
    pub votes: u32,
    pub answer_count: u32,
    pub created_at: DateTime<Utc>,
    pub due_at: DateTime<Utc>,
    /// Past its theme's commitment without an official answer.
    pub overdue: bool,
}

/// `GET /api/v1/experts/queue`: questions awaiting an official answer in the expert's
/// themes, oldest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExpertQueue {
    /// The expert's themes.
    pub themes: Vec<String>,
    pub items: Vec<QueueItem>,
    pub next_cursor: Option<String>,
}

wire_enum! {
    /// What a notification is about.
    pub enum NotificationKind {
        /// A question was asked in one of the expert's themes.
        QuestionAsked = "question_asked",
        /// A question the person asked or follows got an answer.
        QuestionAnswered = "question_answered",
        /// An idea the person wrote, supports or follows changed status.
        IdeaStatusChanged = "idea_status_changed",
        /// Somebody commented on an idea the person wrote or follows.
        IdeaCommented = "idea_commented",
        /// Somebody replied to the person's comment.
        CommentReplied = "comment_replied",
        /// A new idea in a theme the person follows.
        IdeaPosted = "idea_posted",
        /// A new question in a theme the person follows.
        QuestionPosted = "question_posted",
    }
}

wire_enum! {
    /// How a person wants one kind of notification by email (the app always shows it).
    pub enum Delivery {
        /// One email per notification, within minutes.
        Immediate = "immediate",
        /// Gathered in one email a day.
        Digest = "digest",
        /// No email.
        None = "none",
    }
}

impl NotificationKind {
    /// Whether `subject_id` is a question's id (otherwise an idea's).
    pub fn about_question(self) -> bool {
        matches!(
            self,
            NotificationKind::QuestionAsked
                | NotificationKind::QuestionAnswered
                | NotificationKind::QuestionPosted
        )
    }

    /// What a person gets by email until they choose: what concerns them directly at
    /// once, news of the themes and conversations they follow in the daily digest.
    pub fn default_delivery(self) -> Delivery {
        match self {
            NotificationKind::QuestionAsked
            | NotificationKind::QuestionAnswered
            | NotificationKind::IdeaStatusChanged
            | NotificationKind::CommentReplied => Delivery::Immediate,
            NotificationKind::IdeaCommented
            | NotificationKind::IdeaPosted
            | NotificationKind::QuestionPosted => Delivery::Digest,
        }
    }
}

/// One notification; `subject_id` is the question's or the idea's id, by `kind`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NotificationView {
    pub id: i64,
    pub kind: NotificationKind,
    pub subject_id: i64,
    /// The subject's title when the notification was made.
    pub title: String,
    pub created_at: DateTime<Utc>,
    pub read: bool,
}

/// `GET /api/v1/notifications`: the latest 50, newest first, and the unread count.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NotificationList {
    pub items: Vec<NotificationView>,
    pub unread: u32,
}

/// `POST /api/v1/notifications/read`
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MarkRead {
    /// These notifications; omitted, all of them.
    pub ids: Option<Vec<i64>>,
}

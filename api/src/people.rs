//! People: public profiles, settings, follows, the personal home, unsubscribe links
//! and the personal-data routes (export, account deletion).

use crate::{AuthorView, Delivery, IdeaStatus, NotificationKind, NotificationView};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub const BIO_MAX_CHARS: usize = 500;
/// The largest avatar upload accepted, in bytes.
pub const AVATAR_MAX_BYTES: usize = 2 * 1024 * 1024;
/// The side of the square avatar the server stores, in pixels.
pub const AVATAR_SIDE: u32 = 256;

wire_enum! {
    /// What can be followed.
    pub enum FollowTarget {
        Idea = "idea",
        Question = "question",
        Theme = "theme",
    }
}

/// The answer to `PUT` and `DELETE …/follow`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FollowView {
    pub following: bool,
}

/// How a person appears: initials on a colour, or their uploaded picture.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AvatarView {
    /// Up to two letters from the display name.
    pub initials: String,
    /// A background colour chosen from the person's id (`#rrggbb`, white text reads on it).
    pub color: String,
    /// The uploaded picture (a PNG the server re-encoded), if any.
    pub url: Option<String>,
}

/// Reputation: what others gave to what the person wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Reputation {
    /// Supports on their ideas.
    pub supports: u32,
    /// Relevance votes on their questions.
    pub question_votes: u32,
    /// "Helpful" ratings on their answers.
    pub helpful: u32,
    /// The sum of the three.
    pub total: u32,
}

/// One contribution in a profile's activity: it links to `subject_id` (an idea or a
/// question, by the list it is in) and shows that subject's title.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActivityItem {
    pub subject_id: i64,
    pub title: String,
    pub created_at: DateTime<Utc>,
}

/// A list of contributions: the latest ten, and how many there are in all.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActivityList {
    pub total: u32,
    pub latest: Vec<ActivityItem>,
}

/// `GET /api/v1/people/{id}`: a public profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProfileView {
    /// Name and badges, as beside what they write.
    pub person: AuthorView,
    pub bio: String,
    pub avatar: AvatarView,
    /// The slugs of the themes they answer in as an expert.
    pub expert_themes: Vec<String>,
    pub member_since: DateTime<Utc>,
    pub reputation: Reputation,
    pub ideas: ActivityList,
    pub questions: ActivityList,
    /// Their answers: subjects are questions.
    pub answers: ActivityList,
    /// Their comments: subjects are ideas.
    pub comments: ActivityList,
}

/// One notification preference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NotificationPref {
    pub kind: NotificationKind,
    pub delivery: Delivery,
}

/// `GET /api/v1/me/settings`: what the person can change about their account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Settings {
    pub display_name: String,
    pub bio: String,
    /// `fr` or `en`: the language of their emails (and of the site when they sign in).
    pub locale: String,
    pub avatar: AvatarView,
    /// Every kind, with the person's choice or the default.
    pub notifications: Vec<NotificationPref>,
    /// The slugs of the themes they follow.
    pub themes: Vec<String>,
    /// Whether the account is linked to an identity at the bank (sign-in with the bank).
    #[serde(default)]
    pub bank_linked: bool,
}

/// `PATCH /api/v1/me/settings`: only what is given changes.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateSettings {
    #[cfg_attr(feature = "openapi", schema(min_length = 2, max_length = 60))]
    pub display_name: Option<String>,
    #[cfg_attr(feature = "openapi", schema(max_length = 500))]
    pub bio: Option<String>,
    pub locale: Option<String>,
    pub notifications: Option<Vec<NotificationPref>>,
    /// The complete set of followed themes, by slug.
    pub themes: Option<Vec<String>>,
}

/// Something new in a followed theme, on the personal home.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HomeItem {
    /// `idea` or `question`.
    pub kind: FollowTarget,
    pub id: i64,
    pub title: String,
    /// The theme's slug.
    pub theme: String,
    pub author: AuthorView,
    /// An idea's status (null for questions).
    pub status: Option<IdeaStatus>,
    pub created_at: DateTime<Utc>,
}

/// One of the person's questions still waiting for an accepted answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OpenQuestion {
    pub id: i64,
    pub title: String,
    pub answer_count: u32,
    /// Whether an expert has answered officially.
    pub answered: bool,
    pub due_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
}

/// `GET /api/v1/me/home`: the personal home.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HomeView {
    /// The slugs of the followed themes.
    pub themes: Vec<String>,
    /// The latest ideas and questions in those themes, newest first.
    pub fresh: Vec<HomeItem>,
    /// The latest updates on what they follow (their notifications).
    pub updates: Vec<NotificationView>,
    pub open_questions: Vec<OpenQuestion>,
}

/// `POST /api/v1/me/delete`
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeleteAccount {
    pub password: String,
}

/// `POST /api/v1/unsubscribe`: the token from an email's link.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Unsubscribe {
    pub token: String,
}

/// `POST /api/v1/unsubscribe?token=…` from a mail client (RFC 8058's one-click
/// unsubscribe): a form whose one field says so; the token is in the address.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OneClickUnsubscribe {
    #[serde(rename = "List-Unsubscribe")]
    #[cfg_attr(feature = "openapi", schema(example = "One-Click"))]
    pub list_unsubscribe: String,
}

/// What an unsubscribe link stopped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Unsubscribed {
    /// The kinds that no longer send email.
    pub kinds: Vec<NotificationKind>,
}

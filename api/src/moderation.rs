//! Reports, the moderation console (queue, actions on content, people, themes) and the
//! audit log.

use crate::{AuthorView, IdeaStatus, Localized, Role, ThemeView};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub const REPORT_DETAILS_MAX_CHARS: usize = 1_000;
pub const MODERATION_REASON_MAX_CHARS: usize = 1_000;

wire_enum! {
    /// What a report or a moderation action is about.
    pub enum TargetType {
        Idea = "idea",
        Comment = "comment",
        Question = "question",
        Answer = "answer",
        /// A person (roles, client verification).
        Person = "person",
        Theme = "theme",
    }
}

impl TargetType {
    /// Content people write, which can be reported and hidden.
    pub fn is_content(self) -> bool {
        matches!(
            self,
            TargetType::Idea | TargetType::Comment | TargetType::Question | TargetType::Answer
        )
    }

    /// A thread that can be locked.
    pub fn is_thread(self) -> bool {
        matches!(self, TargetType::Idea | TargetType::Question)
    }
}

wire_enum! {
    /// Why something is reported.
    pub enum ReportReason {
        Spam = "spam",
        Abuse = "abuse",
        PersonalData = "personal_data",
        OffTopic = "off_topic",
        /// Says why in `details` (required then).
        Other = "other",
    }
}

wire_enum! {
    /// What a staff member did, as the audit log names it.
    pub enum AuditAction {
        StatusChanged = "status_changed",
        IdeaMerged = "idea_merged",
        IdeaUnmerged = "idea_unmerged",
        ContentHidden = "content_hidden",
        ContentRestored = "content_restored",
        ThreadLocked = "thread_locked",
        ThreadUnlocked = "thread_unlocked",
        ReportsDismissed = "reports_dismissed",
        ClientVerified = "client_verified",
        ClientUnverified = "client_unverified",
        RoleGranted = "role_granted",
        RoleRevoked = "role_revoked",
        ExpertThemesSet = "expert_themes_set",
        ThemeCreated = "theme_created",
        ThemeUpdated = "theme_updated",
        IdeasExported = "ideas_exported",
        TwoFactorEnabled = "two_factor_enabled",
        TwoFactorDisabled = "two_factor_disabled",
    }
}

/// `POST /api/v1/reports`
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateReport {
    /// `idea`, `comment`, `question` or `answer`.
    pub target_type: TargetType,
    pub target_id: i64,
    pub reason: ReportReason,
    /// Plain text, up to 1,000 characters; required when the reason is `other`.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 1000))]
    pub details: Option<String>,
}

/// A report, as its author and the moderators see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportView {
    pub id: i64,
    pub target_type: TargetType,
    pub target_id: i64,
    pub reason: ReportReason,
    pub details: String,
    pub reporter: AuthorView,
    pub open: bool,
    /// `hidden`, `dismissed` or `null` while open.
    pub resolution: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// Why moderation hid something; the reason is shown to the author and the team only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HiddenView {
    /// `null` for everyone but the author and the team.
    pub reason: Option<String>,
    pub at: DateTime<Utc>,
}

/// The piece of content a report or an action is about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContentSummary {
    pub target_type: TargetType,
    pub target_id: i64,
    /// The idea's or question's title (the thread's, for a comment or an answer).
    pub title: String,
    /// Sanitised HTML of the content itself.
    pub body_html: String,
    pub author: AuthorView,
    /// Where the content is read in the web app.
    pub path: String,
    pub hidden: Option<HiddenView>,
    /// Whether the thread (idea or question) is locked.
    pub locked: bool,
    /// An idea's status (ideas only).
    pub status: Option<IdeaStatus>,
    /// The idea it is merged into (duplicates only).
    pub merged_into: Option<i64>,
    pub created_at: DateTime<Utc>,
}

/// How many open reports give one reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReasonCount {
    pub reason: ReportReason,
    pub count: u32,
}

/// One reported item of the moderation queue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportedItem {
    pub content: ContentSummary,
    pub open_reports: u32,
    pub reasons: Vec<ReasonCount>,
    pub first_reported_at: DateTime<Utc>,
}

/// `GET /api/v1/moderation/queue`: items with open reports, most reported first, then
/// the longest waiting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ModerationQueue {
    pub items: Vec<ReportedItem>,
    /// Open reports in all, even beyond the items listed.
    pub open_reports: u32,
}

/// `GET /api/v1/moderation/items/{type}/{id}`: the content, its reports and its audit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ModerationItem {
    pub content: ContentSummary,
    pub reports: Vec<ReportView>,
    pub audit: Vec<AuditEntry>,
}

/// The reason a moderator gives for an action (required; kept in the audit log, and
/// shown to the author when content is hidden).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ModerationReason {
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 1000))]
    pub reason: String,
}

/// `POST /api/v1/moderation/items/{type}/{id}/lock`
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SetLock {
    pub locked: bool,
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 1000))]
    pub reason: String,
}

/// `POST /api/v1/moderation/people/search`: a display name, or an exact email address
/// (sent in a body, so it never appears in an address or a log).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PeopleSearch {
    pub q: String,
}

/// A person, as the console shows them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonView {
    pub id: i64,
    pub display_name: String,
    pub email: String,
    pub roles: Vec<Role>,
    pub is_client: bool,
    /// The themes they answer in as an expert (slugs).
    pub expert_themes: Vec<String>,
    pub created_at: DateTime<Utc>,
}

/// `POST /api/v1/moderation/people/search`: at most 50 people.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PeopleList {
    pub items: Vec<PersonView>,
}

/// `POST /api/v1/moderation/people/{id}/roles`: `client` and `expert` by moderators,
/// `moderator` and `admin` by admins only.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SetRole {
    pub role: Role,
    pub granted: bool,
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 1000))]
    pub reason: String,
}

/// `PUT /api/v1/moderation/people/{id}/themes`: the themes an expert answers in.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SetExpertThemes {
    /// Theme slugs; empty clears them.
    pub themes: Vec<String>,
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 1000))]
    pub reason: String,
}

/// A theme, as the console manages it: what the public sees, and the rest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ThemeAdminView {
    pub id: i64,
    #[serde(flatten)]
    pub theme: ThemeView,
    pub position: i32,
    pub archived: bool,
}

/// `POST /api/v1/moderation/themes`
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateTheme {
    /// Lower-case letters, digits and dashes, 2 to 40 characters.
    pub slug: String,
    pub name: Localized,
    pub description: Localized,
    /// Hours to a first official answer, 1 to 720.
    pub response_hours: u32,
}

/// `PATCH /api/v1/moderation/themes/{id}`: only the fields given change.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateTheme {
    pub name: Option<Localized>,
    pub description: Option<Localized>,
    pub response_hours: Option<u32>,
    /// Where the theme is listed, 0 to 999 (lower first).
    pub position: Option<i32>,
    pub archived: Option<bool>,
}

pub const THEME_SLUG_MIN_CHARS: usize = 2;
pub const THEME_SLUG_MAX_CHARS: usize = 40;
pub const THEME_NAME_MAX_CHARS: usize = 80;
pub const THEME_DESCRIPTION_MAX_CHARS: usize = 500;
pub const RESPONSE_HOURS_MAX: u32 = 720;

/// One entry of the audit log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    pub id: i64,
    pub actor: AuthorView,
    pub action: AuditAction,
    pub target_type: TargetType,
    pub target_id: i64,
    pub reason: String,
    /// What changed, in a few words (the new status, the role, the themes…).
    pub details: String,
    pub at: DateTime<Utc>,
}

/// The query of `GET /api/v1/moderation/audit`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct AuditQuery {
    pub action: Option<AuditAction>,
    /// The staff member's id.
    pub actor: Option<i64>,
    pub target_type: Option<TargetType>,
    pub target_id: Option<i64>,
    pub cursor: Option<String>,
    /// Page size, 1 to 50 (default 20).
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 50))]
    pub limit: Option<u32>,
}

/// `GET /api/v1/moderation/audit`: newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditList {
    pub items: Vec<AuditEntry>,
    pub next_cursor: Option<String>,
}

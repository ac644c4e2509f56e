//! Follow-up: how an idea's status may change, its public timeline, merged duplicates,
//! and the figures of "You said, we did".

use crate::{IdeaStatus, QuestionStats};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub const EXPLANATION_MAX_CHARS: usize = 5_000;
pub const SKIP_REASON_MAX_CHARS: usize = 1_000;
/// How many of the longest-waiting ideas the figures list.
pub const WAITING_LISTED: usize = 10;

/// Whether a status may follow another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transition {
    Allowed,
    /// Allowed with a reason for skipping "planned" and "in progress".
    NeedsSkipReason,
    Refused,
}

impl IdeaStatus {
    /// The rule the server enforces and the console offers. Nothing goes back to `new`;
    /// `duplicate` is entered and left only by merging and un-merging; `launched` comes
    /// after `planned` or `in_progress`, or with a reason why not; a launch may reopen as
    /// `in_progress`; a declined idea may be reconsidered.
    pub fn transition_to(self, to: IdeaStatus) -> Transition {
        use IdeaStatus::*;
        match (self, to) {
            (Duplicate, _) | (_, Duplicate) | (_, New) => Transition::Refused,
            (from, to) if from == to => Transition::Refused,
            (Planned | InProgress, Launched) => Transition::Allowed,
            (New | UnderReview | Declined, Launched) => Transition::NeedsSkipReason,
            (New, UnderReview | Planned | InProgress | Declined)
            | (UnderReview, Planned | InProgress | Declined)
            | (Planned, UnderReview | InProgress | Declined)
            | (InProgress, Planned | Declined)
            | (Launched, InProgress)
            | (Declined, UnderReview | Planned) => Transition::Allowed,
            _ => Transition::Refused,
        }
    }

    /// The statuses that may follow this one, in display order.
    pub fn next_statuses(self) -> Vec<IdeaStatus> {
        IdeaStatus::ALL
            .into_iter()
            .filter(|to| self.transition_to(*to) != Transition::Refused)
            .collect()
    }
}

/// `POST /api/v1/ideas/{id}/status`
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChangeStatus {
    pub status: IdeaStatus,
    /// The public explanation, in Markdown (required).
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 5000))]
    pub explanation: String,
    /// Why the idea goes to `launched` without passing through `planned` or
    /// `in_progress` (required then, refused otherwise).
    #[serde(default)]
    pub skip_reason: Option<String>,
}

/// `POST /api/v1/moderation/ideas/{id}/merge`: this idea is a duplicate of `into`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MergeIdea {
    pub into: i64,
    /// The public explanation, in Markdown (required).
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 5000))]
    pub explanation: String,
}

/// `POST /api/v1/moderation/ideas/{id}/unmerge`
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnmergeIdea {
    /// The public explanation, in Markdown (required).
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 5000))]
    pub explanation: String,
}

/// Who made a change, as the public sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ByView {
    pub display_name: String,
}

/// One status change of an idea: a step of its public timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FollowUpView {
    pub id: i64,
    pub idea_id: i64,
    pub idea_title: String,
    /// The idea's theme slug.
    pub theme: String,
    pub from_status: IdeaStatus,
    pub status: IdeaStatus,
    /// Sanitised HTML: safe to insert.
    pub explanation_html: String,
    /// Why the idea skipped "planned" and "in progress" (plain text).
    pub skip_reason: Option<String>,
    /// The idea it was merged into, for a merge.
    pub merged_into: Option<i64>,
    pub by: ByView,
    pub at: DateTime<Utc>,
}

/// The query of `GET /api/v1/follow-ups`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct FollowUpQuery {
    /// Only changes to this status.
    pub status: Option<IdeaStatus>,
    /// A theme's slug.
    pub theme: Option<String>,
    pub cursor: Option<String>,
    /// Page size, 1 to 50 (default 20).
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 50))]
    pub limit: Option<u32>,
}

/// `GET /api/v1/follow-ups`: the latest status changes, newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FollowUpList {
    pub items: Vec<FollowUpView>,
    pub next_cursor: Option<String>,
}

/// Another idea, named on an idea's page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IdeaRef {
    pub id: i64,
    pub title: String,
    pub status: IdeaStatus,
    pub comment_count: u32,
}

/// `GET /api/v1/ideas/{id}/follow-ups`: the idea's timeline, oldest first, the idea it
/// was merged into and the ideas merged into it (whose comments stay on them).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IdeaTimeline {
    pub items: Vec<FollowUpView>,
    pub merged_into: Option<IdeaRef>,
    pub merged: Vec<IdeaRef>,
}

/// How many ideas have a status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatusCount {
    pub status: IdeaStatus,
    pub count: u32,
}

/// Time from submission to the team's first status change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FirstResponse {
    /// Median hours, over the ideas answered; `null` when none is.
    pub median_hours: Option<f64>,
    /// Ideas that got a first response.
    pub responded: u32,
    /// Ideas still waiting for one.
    pub waiting: u32,
}

/// The same, for one theme.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ThemeFirstResponse {
    pub theme: String,
    #[serde(flatten)]
    pub response: FirstResponse,
}

/// An idea still waiting for the team's first response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WaitingIdea {
    pub id: i64,
    pub title: String,
    pub theme: String,
    pub created_at: DateTime<Utc>,
}

/// The ideas' figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IdeaStats {
    /// Every status, in workflow order, with its count of visible ideas.
    pub by_status: Vec<StatusCount>,
    pub first_response: FirstResponse,
    /// Per active theme, in the team's order.
    pub themes: Vec<ThemeFirstResponse>,
    /// The longest-waiting ideas, oldest first (at most 10).
    pub oldest_waiting: Vec<WaitingIdea>,
}

/// `GET /api/v1/stats`: the public accountability figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Stats {
    pub ideas: IdeaStats,
    pub questions: QuestionStats,
}

#[cfg(test)]
mod tests {
    use super::*;
    use IdeaStatus::*;

    #[test]
    fn duplicate_is_entered_and_left_only_by_merging() {
        for status in IdeaStatus::ALL {
            assert_eq!(status.transition_to(Duplicate), Transition::Refused);
            assert_eq!(Duplicate.transition_to(status), Transition::Refused);
        }
    }

    #[test]
    fn launched_follows_planned_or_in_progress_or_needs_a_reason() {
        assert_eq!(Planned.transition_to(Launched), Transition::Allowed);
        assert_eq!(InProgress.transition_to(Launched), Transition::Allowed);
        for from in [New, UnderReview, Declined] {
            assert_eq!(from.transition_to(Launched), Transition::NeedsSkipReason);
        }
    }

    #[test]
    fn nothing_returns_to_new_or_stays_where_it_is() {
        for status in IdeaStatus::ALL {
            assert_eq!(status.transition_to(New), Transition::Refused);
            assert_eq!(status.transition_to(status), Transition::Refused);
        }
    }

    #[test]
    fn next_statuses_list_what_the_rule_allows() {
        assert_eq!(
            New.next_statuses(),
            vec![UnderReview, Planned, InProgress, Launched, Declined]
        );
        assert_eq!(Launched.next_statuses(), vec![InProgress]);
        assert!(Duplicate.next_statuses().is_empty());
    }
}

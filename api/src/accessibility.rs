//! Accessibility problems, reported from the accessibility statement and resolved by the
//! team in the console.

use crate::AuthorView;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub const ACCESSIBILITY_PAGE_MAX_CHARS: usize = 200;
pub const ACCESSIBILITY_DESCRIPTION_MIN_CHARS: usize = 10;
pub const ACCESSIBILITY_DESCRIPTION_MAX_CHARS: usize = 2_000;

/// `POST /api/v1/accessibility/problems`: anyone, signed in or not.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportAccessibilityProblem {
    /// The page it happened on: its address, or a few words.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub page: String,
    /// What happened, and with what (browser, screen reader, zoom…). Plain text.
    #[cfg_attr(feature = "openapi", schema(min_length = 10, max_length = 2000))]
    pub description: String,
}

/// A reported accessibility problem, as the team sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccessibilityProblemView {
    pub id: i64,
    pub page: String,
    pub description: String,
    /// Null when a visitor reported it.
    pub reporter: Option<AuthorView>,
    pub created_at: DateTime<Utc>,
    /// Null while open.
    pub resolved_at: Option<DateTime<Utc>>,
}

/// `GET /api/v1/moderation/accessibility`: the open problems, oldest first, then the
/// last ones resolved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccessibilityProblems {
    pub open: Vec<AccessibilityProblemView>,
    pub resolved: Vec<AccessibilityProblemView>,
}

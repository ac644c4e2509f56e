//! Themes and their public response-time commitments.

use serde::{Deserialize, Serialize};

/// A text in each language the site speaks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Localized {
    pub fr: String,
    pub en: String,
}

/// `GET /api/v1/themes`: one theme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ThemeView {
    pub slug: String,
    pub name: Localized,
    pub description: Localized,
    /// The bank's public promise: hours to a first official answer.
    pub response_hours: u32,
}

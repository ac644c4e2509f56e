//! The public themes (`/api/v1/themes`).

use super::*;

/// Every active theme with its response-time commitment.
pub async fn themes() -> ApiResult<Vec<ThemeView>> {
    get_json("/api/v1/themes").await
}

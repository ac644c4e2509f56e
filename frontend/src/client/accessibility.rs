//! Accessibility problems people report (`/api/v1/accessibility`).

use super::*;

/// Anyone, signed in or not, reports an accessibility problem.
pub async fn report_accessibility_problem(
    body: ReportAccessibilityProblem,
) -> ApiResult<AccessibilityProblemView> {
    send_json(Request::post("/api/v1/accessibility/problems"), &body).await
}

pub async fn accessibility_problems() -> ApiResult<AccessibilityProblems> {
    get_json("/api/v1/moderation/accessibility").await
}

pub async fn resolve_accessibility_problem(id: i64) -> ApiResult<AccessibilityProblemView> {
    fetch_json(Request::post(&format!(
        "/api/v1/moderation/accessibility/{id}/resolve"
    )))
    .await
}

//! Accessibility problems: `POST /api/v1/accessibility/problems` for anyone, signed in or
//! not; the list and resolution under `/api/v1/moderation/accessibility` for the team.

use crate::accessibility;
use crate::platform::auth::CurrentUser;
use crate::platform::auth::Moderator;
use crate::platform::error::ApiResult;
use crate::platform::limits::Action;
use crate::platform::respond::{ok, private};
use crate::platform::state::AppState;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use api::{AccessibilityProblemView, AccessibilityProblems, Problem, ReportAccessibilityProblem};

/// Reports an accessibility problem to the team. No account needed: the problem may be
/// what keeps the person from signing in. Limited like content reports.
#[utoipa::path(tag = "accessibility",
    request_body = ReportAccessibilityProblem,
    responses(
        (status = 403, description = "Cross-site request", body = Problem),
        (status = 201, description = "Reported", body = AccessibilityProblemView),
        (status = 422, description = "Missing, too short or too long page or description", body = Problem),
        (status = 429, description = "Too many requests: wait `Retry-After` seconds", body = Problem),
    ))]
#[post("/accessibility/problems")]
pub async fn report_problem(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Option<CurrentUser>,
    body: web::Json<ReportAccessibilityProblem>,
) -> ApiResult<HttpResponse> {
    state
        .limits
        .check(&req, Action::Report, viewer.as_ref())
        .await?;
    let problem = accessibility::report(&state.db, viewer.as_ref(), body.into_inner()).await?;
    Ok(private(StatusCode::CREATED, &problem))
}

/// The open problems, oldest first, and the last 20 resolved.
#[utoipa::path(tag = "moderation",
    responses(
        (status = 200, description = "The problems", body = AccessibilityProblems),
        (status = 403, description = "Not a moderator", body = Problem),
    ),
    security(("cookie" = []), ("bearer" = [])))]
#[get("/moderation/accessibility")]
pub async fn list_problems(state: web::Data<AppState>, _: Moderator) -> ApiResult<HttpResponse> {
    Ok(ok(&accessibility::list(&state.db).await?))
}

/// Marks a problem resolved.
#[utoipa::path(tag = "moderation",
    params(("id" = i64, Path, description = "The problem's id")),
    responses(
        (status = 200, description = "Resolved", body = AccessibilityProblemView),
        (status = 403, description = "Not a moderator, or a cross-site request", body = Problem),
        (status = 404, description = "No such problem", body = Problem),
    ),
    security(("cookie" = []), ("bearer" = [])))]
#[post("/moderation/accessibility/{id:[0-9]+}/resolve")]
pub async fn resolve_problem(
    state: web::Data<AppState>,
    Moderator(moderator): Moderator,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    Ok(ok(&accessibility::resolve(
        &state.db,
        &moderator,
        id.into_inner(),
    )
    .await?))
}

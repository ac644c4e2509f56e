//! `POST /api/v1/reports`: anyone signed in flags content for the team.

use crate::console::reports;
use crate::platform::auth::CurrentUser;
use crate::platform::error::ApiResult;
use crate::platform::limits::Action;
use crate::platform::state::AppState;
use actix_web::{HttpRequest, HttpResponse, post, web};
use api::{CreateReport, Problem, ReportView};

/// Reports an idea, a comment, a question or an answer; one open report per person and
/// item.
#[utoipa::path(tag = "moderation", request_body = CreateReport,
    responses(
        (status = 429, description = "Too many requests: wait `Retry-After` seconds", body = Problem),
        (status = 201, description = "Reported", body = ReportView),
        (status = 400, description = "Malformed body, unknown type or reason", body = Problem),
        (status = 409, description = "Already reported by this person", body = Problem),
        (status = 422, description = "No such content, or missing or invalid details", body = Problem),
    ),
    security(("cookie" = []), ("bearer" = [])))]
#[post("/reports")]
pub async fn create_report(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
    body: web::Json<CreateReport>,
) -> ApiResult<HttpResponse> {
    state
        .limits
        .check(&req, Action::Report, Some(&user))
        .await?;
    Ok(HttpResponse::Created().json(reports::create(&state.db, &user, body.into_inner()).await?))
}

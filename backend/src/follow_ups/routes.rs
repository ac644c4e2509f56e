//! Public accountability: an idea's status changes (`POST /api/v1/ideas/{id}/status` by
//! the team), its timeline, the latest decisions and the figures.

use crate::follow_ups;
use crate::platform::auth::CurrentUser;
use crate::platform::auth::Moderator;
use crate::platform::error::ApiResult;
use crate::platform::state::AppState;
use actix_web::{HttpResponse, get, post, web};
use api::{ChangeStatus, FollowUpList, FollowUpQuery, FollowUpView, IdeaTimeline, Problem, Stats};

/// Changes an idea's status with a public explanation (the team only). The workflow:
/// nothing returns to `new`; `duplicate` is entered and left by merging; `launched`
/// follows `planned` or `in_progress`, or needs `skip_reason`.
#[utoipa::path(tag = "follow-up",
    params(("id" = i64, Path, description = "The idea's id")),
    request_body = ChangeStatus,
    responses(
        (status = 201, description = "The new step of the idea's timeline", body = FollowUpView),
        (status = 400, description = "Malformed body or unknown status", body = Problem),
        (status = 403, description = "Not on the team, or a cross-site request", body = Problem),
        (status = 404, description = "No such idea", body = Problem),
        (status = 409, description = "The status cannot follow the current one", body = Problem),
        (status = 422, description = "Missing or invalid explanation or skip reason", body = Problem),
    ),
    security(("cookie" = []), ("bearer" = [])))]
#[post("/ideas/{id:[0-9]+}/status")]
pub async fn change_status(
    state: web::Data<AppState>,
    Moderator(moderator): Moderator,
    id: web::Path<i64>,
    body: web::Json<ChangeStatus>,
) -> ApiResult<HttpResponse> {
    let change = follow_ups::change_status(&state.db, &moderator, *id, body.into_inner()).await?;
    Ok(HttpResponse::Created().json(change))
}

/// An idea's timeline, oldest first, with the idea it was merged into and the ideas
/// merged into it.
#[utoipa::path(tag = "follow-up",
    params(("id" = i64, Path, description = "The idea's id")),
    responses(
        (status = 200, description = "The timeline", body = IdeaTimeline),
        (status = 404, description = "No such idea", body = Problem),
    ))]
#[get("/ideas/{id:[0-9]+}/follow-ups")]
pub async fn idea_timeline(
    state: web::Data<AppState>,
    viewer: Option<CurrentUser>,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(follow_ups::timeline(&state.db, viewer.as_ref(), *id).await?))
}

/// The latest decisions on ideas, newest first ("You said, we did").
#[utoipa::path(tag = "follow-up", params(FollowUpQuery),
    responses(
        (status = 200, description = "A page of status changes", body = FollowUpList),
        (status = 400, description = "Malformed query (unknown status)", body = Problem),
        (status = 422, description = "Unknown theme or invalid cursor", body = Problem),
    ))]
#[get("/follow-ups")]
pub async fn list_follow_ups(
    state: web::Data<AppState>,
    query: web::Query<FollowUpQuery>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(follow_ups::list(&state.db, query.into_inner()).await?))
}

/// The public figures: ideas by status, time to a first response (overall and by
/// theme), the longest-waiting ideas, and the questions' response-time promise.
#[utoipa::path(tag = "follow-up",
    responses((status = 200, description = "The figures", body = Stats)))]
#[get("/stats")]
pub async fn stats(state: web::Data<AppState>) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(follow_ups::figures::stats(&state.db).await?))
}

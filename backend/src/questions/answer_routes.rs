//! `/api/v1/answers/{id}`: editing an answer and rating it helpful or not.

use crate::platform::auth::CurrentUser;
use crate::platform::error::ApiResult;
use crate::platform::limits::Action;
use crate::platform::state::AppState;
use crate::questions::answers;
use actix_web::{HttpRequest, HttpResponse, delete, patch, put, web};
use api::{AnswerView, Problem, RateAnswer, RatingView, UpdateAnswer};

/// Edits one's answer; it then shows as edited.
#[utoipa::path(tag = "answers", request_body = UpdateAnswer,
    params(("id" = i64, Path, description = "The answer's id")),
    responses(
        (status = 200, description = "Edited", body = AnswerView),
        (status = 403, description = "Not the author, or cross-site request", body = Problem),
        (status = 404, description = "No such answer", body = Problem),
        (status = 422, description = "Invalid body", body = Problem),
    ),
    security(("cookie" = []), ("bearer" = [])))]
#[patch("/answers/{id:[0-9]+}")]
pub async fn update_answer(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i64>,
    body: web::Json<UpdateAnswer>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(answers::update(&state.db, &user, *id, body.into_inner()).await?))
}

/// Rates an answer helpful (`1`) or not helpful (`-1`); rating again changes the rating.
#[utoipa::path(tag = "answers", request_body = RateAnswer,
    params(("id" = i64, Path, description = "The answer's id")),
    responses(
        (status = 429, description = "Too many requests: wait `Retry-After` seconds", body = Problem),
        (status = 200, description = "Rated; the new counts", body = RatingView),
        (status = 403, description = "One's own answer, or cross-site request", body = Problem),
        (status = 404, description = "No such answer", body = Problem),
        (status = 422, description = "A value other than 1 or -1", body = Problem),
    ),
    security(("cookie" = []), ("bearer" = [])))]
#[put("/answers/{id:[0-9]+}/vote")]
pub async fn rate_answer(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i64>,
    body: web::Json<RateAnswer>,
) -> ApiResult<HttpResponse> {
    state.limits.check(&req, Action::Vote, Some(&user)).await?;
    Ok(HttpResponse::Ok().json(answers::rate(&state.db, &user, *id, body.into_inner()).await?))
}

/// Withdraws one's rating (idempotent).
#[utoipa::path(tag = "answers",
    params(("id" = i64, Path, description = "The answer's id")),
    responses(
        (status = 429, description = "Too many requests: wait `Retry-After` seconds", body = Problem),
        (status = 200, description = "Withdrawn; the new counts", body = RatingView),
        (status = 404, description = "No such answer", body = Problem),
    ),
    security(("cookie" = []), ("bearer" = [])))]
#[delete("/answers/{id:[0-9]+}/vote")]
pub async fn unrate_answer(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    state.limits.check(&req, Action::Vote, Some(&user)).await?;
    Ok(HttpResponse::Ok().json(answers::unrate(&state.db, &user, *id).await?))
}

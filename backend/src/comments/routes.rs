//! `/api/v1/comments/{id}`: editing and deleting one's comment, marking others' helpful;
//! `/api/v1/ideas/{id}/comments`: an idea's comments.

use crate::comments;
use crate::platform::auth::CurrentUser;
use crate::platform::error::ApiResult;
use crate::platform::limits::Action;
use crate::platform::state::AppState;
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, put, web};
use api::{CommentList, CommentView, CommentVoteView, CreateComment, Problem, UpdateComment};

/// Edits one's comment within 30 minutes of posting it.
#[utoipa::path(tag = "comments",
    request_body = UpdateComment,
    params(("id" = i64, Path, description = "The comment's id")),
    responses(
        (status = 200, description = "Edited", body = CommentView),
        (status = 403, description = "Not the author, or cross-site request", body = Problem),
        (status = 404, description = "No such comment", body = Problem),
        (status = 409, description = "The edit window is over", body = Problem),
        (status = 422, description = "Invalid body", body = Problem),
    ),
    security(("cookie" = []), ("bearer" = [])))]
#[patch("/comments/{id:[0-9]+}")]
pub async fn update_comment(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i64>,
    body: web::Json<UpdateComment>,
) -> ApiResult<HttpResponse> {
    let comment = comments::update(&state.db, &user, *id, body.into_inner()).await?;
    Ok(HttpResponse::Ok().json(comment))
}

/// Deletes one's comment; with replies, it stays as "deleted".
#[utoipa::path(tag = "comments",
    params(("id" = i64, Path, description = "The comment's id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, description = "Not the author, or cross-site request", body = Problem),
        (status = 404, description = "No such comment", body = Problem),
    ),
    security(("cookie" = []), ("bearer" = [])))]
#[delete("/comments/{id:[0-9]+}")]
pub async fn delete_comment(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    comments::delete(&state.db, &user, *id).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The comments of an idea: top-level ones oldest first, each with its replies.
#[utoipa::path(tag = "comments",
    params(("id" = i64, Path, description = "The idea's id")),
    responses(
        (status = 200, description = "The comments", body = CommentList),
        (status = 404, description = "No such idea", body = Problem),
    ))]
#[get("/ideas/{id:[0-9]+}/comments")]
pub async fn list_comments(
    state: web::Data<AppState>,
    viewer: Option<CurrentUser>,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(comments::list(&state.db, viewer.as_ref(), *id).await?))
}

/// Comments on an idea, or replies to one of its top-level comments.
#[utoipa::path(tag = "comments",
    request_body = CreateComment,
    params(("id" = i64, Path, description = "The idea's id")),
    responses(
        (status = 429, description = "Too many requests: wait `Retry-After` seconds", body = Problem),
        (status = 201, description = "Posted", body = CommentView),
        (status = 404, description = "No such idea", body = Problem),
        (status = 409, description = "The idea is locked (`thread_locked`) or merged into another one (`idea_merged`)", body = Problem),
        (status = 422, description = "Invalid body or parent", body = Problem),
    ),
    security(("cookie" = []), ("bearer" = [])))]
#[post("/ideas/{id:[0-9]+}/comments")]
pub async fn create_comment(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i64>,
    body: web::Json<CreateComment>,
) -> ApiResult<HttpResponse> {
    state
        .limits
        .check(&req, Action::Comment, Some(&user))
        .await?;
    let comment = comments::create(&state.db, &user, *id, body.into_inner()).await?;
    Ok(HttpResponse::Created().json(comment))
}

/// Marks a comment helpful (idempotent). Authors do not mark their own.
#[utoipa::path(tag = "comments",
    params(("id" = i64, Path, description = "The comment's id")),
    responses(
        (status = 429, description = "Too many requests: wait `Retry-After` seconds", body = Problem),
        (status = 200, description = "Marked; the new counts", body = CommentVoteView),
        (status = 403, description = "One's own comment, or cross-site request", body = Problem),
        (status = 404, description = "No such comment", body = Problem),
    ),
    security(("cookie" = []), ("bearer" = [])))]
#[put("/comments/{id:[0-9]+}/vote")]
pub async fn mark_comment_helpful(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    state.limits.check(&req, Action::Vote, Some(&user)).await?;
    Ok(HttpResponse::Ok().json(comments::helpful::mark(&state.db, &user, *id).await?))
}

/// Takes back one's "helpful" (idempotent).
#[utoipa::path(tag = "comments",
    params(("id" = i64, Path, description = "The comment's id")),
    responses(
        (status = 429, description = "Too many requests: wait `Retry-After` seconds", body = Problem),
        (status = 200, description = "Taken back; the new counts", body = CommentVoteView),
        (status = 404, description = "No such comment", body = Problem),
    ),
    security(("cookie" = []), ("bearer" = [])))]
#[delete("/comments/{id:[0-9]+}/vote")]
pub async fn unmark_comment_helpful(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    state.limits.check(&req, Action::Vote, Some(&user)).await?;
    Ok(HttpResponse::Ok().json(comments::helpful::unmark(&state.db, &user, *id).await?))
}

//! `/api/v1/comments/{id}`: editing and deleting one's comment.

use crate::auth::CurrentUser;
use crate::error::ApiResult;
use crate::services::comments;
use crate::startup::AppState;
use actix_web::{HttpResponse, delete, patch, web};
use api::{CommentView, Problem, UpdateComment};

/// Edits one's comment within 30 minutes of posting it.
#[utoipa::path(patch, path = "/api/v1/comments/{id}", tag = "comments",
    request_body = UpdateComment,
    params(("id" = i64, Path, description = "The comment's id")),
    responses(
        (status = 200, description = "Edited", body = CommentView),
        (status = 400, description = "Malformed body", body = Problem),
        (status = 401, description = "Not signed in", body = Problem),
        (status = 403, description = "Not the author, or cross-site request", body = Problem),
        (status = 404, description = "No such comment", body = Problem),
        (status = 409, description = "The edit window is over", body = Problem),
        (status = 415, description = "Not JSON", body = Problem),
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
#[utoipa::path(delete, path = "/api/v1/comments/{id}", tag = "comments",
    params(("id" = i64, Path, description = "The comment's id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, description = "Not signed in", body = Problem),
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

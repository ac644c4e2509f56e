//! Comments on ideas, and their "helpful" marks (`/api/v1/ideas/{id}/comments`, `/api/v1/comments`).

use super::*;

pub async fn comments(idea: i64) -> ApiResult<CommentList> {
    get_json(&format!("/api/v1/ideas/{idea}/comments")).await
}

pub async fn create_comment(idea: i64, body: CreateComment) -> ApiResult<CommentView> {
    send_json(
        Request::post(&format!("/api/v1/ideas/{idea}/comments")),
        &body,
    )
    .await
}

pub async fn update_comment(id: i64, body: UpdateComment) -> ApiResult<CommentView> {
    send_json(Request::patch(&format!("/api/v1/comments/{id}")), &body).await
}

pub async fn delete_comment(id: i64) -> ApiResult<()> {
    send_empty(Request::delete(&format!("/api/v1/comments/{id}"))).await
}

/// Marks a comment helpful (`true`) or takes the mark back (`false`).
pub async fn mark_comment_helpful(id: i64, on: bool) -> ApiResult<CommentVoteView> {
    fetch_json(put_or_delete(&format!("/api/v1/comments/{id}/vote"), on)).await
}

//! `/api/v1/experts/queue` and `/api/v1/notifications`: what waits for the signed-in
//! person.

use crate::notifications;
use crate::platform::auth::CurrentUser;
use crate::platform::auth::Expert;
use crate::platform::error::ApiResult;
use crate::platform::state::AppState;
use crate::questions::experts;
use actix_web::{HttpResponse, get, post, web};
use api::{ExpertQueue, MarkRead, NotificationList, Problem};
use serde::Deserialize;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct QueueQuery {
    /// `next_cursor` of the previous page.
    cursor: Option<String>,
    /// Page size, 1 to 50 (default 20).
    #[param(minimum = 1, maximum = 50)]
    limit: Option<u32>,
}

/// The questions awaiting an official answer in the expert's themes, oldest first, with
/// their due time and whether they are overdue.
#[utoipa::path(tag = "questions", params(QueueQuery),
    responses(
        (status = 200, description = "The queue", body = ExpertQueue),
        (status = 403, description = "Not an expert", body = Problem),
        (status = 422, description = "Invalid cursor", body = Problem),
    ),
    security(("cookie" = []), ("bearer" = [])))]
#[get("/experts/queue")]
pub async fn expert_queue(
    state: web::Data<AppState>,
    Expert(expert): Expert,
    query: web::Query<QueueQuery>,
) -> ApiResult<HttpResponse> {
    let queue = experts::queue(&state.db, &expert, query.cursor.as_deref(), query.limit).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(queue))
}

/// The signed-in person's latest notifications, newest first, and the unread count.
#[utoipa::path(tag = "me",
    responses(
        (status = 200, description = "Notifications", body = NotificationList),
    ),
    security(("cookie" = []), ("bearer" = [])))]
#[get("/notifications")]
pub async fn list_notifications(
    state: web::Data<AppState>,
    user: CurrentUser,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(notifications::list(&state.db, &user).await?))
}

/// Marks the given notifications (or all) read.
#[utoipa::path(tag = "me", request_body = MarkRead,
    responses(
        (status = 200, description = "Marked; the list again", body = NotificationList),
    ),
    security(("cookie" = []), ("bearer" = [])))]
#[post("/notifications/read")]
pub async fn read_notifications(
    state: web::Data<AppState>,
    user: CurrentUser,
    body: web::Json<MarkRead>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok()
        .json(notifications::mark_read(&state.db, &user, body.into_inner()).await?))
}

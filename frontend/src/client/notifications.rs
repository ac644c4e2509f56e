//! In-app notifications (`/api/v1/notifications`).

use super::*;

pub async fn notifications() -> ApiResult<NotificationList> {
    get_json("/api/v1/notifications").await
}

/// Marks these notifications read (all of them when `ids` is `None`).
pub async fn mark_read(ids: Option<Vec<i64>>) -> ApiResult<NotificationList> {
    send_json(
        Request::post("/api/v1/notifications/read"),
        &MarkRead { ids },
    )
    .await
}

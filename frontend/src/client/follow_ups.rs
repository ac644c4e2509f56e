//! What became of each idea (`/api/v1/follow-ups`, `/api/v1/stats`, `/api/v1/ideas/{id}/status`).

use super::*;

/// An idea's timeline and the merges around it.
pub async fn idea_timeline(id: i64) -> ApiResult<IdeaTimeline> {
    get_json(&format!("/api/v1/ideas/{id}/follow-ups")).await
}

/// A page of the latest decisions.
pub async fn follow_ups(query: FollowUpQuery) -> ApiResult<FollowUpList> {
    let pairs = query_pairs([
        ("status", query.status.map(|s| s.as_str().to_owned())),
        ("theme", query.theme),
        ("cursor", query.cursor),
        ("limit", query.limit.map(|l| l.to_string())),
    ]);
    fetch_json(Request::get("/api/v1/follow-ups").query(pairs)).await
}

/// The public figures of "You said, we did".
pub async fn stats() -> ApiResult<Stats> {
    get_json("/api/v1/stats").await
}

/// The team changes an idea's status.
pub async fn change_status(id: i64, body: ChangeStatus) -> ApiResult<FollowUpView> {
    send_json(Request::post(&format!("/api/v1/ideas/{id}/status")), &body).await
}

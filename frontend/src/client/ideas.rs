//! Ideas: lists, one idea, writing, suggestions, supports (`/api/v1/ideas`).

use super::*;

/// A page of ideas.
pub async fn ideas(query: IdeaQuery) -> ApiResult<IdeaList> {
    let pairs = query_pairs([
        ("sort", query.sort.map(|s| s.as_str().to_owned())),
        ("status", query.status.map(|s| s.as_str().to_owned())),
        ("theme", query.theme),
        ("q", query.q),
        ("cursor", query.cursor),
        ("limit", query.limit.map(|l| l.to_string())),
    ]);
    fetch_json(Request::get("/api/v1/ideas").query(pairs)).await
}

pub async fn idea(id: i64) -> ApiResult<IdeaView> {
    get_json(&format!("/api/v1/ideas/{id}")).await
}

pub async fn create_idea(body: CreateIdea) -> ApiResult<IdeaView> {
    send_json(Request::post("/api/v1/ideas"), &body).await
}

pub async fn update_idea(id: i64, body: UpdateIdea) -> ApiResult<IdeaView> {
    send_json(Request::patch(&format!("/api/v1/ideas/{id}")), &body).await
}

pub async fn delete_idea(id: i64) -> ApiResult<()> {
    send_empty(Request::delete(&format!("/api/v1/ideas/{id}"))).await
}

/// Up to five ideas like the title being typed.
pub async fn similar_ideas(q: String) -> ApiResult<SimilarIdeas> {
    fetch_json(Request::get("/api/v1/ideas/similar").query([("q", q)])).await
}

/// Supports (`true`) or withdraws the support (`false`).
pub async fn support(id: i64, on: bool) -> ApiResult<SupportView> {
    fetch_json(put_or_delete(&format!("/api/v1/ideas/{id}/vote"), on)).await
}

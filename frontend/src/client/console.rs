//! The team's console: reports, the moderation queue and actions, merges, people and roles, themes, the audit log, the export (`/api/v1/moderation/*`, `/api/v1/reports`).

use super::*;

pub async fn report(body: CreateReport) -> ApiResult<ReportView> {
    send_json(Request::post("/api/v1/reports"), &body).await
}

pub async fn moderation_queue() -> ApiResult<ModerationQueue> {
    get_json("/api/v1/moderation/queue").await
}

fn item_path(target: TargetType, id: i64) -> String {
    format!("/api/v1/moderation/items/{}/{id}", target.as_str())
}

pub async fn moderation_item(target: TargetType, id: i64) -> ApiResult<ModerationItem> {
    get_json(&item_path(target, id)).await
}

/// What a moderator can do to a piece of content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContentAction {
    Hide,
    Restore,
    Dismiss,
    Lock,
    Unlock,
}

pub async fn moderate(
    target: TargetType,
    id: i64,
    action: ContentAction,
    reason: String,
) -> ApiResult<ContentSummary> {
    let base = item_path(target, id);
    let verb = match action {
        ContentAction::Hide => "hide",
        ContentAction::Restore => "restore",
        ContentAction::Dismiss => "dismiss",
        ContentAction::Lock | ContentAction::Unlock => {
            let locked = action == ContentAction::Lock;
            let body = SetLock { locked, reason };
            return send_json(Request::post(&format!("{base}/lock")), &body).await;
        }
    };
    let body = ModerationReason { reason };
    send_json(Request::post(&format!("{base}/{verb}")), &body).await
}

pub async fn merge_idea(id: i64, body: MergeIdea) -> ApiResult<FollowUpView> {
    send_json(
        Request::post(&format!("/api/v1/moderation/ideas/{id}/merge")),
        &body,
    )
    .await
}

pub async fn unmerge_idea(id: i64, body: UnmergeIdea) -> ApiResult<FollowUpView> {
    send_json(
        Request::post(&format!("/api/v1/moderation/ideas/{id}/unmerge")),
        &body,
    )
    .await
}

/// People by display name or exact email (sent in the body, never in the address).
pub async fn search_people(q: String) -> ApiResult<PeopleList> {
    send_json(
        Request::post("/api/v1/moderation/people/search"),
        &PeopleSearch { q },
    )
    .await
}

pub async fn set_role(id: i64, body: SetRole) -> ApiResult<PersonView> {
    send_json(
        Request::post(&format!("/api/v1/moderation/people/{id}/roles")),
        &body,
    )
    .await
}

pub async fn set_expert_themes(id: i64, body: SetExpertThemes) -> ApiResult<PersonView> {
    send_json(
        Request::put(&format!("/api/v1/moderation/people/{id}/themes")),
        &body,
    )
    .await
}

pub async fn all_themes() -> ApiResult<Vec<ThemeAdminView>> {
    get_json("/api/v1/moderation/themes").await
}

pub async fn create_theme(body: CreateTheme) -> ApiResult<ThemeAdminView> {
    send_json(Request::post("/api/v1/moderation/themes"), &body).await
}

pub async fn update_theme(id: i64, body: UpdateTheme) -> ApiResult<ThemeAdminView> {
    send_json(
        Request::patch(&format!("/api/v1/moderation/themes/{id}")),
        &body,
    )
    .await
}

pub async fn audit(query: AuditQuery) -> ApiResult<AuditList> {
    let pairs = query_pairs([
        ("action", query.action.map(|a| a.as_str().to_owned())),
        (
            "target_type",
            query.target_type.map(|t| t.as_str().to_owned()),
        ),
        ("target_id", query.target_id.map(|t| t.to_string())),
        ("cursor", query.cursor),
        ("limit", query.limit.map(|l| l.to_string())),
    ]);
    fetch_json(Request::get("/api/v1/moderation/audit").query(pairs)).await
}

/// Where the console downloads the ideas' CSV (the browser sends the session cookie).
pub const IDEAS_EXPORT_URL: &str = "/api/v1/moderation/export/ideas.csv";

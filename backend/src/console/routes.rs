//! `/api/v1/moderation/*`: the console. Every route takes the `Moderator` extractor, so
//! the server refuses everyone but moderators and admins (401 signed out, 403 signed
//! in); answers are never cached.

use crate::console::export;
use crate::console::reports;
use crate::console::staff;
use crate::content::moderation;
use crate::follow_ups;
use crate::platform::auth::Moderator;
use crate::platform::error::ApiResult;
use crate::platform::respond::{ok, private};
use crate::platform::state::AppState;
use actix_web::{HttpResponse, get, patch, post, put, web};
use api::{
    AuditList, AuditQuery, ContentSummary, CreateTheme, FollowUpView, MergeIdea, ModerationItem,
    ModerationQueue, ModerationReason, PeopleList, PeopleSearch, PersonView, Problem,
    SetExpertThemes, SetLock, SetRole, TargetType, ThemeAdminView, UnmergeIdea, UpdateTheme,
};

/// Reported items, most reported first, then the longest waiting (at most 100).
#[utoipa::path(tag = "moderation",
    responses(
        (status = 200, description = "The queue", body = ModerationQueue),
        (status = 403, description = "Not a moderator", body = Problem),
    ),
    security(("cookie" = []), ("bearer" = [])))]
#[get("/moderation/queue")]
pub async fn moderation_queue(state: web::Data<AppState>, _: Moderator) -> ApiResult<HttpResponse> {
    Ok(ok(&reports::queue(&state.db).await?))
}

/// One piece of content with its reports and its audit entries.
#[utoipa::path(tag = "moderation",
    params(
        ("target_type" = TargetType, Path, description = "idea, comment, question or answer"),
        ("id" = i64, Path, description = "The content's id"),
    ),
    responses(
        (status = 200, description = "The item", body = ModerationItem),
        (status = 403, description = "Not a moderator", body = Problem),
        (status = 404, description = "No such content", body = Problem),
    ),
    security(("cookie" = []), ("bearer" = [])))]
#[get("/moderation/items/{target_type}/{id:[0-9]+}")]
pub async fn moderation_item(
    state: web::Data<AppState>,
    _: Moderator,
    path: web::Path<(TargetType, i64)>,
) -> ApiResult<HttpResponse> {
    let (target, id) = path.into_inner();
    Ok(ok(&reports::item(&state.db, target, id).await?))
}

/// The three actions that change an item's moderation state for a stated reason (hide,
/// restore, dismiss its reports), declared once: they differ only in their path, their
/// use case and the word for what they did.
macro_rules! reasoned_actions {
    ($($(#[doc = $doc:tt])* $name:ident: $path:tt => $action:path, $done:tt;)*) => {$(
        $(#[doc = $doc])*
        #[utoipa::path(tag = "moderation",
            params(
                ("target_type" = TargetType, Path, description = "idea, comment, question or answer"),
                ("id" = i64, Path, description = "The content's id"),
            ),
            request_body = ModerationReason,
            responses(
                (status = 200, description = $done, body = ContentSummary),
                (status = 403, description = "Not a moderator, or a cross-site request", body = Problem),
                (status = 404, description = "No such content", body = Problem),
                (status = 422, description = "Missing or invalid reason", body = Problem),
            ),
            security(("cookie" = []), ("bearer" = [])))]
        #[post($path)]
        pub async fn $name(
            state: web::Data<AppState>,
            Moderator(moderator): Moderator,
            path: web::Path<(TargetType, i64)>,
            body: web::Json<ModerationReason>,
        ) -> ApiResult<HttpResponse> {
            let (target, id) = path.into_inner();
            Ok(ok(&$action(&state.db, &moderator, target, id, &body.reason).await?))
        }
    )*};
}

reasoned_actions! {
    /// Hides content; its author still sees it, with the reason. Open reports on it close.
    hide_content: "/moderation/items/{target_type}/{id:[0-9]+}/hide" => moderation::hide, "Hidden";
    /// Shows hidden content again.
    restore_content: "/moderation/items/{target_type}/{id:[0-9]+}/restore" => moderation::restore, "Visible again";
    /// Dismisses the open reports on an item, leaving it as it is.
    dismiss_reports: "/moderation/items/{target_type}/{id:[0-9]+}/dismiss" => moderation::dismiss, "Reports dismissed";
}

/// Locks or unlocks a thread (an idea or a question): no new comments or answers.
#[utoipa::path(tag = "moderation",
    params(
        ("target_type" = TargetType, Path, description = "idea or question"),
        ("id" = i64, Path, description = "The thread's id"),
    ),
    request_body = SetLock,
    responses(
        (status = 200, description = "Locked or unlocked", body = ContentSummary),
        (status = 403, description = "Not a moderator, or a cross-site request", body = Problem),
        (status = 404, description = "No such thread", body = Problem),
        (status = 422, description = "Missing or invalid reason", body = Problem),
    ),
    security(("cookie" = []), ("bearer" = [])))]
#[post("/moderation/items/{target_type}/{id:[0-9]+}/lock")]
pub async fn lock_thread(
    state: web::Data<AppState>,
    Moderator(moderator): Moderator,
    path: web::Path<(TargetType, i64)>,
    body: web::Json<SetLock>,
) -> ApiResult<HttpResponse> {
    let (target, id) = path.into_inner();
    let SetLock { locked, reason } = body.into_inner();
    Ok(ok(&moderation::set_lock(
        &state.db, &moderator, target, id, locked, &reason,
    )
    .await?))
}

/// Merges a duplicate idea into another: supports move, one per person; comments stay.
#[utoipa::path(tag = "moderation",
    params(("id" = i64, Path, description = "The duplicate idea's id")),
    request_body = MergeIdea,
    responses(
        (status = 201, description = "Merged: the duplicate's new timeline step", body = FollowUpView),
        (status = 403, description = "Not a moderator, or a cross-site request", body = Problem),
        (status = 404, description = "No such idea", body = Problem),
        (status = 409, description = "Already merged", body = Problem),
        (status = 422, description = "Invalid target or missing explanation", body = Problem),
    ),
    security(("cookie" = []), ("bearer" = [])))]
#[post("/moderation/ideas/{id:[0-9]+}/merge")]
pub async fn merge_idea(
    state: web::Data<AppState>,
    Moderator(moderator): Moderator,
    id: web::Path<i64>,
    body: web::Json<MergeIdea>,
) -> ApiResult<HttpResponse> {
    let change = follow_ups::merging::merge(&state.db, &moderator, *id, body.into_inner()).await?;
    Ok(private(actix_web::http::StatusCode::CREATED, &change))
}

/// Un-merges a duplicate: its status and supports come back.
#[utoipa::path(tag = "moderation",
    params(("id" = i64, Path, description = "The duplicate idea's id")),
    request_body = UnmergeIdea,
    responses(
        (status = 201, description = "Un-merged: the idea's new timeline step", body = FollowUpView),
        (status = 403, description = "Not a moderator, or a cross-site request", body = Problem),
        (status = 404, description = "No such idea", body = Problem),
        (status = 409, description = "Not a duplicate", body = Problem),
        (status = 422, description = "Missing explanation", body = Problem),
    ),
    security(("cookie" = []), ("bearer" = [])))]
#[post("/moderation/ideas/{id:[0-9]+}/unmerge")]
pub async fn unmerge_idea(
    state: web::Data<AppState>,
    Moderator(moderator): Moderator,
    id: web::Path<i64>,
    body: web::Json<UnmergeIdea>,
) -> ApiResult<HttpResponse> {
    let change =
        follow_ups::merging::unmerge(&state.db, &moderator, *id, body.into_inner()).await?;
    Ok(private(actix_web::http::StatusCode::CREATED, &change))
}

/// Finds people by display name, or by exact email address (sent in the body, so it
/// never appears in an address or a log).
#[utoipa::path(tag = "moderation",
    request_body = PeopleSearch,
    responses(
        (status = 200, description = "At most 50 people, newest first", body = PeopleList),
        (status = 403, description = "Not a moderator, or a cross-site request", body = Problem),
        (status = 422, description = "A search with control characters", body = Problem),
    ),
    security(("cookie" = []), ("bearer" = [])))]
#[post("/moderation/people/search")]
pub async fn search_people(
    state: web::Data<AppState>,
    _: Moderator,
    body: web::Json<PeopleSearch>,
) -> ApiResult<HttpResponse> {
    Ok(ok(
        &staff::search_people(&state.db, body.into_inner()).await?
    ))
}

/// Gives or takes a role: `client` (verification) and `expert` by moderators;
/// `moderator` and `admin` by admins, never one's own admin role.
#[utoipa::path(tag = "moderation",
    params(("id" = i64, Path, description = "The person's id")),
    request_body = SetRole,
    responses(
        (status = 200, description = "The person now", body = PersonView),
        (status = 400, description = "Malformed body or unknown role", body = Problem),
        (status = 403, description = "Not allowed to give this role, or a cross-site request", body = Problem),
        (status = 404, description = "No such person", body = Problem),
        (status = 409, description = "An admin taking their own admin role", body = Problem),
        (status = 422, description = "`member`, or a missing or invalid reason", body = Problem),
    ),
    security(("cookie" = []), ("bearer" = [])))]
#[post("/moderation/people/{id:[0-9]+}/roles")]
pub async fn set_role(
    state: web::Data<AppState>,
    Moderator(actor): Moderator,
    id: web::Path<i64>,
    body: web::Json<SetRole>,
) -> ApiResult<HttpResponse> {
    Ok(ok(&staff::set_role(
        &state.db,
        &actor,
        *id,
        body.into_inner(),
    )
    .await?))
}

/// Sets the themes an expert answers in.
#[utoipa::path(tag = "moderation",
    params(("id" = i64, Path, description = "The person's id")),
    request_body = SetExpertThemes,
    responses(
        (status = 200, description = "The person now", body = PersonView),
        (status = 403, description = "Not a moderator, or a cross-site request", body = Problem),
        (status = 404, description = "No such person", body = Problem),
        (status = 422, description = "Unknown theme, or a missing or invalid reason", body = Problem),
    ),
    security(("cookie" = []), ("bearer" = [])))]
#[put("/moderation/people/{id:[0-9]+}/themes")]
pub async fn set_expert_themes(
    state: web::Data<AppState>,
    Moderator(actor): Moderator,
    id: web::Path<i64>,
    body: web::Json<SetExpertThemes>,
) -> ApiResult<HttpResponse> {
    Ok(ok(&staff::set_expert_themes(
        &state.db,
        &actor,
        *id,
        body.into_inner(),
    )
    .await?))
}

/// Every theme, archived ones included.
#[utoipa::path(tag = "moderation",
    responses(
        (status = 200, description = "The themes, in the team's order", body = Vec<ThemeAdminView>),
        (status = 403, description = "Not a moderator", body = Problem),
    ),
    security(("cookie" = []), ("bearer" = [])))]
#[get("/moderation/themes")]
pub async fn list_all_themes(state: web::Data<AppState>, _: Moderator) -> ApiResult<HttpResponse> {
    Ok(ok(&staff::themes(&state.db).await?))
}

/// Creates a theme.
#[utoipa::path(tag = "moderation",
    request_body = CreateTheme,
    responses(
        (status = 201, description = "Created", body = ThemeAdminView),
        (status = 403, description = "Not a moderator, or a cross-site request", body = Problem),
        (status = 422, description = "Invalid or taken slug, names, description or hours", body = Problem),
    ),
    security(("cookie" = []), ("bearer" = [])))]
#[post("/moderation/themes")]
pub async fn create_theme(
    state: web::Data<AppState>,
    Moderator(actor): Moderator,
    body: web::Json<CreateTheme>,
) -> ApiResult<HttpResponse> {
    let theme = staff::create_theme(&state.db, &actor, body.into_inner()).await?;
    Ok(private(actix_web::http::StatusCode::CREATED, &theme))
}

/// Renames, re-describes, changes the commitment of, moves or archives a theme.
#[utoipa::path(tag = "moderation",
    params(("id" = i64, Path, description = "The theme's id")),
    request_body = UpdateTheme,
    responses(
        (status = 200, description = "The theme now", body = ThemeAdminView),
        (status = 403, description = "Not a moderator, or a cross-site request", body = Problem),
        (status = 404, description = "No such theme", body = Problem),
        (status = 422, description = "Invalid names, description or hours", body = Problem),
    ),
    security(("cookie" = []), ("bearer" = [])))]
#[patch("/moderation/themes/{id:[0-9]+}")]
pub async fn update_theme(
    state: web::Data<AppState>,
    Moderator(actor): Moderator,
    id: web::Path<i64>,
    body: web::Json<UpdateTheme>,
) -> ApiResult<HttpResponse> {
    Ok(ok(&staff::update_theme(
        &state.db,
        &actor,
        *id,
        body.into_inner(),
    )
    .await?))
}

/// The audit log, newest first, filtered by action, actor and target. Read-only: no
/// route changes or deletes an entry.
#[utoipa::path(tag = "moderation", params(AuditQuery),
    responses(
        (status = 200, description = "A page of entries", body = AuditList),
        (status = 400, description = "Malformed query (unknown action or type)", body = Problem),
        (status = 403, description = "Not a moderator", body = Problem),
        (status = 422, description = "Invalid cursor", body = Problem),
    ),
    security(("cookie" = []), ("bearer" = [])))]
#[get("/moderation/audit")]
pub async fn audit_log(
    state: web::Data<AppState>,
    _: Moderator,
    query: web::Query<AuditQuery>,
) -> ApiResult<HttpResponse> {
    Ok(ok(&crate::console::audit::list(
        &state.db,
        query.into_inner(),
    )
    .await?))
}

/// Every idea as CSV (UTF-8 with a byte-order mark, for spreadsheets): theme, status,
/// dates, supports by segment, comments. Cells that would run as formulas are
/// neutralised. Each export is audited.
#[utoipa::path(tag = "moderation",
    responses(
        (status = 200, description = "The CSV file", content_type = "text/csv"),
        (status = 403, description = "Not a moderator", body = Problem),
    ),
    security(("cookie" = []), ("bearer" = [])))]
#[get("/moderation/export/ideas.csv")]
pub async fn export_ideas(
    state: web::Data<AppState>,
    Moderator(actor): Moderator,
) -> ApiResult<HttpResponse> {
    let body = export::ideas_csv(&state.db, &actor, state.config.public_url.as_str()).await?;
    let filename = format!("cocrea-ideas-{}.csv", chrono::Utc::now().format("%Y-%m-%d"));
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .insert_header(("Content-Type", "text/csv; charset=utf-8"))
        .insert_header((
            "Content-Disposition",
            format!("attachment; filename=\"{filename}\""),
        ))
        .body(body))
}

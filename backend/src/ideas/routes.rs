//! `/api/v1/ideas/*`: ideas, their supports and their comments.

use crate::content::threads::SimilarQuery;
use crate::ideas;
use crate::platform::auth::CurrentUser;
use crate::platform::cache::ReadCache;
use crate::platform::error::ApiResult;
use crate::platform::limits::Action;
use crate::platform::state::AppState;
use actix_web::http::header::ContentType;
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, put, web};
use api::{
    CreateIdea, IdeaList, IdeaQuery, IdeaView, Problem, SimilarIdeas, SupportView, UpdateIdea,
};

/// Ideas in the asked order (hot by default), filtered by theme and status, searched with
/// `q`, one page at a time.
#[utoipa::path(tag = "ideas", params(IdeaQuery),
    responses(
        (status = 200, description = "A page of ideas", body = IdeaList),
        (status = 400, description = "Malformed query (unknown sort or status)", body = Problem),
        (status = 422, description = "Unknown theme or invalid cursor", body = Problem),
    ))]
#[get("/ideas")]
pub async fn list_ideas(
    state: web::Data<AppState>,
    cache: web::Data<ReadCache>,
    viewer: Option<CurrentUser>,
    query: web::Query<IdeaQuery>,
) -> ApiResult<HttpResponse> {
    let page = ideas::read_list(&state.db, &cache, viewer.as_ref(), query.into_inner()).await?;
    Ok(HttpResponse::Ok()
        .content_type(ContentType::json())
        .body(page))
}

/// Submits an idea.
#[utoipa::path(tag = "ideas", request_body = CreateIdea,
    responses(
        (status = 429, description = "Too many requests: wait `Retry-After` seconds", body = Problem),
        (status = 201, description = "Submitted", body = IdeaView),
        (status = 422, description = "Invalid title, body or theme, or account details in them", body = Problem),
    ),
    security(("cookie" = []), ("bearer" = [])))]
#[post("/ideas")]
pub async fn create_idea(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
    body: web::Json<CreateIdea>,
) -> ApiResult<HttpResponse> {
    state.limits.check(&req, Action::Post, Some(&user)).await?;
    let idea = ideas::create(&state.db, &user, body.into_inner()).await?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/v1/ideas/{}", idea.id)))
        .json(idea))
}

/// Up to five existing ideas like the title being typed, so people can support one of
/// them instead of writing a duplicate.
#[utoipa::path(tag = "ideas", params(SimilarQuery),
    responses(
        (status = 200, description = "Suggestions, best first", body = SimilarIdeas),
        (status = 400, description = "No `q`", body = Problem),
    ))]
#[get("/ideas/similar")]
pub async fn similar_ideas(
    state: web::Data<AppState>,
    query: web::Query<SimilarQuery>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(ideas::similar(&state.db, &query.q).await?))
}

/// One idea.
#[utoipa::path(tag = "ideas",
    params(("id" = i64, Path, description = "The idea's id")),
    responses(
        (status = 200, description = "The idea", body = IdeaView),
        (status = 404, description = "No such idea", body = Problem),
    ))]
#[get("/ideas/{id:[0-9]+}")]
pub async fn get_idea(
    state: web::Data<AppState>,
    cache: web::Data<ReadCache>,
    viewer: Option<CurrentUser>,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    let idea = ideas::read(&state.db, &cache, viewer.as_ref(), *id).await?;
    Ok(HttpResponse::Ok().json(idea))
}

/// Edits one's idea within 30 minutes of posting it.
#[utoipa::path(tag = "ideas", request_body = UpdateIdea,
    params(("id" = i64, Path, description = "The idea's id")),
    responses(
        (status = 200, description = "Edited", body = IdeaView),
        (status = 403, description = "Not the author, or cross-site request", body = Problem),
        (status = 404, description = "No such idea", body = Problem),
        (status = 409, description = "The edit window is over", body = Problem),
        (status = 422, description = "Invalid fields", body = Problem),
    ),
    security(("cookie" = []), ("bearer" = [])))]
#[patch("/ideas/{id:[0-9]+}")]
pub async fn update_idea(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i64>,
    body: web::Json<UpdateIdea>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(ideas::update(&state.db, &user, *id, body.into_inner()).await?))
}

/// Deletes one's idea while nobody supports it.
#[utoipa::path(tag = "ideas",
    params(("id" = i64, Path, description = "The idea's id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, description = "Not the author, or cross-site request", body = Problem),
        (status = 404, description = "No such idea", body = Problem),
        (status = 409, description = "People support it", body = Problem),
    ),
    security(("cookie" = []), ("bearer" = [])))]
#[delete("/ideas/{id:[0-9]+}")]
pub async fn delete_idea(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    ideas::delete(&state.db, &user, *id).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Supports an idea (idempotent). Authors do not support their own idea.
#[utoipa::path(tag = "ideas",
    params(("id" = i64, Path, description = "The idea's id")),
    responses(
        (status = 429, description = "Too many requests: wait `Retry-After` seconds", body = Problem),
        (status = 200, description = "Supported; the new counts", body = SupportView),
        (status = 403, description = "One's own idea, or cross-site request", body = Problem),
        (status = 404, description = "No such idea", body = Problem),
        (status = 409, description = "The idea was merged into another one (`idea_merged`)", body = Problem),
    ),
    security(("cookie" = []), ("bearer" = [])))]
#[put("/ideas/{id:[0-9]+}/vote")]
pub async fn support_idea(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    state.limits.check(&req, Action::Vote, Some(&user)).await?;
    Ok(HttpResponse::Ok().json(ideas::support(&state.db, &user, *id).await?))
}

/// Withdraws one's support (idempotent).
#[utoipa::path(tag = "ideas",
    params(("id" = i64, Path, description = "The idea's id")),
    responses(
        (status = 429, description = "Too many requests: wait `Retry-After` seconds", body = Problem),
        (status = 200, description = "Withdrawn; the new counts", body = SupportView),
        (status = 404, description = "No such idea", body = Problem),
    ),
    security(("cookie" = []), ("bearer" = [])))]
#[delete("/ideas/{id:[0-9]+}/vote")]
pub async fn withdraw_support(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    state.limits.check(&req, Action::Vote, Some(&user)).await?;
    Ok(HttpResponse::Ok().json(ideas::withdraw(&state.db, &user, *id).await?))
}

//! `/feeds/…`: RSS 2.0 (`.rss`) and Atom (`.atom`) feeds for feed readers.

use crate::feeds::{self, Format, Which};
use crate::platform::error::{ApiError, ApiResult};
use crate::platform::state::AppState;
use actix_web::http::header;
use actix_web::{HttpResponse, get, web};

async fn respond(state: &AppState, which: Which, extension: &str) -> ApiResult<HttpResponse> {
    let format = Format::parse(extension).ok_or(ApiError::NotFound)?;
    let body = feeds::render(&state.db, &state.config.public_url, which, format).await?;
    Ok(HttpResponse::Ok()
        .content_type(format.content_type())
        .insert_header((header::CACHE_CONTROL, "public, max-age=300"))
        .body(body))
}

/// The latest ideas.
#[get("/feeds/ideas.{format}")]
pub async fn ideas(
    state: web::Data<AppState>,
    format: web::Path<String>,
) -> ApiResult<HttpResponse> {
    respond(&state, Which::Ideas, &format).await
}

/// The latest ideas of one theme.
#[get("/feeds/themes/{slug}.{format}")]
pub async fn theme(
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> ApiResult<HttpResponse> {
    let (slug, format) = path.into_inner();
    respond(&state, Which::Theme(slug), &format).await
}

/// The team's latest decisions.
#[get("/feeds/follow-ups.{format}")]
pub async fn follow_ups(
    state: web::Data<AppState>,
    format: web::Path<String>,
) -> ApiResult<HttpResponse> {
    respond(&state, Which::FollowUps, &format).await
}

/// The latest questions.
#[get("/feeds/questions.{format}")]
pub async fn questions(
    state: web::Data<AppState>,
    format: web::Path<String>,
) -> ApiResult<HttpResponse> {
    respond(&state, Which::Questions, &format).await
}

/// The answers to one question.
#[get("/feeds/questions/{id}/answers.{format}")]
pub async fn answers(
    state: web::Data<AppState>,
    path: web::Path<(i64, String)>,
) -> ApiResult<HttpResponse> {
    let (id, format) = path.into_inner();
    respond(&state, Which::Answers(id), &format).await
}

//! `POST /api/v1/markdown/preview`: the preview of a body as it would be published.

use crate::domain::MarkdownBody;
use crate::platform::auth::CurrentUser;
use crate::platform::error::{ApiError, ApiResult};
use actix_web::{HttpResponse, post, web};
use api::{IDEA_BODY_MAX_CHARS, MarkdownPreview, Problem, RenderedMarkdown};

/// Renders and sanitises a Markdown body exactly as publishing would (guard included).
#[utoipa::path(tag = "ideas",
    request_body = MarkdownPreview,
    responses(
        (status = 200, description = "The sanitised HTML", body = RenderedMarkdown),
        (status = 422, description = "Invalid body, or account details in it", body = Problem),
    ),
    security(("cookie" = []), ("bearer" = [])))]
#[post("/markdown/preview")]
pub async fn preview_markdown(
    _user: CurrentUser,
    body: web::Json<MarkdownPreview>,
) -> ApiResult<HttpResponse> {
    let rendered = MarkdownBody::parse(&body.body, IDEA_BODY_MAX_CHARS)
        .map_err(|issue| ApiError::field("body", issue))?;
    Ok(HttpResponse::Ok().json(RenderedMarkdown {
        html: rendered.html().to_owned(),
    }))
}

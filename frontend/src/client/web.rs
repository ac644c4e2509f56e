//! The Markdown preview (`/api/v1/markdown/preview`).

use super::*;

/// The sanitised HTML a Markdown body will publish as.
pub async fn preview(body: String) -> ApiResult<RenderedMarkdown> {
    send_json(
        Request::post("/api/v1/markdown/preview"),
        &MarkdownPreview { body },
    )
    .await
}

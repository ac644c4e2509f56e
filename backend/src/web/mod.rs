//! What is not the JSON API: the embedded web app (its assets, first paint and share
//! previews), health, the Markdown preview and the OpenAPI document.

pub mod assets;
pub mod first_paint;
pub mod health;
pub mod markdown;
pub mod share;

use utoipa_actix_web::service_config::ServiceConfig;

/// Registers this slice's routes under `/api/v1`, each with its OpenAPI description.
pub fn register(cfg: &mut ServiceConfig) {
    cfg.service(markdown::preview_markdown);
}

//! HTTP routes: one module per resource, thin handlers that extract, parse, call one
//! service and map the result to a view.

pub mod assets;
pub mod auth;
pub mod health;
pub mod me;
pub mod openapi;
pub mod themes;

use crate::error::ApiError;
use actix_web::{HttpRequest, HttpResponse, web};

/// Mounts every route.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope("/api")
            .service(
                web::scope("/v1")
                    .service(auth::signup)
                    .service(auth::login)
                    .service(auth::logout)
                    .service(auth::token)
                    .service(me::get_me)
                    .service(me::change_password)
                    .service(themes::list_themes)
                    .default_service(web::to(api_not_found)),
            )
            .service(openapi::spec)
            .default_service(web::to(api_not_found)),
    )
    .service(health::healthz)
    .service(assets::get_asset)
    .default_service(web::to(assets::app_shell));
}

/// Unknown routes under /api answer a problem document, never the web app.
async fn api_not_found(_req: HttpRequest) -> Result<HttpResponse, ApiError> {
    Err(ApiError::NotFound)
}

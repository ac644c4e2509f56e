//! The application's routes, in one registry: every slice registers its own handlers
//! (`ideas::register`, …), each handler carrying its path and method once (actix's
//! attribute) and its description (`utoipa::path`). The same registry builds the OpenAPI
//! document (`openapi`), which the 405 answer and the authorisation matrix read.

pub mod openapi;

use crate::platform::auth::authenticate;
use crate::platform::error::ApiError;
use crate::platform::state::AppState;
use crate::{
    accessibility, auth, comments, console, follow_ups, ideas, people, questions, themes, web,
};
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::middleware::{Next, from_fn};
use actix_web::{HttpRequest, HttpResponse, web as actix};
use utoipa_actix_web::scope;
use utoipa_actix_web::service_config::ServiceConfig;

/// The JSON API, every route of it documented.
pub fn api(cfg: &mut ServiceConfig) {
    cfg.service(
        scope("/api")
            .service(
                scope("/v1")
                    .wrap(from_fn(authenticate))
                    .wrap(from_fn(while_reachable))
                    .configure(auth::register)
                    .configure(people::register)
                    .configure(themes::register)
                    .configure(ideas::register)
                    .configure(comments::register)
                    .configure(web::register)
                    .configure(questions::register)
                    .configure(follow_ups::register)
                    .configure(console::register)
                    .configure(accessibility::register)
                    .default_service(actix::to(api_not_found)),
            )
            .service(openapi::spec)
            .default_service(actix::to(api_not_found)),
    )
    .service(web::health::healthz);
}

/// While PostgreSQL is down the API answers 503 at once, and a request under way when it
/// goes down answers 503 then, rather than waiting for a connection (`Db::unless_down`).
async fn while_reachable(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    match req.app_data::<actix::Data<AppState>>().cloned() {
        Some(state) => state.db.unless_down(next.call(req)).await,
        None => next.call(req).await,
    }
}

/// Mounts everything: the API, then what is not (the benchmark's baseline, the feeds, the
/// web app's assets, and the web app for every other path).
pub fn configure(cfg: &mut actix::ServiceConfig) {
    api(&mut ServiceConfig::new(cfg));
    cfg.service(web::health::baseline)
        .configure(crate::feeds::register)
        .service(web::assets::get_asset)
        .default_service(actix::to(app_or_not_routed));
}

/// Unknown routes under /api answer a problem document, never the web app: 405 with
/// `Allow` when the address is documented with other methods, 404 otherwise.
async fn api_not_found(req: HttpRequest) -> Result<HttpResponse, ApiError> {
    Err(not_routed(&req))
}

/// Every other path: the web app, for the pages a browser asks for.
async fn app_or_not_routed(
    req: HttpRequest,
    state: actix::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    if !matches!(*req.method(), Method::GET | Method::HEAD) {
        return Err(not_routed(&req));
    }
    web::assets::app_shell(req, state).await
}

/// Why no route took a request: the address is documented with other methods (405 and
/// the methods it takes), or nothing is there (404: no such address, or the method is
/// right and the thing named does not exist, like `/api/v1/ideas/abc`).
pub fn not_routed(req: &HttpRequest) -> ApiError {
    match openapi::allowed_methods(req.path()) {
        Some(allow) if !allow.split(", ").any(|m| m == req.method().as_str()) => {
            ApiError::MethodNotAllowed { allow }
        }
        _ => ApiError::NotFound,
    }
}

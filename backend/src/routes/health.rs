//! `GET /healthz`: for load balancers and uptime checks.

use crate::startup::AppState;
use actix_web::{HttpResponse, get, web};
use api::Health;

/// 200 when the database answers, 503 otherwise.
#[utoipa::path(get, path = "/healthz", tag = "operations",
    responses(
        (status = 200, description = "Healthy", body = Health),
        (status = 503, description = "The database does not answer", body = Health),
    ))]
#[get("/healthz")]
pub async fn healthz(state: web::Data<AppState>) -> HttpResponse {
    let db_ok = state.db.ping().await;
    let body = Health {
        status: if db_ok { "ok" } else { "degraded" }.into(),
        database: if db_ok { "ok" } else { "unreachable" }.into(),
        version: env!("CARGO_PKG_VERSION").into(),
    };
    let mut response = if db_ok {
        HttpResponse::Ok()
    } else {
        HttpResponse::ServiceUnavailable()
    };
    response
        .insert_header(("Cache-Control", "no-store"))
        .json(body)
}

//! `GET /healthz`: for load balancers and uptime checks; `GET /bench/baseline`: the
//! benchmark's yardstick.

use crate::platform::error::ApiError;
use crate::platform::state::AppState;
use actix_web::{HttpResponse, get, web};
use api::Health;

/// 200 when the database answers, 503 otherwise.
#[utoipa::path(tag = "operations",
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

/// A trivial JSON answer through the same server and middleware as every route: the
/// benchmark measures it in the same run and divides every figure by it, since absolute
/// numbers drift on a shared machine. A 404 unless `COCREA_BENCH_BASELINE=1`; not part of
/// the API.
#[get("/bench/baseline")]
pub async fn baseline(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    if !state.config.bench_baseline {
        return Err(ApiError::NotFound);
    }
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(serde_json::json!({ "status": "ok" })))
}

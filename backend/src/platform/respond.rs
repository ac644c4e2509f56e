//! Answers that must not be kept by any cache: the console's, and a person's own data.

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use serde::Serialize;

/// A private answer: never stored by a cache.
pub fn private(status: StatusCode, body: &impl Serialize) -> HttpResponse {
    HttpResponse::build(status)
        .insert_header(("Cache-Control", "no-store"))
        .json(body)
}

/// `200 OK` with a private answer.
pub fn ok(body: &impl Serialize) -> HttpResponse {
    private(StatusCode::OK, body)
}

//! Logging to stderr: one span per request and one line when it is answered, with its
//! status; `RUST_LOG` filters.
//! The span names the route pattern (`/api/v1/ideas/{id}`), never the raw path, query,
//! client address or user agent, so no personal data reaches the logs. Handlers and
//! services never log tokens, passwords or email addresses; errors are logged once, where
//! they become a response.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use std::io::IsTerminal;
use tracing::Span;
use tracing_actix_web::RootSpanBuilder;
use tracing_subscriber::{EnvFilter, fmt};

/// Installs the global subscriber; safe to call more than once (tests do).
pub fn init() {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,sea_orm=warn,actix_server=warn"));
    let _ = fmt()
        .with_env_filter(filter)
        .with_target(false)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .try_init();
}

/// The request span.
pub struct RequestSpan;

impl RootSpanBuilder for RequestSpan {
    fn on_request_start(request: &ServiceRequest) -> Span {
        let route = request
            .match_pattern()
            .unwrap_or_else(|| "(unmatched)".into());
        tracing::info_span!("request", method = %request.method(), route = %route, status = tracing::field::Empty)
    }

    fn on_request_end<B: MessageBody>(
        span: Span,
        outcome: &Result<ServiceResponse<B>, actix_web::Error>,
    ) {
        let status = match outcome {
            Ok(response) => response.response().status().as_u16(),
            Err(error) => error.as_response_error().status_code().as_u16(),
        };
        span.record("status", status);
        tracing::info!(parent: &span, "answered");
    }
}

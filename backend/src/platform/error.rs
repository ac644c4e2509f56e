//! One error type for the whole API, mapped to `application/problem+json` (RFC 9457).
//! Each variant has its own status and stable `code`; `Internal` logs its cause once and
//! answers an opaque detail, so nothing about the server leaks to clients.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use api::{FieldErrors, Problem, code};
use sea_orm::{DbErr, SqlErr};

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("invalid input")]
    Validation(FieldErrors),
    #[error("malformed request: {0}")]
    Malformed(String),
    #[error("unsupported media type")]
    UnsupportedMediaType,
    #[error("sign-in required")]
    Unauthorized,
    #[error("invalid credentials")]
    InvalidCredentials,
    #[error("forbidden")]
    Forbidden,
    #[error("cross-site request refused")]
    CrossSite,
    #[error("not found")]
    NotFound,
    /// The address exists with other methods, which `Allow` lists.
    #[error("method not allowed")]
    MethodNotAllowed { allow: &'static str },
    #[error("conflict: {0}")]
    Conflict(String),
    /// A product rule refuses the action (edit window over, own idea…): 409 or 403 with
    /// a code of its own the web app translates.
    #[error("refused: {code}")]
    Refused {
        status: StatusCode,
        code: &'static str,
        detail: &'static str,
    },
    #[error("rate limited")]
    RateLimited { retry_after_secs: u64 },
    /// The database cannot be reached (down, restarting, no connection free in time):
    /// 503 with `Retry-After`, at once rather than after a long wait.
    #[error("database unavailable: {0}")]
    Unavailable(String),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    /// The same answer for another caller of work done once for several (a batch that
    /// could not reach the database): the error itself is not `Clone`.
    pub fn for_another(&self) -> ApiError {
        match self {
            ApiError::Unavailable(cause) => ApiError::Unavailable(cause.clone()),
            other => ApiError::Internal(anyhow::anyhow!("{other}")),
        }
    }

    /// The author's time to edit has run out.
    pub fn edit_window_closed() -> ApiError {
        ApiError::Refused {
            status: StatusCode::CONFLICT,
            code: code::EDIT_WINDOW_CLOSED,
            detail: "The time to edit this has run out.",
        }
    }

    /// An idea somebody supports stays: its author can no longer delete it.
    pub fn idea_has_supports() -> ApiError {
        ApiError::Refused {
            status: StatusCode::CONFLICT,
            code: code::IDEA_HAS_SUPPORTS,
            detail: "People support this idea: it can no longer be deleted.",
        }
    }

    /// The person has not confirmed their address: they read, but do not write yet.
    pub fn email_unverified() -> ApiError {
        ApiError::Refused {
            status: StatusCode::FORBIDDEN,
            code: code::EMAIL_UNVERIFIED,
            detail: "Confirm your email address first: open the link we sent you, or ask for                      a new one (POST /api/v1/auth/verify-email/resend).",
        }
    }

    /// Authors do not support their own idea.
    pub fn own_idea() -> ApiError {
        ApiError::Refused {
            status: StatusCode::FORBIDDEN,
            code: code::OWN_IDEA,
            detail: "Authors do not support their own idea; share it instead.",
        }
    }

    /// Askers do not vote for their own question.
    pub fn own_question() -> ApiError {
        ApiError::Refused {
            status: StatusCode::FORBIDDEN,
            code: code::OWN_QUESTION,
            detail: "Askers do not vote for their own question.",
        }
    }

    /// Authors do not rate their own answer.
    pub fn own_answer() -> ApiError {
        ApiError::Refused {
            status: StatusCode::FORBIDDEN,
            code: code::OWN_ANSWER,
            detail: "Authors do not rate their own answer.",
        }
    }

    /// Authors do not mark their own comment helpful.
    pub fn own_comment() -> ApiError {
        ApiError::Refused {
            status: StatusCode::FORBIDDEN,
            code: code::OWN_COMMENT,
            detail: "Authors do not mark their own comment helpful.",
        }
    }

    /// The question looks like a personal account matter.
    pub fn personal_matter() -> ApiError {
        ApiError::Refused {
            status: StatusCode::CONFLICT,
            code: code::PERSONAL_MATTER,
            detail: "This looks like a question about your own accounts: your adviser can answer it \
                     privately through your bank's secure messaging. To ask a general question \
                     anyway, send it again with `general: true`, without personal details.",
        }
    }

    /// Only an expert of the question's theme answers on the bank's behalf.
    pub fn not_an_expert() -> ApiError {
        ApiError::Refused {
            status: StatusCode::FORBIDDEN,
            code: code::NOT_AN_EXPERT,
            detail: "Only an expert of this question's theme can give an official answer.",
        }
    }

    /// The idea's status cannot follow its current one.
    pub fn transition_not_allowed() -> ApiError {
        ApiError::Refused {
            status: StatusCode::CONFLICT,
            code: code::TRANSITION_NOT_ALLOWED,
            detail: "This status cannot follow the idea's current one: nothing returns to \
                     `new`, `duplicate` is entered and left by merging and un-merging, and a \
                     status does not follow itself.",
        }
    }

    /// The thread is locked.
    pub fn thread_locked() -> ApiError {
        ApiError::Refused {
            status: StatusCode::CONFLICT,
            code: code::THREAD_LOCKED,
            detail: "This conversation is locked: it takes no new comments or answers.",
        }
    }

    /// The idea was merged into another.
    pub fn idea_merged() -> ApiError {
        ApiError::Refused {
            status: StatusCode::CONFLICT,
            code: code::IDEA_MERGED,
            detail: "This idea was merged into another one: support it and comment there.",
        }
    }

    /// Only a duplicate can be un-merged.
    pub fn not_a_duplicate() -> ApiError {
        ApiError::Refused {
            status: StatusCode::CONFLICT,
            code: code::NOT_A_DUPLICATE,
            detail: "This idea is not merged into another one.",
        }
    }

    /// One open report per person and item.
    pub fn already_reported() -> ApiError {
        ApiError::Refused {
            status: StatusCode::CONFLICT,
            code: code::ALREADY_REPORTED,
            detail: "You have already reported this; the team will look at it.",
        }
    }

    /// Admins do not take their own admin role.
    pub fn own_admin_role() -> ApiError {
        ApiError::Refused {
            status: StatusCode::CONFLICT,
            code: code::OWN_ADMIN_ROLE,
            detail: "You cannot take your own admin role: ask another admin.",
        }
    }

    /// A validation error on a single field.
    pub fn field(field: &str, issue: api::FieldIssue) -> ApiError {
        let mut errors = FieldErrors::default();
        errors.add(field, issue);
        ApiError::Validation(errors)
    }

    fn code(&self) -> &'static str {
        match self {
            ApiError::Validation(_) => code::VALIDATION,
            ApiError::Malformed(_) | ApiError::UnsupportedMediaType => code::MALFORMED,
            ApiError::Unauthorized => code::UNAUTHORIZED,
            ApiError::InvalidCredentials => code::INVALID_CREDENTIALS,
            ApiError::Forbidden => code::FORBIDDEN,
            ApiError::CrossSite => code::CSRF,
            ApiError::NotFound => code::NOT_FOUND,
            ApiError::MethodNotAllowed { .. } => code::METHOD_NOT_ALLOWED,
            ApiError::Conflict(_) => code::CONFLICT,
            ApiError::Refused { code, .. } => code,
            ApiError::RateLimited { .. } => code::RATE_LIMITED,
            ApiError::Unavailable(_) => code::UNAVAILABLE,
            ApiError::Internal(_) => code::INTERNAL,
        }
    }

    fn title_and_detail(&self) -> (&'static str, String) {
        match self {
            ApiError::Validation(_) => (
                "Invalid input",
                "Some fields are not valid; see `errors`.".into(),
            ),
            ApiError::Malformed(why) => ("Malformed request", why.clone()),
            ApiError::UnsupportedMediaType => (
                "Unsupported media type",
                "Send the body as JSON with `Content-Type: application/json`.".into(),
            ),
            ApiError::Unauthorized => ("Sign-in required", "Sign in to do this.".into()),
            ApiError::InvalidCredentials => (
                "Invalid credentials",
                "The email address or the password is not correct.".into(),
            ),
            ApiError::Forbidden => ("Forbidden", "You are not allowed to do this.".into()),
            ApiError::CrossSite => (
                "Cross-site request refused",
                "This request did not come from Cocrea's own pages.".into(),
            ),
            ApiError::NotFound => ("Not found", "Nothing exists at this address.".into()),
            ApiError::MethodNotAllowed { allow } => (
                "Method not allowed",
                format!("This address answers {allow} only."),
            ),
            ApiError::Conflict(why) => ("Conflict", why.clone()),
            ApiError::Refused { detail, .. } => ("Not allowed", (*detail).to_owned()),
            ApiError::RateLimited { retry_after_secs } => (
                "Too many requests",
                format!("Too many requests; try again in {retry_after_secs} seconds."),
            ),
            ApiError::Unavailable(_) => (
                "Service unavailable",
                format!(
                    "The service is briefly unavailable; try again in {UNAVAILABLE_RETRY_SECS} seconds."
                ),
            ),
            ApiError::Internal(_) => (
                "Internal error",
                "Something went wrong on our side; it has been logged.".into(),
            ),
        }
    }

    pub fn to_problem(&self) -> Problem {
        let (title, detail) = self.title_and_detail();
        let status = self.status_code().as_u16();
        let mut problem = Problem {
            // A URN: stable, and no promise of a page behind it.
            kind: format!("urn:cocrea:problem:{}", self.code()),
            title: title.into(),
            status,
            detail,
            code: self.code().into(),
            ..Problem::default()
        };
        if let ApiError::Validation(fields) = self {
            for (field, issues) in &fields.0 {
                problem.errors.insert(
                    field.clone(),
                    issues.iter().map(api::FieldIssue::message).collect(),
                );
                problem.issues.insert(field.clone(), issues.clone());
            }
        }
        problem
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            ApiError::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::Malformed(_) => StatusCode::BAD_REQUEST,
            ApiError::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::Unauthorized | ApiError::InvalidCredentials => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden | ApiError::CrossSite => StatusCode::FORBIDDEN,
            ApiError::NotFound => StatusCode::NOT_FOUND,
            ApiError::MethodNotAllowed { .. } => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::Conflict(_) => StatusCode::CONFLICT,
            ApiError::Refused { status, .. } => *status,
            ApiError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let ApiError::Internal(cause) = self {
            // `{:#}` prints the chain of causes; it never holds request bodies.
            tracing::error!(error = format!("{cause:#}"), "internal error");
        }
        let mut response = HttpResponse::build(self.status_code());
        response.insert_header((
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        ));
        if let ApiError::Unauthorized = self {
            response.insert_header((header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer")));
        }
        if let ApiError::MethodNotAllowed { allow } = self {
            response.insert_header((header::ALLOW, HeaderValue::from_static(allow)));
        }
        if let ApiError::RateLimited { retry_after_secs } = self {
            response.insert_header((header::RETRY_AFTER, retry_after_secs.to_string()));
        }
        if let ApiError::Unavailable(cause) = self {
            tracing::warn!(error = %cause, "database unavailable");
            response.insert_header((header::RETRY_AFTER, UNAVAILABLE_RETRY_SECS.to_string()));
        }
        response.json(self.to_problem())
    }
}

/// How long a client is asked to wait when the database cannot be reached.
pub const UNAVAILABLE_RETRY_SECS: u64 = 5;

impl From<DbErr> for ApiError {
    fn from(err: DbErr) -> ApiError {
        if unreachable(&err) {
            return ApiError::Unavailable(err.to_string());
        }
        match err.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(_)) => {
                ApiError::Conflict("This already exists.".into())
            }
            _ => match err {
                DbErr::RecordNotFound(_) => ApiError::NotFound,
                other => ApiError::Internal(anyhow::Error::new(other)),
            },
        }
    }
}

/// Whether the error says the database could not be reached, rather than that a
/// statement failed: no connection in time, a connection lost or refused, or PostgreSQL
/// shutting down or starting up (SQLSTATE classes 08, connection exception, and 57,
/// operator intervention).
fn unreachable(err: &DbErr) -> bool {
    use sea_orm::RuntimeErr;
    use sea_orm::sqlx::Error as Sqlx;
    let runtime = match err {
        DbErr::ConnectionAcquire(_) => return true,
        DbErr::Conn(runtime) | DbErr::Exec(runtime) | DbErr::Query(runtime) => runtime,
        _ => return false,
    };
    let RuntimeErr::SqlxError(sqlx) = runtime else {
        return false;
    };
    match sqlx.as_ref() {
        Sqlx::Io(_) | Sqlx::Tls(_) | Sqlx::PoolTimedOut | Sqlx::PoolClosed => true,
        Sqlx::WorkerCrashed | Sqlx::Protocol(_) => true,
        Sqlx::Database(db) => db
            .code()
            .is_some_and(|code| code.starts_with("08") || code.starts_with("57")),
        _ => false,
    }
}

/// Turns actix's extractor failures (bad JSON, wrong content type, bad path or query)
/// into problem documents instead of plain-text 400s.
pub mod extract {
    use super::ApiError;
    use actix_web::error::{JsonPayloadError, PathError, QueryPayloadError};
    use actix_web::{Error, HttpRequest, web};

    pub fn json_config() -> web::JsonConfig {
        web::JsonConfig::default().limit(256 * 1024).error_handler(
            |err, _req: &HttpRequest| -> Error {
                match err {
                    JsonPayloadError::ContentType => ApiError::UnsupportedMediaType.into(),
                    JsonPayloadError::Overflow { .. }
                    | JsonPayloadError::OverflowKnownLength { .. } => {
                        ApiError::Malformed("The body is too large.".into()).into()
                    }
                    JsonPayloadError::Deserialize(e) => {
                        ApiError::Malformed(format!("The JSON body does not fit this route: {e}"))
                            .into()
                    }
                    _ => ApiError::Malformed("The body is not valid JSON.".into()).into(),
                }
            },
        )
    }

    pub fn path_config() -> web::PathConfig {
        web::PathConfig::default().error_handler(|_err: PathError, _req| ApiError::NotFound.into())
    }

    pub fn query_config() -> web::QueryConfig {
        web::QueryConfig::default().error_handler(|err: QueryPayloadError, _req| {
            ApiError::Malformed(format!("The query string is not valid: {err}")).into()
        })
    }
}

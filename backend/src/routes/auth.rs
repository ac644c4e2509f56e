//! `/api/v1/auth/*`: sign-up, sign-in, sign-out and tokens for scripts.

use crate::auth::{CurrentUser, refuse_foreign_origin, removal_cookie, session_cookie};
use crate::error::{ApiError, ApiResult};
use crate::limits::Action;
use crate::services::accounts::{self, SessionKind};
use crate::startup::AppState;
use actix_web::{HttpRequest, HttpResponse, post, web};
use api::{Credentials, Me, Problem, Signup, TokenView};

/// Creates a member account and signs it in (session cookie).
#[utoipa::path(post, path = "/api/v1/auth/signup", tag = "auth", request_body = Signup,
    responses(
        (status = 429, description = "Too many requests: wait `Retry-After` seconds", body = Problem),
        (status = 201, description = "Account created and signed in", body = Me),
        (status = 400, description = "Malformed body", body = Problem),
        (status = 403, description = "Cross-site request", body = Problem),
        (status = 415, description = "Not JSON", body = Problem),
        (status = 422, description = "Invalid fields, or email taken", body = Problem),
    ))]
#[post("/auth/signup")]
pub async fn signup(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Json<Signup>,
) -> ApiResult<HttpResponse> {
    refuse_foreign_origin(&req, &state)?;
    state.limits.check(&req, Action::SignUp, None).await?;
    let signed_in = accounts::sign_up(&state.db, &state.keys, body.into_inner()).await?;
    Ok(HttpResponse::Created()
        .cookie(session_cookie(signed_in.token, &state))
        .json(signed_in.me))
}

/// Signs in with an email and a password (session cookie).
#[utoipa::path(post, path = "/api/v1/auth/login", tag = "auth", request_body = Credentials,
    responses(
        (status = 429, description = "Too many requests: wait `Retry-After` seconds", body = Problem),
        (status = 200, description = "Signed in", body = Me),
        (status = 400, description = "Malformed body", body = Problem),
        (status = 401, description = "Wrong email or password (never says which)", body = Problem),
        (status = 422, description = "Email or password left empty", body = Problem),
        (status = 403, description = "Cross-site request", body = Problem),
        (status = 415, description = "Not JSON", body = Problem),
    ))]
#[post("/auth/login")]
pub async fn login(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Json<Credentials>,
) -> ApiResult<HttpResponse> {
    refuse_foreign_origin(&req, &state)?;
    let signed_in = sign_in(
        &req,
        &state,
        Action::LogIn,
        body.into_inner(),
        SessionKind::Browser,
    )
    .await?;
    Ok(HttpResponse::Ok()
        .cookie(session_cookie(signed_in.token, &state))
        .json(signed_in.me))
}

/// Ends the current session (the cookie's or the bearer token's).
#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "auth",
    responses(
        (status = 204, description = "Signed out"),
        (status = 401, description = "Not signed in", body = Problem),
        (status = 403, description = "Cross-site request", body = Problem),
    ))]
#[post("/auth/logout")]
pub async fn logout(state: web::Data<AppState>, user: CurrentUser) -> ApiResult<HttpResponse> {
    accounts::sign_out(&state.db, &user.session_id).await?;
    Ok(HttpResponse::NoContent()
        .cookie(removal_cookie(&state))
        .finish())
}

/// A bearer token for scripts: `Authorization: Bearer <token>`.
#[utoipa::path(post, path = "/api/v1/auth/token", tag = "auth", request_body = Credentials,
    responses(
        (status = 429, description = "Too many requests: wait `Retry-After` seconds", body = Problem),
        (status = 200, description = "A token", body = TokenView),
        (status = 400, description = "Malformed body", body = Problem),
        (status = 401, description = "Wrong email or password", body = Problem),
        (status = 422, description = "Email or password left empty", body = Problem),
        (status = 415, description = "Not JSON", body = Problem),
    ))]
#[post("/auth/token")]
pub async fn token(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Json<Credentials>,
) -> ApiResult<HttpResponse> {
    let signed_in = sign_in(
        &req,
        &state,
        Action::Token,
        body.into_inner(),
        SessionKind::Token,
    )
    .await?;
    Ok(HttpResponse::Ok().json(TokenView {
        token: signed_in.token,
        expires_at: signed_in.expires_at,
    }))
}

/// Signs in within the limits: the address's attempts, then the account's recent
/// failures (a failure counts against the account named, whether it exists or not).
async fn sign_in(
    req: &HttpRequest,
    state: &AppState,
    action: Action,
    credentials: Credentials,
    kind: SessionKind,
) -> ApiResult<accounts::SignedIn> {
    state.limits.check(req, action, None).await?;
    state.limits.check_failures(&credentials.email).await?;
    let email = credentials.email.clone();
    let result =
        accounts::sign_in(&state.db, &state.keys, &state.dummy_hash, credentials, kind).await;
    if let Err(ApiError::InvalidCredentials) = &result {
        state.limits.failed(&email).await?;
    }
    result
}

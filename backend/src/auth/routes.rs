//! `/api/v1/auth/*`: sign-up, sign-in, sign-out, tokens for scripts, confirming an
//! address and resetting a password.

use crate::auth::accounts::{self, SessionKind};
use crate::auth::identity;
use crate::domain::Email;
use crate::platform::auth::SignedIn;
use crate::platform::auth::refuse_foreign_origin;
use crate::platform::auth::removal_cookie;
use crate::platform::auth::session_cookie;
use crate::platform::error::{ApiError, ApiResult};
use crate::platform::limits::Action;
use crate::platform::state::AppState;
use actix_web::{HttpRequest, HttpResponse, post, web};
use api::{
    Credentials, Me, PasswordReset, PasswordResetRequest, Problem, Signup, TokenView, VerifyEmail,
};

/// Creates a member account and signs it in (session cookie).
#[utoipa::path(tag = "auth", request_body = Signup,
    responses(
        (status = 403, description = "Cross-site request", body = Problem),
        (status = 429, description = "Too many requests: wait `Retry-After` seconds", body = Problem),
        (status = 201, description = "Account created and signed in; a link to confirm the address is e-mailed (until it is opened, writes answer 403 `email_unverified`)", body = Me),
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
    let signed_in = accounts::sign_up(
        &state.db,
        &state.keys,
        &state.email_links,
        body.into_inner(),
        user_agent(&req),
    )
    .await?;
    Ok(HttpResponse::Created()
        .cookie(session_cookie(signed_in.token, &state))
        .json(signed_in.me))
}

/// Signs in with an email and a password (session cookie).
#[utoipa::path(tag = "auth", request_body = Credentials,
    responses(
        (status = 403, description = "Cross-site request", body = Problem),
        (status = 429, description = "Too many requests: wait `Retry-After` seconds", body = Problem),
        (status = 200, description = "Signed in", body = Me),
        (status = 401, description = "Wrong email or password (never says which)", body = Problem),
        (status = 422, description = "Email or password left empty", body = Problem),
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
#[utoipa::path(tag = "auth",
    responses(
        (status = 401, description = "Not signed in", body = Problem),
        (status = 403, description = "Cross-site request", body = Problem),
        (status = 204, description = "Signed out"),
    ))]
#[post("/auth/logout")]
pub async fn logout(state: web::Data<AppState>, user: SignedIn) -> ApiResult<HttpResponse> {
    let SignedIn(user) = user;
    accounts::sign_out(&state.db, &user.session_id).await?;
    Ok(HttpResponse::NoContent()
        .cookie(removal_cookie(&state))
        .finish())
}

/// A bearer token for scripts: `Authorization: Bearer <token>`.
#[utoipa::path(tag = "auth", request_body = Credentials,
    responses(
        (status = 429, description = "Too many requests: wait `Retry-After` seconds", body = Problem),
        (status = 200, description = "A token", body = TokenView),
        (status = 401, description = "Wrong email or password", body = Problem),
        (status = 422, description = "Email or password left empty", body = Problem),
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
    let result = accounts::sign_in(
        &state.db,
        &state.keys,
        &state.config.secret,
        &state.dummy_hash,
        credentials,
        kind,
        user_agent(req),
    )
    .await;
    // A wrong second factor counts like a wrong password: the account's failures lock it.
    if let Err(
        ApiError::InvalidCredentials
        | ApiError::Refused {
            code: api::code::TWO_FACTOR_INVALID,
            ..
        },
    ) = &result
    {
        state.limits.failed(&email).await?;
    }
    result
}

/// Confirms an address with the token of the link e-mailed to it: the sign-up address, or
/// a new address, which then replaces the old one. No sign-in needed: the link is proof.
#[utoipa::path(tag = "auth", request_body = VerifyEmail,
    responses(
        (status = 204, description = "Address confirmed"),
        (status = 400, description = "Malformed body, or a link used already, expired or unknown (`invalid_link`)", body = Problem),
        (status = 422, description = "The new address is now used by another account", body = Problem),
        (status = 429, description = "Too many requests: wait `Retry-After` seconds", body = Problem),
    ))]
#[post("/auth/verify-email")]
pub async fn verify_email(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Json<VerifyEmail>,
) -> ApiResult<HttpResponse> {
    state.limits.check(&req, Action::Reset, None).await?;
    identity::verify_email(&state.db, &body.token).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Sends a new link to confirm the signed-in person's address (the earlier one stops
/// working); nothing when it is confirmed already.
#[utoipa::path(tag = "auth",
    responses(
        (status = 204, description = "Sent, unless the address is confirmed already"),
        (status = 429, description = "Too many requests: wait `Retry-After` seconds", body = Problem),
    ),
    security(("cookie" = []), ("bearer" = [])))]
#[post("/auth/verify-email/resend")]
pub async fn resend_verification(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: SignedIn,
) -> ApiResult<HttpResponse> {
    let SignedIn(user) = user;
    state.limits.check(&req, Action::Mail, Some(&user)).await?;
    identity::resend_verification(&state.db, &state.email_links, &user.user).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Asks for a link to reset a forgotten password. The answer is the same, and comes as
/// fast, whether or not an account uses the address: the link is sent afterwards, to an
/// account's address only.
#[utoipa::path(tag = "auth", request_body = PasswordResetRequest,
    responses(
        (status = 403, description = "Cross-site request", body = Problem),
        (status = 202, description = "If an account uses this address, a link is on its way"),
        (status = 422, description = "Not an email address", body = Problem),
        (status = 429, description = "Too many requests: wait `Retry-After` seconds", body = Problem),
    ))]
#[post("/auth/password-reset")]
pub async fn request_password_reset(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Json<PasswordResetRequest>,
) -> ApiResult<HttpResponse> {
    refuse_foreign_origin(&req, &state)?;
    let email = body.into_inner().email;
    state.limits.check_reset(&req, &email).await?;
    // Whether it is an address says nothing about accounts.
    Email::parse(&email).map_err(|issue| ApiError::field("email", issue))?;
    // Looking the address up, and writing the link, happen after the answer.
    let state = state.into_inner();
    actix_web::rt::spawn(async move {
        if let Err(error) = identity::request_reset(&state.db, &state.email_links, &email).await {
            tracing::error!(error = %error, "a password reset link could not be queued");
        }
    });
    Ok(HttpResponse::Accepted().finish())
}

/// Sets a new password with the token of a reset link. Every session of the account ends
/// (sign in again), and a notice is e-mailed.
#[utoipa::path(tag = "auth", request_body = PasswordReset,
    responses(
        (status = 403, description = "Cross-site request", body = Problem),
        (status = 204, description = "Password changed; every session ended"),
        (status = 400, description = "Malformed body, or a link used already, expired or unknown (`invalid_link`)", body = Problem),
        (status = 422, description = "The new password is not valid", body = Problem),
        (status = 429, description = "Too many requests: wait `Retry-After` seconds", body = Problem),
    ))]
#[post("/auth/password-reset/confirm")]
pub async fn reset_password(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Json<PasswordReset>,
) -> ApiResult<HttpResponse> {
    refuse_foreign_origin(&req, &state)?;
    state.limits.check(&req, Action::Reset, None).await?;
    identity::reset_password(&state.db, body.into_inner()).await?;
    Ok(HttpResponse::NoContent()
        .cookie(removal_cookie(&state))
        .finish())
}

/// The request's `User-Agent`, for the person to recognise their sessions by.
pub(super) fn user_agent(req: &HttpRequest) -> Option<String> {
    req.headers()
        .get(actix_web::http::header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .map(|ua| ua.chars().take(300).collect())
}

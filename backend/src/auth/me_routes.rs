//! `/api/v1/me`: the signed-in person.

use crate::auth::accounts;
use crate::auth::client_codes;
use crate::auth::identity;
use crate::auth::two_factor;
use crate::platform::auth::CurrentUser;
use crate::platform::auth::SignedIn;
use crate::platform::error::ApiResult;
use crate::platform::limits::Action;
use crate::platform::state::AppState;
use actix_web::{HttpRequest, HttpResponse, delete, get, post, web};
use api::{
    ChangeEmail, ChangePassword, ClientCode, Me, Problem, RecoveryCodes, SessionList,
    TwoFactorCode, TwoFactorSetup, TwoFactorStatus,
};

/// The signed-in person: id, display name, roles, client flag.
#[utoipa::path(tag = "me",
    responses(
        (status = 200, description = "The signed-in person", body = Me),
    ),
    security(("cookie" = []), ("bearer" = [])))]
#[get("/me")]
pub async fn get_me(user: CurrentUser) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(accounts::me(&user.user, user.roles.clone()))
}

/// Changes one's password; every other session ends.
#[utoipa::path(tag = "me", request_body = ChangePassword,
    responses(
        (status = 204, description = "Changed; other sessions ended"),
        (status = 422, description = "Wrong current password or invalid new one", body = Problem),
    ),
    security(("cookie" = []), ("bearer" = [])))]
#[post("/me/password")]
pub async fn change_password(
    state: web::Data<AppState>,
    user: SignedIn,
    body: web::Json<ChangePassword>,
) -> ApiResult<HttpResponse> {
    let SignedIn(user) = user;
    accounts::change_password(&state.db, &user.user, &user.session_id, body.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Starts a change of address: a link to confirm it is e-mailed to the new address, and a
/// notice to the current one. Nothing changes until the link is opened.
#[utoipa::path(tag = "me", request_body = ChangeEmail,
    responses(
        (status = 202, description = "A confirmation link is on its way to the new address"),
        (status = 422, description = "Wrong password, or an address that is invalid, the same or taken", body = Problem),
        (status = 429, description = "Too many requests: wait `Retry-After` seconds", body = Problem),
    ),
    security(("cookie" = []), ("bearer" = [])))]
#[post("/me/email")]
pub async fn change_email(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: SignedIn,
    body: web::Json<ChangeEmail>,
) -> ApiResult<HttpResponse> {
    let SignedIn(user) = user;
    state.limits.check(&req, Action::Mail, Some(&user)).await?;
    identity::change_email(&state.db, &state.email_links, &user, body.into_inner()).await?;
    Ok(HttpResponse::Accepted().finish())
}

/// Becomes a client of the bank with a one-time code the bank gave (for banks without
/// OpenID Connect). A code works once; every code tried counts against a limit.
#[utoipa::path(tag = "me", request_body = ClientCode,
    responses(
        (status = 200, description = "A client now", body = Me),
        (status = 403, description = "Cross-site request, or the address is not confirmed", body = Problem),
        (status = 422, description = "Not a valid code: unknown, used or expired", body = Problem),
        (status = 429, description = "Too many requests: wait `Retry-After` seconds", body = Problem),
    ),
    security(("cookie" = []), ("bearer" = [])))]
#[post("/me/client-code")]
pub async fn redeem_client_code(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
    body: web::Json<ClientCode>,
) -> ApiResult<HttpResponse> {
    state.limits.check(&req, Action::Code, Some(&user)).await?;
    client_codes::redeem(&state.db, &state.config.secret, &user, &body.code).await?;
    let mut roles = user.roles.clone();
    if !roles.contains(&api::Role::Client) {
        roles.push(api::Role::Client);
        roles.sort();
    }
    let mut person = user.user.clone();
    person.is_client = true;
    Ok(HttpResponse::Ok().json(accounts::me(&person, roles)))
}

/// The signed-in person's live sessions: device, opened, last used; the current one marked.
#[utoipa::path(tag = "me",
    responses(
        (status = 200, description = "The live sessions, the latest used first", body = SessionList),
    ),
    security(("cookie" = []), ("bearer" = [])))]
#[get("/me/sessions")]
pub async fn list_sessions(state: web::Data<AppState>, user: SignedIn) -> ApiResult<HttpResponse> {
    let list = accounts::sessions_of(&state.db, &user.0).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(list))
}

/// Ends every session but this one (sign out everywhere else).
#[utoipa::path(tag = "me",
    responses(
        (status = 204, description = "Every other session ended"),
    ),
    security(("cookie" = []), ("bearer" = [])))]
#[delete("/me/sessions")]
pub async fn end_other_sessions(
    state: web::Data<AppState>,
    user: SignedIn,
) -> ApiResult<HttpResponse> {
    accounts::end_other_sessions(&state.db, &user.0).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Ends one of one's sessions (this one too: that signs out here).
#[utoipa::path(tag = "me",
    params(("id" = String, Path, description = "A session's id, from the list")),
    responses(
        (status = 204, description = "Ended"),
        (status = 404, description = "No such session of yours", body = Problem),
    ),
    security(("cookie" = []), ("bearer" = [])))]
#[delete("/me/sessions/{id}")]
pub async fn end_session(
    state: web::Data<AppState>,
    user: SignedIn,
    id: web::Path<String>,
) -> ApiResult<HttpResponse> {
    accounts::end_session(&state.db, &user.0, &id).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Whether two-factor authentication is on, how many recovery codes are left, whether
/// this person must keep it (staff, when the bank requires it) and whether this session
/// passed it.
#[utoipa::path(tag = "me",
    responses(
        (status = 200, description = "Two-factor authentication, for the signed-in person", body = TwoFactorStatus),
    ),
    security(("cookie" = []), ("bearer" = [])))]
#[get("/me/two-factor")]
pub async fn two_factor_status(
    state: web::Data<AppState>,
    user: CurrentUser,
) -> ApiResult<HttpResponse> {
    let status = two_factor::status(&state.db, &user, state.config.staff_two_factor).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(status))
}

/// Starts setting up two-factor authentication: a new secret for an authenticator app
/// (as a QR code, an `otpauth://` URI and base32 text); nothing changes until a code from
/// the app confirms it.
#[utoipa::path(tag = "me",
    responses(
        (status = 200, description = "A secret to add to the app", body = TwoFactorSetup),
        (status = 403, description = "Cross-site request, or the address is not confirmed", body = Problem),
        (status = 409, description = "Already on (`two_factor_on`)", body = Problem),
    ),
    security(("cookie" = []), ("bearer" = [])))]
#[post("/me/two-factor/setup")]
pub async fn two_factor_setup(
    state: web::Data<AppState>,
    user: CurrentUser,
) -> ApiResult<HttpResponse> {
    let setup = two_factor::begin(&state.db, &state.config.secret, &user).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(setup))
}

/// What every operation that takes a code from the authenticator app can answer, beside
/// its own success and conflict.
#[derive(utoipa::IntoResponses)]
#[allow(dead_code)] // Describes answers the error type produces; never built.
enum CodeRefusals {
    #[response(status = 400, description = "Malformed body")]
    Malformed(Problem),
    #[response(status = 401, description = "Not signed in")]
    Unauthorized(Problem),
    #[response(
        status = 403,
        description = "Cross-site request, or the address is not confirmed"
    )]
    Forbidden(Problem),
    #[response(status = 415, description = "Not JSON")]
    NotJson(Problem),
    #[response(status = 422, description = "Wrong or spent code")]
    WrongCode(Problem),
    #[response(
        status = 429,
        description = "Too many requests: wait `Retry-After` seconds"
    )]
    RateLimited(Problem),
}

/// Turns two-factor authentication on with a first code from the app; answers ten
/// recovery codes, shown once. This session counts as having passed it.
#[utoipa::path(tag = "me", request_body = TwoFactorCode,
    responses(
        (status = 200, description = "On; the recovery codes, shown once", body = RecoveryCodes),
        (status = 409, description = "No set-up under way", body = Problem),
        CodeRefusals,
    ),
    security(("cookie" = []), ("bearer" = [])))]
#[post("/me/two-factor/enable")]
pub async fn two_factor_enable(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
    body: web::Json<TwoFactorCode>,
) -> ApiResult<HttpResponse> {
    code_tried(&req, &state, &user).await?;
    let codes = two_factor::enable(&state.db, &state.config.secret, &user, &body.code).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(codes))
}

/// This session passes the second factor (after signing in with the bank, say): staff
/// routes answer once it has, when the bank requires it.
#[utoipa::path(tag = "me", request_body = TwoFactorCode,
    responses(
        (status = 204, description = "This session passed the second factor"),
        (status = 409, description = "Two-factor authentication is off", body = Problem),
        CodeRefusals,
    ),
    security(("cookie" = []), ("bearer" = [])))]
#[post("/me/two-factor/check")]
pub async fn two_factor_check(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
    body: web::Json<TwoFactorCode>,
) -> ApiResult<HttpResponse> {
    code_tried(&req, &state, &user).await?;
    two_factor::check_session(&state.db, &state.config.secret, &user, &body.code).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Ten new recovery codes, shown once; the old ones stop working.
#[utoipa::path(tag = "me", request_body = TwoFactorCode,
    responses(
        (status = 200, description = "The new recovery codes, shown once", body = RecoveryCodes),
        (status = 409, description = "Two-factor authentication is off", body = Problem),
        CodeRefusals,
    ),
    security(("cookie" = []), ("bearer" = [])))]
#[post("/me/two-factor/recovery-codes")]
pub async fn two_factor_recovery_codes(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
    body: web::Json<TwoFactorCode>,
) -> ApiResult<HttpResponse> {
    code_tried(&req, &state, &user).await?;
    let codes =
        two_factor::renew_recovery_codes(&state.db, &state.config.secret, &user, &body.code)
            .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(codes))
}

/// Turns two-factor authentication off, with a code; staff who must keep it get 409
/// `two_factor_kept`.
#[utoipa::path(tag = "me", request_body = TwoFactorCode,
    responses(
        (status = 204, description = "Off; the recovery codes are gone"),
        (status = 409, description = "Off already, or kept by the person's role (`two_factor_kept`)", body = Problem),
        CodeRefusals,
    ),
    security(("cookie" = []), ("bearer" = [])))]
#[post("/me/two-factor/disable")]
pub async fn two_factor_disable(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
    body: web::Json<TwoFactorCode>,
) -> ApiResult<HttpResponse> {
    code_tried(&req, &state, &user).await?;
    two_factor::disable(
        &state.db,
        &state.config.secret,
        &user,
        &body.code,
        state.config.staff_two_factor,
    )
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Counts a code of an authenticator app (or a recovery code) tried in the settings: 429
/// past the limit, before the code is looked at.
async fn code_tried(req: &HttpRequest, state: &AppState, user: &CurrentUser) -> ApiResult<()> {
    state
        .limits
        .check(req, Action::SecondFactor, Some(user))
        .await
}

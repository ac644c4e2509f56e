//! Accounts: signing up and in, e-mail links, sessions, two factors, client codes (`/api/v1/auth/*`, `/api/v1/me/*`).

use super::*;

/// The signed-in person, or `None` when nobody is.
pub async fn me() -> ApiResult<Option<Me>> {
    match get_json::<Me>("/api/v1/me").await {
        Ok(me) => Ok(Some(me)),
        Err(e) if e.status() == Some(401) => Ok(None),
        Err(e) => Err(e),
    }
}

pub async fn sign_up(body: Signup) -> ApiResult<Me> {
    send_json(Request::post("/api/v1/auth/signup"), &body).await
}

pub async fn sign_in(body: Credentials) -> ApiResult<Me> {
    send_json(Request::post("/api/v1/auth/login"), &body).await
}

pub async fn sign_out() -> ApiResult<()> {
    send_empty(Request::post("/api/v1/auth/logout")).await
}

/// Confirms an address with the token of an e-mail's link.
pub async fn verify_email(body: VerifyEmail) -> ApiResult<()> {
    send(Request::post("/api/v1/auth/verify-email"), &body)
        .await
        .map(|_| ())
}

/// Sends a new link to confirm the signed-in person's address.
pub async fn resend_verification() -> ApiResult<()> {
    send_empty(Request::post("/api/v1/auth/verify-email/resend")).await
}

/// Asks for a password reset link (the answer says nothing about the address).
pub async fn request_password_reset(body: PasswordResetRequest) -> ApiResult<()> {
    send(Request::post("/api/v1/auth/password-reset"), &body)
        .await
        .map(|_| ())
}

/// Sets a new password with a reset link's token; every session ends.
pub async fn reset_password(body: PasswordReset) -> ApiResult<()> {
    send(Request::post("/api/v1/auth/password-reset/confirm"), &body)
        .await
        .map(|_| ())
}

/// Starts a change of address: a link goes to the new one.
pub async fn change_email(body: ChangeEmail) -> ApiResult<()> {
    send(Request::post("/api/v1/me/email"), &body)
        .await
        .map(|_| ())
}

/// Becomes a client with a one-time code from the bank.
pub async fn redeem_client_code(body: ClientCode) -> ApiResult<Me> {
    send_json(Request::post("/api/v1/me/client-code"), &body).await
}

/// The signed-in person's live sessions.
pub async fn sessions() -> ApiResult<SessionList> {
    get_json("/api/v1/me/sessions").await
}

/// Ends one of one's sessions.
pub async fn end_session(id: String) -> ApiResult<()> {
    send_empty(Request::delete(&format!("/api/v1/me/sessions/{id}"))).await
}

/// Ends every session but this one.
pub async fn end_other_sessions() -> ApiResult<()> {
    send_empty(Request::delete("/api/v1/me/sessions")).await
}

/// Two-factor authentication, for the signed-in person.
pub async fn two_factor() -> ApiResult<TwoFactorStatus> {
    get_json("/api/v1/me/two-factor").await
}

/// A new secret for an authenticator app, to confirm with a first code.
pub async fn two_factor_setup() -> ApiResult<TwoFactorSetup> {
    send_json(Request::post("/api/v1/me/two-factor/setup"), &()).await
}

/// Turns two-factor authentication on; the recovery codes come back, shown once.
pub async fn two_factor_enable(body: TwoFactorCode) -> ApiResult<RecoveryCodes> {
    send_json(Request::post("/api/v1/me/two-factor/enable"), &body).await
}

/// This session passes the second factor.
pub async fn two_factor_check(body: TwoFactorCode) -> ApiResult<()> {
    send(Request::post("/api/v1/me/two-factor/check"), &body)
        .await
        .map(|_| ())
}

/// Ten new recovery codes.
pub async fn two_factor_recovery_codes(body: TwoFactorCode) -> ApiResult<RecoveryCodes> {
    send_json(Request::post("/api/v1/me/two-factor/recovery-codes"), &body).await
}

/// Turns two-factor authentication off.
pub async fn two_factor_disable(body: TwoFactorCode) -> ApiResult<()> {
    send(Request::post("/api/v1/me/two-factor/disable"), &body)
        .await
        .map(|_| ())
}

/// The ways to sign in besides a password (the bank's, when set up).
pub async fn providers() -> ApiResult<SignInProviders> {
    get_json("/api/v1/auth/providers").await
}

/// Changes the password; the server ends every other session.
pub async fn change_password(body: ChangePassword) -> ApiResult<()> {
    send(Request::post("/api/v1/me/password"), &body)
        .await
        .map(|_| ())
}

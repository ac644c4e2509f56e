//! `/api/v1/auth/oidc/*`: sign-in with the bank (OpenID Connect), and `providers`, which
//! tells the web app whether to offer it. The start and the callback are browser
//! navigations answered with redirects; every failure lands on the sign-in page (or the
//! settings, when linking) with a code the web app explains, and creates nothing.

use crate::auth::bank_sign_in::{self, Outcome};
use crate::platform::auth::CurrentUser;
use crate::platform::auth::session_cookie;
use crate::platform::bank::{Failure, PENDING_COOKIE, PENDING_MINUTES, Pending};
use crate::platform::error::ApiResult;
use crate::platform::state::AppState;
use actix_web::cookie::{Cookie, SameSite, time::Duration as CookieDuration};
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use api::{BankProvider, Problem, SignInProviders};
use serde::Deserialize;

const COOKIE_PATH: &str = "/api/v1/auth/oidc";

/// The ways to sign in besides a password: the bank's, when it is set up.
#[utoipa::path(tag = "auth",
    responses((status = 200, description = "The sign-in providers", body = SignInProviders)))]
#[get("/auth/providers")]
pub async fn providers(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok().json(SignInProviders {
        bank: state.bank.as_ref().map(|bank| BankProvider {
            label: bank.label().to_owned(),
        }),
    })
}

/// Where to go once signed in: a path of this site, or the profile.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StartQuery {
    /// A path of this site to come back to (the profile otherwise).
    pub next: Option<String>,
}

/// Starts a sign-in with the bank: redirects to the bank's OpenID Provider, with PKCE,
/// `state` and `nonce` remembered in a signed cookie for ten minutes.
#[utoipa::path(tag = "auth", params(StartQuery),
    responses(
        (status = 303, description = "To the bank's sign-in page; or, when the bank cannot be reached or sign-in with the bank is not set up, to `/login?oidc_error=…`"),
    ))]
#[get("/auth/oidc/start")]
pub async fn start(state: web::Data<AppState>, query: web::Query<StartQuery>) -> HttpResponse {
    let next = safe_next(query.next.as_deref());
    begin(&state, next, None).await
}

/// Links the signed-in person's account to their identity at the bank: the same journey
/// as a sign-in, back to the settings. A form's POST, so another site cannot start it.
#[utoipa::path(tag = "auth",
    responses(
        (status = 303, description = "To the bank's sign-in page; or to `/settings?bank_error=…`"),
        (status = 403, description = "Cross-site request, or the address is not confirmed", body = Problem),
    ),
    security(("cookie" = []), ("bearer" = [])))]
#[post("/auth/oidc/link")]
pub async fn link(state: web::Data<AppState>, user: CurrentUser) -> HttpResponse {
    begin(&state, "/settings".to_owned(), Some(user.user.id)).await
}

async fn begin(state: &AppState, next: String, link_user: Option<i64>) -> HttpResponse {
    let Some(bank) = &state.bank else {
        return failed(state, Failure::NotConfigured, link_user.is_some());
    };
    match bank.start(next, link_user).await {
        Ok((url, pending)) => HttpResponse::SeeOther()
            .insert_header((header::LOCATION, url))
            .insert_header((header::CACHE_CONTROL, "no-store"))
            .cookie(pending_cookie(state, pending.seal(&state.config.secret)))
            .finish(),
        Err(failure) => failed(state, failure, link_user.is_some()),
    }
}

/// The bank's answer.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CallbackQuery {
    pub code: Option<String>,
    pub state: Option<String>,
    /// Set by the bank when the sign-in did not happen (`access_denied`: cancelled).
    pub error: Option<String>,
    /// The issuer, as RFC 9207 adds it.
    pub iss: Option<String>,
}

/// Where the bank sends the person back: checks the answer against the sign-in started
/// here (state, never seen before), exchanges the code with the PKCE verifier, checks the
/// ID token (signature, issuer, audience, expiry, nonce), then signs the person in,
/// creating their account on a first visit, or links the identity.
#[utoipa::path(tag = "auth", params(CallbackQuery),
    responses(
        (status = 303, description = "Signed in: to where the sign-in started (session cookie set); linked: to `/settings?bank=linked`; otherwise to `/login?oidc_error=…` (or `/settings?bank_error=…`), nothing created"),
    ))]
#[get("/auth/oidc/callback")]
pub async fn callback(
    req: HttpRequest,
    state: web::Data<AppState>,
    query: web::Query<CallbackQuery>,
) -> ApiResult<HttpResponse> {
    let pending = req
        .cookie(PENDING_COOKIE)
        .and_then(|cookie| Pending::open(cookie.value(), &state.config.secret));
    let linking = pending.as_ref().is_some_and(|p| p.link_user.is_some());
    let fail = |failure| Ok(failed(&state, failure, linking));
    let Some(bank) = &state.bank else {
        return fail(Failure::NotConfigured);
    };
    let Some(pending) = pending else {
        return fail(Failure::Expired);
    };
    if query.state.as_deref() != Some(pending.state.as_str()) {
        return fail(Failure::Expired);
    }
    if let Some(error) = &query.error {
        return fail(if error == "access_denied" {
            Failure::Cancelled
        } else {
            Failure::Refused
        });
    }
    let Some(code) = query.code.as_deref() else {
        return fail(Failure::Refused);
    };
    if let Err(failure) = bank_sign_in::claim_state(&state.db, &pending.state).await? {
        return fail(failure);
    }
    let person = match bank.finish(&pending, code).await {
        Ok(person) => person,
        Err(failure) => return fail(failure),
    };
    let user_agent = crate::auth::routes::user_agent(&req);
    let outcome = bank_sign_in::complete(
        &state.db,
        &state.keys,
        &state.email_links,
        &pending,
        person,
        user_agent,
    )
    .await?;
    Ok(match outcome {
        Outcome::SignedIn(signed_in) => HttpResponse::SeeOther()
            .insert_header((header::LOCATION, pending.next.clone()))
            .insert_header((header::CACHE_CONTROL, "no-store"))
            .cookie(session_cookie(signed_in.token, &state))
            .cookie(removed_pending_cookie(&state))
            .finish(),
        Outcome::Linked => HttpResponse::SeeOther()
            .insert_header((header::LOCATION, "/settings?bank=linked"))
            .cookie(removed_pending_cookie(&state))
            .finish(),
        Outcome::Failed(failure) => failed(&state, failure, linking),
    })
}

/// To the sign-in page (or the settings, when linking), saying what went wrong.
fn failed(state: &AppState, failure: Failure, linking: bool) -> HttpResponse {
    let to = if linking {
        format!("/settings?bank_error={}", failure.code())
    } else {
        format!("/login?oidc_error={}", failure.code())
    };
    tracing::info!(
        reason = failure.code(),
        "sign-in with the bank did not complete"
    );
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, to))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .cookie(removed_pending_cookie(state))
        .finish()
}

fn pending_cookie(state: &AppState, value: String) -> Cookie<'static> {
    Cookie::build(PENDING_COOKIE, value)
        .path(COOKIE_PATH)
        .http_only(true)
        // Lax: sent with the bank's top-level redirect back here, not with other sites'
        // requests.
        .same_site(SameSite::Lax)
        .secure(state.config.is_https())
        .max_age(CookieDuration::minutes(PENDING_MINUTES))
        .finish()
}

fn removed_pending_cookie(state: &AppState) -> Cookie<'static> {
    let mut cookie = pending_cookie(state, String::new());
    cookie.make_removal();
    cookie
}

/// A path of this site to go to, or the profile.
fn safe_next(next: Option<&str>) -> String {
    next.filter(|n| api::is_local_path(n))
        .unwrap_or("/profile")
        .to_owned()
}

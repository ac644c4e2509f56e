//! Who is asking: password hashing, signed session tokens, and the extractors handlers use
//! to require a signed-in person (`CurrentUser`) or a staff role (`Moderator`, `Admin`).
//!
//! A token is a JWT (HS256 only, see [`crate::platform::auth::hs256`], with an expiry) naming a row of `sessions`; the row is
//! checked on every request, so logging out or changing one's password really ends a
//! session, and roles are read fresh, so a revoked role stops working at once.

pub mod announce;
pub mod caller;
pub mod hs256;
pub mod keys;
pub mod passwords;
pub mod session;
pub mod watch;

use crate::platform::cache::ReadCache;
use crate::platform::error::ApiError;
use crate::platform::state::AppState;
use actix_web::HttpMessage;
use actix_web::body::MessageBody;
use actix_web::cookie::{Cookie, SameSite, time::Duration as CookieDuration};
use actix_web::dev::Payload;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{Method, header};
use actix_web::middleware::Next;
use actix_web::{FromRequest, HttpRequest, web};
use api::Role;
use std::future::{Ready, ready};

pub use caller::{CurrentUser, SESSION_COOKIE, SESSION_DAYS, Via};

/// What [`authenticate`] found for a request's token, before any extractor runs.
#[derive(Clone)]
struct Session {
    via: Via,
    /// `None` when the token is forged or expired; then the person (and whether they have
    /// two-factor authentication on), or `None` when the session has ended; the database's
    /// error, as text, when the lookup failed (an unreachable database never gets here:
    /// [`authenticate`] answers 503 at once).
    found: Option<Result<Option<(CurrentUser, bool)>, String>>,
}

/// Looks up the session a request's token names, once, before the handler's extractors
/// run. The extractors below then answer at once, so a request refused for who sends it
/// (401, 403) is refused before its body is read: nobody learns how the body would have
/// been judged on a route they may not call. Wrapped around the API only: the web app's
/// assets, which browsers fetch with the cookie, cost no query.
pub async fn authenticate(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let state = req.app_data::<web::Data<AppState>>().cloned();
    if let Some((token, via)) = token_of(req.request())
        && let Some(state) = &state
    {
        let found = match state.keys.verify(&token) {
            None => None,
            Some((user_id, session_id)) => {
                let two_factor = state.config.staff_two_factor;
                let live = state
                    .sessions
                    .live(&state.db, user_id, &session_id, two_factor)
                    .await;
                match live {
                    Ok(found) => Some(Ok(found.map(|live| {
                        let user = CurrentUser {
                            user: live.user,
                            roles: live.roles,
                            session_id,
                            via,
                            second_factor: live.second_factor,
                        };
                        (user, live.two_factor_on)
                    }))),
                    // The database cannot be reached: nobody can be told who they are,
                    // and going on as a visitor would only wait for it again.
                    Err(unavailable @ ApiError::Unavailable(_)) => return Err(unavailable.into()),
                    Err(other) => Some(Err(other.to_string())),
                }
            }
        };
        req.extensions_mut().insert(Session { via, found });
    }
    let writes = !is_safe(req.method());
    let response = next.call(req).await?;
    // A 503 says the database could not be reached: nothing was written, and reading it
    // again would only keep the answer waiting.
    let wrote = writes && response.status() != actix_web::http::StatusCode::SERVICE_UNAVAILABLE;
    if wrote && let Some(state) = state {
        // What this request wrote has been committed: if it ended a session or changed a
        // role, the next request, whoever sends it, must not get the kept one; the
        // writer's own votes and follows, kept for their pages, go (everyone's when the
        // team writes: a merge moves other people's supports), here and on the other
        // instances.
        let writer = response
            .request()
            .extensions()
            .get::<Session>()
            .and_then(|s| {
                let (user, _) = s.found.as_ref()?.as_ref().ok()?.as_ref()?;
                Some((
                    user.user.id,
                    user.has(Role::Moderator) || user.has(Role::Admin),
                ))
            });
        let announce = writer.map(|(id, team)| {
            let reads = response.request().app_data::<web::Data<ReadCache>>();
            if team {
                reads.inspect(|reads| reads.viewers.forget_all());
                announce::Announce::Everyone
            } else {
                reads.inspect(|reads| reads.viewers.forget(id));
                announce::Announce::Person(id)
            }
        });
        state.sessions.after_write(&state.db, announce).await;
    }
    Ok(response)
}

/// A signed-in person. For a state-changing request, their address must be confirmed
/// (403 `email_unverified` otherwise): until then they read, and only the routes that
/// take [`SignedIn`] let them act (signing out, a new confirmation link, changing their
/// address or password, deleting their account).
impl FromRequest for CurrentUser {
    type Error = ApiError;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(current_user(req))
    }
}

/// A signed-in person, their address confirmed or not: for the few routes someone who has
/// not confirmed it yet needs.
#[derive(Debug, Clone)]
pub struct SignedIn(pub CurrentUser);

impl FromRequest for SignedIn {
    type Error = ApiError;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(signed_in(req).map(SignedIn))
    }
}

fn current_user(req: &HttpRequest) -> Result<CurrentUser, ApiError> {
    confirmed(req, signed_in(req)?)
}

/// `user`, unless their address is unconfirmed and the request changes something.
fn confirmed(req: &HttpRequest, user: CurrentUser) -> Result<CurrentUser, ApiError> {
    if user.user.email_verified_at.is_none() && !is_safe(req.method()) {
        return Err(ApiError::email_unverified());
    }
    Ok(user)
}

fn signed_in(req: &HttpRequest) -> Result<CurrentUser, ApiError> {
    signed_in_with_factor(req).map(|(user, _)| user)
}

/// The signed-in person, and whether they have two-factor authentication on.
fn signed_in_with_factor(req: &HttpRequest) -> Result<(CurrentUser, bool), ApiError> {
    let Some(Session { via, found }) = req.extensions().get::<Session>().cloned() else {
        return Err(ApiError::Unauthorized);
    };
    let found = found.ok_or(ApiError::Unauthorized)?;
    if via == Via::Cookie && !is_safe(req.method()) {
        let state = req
            .app_data::<web::Data<AppState>>()
            .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("no application state")))?;
        if !same_origin(req, state) {
            return Err(ApiError::CrossSite);
        }
    }
    found
        .map_err(|error| ApiError::Internal(anyhow::anyhow!(error)))?
        .ok_or(ApiError::Unauthorized)
}

macro_rules! staff_extractor {
    ($name:ident, $($role:expr),+) => {
        /// A signed-in person holding this role (or a higher one); 403 otherwise.
        #[derive(Debug, Clone)]
        pub struct $name(pub CurrentUser);

        impl FromRequest for $name {
            type Error = ApiError;
            type Future = Ready<Result<Self, Self::Error>>;

            fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
                ready(staff_member(req, &[$($role),+]).map($name))
            }
        }
    };
}

/// A signed-in person holding one of `roles`, their address confirmed; with
/// `COCREA_STAFF_2FA=required`, their session must have passed the second factor (403
/// `staff_two_factor_setup` until they turn it on, `staff_two_factor_check` until this
/// session has passed it).
fn staff_member(req: &HttpRequest, roles: &[Role]) -> Result<CurrentUser, ApiError> {
    let (user, two_factor_on) = signed_in_with_factor(req)?;
    let user = confirmed(req, user)?;
    if !roles.iter().any(|role| user.has(*role)) {
        return Err(ApiError::Forbidden);
    }
    let required = req
        .app_data::<web::Data<AppState>>()
        .is_some_and(|state| state.config.staff_two_factor);
    if required && !user.second_factor {
        return Err(if two_factor_on {
            ApiError::Refused {
                status: actix_web::http::StatusCode::FORBIDDEN,
                code: api::code::STAFF_TWO_FACTOR_CHECK,
                detail: "Staff routes need this session to pass the second factor: POST /api/v1/me/two-factor/check.",
            }
        } else {
            ApiError::Refused {
                status: actix_web::http::StatusCode::FORBIDDEN,
                code: api::code::STAFF_TWO_FACTOR_SETUP,
                detail: "Staff must use two-factor authentication: turn it on in your settings first.",
            }
        });
    }
    Ok(user)
}

staff_extractor!(Moderator, Role::Moderator, Role::Admin);
staff_extractor!(Admin, Role::Admin);
staff_extractor!(Expert, Role::Expert);

fn token_of(req: &HttpRequest) -> Option<(String, Via)> {
    if let Some(value) = req.headers().get(header::AUTHORIZATION) {
        let value = value.to_str().ok()?;
        let token = value
            .strip_prefix("Bearer ")
            .or_else(|| value.strip_prefix("bearer "))?;
        return Some((token.trim().to_owned(), Via::Bearer));
    }
    req.cookie(SESSION_COOKIE)
        .map(|c| (c.value().to_owned(), Via::Cookie))
}

fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Whether the request comes from Cocrea's own pages: its `Origin` is the public URL's or
/// the one the request was sent to; without `Origin`, a `Sec-Fetch-Site: same-origin`.
pub fn same_origin(req: &HttpRequest, state: &AppState) -> bool {
    match req
        .headers()
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
    {
        Some(origin) => {
            let info = req.connection_info();
            origin == state.config.public_origin()
                || origin == format!("{}://{}", info.scheme(), info.host())
        }
        None => req
            .headers()
            .get("sec-fetch-site")
            .is_some_and(|v| v.as_bytes() == b"same-origin"),
    }
}

/// Requests that set a session cookie (sign-up, sign-in) refuse a foreign `Origin`, so
/// another site cannot sign a visitor into an account of its choosing. Scripts send none.
pub fn refuse_foreign_origin(req: &HttpRequest, state: &AppState) -> Result<(), ApiError> {
    if req.headers().contains_key(header::ORIGIN) && !same_origin(req, state) {
        return Err(ApiError::CrossSite);
    }
    Ok(())
}

/// The session cookie for a token.
pub fn session_cookie(token: String, state: &AppState) -> Cookie<'static> {
    Cookie::build(SESSION_COOKIE, token)
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(state.config.is_https())
        .max_age(CookieDuration::days(SESSION_DAYS))
        .finish()
}

/// A cookie that removes the session cookie.
pub fn removal_cookie(state: &AppState) -> Cookie<'static> {
    let mut cookie = session_cookie(String::new(), state);
    cookie.make_removal();
    cookie
}

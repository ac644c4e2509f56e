//! Who is asking: password hashing, signed session tokens, and the extractors handlers use
//! to require a signed-in person (`CurrentUser`) or a staff role (`Moderator`, `Admin`).
//!
//! A token is a JWT (HS256 only, see [`crate::hs256`], with an expiry) naming a row of `sessions`; the row is
//! checked on every request, so logging out or changing one's password really ends a
//! session, and roles are read fresh, so a revoked role stops working at once.

use crate::entities::users;
use crate::error::ApiError;
use crate::startup::AppState;
use actix_web::HttpMessage;
use actix_web::body::MessageBody;
use actix_web::cookie::{Cookie, SameSite, time::Duration as CookieDuration};
use actix_web::dev::Payload;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{Method, header};
use actix_web::middleware::Next;
use actix_web::{FromRequest, HttpRequest, web};
use anyhow::Context;
use api::Role;
use argon2::password_hash::{
    PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng,
};
use argon2::{Algorithm, Argon2, Params, Version};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use hmac::{Hmac, KeyInit, Mac};
use jsonwebtoken::{DecodingKey, EncodingKey, Header, Validation};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use std::future::{Ready, ready};
use std::sync::{Arc, Mutex, OnceLock};

/// The browser session cookie.
pub const SESSION_COOKIE: &str = "cocrea_session";
/// How long a session (browser or token) lasts.
pub const SESSION_DAYS: i64 = 30;

/// Argon2id with OWASP's minimum: m = 19 MiB, t = 2, p = 1.
fn argon2() -> anyhow::Result<Argon2<'static>> {
    let params =
        Params::new(19 * 1024, 2, 1, None).map_err(|e| anyhow::anyhow!("argon2 params: {e}"))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// Hashes a password off the async executor (it takes tens of milliseconds by design).
pub async fn hash_password(password: SecretString) -> anyhow::Result<String> {
    on_password_thread(move || {
        let salt = SaltString::generate(&mut OsRng);
        argon2()?
            .hash_password(password.expose_secret().as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| anyhow::anyhow!("hashing a password: {e}"))
    })
    .await
}

/// Checks a password against a stored hash, off the async executor.
pub async fn verify_password(hash: String, candidate: SecretString) -> anyhow::Result<bool> {
    on_password_thread(move || {
        let parsed = PasswordHash::new(&hash).map_err(|e| anyhow::anyhow!("stored hash: {e}"))?;
        Ok(argon2()?
            .verify_password(candidate.expose_secret().as_bytes(), &parsed)
            .is_ok())
    })
    .await
}

type PasswordWork = Box<dyn FnOnce() + Send>;

/// Runs `work` on one of a few threads kept for password hashing, one per core (at most
/// four). Each hash takes 19 MiB and a core for tens of milliseconds: on the runtime's
/// blocking pool, a burst of sign-ins ran as many at once as there were requests (64 at
/// once: over a gigabyte), none finishing sooner for it. Here one hash per core runs and
/// the others queue.
async fn on_password_thread<T: Send + 'static>(
    work: impl FnOnce() -> anyhow::Result<T> + Send + 'static,
) -> anyhow::Result<T> {
    static QUEUE: OnceLock<std::sync::mpsc::Sender<PasswordWork>> = OnceLock::new();
    let queue = QUEUE.get_or_init(|| {
        let (queue, works) = std::sync::mpsc::channel::<PasswordWork>();
        let works = Arc::new(Mutex::new(works));
        let threads = std::thread::available_parallelism().map_or(2, |n| n.get().min(4));
        for n in 0..threads {
            let works = works.clone();
            let spawned = std::thread::Builder::new()
                .name(format!("cocrea-password-{n}"))
                .spawn(move || {
                    loop {
                        let next = works.lock().unwrap_or_else(|e| e.into_inner()).recv();
                        let Ok(work) = next else { break };
                        // A panic drops the caller's reply (an error there), not the thread.
                        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(work));
                    }
                });
            if let Err(error) = spawned {
                tracing::error!(%error, "cannot start a password thread");
            }
        }
        queue
    });
    let (reply, answer) = tokio::sync::oneshot::channel();
    queue
        .send(Box::new(move || {
            let _ = reply.send(work());
        }))
        .map_err(|_| anyhow::anyhow!("no password thread is running"))?;
    answer.await.context("a password thread stopped")?
}

/// Keys derived from `COCREA_SECRET`.
#[derive(Clone)]
pub struct Keys {
    encoding: EncodingKey,
    decoding: DecodingKey,
}

#[derive(Debug, Serialize, Deserialize)]
struct Claims {
    sub: String,
    sid: String,
    iat: i64,
    exp: i64,
}

impl Keys {
    pub fn new(secret: &SecretString) -> Keys {
        crate::hs256::install();
        let bytes = secret.expose_secret().as_bytes();
        Keys {
            encoding: EncodingKey::from_secret(bytes),
            decoding: DecodingKey::from_secret(bytes),
        }
    }

    pub fn sign(
        &self,
        user_id: i64,
        session_id: &str,
        expires_at: DateTime<Utc>,
    ) -> anyhow::Result<String> {
        let claims = Claims {
            sub: user_id.to_string(),
            sid: session_id.to_owned(),
            iat: Utc::now().timestamp(),
            exp: expires_at.timestamp(),
        };
        jsonwebtoken::encode(
            &Header::new(jsonwebtoken::Algorithm::HS256),
            &claims,
            &self.encoding,
        )
        .context("signing a session token")
    }

    /// The (user id, session id) a token names, if its signature, algorithm and expiry hold.
    fn verify(&self, token: &str) -> Option<(i64, String)> {
        let mut validation = Validation::new(jsonwebtoken::Algorithm::HS256);
        validation.leeway = 0;
        validation.set_required_spec_claims(&["exp", "sub"]);
        let data = jsonwebtoken::decode::<Claims>(token, &self.decoding, &validation).ok()?;
        Some((data.claims.sub.parse().ok()?, data.claims.sid))
    }
}

/// How the request carried its token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    Cookie,
    Bearer,
}

/// The signed-in person. Extracting it answers 401 when nobody is signed in, and 403 to a
/// state-changing request made with the cookie from another site.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub user: users::Model,
    pub roles: Vec<Role>,
    pub session_id: String,
    pub via: Via,
    /// Whether this session passed the second factor.
    pub second_factor: bool,
}

impl CurrentUser {
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }
}

/// What [`authenticate`] found for a request's token, before any extractor runs.
#[derive(Clone)]
struct Session {
    via: Via,
    /// `None` when the token is forged or expired; then the person (and whether they have
    /// two-factor authentication on), or `None` when the session has ended; the database's
    /// error, as text, when the lookup failed.
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
    if let Some((token, via)) = token_of(req.request())
        && let Some(state) = req.app_data::<web::Data<AppState>>().cloned()
    {
        let found = match state.keys.verify(&token) {
            None => None,
            Some((user_id, session_id)) => Some(
                crate::services::accounts::load_session(
                    &state.db,
                    user_id,
                    &session_id,
                    state.config.staff_two_factor,
                )
                .await
                .map(|found| {
                    found.map(|live| {
                        (
                            CurrentUser {
                                user: live.user,
                                roles: live.roles,
                                session_id,
                                via,
                                second_factor: live.second_factor,
                            },
                            live.two_factor_on,
                        )
                    })
                })
                .map_err(|error| error.to_string()),
            ),
        };
        req.extensions_mut().insert(Session { via, found });
    }
    next.call(req).await
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

/// `bytes` in lowercase hex.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// `N` random bytes, in hex: salts, session ids, passwords nobody will know.
pub fn random_hex<const N: usize>() -> String {
    let mut bytes = [0u8; N];
    rand::RngCore::fill_bytes(&mut rand::thread_rng(), &mut bytes);
    hex(&bytes)
}

/// The HMAC of `text` for one `purpose` ([`derived_mac`]), in hex: how a code the server
/// hands out (a client code, a recovery code) is stored without being kept.
pub fn keyed_hash(secret: &SecretString, purpose: &[u8], text: &str) -> String {
    let mut mac = derived_mac(secret, purpose);
    mac.update(text.as_bytes());
    hex(&mac.finalize().into_bytes())
}

/// An HMAC-SHA256 keyed for one `purpose` with a key derived from the secret, so its
/// MACs can never be mistaken for session tokens signed with the secret itself, nor for
/// another purpose's.
pub fn derived_mac(secret: &SecretString, purpose: &[u8]) -> Hmac<Sha256> {
    let mut derive = <Hmac<Sha256> as KeyInit>::new_from_slice(secret.expose_secret().as_bytes())
        .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
    derive.update(purpose);
    <Hmac<Sha256> as KeyInit>::new_from_slice(&derive.finalize().into_bytes())
        .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"))
}

/// Signs and checks the one-click unsubscribe links of emails: `{user}.{what}.{mac}`,
/// where the MAC (HMAC-SHA256 with the server's secret, cut to 128 bits) covers the user
/// and what they stop receiving. No login needed, nothing personal in the link.
#[derive(Clone)]
pub struct LinkKey(Hmac<Sha256>);

impl LinkKey {
    pub fn new(secret: &SecretString) -> LinkKey {
        LinkKey(derived_mac(secret, b"cocrea unsubscribe links"))
    }

    fn mac(&self, user_id: i64, what: &str) -> Hmac<Sha256> {
        let mut mac = self.0.clone();
        mac.update(format!("{user_id}:{what}").as_bytes());
        mac
    }

    pub fn sign(&self, user_id: i64, what: &str) -> String {
        let tag = self.mac(user_id, what).finalize().into_bytes();
        format!("{user_id}.{what}.{}", URL_SAFE_NO_PAD.encode(&tag[..16]))
    }

    /// The user and what they unsubscribe from, if the token was signed here.
    pub fn verify(&self, token: &str) -> Option<(i64, String)> {
        let mut parts = token.trim().splitn(3, '.');
        let user_id: i64 = parts.next()?.parse().ok()?;
        let what = parts.next()?;
        let tag = URL_SAFE_NO_PAD.decode(parts.next()?).ok()?;
        if what.is_empty() || !what.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') {
            return None;
        }
        self.mac(user_id, what)
            .verify_truncated_left(&tag)
            .ok()
            .filter(|()| tag.len() == 16)
            .map(|()| (user_id, what.to_owned()))
    }
}

/// Derives the tokens of e-mail links (address confirmation, password reset) from a
/// random salt: the database keeps the salt and the token's SHA-256, never the token, so
/// a copy of the database alone opens no link.
#[derive(Clone)]
pub struct EmailLinkKey(Hmac<Sha256>);

impl EmailLinkKey {
    pub fn new(secret: &SecretString) -> EmailLinkKey {
        EmailLinkKey(derived_mac(secret, b"cocrea e-mail links"))
    }

    /// The token a salt stands for: 256 bits, URL-safe.
    pub fn token(&self, salt: &str) -> String {
        let mut mac = self.0.clone();
        mac.update(salt.as_bytes());
        URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
    }
}

/// The SHA-256 of a token, in hex: how a token is found without being stored.
pub fn token_hash(token: &str) -> String {
    use sha2::Digest;
    hex(&Sha256::digest(token.trim().as_bytes()))
}

#[cfg(test)]
mod link_tests {
    use super::*;

    #[test]
    fn unsubscribe_links_are_signed_for_one_person_and_one_kind() {
        let key = LinkKey::new(&SecretString::from("a".repeat(40)));
        let token = key.sign(42, "idea_commented");
        assert_eq!(key.verify(&token), Some((42, "idea_commented".to_owned())));
        let other = LinkKey::new(&SecretString::from("b".repeat(40)));
        assert_eq!(other.verify(&token), None, "another server's secret");
        let tag = token.rsplit('.').next().unwrap_or_default();
        for forged in [
            format!("43.idea_commented.{tag}"),
            format!("42.digest.{tag}"),
            format!("42.idea_commented.{}", &tag[..10]),
            "42.idea_commented.".to_owned(),
            "nonsense".to_owned(),
        ] {
            assert_eq!(key.verify(&forged), None, "{forged}");
        }
    }
}

//! Sign-in with the bank: OpenID Connect's authorization code flow, with PKCE, `state` and
//! `nonce`, through the `openidconnect` crate (discovery, code exchange, and the ID
//! token's checks: signature against the provider's published keys, issuer, audience,
//! expiry, nonce).
//!
//! What a sign-in started is kept in a short-lived cookie ([`Pending`], signed with a key
//! derived from the server's secret), so any instance can finish it; the `state` of each
//! finished one is kept a day in `oidc_states`, so the same answer from the bank cannot be
//! played twice.
//!
//! Accounts are linked to the bank's identities by issuer and subject, never by e-mail
//! address: a bank sign-in whose address belongs to a password account is refused until
//! that account's owner, signed in with their password, links it from their settings.
//! The client status follows the bank's claim at every sign-in, each change in the audit
//! log, so the clients / non-clients split of every vote is the bank's word.

use crate::auth::{self, EmailLinkKey, derived_mac, token_hash};
use crate::config::OidcConfig;
use crate::db::Db;
use crate::domain::{DisplayName, Email};
use crate::entities::{identities, oidc_states, users};
use crate::error::ApiResult;
use crate::services::accounts::{self, SessionKind, SignedIn};
use crate::services::audit::{self, Entry};
use crate::services::identity::{self, Purpose};
use api::{AuditAction, Role, TargetType};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Duration, Utc};
use hmac::Mac;
use openidconnect::core::{CoreAuthenticationFlow, CoreClient, CoreProviderMetadata};
use openidconnect::{
    AuthorizationCode, ClientId, ClientSecret, CsrfToken, IssuerUrl, Nonce, OAuth2TokenResponse,
    PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, Scope, TokenResponse,
};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set, SqlErr,
    TransactionTrait,
};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use std::sync::Mutex;
use std::time::Instant;

/// The cookie holding a sign-in under way, and how long it lasts.
pub const PENDING_COOKIE: &str = "cocrea_oidc";
pub const PENDING_MINUTES: i64 = 10;
/// How long the provider's discovery document is kept before it is read again.
const METADATA_SECONDS: u64 = 600;

/// Why a sign-in with the bank did not end signed in; each is a message on the sign-in
/// page (`/login?oidc_error=…`), and nothing was created.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// Sign-in with the bank is not set up.
    NotConfigured,
    /// The bank's provider could not be reached, or answered nonsense.
    Unavailable,
    /// The person cancelled at the bank.
    Cancelled,
    /// The bank refused for another reason.
    Refused,
    /// The answer does not belong to a sign-in started here (state), or it took too long.
    Expired,
    /// The same answer came back a second time.
    Replayed,
    /// The ID token did not pass its checks (signature, issuer, audience, expiry, nonce).
    InvalidToken,
    /// The bank gave no e-mail address for a new account.
    NoEmail,
    /// A password account uses the bank's address: its owner must link it first.
    EmailInUse,
    /// Linking: this bank identity is linked to another account already.
    LinkedElsewhere,
    /// The account behind this bank identity was deleted.
    Deleted,
}

impl Failure {
    pub fn code(self) -> &'static str {
        match self {
            Failure::NotConfigured => "not_configured",
            Failure::Unavailable => "unavailable",
            Failure::Cancelled => "cancelled",
            Failure::Refused => "refused",
            Failure::Expired => "expired",
            Failure::Replayed => "replayed",
            Failure::InvalidToken => "invalid_token",
            Failure::NoEmail => "no_email",
            Failure::EmailInUse => "email_in_use",
            Failure::LinkedElsewhere => "linked_elsewhere",
            Failure::Deleted => "deleted",
        }
    }
}

/// A sign-in under way, carried by the browser in a signed cookie between the start and
/// the bank's answer.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Pending {
    pub state: String,
    pub nonce: String,
    pub pkce_verifier: String,
    /// Where to go once signed in (a path of this site).
    pub next: String,
    /// The account to link, when a signed-in person links their bank identity.
    pub link_user: Option<i64>,
    pub started_at: DateTime<Utc>,
}

/// Signs and reads [`Pending`] cookies.
fn pending_mac(secret: &SecretString) -> hmac::Hmac<sha2::Sha256> {
    derived_mac(secret, b"cocrea oidc pending sign-ins")
}

impl Pending {
    /// `payload.mac`, both URL-safe base64.
    pub fn seal(&self, secret: &SecretString) -> String {
        let payload = URL_SAFE_NO_PAD.encode(serde_json::to_vec(self).unwrap_or_default());
        let mut mac = pending_mac(secret);
        mac.update(payload.as_bytes());
        format!(
            "{payload}.{}",
            URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
        )
    }

    /// The sign-in a cookie holds, if this server sealed it and it is recent.
    pub fn open(sealed: &str, secret: &SecretString) -> Option<Pending> {
        let (payload, tag) = sealed.split_once('.')?;
        let mut mac = pending_mac(secret);
        mac.update(payload.as_bytes());
        mac.verify_slice(&URL_SAFE_NO_PAD.decode(tag).ok()?).ok()?;
        let pending: Pending =
            serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).ok()?).ok()?;
        (pending.started_at > Utc::now() - Duration::minutes(PENDING_MINUTES)).then_some(pending)
    }
}

/// What the bank says of the person, once its ID token passed every check.
#[derive(Debug, Clone)]
pub struct BankPerson {
    pub issuer: String,
    pub subject: String,
    pub email: Option<String>,
    pub email_verified: bool,
    pub name: Option<String>,
    pub is_client: bool,
}

/// The bank's provider, as configured, with its discovery document kept a while.
pub struct Bank {
    config: OidcConfig,
    http: openidconnect::reqwest::Client,
    metadata: Mutex<Option<(Instant, CoreProviderMetadata)>>,
}

impl Bank {
    pub fn new(config: OidcConfig) -> anyhow::Result<Bank> {
        let http = openidconnect::reqwest::ClientBuilder::new()
            // Following redirects would let a provider's answer send us anywhere.
            .redirect(openidconnect::reqwest::redirect::Policy::none())
            .timeout(std::time::Duration::from_secs(10))
            .build()?;
        Ok(Bank {
            config,
            http,
            metadata: Mutex::new(None),
        })
    }

    /// The button's words.
    pub fn label(&self) -> &str {
        &self.config.label
    }

    async fn metadata(&self) -> Result<CoreProviderMetadata, Failure> {
        if let Some((at, metadata)) = self
            .metadata
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .as_ref()
            && at.elapsed().as_secs() < METADATA_SECONDS
        {
            return Ok(metadata.clone());
        }
        let issuer = IssuerUrl::new(self.config.issuer.as_str().trim_end_matches('/').to_owned())
            .map_err(|_| Failure::Unavailable)?;
        let metadata = CoreProviderMetadata::discover_async(issuer, &self.http)
            .await
            .map_err(|error| {
                tracing::warn!(error = %error, "the bank's OpenID Provider could not be discovered");
                Failure::Unavailable
            })?;
        *self.metadata.lock().unwrap_or_else(|e| e.into_inner()) =
            Some((Instant::now(), metadata.clone()));
        Ok(metadata)
    }

    fn client(
        &self,
        metadata: CoreProviderMetadata,
    ) -> Result<
        CoreClient<
            openidconnect::EndpointSet,
            openidconnect::EndpointNotSet,
            openidconnect::EndpointNotSet,
            openidconnect::EndpointNotSet,
            openidconnect::EndpointMaybeSet,
            openidconnect::EndpointMaybeSet,
        >,
        Failure,
    > {
        let redirect = RedirectUrl::new(self.config.redirect_url.to_string())
            .map_err(|_| Failure::Unavailable)?;
        Ok(CoreClient::from_provider_metadata(
            metadata,
            ClientId::new(self.config.client_id.clone()),
            Some(ClientSecret::new(
                self.config.client_secret.expose_secret().to_owned(),
            )),
        )
        .set_redirect_uri(redirect))
    }

    /// Where to send the browser to sign in at the bank, and what to remember meanwhile.
    pub async fn start(
        &self,
        next: String,
        link_user: Option<i64>,
    ) -> Result<(String, Pending), Failure> {
        let client = self.client(self.metadata().await?)?;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let mut request = client
            .authorize_url(
                CoreAuthenticationFlow::AuthorizationCode,
                CsrfToken::new_random,
                Nonce::new_random,
            )
            .set_pkce_challenge(challenge);
        for scope in self.config.scopes.iter().filter(|s| *s != "openid") {
            request = request.add_scope(Scope::new(scope.clone()));
        }
        let (url, state, nonce) = request.url();
        Ok((
            url.to_string(),
            Pending {
                state: state.secret().clone(),
                nonce: nonce.secret().clone(),
                pkce_verifier: verifier.secret().clone(),
                next,
                link_user,
                started_at: Utc::now(),
            },
        ))
    }

    /// Exchanges the bank's code for tokens and checks the ID token; what it says of the
    /// person, with the client claim from the ID token or, failing that, userinfo.
    pub async fn finish(&self, pending: &Pending, code: &str) -> Result<BankPerson, Failure> {
        let metadata = self.metadata().await?;
        let userinfo = metadata.userinfo_endpoint().cloned();
        let client = self.client(metadata)?;
        let response = client
            .exchange_code(AuthorizationCode::new(code.to_owned()))
            .map_err(|_| Failure::Unavailable)?
            .set_pkce_verifier(PkceCodeVerifier::new(pending.pkce_verifier.clone()))
            .request_async(&self.http)
            .await
            .map_err(|error| {
                tracing::warn!(error = %error, "the bank's token endpoint refused the code");
                Failure::Refused
            })?;
        let id_token = response.id_token().ok_or(Failure::InvalidToken)?;
        let nonce = Nonce::new(pending.nonce.clone());
        let claims = id_token
            .claims(&client.id_token_verifier(), &nonce)
            .map_err(|error| {
                tracing::warn!(error = %error, "the bank's ID token failed its checks");
                Failure::InvalidToken
            })?;
        let subject = claims.subject().as_str().to_owned();
        // The token passed every check: its other claims can be read as they are.
        let raw: serde_json::Value = id_token
            .to_string()
            .split('.')
            .nth(1)
            .and_then(|payload| URL_SAFE_NO_PAD.decode(payload).ok())
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .ok_or(Failure::InvalidToken)?;
        let claim = &self.config.client_claim;
        let mut is_client = raw.get(claim).map(truthy);
        if is_client.is_none()
            && let Some(endpoint) = userinfo
        {
            let info: serde_json::Value = self
                .http
                .get(endpoint.url().clone())
                .bearer_auth(response.access_token().secret())
                .send()
                .await
                .and_then(|r| r.error_for_status())
                .map_err(|_| Failure::Unavailable)?
                .bytes()
                .await
                .ok()
                .and_then(|body| serde_json::from_slice(&body).ok())
                .ok_or(Failure::Unavailable)?;
            // The userinfo must be about the same person.
            if info.get("sub").and_then(|s| s.as_str()) != Some(subject.as_str()) {
                return Err(Failure::InvalidToken);
            }
            is_client = info.get(claim).map(truthy);
        }
        Ok(BankPerson {
            issuer: claims.issuer().as_str().to_owned(),
            subject,
            email: claims.email().map(|e| e.as_str().to_owned()),
            email_verified: claims.email_verified().unwrap_or(false),
            name: claims
                .name()
                .and_then(|n| n.get(None))
                .map(|n| n.as_str().to_owned()),
            is_client: is_client.unwrap_or(false),
        })
    }
}

/// A claim's "yes": `true`, or `"true"`, `"yes"`, `"1"`, or `1`.
fn truthy(value: &serde_json::Value) -> bool {
    match value {
        serde_json::Value::Bool(b) => *b,
        serde_json::Value::Number(n) => n.as_i64() == Some(1),
        serde_json::Value::String(s) => {
            matches!(s.to_ascii_lowercase().as_str(), "true" | "yes" | "1")
        }
        _ => false,
    }
}

/// Refuses a `state` answered before (a replay); keeps it a day otherwise.
pub async fn claim_state(db: &Db, state: &str) -> ApiResult<Result<(), Failure>> {
    let now = Utc::now();
    oidc_states::Entity::delete_many()
        .filter(oidc_states::Column::UsedAt.lt(now - Duration::days(1)))
        .exec(&db.write)
        .await?;
    let inserted = oidc_states::ActiveModel {
        state_hash: Set(token_hash(state)),
        used_at: Set(now),
    }
    .insert(&db.write)
    .await;
    match inserted {
        Ok(_) => Ok(Ok(())),
        Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            Ok(Err(Failure::Replayed))
        }
        Err(e) => Err(e.into()),
    }
}

/// What a finished sign-in with the bank leads to.
pub enum Outcome {
    /// Signed in: a new session.
    SignedIn(SignedIn),
    /// The bank identity is now linked to the signed-in person's account.
    Linked,
    /// Nothing created or changed, for this reason.
    Failed(Failure),
}

/// Signs the person in (creating their account on a first visit), or links the bank
/// identity to the account that asked to, and sets their client status from the bank.
pub async fn complete(
    db: &Db,
    keys: &auth::Keys,
    email_links: &EmailLinkKey,
    pending: &Pending,
    person: BankPerson,
    user_agent: Option<String>,
) -> ApiResult<Outcome> {
    let linked = identities::Entity::find()
        .filter(identities::Column::Issuer.eq(person.issuer.as_str()))
        .filter(identities::Column::Subject.eq(person.subject.as_str()))
        .one(&db.read)
        .await?;
    let now = Utc::now();
    let txn = db.write.begin().await?;
    let user = match (pending.link_user, linked) {
        (Some(link_user), Some(identity)) if identity.user_id != link_user => {
            return Ok(Outcome::Failed(Failure::LinkedElsewhere));
        }
        (Some(link_user), existing) => {
            let Some(user) = users::Entity::find_by_id(link_user).one(&txn).await? else {
                return Ok(Outcome::Failed(Failure::Deleted));
            };
            if existing.is_none() {
                insert_identity(&txn, user.id, &person, now).await?;
            }
            set_client(&txn, &user, person.is_client).await?;
            txn.commit().await?;
            tracing::info!(user.id = user.id, "bank identity linked");
            return Ok(Outcome::Linked);
        }
        (None, Some(identity)) => {
            let Some(user) = users::Entity::find_by_id(identity.user_id)
                .one(&txn)
                .await?
                .filter(|u| u.deleted_at.is_none())
            else {
                return Ok(Outcome::Failed(Failure::Deleted));
            };
            identities::Entity::update_many()
                .col_expr(identities::Column::LastSignInAt, Expr::value(now))
                .filter(identities::Column::Id.eq(identity.id))
                .exec(&txn)
                .await?;
            user
        }
        (None, None) => {
            let Some(email) = person.email.as_deref().and_then(|e| Email::parse(e).ok()) else {
                return Ok(Outcome::Failed(Failure::NoEmail));
            };
            let taken = users::Entity::find()
                .filter(users::Column::Email.eq(email.as_str()))
                .one(&txn)
                .await?
                .is_some();
            if taken {
                return Ok(Outcome::Failed(Failure::EmailInUse));
            }
            let name = display_name(&txn, person.name.as_deref()).await?;
            // No password: the person signs in with the bank (or resets one by e-mail).
            let unusable =
                auth::hash_password(SecretString::from(auth::random_hex::<24>())).await?;
            let verified = person.email_verified.then_some(now);
            let user = accounts::insert_member(&txn, email, name, unusable, verified).await?;
            if verified.is_none() {
                identity::issue(&txn, email_links, user.id, Purpose::Verify, None).await?;
            }
            insert_identity(&txn, user.id, &person, now).await?;
            tracing::info!(user.id = user.id, "member signed up with the bank");
            user
        }
    };
    let user = set_client(&txn, &user, person.is_client).await?;
    let staff = accounts::staff_roles(&txn, user.id).await?;
    let signed_in = accounts::open_session(
        &txn,
        keys,
        user,
        staff,
        SessionKind::Browser,
        user_agent,
        false,
    )
    .await?;
    txn.commit().await?;
    tracing::info!(user.id = signed_in.me.id, "signed in with the bank");
    Ok(Outcome::SignedIn(signed_in))
}

async fn insert_identity(
    conn: &impl ConnectionTrait,
    user_id: i64,
    person: &BankPerson,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    identities::ActiveModel {
        user_id: Set(user_id),
        issuer: Set(person.issuer.clone()),
        subject: Set(person.subject.clone()),
        created_at: Set(now),
        last_sign_in_at: Set(now),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(())
}

/// Sets the client flag from the bank's claim, auditing a change (the person is the
/// actor: the bank said so at their sign-in).
async fn set_client(
    conn: &impl ConnectionTrait,
    user: &users::Model,
    is_client: bool,
) -> ApiResult<users::Model> {
    if user.is_client == is_client {
        return Ok(user.clone());
    }
    accounts::apply_role(conn, user.id, Role::Client, is_client).await?;
    audit::record_by(
        conn,
        user.id,
        Entry {
            action: if is_client {
                AuditAction::ClientVerified
            } else {
                AuditAction::ClientUnverified
            },
            target_type: TargetType::Person,
            target_id: user.id,
            reason: "the bank's sign-in (OpenID Connect) says so",
            details: String::new(),
        },
    )
    .await?;
    let mut updated = user.clone();
    updated.is_client = is_client;
    Ok(updated)
}

/// The name the bank gives, when it makes a valid display name that imitates no staff
/// member; otherwise a neutral one the person can change in their settings.
async fn display_name(conn: &impl ConnectionTrait, given: Option<&str>) -> ApiResult<DisplayName> {
    if let Some(name) = given.and_then(|n| DisplayName::parse(n).ok())
        && let Ok(name) = accounts::refuse_staff_lookalike(conn, name, None).await?
    {
        return Ok(name);
    }
    let fallback = format!("Membre {}", auth::random_hex::<3>());
    DisplayName::parse(&fallback)
        .map_err(|_| anyhow::anyhow!("the fallback display name is not valid").into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pending() -> Pending {
        Pending {
            state: "s".into(),
            nonce: "n".into(),
            pkce_verifier: "v".into(),
            next: "/ideas".into(),
            link_user: None,
            started_at: Utc::now(),
        }
    }

    #[test]
    fn a_pending_sign_in_opens_only_with_its_secret_untouched_and_recent() {
        let secret = SecretString::from("a".repeat(40));
        let started = pending();
        let sealed = started.seal(&secret);
        assert_eq!(Pending::open(&sealed, &secret), Some(started));
        assert_eq!(
            Pending::open(&sealed, &SecretString::from("b".repeat(40))),
            None
        );
        // Another payload under the first one's tag.
        let tag = sealed.split_once('.').unwrap().1;
        let mut forged = pending();
        forged.link_user = Some(1);
        let forged_payload = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&forged).unwrap());
        assert_eq!(
            Pending::open(&format!("{forged_payload}.{tag}"), &secret),
            None
        );
        let mut old = pending();
        old.started_at = Utc::now() - Duration::minutes(PENDING_MINUTES + 1);
        assert_eq!(Pending::open(&old.seal(&secret), &secret), None);
    }

    #[test]
    fn the_client_claim_reads_the_usual_yeses() {
        use serde_json::json;
        for yes in [
            json!(true),
            json!("true"),
            json!("YES"),
            json!("1"),
            json!(1),
        ] {
            assert!(truthy(&yes), "{yes}");
        }
        for no in [
            json!(false),
            json!("false"),
            json!("no"),
            json!(0),
            json!(null),
            json!([]),
        ] {
            assert!(!truthy(&no), "{no}");
        }
    }
}

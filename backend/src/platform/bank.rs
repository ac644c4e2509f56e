//! The bank's OpenID Provider, as a client: discovery (kept a while), the authorization
//! request with PKCE, `state` and `nonce`, and the code exchange with every check of the ID
//! token (signature against the provider's published keys, issuer, audience, expiry,
//! nonce). What a sign-in does with the person the bank vouches for is the `auth` slice's.

use crate::platform::auth::keys::derived_mac;
use crate::platform::config::OidcConfig;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Duration, Utc};
use hmac::Mac;
use openidconnect::core::{CoreAuthenticationFlow, CoreClient, CoreProviderMetadata};
use openidconnect::{
    AuthorizationCode, ClientId, ClientSecret, CsrfToken, IssuerUrl, Nonce, OAuth2TokenResponse,
    PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, Scope, TokenResponse,
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

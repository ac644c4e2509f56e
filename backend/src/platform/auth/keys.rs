//! Keys derived from the server's secret: session tokens (HS256), signed links, keyed
//! hashes, random tokens.

use anyhow::Context;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use hmac::{Hmac, KeyInit, Mac};
use jsonwebtoken::{DecodingKey, EncodingKey, Header, Validation};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
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
        crate::platform::auth::hs256::install();
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
    pub(crate) fn verify(&self, token: &str) -> Option<(i64, String)> {
        let mut validation = Validation::new(jsonwebtoken::Algorithm::HS256);
        validation.leeway = 0;
        validation.set_required_spec_claims(&["exp", "sub"]);
        let data = jsonwebtoken::decode::<Claims>(token, &self.decoding, &validation).ok()?;
        Some((data.claims.sub.parse().ok()?, data.claims.sid))
    }
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

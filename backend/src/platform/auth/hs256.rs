//! The cryptography behind session tokens: HS256, and nothing else.
//!
//! jsonwebtoken 10 leaves its cryptography to a provider. The two it bundles carry every
//! JWT algorithm: `rust_crypto` brings the `rsa` crate (RUSTSEC-2023-0071, the Marvin
//! timing attack, no fixed version) and elliptic curves that session tokens never use;
//! `aws_lc_rs` brings a C library to build. This provider computes HMAC-SHA-256 with
//! RustCrypto's `hmac` and `sha2` (what the bundled provider uses for HS256) and refuses
//! every other algorithm, when signing and when verifying, before a key is looked at.
//! [`Validation`](jsonwebtoken::Validation) already accepts HS256 only; this makes any
//! other algorithm impossible to reach at all.

use hmac::{Hmac, KeyInit, Mac};
use jsonwebtoken::crypto::{CryptoProvider, JwkUtils, JwtSigner, JwtVerifier};
use jsonwebtoken::errors::{ErrorKind, Result};
use jsonwebtoken::signature::{self, Signer, Verifier};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey};
use sha2::Sha256;
use std::sync::Once;

/// Makes this provider jsonwebtoken's, once per process. Called before any token is
/// signed or checked (by [`crate::platform::auth::keys::Keys::new`]).
pub fn install() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // Fails only when another provider was installed first, which nothing here does;
        // the tests of `sessions.rs` would then see other algorithms accepted.
        let _ = PROVIDER.install_default();
    });
}

static PROVIDER: CryptoProvider = CryptoProvider {
    signer_factory: signer,
    verifier_factory: verifier,
    // JWKs carry public keys (RSA, elliptic curves): never read here.
    jwk_utils: JwkUtils::new_unimplemented(),
};

fn signer(algorithm: &Algorithm, key: &EncodingKey) -> Result<Box<dyn JwtSigner>> {
    only_hs256(algorithm)?;
    Ok(Box::new(Hs256::new(key.try_get_hmac_secret()?)?))
}

fn verifier(algorithm: &Algorithm, key: &DecodingKey) -> Result<Box<dyn JwtVerifier>> {
    only_hs256(algorithm)?;
    Ok(Box::new(Hs256::new(key.try_get_hmac_secret()?)?))
}

fn only_hs256(algorithm: &Algorithm) -> Result<()> {
    match algorithm {
        Algorithm::HS256 => Ok(()),
        _ => Err(ErrorKind::InvalidAlgorithm.into()),
    }
}

struct Hs256(Hmac<Sha256>);

impl Hs256 {
    fn new(secret: &[u8]) -> Result<Hs256> {
        Hmac::new_from_slice(secret)
            .map(Hs256)
            .map_err(|_| ErrorKind::InvalidKeyFormat.into())
    }
}

impl Signer<Vec<u8>> for Hs256 {
    fn try_sign(&self, message: &[u8]) -> std::result::Result<Vec<u8>, signature::Error> {
        let mut mac = self.0.clone();
        mac.update(message);
        Ok(mac.finalize().into_bytes().to_vec())
    }
}

impl Verifier<Vec<u8>> for Hs256 {
    fn verify(
        &self,
        message: &[u8],
        signature: &Vec<u8>,
    ) -> std::result::Result<(), signature::Error> {
        let mut mac = self.0.clone();
        mac.update(message);
        // In constant time.
        mac.verify_slice(signature)
            .map_err(|_| signature::Error::new())
    }
}

impl JwtSigner for Hs256 {
    fn algorithm(&self) -> Algorithm {
        Algorithm::HS256
    }
}

impl JwtVerifier for Hs256 {
    fn algorithm(&self) -> Algorithm {
        Algorithm::HS256
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jsonwebtoken::{Header, Validation, decode, encode};

    #[derive(serde::Serialize, serde::Deserialize)]
    struct Claims {
        sub: String,
        exp: i64,
    }

    fn claims() -> Claims {
        Claims {
            sub: "7".into(),
            exp: chrono::Utc::now().timestamp() + 60,
        }
    }

    #[test]
    fn hs256_round_trips_and_other_algorithms_are_refused_both_ways() {
        install();
        let secret = b"a secret of at least thirty-two bytes";
        let token = encode(
            &Header::new(Algorithm::HS256),
            &claims(),
            &EncodingKey::from_secret(secret),
        )
        .unwrap();
        let key = DecodingKey::from_secret(secret);
        assert!(decode::<Claims>(&token, &key, &Validation::new(Algorithm::HS256)).is_ok());
        for algorithm in [Algorithm::HS384, Algorithm::HS512, Algorithm::RS256] {
            let signed = encode(
                &Header::new(algorithm),
                &claims(),
                &EncodingKey::from_secret(secret),
            );
            assert!(
                matches!(
                    signed.map_err(|e| e.into_kind()),
                    Err(ErrorKind::InvalidAlgorithm)
                ),
                "{algorithm:?}"
            );
            let checked = decode::<Claims>(&token, &key, &Validation::new(algorithm));
            assert!(checked.is_err(), "{algorithm:?}");
        }
    }
}

//! What an authenticator app shows, for the two-factor tests: the TOTP code of a key
//! (base32, as Cocrea gives it at set-up) `steps` time steps of 30 s from now.

use anyhow::Result;
use std::time::{SystemTime, UNIX_EPOCH};

pub fn code(key: &str, steps: i64) -> Result<String> {
    let totp = totp_rs::Builder::new()
        .with_secret(totp_rs::Secret::try_from_base32(key.trim())?)
        .build()?;
    let now = i64::try_from(SystemTime::now().duration_since(UNIX_EPOCH)?.as_secs())?;
    Ok(totp.generate(u64::try_from(now + steps * 30)?).to_string())
}

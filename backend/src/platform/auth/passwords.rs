//! Password hashing: Argon2id, off the async executor, on a few threads kept for it.

use anyhow::Context;
use argon2::password_hash::{
    PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng,
};
use argon2::{Algorithm, Argon2, Params, Version};
use secrecy::{ExposeSecret, SecretString};
use std::sync::{Arc, Mutex, OnceLock};
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

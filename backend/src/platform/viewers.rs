//! What each signed-in person's pages lay over what everyone sees (their votes, what they
//! follow), kept in memory per person, so a signed-in page costs no query.
//!
//! Every change the servers make to these is announced, so a person's values go:
//! - when that person writes anything through this instance (their next read has their
//!   own write at once);
//! - when another instance says they wrote (PostgreSQL `NOTIFY cocrea_viewer`, within
//!   milliseconds);
//! - everyone's when a moderator or an admin writes (a merge moves other people's
//!   supports).
//!
//! What nothing announces (seeding a database, an operator's SQL) shows within the
//! lifetime, [`LIFETIME`]: no job and no `cocrea` command other than `seed` touches votes
//! or follows.

use crate::platform::error::{ApiError, ApiResult};
use std::any::Any;
use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};
use tokio::sync::OnceCell;

/// How long a person's values are kept at most.
pub const LIFETIME: Duration = Duration::from_secs(60);

/// At most this many people's values are kept; past it the store starts again empty.
const PEOPLE_MAX: usize = 50_000;

type AnyValue = Arc<dyn Any + Send + Sync>;

/// A value, computed once for all who ask meanwhile.
type Cell = Arc<OnceCell<AnyValue>>;

/// One person's values by key, each with when it was made.
type Values = HashMap<&'static str, (Instant, Cell)>;

/// The values kept per person.
pub struct Viewers {
    lifetime: Duration,
    by_person: Mutex<HashMap<i64, Values>>,
}

impl Viewers {
    /// Keeps values [`LIFETIME`], or nothing when `keep` is false.
    pub fn new(keep: bool) -> Viewers {
        Viewers {
            lifetime: if keep { LIFETIME } else { Duration::ZERO },
            by_person: Mutex::new(HashMap::new()),
        }
    }

    /// `person`'s value under `key`: the kept one if it is younger than the lifetime, or
    /// else what `compute` gives. Who asks while it is being computed waits for that
    /// computation (if it fails, the next one computes its own; an error is never kept).
    /// A value whose person wrote meanwhile is handed to those already waiting, never to
    /// those who ask after the write.
    pub async fn get<T: Send + Sync + 'static>(
        &self,
        person: i64,
        key: &'static str,
        compute: impl Future<Output = ApiResult<T>>,
    ) -> ApiResult<Arc<T>> {
        if self.lifetime.is_zero() {
            return compute.await.map(Arc::new);
        }
        let cell = {
            let mut kept = self.lock();
            if kept.len() >= PEOPLE_MAX && !kept.contains_key(&person) {
                kept.clear();
            }
            let values = kept.entry(person).or_default();
            match values.get(key) {
                Some((made, cell)) if made.elapsed() < self.lifetime => cell.clone(),
                _ => {
                    let cell = Cell::default();
                    values.insert(key, (Instant::now(), cell.clone()));
                    cell
                }
            }
        };
        let value = cell
            .get_or_try_init(|| async {
                let value: AnyValue = Arc::new(compute.await?);
                Ok::<_, ApiError>(value)
            })
            .await?;
        value
            .clone()
            .downcast::<T>()
            .map_err(|_| ApiError::Internal(anyhow::anyhow!("viewer value {key} of another type")))
    }

    /// `person` wrote: their values go.
    pub fn forget(&self, person: i64) {
        self.lock().remove(&person);
    }

    /// Everyone's values go.
    pub fn forget_all(&self) {
        self.lock().clear();
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<i64, Values>> {
        self.by_person
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_value_is_computed_once_and_forgotten_when_its_person_writes() {
        let viewers = Viewers::new(true);
        let first = viewers.get(7, "votes", async { Ok(1) }).await.unwrap();
        let kept = viewers.get(7, "votes", async { Ok(2) }).await.unwrap();
        assert_eq!((*first, *kept), (1, 1), "kept");
        let other = viewers.get(8, "votes", async { Ok(3) }).await.unwrap();
        assert_eq!(*other, 3, "each person has their own");

        viewers.forget(7);
        let fresh = viewers.get(7, "votes", async { Ok(4) }).await.unwrap();
        assert_eq!(*fresh, 4, "computed again after the person wrote");
        assert_eq!(*viewers.get(8, "votes", async { Ok(5) }).await.unwrap(), 3);

        viewers.forget_all();
        let after = viewers.get(8, "votes", async { Ok(6) }).await.unwrap();
        assert_eq!(*after, 6, "forgetting everyone forgets them");
    }

    #[tokio::test]
    async fn a_value_computed_across_its_persons_write_is_not_kept() {
        let viewers = Viewers::new(true);
        let stale = viewers
            .get(7, "votes", async {
                // The person writes while their votes are being read.
                viewers.forget(7);
                Ok(1)
            })
            .await
            .unwrap();
        assert_eq!(*stale, 1, "the reader still gets what it read");
        let fresh = viewers.get(7, "votes", async { Ok(2) }).await.unwrap();
        assert_eq!(*fresh, 2, "but it was not kept");
    }

    #[tokio::test]
    async fn those_who_ask_meanwhile_wait_for_the_one_computation() {
        let viewers = Arc::new(Viewers::new(true));
        let computed = Arc::new(std::sync::atomic::AtomicU32::new(0));
        let (release, gate) = tokio::sync::watch::channel(false);
        let mut asking = Vec::new();
        for _ in 0..8 {
            let (viewers, computed, mut gate) = (viewers.clone(), computed.clone(), gate.clone());
            asking.push(tokio::spawn(async move {
                let value = viewers
                    .get(7, "votes", async move {
                        computed.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                        gate.wait_for(|open| *open).await.ok();
                        Ok(42)
                    })
                    .await
                    .unwrap();
                *value
            }));
        }
        tokio::task::yield_now().await;
        release.send_replace(true);
        for asked in asking {
            assert_eq!(asked.await.unwrap(), 42);
        }
        assert_eq!(computed.load(std::sync::atomic::Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn a_failed_computation_is_not_kept() {
        let viewers = Viewers::new(true);
        let failed = viewers
            .get(7, "votes", async { Err::<i32, _>(ApiError::NotFound) })
            .await;
        assert!(failed.is_err());
        assert_eq!(*viewers.get(7, "votes", async { Ok(1) }).await.unwrap(), 1);
    }
}

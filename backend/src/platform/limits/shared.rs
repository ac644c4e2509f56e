//! The counts on PostgreSQL, in `rate_counts`, which every instance shares.
//!
//! All the requests of a moment count from the same address (a proxy, the benchmark's
//! clients), so one row takes most of the writes: one statement per request would queue
//! them all behind that row's lock. Instead each instance writes one statement at a time,
//! carrying the counts of every request that arrived while the previous one ran, and
//! hands each request the count it would have seen alone (the stored count before the
//! statement, plus the requests before it in the statement, plus its own). A statement
//! writes its keys in key order, so the statements of two instances, each holding the
//! rows it has written until it ends, never wait for each other in a circle (in hash
//! order they deadlocked under the benchmark's two instances).

use super::Window;
use crate::platform::error::{ApiError, ApiResult};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement};
use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;
use tokio::sync::oneshot;

pub(super) struct Shared {
    db: DatabaseConnection,
    /// What arrived since the statement under way began.
    waiting: Mutex<Vec<Ask>>,
    /// Held by whoever writes a statement.
    writing: tokio::sync::Mutex<()>,
}

/// One request's counting: its windows (key, end), what it adds, where its counts go.
struct Ask {
    windows: Vec<(String, i64)>,
    add: u32,
    reply: oneshot::Sender<ApiResult<Vec<u32>>>,
}

impl Shared {
    pub(super) fn new(db: DatabaseConnection) -> Shared {
        Shared {
            db,
            waiting: Mutex::new(Vec::new()),
            writing: tokio::sync::Mutex::new(()),
        }
    }

    /// Adds `add` to each window's count (a new window starts at 0) and returns the
    /// counts, in the order of `windows`.
    pub(super) async fn add(&self, windows: &[Window], add: u32) -> ApiResult<Vec<u32>> {
        let (reply, mut answer) = oneshot::channel();
        self.waiting().push(Ask {
            windows: windows.iter().map(|w| (w.key.clone(), w.ends)).collect(),
            add,
            reply,
        });
        let writing = self.writing.lock().await;
        // Whoever wrote before took this request along: its counts are here.
        if let Ok(counted) = answer.try_recv() {
            return counted;
        }
        let asks = std::mem::take(&mut *self.waiting());
        self.write(asks).await;
        drop(writing);
        answer
            .await
            .unwrap_or_else(|_| Err(ApiError::Internal(anyhow::anyhow!("a count was lost"))))
    }

    /// Writes `asks` in order, in as few statements as the windows allow: a key whose
    /// window ends differently (a window turned over between two requests) starts a new
    /// statement, since one statement changes a row once.
    async fn write(&self, asks: Vec<Ask>) {
        let mut statement: Vec<Ask> = Vec::new();
        let mut ends: HashMap<String, i64> = HashMap::new();
        for ask in asks {
            let turned = ask
                .windows
                .iter()
                .any(|(key, end)| ends.get(key).is_some_and(|seen| seen != end));
            if turned {
                self.count(std::mem::take(&mut statement)).await;
                ends.clear();
            }
            ends.extend(ask.windows.iter().cloned());
            statement.push(ask);
        }
        if !statement.is_empty() {
            self.count(statement).await;
        }
    }

    /// One statement for `asks`, whose windows agree on their ends; each ask gets its
    /// counts.
    async fn count(&self, asks: Vec<Ask>) {
        let mut added: BTreeMap<String, (i64, i64)> = BTreeMap::new();
        for ask in &asks {
            for (key, end) in &ask.windows {
                added.entry(key.clone()).or_insert((*end, 0)).1 += i64::from(ask.add);
            }
        }
        match upsert(&self.db, &added).await {
            Ok(stored) => {
                // Each key's count before these asks, then moved by each in turn.
                let mut running: HashMap<String, i64> = added
                    .into_iter()
                    .map(|(key, (_, sum))| {
                        let now = stored.get(&key).copied().unwrap_or(sum);
                        (key, now - sum)
                    })
                    .collect();
                for ask in asks {
                    let counts = ask
                        .windows
                        .iter()
                        .map(|(key, _)| {
                            let count = running.get_mut(key).map_or(0, |count| {
                                *count += i64::from(ask.add);
                                *count
                            });
                            u32::try_from(count).unwrap_or(u32::MAX)
                        })
                        .collect();
                    let _ = ask.reply.send(Ok(counts));
                }
            }
            Err(error) => {
                for ask in asks {
                    let _ = ask.reply.send(Err(error.for_another()));
                }
            }
        }
    }

    fn waiting(&self) -> std::sync::MutexGuard<'_, Vec<Ask>> {
        self.waiting
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// One statement: starts each key's window or adds to it, in key order; the counts after
/// it, by key.
async fn upsert(
    db: &DatabaseConnection,
    added: &BTreeMap<String, (i64, i64)>,
) -> ApiResult<HashMap<String, i64>> {
    let rows = (0..added.len())
        .map(|n| format!("(${}, ${}, ${})", 3 * n + 1, 3 * n + 2, 3 * n + 3))
        .collect::<Vec<_>>()
        .join(", ");
    let values = added
        .iter()
        .flat_map(|(key, (end, sum))| [key.clone().into(), (*end).into(), (*sum).into()]);
    let found = db
        .query_all_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            format!(
                "INSERT INTO rate_counts (key, window_ends, hits) VALUES {rows} \
                 ON CONFLICT (key) DO UPDATE SET \
                   hits = CASE WHEN rate_counts.window_ends = EXCLUDED.window_ends \
                          THEN rate_counts.hits + EXCLUDED.hits ELSE EXCLUDED.hits END, \
                   window_ends = EXCLUDED.window_ends \
                 RETURNING key, hits"
            ),
            values,
        ))
        .await?;
    let mut counts = HashMap::with_capacity(found.len());
    for row in found {
        let key: String = row.try_get_by_index(0)?;
        let hits: i64 = row.try_get_by_index(1)?;
        counts.insert(key, hits);
    }
    if counts.len() != added.len() {
        return Err(ApiError::Internal(anyhow::anyhow!("no count returned")));
    }
    Ok(counts)
}

//! Database connections. All engine-specific settings live here: on SQLite, WAL, foreign
//! keys, a busy timeout, one writer connection (SQLite allows one writer at a time; a
//! single connection queues writes in the pool instead of failing with SQLITE_BUSY) and a
//! small read-only pool; on PostgreSQL, one pool serves both.

use crate::platform::config::{Config, sqlite_path};
use crate::platform::error::{ApiError, ApiResult};
use crate::platform::read::{Reader, SqliteReads};
use anyhow::Context;
use futures_util::future::BoxFuture;
use migrations::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection};
use sea_orm::{DatabaseTransaction, TransactionTrait};
use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex, Weak};
use std::time::Duration;
use tokio::sync::{mpsc, oneshot, watch};

/// The two handles every service gets: `read` for queries, `write` for transactions.
#[derive(Debug, Clone)]
pub struct Db {
    pub read: DatabaseConnection,
    /// On SQLite, the read-only connections the most read pages use (see [`Db::reader`]).
    sqlite_reads: Option<Arc<SqliteReads>>,
    pub write: DatabaseConnection,
    /// The queues of the vote writer's lanes (see [`Db::batched`]).
    votes: Vec<mpsc::UnboundedSender<Job>>,
    /// Moves when code of this process changed people or sessions without a request
    /// (the `cocrea` command's use cases, tests): see [`Db::people_changed`].
    people: Arc<std::sync::atomic::AtomicU64>,
    /// On PostgreSQL, `true` while the database cannot be reached, as [`watch_postgres`]
    /// last saw it; `None` on SQLite, a file that does not go away.
    down: Option<Arc<watch::Sender<bool>>>,
}

impl Db {
    /// Connects and brings the schema up to date.
    pub async fn connect(config: &Config) -> anyhow::Result<Db> {
        let url = &config.database_url;
        let db = if config.is_sqlite() {
            if let Some(dir) = sqlite_path(url)
                .as_deref()
                .and_then(std::path::Path::parent)
                .filter(|dir| !dir.as_os_str().is_empty())
            {
                std::fs::create_dir_all(dir).with_context(|| {
                    format!("cannot create the database folder {}", dir.display())
                })?;
            }
            let write = Database::connect(sqlite_options(url, 1, false))
                .await
                .context("cannot open the SQLite database (DATABASE_URL)")?;
            // Migrate before the read pool opens: read-only connections need the file.
            Migrator::up(&write, None)
                .await
                .context("running migrations")?;
            let read = Database::connect(sqlite_options(url, 4, true))
                .await
                .context("cannot open the SQLite database for reading (DATABASE_URL)")?;
            let path = sqlite_path(url).context("DATABASE_URL names no SQLite file")?;
            let sqlite_reads = SqliteReads::open(&path)
                .context("cannot open the SQLite database for reading (DATABASE_URL)")?;
            Db {
                read,
                sqlite_reads: Some(Arc::new(sqlite_reads)),
                votes: vote_writer(Lanes::One(write.clone())).await?,
                write,
                people: Arc::default(),
                down: None,
            }
        } else {
            let pool = Database::connect(postgres_options(url, 16))
                .await
                .context("cannot connect to PostgreSQL (DATABASE_URL)")?;
            Migrator::up(&pool, None)
                .await
                .context("running migrations")?;
            let lanes = postgres_options(url, PG_LANES as u32);
            let down = Arc::new(watch::Sender::new(false));
            tokio::spawn(watch_postgres(url.clone(), Arc::downgrade(&down)));
            Db {
                read: pool.clone(),
                sqlite_reads: None,
                write: pool,
                votes: vote_writer(Lanes::Pool(Box::new(lanes), down.clone())).await?,
                people: Arc::default(),
                down: Some(down),
            }
        };
        Ok(db)
    }

    /// Where the most read pages read: on SQLite, on the request's thread (see
    /// [`crate::platform::read`]); on PostgreSQL, the pool.
    pub fn reader(&self) -> Reader<'_> {
        match &self.sqlite_reads {
            Some(reads) => Reader::Sqlite(reads),
            None => Reader::Orm(&self.read),
        }
    }

    /// Says that people, their roles or their sessions changed, once committed, through
    /// this handle: the sessions a server of this process keeps are read again at their
    /// next use. (Requests need not say it: the server reads `auth_epoch` after each
    /// request that may write.)
    pub fn people_changed(&self) {
        self.people
            .fetch_add(1, std::sync::atomic::Ordering::AcqRel);
    }

    /// How many times [`Db::people_changed`] was said.
    pub fn people_generation(&self) -> u64 {
        self.people.load(std::sync::atomic::Ordering::Acquire)
    }

    /// Runs `work`, a vote on `target`, in a write transaction and returns what it
    /// returns once committed.
    ///
    /// Votes, the most frequent writes by far, go to the vote writer: a thread of its own
    /// whose lanes each run whatever has queued meanwhile in one transaction, one
    /// statement right after the other. On SQLite there is one lane, on the one writer
    /// connection: run from a busy request thread, each statement's reply would wait for
    /// that thread to come back to it while the connection sits idle. On PostgreSQL there
    /// are [`PG_LANES`], one connection each, and a row always goes to the same lane: a
    /// transaction per vote held the voted row locked for four round trips while every
    /// other vote on it queued behind. A batch locks its rows in [`Target`] order, so
    /// batches of the same or of other instances never wait for each other in a circle.
    ///
    /// Nobody gets an answer before the commit. When one work fails on something other
    /// than a refusal (a database error), the whole batch is rolled back and each work
    /// runs again alone, so one failure never takes others with it. `work` refuses (404,
    /// 409…) only before it writes anything. When the database cannot be reached, the
    /// batch and whatever queued behind it fail at once (503), rather than each waiting
    /// its turn to find out.
    ///
    /// `lock` reads rows of `target`'s table locked, many in one statement: a batch reads
    /// all its works' rows ahead with it, one round trip per table instead of one per
    /// work, and each work finds its own in [`Batch::ahead`].
    pub async fn batched<T, F>(&self, target: Target, lock: Option<Lock>, work: F) -> ApiResult<T>
    where
        T: Send + 'static,
        F: for<'t> Fn(&'t Batch) -> BoxFuture<'t, ApiResult<T>> + Send + Sync + 'static,
    {
        let lanes = i64::try_from(self.votes.len()).unwrap_or(1).max(1);
        let lane = usize::try_from(target.id.rem_euclid(lanes)).unwrap_or(0);
        let queue = self
            .votes
            .get(lane)
            .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("the vote writer has no lane")))?;
        let (sender, answer) = oneshot::channel();
        let sender = Arc::new(Mutex::new(Some(sender)));
        let work = Arc::new(work);
        let reply = sender.clone();
        let run = runner(move |txn| {
            let (work, reply) = (work.clone(), reply.clone());
            Box::pin(async move {
                match work(txn).await {
                    Ok(done) => Ok(Box::new(move || send(&reply, Ok(done))) as Deliver),
                    Err(error) if is_refusal(&error) => {
                        Ok(Box::new(move || send(&reply, Err(error))) as Deliver)
                    }
                    Err(error) => Err(error),
                }
            })
        });
        let job = Job {
            target,
            lock,
            run: Box::new(run),
            fail: Box::new(move |error| send(&sender, Err(error))),
        };
        queue
            .send(job)
            .map_err(|_| ApiError::Internal(anyhow::anyhow!("the vote writer has stopped")))?;
        answer
            .await
            .map_err(|_| ApiError::Internal(anyhow::anyhow!("the vote writer dropped a vote")))?
    }

    /// `true` when a trivial query answers.
    pub async fn ping(&self) -> bool {
        let query = async { ApiResult::Ok(self.read.execute_unprepared("SELECT 1").await?) };
        self.unless_down(query).await.is_ok()
    }

    /// Runs `work` unless the database is down or goes down meanwhile: then it answers
    /// 503 at once (`work` is dropped: a transaction it had begun is rolled back) instead
    /// of waiting for a connection that cannot come. A busy pool is not a database gone:
    /// under a burst, `work` waits its turn for a connection.
    pub async fn unless_down<T, E: From<ApiError>>(
        &self,
        work: impl Future<Output = Result<T, E>>,
    ) -> Result<T, E> {
        unless_down(self.down.as_ref(), work).await
    }
}

/// See [`Db::unless_down`].
async fn unless_down<T, E: From<ApiError>>(
    down: Option<&Arc<watch::Sender<bool>>>,
    work: impl Future<Output = Result<T, E>>,
) -> Result<T, E> {
    let Some(down) = down else {
        return work.await;
    };
    let mut down = down.subscribe();
    tokio::select! {
        done = work => done,
        Ok(_) = down.wait_for(|down| *down) => {
            Err(ApiError::Unavailable("PostgreSQL cannot be reached".into()).into())
        }
    }
}

/// How often [`watch_postgres`] asks PostgreSQL whether it is there, while it is, and
/// while it is not.
const WATCH_UP: Duration = Duration::from_millis(500);
const WATCH_DOWN: Duration = Duration::from_millis(250);

/// How long the watcher waits for a connection or an answer before it calls the database
/// gone: a database that hangs rather than refuses. Long enough that a machine too busy
/// to answer in time is not taken for a database gone.
const WATCH_PATIENCE: Duration = Duration::from_secs(4);

/// Watches PostgreSQL on a connection of its own, outside the pools, while `down` lives,
/// and says in `down` whether it can be reached. Refused, broken or silent for
/// [`WATCH_PATIENCE`] is down; slow is not. Requests read it ([`Db::unless_down`]): while
/// the database is down they answer 503 at once, and when it is back the pools reconnect
/// by themselves.
async fn watch_postgres(url: String, down: Weak<watch::Sender<bool>>) {
    use sea_orm::sqlx::{Connection, PgConnection};
    let mut connection: Option<PgConnection> = None;
    while let Some(said) = down.upgrade() {
        let answers = async {
            if connection.is_none() {
                connection = Some(PgConnection::connect(&url).await?);
            }
            match connection.as_mut() {
                Some(connection) => connection.ping().await,
                None => Ok(()),
            }
        };
        let up = matches!(
            tokio::time::timeout(WATCH_PATIENCE, answers).await,
            Ok(Ok(()))
        );
        if !up {
            connection = None;
        }
        said.send_if_modified(|down| {
            let changed = *down == up;
            if changed && up {
                tracing::info!("PostgreSQL answers again");
            } else if changed {
                tracing::warn!(
                    "PostgreSQL cannot be reached: requests answer 503 until it is back"
                );
            }
            *down = !up;
            changed
        });
        drop(said);
        tokio::time::sleep(if up { WATCH_UP } else { WATCH_DOWN }).await;
    }
}

fn postgres_options(url: &str, connections: u32) -> ConnectOptions {
    let mut options = ConnectOptions::new(url.to_owned());
    options
        .max_connections(connections)
        .min_connections(1)
        // Waiting for a connection means a burst (requests queue for the pool's
        // connections); a database gone is told apart by the watcher, and requests stop
        // waiting for it at once (Db::unless_down). The pool reconnects by itself when
        // the database is back.
        .acquire_timeout(Duration::from_secs(30))
        .connect_timeout(Duration::from_secs(2))
        .sqlx_logging(false);
    options
}

fn sqlite_options(url: &str, connections: u32, read_only: bool) -> ConnectOptions {
    let mut options = ConnectOptions::new(url.to_owned());
    options
        .max_connections(connections)
        .min_connections(1)
        .acquire_timeout(Duration::from_secs(30))
        .sqlx_logging(false)
        .map_sqlx_sqlite_opts(move |o| {
            o.journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(5))
                .read_only(read_only)
        });
    options
}

/// At most this many votes share a transaction.
const MOST_PER_BATCH: usize = 256;

/// The vote writer's lanes on PostgreSQL, one connection each.
const PG_LANES: usize = 4;

/// The row a vote is about: it decides the vote writer's lane, and the order in which a
/// batch takes its rows' locks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Target {
    table: &'static str,
    id: i64,
}

impl Target {
    /// The row `id` of `E`'s table.
    pub fn of<E: sea_orm::EntityTrait>(id: i64) -> Target {
        Target::new(E::default().table_name(), id)
    }

    pub const fn new(table: &'static str, id: i64) -> Target {
        Target { table, id }
    }
}

/// Reads the rows `ids` of one table, locked until the transaction ends, in one
/// statement and in `id` order; each row with its id, as the works that asked for it will
/// take it back ([`Batch::ahead`]).
pub type Lock =
    for<'t> fn(&'t DatabaseTransaction, Vec<i64>) -> BoxFuture<'t, ApiResult<Vec<(i64, Ahead)>>>;

/// A row read ahead for a work, its type known to the work only.
pub type Ahead = Box<dyn std::any::Any + Send>;

/// The transaction a batch of works runs in, and the rows read ahead for them.
pub struct Batch {
    pub txn: DatabaseTransaction,
    /// Each row read ahead, by target: `None` when there was no such row.
    ahead: Mutex<HashMap<Target, Option<Ahead>>>,
}

impl Batch {
    fn new(txn: DatabaseTransaction) -> Batch {
        Batch {
            txn,
            ahead: Mutex::default(),
        }
    }

    /// The row of `target` as read ahead, locked, and as the works before this one left
    /// it (see [`Batch::keep`]): `Some(None)` when there is no such row, `None` when it was
    /// not read ahead (the work reads it itself).
    pub fn ahead<M: Clone + 'static>(&self, target: Target) -> Option<Option<M>> {
        let ahead = self.ahead.lock().unwrap_or_else(|e| e.into_inner());
        let row = ahead.get(&target)?;
        Some(
            row.as_ref()
                .and_then(|row| row.downcast_ref::<M>().cloned()),
        )
    }

    /// Keeps `row` as the row of `target` now is, for the works after this one.
    pub fn keep<M: Send + 'static>(&self, target: Target, row: M) {
        let mut ahead = self.ahead.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(kept) = ahead.get_mut(&target) {
            *kept = Some(Box::new(row));
        }
    }

    /// Reads ahead the rows of every work of `batch` that said how ([`Job::lock`]), one
    /// statement per table, in [`Target`] order (the batch is sorted).
    async fn read_ahead(&self, batch: &[Job]) -> ApiResult<()> {
        // Per table, in order: its reading and the ids to read.
        let mut tables: Vec<(&'static str, Lock, Vec<i64>)> = Vec::new();
        for job in batch {
            let Some(lock) = job.lock else { continue };
            let Target { table, id } = job.target;
            match tables.last_mut() {
                Some((last, _, ids)) if *last == table => {
                    if ids.last() != Some(&id) {
                        ids.push(id);
                    }
                }
                _ => tables.push((table, lock, vec![id])),
            }
        }
        for (table, lock, ids) in tables {
            let rows = lock(&self.txn, ids.clone()).await?;
            let mut ahead = self.ahead.lock().unwrap_or_else(|e| e.into_inner());
            // Every id asked for, `None` unless its row came back.
            ahead.extend(ids.into_iter().map(|id| (Target::new(table, id), None)));
            ahead.extend(
                rows.into_iter()
                    .map(|(id, row)| (Target::new(table, id), Some(row))),
            );
        }
        Ok(())
    }
}

/// One work of [`Db::batched`], its result type erased.
struct Job {
    target: Target,
    /// How to read the work's row ahead with the others of its batch, if it can be.
    lock: Option<Lock>,
    /// Runs the work in the transaction: on success, what hands over its result once the
    /// transaction is committed; an error means the transaction must be rolled back.
    run: Box<Run>,
    /// Answers the work's caller with an error.
    fail: Box<dyn FnOnce(ApiError) + Send + Sync>,
}

type Run = dyn for<'t> Fn(&'t Batch) -> BoxFuture<'t, ApiResult<Deliver>> + Send + Sync;

type Deliver = Box<dyn FnOnce() + Send>;

/// Guides the closure to the signature `Job::run` needs.
fn runner<F>(f: F) -> F
where
    F: for<'t> Fn(&'t Batch) -> BoxFuture<'t, ApiResult<Deliver>> + Send + Sync,
{
    f
}

fn send<T>(reply: &Mutex<Option<oneshot::Sender<ApiResult<T>>>>, result: ApiResult<T>) {
    if let Some(sender) = reply.lock().unwrap_or_else(|e| e.into_inner()).take() {
        // The caller may be gone (client disconnected): the vote stands all the same.
        let _ = sender.send(result);
    }
}

/// A rule's answer, given before a work writes anything: no need to roll back others.
fn is_refusal(error: &ApiError) -> bool {
    matches!(
        error,
        ApiError::NotFound
            | ApiError::Forbidden
            | ApiError::Refused { .. }
            | ApiError::Validation(_)
    )
}

/// What the vote writer's lanes write through.
enum Lanes {
    /// SQLite's one writer connection: one lane.
    One(DatabaseConnection),
    /// A pool of its own on PostgreSQL, opened on the writer's thread: [`PG_LANES`]; a
    /// lane begins no transaction while the database is down (see [`Db::unless_down`]).
    Pool(Box<ConnectOptions>, Arc<watch::Sender<bool>>),
}

/// Starts the vote writer on a thread of its own (a single-threaded runtime that lives
/// as long as the queues it returns) and returns the queues of its lanes.
async fn vote_writer(lanes: Lanes) -> anyhow::Result<Vec<mpsc::UnboundedSender<Job>>> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the vote writer")?;
    let (ready, started) = oneshot::channel();
    std::thread::Builder::new()
        .name("cocrea-votes".into())
        .spawn(move || {
            runtime.block_on(async move {
                let (write, count, down) = match lanes {
                    Lanes::One(write) => (write, 1, None),
                    Lanes::Pool(options, down) => match Database::connect(*options).await {
                        Ok(pool) => (pool, PG_LANES, Some(down)),
                        Err(error) => {
                            let _ = ready.send(Err(error));
                            return;
                        }
                    },
                };
                let (queues, jobs): (Vec<_>, Vec<_>) =
                    (0..count).map(|_| mpsc::unbounded_channel::<Job>()).unzip();
                let lanes: Vec<_> = jobs
                    .into_iter()
                    .map(|jobs| tokio::spawn(lane(write.clone(), down.clone(), jobs)))
                    .collect();
                if ready.send(Ok(queues)).is_ok() {
                    futures_util::future::join_all(lanes).await;
                }
            });
        })
        .context("cannot start the vote writer")?;
    started
        .await
        .context("the vote writer did not start")?
        .context("cannot connect the vote writer to PostgreSQL (DATABASE_URL)")
}

/// One lane: whatever queued meanwhile, in one transaction, its rows locked in order.
async fn lane(
    write: DatabaseConnection,
    down: Option<Arc<watch::Sender<bool>>>,
    mut jobs: mpsc::UnboundedReceiver<Job>,
) {
    let write = Writer { write, down };
    while let Some(first) = jobs.recv().await {
        let mut batch = vec![first];
        while batch.len() < MOST_PER_BATCH {
            match jobs.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        batch.sort_by_key(|job| job.target);
        if let Err(error) = run_batch(&write, batch).await {
            let queued = std::iter::from_fn(|| jobs.try_recv().ok());
            fail_all(queued, &error);
        }
    }
}

/// A lane's connections, and what says whether the database is down.
struct Writer {
    write: DatabaseConnection,
    down: Option<Arc<watch::Sender<bool>>>,
}

impl Writer {
    /// A transaction, or 503 at once while the database is down.
    async fn begin(&self) -> ApiResult<DatabaseTransaction> {
        unless_down(self.down.as_ref(), async { Ok(self.write.begin().await?) }).await
    }
}

/// Runs a batch; an error when the database could not be reached, every work of the
/// batch having been answered with it.
async fn run_batch(write: &Writer, batch: Vec<Job>) -> Result<(), ApiError> {
    if batch.len() > 1 {
        let txn = match write.begin().await {
            Ok(txn) => Batch::new(txn),
            Err(error) => {
                fail_all(batch, &error);
                return Err(error);
            }
        };
        let mut delivers = Vec::with_capacity(batch.len());
        if txn.read_ahead(&batch).await.is_ok() {
            for job in &batch {
                match (job.run)(&txn).await {
                    Ok(deliver) => delivers.push(deliver),
                    Err(_) => break,
                }
            }
        }
        if delivers.len() == batch.len() {
            if txn.txn.commit().await.is_ok() {
                delivers.into_iter().for_each(|deliver| deliver());
                return Ok(());
            }
        } else if let Err(error) = txn.txn.rollback().await {
            tracing::warn!(%error, "rolling back a batch of votes failed");
        }
    }
    let mut jobs = batch.into_iter();
    while let Some(job) = jobs.next() {
        if let Err(error) = run_alone(write, job).await {
            fail_all(jobs, &error);
            return Err(error);
        }
    }
    Ok(())
}

/// Runs one work in a transaction of its own and answers it; an error when the
/// transaction could not begin (the work was answered with it).
async fn run_alone(write: &Writer, job: Job) -> Result<(), ApiError> {
    let txn = match write.begin().await {
        Ok(txn) => Batch::new(txn),
        Err(error) => {
            (job.fail)(error.for_another());
            return Err(error);
        }
    };
    match (job.run)(&txn).await {
        Ok(deliver) => match txn.txn.commit().await {
            Ok(()) => deliver(),
            Err(error) => (job.fail)(error.into()),
        },
        Err(error) => {
            if let Err(error) = txn.txn.rollback().await {
                tracing::warn!(%error, "rolling back a vote failed");
            }
            (job.fail)(error);
        }
    }
    Ok(())
}

fn fail_all(jobs: impl IntoIterator<Item = Job>, error: &ApiError) {
    for job in jobs {
        (job.fail)(error.for_another());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::platform::config::Config;

    #[tokio::test]
    async fn a_vote_failing_midway_is_rolled_back_alone_and_the_others_stand() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}/cocrea.db?mode=rwc", dir.path().display());
        let config = Config::from_lookup(|key| (key == "DATABASE_URL").then(|| url.clone()));
        let db = Db::connect(&config.unwrap()).await.unwrap();
        db.write
            .execute_unprepared("CREATE TABLE marks (n INTEGER NOT NULL)")
            .await
            .unwrap();
        // Queued together, so they share transactions; every third fails after writing.
        let works = (0..60).map(|n| {
            db.batched(Target::new("marks", n), None, move |batch| {
                Box::pin(async move {
                    batch
                        .txn
                        .execute_unprepared(&format!("INSERT INTO marks VALUES ({n})"))
                        .await?;
                    if n % 3 == 0 {
                        return Err(ApiError::Internal(anyhow::anyhow!("broken")));
                    }
                    Ok(n)
                })
            })
        });
        let results = futures_util::future::join_all(works).await;
        for (n, result) in results.iter().enumerate() {
            assert_eq!(result.is_ok(), n % 3 != 0, "vote {n}: {result:?}");
        }
        let kept = db
            .read
            .query_all_raw(sea_orm::Statement::from_string(
                db.read.get_database_backend(),
                "SELECT n FROM marks ORDER BY n",
            ))
            .await
            .unwrap()
            .iter()
            .map(|row| row.try_get_by_index::<i64>(0).unwrap())
            .collect::<Vec<_>>();
        let expected: Vec<i64> = (0..60).filter(|n| n % 3 != 0).collect();
        assert_eq!(kept, expected);
    }
}

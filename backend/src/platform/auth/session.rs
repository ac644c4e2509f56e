//! The person behind a session: read on every signed-in request.

use crate::entities::{sessions, users};
use crate::platform::auth::announce::{Announce, Pending};
use crate::platform::db::Db;
use crate::platform::error::ApiResult;
use api::Role;
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, FromQueryResult, JoinType, QueryFilter,
    QuerySelect, RelationTrait, Statement,
};
use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};

/// A live session's person, their staff roles folded into one column.
#[derive(FromQueryResult)]
struct Signed {
    #[sea_orm(nested)]
    user: users::Model,
    session_expires_at: DateTime<Utc>,
    session_last_seen_at: Option<DateTime<Utc>>,
    session_second_factor_at: Option<DateTime<Utc>>,
    staff_roles: Option<String>,
    two_factor_on: i64,
}

/// A live session's person, roles and second factor.
#[derive(Clone)]
pub struct LiveSession {
    pub user: users::Model,
    pub roles: Vec<Role>,
    /// Whether the session passed the second factor.
    pub second_factor: bool,
    /// Whether the person has two-factor authentication on; only looked up when asked
    /// (staff must use it), `false` otherwise.
    pub two_factor_on: bool,
}

/// How stale a session's `last_seen_at` may grow before a request moves it: one write per
/// session every few minutes, not one per request.
pub const SEEN_EVERY_MINUTES: i64 = 5;

/// The sessions this instance has looked up, kept in memory so a signed-in request costs
/// no query, until the database's `auth_epoch` moves: triggers move it on every change
/// to people, their roles, their second factor or their sessions' end, whoever makes it
/// (this instance, another one, the `cocrea` command, an operator). This instance reads
/// the counter after each of its own requests that may write (so its own sign-out,
/// password change or role change holds at its very next request), when PostgreSQL
/// notifies `cocrea_auth` (another instance's change, within milliseconds), on SQLite
/// before trusting a kept session whenever the write-ahead log moved since (the `cocrea`
/// command's change holds at the next request too), and every quarter of a second (a
/// notification lost while PostgreSQL was away, a change that left the log's size and
/// time as they were).
pub struct Sessions {
    /// Whether sessions are kept at all (`COCREA_READ_CACHE_MS=0` turns it off with the
    /// read cache: every request then reads its session, as for measurements).
    keep: bool,
    /// The counter as last read; a kept session holds the value read before its lookup
    /// started and is good while they are equal.
    epoch: AtomicI64,
    kept: Mutex<HashMap<String, Kept>>,
    /// On SQLite, the database's write-ahead log.
    log: Option<Log>,
    /// One read of the counter at a time for the requests that need one (after a write,
    /// or on SQLite when the log moved): each read serves every request that arrived
    /// before it began, so under many writes there is one read per round trip, not one
    /// per request.
    reading: tokio::sync::Mutex<()>,
    /// Reads of the counter begun, numbered (by every path: after a write, polled…).
    begun: AtomicU64,
    /// The highest number of a read that completed: a request that arrived when
    /// `begun` was lower needs no read of its own (that one saw all it must).
    covered: AtomicU64,
    /// On PostgreSQL, whose kept state the other instances must forget: sent with the
    /// next read of the counter.
    pending: Mutex<Pending>,
}

/// SQLite's write-ahead log, which every commit of every process appends to: while its
/// size and time stay as they were when the counter was last read, nothing can have
/// moved the counter, and a request trusts its kept session after one `stat`, no query.
struct Log {
    path: std::path::PathBuf,
    /// The log's size and time just before the counter was last read.
    read_at: Mutex<Option<Stamp>>,
}

type Stamp = (u64, Option<std::time::SystemTime>);

impl Log {
    fn stamp(&self) -> Option<Stamp> {
        let metadata = std::fs::metadata(&self.path).ok()?;
        Some((metadata.len(), metadata.modified().ok()))
    }

    fn read_at(&self) -> std::sync::MutexGuard<'_, Option<Stamp>> {
        self.read_at
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

struct Kept {
    epoch: i64,
    /// [`Db::people_generation`] before the lookup.
    generation: u64,
    user_id: i64,
    session: LiveSession,
    expires_at: DateTime<Utc>,
    last_seen_at: Option<DateTime<Utc>>,
}

/// At most this many sessions are kept; past it the store starts again empty.
const KEPT_MAX: usize = 100_000;

impl Sessions {
    /// `sqlite`: the database file on SQLite, `None` on PostgreSQL.
    pub fn new(keep: bool, sqlite: Option<&std::path::Path>) -> Sessions {
        let log = sqlite.map(|file| {
            let mut path = file.as_os_str().to_owned();
            path.push("-wal");
            Log {
                path: path.into(),
                read_at: Mutex::new(None),
            }
        });
        Sessions {
            keep,
            epoch: AtomicI64::new(i64::MIN),
            kept: Mutex::new(HashMap::new()),
            log,
            reading: tokio::sync::Mutex::new(()),
            begun: AtomicU64::new(0),
            covered: AtomicU64::new(0),
            pending: Mutex::new(Pending::default()),
        }
    }

    /// The person behind a live session, with their roles; `None` when the session has
    /// ended. `two_factor`: also whether they have two-factor authentication on, which
    /// only the staff routes' refusal needs, and only when staff must use it (the same for
    /// every request of a server).
    pub async fn live(
        &self,
        db: &Db,
        user_id: i64,
        session_id: &str,
        two_factor: bool,
    ) -> ApiResult<Option<LiveSession>> {
        if self.keep {
            self.follow_log(db).await;
        }
        let epoch = self.epoch.load(Ordering::Acquire);
        let generation = db.people_generation();
        let now = Utc::now();
        if self.keep
            && let Some(session) = self.kept((epoch, generation), user_id, session_id, now, db)
        {
            return Ok(Some(session));
        }
        let Some(found) = lookup(db, user_id, session_id, two_factor).await? else {
            return Ok(None);
        };
        if found.expires_at <= now {
            return Ok(None);
        }
        if is_stale(found.last_seen_at, now) {
            touch(db, session_id, now);
        }
        if self.keep && epoch != i64::MIN {
            let mut kept = self.lock();
            if kept.len() >= KEPT_MAX {
                kept.clear();
            }
            kept.insert(
                session_id.to_owned(),
                Kept {
                    epoch,
                    generation,
                    user_id,
                    session: found.session.clone(),
                    expires_at: found.expires_at,
                    last_seen_at: Some(now),
                },
            );
        }
        Ok(Some(found.session))
    }

    /// The kept session, if it is still good; moves its last use when it is stale.
    fn kept(
        &self,
        (epoch, generation): (i64, u64),
        user_id: i64,
        session_id: &str,
        now: DateTime<Utc>,
        db: &Db,
    ) -> Option<LiveSession> {
        let mut kept = self.lock();
        let entry = kept.get_mut(session_id)?;
        if (entry.epoch, entry.generation) != (epoch, generation)
            || entry.user_id != user_id
            || entry.expires_at <= now
        {
            kept.remove(session_id);
            return None;
        }
        if is_stale(entry.last_seen_at, now) {
            entry.last_seen_at = Some(now);
            touch(db, session_id, now);
        }
        Some(entry.session.clone())
    }

    /// On SQLite, reads the counter again when the write-ahead log moved since it was
    /// last read: some process committed, perhaps a change to people or sessions.
    async fn follow_log(&self, db: &Db) {
        let Some(log) = &self.log else { return };
        if log.stamp().is_some_and(|now| Some(now) == *log.read_at()) {
            return;
        }
        self.read_since(db).await;
    }

    /// After a request that may have written, once it committed: the counter read again
    /// (its own sign-out or role change holds at the next request), and on PostgreSQL
    /// the other instances told whose own state it changed (`announce`), in one
    /// statement shared with the other writes of the moment.
    pub async fn after_write(&self, db: &Db, announce: Option<Announce>) {
        if let Some(announce) = announce {
            self.pending_lock().add(announce);
        }
        self.read_since(db).await;
    }

    /// Returns once a read of the counter begun after this call has completed: its own,
    /// or one another request began meanwhile (under many writes, one read serves all
    /// those that arrived while the previous one ran).
    async fn read_since(&self, db: &Db) {
        let arrived = self.begun.load(Ordering::Acquire);
        let _reading = self.reading.lock().await;
        if self.covered.load(Ordering::Acquire) > arrived {
            return;
        }
        self.refresh(db).await;
    }

    /// Reads the counter; kept sessions are dropped when it moved, and when it cannot be
    /// read (nothing kept can be trusted then). On PostgreSQL the same statement sends
    /// the pending announcements (`NOTIFY cocrea_viewer`).
    pub async fn refresh(&self, db: &Db) {
        let backend = db.read.get_database_backend();
        // Numbered before anything is taken or read: a request that arrived before this
        // number was drawn has its announcement and its commit in this read.
        let ticket = self.begun.fetch_add(1, Ordering::AcqRel) + 1;
        let announced = std::mem::take(&mut *self.pending_lock());
        // Only PostgreSQL has other instances to tell (SQLite: one per database file).
        let payload = announced
            .payload()
            .filter(|_| backend == DbBackend::Postgres);
        let statement = match payload {
            Some(payload) => Statement::from_sql_and_values(
                backend,
                "SELECT epoch, pg_notify('cocrea_viewer', $1) IS NULL AS sent \
                 FROM auth_epoch WHERE id = 1",
                [payload.into()],
            ),
            None => Statement::from_string(backend, "SELECT epoch FROM auth_epoch WHERE id = 1"),
        };
        // Taken before the read: a commit after it moves the log past this stamp.
        let stamp = self.log.as_ref().and_then(Log::stamp);
        let read = db
            .read
            .query_one_raw(statement)
            .await
            .and_then(|row| row.map(|row| row.try_get::<i64>("", "epoch")).transpose());
        match read {
            Ok(Some(epoch)) => {
                if self.epoch.fetch_max(epoch, Ordering::AcqRel) < epoch {
                    self.lock().clear();
                }
                // Only once the counter is in place may a request rely on this read.
                if let Some(log) = &self.log {
                    *log.read_at() = stamp;
                }
            }
            Ok(None) | Err(_) => {
                // Nothing kept is used until the counter is read again; the
                // announcements go with the next read.
                self.epoch.store(i64::MIN, Ordering::Release);
                self.lock().clear();
                self.pending_lock().merge(announced);
            }
        }
        // Either way the requests waiting for this read may go: it moved the counter, or
        // nothing kept is trusted any more. (Were a failed read not to count, the requests
        // queued behind it while the database is away would each wait for a read of
        // their own, one after the other.)
        self.covered.fetch_max(ticket, Ordering::AcqRel);
    }

    fn pending_lock(&self) -> std::sync::MutexGuard<'_, Pending> {
        self.pending
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Kept>> {
        self.kept
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// Whether a session's last use is too old to leave as it is.
fn is_stale(seen: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
    seen.is_none_or(|seen| seen < now - Duration::minutes(SEEN_EVERY_MINUTES))
}

/// Records a session's last use, off the request's path: the answer does not wait for
/// this write (which does not move `auth_epoch`).
fn touch(db: &Db, session_id: &str, now: DateTime<Utc>) {
    let (write, session_id) = (db.write.clone(), session_id.to_owned());
    tokio::spawn(async move {
        let moved = sessions::Entity::update_many()
            .col_expr(sessions::Column::LastSeenAt, Expr::value(Some(now)))
            .filter(sessions::Column::Id.eq(session_id))
            .exec(&write)
            .await;
        if let Err(error) = moved {
            tracing::warn!(%error, "a session's last use could not be recorded");
        }
    });
}

/// A session as the database has it.
struct Found {
    session: LiveSession,
    expires_at: DateTime<Utc>,
    last_seen_at: Option<DateTime<Utc>>,
}

/// The session, its person and their roles, in one query.
async fn lookup(
    db: &Db,
    user_id: i64,
    session_id: &str,
    two_factor: bool,
) -> ApiResult<Option<Found>> {
    let fold = match db.read.get_database_backend() {
        DbBackend::Postgres => "string_agg",
        _ => "group_concat",
    };
    let staff = Expr::cust(format!(
        "(SELECT {fold}(role, ',') FROM user_roles WHERE user_roles.user_id = users.id)"
    ));
    let found = users::Entity::find()
        .join(JoinType::InnerJoin, sessions::Relation::User.def().rev())
        .filter(sessions::Column::Id.eq(session_id))
        .filter(sessions::Column::UserId.eq(user_id))
        .column_as(sessions::Column::ExpiresAt, "session_expires_at")
        .column_as(sessions::Column::LastSeenAt, "session_last_seen_at")
        .column_as(sessions::Column::SecondFactorAt, "session_second_factor_at")
        .column_as(staff, "staff_roles")
        .column_as(
            Expr::cust(if two_factor {
                "(SELECT COUNT(*) FROM two_factor WHERE two_factor.user_id = users.id \
                 AND two_factor.salt IS NOT NULL)"
            } else {
                "CAST(0 AS BIGINT)"
            }),
            "two_factor_on",
        )
        .into_model::<Signed>()
        .one(&db.read)
        .await?;
    let Some(signed) = found else {
        return Ok(None);
    };
    let staff = signed.staff_roles.as_deref().unwrap_or_default();
    let roles = roles_of(
        &signed.user,
        staff.split(',').filter_map(Role::parse).collect(),
    );
    let mut user = signed.user;
    // Whether there is a picture is all a request needs: its bytes are not kept.
    user.avatar = user.avatar.map(|_| Vec::new());
    Ok(Some(Found {
        session: LiveSession {
            user,
            roles,
            second_factor: signed.session_second_factor_at.is_some(),
            two_factor_on: signed.two_factor_on > 0,
        },
        expires_at: signed.session_expires_at,
        last_seen_at: signed.session_last_seen_at,
    }))
}

/// Every role a person has: member, client when verified, then staff roles.
pub fn roles_of(user: &users::Model, staff: Vec<Role>) -> Vec<Role> {
    let mut roles = vec![Role::Member];
    if user.is_client {
        roles.push(Role::Client);
    }
    roles.extend(staff);
    roles.sort();
    roles.dedup();
    roles
}

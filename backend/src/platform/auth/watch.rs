//! Sessions and per-person state kept in step across instances: the `auth_epoch` counter
//! polled, `NOTIFY cocrea_auth` heard (another instance's change to people or sessions),
//! and the people whose own state a write changed announced on `cocrea_viewer`.

use crate::platform::auth::session::Sessions;
use crate::platform::cache::ReadCache;
use crate::platform::db::Db;
use actix_web::web;
use sea_orm::DbBackend;

/// Whose own state changed by a write, for the other instances' [`crate::platform::viewers`].
#[derive(Debug, Clone, Copy)]
pub enum Announce {
    Person(i64),
    /// A team write (a merge moves other people's supports): everyone's.
    Everyone,
}

/// Announcements waiting for the next read of the counter.
#[derive(Default)]
pub(super) struct Pending {
    everyone: bool,
    people: std::collections::BTreeSet<i64>,
}

/// PostgreSQL refuses a notification payload of 8,000 bytes or more; past this many, the
/// other instances are told to forget everyone's state instead.
const PAYLOAD_MAX: usize = 7_000;

impl Pending {
    pub(super) fn add(&mut self, announce: Announce) {
        match announce {
            Announce::Person(id) => {
                self.people.insert(id);
            }
            Announce::Everyone => self.everyone = true,
        }
    }

    pub(super) fn merge(&mut self, other: Pending) {
        self.everyone |= other.everyone;
        self.people.extend(other.people);
    }

    /// The payload of `NOTIFY cocrea_viewer`: the people's ids, comma-separated, or `*`.
    pub(super) fn payload(&self) -> Option<String> {
        if self.everyone {
            return Some("*".to_owned());
        }
        if self.people.is_empty() {
            return None;
        }
        let ids: Vec<String> = self.people.iter().map(i64::to_string).collect();
        let payload = ids.join(",");
        Some(if payload.len() > PAYLOAD_MAX {
            "*".to_owned()
        } else {
            payload
        })
    }
}

/// What a `cocrea_viewer` payload asks to forget: these people, or everyone (`None`,
/// also for a payload that does not parse).
fn announced(payload: &str) -> Option<Vec<i64>> {
    payload.split(',').map(|id| id.parse().ok()).collect()
}

/// How often the counter is read when nothing said it moved: the bound on how long a
/// change nothing announced (a notification lost while PostgreSQL was away) may go
/// unseen.
const EPOCH_EVERY: std::time::Duration = std::time::Duration::from_millis(250);

/// Keeps `sessions` in step with the database: reads the counter now and every
/// [`EPOCH_EVERY`], and on PostgreSQL each time another instance's change notifies
/// `cocrea_auth`; drops the kept state of the people another instance announces on
/// `cocrea_viewer` from `reads`.
pub fn watch(sessions: std::sync::Arc<Sessions>, reads: web::Data<ReadCache>, db: &Db) {
    let polled = sessions.clone();
    crate::platform::jobs::every(EPOCH_EVERY, db.clone(), move |db| {
        let sessions = polled.clone();
        async move { sessions.refresh(&db).await }
    });
    if db.read.get_database_backend() != DbBackend::Postgres {
        return;
    }
    let db = db.clone();
    tokio::spawn(async move {
        use sea_orm::sqlx::postgres::PgListener;
        loop {
            let pool = db.read.get_postgres_connection_pool();
            let mut listener = match PgListener::connect_with(pool).await {
                Ok(listener) => listener,
                Err(_) => {
                    tokio::time::sleep(EPOCH_EVERY).await;
                    continue;
                }
            };
            if listener
                .listen_all(["cocrea_auth", "cocrea_viewer"])
                .await
                .is_err()
            {
                tokio::time::sleep(EPOCH_EVERY).await;
                continue;
            }
            // Listening: whatever changed before it started is read now.
            sessions.refresh(&db).await;
            reads.viewers.forget_all();
            loop {
                match listener.try_recv().await {
                    Ok(Some(notified)) if notified.channel() == "cocrea_viewer" => {
                        match announced(notified.payload()) {
                            Some(people) => people
                                .into_iter()
                                .for_each(|person| reads.viewers.forget(person)),
                            None => reads.viewers.forget_all(),
                        }
                    }
                    Ok(Some(_)) => sessions.refresh(&db).await,
                    // The connection was lost and comes back on the next call; what was
                    // notified meanwhile is lost: read again.
                    Ok(None) => {
                        sessions.refresh(&db).await;
                        reads.viewers.forget_all();
                    }
                    Err(_) => break,
                }
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn announcements_travel_as_ids_or_everyone() {
        let mut pending = Pending::default();
        assert_eq!(pending.payload(), None);
        pending.add(Announce::Person(42));
        pending.add(Announce::Person(7));
        pending.add(Announce::Person(42));
        let payload = pending.payload().expect("two people");
        assert_eq!(payload, "7,42");
        assert_eq!(announced(&payload), Some(vec![7, 42]));
        pending.add(Announce::Everyone);
        assert_eq!(pending.payload().as_deref(), Some("*"));
        assert_eq!(announced("*"), None);
        assert_eq!(announced("7,x"), None);
    }

    #[test]
    fn too_many_people_for_one_notification_become_everyone() {
        let mut pending = Pending::default();
        (1..=2_000).for_each(|id| pending.add(Announce::Person(1_000_000 + id)));
        assert_eq!(pending.payload().as_deref(), Some("*"));
        let mut other = Pending::default();
        other.add(Announce::Person(3));
        let mut merged = Pending::default();
        merged.merge(other);
        assert_eq!(merged.payload().as_deref(), Some("3"));
    }
}

//! Sessions and per-person state kept in step across instances: the `auth_epoch` counter
//! polled, `NOTIFY cocrea_auth` heard (another instance's change to people or sessions),
//! and the people another instance announces on `cocrea_viewer` forgotten.

use crate::platform::auth::announce::announced;
use crate::platform::auth::session::Sessions;
use crate::platform::cache::ReadCache;
use crate::platform::db::Db;
use actix_web::web;
use sea_orm::DbBackend;

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

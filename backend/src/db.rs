//! Database connections. All engine-specific settings live here: on SQLite, WAL, foreign
//! keys, a busy timeout, one writer connection (SQLite allows one writer at a time; a
//! single connection queues writes in the pool instead of failing with SQLITE_BUSY) and a
//! small read-only pool; on PostgreSQL, one pool serves both.

use crate::config::{Config, sqlite_path};
use anyhow::Context;
use migrations::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection};
use std::time::Duration;

/// The two handles every service gets: `read` for queries, `write` for transactions.
#[derive(Debug, Clone)]
pub struct Db {
    pub read: DatabaseConnection,
    pub write: DatabaseConnection,
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
            Db { read, write }
        } else {
            let mut options = ConnectOptions::new(url.clone());
            options
                .max_connections(16)
                .min_connections(1)
                .acquire_timeout(Duration::from_secs(10))
                .sqlx_logging(false);
            let pool = Database::connect(options)
                .await
                .context("cannot connect to PostgreSQL (DATABASE_URL)")?;
            Migrator::up(&pool, None)
                .await
                .context("running migrations")?;
            Db {
                read: pool.clone(),
                write: pool,
            }
        };
        Ok(db)
    }

    /// `true` when a trivial query answers.
    pub async fn ping(&self) -> bool {
        self.read.execute_unprepared("SELECT 1").await.is_ok()
    }
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

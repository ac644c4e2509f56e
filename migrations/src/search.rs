//! Full-text search over a table's `search_terms` column, the same way for every table
//! that has one: on SQLite an external-content FTS5 table `{table}_fts` kept in step by
//! triggers; on PostgreSQL a generated `tsvector` (`simple` configuration: the server has
//! already stemmed and unaccented the terms) with a GIN index. Both engines then match
//! exactly the same words.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

/// Creates the search index of `table`.
pub(crate) async fn create(manager: &SchemaManager<'_>, table: &str) -> Result<(), DbErr> {
    let fts = format!("{table}_fts");
    let statements = match manager.get_database_backend() {
        DatabaseBackend::Sqlite => vec![
            format!(
                "CREATE VIRTUAL TABLE {fts} USING fts5(search_terms, content='{table}', content_rowid='id', tokenize='unicode61')"
            ),
            format!(
                "CREATE TRIGGER {fts}_insert AFTER INSERT ON {table} BEGIN \
                   INSERT INTO {fts}(rowid, search_terms) VALUES (new.id, new.search_terms); END"
            ),
            format!(
                "CREATE TRIGGER {fts}_delete AFTER DELETE ON {table} BEGIN \
                   INSERT INTO {fts}({fts}, rowid, search_terms) VALUES ('delete', old.id, old.search_terms); END"
            ),
            format!(
                "CREATE TRIGGER {fts}_update AFTER UPDATE OF search_terms ON {table} BEGIN \
                   INSERT INTO {fts}({fts}, rowid, search_terms) VALUES ('delete', old.id, old.search_terms); \
                   INSERT INTO {fts}(rowid, search_terms) VALUES (new.id, new.search_terms); END"
            ),
        ],
        DatabaseBackend::Postgres => vec![
            format!(
                "ALTER TABLE {table} ADD COLUMN search_vector tsvector \
                   GENERATED ALWAYS AS (to_tsvector('simple', search_terms)) STORED"
            ),
            format!("CREATE INDEX idx_{table}_search ON {table} USING GIN (search_vector)"),
        ],
        other => {
            return Err(DbErr::Migration(format!("unsupported database: {other:?}")));
        }
    };
    let db = manager.get_connection();
    for statement in statements {
        db.execute_unprepared(&statement).await?;
    }
    Ok(())
}

/// Drops the SQLite index table of `table` (PostgreSQL's goes with the table).
pub(crate) async fn drop(manager: &SchemaManager<'_>, table: &str) -> Result<(), DbErr> {
    if manager.get_database_backend() == DatabaseBackend::Sqlite {
        manager
            .get_connection()
            .execute_unprepared(&format!("DROP TABLE IF EXISTS {table}_fts"))
            .await?;
    }
    Ok(())
}

//! A counter that moves whenever anything a signed-in request is judged by changes: a
//! person (their address, client status, deletion), their staff roles, their second
//! factor, a session ending or passing the second factor. Servers keep the sessions they
//! looked up in memory and drop them when the counter moves, whoever moved it: another
//! instance, the `cocrea` command, a job or an operator's SQL. Triggers move it, so no
//! write can forget to; on PostgreSQL they also `NOTIFY cocrea_auth`, which the other
//! instances listen to. A session's `last_seen_at`, written every few minutes, does not
//! move it; nor does a new person or a new session, which nobody holds yet.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

crate::migration!();

/// The tables and the changes to them that move the counter: `(table, operation)`.
const WATCHED: [(&str, &str); 10] = [
    ("users", "UPDATE"),
    ("users", "DELETE"),
    (
        "sessions",
        "UPDATE OF expires_at, second_factor_at, user_id",
    ),
    ("sessions", "DELETE"),
    ("user_roles", "INSERT"),
    ("user_roles", "UPDATE"),
    ("user_roles", "DELETE"),
    ("two_factor", "INSERT"),
    ("two_factor", "UPDATE"),
    ("two_factor", "DELETE"),
];

/// The trigger's name for a watched change.
fn trigger(table: &str, operation: &str) -> String {
    let verb = operation.split(' ').next().unwrap_or(operation);
    format!("auth_epoch_{table}_{}", verb.to_lowercase())
}

async fn up(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(AuthEpoch::Table)
                .col(
                    ColumnDef::new(AuthEpoch::Id)
                        .integer()
                        .not_null()
                        .primary_key(),
                )
                .col(
                    ColumnDef::new(AuthEpoch::Epoch)
                        .big_integer()
                        .not_null()
                        .default(0),
                )
                .to_owned(),
        )
        .await?;
    let db = manager.get_connection();
    db.execute_unprepared("INSERT INTO auth_epoch (id, epoch) VALUES (1, 0)")
        .await?;
    let backend = manager.get_database_backend();
    if backend == DatabaseBackend::Postgres {
        // Row by row, so a statement that changes nothing moves nothing; PostgreSQL
        // sends one notification per transaction for the same channel and payload.
        db.execute_unprepared(
            "CREATE FUNCTION cocrea_auth_changed() RETURNS trigger LANGUAGE plpgsql AS $$ \
             BEGIN \
               UPDATE auth_epoch SET epoch = epoch + 1 WHERE id = 1; \
               PERFORM pg_notify('cocrea_auth', ''); \
               RETURN NULL; \
             END $$",
        )
        .await?;
    }
    for (table, operation) in WATCHED {
        let name = trigger(table, operation);
        let statement = match backend {
            DatabaseBackend::Postgres => format!(
                "CREATE TRIGGER {name} AFTER {operation} ON {table} \
                 FOR EACH ROW EXECUTE FUNCTION cocrea_auth_changed()"
            ),
            _ => format!(
                "CREATE TRIGGER {name} AFTER {operation} ON {table} \
                 BEGIN UPDATE auth_epoch SET epoch = epoch + 1 WHERE id = 1; END"
            ),
        };
        db.execute_unprepared(&statement).await?;
    }
    Ok(())
}

async fn down(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    let db = manager.get_connection();
    let postgres = manager.get_database_backend() == DatabaseBackend::Postgres;
    for (table, operation) in WATCHED {
        let name = trigger(table, operation);
        let on = if postgres {
            format!(" ON {table}")
        } else {
            String::new()
        };
        db.execute_unprepared(&format!("DROP TRIGGER IF EXISTS {name}{on}"))
            .await?;
    }
    if postgres {
        db.execute_unprepared("DROP FUNCTION IF EXISTS cocrea_auth_changed()")
            .await?;
    }
    manager
        .drop_table(Table::drop().table(AuthEpoch::Table).to_owned())
        .await
}

#[derive(DeriveIden)]
enum AuthEpoch {
    Table,
    Id,
    Epoch,
}

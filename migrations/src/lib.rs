//! Cocrea's schema. Each migration is hand-written with sea-query's backend-neutral
//! helpers, so SQLite and PostgreSQL get the same tables; the server runs them at start-up
//! and the tests build their databases from them (never from the entities).

pub use sea_orm_migration::prelude::*;

mod m20261123_000001_accounts;
mod m20261123_000002_themes;
mod m20261123_000003_ideas;
mod m20261123_000004_questions;
mod m20261123_000005_moderation;
mod m20261123_000006_people;
mod m20261202_000007_rate_counts;
mod m20261203_000008_accessibility;
mod m20261205_000009_identity;
mod m20261205_000010_client_codes;
mod m20261205_000011_session_devices;
mod m20261205_000012_bank_identities;
mod m20261205_000013_two_factor;
mod m20261206_000014_comment_votes;
mod search;

/// Every migration, in order.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261123_000001_accounts::Migration),
            Box::new(m20261123_000002_themes::Migration),
            Box::new(m20261123_000003_ideas::Migration),
            Box::new(m20261123_000004_questions::Migration),
            Box::new(m20261123_000005_moderation::Migration),
            Box::new(m20261123_000006_people::Migration),
            Box::new(m20261202_000007_rate_counts::Migration),
            Box::new(m20261203_000008_accessibility::Migration),
            Box::new(m20261205_000009_identity::Migration),
            Box::new(m20261205_000010_client_codes::Migration),
            Box::new(m20261205_000011_session_devices::Migration),
            Box::new(m20261205_000012_bank_identities::Migration),
            Box::new(m20261205_000013_two_factor::Migration),
            Box::new(m20261206_000014_comment_votes::Migration),
        ]
    }
}

/// Creates the index `name` on `table` over `columns`, in this order.
pub(crate) async fn index<C: IntoIden>(
    manager: &SchemaManager<'_>,
    name: &str,
    table: impl IntoIden,
    columns: impl IntoIterator<Item = C>,
) -> Result<(), DbErr> {
    create_index(manager, name, table, columns, false).await
}

/// The same, refusing two rows with the same values.
pub(crate) async fn unique_index<C: IntoIden>(
    manager: &SchemaManager<'_>,
    name: &str,
    table: impl IntoIden,
    columns: impl IntoIterator<Item = C>,
) -> Result<(), DbErr> {
    create_index(manager, name, table, columns, true).await
}

async fn create_index<C: IntoIden>(
    manager: &SchemaManager<'_>,
    name: &str,
    table: impl IntoIden,
    columns: impl IntoIterator<Item = C>,
    unique: bool,
) -> Result<(), DbErr> {
    let mut index = Index::create();
    index.name(name).table(table);
    for column in columns {
        index.col(column.into_iden());
    }
    if unique {
        index.unique();
    }
    manager.create_index(index.to_owned()).await
}

/// A foreign key whose rows go with the row they point at.
pub(crate) fn cascade(
    table: impl IntoIden,
    column: impl IntoIden,
    to_table: impl IntoIden,
    to_column: impl IntoIden,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(table, column)
        .to(to_table, to_column)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

/// One `ALTER TABLE … ADD COLUMN` per column: SQLite takes them one at a time.
pub(crate) async fn add_columns(
    manager: &SchemaManager<'_>,
    table: impl IntoIden + Clone,
    columns: Vec<ColumnDef>,
) -> Result<(), DbErr> {
    for mut column in columns {
        manager
            .alter_table(
                Table::alter()
                    .table(table.clone())
                    .add_column(&mut column)
                    .to_owned(),
            )
            .await?;
    }
    Ok(())
}

/// One `ALTER TABLE … DROP COLUMN` per column, for the same reason.
pub(crate) async fn drop_columns(
    manager: &SchemaManager<'_>,
    table: impl IntoIden + Clone,
    names: &[DynIden],
) -> Result<(), DbErr> {
    for name in names {
        manager
            .alter_table(
                Table::alter()
                    .table(table.clone())
                    .drop_column(name.clone())
                    .to_owned(),
            )
            .await?;
    }
    Ok(())
}

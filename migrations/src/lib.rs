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
mod m20261206_000015_auth_epoch;
mod search;

/// Declares the migration of the file it stands in: its name is the file's name (as
/// sea-orm's `DeriveMigrationName` would make it, so a database migrated before keeps its
/// history), its steps the file's `async fn up` and `async fn down`.
macro_rules! migration {
    () => {
        pub struct Migration;

        impl MigrationName for Migration {
            fn name(&self) -> &str {
                sea_orm_migration::util::get_file_stem(file!())
            }
        }

        #[async_trait::async_trait]
        impl MigrationTrait for Migration {
            async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
                up(manager).await
            }

            async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
                down(manager).await
            }
        }
    };
}
pub(crate) use migration;

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
            Box::new(m20261206_000015_auth_epoch::Migration),
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

/// A foreign key to the person a row belongs to: it goes when their account goes.
pub(crate) fn of_person(table: impl IntoIden, column: impl IntoIden) -> ForeignKeyCreateStatement {
    cascade(table, column, Alias::new("users"), Alias::new("id"))
}

/// The table `table` of votes on the rows of `target`: one row per person and row voted
/// on (`on`, `user_id`), which goes with either, remembering whether the person was a
/// verified client when they voted (`is_client`: the split stays what it was at the time
/// of the vote); `signed` adds the vote's `value` (+1 or -1) for two-sided votes. The index
/// `idx_{table}_user` finds a person's votes, for the data export and account erasure.
pub(crate) async fn ballots(
    manager: &SchemaManager<'_>,
    table: &str,
    on: &str,
    target: &str,
    signed: bool,
) -> Result<(), DbErr> {
    let name = || Alias::new(table);
    let (on, user) = (|| Alias::new(on), || Alias::new("user_id"));
    let mut create = Table::create();
    create
        .table(name())
        .col(sea_orm_migration::schema::big_integer(on()))
        .col(sea_orm_migration::schema::big_integer(user()));
    if signed {
        create.col(sea_orm_migration::schema::small_integer(Alias::new(
            "value",
        )));
    }
    create
        .col(sea_orm_migration::schema::boolean(Alias::new("is_client")))
        .col(sea_orm_migration::schema::timestamp_with_time_zone(
            Alias::new("created_at"),
        ))
        .primary_key(Index::create().col(on()).col(user()))
        .foreign_key(&mut cascade(
            name(),
            on(),
            Alias::new(target),
            Alias::new("id"),
        ))
        .foreign_key(&mut of_person(name(), user()));
    manager.create_table(create.to_owned()).await?;
    index(
        manager,
        &format!("idx_{table}_user"),
        name(),
        [user(), on()],
    )
    .await
}

/// Drops `tables`, in this order.
pub(crate) async fn drop_tables(
    manager: &SchemaManager<'_>,
    tables: impl IntoIterator<Item = DynIden>,
) -> Result<(), DbErr> {
    for table in tables {
        manager
            .drop_table(Table::drop().table(table).to_owned())
            .await?;
    }
    Ok(())
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A migration's name is what a database records as applied: were it to change, every
    /// existing database would run the migration again.
    #[test]
    fn each_migration_is_named_after_its_file() {
        let names: Vec<String> = Migrator::migrations()
            .iter()
            .map(|migration| migration.name().to_owned())
            .collect();
        let mut files: Vec<String> = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/src"))
            .unwrap()
            .map(|entry| entry.unwrap().file_name().into_string().unwrap())
            .filter(|name| name.starts_with('m') && name.ends_with(".rs") && name != "main.rs")
            .map(|name| name.trim_end_matches(".rs").to_owned())
            .collect();
        files.sort();
        assert_eq!(names, files);
        assert_eq!(names[0], "m20261123_000001_accounts");
    }
}

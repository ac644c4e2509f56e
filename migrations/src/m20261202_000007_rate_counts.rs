//! Abuse limits' counts, shared by every server instance on PostgreSQL (on SQLite, one
//! instance counts in memory and the table stays empty).

use sea_orm_migration::{prelude::*, schema::*};

crate::migration!();

async fn up(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(RateCounts::Table)
                // What is counted and about whom: `vote:42`, `signup.ip:<keyed hash>`.
                .col(string_len(RateCounts::Key, 80).primary_key())
                // The end of the current window (Unix seconds) and its count.
                .col(big_integer(RateCounts::WindowEnds))
                .col(big_integer(RateCounts::Hits))
                .to_owned(),
        )
        .await
}

async fn down(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .drop_table(Table::drop().table(RateCounts::Table).to_owned())
        .await
}

#[derive(DeriveIden)]
enum RateCounts {
    Table,
    Key,
    WindowEnds,
    Hits,
}

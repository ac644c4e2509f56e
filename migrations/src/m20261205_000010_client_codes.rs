//! One-time codes a bank gives its clients, for a member to become a client without
//! OpenID Connect. Only a keyed hash of each code is stored (see
//! `backend/src/auth/client_codes.rs`).

use crate::unique_index;
use sea_orm_migration::{prelude::*, schema::*};

crate::migration!();

async fn up(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(ClientCodes::Table)
                .col(big_pk_auto(ClientCodes::Id))
                .col(string_len(ClientCodes::CodeHash, 64))
                .col(timestamp_with_time_zone(ClientCodes::CreatedAt))
                .col(timestamp_with_time_zone(ClientCodes::ExpiresAt))
                .col(timestamp_with_time_zone_null(ClientCodes::UsedAt))
                // Who used it; the person may delete their account later.
                .col(big_integer_null(ClientCodes::UsedBy))
                .to_owned(),
        )
        .await?;
    unique_index(
        manager,
        "idx_client_codes_hash",
        ClientCodes::Table,
        [ClientCodes::CodeHash],
    )
    .await
}

async fn down(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .drop_table(Table::drop().table(ClientCodes::Table).to_owned())
        .await
}

#[derive(DeriveIden)]
enum ClientCodes {
    Table,
    Id,
    CodeHash,
    CreatedAt,
    ExpiresAt,
    UsedAt,
    UsedBy,
}

//! Two-factor authentication (TOTP, RFC 6238): per person, the salt their secret is
//! derived from (with the server's secret: the database alone gives no secret away), one
//! waiting to be confirmed during enrolment, and the last time step used (a code works
//! once); ten recovery codes, stored as keyed hashes; and, per session, when its second
//! factor was passed (staff routes may require it).

use crate::{add_columns, drop_columns, index};
use sea_orm_migration::{prelude::*, schema::*};

crate::migration!();

async fn up(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(TwoFactor::Table)
                .col(big_integer(TwoFactor::UserId).primary_key())
                .col(string_len_null(TwoFactor::Salt, 64))
                .col(string_len_null(TwoFactor::PendingSalt, 64))
                .col(big_integer_null(TwoFactor::LastStep))
                .col(timestamp_with_time_zone_null(TwoFactor::EnabledAt))
                .to_owned(),
        )
        .await?;
    manager
        .create_table(
            Table::create()
                .table(RecoveryCodes::Table)
                .col(big_pk_auto(RecoveryCodes::Id))
                .col(big_integer(RecoveryCodes::UserId))
                .col(string_len(RecoveryCodes::CodeHash, 64))
                .col(timestamp_with_time_zone_null(RecoveryCodes::UsedAt))
                .to_owned(),
        )
        .await?;
    index(
        manager,
        "idx_recovery_codes_user",
        RecoveryCodes::Table,
        [RecoveryCodes::UserId],
    )
    .await?;
    add_columns(
        manager,
        Sessions::Table,
        vec![timestamp_with_time_zone_null(Sessions::SecondFactorAt)],
    )
    .await
}

async fn down(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    drop_columns(
        manager,
        Sessions::Table,
        &[Sessions::SecondFactorAt.into_iden()],
    )
    .await?;
    manager
        .drop_table(Table::drop().table(RecoveryCodes::Table).to_owned())
        .await?;
    manager
        .drop_table(Table::drop().table(TwoFactor::Table).to_owned())
        .await
}

#[derive(DeriveIden, Clone, Copy)]
enum TwoFactor {
    Table,
    UserId,
    Salt,
    PendingSalt,
    LastStep,
    EnabledAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum RecoveryCodes {
    Table,
    Id,
    UserId,
    CodeHash,
    UsedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Sessions {
    Table,
    SecondFactorAt,
}

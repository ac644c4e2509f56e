//! Identity: confirmed e-mail addresses, and the single-use links of e-mails (address
//! confirmation, address change, password reset). A link's token is never stored: only
//! its SHA-256, and the random salt the server's secret turns into the token when the
//! e-mail is sent (see `backend/src/auth/identity.rs`).

use crate::{add_columns, drop_columns, index, of_person, unique_index};
use sea_orm_migration::{prelude::*, schema::*};

crate::migration!();

async fn up(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    add_columns(
        manager,
        Users::Table,
        vec![timestamp_with_time_zone_null(Users::EmailVerifiedAt)],
    )
    .await?;
    // Accounts made before addresses were confirmed keep working: they count as
    // confirmed since they were made.
    manager
        .exec_stmt(
            Query::update()
                .table(Users::Table)
                .value(Users::EmailVerifiedAt, Expr::col(Users::CreatedAt))
                .to_owned(),
        )
        .await?;
    manager
        .create_table(
            Table::create()
                .table(EmailTokens::Table)
                .col(big_pk_auto(EmailTokens::Id))
                .col(big_integer(EmailTokens::UserId))
                // `verify`, `change` or `reset`.
                .col(string_len(EmailTokens::Purpose, 20))
                .col(string_len(EmailTokens::Salt, 64))
                .col(string_len(EmailTokens::TokenHash, 64))
                // The address to confirm, for a change of address.
                .col(string_len_null(EmailTokens::NewEmail, 254))
                .col(timestamp_with_time_zone(EmailTokens::CreatedAt))
                .col(timestamp_with_time_zone(EmailTokens::ExpiresAt))
                .col(timestamp_with_time_zone_null(EmailTokens::UsedAt))
                .foreign_key(&mut of_person(EmailTokens::Table, EmailTokens::UserId))
                .to_owned(),
        )
        .await?;
    unique_index(
        manager,
        "idx_email_tokens_hash",
        EmailTokens::Table,
        [EmailTokens::TokenHash],
    )
    .await?;
    index(
        manager,
        "idx_email_tokens_user",
        EmailTokens::Table,
        [EmailTokens::UserId, EmailTokens::Purpose],
    )
    .await
}

async fn down(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .drop_table(Table::drop().table(EmailTokens::Table).to_owned())
        .await?;
    drop_columns(manager, Users::Table, &[Users::EmailVerifiedAt.into_iden()]).await
}

#[derive(DeriveIden, Clone, Copy)]
enum Users {
    Table,
    EmailVerifiedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum EmailTokens {
    Table,
    Id,
    UserId,
    Purpose,
    Salt,
    TokenHash,
    NewEmail,
    CreatedAt,
    ExpiresAt,
    UsedAt,
}

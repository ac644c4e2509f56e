//! People, their staff roles and their sessions.

use crate::{drop_tables, index};
use sea_orm_migration::{prelude::*, schema::*};

crate::migration!();

async fn up(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(Users::Table)
                .col(big_pk_auto(Users::Id))
                // Stored lower-cased by the domain type, so uniqueness is case-blind.
                .col(string_len_uniq(Users::Email, 254))
                .col(string_len(Users::DisplayName, 60))
                .col(string(Users::PasswordHash))
                .col(boolean(Users::IsClient).default(false))
                .col(text(Users::Bio).default(""))
                .col(string_len(Users::Locale, 5).default("fr"))
                .col(timestamp_with_time_zone(Users::CreatedAt))
                .col(timestamp_with_time_zone(Users::PasswordChangedAt))
                .to_owned(),
        )
        .await?;

    manager
        .create_table(
            Table::create()
                .table(UserRoles::Table)
                .col(big_integer(UserRoles::UserId))
                .col(string_len(UserRoles::Role, 16))
                .col(timestamp_with_time_zone(UserRoles::GrantedAt))
                .primary_key(Index::create().col(UserRoles::UserId).col(UserRoles::Role))
                .foreign_key(
                    ForeignKey::create()
                        .from(UserRoles::Table, UserRoles::UserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;

    manager
        .create_table(
            Table::create()
                .table(Sessions::Table)
                // A random 128-bit identifier, carried in the signed token as `sid`.
                .col(string_len(Sessions::Id, 32).primary_key())
                .col(big_integer(Sessions::UserId))
                .col(string_len(Sessions::Kind, 8))
                .col(timestamp_with_time_zone(Sessions::CreatedAt))
                .col(timestamp_with_time_zone(Sessions::ExpiresAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Sessions::Table, Sessions::UserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;

    index(
        manager,
        "idx_sessions_user",
        Sessions::Table,
        [Sessions::UserId],
    )
    .await
}

async fn down(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    drop_tables(
        manager,
        [
            Sessions::Table.into_iden(),
            UserRoles::Table.into_iden(),
            Users::Table.into_iden(),
        ],
    )
    .await?;
    Ok(())
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    Email,
    DisplayName,
    PasswordHash,
    IsClient,
    Bio,
    Locale,
    CreatedAt,
    PasswordChangedAt,
}

#[derive(DeriveIden)]
enum UserRoles {
    Table,
    UserId,
    Role,
    GrantedAt,
}

#[derive(DeriveIden)]
enum Sessions {
    Table,
    Id,
    UserId,
    Kind,
    CreatedAt,
    ExpiresAt,
}

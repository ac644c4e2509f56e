//! Sign-in with the bank (OpenID Connect): the bank's identities linked to accounts, by
//! issuer and subject (never by e-mail address), and the `state` of every completed
//! sign-in, kept a day so that a replayed answer from the bank is refused.

use crate::{of_person, unique_index};
use sea_orm_migration::{prelude::*, schema::*};

crate::migration!();

async fn up(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(Identities::Table)
                .col(big_pk_auto(Identities::Id))
                .col(big_integer(Identities::UserId))
                .col(string_len(Identities::Issuer, 300))
                .col(string_len(Identities::Subject, 255))
                .col(timestamp_with_time_zone(Identities::CreatedAt))
                .col(timestamp_with_time_zone(Identities::LastSignInAt))
                .foreign_key(&mut of_person(Identities::Table, Identities::UserId))
                .to_owned(),
        )
        .await?;
    unique_index(
        manager,
        "idx_identities_issuer_subject",
        Identities::Table,
        [Identities::Issuer, Identities::Subject],
    )
    .await?;
    manager
        .create_table(
            Table::create()
                .table(OidcStates::Table)
                .col(string_len(OidcStates::StateHash, 64).primary_key())
                .col(timestamp_with_time_zone(OidcStates::UsedAt))
                .to_owned(),
        )
        .await
}

async fn down(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .drop_table(Table::drop().table(OidcStates::Table).to_owned())
        .await?;
    manager
        .drop_table(Table::drop().table(Identities::Table).to_owned())
        .await
}

#[derive(DeriveIden)]
enum Identities {
    Table,
    Id,
    UserId,
    Issuer,
    Subject,
    CreatedAt,
    LastSignInAt,
}

#[derive(DeriveIden)]
enum OidcStates {
    Table,
    StateHash,
    UsedAt,
}

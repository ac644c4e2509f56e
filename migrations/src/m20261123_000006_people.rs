//! People and what brings them back: profiles (avatar), follows, notification
//! preferences, the email outbox, daily digests, and deleted accounts.

use crate::{add_columns, drop_columns, drop_tables, index, of_person};
use sea_orm_migration::{prelude::*, schema::*};

crate::migration!();

async fn up(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    add_columns(
        manager,
        Users::Table,
        vec![
            // The uploaded picture, re-encoded as a 256 × 256 PNG; null: initials.
            blob_null(Users::Avatar),
            timestamp_with_time_zone_null(Users::AvatarUpdatedAt),
            // When the last daily digest was put in the outbox.
            timestamp_with_time_zone_null(Users::LastDigestAt),
            // Set when the person deleted their account: the row stays, anonymised,
            // so their public contributions keep an author.
            timestamp_with_time_zone_null(Users::DeletedAt),
        ],
    )
    .await?;
    add_columns(
        manager,
        Notifications::Table,
        vec![
            // Waiting for the recipient's next daily digest, then the digest email
            // that carried it.
            boolean(Notifications::DigestPending)
                .default(false)
                .to_owned(),
            big_integer_null(Notifications::DigestId),
        ],
    )
    .await?;
    index(
        manager,
        "idx_notifications_digest",
        Notifications::Table,
        [Notifications::DigestPending, Notifications::UserId],
    )
    .await?;

    // What a person follows: an idea, a question or a theme.
    manager
        .create_table(
            Table::create()
                .table(Follows::Table)
                .col(big_integer(Follows::UserId))
                .col(string_len(Follows::TargetType, 20))
                .col(big_integer(Follows::TargetId))
                .col(timestamp_with_time_zone(Follows::CreatedAt))
                .primary_key(
                    Index::create()
                        .col(Follows::UserId)
                        .col(Follows::TargetType)
                        .col(Follows::TargetId),
                )
                .foreign_key(&mut of_person(Follows::Table, Follows::UserId))
                .to_owned(),
        )
        .await?;
    index(
        manager,
        "idx_follows_target",
        Follows::Table,
        [Follows::TargetType, Follows::TargetId, Follows::UserId],
    )
    .await?;

    // How a person wants each kind of notification by email; no row: the default.
    manager
        .create_table(
            Table::create()
                .table(NotificationPrefs::Table)
                .col(big_integer(NotificationPrefs::UserId))
                .col(string_len(NotificationPrefs::Kind, 40))
                .col(string_len(NotificationPrefs::Delivery, 20))
                .primary_key(
                    Index::create()
                        .col(NotificationPrefs::UserId)
                        .col(NotificationPrefs::Kind),
                )
                .foreign_key(&mut of_person(
                    NotificationPrefs::Table,
                    NotificationPrefs::UserId,
                ))
                .to_owned(),
        )
        .await?;

    // Emails to send, written in the transaction of the event they tell about and
    // rendered when sent (in the recipient's language, to their address of the
    // moment). `due_at` is null once the email is sent or given up.
    manager
        .create_table(
            Table::create()
                .table(EmailOutbox::Table)
                .col(big_pk_auto(EmailOutbox::Id))
                .col(big_integer(EmailOutbox::UserId))
                .col(string_len(EmailOutbox::Kind, 40))
                .col(big_integer_null(EmailOutbox::SubjectId))
                .col(string_len_null(EmailOutbox::Title, 200))
                .col(timestamp_with_time_zone(EmailOutbox::CreatedAt))
                .col(timestamp_with_time_zone_null(EmailOutbox::DueAt))
                .col(integer(EmailOutbox::Attempts).default(0))
                // A worker that claimed the row holds it until then.
                .col(timestamp_with_time_zone_null(EmailOutbox::LockedUntil))
                .col(timestamp_with_time_zone_null(EmailOutbox::SentAt))
                .col(text_null(EmailOutbox::LastError))
                .foreign_key(&mut of_person(EmailOutbox::Table, EmailOutbox::UserId))
                .to_owned(),
        )
        .await?;
    index(
        manager,
        "idx_email_outbox_due",
        EmailOutbox::Table,
        [EmailOutbox::DueAt, EmailOutbox::Id],
    )
    .await?;
    index(
        manager,
        "idx_email_outbox_user",
        EmailOutbox::Table,
        [EmailOutbox::UserId],
    )
    .await?;
    Ok(())
}

async fn down(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    drop_tables(
        manager,
        [
            EmailOutbox::Table.into_iden(),
            NotificationPrefs::Table.into_iden(),
            Follows::Table.into_iden(),
        ],
    )
    .await?;
    manager
        .drop_index(
            Index::drop()
                .name("idx_notifications_digest")
                .table(Notifications::Table)
                .to_owned(),
        )
        .await?;
    drop_columns(
        manager,
        Notifications::Table,
        &[
            Notifications::DigestPending.into_iden(),
            Notifications::DigestId.into_iden(),
        ],
    )
    .await?;
    drop_columns(
        manager,
        Users::Table,
        &[
            Users::Avatar.into_iden(),
            Users::AvatarUpdatedAt.into_iden(),
            Users::LastDigestAt.into_iden(),
            Users::DeletedAt.into_iden(),
        ],
    )
    .await
}

#[derive(DeriveIden, Clone)]
enum Users {
    Table,
    Avatar,
    AvatarUpdatedAt,
    LastDigestAt,
    DeletedAt,
}

#[derive(DeriveIden, Clone)]
enum Notifications {
    Table,
    UserId,
    DigestPending,
    DigestId,
}

#[derive(DeriveIden)]
enum Follows {
    Table,
    UserId,
    TargetType,
    TargetId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum NotificationPrefs {
    Table,
    UserId,
    Kind,
    Delivery,
}

#[derive(DeriveIden)]
enum EmailOutbox {
    Table,
    Id,
    UserId,
    Kind,
    SubjectId,
    Title,
    CreatedAt,
    DueAt,
    Attempts,
    LockedUntil,
    SentAt,
    LastError,
}

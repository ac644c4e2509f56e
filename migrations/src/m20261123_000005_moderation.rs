//! Follow-up and moderation: each idea's status changes (its public timeline), merged
//! duplicates with the supports they moved, reports, moderation state on content (hidden
//! with a reason, locked threads) and the audit log of every staff action.

use crate::{add_columns, cascade, drop_columns, drop_tables, index, of_person, unique_index};
use sea_orm_migration::{prelude::*, schema::*};

crate::migration!();

/// When and why moderation hid a row; null while it is visible.
fn hidden_columns() -> Vec<ColumnDef> {
    vec![
        timestamp_with_time_zone_null(Moderated::HiddenAt),
        text_null(Moderated::HiddenReason),
    ]
}

async fn up(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    let mut idea_columns = hidden_columns();
    idea_columns.extend([
        timestamp_with_time_zone_null(Moderated::LockedAt),
        // The idea this one was merged into, while it is a duplicate.
        big_integer_null(Ideas::MergedIntoId),
        // The first status change: the team's first official response.
        timestamp_with_time_zone_null(Ideas::FirstResponseAt),
    ]);
    add_columns(manager, Ideas::Table, idea_columns).await?;
    let mut question_columns = hidden_columns();
    question_columns.push(timestamp_with_time_zone_null(Moderated::LockedAt));
    add_columns(manager, Questions::Table, question_columns).await?;
    add_columns(manager, Comments::Table, hidden_columns()).await?;
    add_columns(manager, Answers::Table, hidden_columns()).await?;
    index(
        manager,
        "idx_ideas_waiting",
        Ideas::Table,
        [Ideas::FirstResponseAt, Ideas::Id],
    )
    .await?;
    index(
        manager,
        "idx_ideas_merged_into",
        Ideas::Table,
        [Ideas::MergedIntoId],
    )
    .await?;

    manager
        .create_table(
            Table::create()
                .table(IdeaStatusChanges::Table)
                .col(big_pk_auto(IdeaStatusChanges::Id))
                .col(big_integer(IdeaStatusChanges::IdeaId))
                .col(string_len(IdeaStatusChanges::FromStatus, 20))
                .col(string_len(IdeaStatusChanges::ToStatus, 20))
                .col(text(IdeaStatusChanges::ExplanationMarkdown))
                .col(text(IdeaStatusChanges::ExplanationHtml))
                // Why an idea went straight to launched, when it did.
                .col(text_null(IdeaStatusChanges::SkipReason))
                .col(big_integer_null(IdeaStatusChanges::MergedIntoId))
                .col(big_integer(IdeaStatusChanges::ByUserId))
                .col(timestamp_with_time_zone(IdeaStatusChanges::CreatedAt))
                .foreign_key(&mut cascade(
                    IdeaStatusChanges::Table,
                    IdeaStatusChanges::IdeaId,
                    Ideas::Table,
                    Ideas::Id,
                ))
                .foreign_key(
                    ForeignKey::create()
                        .from(IdeaStatusChanges::Table, IdeaStatusChanges::ByUserId)
                        .to(Users::Table, Users::Id),
                )
                .to_owned(),
        )
        .await?;
    for (name, columns) in [
        ("idea", [IdeaStatusChanges::IdeaId, IdeaStatusChanges::Id]),
        (
            "status",
            [IdeaStatusChanges::ToStatus, IdeaStatusChanges::Id],
        ),
    ] {
        let name = format!("idx_idea_status_changes_{name}");
        index(manager, &name, IdeaStatusChanges::Table, columns).await?;
    }

    // The supports a duplicate held when it was merged, so un-merging gives them back;
    // `moved` says whether the support landed on the target (the person had not
    // supported it already), so un-merging takes back exactly those.
    manager
        .create_table(
            Table::create()
                .table(MergedSupports::Table)
                .col(big_integer(MergedSupports::IdeaId))
                .col(big_integer(MergedSupports::UserId))
                .col(boolean(MergedSupports::IsClient))
                .col(boolean(MergedSupports::Moved))
                .col(timestamp_with_time_zone(MergedSupports::CreatedAt))
                .primary_key(
                    Index::create()
                        .col(MergedSupports::IdeaId)
                        .col(MergedSupports::UserId),
                )
                .foreign_key(&mut cascade(
                    MergedSupports::Table,
                    MergedSupports::IdeaId,
                    Ideas::Table,
                    Ideas::Id,
                ))
                .foreign_key(&mut of_person(
                    MergedSupports::Table,
                    MergedSupports::UserId,
                ))
                .to_owned(),
        )
        .await?;

    manager
        .create_table(
            Table::create()
                .table(Reports::Table)
                .col(big_pk_auto(Reports::Id))
                .col(big_integer(Reports::ReporterId))
                .col(string_len(Reports::TargetType, 20))
                .col(big_integer(Reports::TargetId))
                .col(string_len(Reports::Reason, 20))
                .col(text(Reports::Details))
                // True while open, null once resolved: the unique index below then
                // allows one open report per person and item, and any closed ones.
                .col(boolean_null(Reports::Open))
                .col(string_len_null(Reports::Resolution, 20))
                .col(big_integer_null(Reports::ResolvedBy))
                .col(timestamp_with_time_zone(Reports::CreatedAt))
                .col(timestamp_with_time_zone_null(Reports::ResolvedAt))
                .foreign_key(&mut of_person(Reports::Table, Reports::ReporterId))
                .to_owned(),
        )
        .await?;
    unique_index(
        manager,
        "idx_reports_one_open",
        Reports::Table,
        [
            Reports::ReporterId,
            Reports::TargetType,
            Reports::TargetId,
            Reports::Open,
        ],
    )
    .await?;
    index(
        manager,
        "idx_reports_target",
        Reports::Table,
        [Reports::TargetType, Reports::TargetId],
    )
    .await?;
    index(manager, "idx_reports_open", Reports::Table, [Reports::Open]).await?;

    // Append-only: no route updates or deletes a row of it.
    manager
        .create_table(
            Table::create()
                .table(AuditLog::Table)
                .col(big_pk_auto(AuditLog::Id))
                .col(big_integer(AuditLog::ActorId))
                .col(string_len(AuditLog::Action, 40))
                .col(string_len(AuditLog::TargetType, 20))
                .col(big_integer(AuditLog::TargetId))
                .col(text(AuditLog::Reason))
                .col(text(AuditLog::Details))
                .col(timestamp_with_time_zone(AuditLog::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(AuditLog::Table, AuditLog::ActorId)
                        .to(Users::Table, Users::Id),
                )
                .to_owned(),
        )
        .await?;
    let audit_indexes: [(&str, &[AuditLog]); 3] = [
        ("action", &[AuditLog::Action, AuditLog::Id]),
        ("actor", &[AuditLog::ActorId, AuditLog::Id]),
        (
            "target",
            &[AuditLog::TargetType, AuditLog::TargetId, AuditLog::Id],
        ),
    ];
    for (name, columns) in audit_indexes {
        let name = format!("idx_audit_log_{name}");
        index(manager, &name, AuditLog::Table, columns.iter().cloned()).await?;
    }
    Ok(())
}

async fn down(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    drop_tables(
        manager,
        [
            AuditLog::Table.into_iden(),
            Reports::Table.into_iden(),
            MergedSupports::Table.into_iden(),
            IdeaStatusChanges::Table.into_iden(),
        ],
    )
    .await?;
    for index in ["idx_ideas_waiting", "idx_ideas_merged_into"] {
        manager
            .drop_index(Index::drop().name(index).table(Ideas::Table).to_owned())
            .await?;
    }
    let columns: [(DynIden, &[DynIden]); 4] = [
        (
            Ideas::Table.into_iden(),
            &[
                Moderated::HiddenAt.into_iden(),
                Moderated::HiddenReason.into_iden(),
                Moderated::LockedAt.into_iden(),
                Ideas::MergedIntoId.into_iden(),
                Ideas::FirstResponseAt.into_iden(),
            ],
        ),
        (
            Questions::Table.into_iden(),
            &[
                Moderated::HiddenAt.into_iden(),
                Moderated::HiddenReason.into_iden(),
                Moderated::LockedAt.into_iden(),
            ],
        ),
        (
            Comments::Table.into_iden(),
            &[
                Moderated::HiddenAt.into_iden(),
                Moderated::HiddenReason.into_iden(),
            ],
        ),
        (
            Answers::Table.into_iden(),
            &[
                Moderated::HiddenAt.into_iden(),
                Moderated::HiddenReason.into_iden(),
            ],
        ),
    ];
    for (table, names) in columns {
        drop_columns(manager, table, names).await?;
    }
    Ok(())
}

/// Columns every moderated table gets.
#[derive(DeriveIden)]
enum Moderated {
    HiddenAt,
    HiddenReason,
    LockedAt,
}

#[derive(DeriveIden, Clone)]
enum Ideas {
    Table,
    Id,
    MergedIntoId,
    FirstResponseAt,
}

#[derive(DeriveIden, Clone)]
enum Questions {
    Table,
}

#[derive(DeriveIden, Clone)]
enum Comments {
    Table,
}

#[derive(DeriveIden, Clone)]
enum Answers {
    Table,
}

#[derive(DeriveIden, Clone)]
enum IdeaStatusChanges {
    Table,
    Id,
    IdeaId,
    FromStatus,
    ToStatus,
    ExplanationMarkdown,
    ExplanationHtml,
    SkipReason,
    MergedIntoId,
    ByUserId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum MergedSupports {
    Table,
    IdeaId,
    UserId,
    IsClient,
    Moved,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Reports {
    Table,
    Id,
    ReporterId,
    TargetType,
    TargetId,
    Reason,
    Details,
    Open,
    Resolution,
    ResolvedBy,
    CreatedAt,
    ResolvedAt,
}

#[derive(DeriveIden, Clone)]
enum AuditLog {
    Table,
    Id,
    ActorId,
    Action,
    TargetType,
    TargetId,
    Reason,
    Details,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

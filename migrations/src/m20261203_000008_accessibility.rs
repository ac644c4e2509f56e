//! Accessibility problems people report from the accessibility statement, signed in or
//! not, for the team to read and resolve.

use crate::index;
use sea_orm_migration::{prelude::*, schema::*};

crate::migration!();

async fn up(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(AccessibilityProblems::Table)
                .col(big_pk_auto(AccessibilityProblems::Id))
                // The page it happened on, as the person gave it (a path, or words).
                .col(string_len(AccessibilityProblems::Page, 200))
                .col(text(AccessibilityProblems::Description))
                // Null when a visitor reported it.
                .col(big_integer_null(AccessibilityProblems::ReporterId))
                .col(timestamp_with_time_zone(AccessibilityProblems::CreatedAt))
                .col(timestamp_with_time_zone_null(
                    AccessibilityProblems::ResolvedAt,
                ))
                .col(big_integer_null(AccessibilityProblems::ResolvedBy))
                .to_owned(),
        )
        .await?;
    index(
        manager,
        "idx_accessibility_problems_resolved",
        AccessibilityProblems::Table,
        [
            AccessibilityProblems::ResolvedAt,
            AccessibilityProblems::CreatedAt,
        ],
    )
    .await
}

async fn down(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .drop_table(Table::drop().table(AccessibilityProblems::Table).to_owned())
        .await
}

#[derive(DeriveIden)]
enum AccessibilityProblems {
    Table,
    Id,
    Page,
    Description,
    ReporterId,
    CreatedAt,
    ResolvedAt,
    ResolvedBy,
}

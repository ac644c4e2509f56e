//! Questions to experts: experts and their themes, questions with their relevance votes,
//! answers with their helpful / not-helpful ratings, and in-app notifications. Questions
//! carry the same denormalised counters, stored hot rank and search index as ideas, plus
//! `answered_at`, the time of the first official answer, which the response-time promise
//! is measured on.

use crate::{ballots, cascade, drop_tables, index, of_person};
use sea_orm_migration::{prelude::*, schema::*};

crate::migration!();

async fn up(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(ExpertThemes::Table)
                .col(big_integer(ExpertThemes::UserId))
                .col(big_integer(ExpertThemes::ThemeId))
                .primary_key(
                    Index::create()
                        .col(ExpertThemes::UserId)
                        .col(ExpertThemes::ThemeId),
                )
                .foreign_key(&mut of_person(ExpertThemes::Table, ExpertThemes::UserId))
                .foreign_key(&mut cascade(
                    ExpertThemes::Table,
                    ExpertThemes::ThemeId,
                    Themes::Table,
                    Themes::Id,
                ))
                .to_owned(),
        )
        .await?;
    index(
        manager,
        "idx_expert_themes_theme",
        ExpertThemes::Table,
        [ExpertThemes::ThemeId],
    )
    .await?;

    manager
        .create_table(
            Table::create()
                .table(Questions::Table)
                .col(big_pk_auto(Questions::Id))
                .col(big_integer(Questions::AuthorId))
                .col(big_integer(Questions::ThemeId))
                .col(string_len(Questions::Title, 200))
                .col(text(Questions::BodyMarkdown))
                .col(text(Questions::BodyHtml))
                .col(integer(Questions::VotesTotal).default(0))
                .col(integer(Questions::VotesClients).default(0))
                .col(integer(Questions::AnswerCount).default(0))
                .col(double(Questions::HotRank).default(0.0))
                .col(text(Questions::SearchTerms).default(""))
                // Kept without a foreign key: answers point at questions already.
                .col(big_integer_null(Questions::AcceptedAnswerId))
                // When the first official answer came; null while the question waits.
                .col(timestamp_with_time_zone_null(Questions::AnsweredAt))
                .col(timestamp_with_time_zone(Questions::CreatedAt))
                .col(timestamp_with_time_zone_null(Questions::EditedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Questions::Table, Questions::AuthorId)
                        .to(Users::Table, Users::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Questions::Table, Questions::ThemeId)
                        .to(Themes::Table, Themes::Id),
                )
                .to_owned(),
        )
        .await?;
    // As for ideas: one index per sort ending in `id`, alone and within a theme.
    // `answered_at` first serves the unanswered list and the experts' queue.
    let indexes: [(&str, &[Questions]); 9] = [
        ("hot", &[Questions::HotRank, Questions::Id]),
        ("top", &[Questions::VotesTotal, Questions::Id]),
        ("unanswered", &[Questions::AnsweredAt, Questions::Id]),
        (
            "theme_hot",
            &[Questions::ThemeId, Questions::HotRank, Questions::Id],
        ),
        (
            "theme_top",
            &[Questions::ThemeId, Questions::VotesTotal, Questions::Id],
        ),
        ("theme_new", &[Questions::ThemeId, Questions::Id]),
        (
            "theme_unanswered",
            &[Questions::ThemeId, Questions::AnsweredAt, Questions::Id],
        ),
        ("created", &[Questions::CreatedAt]),
        ("author", &[Questions::AuthorId]),
    ];
    for (name, columns) in indexes {
        let name = format!("idx_questions_{name}");
        index(manager, &name, Questions::Table, columns.iter().cloned()).await?;
    }

    ballots(manager, "question_votes", "question_id", "questions", false).await?;

    manager
        .create_table(
            Table::create()
                .table(Answers::Table)
                .col(big_pk_auto(Answers::Id))
                .col(big_integer(Answers::QuestionId))
                .col(big_integer(Answers::AuthorId))
                .col(boolean(Answers::Official))
                .col(text(Answers::BodyMarkdown))
                .col(text(Answers::BodyHtml))
                .col(integer(Answers::HelpfulTotal).default(0))
                .col(integer(Answers::HelpfulClients).default(0))
                .col(integer(Answers::UnhelpfulTotal).default(0))
                .col(integer(Answers::UnhelpfulClients).default(0))
                .col(timestamp_with_time_zone(Answers::CreatedAt))
                .col(timestamp_with_time_zone_null(Answers::EditedAt))
                .foreign_key(&mut cascade(
                    Answers::Table,
                    Answers::QuestionId,
                    Questions::Table,
                    Questions::Id,
                ))
                .foreign_key(
                    ForeignKey::create()
                        .from(Answers::Table, Answers::AuthorId)
                        .to(Users::Table, Users::Id),
                )
                .to_owned(),
        )
        .await?;
    for (name, column) in [
        ("question", Answers::QuestionId),
        ("author", Answers::AuthorId),
    ] {
        let name = format!("idx_answers_{name}");
        index(manager, &name, Answers::Table, [column, Answers::Id]).await?;
    }

    ballots(manager, "answer_votes", "answer_id", "answers", true).await?;

    manager
        .create_table(
            Table::create()
                .table(Notifications::Table)
                .col(big_pk_auto(Notifications::Id))
                .col(big_integer(Notifications::UserId))
                .col(string_len(Notifications::Kind, 40))
                .col(big_integer(Notifications::SubjectId))
                .col(string_len(Notifications::Title, 200))
                .col(timestamp_with_time_zone(Notifications::CreatedAt))
                .col(timestamp_with_time_zone_null(Notifications::ReadAt))
                .foreign_key(&mut of_person(Notifications::Table, Notifications::UserId))
                .to_owned(),
        )
        .await?;
    index(
        manager,
        "idx_notifications_user",
        Notifications::Table,
        [Notifications::UserId, Notifications::Id],
    )
    .await?;

    crate::search::create(manager, "questions").await?;
    Ok(())
}

async fn down(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    crate::search::drop(manager, "questions").await?;
    drop_tables(
        manager,
        [
            Notifications::Table.into_iden(),
            AnswerVotes::Table.into_iden(),
            Answers::Table.into_iden(),
            QuestionVotes::Table.into_iden(),
            Questions::Table.into_iden(),
            ExpertThemes::Table.into_iden(),
        ],
    )
    .await?;
    Ok(())
}

#[derive(DeriveIden)]
enum ExpertThemes {
    Table,
    UserId,
    ThemeId,
}

#[derive(DeriveIden, Clone)]
enum Questions {
    Table,
    Id,
    AuthorId,
    ThemeId,
    Title,
    BodyMarkdown,
    BodyHtml,
    VotesTotal,
    VotesClients,
    AnswerCount,
    HotRank,
    SearchTerms,
    AcceptedAnswerId,
    AnsweredAt,
    CreatedAt,
    EditedAt,
}

#[derive(DeriveIden)]
enum QuestionVotes {
    Table,
}

#[derive(DeriveIden)]
enum Answers {
    Table,
    Id,
    QuestionId,
    AuthorId,
    Official,
    BodyMarkdown,
    BodyHtml,
    HelpfulTotal,
    HelpfulClients,
    UnhelpfulTotal,
    UnhelpfulClients,
    CreatedAt,
    EditedAt,
}

#[derive(DeriveIden)]
enum AnswerVotes {
    Table,
}

#[derive(DeriveIden)]
enum Notifications {
    Table,
    Id,
    UserId,
    Kind,
    SubjectId,
    Title,
    CreatedAt,
    ReadAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Themes {
    Table,
    Id,
}

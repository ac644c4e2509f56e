//! Ideas, their supports and their comments, with the denormalised counters and the
//! stored hot rank the lists sort on, and full-text search: an FTS5 index on SQLite, a
//! generated `tsvector` with a GIN index on PostgreSQL. Both index `search_terms`, which
//! the server fills with normalised French stems, so both engines match the same words.

use crate::{ballots, cascade, drop_tables, index};
use sea_orm_migration::{prelude::*, schema::*};

crate::migration!();

async fn up(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(Ideas::Table)
                .col(big_pk_auto(Ideas::Id))
                .col(big_integer(Ideas::AuthorId))
                .col(big_integer(Ideas::ThemeId))
                .col(string_len(Ideas::Title, 200))
                .col(text(Ideas::BodyMarkdown))
                .col(text(Ideas::BodyHtml))
                .col(string_len(Ideas::Status, 20).default("new"))
                .col(integer(Ideas::SupportsTotal).default(0))
                .col(integer(Ideas::SupportsClients).default(0))
                .col(integer(Ideas::CommentCount).default(0))
                .col(double(Ideas::HotRank).default(0.0))
                .col(text(Ideas::SearchTerms).default(""))
                .col(timestamp_with_time_zone(Ideas::CreatedAt))
                .col(timestamp_with_time_zone_null(Ideas::EditedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Ideas::Table, Ideas::AuthorId)
                        .to(Users::Table, Users::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Ideas::Table, Ideas::ThemeId)
                        .to(Themes::Table, Themes::Id),
                )
                .to_owned(),
        )
        .await?;

    // One index per sort, alone and within a theme, each ending in `id`: the keyset
    // cursor (sort key, id) then reads page 50 as cheaply as page 1.
    let sorts: [(&str, Option<Ideas>); 4] = [
        ("hot", Some(Ideas::HotRank)),
        ("top", Some(Ideas::SupportsTotal)),
        ("discussed", Some(Ideas::CommentCount)),
        ("new", None),
    ];
    for (name, key) in sorts {
        if let Some(key) = key.clone() {
            let name = format!("idx_ideas_{name}");
            index(manager, &name, Ideas::Table, [key, Ideas::Id]).await?;
        }
        let within_theme = [Some(Ideas::ThemeId), key, Some(Ideas::Id)];
        let name = format!("idx_ideas_theme_{name}");
        index(
            manager,
            &name,
            Ideas::Table,
            within_theme.into_iter().flatten(),
        )
        .await?;
    }
    index(
        manager,
        "idx_ideas_status",
        Ideas::Table,
        [Ideas::Status, Ideas::Id],
    )
    .await?;
    index(manager, "idx_ideas_author", Ideas::Table, [Ideas::AuthorId]).await?;

    ballots(manager, "idea_supports", "idea_id", "ideas", false).await?;

    manager
        .create_table(
            Table::create()
                .table(Comments::Table)
                .col(big_pk_auto(Comments::Id))
                .col(big_integer(Comments::IdeaId))
                .col(big_integer_null(Comments::ParentId))
                .col(big_integer(Comments::AuthorId))
                .col(text(Comments::BodyMarkdown))
                .col(text(Comments::BodyHtml))
                .col(timestamp_with_time_zone(Comments::CreatedAt))
                .col(timestamp_with_time_zone_null(Comments::EditedAt))
                .col(timestamp_with_time_zone_null(Comments::DeletedAt))
                .foreign_key(&mut cascade(
                    Comments::Table,
                    Comments::IdeaId,
                    Ideas::Table,
                    Ideas::Id,
                ))
                .foreign_key(&mut cascade(
                    Comments::Table,
                    Comments::ParentId,
                    Comments::Table,
                    Comments::Id,
                ))
                .foreign_key(
                    ForeignKey::create()
                        .from(Comments::Table, Comments::AuthorId)
                        .to(Users::Table, Users::Id),
                )
                .to_owned(),
        )
        .await?;
    index(
        manager,
        "idx_comments_idea",
        Comments::Table,
        [Comments::IdeaId, Comments::Id],
    )
    .await?;

    crate::search::create(manager, "ideas").await?;
    Ok(())
}

async fn down(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    crate::search::drop(manager, "ideas").await?;
    drop_tables(
        manager,
        [
            Comments::Table.into_iden(),
            IdeaSupports::Table.into_iden(),
            Ideas::Table.into_iden(),
        ],
    )
    .await?;
    Ok(())
}

#[derive(DeriveIden, Clone)]
enum Ideas {
    Table,
    Id,
    AuthorId,
    ThemeId,
    Title,
    BodyMarkdown,
    BodyHtml,
    Status,
    SupportsTotal,
    SupportsClients,
    CommentCount,
    HotRank,
    SearchTerms,
    CreatedAt,
    EditedAt,
}

#[derive(DeriveIden)]
enum IdeaSupports {
    Table,
}

#[derive(DeriveIden)]
enum Comments {
    Table,
    Id,
    IdeaId,
    ParentId,
    AuthorId,
    BodyMarkdown,
    BodyHtml,
    CreatedAt,
    EditedAt,
    DeletedAt,
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

//! Members mark a comment helpful: one vote per person and comment, remembering whether
//! the person was a verified client, and the comment's counters by segment.

use crate::{add_columns, cascade, drop_columns, index};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        add_columns(
            manager,
            Comments::Table,
            vec![
                integer(Comments::HelpfulTotal).default(0).to_owned(),
                integer(Comments::HelpfulClients).default(0).to_owned(),
            ],
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table(CommentVotes::Table)
                    .col(big_integer(CommentVotes::CommentId))
                    .col(big_integer(CommentVotes::UserId))
                    .col(boolean(CommentVotes::IsClient))
                    .col(timestamp_with_time_zone(CommentVotes::CreatedAt))
                    .primary_key(
                        Index::create()
                            .col(CommentVotes::CommentId)
                            .col(CommentVotes::UserId),
                    )
                    .foreign_key(&mut cascade(
                        CommentVotes::Table,
                        CommentVotes::CommentId,
                        Comments::Table,
                        Comments::Id,
                    ))
                    .foreign_key(&mut cascade(
                        CommentVotes::Table,
                        CommentVotes::UserId,
                        Users::Table,
                        Users::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        // A person's votes, for the data export and the erasure of an account.
        index(
            manager,
            "idx_comment_votes_user",
            CommentVotes::Table,
            [CommentVotes::UserId, CommentVotes::CommentId],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(CommentVotes::Table).to_owned())
            .await?;
        drop_columns(
            manager,
            Comments::Table,
            &[
                Comments::HelpfulTotal.into_iden(),
                Comments::HelpfulClients.into_iden(),
            ],
        )
        .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum Comments {
    Table,
    Id,
    HelpfulTotal,
    HelpfulClients,
}

#[derive(DeriveIden)]
enum CommentVotes {
    Table,
    CommentId,
    UserId,
    IsClient,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

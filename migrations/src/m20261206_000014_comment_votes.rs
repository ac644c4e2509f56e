//! Members mark a comment helpful: one vote per person and comment, remembering whether
//! the person was a verified client, and the comment's counters by segment.

use crate::{add_columns, ballots, drop_columns};
use sea_orm_migration::{prelude::*, schema::*};

crate::migration!();

async fn up(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    add_columns(
        manager,
        Comments::Table,
        vec![
            integer(Comments::HelpfulTotal).default(0).to_owned(),
            integer(Comments::HelpfulClients).default(0).to_owned(),
        ],
    )
    .await?;
    ballots(manager, "comment_votes", "comment_id", "comments", false).await
}

async fn down(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
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

#[derive(DeriveIden, Clone, Copy)]
enum Comments {
    Table,
    HelpfulTotal,
    HelpfulClients,
}

#[derive(DeriveIden)]
enum CommentVotes {
    Table,
}

//! What a person needs to recognise their sessions: the browser or script that opened
//! each (its user agent, cut short) and when it was last used (to within minutes).

use crate::{add_columns, drop_columns};
use sea_orm_migration::{prelude::*, schema::*};

crate::migration!();

async fn up(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    add_columns(
        manager,
        Sessions::Table,
        vec![
            string_len_null(Sessions::UserAgent, 300),
            timestamp_with_time_zone_null(Sessions::LastSeenAt),
        ],
    )
    .await
}

async fn down(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    drop_columns(
        manager,
        Sessions::Table,
        &[
            Sessions::UserAgent.into_iden(),
            Sessions::LastSeenAt.into_iden(),
        ],
    )
    .await
}

#[derive(DeriveIden, Clone, Copy)]
enum Sessions {
    Table,
    UserAgent,
    LastSeenAt,
}

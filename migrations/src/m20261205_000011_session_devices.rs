//! What a person needs to recognise their sessions: the browser or script that opened
//! each (its user agent, cut short) and when it was last used (to within minutes).

use crate::{add_columns, drop_columns};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
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

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
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
}

#[derive(DeriveIden, Clone, Copy)]
enum Sessions {
    Table,
    UserAgent,
    LastSeenAt,
}

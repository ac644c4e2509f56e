use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "idea_status_changes")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub idea_id: i64,
    pub from_status: api::IdeaStatus,
    pub to_status: api::IdeaStatus,
    pub explanation_markdown: String,
    pub explanation_html: String,
    pub skip_reason: Option<String>,
    pub merged_into_id: Option<i64>,
    pub by_user_id: i64,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::ideas::Entity",
        from = "Column::IdeaId",
        to = "super::ideas::Column::Id"
    )]
    Idea,
}

impl ActiveModelBehavior for ActiveModel {}

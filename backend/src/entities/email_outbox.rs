use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "email_outbox")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub user_id: i64,
    /// A notification kind, or `digest`.
    pub kind: String,
    pub subject_id: Option<i64>,
    pub title: Option<String>,
    pub created_at: DateTimeUtc,
    /// Null once sent or given up.
    pub due_at: Option<DateTimeUtc>,
    pub attempts: i32,
    pub locked_until: Option<DateTimeUtc>,
    pub sent_at: Option<DateTimeUtc>,
    pub last_error: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

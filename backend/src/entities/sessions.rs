use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sessions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub user_id: i64,
    /// `browser` (cookie) or `token` (bearer, for scripts).
    pub kind: String,
    pub created_at: DateTimeUtc,
    pub expires_at: DateTimeUtc,
    /// The user agent that opened it, cut to 300 characters.
    pub user_agent: Option<String>,
    /// When it was last used, to within [`crate::platform::auth::session::SEEN_EVERY_MINUTES`].
    pub last_seen_at: Option<DateTimeUtc>,
    /// When this session passed the second factor (at sign-in, or later in it).
    pub second_factor_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::users::Entity",
        from = "Column::UserId",
        to = "super::users::Column::Id"
    )]
    User,
}

impl Related<super::users::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::User.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}

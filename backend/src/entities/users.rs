use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub email: String,
    pub display_name: String,
    pub password_hash: String,
    pub is_client: bool,
    pub bio: String,
    pub locale: String,
    pub created_at: DateTimeUtc,
    pub password_changed_at: DateTimeUtc,
    /// A 256 × 256 PNG the server encoded from an upload.
    pub avatar: Option<Vec<u8>>,
    pub avatar_updated_at: Option<DateTimeUtc>,
    pub last_digest_at: Option<DateTimeUtc>,
    pub deleted_at: Option<DateTimeUtc>,
    /// When the person confirmed their address; until then they read but do not write.
    pub email_verified_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

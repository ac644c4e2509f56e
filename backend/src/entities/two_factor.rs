use sea_orm::entity::prelude::*;

/// A person's TOTP state: the salt their secret is derived from with the server's secret
/// (see `services::two_factor`), a new one while enrolment waits for its first code, and
/// the last time step a code was accepted for.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "two_factor")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: i64,
    pub salt: Option<String>,
    pub pending_salt: Option<String>,
    pub last_step: Option<i64>,
    pub enabled_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

use sea_orm::entity::prelude::*;

/// A single-use link sent by e-mail. The token itself is not stored: its SHA-256 is, and
/// the salt from which the server's secret derives it when the e-mail is sent.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "email_tokens")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub user_id: i64,
    pub purpose: Purpose,
    pub salt: String,
    #[sea_orm(unique)]
    pub token_hash: String,
    /// The address to confirm, for a change of address.
    pub new_email: Option<String>,
    pub created_at: DateTimeUtc,
    pub expires_at: DateTimeUtc,
    pub used_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

/// What a link is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "Text")]
pub enum Purpose {
    /// Confirms the address given at sign-up.
    #[sea_orm(string_value = "verify")]
    Verify,
    /// Confirms a new address, which then replaces the old one.
    #[sea_orm(string_value = "change")]
    Change,
    /// Sets a new password.
    #[sea_orm(string_value = "reset")]
    Reset,
}

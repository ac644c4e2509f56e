//! Demonstration content for `cocrea seed demo`: one account per role, so a new user of
//! the README's run command can try every part of the product at once.

use crate::db::Db;
use crate::entities::users;
use crate::services::accounts;
use api::{Role, Signup};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

/// The demo password, printed by the run command; demo accounts exist only in demo data.
pub const DEMO_PASSWORD: &str = "cocrea-demo";

const ACCOUNTS: [(&str, &str, Option<Role>); 5] = [
    (
        "admin@demo.cocrea.test",
        "Camille (admin)",
        Some(Role::Admin),
    ),
    (
        "moderation@demo.cocrea.test",
        "Équipe produit",
        Some(Role::Moderator),
    ),
    (
        "expert@demo.cocrea.test",
        "Nadia, experte épargne",
        Some(Role::Expert),
    ),
    (
        "client@demo.cocrea.test",
        "Louis Client",
        Some(Role::Client),
    ),
    ("membre@demo.cocrea.test", "Inès Membre", None),
];

/// Creates whatever demo accounts are missing; returns what it did, line by line.
pub async fn seed(db: &Db) -> anyhow::Result<Vec<String>> {
    let mut report = Vec::new();
    for (email, name, role) in ACCOUNTS {
        let exists = users::Entity::find()
            .filter(users::Column::Email.eq(email))
            .one(&db.read)
            .await?
            .is_some();
        if !exists {
            let signup = Signup {
                email: email.into(),
                display_name: name.into(),
                password: DEMO_PASSWORD.into(),
            };
            accounts::register(db, signup)
                .await
                .map_err(|e| anyhow::anyhow!("creating a demo account: {e}"))?;
            if let Some(role) = role {
                accounts::grant(db, email, role).await?;
            }
        }
        let role = role.map_or("member", Role::as_str);
        report.push(format!("  {role:<10} {email}  /  {DEMO_PASSWORD}"));
    }
    Ok(report)
}

//! How people appear beside what they write: display name and badges.

use crate::entities::{user_roles, users};
use crate::platform::error::ApiResult;
use crate::platform::read::Read;
use api::{AuthorView, Badge, Role};
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
use std::collections::HashMap;

/// The author views of these people, in two queries whatever their number.
pub async fn authors(conn: &impl Read, ids: impl IntoIterator<Item = i64>) -> ApiResult<Authors> {
    let mut ids: Vec<i64> = ids.into_iter().collect();
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Ok(Authors::default());
    }
    let people: Vec<(i64, String, bool, Option<DateTime<Utc>>)> = conn
        .tuples(
            &users::Entity::find()
                .select_only()
                .columns([
                    users::Column::Id,
                    users::Column::DisplayName,
                    users::Column::IsClient,
                    users::Column::DeletedAt,
                ])
                .filter(users::Column::Id.is_in(ids.clone())),
        )
        .await?;
    let roles: Vec<(i64, Role)> = conn
        .tuples(
            &user_roles::Entity::find()
                .select_only()
                .columns([user_roles::Column::UserId, user_roles::Column::Role])
                .filter(user_roles::Column::UserId.is_in(ids)),
        )
        .await?;
    let mut views: HashMap<i64, AuthorView> = people
        .into_iter()
        .map(|(id, display_name, is_client, deleted_at)| {
            let badges = if is_client {
                vec![Badge::Client]
            } else {
                Vec::new()
            };
            (
                id,
                AuthorView {
                    id,
                    display_name,
                    badges,
                    deleted: deleted_at.is_some(),
                },
            )
        })
        .collect();
    for (user_id, role) in roles {
        let badge = match role {
            Role::Expert => Badge::Expert,
            Role::Moderator | Role::Admin => Badge::Team,
            _ => continue,
        };
        if let Some(view) = views.get_mut(&user_id) {
            view.badges.push(badge);
        }
    }
    for view in views.values_mut() {
        view.badges.sort();
        view.badges.dedup();
    }
    Ok(Authors(views))
}

/// The public views of the people [`authors`] loaded, by id.
#[derive(Debug, Default)]
pub struct Authors(HashMap<i64, AuthorView>);

impl Authors {
    /// The view of one of them; a person who could not be loaded (never expected: authors
    /// are kept, deleted ones anonymised) gets an empty name rather than failing the page.
    pub fn of(&self, id: i64) -> AuthorView {
        self.0.get(&id).cloned().unwrap_or_else(|| AuthorView {
            id,
            display_name: String::new(),
            badges: Vec::new(),
            deleted: false,
        })
    }
}

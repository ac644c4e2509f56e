//! Themes: listed publicly with their response-time commitments.

use crate::db::Db;
use crate::entities::themes;
use crate::error::ApiResult;
use api::{Localized, ThemeView};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

/// The themes people can post in, in the team's order.
pub async fn list_active(db: &Db) -> ApiResult<Vec<ThemeView>> {
    let rows = themes::Entity::find()
        .filter(themes::Column::Archived.eq(false))
        .order_by_asc(themes::Column::Position)
        .order_by_asc(themes::Column::Id)
        .all(&db.read)
        .await?;
    Ok(rows.into_iter().map(view).collect())
}

fn view(theme: themes::Model) -> ThemeView {
    ThemeView {
        slug: theme.slug,
        name: Localized {
            fr: theme.name_fr,
            en: theme.name_en,
        },
        description: Localized {
            fr: theme.description_fr,
            en: theme.description_en,
        },
        response_hours: u32::try_from(theme.response_hours).unwrap_or(0),
    }
}

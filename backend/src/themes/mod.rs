//! Themes: listed publicly with their response-time commitments.

pub mod routes;

use utoipa_actix_web::service_config::ServiceConfig;

/// Registers this slice's routes under `/api/v1`, each with its OpenAPI description.
pub fn register(cfg: &mut ServiceConfig) {
    cfg.service(routes::list_themes);
}

use crate::entities::themes;
use crate::platform::db::Db;
use crate::platform::error::ApiResult;
use crate::platform::read::Read;
use api::{FieldIssue, Localized, ThemeView};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::HashMap;

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

/// Whether `text` could name a theme: slugs are lowercase ASCII letters, digits and
/// hyphens. Anything else names none, and is never sent to the database (PostgreSQL
/// refuses a NUL byte in text with an error, not a miss).
pub fn may_be_slug(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= api::THEME_SLUG_MAX_CHARS
        && text
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// The id of the active theme with this slug, or the issue to show on the field.
pub async fn active_id(conn: &impl Read, slug: &str) -> ApiResult<Result<i64, FieldIssue>> {
    let slug = slug.trim();
    if slug.is_empty() {
        return Ok(Err(FieldIssue::Required));
    }
    if !may_be_slug(slug) {
        return Ok(Err(FieldIssue::UnknownTheme));
    }
    let found: Vec<i64> = conn
        .tuples(
            &themes::Entity::find()
                .select_only()
                .column(themes::Column::Id)
                .filter(themes::Column::Slug.eq(slug))
                .filter(themes::Column::Archived.eq(false))
                .limit(1),
        )
        .await?;
    let id = found.first().copied();
    Ok(id.ok_or(FieldIssue::UnknownTheme))
}

/// Every theme's slug by id, archived ones included (old content keeps its theme).
pub async fn slugs(conn: &impl Read) -> ApiResult<HashMap<i64, String>> {
    let rows: Vec<(i64, String)> = conn
        .tuples(
            &themes::Entity::find()
                .select_only()
                .columns([themes::Column::Id, themes::Column::Slug]),
        )
        .await?;
    Ok(rows.into_iter().collect())
}

/// The slugs of these themes, in the team's order (an expert's themes, for instance).
pub fn slugs_in_order(refs: &HashMap<i64, ThemeRef>, ids: &[i64]) -> Vec<String> {
    let mut chosen: Vec<&ThemeRef> = ids.iter().filter_map(|id| refs.get(id)).collect();
    chosen.sort_by_key(|t| (t.position, t.slug.clone()));
    chosen.into_iter().map(|t| t.slug.clone()).collect()
}

/// What questions need of their theme: its slug and its commitment.
#[derive(Debug, Clone)]
pub struct ThemeRef {
    pub slug: String,
    pub response_hours: i32,
    /// Where the team lists it.
    pub position: i32,
    pub archived: bool,
}

/// Every theme's slug, commitment and position by id, archived ones included.
pub async fn refs(conn: &impl Read) -> ApiResult<HashMap<i64, ThemeRef>> {
    let rows: Vec<(i64, String, i32, i32, bool)> = conn
        .tuples(&themes::Entity::find().select_only().columns([
            themes::Column::Id,
            themes::Column::Slug,
            themes::Column::ResponseHours,
            themes::Column::Position,
            themes::Column::Archived,
        ]))
        .await?;
    Ok(rows
        .into_iter()
        .map(|(id, slug, response_hours, position, archived)| {
            (
                id,
                ThemeRef {
                    slug,
                    response_hours,
                    position,
                    archived,
                },
            )
        })
        .collect())
}

/// A theme as the public sees it.
pub(crate) fn view(theme: themes::Model) -> ThemeView {
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

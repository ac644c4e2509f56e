//! `/api/v1/me/settings` and `/api/v1/me/avatar`: what a person changes about their account
//! (name, language, e-mail preferences, the profile's privacy, the avatar).

use super::{LOCALES, avatar, live_user};
use crate::auth::accounts;
use crate::domain::{DisplayName, PlainText};
use crate::entities::{follows as follow_rows, themes, users};
use crate::notifications as notification_service;
use crate::platform::auth::CurrentUser;
use crate::platform::db::Db;
use crate::platform::error::{ApiError, ApiResult};
use api::{
    AVATAR_MAX_BYTES, AVATAR_SIDE, BIO_MAX_CHARS, FieldErrors, FieldIssue, FollowTarget, Settings,
    UpdateSettings,
};
use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QuerySelect, Set, TransactionTrait,
};
use std::collections::HashSet;

/// The stored avatar picture of a live account, if it has one.
pub async fn avatar_png(db: &Db, id: i64) -> ApiResult<Vec<u8>> {
    live_user(&db.read, id)
        .await?
        .avatar
        .ok_or(ApiError::NotFound)
}

/// Decodes an upload (PNG, JPEG or WebP, at most 2 MiB and 6000 × 6000 pixels), crops
/// it to a centred square and re-encodes it as a 256 × 256 PNG: what is served is never
/// what was sent.
fn encode_avatar(bytes: &[u8]) -> Result<Vec<u8>, FieldIssue> {
    use image::{ImageFormat, ImageReader, Limits, imageops::FilterType};
    if bytes.len() > AVATAR_MAX_BYTES {
        return Err(FieldIssue::TooLarge {
            max_bytes: u32::try_from(AVATAR_MAX_BYTES).unwrap_or(u32::MAX),
        });
    }
    let format = image::guess_format(bytes).map_err(|_| FieldIssue::NotAnImage)?;
    if !matches!(
        format,
        ImageFormat::Png | ImageFormat::Jpeg | ImageFormat::WebP
    ) {
        return Err(FieldIssue::NotAnImage);
    }
    let mut reader = ImageReader::with_format(std::io::Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(6000);
    limits.max_image_height = Some(6000);
    limits.max_alloc = Some(256 * 1024 * 1024);
    reader.limits(limits);
    let picture = reader.decode().map_err(|_| FieldIssue::NotAnImage)?;
    let square = picture.resize_to_fill(AVATAR_SIDE, AVATAR_SIDE, FilterType::Triangle);
    let mut png = Vec::new();
    square
        .to_rgb8()
        .write_to(&mut std::io::Cursor::new(&mut png), ImageFormat::Png)
        .map_err(|_| FieldIssue::NotAnImage)?;
    Ok(png)
}

/// Replaces the person's avatar with an uploaded picture.
#[tracing::instrument(skip_all, fields(user.id = user.user.id, bytes = bytes.len()))]
pub async fn set_avatar(db: &Db, user: &CurrentUser, bytes: Vec<u8>) -> ApiResult<Settings> {
    let png = tokio::task::spawn_blocking(move || encode_avatar(&bytes))
        .await
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("avatar task: {e}")))?
        .map_err(|issue| ApiError::field("avatar", issue))?;
    store_avatar(db, user, Some(png)).await
}

/// Goes back to the generated avatar.
pub async fn remove_avatar(db: &Db, user: &CurrentUser) -> ApiResult<Settings> {
    store_avatar(db, user, None).await
}

/// Stores the picture (or none) and when it changed; the settings as stored.
async fn store_avatar(db: &Db, user: &CurrentUser, png: Option<Vec<u8>>) -> ApiResult<Settings> {
    let changed_at = png.is_some().then(Utc::now);
    let txn = db.write.begin().await?;
    users::Entity::update_many()
        .col_expr(users::Column::Avatar, Expr::value(png))
        .col_expr(users::Column::AvatarUpdatedAt, Expr::value(changed_at))
        .filter(users::Column::Id.eq(user.user.id))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    settings(db, user.user.id).await
}

/// The person's settings as stored.
pub async fn settings(db: &Db, user_id: i64) -> ApiResult<Settings> {
    let user = live_user(&db.read, user_id).await?;
    let slugs = crate::themes::slugs(&db.read).await?;
    let mut themes: Vec<String> =
        crate::content::follows::followed(&db.read, user_id, FollowTarget::Theme)
            .await?
            .into_iter()
            .filter_map(|id| slugs.get(&id).cloned())
            .collect();
    themes.sort();
    Ok(Settings {
        display_name: user.display_name.clone(),
        bio: user.bio.clone(),
        locale: user.locale.clone(),
        avatar: avatar(&user),
        notifications: notification_service::preferences(&db.read, user_id).await?,
        themes,
        bank_linked: crate::entities::identities::Entity::find()
            .filter(crate::entities::identities::Column::UserId.eq(user_id))
            .one(&db.read)
            .await?
            .is_some(),
    })
}

/// Changes what is given, after checking all of it: nothing changes if one field is wrong.
#[tracing::instrument(skip_all, fields(user.id = user.user.id))]
pub async fn update_settings(
    db: &Db,
    user: &CurrentUser,
    input: UpdateSettings,
) -> ApiResult<Settings> {
    let mut errors = FieldErrors::default();
    let display_name = match input.display_name.as_deref().map(DisplayName::parse) {
        None => None,
        Some(Ok(name)) => errors.check(
            "display_name",
            accounts::refuse_staff_lookalike(&db.read, name, Some(user.user.id)).await?,
        ),
        Some(Err(issue)) => errors.check("display_name", Err(issue)),
    };
    let bio = match input.bio.as_deref() {
        None => None,
        Some(bio) if bio.trim().is_empty() => Some(String::new()),
        Some(bio) => errors
            .check("bio", PlainText::parse(bio, BIO_MAX_CHARS))
            .map(PlainText::into_string),
    };
    let locale = match input.locale.as_deref() {
        Some(locale) if !LOCALES.contains(&locale) => {
            errors.add("locale", FieldIssue::Invalid);
            None
        }
        other => other,
    };
    let theme_ids = match &input.themes {
        None => None,
        Some(slugs) => {
            let wanted: HashSet<&str> = slugs.iter().map(|s| s.trim()).collect();
            // A text that cannot be a slug names no theme, and never reaches a query.
            let plausible = wanted.iter().all(|s| crate::themes::may_be_slug(s));
            let found: Vec<(i64, String)> = if !plausible {
                Vec::new()
            } else {
                themes::Entity::find()
                    .select_only()
                    .columns([themes::Column::Id, themes::Column::Slug])
                    .filter(themes::Column::Slug.is_in(wanted.iter().copied()))
                    .filter(themes::Column::Archived.eq(false))
                    .into_tuple()
                    .all(&db.read)
                    .await?
            };
            if found.len() != wanted.len() {
                errors.add("themes", FieldIssue::UnknownTheme);
            }
            Some(found.into_iter().map(|(id, _)| id).collect::<Vec<i64>>())
        }
    };
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let txn = db.write.begin().await?;
    let mut row: users::ActiveModel = user.user.clone().into();
    if let Some(name) = display_name {
        row.display_name = Set(name.as_str().to_owned());
    }
    if let Some(bio) = bio {
        row.bio = Set(bio);
    }
    if let Some(locale) = locale {
        row.locale = Set(locale.to_owned());
    }
    row.update(&txn).await?;
    if let Some(prefs) = &input.notifications {
        notification_service::set_preferences(&txn, user.user.id, prefs).await?;
    }
    if let Some(theme_ids) = theme_ids {
        follow_rows::Entity::delete_many()
            .filter(follow_rows::Column::UserId.eq(user.user.id))
            .filter(follow_rows::Column::TargetType.eq(FollowTarget::Theme))
            .filter(follow_rows::Column::TargetId.is_not_in(theme_ids.clone()))
            .exec(&txn)
            .await?;
        for id in theme_ids {
            crate::content::follows::add(&txn, user.user.id, FollowTarget::Theme, id).await?;
        }
    }
    txn.commit().await?;
    settings(db, user.user.id).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uploads_are_re_encoded_as_square_pngs() {
        let mut source = Vec::new();
        image::RgbImage::from_pixel(40, 20, image::Rgb([10, 20, 30]))
            .write_to(
                &mut std::io::Cursor::new(&mut source),
                image::ImageFormat::Jpeg,
            )
            .unwrap_or_default();
        let png = encode_avatar(&source).unwrap_or_default();
        let decoded = image::load_from_memory(&png).map(|i| (i.width(), i.height()));
        assert_eq!(
            image::guess_format(&png).ok(),
            Some(image::ImageFormat::Png)
        );
        assert_eq!(decoded.ok(), Some((AVATAR_SIDE, AVATAR_SIDE)));
        assert_eq!(
            encode_avatar(b"<svg onload=alert(1)>"),
            Err(FieldIssue::NotAnImage)
        );
        assert_eq!(encode_avatar(b"GIF89a......"), Err(FieldIssue::NotAnImage));
        let truncated = &source[..source.len() / 2];
        assert_eq!(encode_avatar(truncated), Err(FieldIssue::NotAnImage));
    }
}

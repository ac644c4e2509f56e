//! Follows: a person follows an idea, a question or a theme and hears of what happens
//! there. Authors follow what they write from the start.

use crate::auth::CurrentUser;
use crate::db::Db;
use crate::entities::{follows, themes};
use crate::error::{ApiError, ApiResult};
use crate::services::{ideas, questions};
use api::{FollowTarget, FollowView};
use chrono::Utc;
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect, Set,
    TransactionTrait,
};

/// Follows `target_id`; following twice changes nothing.
pub(crate) async fn add(
    conn: &impl ConnectionTrait,
    user_id: i64,
    target: FollowTarget,
    target_id: i64,
) -> ApiResult<()> {
    follows::Entity::insert(follows::ActiveModel {
        user_id: Set(user_id),
        target_type: Set(target.as_str().to_owned()),
        target_id: Set(target_id),
        created_at: Set(Utc::now()),
    })
    .on_conflict(
        OnConflict::columns([
            follows::Column::UserId,
            follows::Column::TargetType,
            follows::Column::TargetId,
        ])
        .do_nothing()
        .to_owned(),
    )
    .exec_without_returning(conn)
    .await?;
    Ok(())
}

/// The people who follow `target_id`.
pub(crate) async fn followers(
    conn: &impl ConnectionTrait,
    target: FollowTarget,
    target_id: i64,
) -> ApiResult<Vec<i64>> {
    Ok(follows::Entity::find()
        .select_only()
        .column(follows::Column::UserId)
        .filter(follows::Column::TargetType.eq(target.as_str()))
        .filter(follows::Column::TargetId.eq(target_id))
        .into_tuple()
        .all(conn)
        .await?)
}

/// Whether the person follows `target_id`.
pub(crate) async fn follows(
    conn: &impl ConnectionTrait,
    user_id: i64,
    target: FollowTarget,
    target_id: i64,
) -> ApiResult<bool> {
    let count = follows::Entity::find()
        .filter(follows::Column::UserId.eq(user_id))
        .filter(follows::Column::TargetType.eq(target.as_str()))
        .filter(follows::Column::TargetId.eq(target_id))
        .count(conn)
        .await?;
    Ok(count > 0)
}

/// The ids the person follows of one kind.
pub(crate) async fn followed(
    conn: &impl ConnectionTrait,
    user_id: i64,
    target: FollowTarget,
) -> ApiResult<Vec<i64>> {
    Ok(follows::Entity::find()
        .select_only()
        .column(follows::Column::TargetId)
        .filter(follows::Column::UserId.eq(user_id))
        .filter(follows::Column::TargetType.eq(target.as_str()))
        .into_tuple()
        .all(conn)
        .await?)
}

/// The id of a theme by slug (archived ones too: one may stop following them).
async fn theme_id(conn: &impl ConnectionTrait, slug: &str) -> ApiResult<i64> {
    if !crate::services::themes::may_be_slug(slug) {
        return Err(ApiError::NotFound);
    }
    themes::Entity::find()
        .select_only()
        .column(themes::Column::Id)
        .filter(themes::Column::Slug.eq(slug))
        .into_tuple()
        .one(conn)
        .await?
        .ok_or(ApiError::NotFound)
}

/// What a follow route names: an idea or question id, or a theme slug.
pub enum Followed {
    Idea(i64),
    Question(i64),
    Theme(String),
}

/// Follows (`on`) or stops following; 404 for what the person cannot see.
#[tracing::instrument(skip_all, fields(user.id = user.user.id))]
pub async fn set(db: &Db, user: &CurrentUser, what: Followed, on: bool) -> ApiResult<FollowView> {
    let txn = db.write.begin().await?;
    let (target, id) = match what {
        Followed::Idea(id) => {
            ideas::readable(&txn, Some(user), id).await?;
            (FollowTarget::Idea, id)
        }
        Followed::Question(id) => {
            questions::readable(&txn, Some(user), id).await?;
            (FollowTarget::Question, id)
        }
        Followed::Theme(slug) => (FollowTarget::Theme, theme_id(&txn, &slug).await?),
    };
    if on {
        add(&txn, user.user.id, target, id).await?;
    } else {
        follows::Entity::delete_many()
            .filter(follows::Column::UserId.eq(user.user.id))
            .filter(follows::Column::TargetType.eq(target.as_str()))
            .filter(follows::Column::TargetId.eq(id))
            .exec(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok(FollowView { following: on })
}

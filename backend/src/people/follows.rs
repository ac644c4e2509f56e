//! `/api/v1/me/follows/*`: following an idea, a question or a theme by hand.

use crate::content::follows::add;
use crate::entities::{follows, themes};
use crate::ideas;
use crate::platform::auth::CurrentUser;
use crate::platform::db::Db;
use crate::platform::error::{ApiError, ApiResult};
use crate::questions;
use api::{FollowTarget, FollowView};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, TransactionTrait,
};

/// The id of a theme by slug (archived ones too: one may stop following them).
async fn theme_id(conn: &impl ConnectionTrait, slug: &str) -> ApiResult<i64> {
    if !crate::themes::may_be_slug(slug) {
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
            .filter(follows::Column::TargetType.eq(target))
            .filter(follows::Column::TargetId.eq(id))
            .exec(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok(FollowView { following: on })
}

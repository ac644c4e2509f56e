//! Who follows what: a person follows an idea, a question or a theme and hears of what
//! happens there. Authors follow what they write from the start. Following by hand is the
//! `people` slice's (`people::follows`).

use crate::entities::follows;
use crate::platform::error::ApiResult;
use crate::platform::read::Read;
use crate::platform::viewers::Viewers;
use api::FollowTarget;
use chrono::Utc;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, Select, Set};
use std::collections::HashSet;

/// Follows `target_id`; following twice changes nothing.
pub(crate) async fn add(
    conn: &impl ConnectionTrait,
    user_id: i64,
    target: FollowTarget,
    target_id: i64,
) -> ApiResult<()> {
    follows::Entity::insert(follows::ActiveModel {
        user_id: Set(user_id),
        target_type: Set(target),
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
        .filter(follows::Column::TargetType.eq(target))
        .filter(follows::Column::TargetId.eq(target_id))
        .into_tuple()
        .all(conn)
        .await?)
}

/// The ids of what the person follows of this kind, as a query to narrow down.
fn ids_followed(user_id: i64, target: FollowTarget) -> Select<follows::Entity> {
    follows::Entity::find()
        .select_only()
        .column(follows::Column::TargetId)
        .filter(follows::Column::UserId.eq(user_id))
        .filter(follows::Column::TargetType.eq(target))
}

/// Whether the person follows `target_id`.
pub(crate) async fn follows(
    conn: &impl Read,
    user_id: i64,
    target: FollowTarget,
    target_id: i64,
) -> ApiResult<bool> {
    let found: Vec<i64> = conn
        .tuples(
            &ids_followed(user_id, target)
                .filter(follows::Column::TargetId.eq(target_id))
                .limit(1),
        )
        .await?;
    Ok(!found.is_empty())
}

/// Whether the person follows `target_id`, from all they follow of this kind, kept for them
/// in `viewers` (see [`crate::platform::viewers`]); asked of the database each time for
/// someone who follows more than [`KEPT_MAX`].
pub(crate) async fn follows_kept(
    conn: &impl Read,
    viewers: &Viewers,
    user_id: i64,
    target: FollowTarget,
    target_id: i64,
) -> ApiResult<bool> {
    let all = viewers
        .get(user_id, target.as_str(), async {
            let ids: Vec<i64> = conn
                .tuples(&ids_followed(user_id, target).limit(KEPT_MAX + 1))
                .await?;
            let few = ids.len() as u64 <= KEPT_MAX;
            Ok(few.then(|| ids.into_iter().collect::<HashSet<i64>>()))
        })
        .await?;
    match all.as_ref() {
        Some(all) => Ok(all.contains(&target_id)),
        None => follows(conn, user_id, target, target_id).await,
    }
}

/// How many follows of one kind, or votes of one kind, are kept for a person at most.
pub(crate) const KEPT_MAX: u64 = 10_000;

/// The ids the person follows of one kind.
pub(crate) async fn followed(
    conn: &impl ConnectionTrait,
    user_id: i64,
    target: FollowTarget,
) -> ApiResult<Vec<i64>> {
    Ok(ids_followed(user_id, target).into_tuple().all(conn).await?)
}

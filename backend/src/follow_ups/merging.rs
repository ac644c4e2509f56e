//! Merging a duplicate idea into another, and undoing it: the supports move (each person
//! counted once), the duplicate closes with a public explanation, and both timelines say so.

use super::{explanation, find, one_view, record_change};
use crate::content::follows;
use crate::domain::ranking::hot_rank;
use crate::entities::{idea_status_changes as changes, idea_supports, ideas, merged_supports};
use crate::notifications;
use crate::platform::audit::{self, Entry};
use crate::platform::auth::CurrentUser;
use crate::platform::db::Db;
use crate::platform::error::{ApiError, ApiResult};
use api::{
    AuditAction, FieldIssue, FollowTarget, FollowUpView, IdeaStatus, MergeIdea, NotificationKind,
    TargetType, UnmergeIdea,
};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set, TransactionTrait,
};
use std::collections::HashSet;

/// Merges idea `id` into `input.into`: it becomes a duplicate pointing there, and its
/// supports move there, one per person (a person supporting both counts once; the
/// target's author does not support their own idea). Its comments stay on it.
#[tracing::instrument(skip_all, fields(idea.id = id, into = input.into))]
pub async fn merge(
    db: &Db,
    moderator: &CurrentUser,
    id: i64,
    input: MergeIdea,
) -> ApiResult<FollowUpView> {
    let explanation = explanation(&input.explanation)?;
    if input.into == id {
        return Err(ApiError::field("into", FieldIssue::Invalid));
    }
    let txn = db.write.begin().await?;
    let idea = find(&txn, id).await?;
    let target = match find(&txn, input.into).await {
        Ok(target) if target.merged_into_id.is_none() && target.hidden_at.is_none() => target,
        Ok(_) | Err(ApiError::NotFound) => {
            return Err(ApiError::field("into", FieldIssue::Invalid));
        }
        Err(other) => return Err(other),
    };
    if idea.merged_into_id.is_some() {
        return Err(ApiError::transition_not_allowed());
    }
    let supports = idea_supports::Entity::find()
        .filter(idea_supports::Column::IdeaId.eq(id))
        .all(&txn)
        .await?;
    let already: HashSet<i64> = idea_supports::Entity::find()
        .select_only()
        .column(idea_supports::Column::UserId)
        .filter(idea_supports::Column::IdeaId.eq(target.id))
        .into_tuple::<i64>()
        .all(&txn)
        .await?
        .into_iter()
        .collect();
    let moves =
        |s: &idea_supports::Model| !already.contains(&s.user_id) && s.user_id != target.author_id;
    insert_chunked(
        &txn,
        supports.iter().map(|s| merged_supports::ActiveModel {
            idea_id: Set(id),
            user_id: Set(s.user_id),
            is_client: Set(s.is_client),
            moved: Set(moves(s)),
            created_at: Set(s.created_at),
        }),
    )
    .await?;
    insert_supports(
        &txn,
        supports
            .iter()
            .filter(|s| moves(s))
            .map(|s| (target.id, s.user_id, s.is_client, s.created_at)),
    )
    .await?;
    idea_supports::Entity::delete_many()
        .filter(idea_supports::Column::IdeaId.eq(id))
        .exec(&txn)
        .await?;
    let now = Utc::now();
    ideas::Entity::update_many()
        .col_expr(ideas::Column::Status, Expr::val(IdeaStatus::Duplicate))
        .col_expr(ideas::Column::MergedIntoId, Expr::val(target.id))
        .col_expr(
            ideas::Column::FirstResponseAt,
            Expr::val(idea.first_response_at.unwrap_or(now)),
        )
        .filter(ideas::Column::Id.eq(id))
        .exec(&txn)
        .await?;
    recount(&txn, &idea, now).await?;
    recount(&txn, &target, now).await?;
    let change = record_change(
        &txn,
        moderator,
        &idea,
        IdeaStatus::Duplicate,
        &explanation,
        None,
        Some(target.id),
    )
    .await?;
    let followers = follows::followers(&txn, FollowTarget::Idea, id).await?;
    notifications::notify(
        &txn,
        supports
            .iter()
            .map(|s| s.user_id)
            .chain(followers)
            .chain([idea.author_id])
            .filter(|user| *user != moderator.user.id),
        NotificationKind::IdeaStatusChanged,
        id,
        &idea.title,
    )
    .await?;
    audit::record(
        &txn,
        moderator,
        Entry {
            action: AuditAction::IdeaMerged,
            target_type: TargetType::Idea,
            target_id: id,
            reason: explanation.source(),
            details: format!("into #{}", target.id),
        },
    )
    .await?;
    txn.commit().await?;
    tracing::info!(
        moved = supports.iter().filter(|s| moves(s)).count(),
        "idea merged"
    );
    one_view(&db.read, change).await
}

/// Un-merges a duplicate: it gets back its status from before the merge and the supports
/// it held; the supports that had moved leave the target again.
#[tracing::instrument(skip_all, fields(idea.id = id))]
pub async fn unmerge(
    db: &Db,
    moderator: &CurrentUser,
    id: i64,
    input: UnmergeIdea,
) -> ApiResult<FollowUpView> {
    let explanation = explanation(&input.explanation)?;
    let txn = db.write.begin().await?;
    let idea = find(&txn, id).await?;
    let Some(target_id) = idea.merged_into_id else {
        return Err(ApiError::not_a_duplicate());
    };
    let target = find(&txn, target_id).await?;
    let before: IdeaStatus = changes::Entity::find()
        .filter(changes::Column::IdeaId.eq(id))
        .filter(changes::Column::ToStatus.eq(IdeaStatus::Duplicate))
        .order_by_desc(changes::Column::Id)
        .one(&txn)
        .await?
        .map_or(IdeaStatus::New, |c| c.from_status);
    let held = merged_supports::Entity::find()
        .filter(merged_supports::Column::IdeaId.eq(id))
        .all(&txn)
        .await?;
    let moved: Vec<i64> = held.iter().filter(|s| s.moved).map(|s| s.user_id).collect();
    for chunk in moved.chunks(500) {
        idea_supports::Entity::delete_many()
            .filter(idea_supports::Column::IdeaId.eq(target_id))
            .filter(idea_supports::Column::UserId.is_in(chunk.iter().copied()))
            .exec(&txn)
            .await?;
    }
    insert_supports(
        &txn,
        held.iter()
            .map(|s| (id, s.user_id, s.is_client, s.created_at)),
    )
    .await?;
    merged_supports::Entity::delete_many()
        .filter(merged_supports::Column::IdeaId.eq(id))
        .exec(&txn)
        .await?;
    ideas::Entity::update_many()
        .col_expr(ideas::Column::Status, Expr::val(before.as_str()))
        .col_expr(ideas::Column::MergedIntoId, Expr::val(Option::<i64>::None))
        .filter(ideas::Column::Id.eq(id))
        .exec(&txn)
        .await?;
    let now = Utc::now();
    recount(&txn, &idea, now).await?;
    recount(&txn, &target, now).await?;
    let change = record_change(&txn, moderator, &idea, before, &explanation, None, None).await?;
    audit::record(
        &txn,
        moderator,
        Entry {
            action: AuditAction::IdeaUnmerged,
            target_type: TargetType::Idea,
            target_id: id,
            reason: explanation.source(),
            details: format!("from #{target_id}, back to {}", before.as_str()),
        },
    )
    .await?;
    txn.commit().await?;
    tracing::info!("idea un-merged");
    one_view(&db.read, change).await
}

/// Inserts supports `(idea, person, is_client, when)`, skipping any already there.
async fn insert_supports(
    txn: &impl ConnectionTrait,
    rows: impl Iterator<Item = (i64, i64, bool, DateTime<Utc>)>,
) -> ApiResult<()> {
    let rows: Vec<idea_supports::ActiveModel> = rows
        .map(
            |(idea_id, user_id, is_client, created_at)| idea_supports::ActiveModel {
                idea_id: Set(idea_id),
                user_id: Set(user_id),
                is_client: Set(is_client),
                created_at: Set(created_at),
            },
        )
        .collect();
    for chunk in rows.chunks(1_000) {
        idea_supports::Entity::insert_many(chunk.to_vec())
            .on_conflict_do_nothing_on([
                idea_supports::Column::IdeaId,
                idea_supports::Column::UserId,
            ])
            .exec_without_returning(txn)
            .await?;
    }
    Ok(())
}

async fn insert_chunked(
    txn: &impl ConnectionTrait,
    rows: impl Iterator<Item = merged_supports::ActiveModel>,
) -> ApiResult<()> {
    let rows: Vec<_> = rows.collect();
    for chunk in rows.chunks(1_000) {
        merged_supports::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(txn)
            .await?;
    }
    Ok(())
}

/// Sets an idea's counters from its support rows, and its hot rank from them.
async fn recount(
    txn: &impl ConnectionTrait,
    idea: &ideas::Model,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    let supports =
        || idea_supports::Entity::find().filter(idea_supports::Column::IdeaId.eq(idea.id));
    let total = i32::try_from(supports().count(txn).await?).unwrap_or(i32::MAX);
    let clients = i32::try_from(
        supports()
            .filter(idea_supports::Column::IsClient.eq(true))
            .count(txn)
            .await?,
    )
    .unwrap_or(i32::MAX);
    ideas::Entity::update_many()
        .col_expr(ideas::Column::SupportsTotal, Expr::val(total))
        .col_expr(ideas::Column::SupportsClients, Expr::val(clients))
        .col_expr(
            ideas::Column::HotRank,
            Expr::val(hot_rank(total, idea.created_at, now)),
        )
        .filter(ideas::Column::Id.eq(idea.id))
        .exec(txn)
        .await?;
    Ok(())
}

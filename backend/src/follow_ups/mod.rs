//! Follow-up: the team changes an idea's status with a public explanation, following the
//! workflow (`IdeaStatus::transition_to`); merges duplicates, moving supports one per
//! person, and un-merges them; and publishes the timeline, the latest decisions and the
//! figures of "You said, we did".

pub mod figures;
pub mod merging;
pub mod routes;

use utoipa_actix_web::service_config::ServiceConfig;

/// Registers this slice's routes under `/api/v1`, each with its OpenAPI description.
pub fn register(cfg: &mut ServiceConfig) {
    cfg.service(routes::change_status)
        .service(routes::idea_timeline)
        .service(routes::list_follow_ups)
        .service(routes::stats);
}

use crate::content::follows;
use crate::content::listing;
use crate::content::people;
use crate::domain::cursor::Cursor;
use crate::domain::{MarkdownBody, PlainText};
use crate::entities::{idea_status_changes as changes, idea_supports, ideas};
use crate::ideas as idea_service;
use crate::notifications;
use crate::platform::audit::{self, Entry};
use crate::platform::auth::CurrentUser;
use crate::platform::db::Db;
use crate::platform::error::{ApiError, ApiResult};
use crate::themes;
use api::{
    AuditAction, ByView, ChangeStatus, EXPLANATION_MAX_CHARS, FollowTarget, FollowUpList,
    FollowUpQuery, FollowUpView, IdeaRef, IdeaStatus, IdeaTimeline, NotificationKind,
    SKIP_REASON_MAX_CHARS, TargetType, Transition,
};
use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, JoinType, QueryFilter, QueryOrder,
    QuerySelect, RelationTrait, Set, TransactionTrait,
};
use std::collections::HashMap;

pub(super) fn explanation(raw: &str) -> ApiResult<MarkdownBody> {
    MarkdownBody::parse(raw, EXPLANATION_MAX_CHARS)
        .map_err(|issue| ApiError::field("explanation", issue))
}

/// Changes an idea's status with a public explanation. Its author and supporters are
/// notified; the first change marks the team's first response.
#[tracing::instrument(skip_all, fields(idea.id = id))]
pub async fn change_status(
    db: &Db,
    moderator: &CurrentUser,
    id: i64,
    input: ChangeStatus,
) -> ApiResult<FollowUpView> {
    let explanation = explanation(&input.explanation)?;
    let txn = db.write.begin().await?;
    let idea = find(&txn, id).await?;
    let from = idea.status;
    let skip_reason = match from.transition_to(input.status) {
        Transition::Refused => return Err(ApiError::transition_not_allowed()),
        Transition::Allowed => None,
        Transition::NeedsSkipReason => Some(
            PlainText::parse(
                input.skip_reason.as_deref().unwrap_or_default(),
                SKIP_REASON_MAX_CHARS,
            )
            .map_err(|issue| ApiError::field("skip_reason", issue))?
            .into_string(),
        ),
    };
    let now = Utc::now();
    // The status read above must still be the stored one: two moderators changing it at
    // once cannot both apply a transition meant for the old status.
    let moved = ideas::Entity::update_many()
        .col_expr(ideas::Column::Status, Expr::val(input.status.as_str()))
        .col_expr(
            ideas::Column::FirstResponseAt,
            Expr::val(idea.first_response_at.unwrap_or(now)),
        )
        .filter(ideas::Column::Id.eq(id))
        .filter(ideas::Column::Status.eq(from))
        .exec(&txn)
        .await?;
    if moved.rows_affected == 0 {
        return Err(ApiError::transition_not_allowed());
    }
    let change = record_change(
        &txn,
        moderator,
        &idea,
        input.status,
        &explanation,
        skip_reason,
        None,
    )
    .await?;
    tell_followers(&txn, moderator, &idea).await?;
    audit::record(
        &txn,
        moderator,
        Entry {
            action: AuditAction::StatusChanged,
            target_type: TargetType::Idea,
            target_id: id,
            reason: explanation.source(),
            details: format!("{} → {}", from.as_str(), input.status.as_str()),
        },
    )
    .await?;
    txn.commit().await?;
    tracing::info!(to = input.status.as_str(), "idea status changed");
    one_view(&db.read, change).await
}

pub(super) async fn record_change(
    txn: &impl ConnectionTrait,
    moderator: &CurrentUser,
    idea: &ideas::Model,
    to: IdeaStatus,
    explanation: &MarkdownBody,
    skip_reason: Option<String>,
    merged_into: Option<i64>,
) -> ApiResult<changes::Model> {
    Ok(changes::ActiveModel {
        idea_id: Set(idea.id),
        from_status: Set(idea.status),
        to_status: Set(to),
        explanation_markdown: Set(explanation.source().to_owned()),
        explanation_html: Set(explanation.html().to_owned()),
        skip_reason: Set(skip_reason),
        merged_into_id: Set(merged_into),
        by_user_id: Set(moderator.user.id),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(txn)
    .await?)
}

/// Tells the idea's author, supporters and followers (but not the one making the change).
pub(super) async fn tell_followers(
    txn: &impl ConnectionTrait,
    moderator: &CurrentUser,
    idea: &ideas::Model,
) -> ApiResult<()> {
    let supporters: Vec<i64> = idea_supports::Entity::find()
        .select_only()
        .column(idea_supports::Column::UserId)
        .filter(idea_supports::Column::IdeaId.eq(idea.id))
        .into_tuple()
        .all(txn)
        .await?;
    let followers = follows::followers(txn, FollowTarget::Idea, idea.id).await?;
    notifications::notify(
        txn,
        supporters
            .into_iter()
            .chain(followers)
            .chain([idea.author_id])
            .filter(|user| *user != moderator.user.id),
        NotificationKind::IdeaStatusChanged,
        idea.id,
        &idea.title,
    )
    .await
}

/// An idea's public timeline, oldest first, with the merges around it.
pub async fn timeline(db: &Db, viewer: Option<&CurrentUser>, id: i64) -> ApiResult<IdeaTimeline> {
    let idea = idea_service::readable(&db.read, viewer, id).await?;
    let rows = changes::Entity::find()
        .filter(changes::Column::IdeaId.eq(id))
        .order_by_asc(changes::Column::Id)
        .all(&db.read)
        .await?;
    let merged_into = match idea.merged_into_id {
        Some(target) => ideas::Entity::find_by_id(target)
            .filter(ideas::Column::HiddenAt.is_null())
            .one(&db.read)
            .await?
            .map(idea_ref),
        None => None,
    };
    let merged = ideas::Entity::find()
        .filter(ideas::Column::MergedIntoId.eq(id))
        .filter(ideas::Column::HiddenAt.is_null())
        .order_by_asc(ideas::Column::Id)
        .all(&db.read)
        .await?
        .into_iter()
        .map(idea_ref)
        .collect();
    Ok(IdeaTimeline {
        items: views(&db.read, rows, HashMap::from([(idea.id, idea)])).await?,
        merged_into,
        merged,
    })
}

fn idea_ref(idea: ideas::Model) -> IdeaRef {
    IdeaRef {
        status: idea.status,
        comment_count: u32::try_from(idea.comment_count).unwrap_or(0),
        id: idea.id,
        title: idea.title,
    }
}

const CURSOR_SORT: &str = "follow-ups";

/// The latest decisions on visible ideas, newest first.
pub async fn list(db: &Db, query: FollowUpQuery) -> ApiResult<FollowUpList> {
    let limit = listing::page_limit(query.limit)?;
    let mut select = changes::Entity::find()
        .join(JoinType::InnerJoin, changes::Relation::Idea.def())
        .filter(ideas::Column::HiddenAt.is_null());
    if let Some(raw) = query.cursor.as_deref().filter(|c| !c.is_empty()) {
        let cursor =
            Cursor::decode(raw, CURSOR_SORT).map_err(|issue| ApiError::field("cursor", issue))?;
        select = select.filter(changes::Column::Id.lt(cursor.id));
    }
    if let Some(slug) = query.theme.as_deref().filter(|t| !t.is_empty()) {
        let theme = themes::active_id(&db.read, slug)
            .await?
            .map_err(|issue| ApiError::field("theme", issue))?;
        select = select.filter(ideas::Column::ThemeId.eq(theme));
    }
    if let Some(status) = query.status {
        select = select.filter(changes::Column::ToStatus.eq(status));
    }
    let mut rows = select
        .order_by_desc(changes::Column::Id)
        .limit(u64::from(limit) + 1)
        .all(&db.read)
        .await?;
    let next_cursor = listing::next_by_id(&mut rows, limit, CURSOR_SORT, |row| row.id);
    let ideas: HashMap<i64, ideas::Model> = ideas::Entity::find()
        .filter(ideas::Column::Id.is_in(rows.iter().map(|r| r.idea_id)))
        .all(&db.read)
        .await?
        .into_iter()
        .map(|idea| (idea.id, idea))
        .collect();
    Ok(FollowUpList {
        items: views(&db.read, rows, ideas).await?,
        next_cursor,
    })
}

pub(super) async fn one_view(
    conn: &impl ConnectionTrait,
    change: changes::Model,
) -> ApiResult<FollowUpView> {
    let idea = find(conn, change.idea_id).await?;
    views(conn, vec![change], HashMap::from([(idea.id, idea)]))
        .await?
        .pop()
        .ok_or(ApiError::NotFound)
}

async fn views(
    conn: &impl ConnectionTrait,
    rows: Vec<changes::Model>,
    ideas: HashMap<i64, ideas::Model>,
) -> ApiResult<Vec<FollowUpView>> {
    let by = people::authors(conn, rows.iter().map(|r| r.by_user_id)).await?;
    let slugs = themes::slugs(conn).await?;
    Ok(rows
        .into_iter()
        .filter_map(|row| {
            let idea = ideas.get(&row.idea_id)?;
            Some(FollowUpView {
                id: row.id,
                idea_id: row.idea_id,
                idea_title: idea.title.clone(),
                theme: slugs.get(&idea.theme_id).cloned().unwrap_or_default(),
                from_status: row.from_status,
                status: row.to_status,
                explanation_html: row.explanation_html,
                skip_reason: row.skip_reason,
                merged_into: row.merged_into_id,
                by: ByView {
                    display_name: by.of(row.by_user_id).display_name,
                },
                at: row.created_at,
            })
        })
        .collect())
}

pub(super) async fn find(conn: &impl ConnectionTrait, id: i64) -> ApiResult<ideas::Model> {
    ideas::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or(ApiError::NotFound)
}

//! Follow-up: the team changes an idea's status with a public explanation, following the
//! workflow (`IdeaStatus::transition_to`); merges duplicates, moving supports one per
//! person, and un-merges them; and publishes the timeline, the latest decisions and the
//! figures of "You said, we did".

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
use crate::domain::ranking::hot_rank;
use crate::domain::{MarkdownBody, PlainText};
use crate::entities::{idea_status_changes as changes, idea_supports, ideas, merged_supports};
use crate::ideas as idea_service;
use crate::notifications;
use crate::platform::audit::{self, Entry};
use crate::platform::auth::CurrentUser;
use crate::platform::db::Db;
use crate::platform::error::{ApiError, ApiResult};
use crate::questions::response_times::{self, median};
use crate::themes;
use api::{
    AuditAction, ByView, ChangeStatus, EXPLANATION_MAX_CHARS, FieldIssue, FirstResponse,
    FollowTarget, FollowUpList, FollowUpQuery, FollowUpView, IdeaRef, IdeaStats, IdeaStatus,
    IdeaTimeline, MergeIdea, NotificationKind, SKIP_REASON_MAX_CHARS, STATS_WINDOW_DAYS, Stats,
    StatusCount, TargetType, ThemeFirstResponse, Transition, UnmergeIdea, WAITING_LISTED,
    WaitingIdea,
};
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, JoinType,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, RelationTrait, Set, TransactionTrait,
};
use std::collections::{HashMap, HashSet};

/// When an idea was submitted, and when the team first responded (if it has).
type Submitted = (DateTime<Utc>, Option<DateTime<Utc>>);

fn explanation(raw: &str) -> ApiResult<MarkdownBody> {
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
    let from = IdeaStatus::parse(&idea.status).unwrap_or_default();
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
        .filter(ideas::Column::Status.eq(from.as_str()))
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
        .col_expr(
            ideas::Column::Status,
            Expr::val(IdeaStatus::Duplicate.as_str()),
        )
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
        .filter(changes::Column::ToStatus.eq(IdeaStatus::Duplicate.as_str()))
        .order_by_desc(changes::Column::Id)
        .one(&txn)
        .await?
        .and_then(|c| IdeaStatus::parse(&c.from_status))
        .unwrap_or_default();
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

async fn find(conn: &impl ConnectionTrait, id: i64) -> ApiResult<ideas::Model> {
    ideas::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or(ApiError::NotFound)
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

async fn record_change(
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
        from_status: Set(idea.status.clone()),
        to_status: Set(to.as_str().to_owned()),
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
async fn tell_followers(
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
        status: IdeaStatus::parse(&idea.status).unwrap_or_default(),
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
        select = select.filter(changes::Column::ToStatus.eq(status.as_str()));
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

async fn one_view(conn: &impl ConnectionTrait, change: changes::Model) -> ApiResult<FollowUpView> {
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
                from_status: IdeaStatus::parse(&row.from_status).unwrap_or_default(),
                status: IdeaStatus::parse(&row.to_status).unwrap_or_default(),
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

/// The public figures: ideas by status, time to a first response overall and by theme,
/// the longest-waiting ideas, and the questions' response-time promise.
pub async fn stats(db: &Db) -> ApiResult<Stats> {
    let visible = || ideas::Entity::find().filter(ideas::Column::HiddenAt.is_null());
    let counts: HashMap<String, i64> = visible()
        .select_only()
        .column(ideas::Column::Status)
        .expr(Expr::col(ideas::Column::Id).count())
        .group_by(ideas::Column::Status)
        .into_tuple::<(String, i64)>()
        .all(&db.read)
        .await?
        .into_iter()
        .collect();
    let now = Utc::now();
    let since = now - Duration::days(STATS_WINDOW_DAYS);
    // Submitted within the window, or still waiting whenever submitted.
    let rows: Vec<(i64, DateTime<Utc>, Option<DateTime<Utc>>)> = visible()
        .select_only()
        .columns([
            ideas::Column::ThemeId,
            ideas::Column::CreatedAt,
            ideas::Column::FirstResponseAt,
        ])
        .filter(
            Condition::any()
                .add(ideas::Column::CreatedAt.gte(since))
                .add(ideas::Column::FirstResponseAt.is_null()),
        )
        .into_tuple()
        .all(&db.read)
        .await?;
    let refs = themes::refs(&db.read).await?;
    let mut per_theme: HashMap<i64, Vec<Submitted>> = HashMap::new();
    for (theme_id, created_at, responded_at) in &rows {
        per_theme
            .entry(*theme_id)
            .or_default()
            .push((*created_at, *responded_at));
    }
    let all: Vec<_> = rows.iter().map(|(_, c, r)| (*c, *r)).collect();
    let mut active: Vec<(&i64, &themes::ThemeRef)> =
        refs.iter().filter(|(_, t)| !t.archived).collect();
    active.sort_by_key(|(id, t)| (t.position, **id));
    let oldest = visible()
        .filter(ideas::Column::FirstResponseAt.is_null())
        .order_by_asc(ideas::Column::FirstResponseAt)
        .order_by_asc(ideas::Column::Id)
        .limit(WAITING_LISTED as u64)
        .all(&db.read)
        .await?;
    Ok(Stats {
        ideas: IdeaStats {
            by_status: IdeaStatus::ALL
                .into_iter()
                .map(|status| StatusCount {
                    status,
                    count: counts
                        .get(status.as_str())
                        .map_or(0, |n| u32::try_from(*n).unwrap_or(u32::MAX)),
                })
                .collect(),
            first_response: first_response(&all, since),
            themes: active
                .into_iter()
                .map(|(id, theme)| ThemeFirstResponse {
                    theme: theme.slug.clone(),
                    response: first_response(
                        per_theme.get(id).map_or(&[][..], Vec::as_slice),
                        since,
                    ),
                })
                .collect(),
            oldest_waiting: oldest
                .into_iter()
                .map(|idea| WaitingIdea {
                    theme: refs
                        .get(&idea.theme_id)
                        .map(|t| t.slug.clone())
                        .unwrap_or_default(),
                    id: idea.id,
                    title: idea.title,
                    created_at: idea.created_at,
                })
                .collect(),
        },
        questions: response_times::stats(db).await?,
    })
}

/// The median hours to a first response among ideas submitted since `since`, and how
/// many got one and how many still wait.
fn first_response(ideas: &[Submitted], since: DateTime<Utc>) -> FirstResponse {
    let mut hours: Vec<f64> = ideas
        .iter()
        .filter(|(created, _)| *created >= since)
        .filter_map(|(created, responded)| {
            responded.map(|r| (r - *created).num_seconds() as f64 / 3600.0)
        })
        .collect();
    let waiting = ideas.iter().filter(|(_, r)| r.is_none()).count();
    FirstResponse {
        responded: u32::try_from(hours.len()).unwrap_or(u32::MAX),
        median_hours: median(&mut hours),
        waiting: u32::try_from(waiting).unwrap_or(u32::MAX),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_response_counts_the_window_and_every_waiting_idea() {
        let now = Utc::now();
        let since = now - Duration::days(90);
        let ago = |h: i64| now - Duration::hours(h);
        let ideas = [
            (ago(10), Some(ago(8))),                       // 2 h
            (ago(30), Some(ago(20))),                      // 10 h
            (ago(50), Some(ago(44))),                      // 6 h
            (ago(5), None),                                // waiting
            (now - Duration::days(200), None),             // waiting, old
            (now - Duration::days(100), Some(ago(2_000))), // outside the window
        ];
        let figures = first_response(&ideas, since);
        assert_eq!(figures.median_hours, Some(6.0));
        assert_eq!(figures.responded, 3);
        assert_eq!(figures.waiting, 2);
    }
}

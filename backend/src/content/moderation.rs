//! Moderation of content: hiding and restoring with a reason the author reads (who then
//! sees hidden content is `content::visibility`), locking threads, dismissing reports,
//! and the summaries the console shows of any piece of content. Ideas, comments,
//! questions and answers share the columns `author_id`, `hidden_at` and `hidden_reason`
//! (threads also `locked_at`), and `content::kinds` names their tables, so each action is
//! written once over the four.

use crate::content::kinds::{self, InThread, Kind, LeftOut};
use crate::content::people;
use crate::domain::PlainText;
use crate::entities::{answers, comments, ideas, questions, reports};
use crate::platform::audit::{self, Entry};
use crate::platform::auth::CurrentUser;
use crate::platform::db::Db;
use crate::platform::error::{ApiError, ApiResult};
use api::{AuditAction, ContentSummary, HiddenView, MODERATION_REASON_MAX_CHARS, TargetType};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, TransactionTrait};
use std::collections::HashMap;

/// The kind of content `target` names; 404 for people and themes.
fn kind(target: TargetType) -> ApiResult<&'static Kind> {
    kinds::of(target).ok_or(ApiError::NotFound)
}

/// The author and moderation state of a piece of content; 404 when it does not exist.
pub(crate) struct State {
    pub author_id: i64,
    pub hidden_at: Option<DateTime<Utc>>,
}

pub(crate) async fn state(
    conn: &impl ConnectionTrait,
    target: TargetType,
    id: i64,
) -> ApiResult<State> {
    let statement = Query::select()
        .columns([Alias::new("author_id"), Alias::new("hidden_at")])
        .from(Alias::new(kind(target)?.table))
        .and_where(Expr::col(Alias::new("id")).eq(id))
        .to_owned();
    let row = conn
        .query_one(&statement)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(State {
        author_id: row.try_get_by_index(0)?,
        hidden_at: row.try_get_by_index(1)?,
    })
}

/// Hides content with a reason its author reads; its open reports are resolved.
#[tracing::instrument(skip_all, fields(target = target.as_str(), target.id = id))]
pub async fn hide(
    db: &Db,
    moderator: &CurrentUser,
    target: TargetType,
    id: i64,
    reason: &str,
) -> ApiResult<ContentSummary> {
    set_hidden(db, moderator, target, id, reason, true).await
}

/// Shows hidden content again.
#[tracing::instrument(skip_all, fields(target = target.as_str(), target.id = id))]
pub async fn restore(
    db: &Db,
    moderator: &CurrentUser,
    target: TargetType,
    id: i64,
    reason: &str,
) -> ApiResult<ContentSummary> {
    set_hidden(db, moderator, target, id, reason, false).await
}

fn parse_reason(reason: &str) -> ApiResult<PlainText> {
    PlainText::parse(reason, MODERATION_REASON_MAX_CHARS)
        .map_err(|issue| ApiError::field("reason", issue))
}

async fn set_hidden(
    db: &Db,
    moderator: &CurrentUser,
    target: TargetType,
    id: i64,
    reason: &str,
    hide: bool,
) -> ApiResult<ContentSummary> {
    let kind = kind(target)?;
    let reason = parse_reason(reason)?;
    let txn = db.write.begin().await?;
    let before = state(&txn, target, id).await?;
    // Hiding twice or restoring what is visible changes nothing and writes no entry.
    if before.hidden_at.is_some() != hide {
        let (at, why) = if hide {
            (Some(Utc::now()), Some(reason.as_str().to_owned()))
        } else {
            (None, None)
        };
        let statement = Query::update()
            .table(Alias::new(kind.table))
            .values([
                (Alias::new("hidden_at"), at.into()),
                (Alias::new("hidden_reason"), why.into()),
            ])
            .and_where(Expr::col(Alias::new("id")).eq(id))
            .to_owned();
        txn.execute(&statement).await?;
        count_in_thread(&txn, kind, id, if hide { -1 } else { 1 }).await?;
        if hide {
            resolve_reports(&txn, moderator, target, id, "hidden").await?;
        }
        let action = if hide {
            AuditAction::ContentHidden
        } else {
            AuditAction::ContentRestored
        };
        audit::record(
            &txn,
            moderator,
            Entry {
                action,
                target_type: target,
                target_id: id,
                reason: reason.as_str(),
                details: String::new(),
            },
        )
        .await?;
    }
    txn.commit().await?;
    summary(&db.read, target, id).await
}

/// Hidden content leaves its thread's count where the thread counts only what people can
/// read (answers), so lists count what people see.
async fn count_in_thread(
    txn: &impl ConnectionTrait,
    kind: &Kind,
    id: i64,
    delta: i32,
) -> ApiResult<()> {
    let Some(InThread {
        column: key,
        kind: thread,
        counter,
        left_out: LeftOut::Hidden,
    }) = kind.thread
    else {
        return Ok(());
    };
    let thread = self::kind(thread)?;
    let thread_id = Query::select()
        .column(Alias::new(key))
        .from(Alias::new(kind.table))
        .and_where(Expr::col(Alias::new("id")).eq(id))
        .to_owned();
    let statement = Query::update()
        .table(Alias::new(thread.table))
        .value(
            Alias::new(counter),
            Expr::col(Alias::new(counter)).add(delta),
        )
        .and_where(Expr::col(Alias::new("id")).in_subquery(thread_id))
        .to_owned();
    txn.execute(&statement).await?;
    Ok(())
}

/// Closes the open reports on an item with a resolution (`hidden`, `dismissed`);
/// returns how many.
pub(crate) async fn resolve_reports(
    txn: &impl ConnectionTrait,
    moderator: &CurrentUser,
    target: TargetType,
    id: i64,
    resolution: &str,
) -> ApiResult<u64> {
    let now = Utc::now();
    let result = reports::Entity::update_many()
        .col_expr(reports::Column::Open, Expr::val(Option::<bool>::None))
        .col_expr(reports::Column::Resolution, Expr::val(resolution))
        .col_expr(reports::Column::ResolvedBy, Expr::val(moderator.user.id))
        .col_expr(reports::Column::ResolvedAt, Expr::val(now))
        .filter(reports::Column::TargetType.eq(target))
        .filter(reports::Column::TargetId.eq(id))
        .filter(reports::Column::Open.eq(true))
        .exec(txn)
        .await?;
    Ok(result.rows_affected)
}

/// Dismisses the open reports on an item: the content stays as it is.
#[tracing::instrument(skip_all, fields(target = target.as_str(), target.id = id))]
pub async fn dismiss(
    db: &Db,
    moderator: &CurrentUser,
    target: TargetType,
    id: i64,
    reason: &str,
) -> ApiResult<ContentSummary> {
    let reason = parse_reason(reason)?;
    let txn = db.write.begin().await?;
    state(&txn, target, id).await?;
    let dismissed = resolve_reports(&txn, moderator, target, id, "dismissed").await?;
    audit::record(
        &txn,
        moderator,
        Entry {
            action: AuditAction::ReportsDismissed,
            target_type: target,
            target_id: id,
            reason: reason.as_str(),
            details: format!("{dismissed}"),
        },
    )
    .await?;
    txn.commit().await?;
    summary(&db.read, target, id).await
}

/// Locks or unlocks a thread (an idea or a question).
#[tracing::instrument(skip_all, fields(target = target.as_str(), target.id = id))]
pub async fn set_lock(
    db: &Db,
    moderator: &CurrentUser,
    target: TargetType,
    id: i64,
    locked: bool,
    reason: &str,
) -> ApiResult<ContentSummary> {
    let kind = kind(target)?;
    if !kind.is_thread() {
        return Err(ApiError::NotFound);
    }
    let reason = parse_reason(reason)?;
    let txn = db.write.begin().await?;
    state(&txn, target, id).await?;
    let at: Option<DateTime<Utc>> = locked.then(Utc::now);
    let column = Alias::new("locked_at");
    let mut statement = Query::update();
    statement
        .table(Alias::new(kind.table))
        .values([(column.clone(), at.into())])
        .and_where(Expr::col(Alias::new("id")).eq(id));
    // Only a real change is written down.
    if locked {
        statement.and_where(Expr::col(column).is_null());
    } else {
        statement.and_where(Expr::col(column).is_not_null());
    }
    if txn.execute(&statement).await?.rows_affected() > 0 {
        let action = if locked {
            AuditAction::ThreadLocked
        } else {
            AuditAction::ThreadUnlocked
        };
        audit::record(
            &txn,
            moderator,
            Entry {
                action,
                target_type: target,
                target_id: id,
                reason: reason.as_str(),
                details: String::new(),
            },
        )
        .await?;
    }
    txn.commit().await?;
    summary(&db.read, target, id).await
}

/// One piece of content as the console shows it.
pub async fn summary(
    conn: &impl ConnectionTrait,
    target: TargetType,
    id: i64,
) -> ApiResult<ContentSummary> {
    summaries(conn, &[(target, id)])
        .await?
        .remove(&(target, id))
        .ok_or(ApiError::NotFound)
}

/// Summaries of these items, by type and id, in a few queries whatever their number.
pub async fn summaries(
    conn: &impl ConnectionTrait,
    items: &[(TargetType, i64)],
) -> ApiResult<HashMap<(TargetType, i64), ContentSummary>> {
    let of = |wanted: TargetType| -> Vec<i64> {
        items
            .iter()
            .filter(|(t, _)| *t == wanted)
            .map(|(_, id)| *id)
            .collect()
    };
    let comment_rows = comments::Entity::find()
        .filter(comments::Column::Id.is_in(of(TargetType::Comment)))
        .all(conn)
        .await?;
    let answer_rows = answers::Entity::find()
        .filter(answers::Column::Id.is_in(of(TargetType::Answer)))
        .all(conn)
        .await?;
    let mut idea_ids = of(TargetType::Idea);
    idea_ids.extend(comment_rows.iter().map(|c| c.idea_id));
    let mut question_ids = of(TargetType::Question);
    question_ids.extend(answer_rows.iter().map(|a| a.question_id));
    let idea_rows: HashMap<i64, ideas::Model> = ideas::Entity::find()
        .filter(ideas::Column::Id.is_in(idea_ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|i| (i.id, i))
        .collect();
    let question_rows: HashMap<i64, questions::Model> = questions::Entity::find()
        .filter(questions::Column::Id.is_in(question_ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|q| (q.id, q))
        .collect();
    let authors = people::authors(
        conn,
        idea_rows
            .values()
            .map(|i| i.author_id)
            .chain(question_rows.values().map(|q| q.author_id))
            .chain(comment_rows.iter().map(|c| c.author_id))
            .chain(answer_rows.iter().map(|a| a.author_id)),
    )
    .await?;
    let hidden = |at: Option<DateTime<Utc>>, reason: &Option<String>| {
        at.map(|at| HiddenView {
            reason: Some(reason.clone().unwrap_or_default()),
            at,
        })
    };
    let mut found = HashMap::new();
    for id in of(TargetType::Idea) {
        let Some(idea) = idea_rows.get(&id) else {
            continue;
        };
        found.insert(
            (TargetType::Idea, id),
            ContentSummary {
                target_type: TargetType::Idea,
                target_id: id,
                title: idea.title.clone(),
                body_html: idea.body_html.clone(),
                author: authors.of(idea.author_id),
                path: format!("/ideas/{id}"),
                hidden: hidden(idea.hidden_at, &idea.hidden_reason),
                locked: idea.locked_at.is_some(),
                status: Some(idea.status),
                merged_into: idea.merged_into_id,
                created_at: idea.created_at,
            },
        );
    }
    for id in of(TargetType::Question) {
        let Some(question) = question_rows.get(&id) else {
            continue;
        };
        found.insert(
            (TargetType::Question, id),
            ContentSummary {
                target_type: TargetType::Question,
                target_id: id,
                title: question.title.clone(),
                body_html: question.body_html.clone(),
                author: authors.of(question.author_id),
                path: format!("/questions/{id}"),
                hidden: hidden(question.hidden_at, &question.hidden_reason),
                locked: question.locked_at.is_some(),
                status: None,
                merged_into: None,
                created_at: question.created_at,
            },
        );
    }
    for comment in comment_rows {
        let thread = idea_rows.get(&comment.idea_id);
        found.insert(
            (TargetType::Comment, comment.id),
            ContentSummary {
                target_type: TargetType::Comment,
                target_id: comment.id,
                title: thread.map(|i| i.title.clone()).unwrap_or_default(),
                body_html: comment.body_html,
                author: authors.of(comment.author_id),
                path: format!("/ideas/{}#comment-{}", comment.idea_id, comment.id),
                hidden: hidden(comment.hidden_at, &comment.hidden_reason),
                locked: thread.is_some_and(|i| i.locked_at.is_some()),
                status: None,
                merged_into: None,
                created_at: comment.created_at,
            },
        );
    }
    for answer in answer_rows {
        let thread = question_rows.get(&answer.question_id);
        found.insert(
            (TargetType::Answer, answer.id),
            ContentSummary {
                target_type: TargetType::Answer,
                target_id: answer.id,
                title: thread.map(|q| q.title.clone()).unwrap_or_default(),
                body_html: answer.body_html,
                author: authors.of(answer.author_id),
                path: format!("/questions/{}#answer-{}", answer.question_id, answer.id),
                hidden: hidden(answer.hidden_at, &answer.hidden_reason),
                locked: thread.is_some_and(|q| q.locked_at.is_some()),
                status: None,
                merged_into: None,
                created_at: answer.created_at,
            },
        );
    }
    Ok(found)
}

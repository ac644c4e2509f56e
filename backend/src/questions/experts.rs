//! Experts: staff with the `expert` role and a set of themes. They are told of new
//! questions in their themes, answer them officially, and work through a queue of the
//! questions still waiting, oldest first, against each theme's commitment.

use crate::content::listing;
use crate::content::people;
use crate::domain::cursor::{Cursor, SortValue};
use crate::entities::{expert_themes, questions, user_roles};
use crate::platform::auth::CurrentUser;
use crate::platform::db::Db;
use crate::platform::error::{ApiError, ApiResult};
use crate::questions::due_at;
use crate::themes;
use api::{ExpertQueue, FieldIssue, QueueItem, Role};
use chrono::Utc;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
    TransactionTrait,
};

/// The queue's sort name in its cursors.
const QUEUE: &str = "queue";

/// The people holding the expert role for this theme.
pub(crate) async fn of_theme(conn: &impl ConnectionTrait, theme_id: i64) -> ApiResult<Vec<i64>> {
    let assigned: Vec<i64> = expert_themes::Entity::find()
        .select_only()
        .column(expert_themes::Column::UserId)
        .filter(expert_themes::Column::ThemeId.eq(theme_id))
        .into_tuple()
        .all(conn)
        .await?;
    if assigned.is_empty() {
        return Ok(assigned);
    }
    // A revoked role keeps its themes on record but stops the notifications.
    Ok(user_roles::Entity::find()
        .select_only()
        .column(user_roles::Column::UserId)
        .filter(user_roles::Column::Role.eq(Role::Expert))
        .filter(user_roles::Column::UserId.is_in(assigned))
        .into_tuple()
        .all(conn)
        .await?)
}

/// Whether this person answers officially in this theme.
pub(crate) async fn is_expert_of(
    conn: &impl ConnectionTrait,
    user: &CurrentUser,
    theme_id: i64,
) -> ApiResult<bool> {
    if !user.has(Role::Expert) {
        return Ok(false);
    }
    Ok(themes_of(conn, user.user.id).await?.contains(&theme_id))
}

/// The ids of an expert's themes.
pub(crate) async fn themes_of(conn: &impl ConnectionTrait, user_id: i64) -> ApiResult<Vec<i64>> {
    Ok(expert_themes::Entity::find()
        .select_only()
        .column(expert_themes::Column::ThemeId)
        .filter(expert_themes::Column::UserId.eq(user_id))
        .into_tuple()
        .all(conn)
        .await?)
}

/// Sets the themes a person answers in as an expert (the command line and the demo; the
/// console comes with moderation). Unknown or archived slugs are refused, naming them.
pub async fn set_themes(db: &Db, user_id: i64, slugs: &[String]) -> anyhow::Result<()> {
    let mut ids = Vec::new();
    for slug in slugs {
        match themes::active_id(&db.read, slug).await? {
            Ok(id) => ids.push(id),
            Err(_) => anyhow::bail!("there is no active theme `{slug}`"),
        }
    }
    let txn = db.write.begin().await?;
    replace_themes(&txn, user_id, &ids).await?;
    txn.commit().await?;
    Ok(())
}

/// Replaces a person's expert themes, inside the caller's transaction.
pub(crate) async fn replace_themes(
    txn: &impl ConnectionTrait,
    user_id: i64,
    theme_ids: &[i64],
) -> ApiResult<()> {
    expert_themes::Entity::delete_many()
        .filter(expert_themes::Column::UserId.eq(user_id))
        .exec(txn)
        .await?;
    if !theme_ids.is_empty() {
        expert_themes::Entity::insert_many(theme_ids.iter().map(|theme_id| {
            expert_themes::ActiveModel {
                user_id: Set(user_id),
                theme_id: Set(*theme_id),
            }
        }))
        .exec_without_returning(txn)
        .await?;
    }
    Ok(())
}

/// The questions awaiting an official answer in the expert's themes, oldest first.
pub async fn queue(
    db: &Db,
    expert: &CurrentUser,
    cursor: Option<&str>,
    limit: Option<u32>,
) -> ApiResult<ExpertQueue> {
    let limit = listing::page_limit(limit)?;
    let after = match cursor.filter(|c| !c.is_empty()) {
        Some(raw) => {
            Some(Cursor::decode(raw, QUEUE).map_err(|issue| ApiError::field("cursor", issue))?)
        }
        None => None,
    };
    let theme_ids = themes_of(&db.read, expert.user.id).await?;
    let refs = themes::refs(&db.read).await?;
    let theme_slugs = themes::slugs_in_order(&refs, &theme_ids);
    let mut select = questions::Entity::find()
        .filter(questions::Column::ThemeId.is_in(theme_ids))
        .filter(questions::Column::AnsweredAt.is_null())
        .filter(questions::Column::HiddenAt.is_null());
    if let Some(after) = after {
        if after.value != SortValue::None {
            return Err(ApiError::field("cursor", FieldIssue::Invalid));
        }
        select = select.filter(questions::Column::Id.gt(after.id));
    }
    let mut rows = select
        .order_by_asc(questions::Column::Id)
        .limit(u64::from(limit) + 1)
        .all(&db.read)
        .await?;
    let next_cursor = listing::next_by_id(&mut rows, limit, QUEUE, |row| row.id);
    let authors = people::authors(&db.read, rows.iter().map(|q| q.author_id)).await?;
    let now = Utc::now();
    let items = rows
        .into_iter()
        .map(|question| {
            let theme = refs.get(&question.theme_id);
            let due_at = due_at(question.created_at, theme.map_or(0, |t| t.response_hours));
            QueueItem {
                author: authors.of(question.author_id),
                theme: theme.map(|t| t.slug.clone()).unwrap_or_default(),
                votes: u32::try_from(question.votes_total).unwrap_or(0),
                answer_count: u32::try_from(question.answer_count).unwrap_or(0),
                overdue: now > due_at,
                due_at,
                id: question.id,
                title: question.title,
                created_at: question.created_at,
            }
        })
        .collect();
    Ok(ExpertQueue {
        themes: theme_slugs,
        items,
        next_cursor,
    })
}

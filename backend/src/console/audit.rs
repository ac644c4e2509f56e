//! The audit log, read: the team's view, filtered by action, actor and target.

use crate::content::listing;
use crate::content::people;
use crate::domain::cursor::Cursor;
use crate::entities::audit_log;
use crate::platform::db::Db;
use crate::platform::error::{ApiError, ApiResult};
use api::{AuditEntry, AuditList, AuditQuery, TargetType};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

const CURSOR_SORT: &str = "audit";

/// Entries newest first, filtered by action, actor and target.
pub async fn list(db: &Db, query: AuditQuery) -> ApiResult<AuditList> {
    let limit = listing::page_limit(query.limit)?;
    let mut select = audit_log::Entity::find();
    if let Some(raw) = query.cursor.as_deref().filter(|c| !c.is_empty()) {
        let cursor =
            Cursor::decode(raw, CURSOR_SORT).map_err(|issue| ApiError::field("cursor", issue))?;
        select = select.filter(audit_log::Column::Id.lt(cursor.id));
    }
    if let Some(action) = query.action {
        select = select.filter(audit_log::Column::Action.eq(action));
    }
    if let Some(actor) = query.actor {
        select = select.filter(audit_log::Column::ActorId.eq(actor));
    }
    if let Some(target_type) = query.target_type {
        select = select.filter(audit_log::Column::TargetType.eq(target_type));
    }
    if let Some(target_id) = query.target_id {
        select = select.filter(audit_log::Column::TargetId.eq(target_id));
    }
    let mut rows = select
        .order_by_desc(audit_log::Column::Id)
        .limit(u64::from(limit) + 1)
        .all(&db.read)
        .await?;
    let next_cursor = listing::next_by_id(&mut rows, limit, CURSOR_SORT, |row| row.id);
    Ok(AuditList {
        items: views(&db.read, rows).await?,
        next_cursor,
    })
}

/// The entries about one target, newest first (at most 100).
pub(crate) async fn of_target(
    conn: &impl ConnectionTrait,
    target_type: TargetType,
    target_id: i64,
) -> ApiResult<Vec<AuditEntry>> {
    let rows = audit_log::Entity::find()
        .filter(audit_log::Column::TargetType.eq(target_type))
        .filter(audit_log::Column::TargetId.eq(target_id))
        .order_by_desc(audit_log::Column::Id)
        .limit(100)
        .all(conn)
        .await?;
    views(conn, rows).await
}

async fn views(
    conn: &impl ConnectionTrait,
    rows: Vec<audit_log::Model>,
) -> ApiResult<Vec<AuditEntry>> {
    let actors = people::authors(conn, rows.iter().map(|r| r.actor_id)).await?;
    Ok(rows
        .into_iter()
        .map(|row| AuditEntry {
            action: row.action,
            target_type: row.target_type,
            actor: actors.of(row.actor_id),
            id: row.id,
            target_id: row.target_id,
            reason: row.reason,
            details: row.details,
            at: row.created_at,
        })
        .collect())
}

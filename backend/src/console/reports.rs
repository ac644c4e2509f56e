//! Reports: anyone signed in flags content with a reason; the team's queue groups open
//! reports by item, most reported first; an item's page shows its reports and audit.

use crate::content::moderation;
use crate::content::people;
use crate::content::visibility;
use crate::domain::PlainText;
use crate::entities::reports;
use crate::platform::auth::CurrentUser;
use crate::platform::db::Db;
use crate::platform::error::{ApiError, ApiResult};
use api::{
    CreateReport, FieldIssue, ModerationItem, ModerationQueue, REPORT_DETAILS_MAX_CHARS,
    ReasonCount, ReportReason, ReportView, ReportedItem, TargetType,
};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, Order};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set, SqlErr, TransactionTrait,
};
use std::collections::HashMap;

/// How many reported items the queue lists.
const QUEUE_LISTED: u64 = 100;

/// Reports a piece of content; one open report per person and item.
#[tracing::instrument(skip_all, fields(user.id = reporter.user.id))]
pub async fn create(db: &Db, reporter: &CurrentUser, input: CreateReport) -> ApiResult<ReportView> {
    if !input.target_type.is_content() {
        return Err(ApiError::field("target_type", FieldIssue::Invalid));
    }
    let details = match input.details.as_deref().map(str::trim) {
        Some(text) if !text.is_empty() => PlainText::parse(text, REPORT_DETAILS_MAX_CHARS)
            .map_err(|issue| ApiError::field("details", issue))?
            .into_string(),
        _ if input.reason == ReportReason::Other => {
            return Err(ApiError::field("details", FieldIssue::Required));
        }
        _ => String::new(),
    };
    // Content the reporter cannot read does not exist for them.
    let state = match moderation::state(&db.read, input.target_type, input.target_id).await {
        Ok(state) => state,
        Err(ApiError::NotFound) => return Err(ApiError::field("target_id", FieldIssue::Invalid)),
        Err(other) => return Err(other),
    };
    if !visibility::can_read(Some(reporter), state.author_id, state.hidden_at) {
        return Err(ApiError::field("target_id", FieldIssue::Invalid));
    }
    let txn = db.write.begin().await?;
    let inserted = reports::ActiveModel {
        reporter_id: Set(reporter.user.id),
        target_type: Set(input.target_type),
        target_id: Set(input.target_id),
        reason: Set(input.reason),
        details: Set(details),
        open: Set(Some(true)),
        resolution: Set(None),
        resolved_by: Set(None),
        created_at: Set(Utc::now()),
        resolved_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await;
    let report = match inserted {
        Ok(report) => report,
        // The unique index decides, so two simultaneous reports cannot both open.
        Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            return Err(ApiError::already_reported());
        }
        Err(e) => return Err(e.into()),
    };
    txn.commit().await?;
    tracing::info!(report.id = report.id, "content reported");
    let reporters = people::authors(&db.read, [reporter.user.id]).await?;
    view(report, &reporters).ok_or_else(|| ApiError::Internal(anyhow::anyhow!("stored report")))
}

/// Items with open reports, most reported first, then the longest waiting.
pub async fn queue(db: &Db) -> ApiResult<ModerationQueue> {
    let open = || reports::Entity::find().filter(reports::Column::Open.eq(true));
    let count = Expr::col(reports::Column::Id).count();
    let first = Expr::col(reports::Column::CreatedAt).min();
    let groups: Vec<(TargetType, i64, i64, DateTime<Utc>)> = open()
        .select_only()
        .column(reports::Column::TargetType)
        .column(reports::Column::TargetId)
        .expr(count.clone())
        .expr(first.clone())
        .group_by(reports::Column::TargetType)
        .group_by(reports::Column::TargetId)
        .order_by(count, Order::Desc)
        .order_by(first, Order::Asc)
        .limit(QUEUE_LISTED)
        .into_tuple()
        .all(&db.read)
        .await?;
    let items: Vec<(TargetType, i64)> = groups.iter().map(|(t, id, ..)| (*t, *id)).collect();
    let reasons: Vec<(TargetType, i64, ReportReason, i64)> = open()
        .select_only()
        .column(reports::Column::TargetType)
        .column(reports::Column::TargetId)
        .column(reports::Column::Reason)
        .expr(Expr::col(reports::Column::Id).count())
        .filter(reports::Column::TargetId.is_in(items.iter().map(|(_, id)| *id)))
        .group_by(reports::Column::TargetType)
        .group_by(reports::Column::TargetId)
        .group_by(reports::Column::Reason)
        .into_tuple()
        .all(&db.read)
        .await?;
    let mut by_item: HashMap<(TargetType, i64), Vec<ReasonCount>> = HashMap::new();
    for (target_type, target_id, reason, count) in reasons {
        by_item
            .entry((target_type, target_id))
            .or_default()
            .push(ReasonCount {
                reason,
                count: u32::try_from(count).unwrap_or(0),
            });
    }
    let mut summaries = moderation::summaries(&db.read, &items).await?;
    let open_reports = open().count(&db.read).await?;
    Ok(ModerationQueue {
        items: groups
            .into_iter()
            .filter_map(|(target_type, target_id, count, first_reported_at)| {
                let content = summaries.remove(&(target_type, target_id))?;
                let mut reasons = by_item
                    .remove(&(target_type, target_id))
                    .unwrap_or_default();
                reasons.sort_by(|a, b| {
                    b.count
                        .cmp(&a.count)
                        .then(a.reason.as_str().cmp(b.reason.as_str()))
                });
                Some(ReportedItem {
                    content,
                    open_reports: u32::try_from(count).unwrap_or(0),
                    reasons,
                    first_reported_at,
                })
            })
            .collect(),
        open_reports: u32::try_from(open_reports).unwrap_or(u32::MAX),
    })
}

/// One item as the console shows it: the content, every report on it, and its audit.
pub async fn item(db: &Db, target: TargetType, id: i64) -> ApiResult<ModerationItem> {
    let content = moderation::summary(&db.read, target, id).await?;
    let rows = reports::Entity::find()
        .filter(reports::Column::TargetType.eq(target))
        .filter(reports::Column::TargetId.eq(id))
        .order_by_desc(reports::Column::Id)
        .limit(200)
        .all(&db.read)
        .await?;
    let reporters = people::authors(&db.read, rows.iter().map(|r| r.reporter_id)).await?;
    Ok(ModerationItem {
        content,
        reports: rows
            .into_iter()
            .filter_map(|row| view(row, &reporters))
            .collect(),
        audit: crate::console::audit::of_target(&db.read, target, id).await?,
    })
}

fn view(row: reports::Model, reporters: &people::Authors) -> Option<ReportView> {
    Some(ReportView {
        target_type: row.target_type,
        reason: row.reason,
        reporter: reporters.of(row.reporter_id),
        open: row.open == Some(true),
        id: row.id,
        target_id: row.target_id,
        details: row.details,
        resolution: row.resolution,
        created_at: row.created_at,
    })
}

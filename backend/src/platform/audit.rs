//! The audit log, written: every staff action, in the action's own transaction (so an
//! action and its entry stand or fall together). Nothing updates or deletes an entry; the
//! team reads them in the console (`console::audit`).

use crate::entities::audit_log;
use crate::platform::auth::CurrentUser;
use crate::platform::error::ApiResult;
use api::{AuditAction, TargetType};
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ConnectionTrait, Set};

/// What one action did, to be written down.
pub(crate) struct Entry<'a> {
    pub action: AuditAction,
    pub target_type: TargetType,
    pub target_id: i64,
    pub reason: &'a str,
    pub details: String,
}

/// Writes the entry of `actor`'s action, inside the action's transaction.
pub(crate) async fn record(
    txn: &impl ConnectionTrait,
    actor: &CurrentUser,
    entry: Entry<'_>,
) -> ApiResult<()> {
    record_by(txn, actor.user.id, entry).await
}

/// Writes an entry whose actor is the person `actor_id` without a request of theirs in
/// hand (the bank's sign-in changing their client status).
pub(crate) async fn record_by(
    txn: &impl ConnectionTrait,
    actor_id: i64,
    entry: Entry<'_>,
) -> ApiResult<()> {
    audit_log::ActiveModel {
        actor_id: Set(actor_id),
        action: Set(entry.action),
        target_type: Set(entry.target_type),
        target_id: Set(entry.target_id),
        reason: Set(entry.reason.to_owned()),
        details: Set(entry.details),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    tracing::info!(
        action = entry.action.as_str(),
        target = entry.target_type.as_str(),
        target.id = entry.target_id,
        "staff action"
    );
    Ok(())
}

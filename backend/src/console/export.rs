//! The CSV export of ideas for the product teams' own tools (spreadsheets above all): one
//! row per idea with its theme, status, dates, supports by segment and comment count.
//! Text that a spreadsheet would read as a formula is neutralised.

use crate::entities::ideas;
use crate::platform::audit::{self, Entry};
use crate::platform::auth::CurrentUser;
use crate::platform::db::Db;
use crate::platform::error::{ApiError, ApiResult};
use crate::themes;
use api::{AuditAction, TargetType};
use chrono::{DateTime, SecondsFormat, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, TransactionTrait};

/// Rows are read this many at a time, so memory follows the file, not the table.
const BATCH: u64 = 2_000;

const HEADER: [&str; 14] = [
    "id",
    "title",
    "theme",
    "status",
    "merged_into",
    "created_at",
    "first_response_at",
    "supports_total",
    "supports_clients",
    "supports_non_clients",
    "comment_count",
    "hidden",
    "locked",
    "url",
];

/// A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, carriage
/// return first) gets a leading apostrophe, as OWASP advises; the CSV writer quotes the
/// rest.
pub fn neutralise(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_owned(),
    }
}

fn date(at: Option<DateTime<Utc>>) -> String {
    at.map(|at| at.to_rfc3339_opts(SecondsFormat::Secs, true))
        .unwrap_or_default()
}

/// Every idea (hidden ones included, marked), oldest first, as CSV (with a byte-order
/// mark). The export is audited.
#[tracing::instrument(skip_all)]
pub async fn ideas_csv(db: &Db, actor: &CurrentUser, public_url: &str) -> ApiResult<Vec<u8>> {
    let slugs = themes::slugs(&db.read).await?;
    // UTF-8 with a byte-order mark: spreadsheets then read the accents right.
    let mut writer = csv::Writer::from_writer("\u{feff}".as_bytes().to_vec());
    let failed = |e: csv::Error| ApiError::Internal(anyhow::Error::new(e).context("writing CSV"));
    writer.write_record(HEADER).map_err(failed)?;
    let mut after = 0_i64;
    let mut rows = 0_usize;
    loop {
        let batch = ideas::Entity::find()
            .filter(ideas::Column::Id.gt(after))
            .order_by_asc(ideas::Column::Id)
            .limit(BATCH)
            .all(&db.read)
            .await?;
        let Some(last) = batch.last() else {
            break;
        };
        after = last.id;
        for idea in batch {
            let record = [
                idea.id.to_string(),
                neutralise(&idea.title),
                neutralise(slugs.get(&idea.theme_id).map_or("", String::as_str)),
                idea.status.as_str().to_owned(),
                idea.merged_into_id
                    .map(|i| i.to_string())
                    .unwrap_or_default(),
                date(Some(idea.created_at)),
                date(idea.first_response_at),
                idea.supports_total.to_string(),
                idea.supports_clients.to_string(),
                (idea.supports_total - idea.supports_clients).to_string(),
                idea.comment_count.to_string(),
                idea.hidden_at.is_some().to_string(),
                idea.locked_at.is_some().to_string(),
                format!("{}/ideas/{}", public_url.trim_end_matches('/'), idea.id),
            ];
            writer.write_record(&record).map_err(failed)?;
            rows += 1;
        }
    }
    let bytes = writer
        .into_inner()
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("finishing the CSV: {e}")))?;
    let txn = db.write.begin().await?;
    audit::record(
        &txn,
        actor,
        Entry {
            action: AuditAction::IdeasExported,
            target_type: TargetType::Idea,
            target_id: 0,
            reason: "",
            details: format!("{rows} ideas"),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_other_text_kept() {
        for formula in ["=1+1", "+33 6", "-2", "@SUM(A1)", "\tx", "\rx"] {
            assert!(neutralise(formula).starts_with('\''), "{formula:?}");
        }
        assert_eq!(neutralise("Un livret vert"), "Un livret vert");
        assert_eq!(neutralise(""), "");
    }
}

//! Checks that every stored counter equals the rows it counts: the votes of every kind
//! (`content::kinds::VOTES`), and the comments and answers their threads count
//! (`content::kinds::KINDS`). The counters are moved in the same transaction as the rows,
//! so any difference is a bug; the benchmark runs this after its write loads
//! (`cocrea check-counts`).

use crate::content::kinds;
use crate::content::votes::Counter;
use crate::platform::db::Db;
use crate::platform::error::ApiResult;
use sea_orm::{ConnectionTrait, Statement};

/// Every counter, grouped by the table holding it: what the check reports, and the
/// query counting the rows of that table where any of its counters is wrong.
fn checks() -> Vec<(String, String)> {
    let mut counters: Vec<Counter> = kinds::VOTES.iter().flat_map(|v| v.counters()).collect();
    for kind in &kinds::KINDS {
        let Some(in_thread) = kind.thread else {
            continue;
        };
        let Some(thread) = kinds::of(in_thread.kind) else {
            continue;
        };
        counters.push(Counter {
            table: thread.table.to_owned(),
            column: in_thread.counter.to_owned(),
            rows: kind.table.to_owned(),
            key: in_thread.column.to_owned(),
            only: format!("r.{} IS NULL", in_thread.left_out.column()),
        });
    }
    let mut checks: Vec<(String, String)> = Vec::new();
    for group in counters.chunk_by(|a, b| a.table == b.table && a.rows == b.rows) {
        let first = &group[0];
        let wrong: Vec<String> = group
            .iter()
            .map(|c| {
                let only = if c.only.is_empty() {
                    String::new()
                } else {
                    format!(" AND {}", c.only)
                };
                format!(
                    "t.{} <> (SELECT COUNT(*) FROM {} r WHERE r.{} = t.id{only})",
                    c.column, c.rows, c.key
                )
            })
            .collect();
        checks.push((
            format!(
                "{}: {} against their {} rows",
                first.table,
                group
                    .iter()
                    .map(|c| c.column.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
                first.rows
            ),
            format!(
                "SELECT COUNT(*) AS n FROM {} t WHERE {}",
                first.table,
                wrong.join(" OR ")
            ),
        ));
    }
    checks
}

/// Each check with the number of rows whose counter is wrong (all 0 when consistent).
pub async fn counter_differences(db: &Db) -> ApiResult<Vec<(String, i64)>> {
    let backend = db.read.get_database_backend();
    let mut found = Vec::new();
    for (what, query) in checks() {
        let row = db
            .read
            .query_one_raw(Statement::from_string(backend, query))
            .await?;
        let wrong = match row {
            Some(row) => row.try_get::<i64>("", "n")?,
            None => 0,
        };
        found.push((what, wrong));
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::checks;

    #[test]
    fn every_counter_of_every_kind_is_checked() {
        let all: String = checks().into_iter().map(|(_, query)| query).collect();
        for counter in [
            "supports_total",
            "supports_clients",
            "votes_total",
            "votes_clients",
            "helpful_total",
            "helpful_clients",
            "unhelpful_total",
            "unhelpful_clients",
            "comment_count",
            "answer_count",
        ] {
            assert!(all.contains(&format!("t.{counter} <>")), "{counter}: {all}");
        }
        // Comments' helpful votes and answers' ratings are two checks of their own.
        assert!(all.contains("FROM comment_votes r WHERE r.comment_id = t.id"));
        assert!(all.contains("r.value < 0 AND r.is_client = TRUE"));
    }
}

//! Checks that every stored counter equals the rows it counts: supports on ideas,
//! relevance votes on questions, ratings on answers, live comments and readable answers.
//! The counters are moved in the same transaction as the rows, so any difference is a
//! bug; the benchmark runs this after its write loads (`cocrea check-counts`).

use crate::platform::db::Db;
use crate::platform::error::ApiResult;
use sea_orm::{ConnectionTrait, Statement};

/// A counter column of a table and the rows it counts: `rows` whose `key` is the
/// counting row's id and that pass `only` (an SQL condition on `r`, or empty).
struct Counter {
    column: &'static str,
    rows: &'static str,
    key: &'static str,
    only: &'static str,
}

const fn counter(
    column: &'static str,
    rows: &'static str,
    key: &'static str,
    only: &'static str,
) -> Counter {
    Counter {
        column,
        rows,
        key,
        only,
    }
}

/// What each check reports, the table, and its counters.
const CHECKS: [(&str, &str, &[Counter]); 5] = [
    (
        "ideas whose supports differ from their support rows",
        "ideas",
        &[
            counter("supports_total", "idea_supports", "idea_id", ""),
            counter(
                "supports_clients",
                "idea_supports",
                "idea_id",
                "r.is_client = TRUE",
            ),
        ],
    ),
    (
        "ideas whose comment count differs from their live comments",
        "ideas",
        &[counter(
            "comment_count",
            "comments",
            "idea_id",
            "r.deleted_at IS NULL",
        )],
    ),
    (
        "questions whose votes differ from their vote rows",
        "questions",
        &[
            counter("votes_total", "question_votes", "question_id", ""),
            counter(
                "votes_clients",
                "question_votes",
                "question_id",
                "r.is_client = TRUE",
            ),
        ],
    ),
    (
        "questions whose answer count differs from their readable answers",
        "questions",
        &[counter(
            "answer_count",
            "answers",
            "question_id",
            "r.hidden_at IS NULL",
        )],
    ),
    (
        "answers whose ratings differ from their rating rows",
        "answers",
        &[
            counter("helpful_total", "answer_votes", "answer_id", "r.value > 0"),
            counter(
                "helpful_clients",
                "answer_votes",
                "answer_id",
                "r.value > 0 AND r.is_client = TRUE",
            ),
            counter(
                "unhelpful_total",
                "answer_votes",
                "answer_id",
                "r.value < 0",
            ),
            counter(
                "unhelpful_clients",
                "answer_votes",
                "answer_id",
                "r.value < 0 AND r.is_client = TRUE",
            ),
        ],
    ),
];

/// The query counting the rows of `table` where any of `counters` is wrong.
fn query(table: &str, counters: &[Counter]) -> String {
    let wrong: Vec<String> = counters
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
    format!(
        "SELECT COUNT(*) AS n FROM {table} t WHERE {}",
        wrong.join(" OR ")
    )
}

/// Each check with the number of rows whose counter is wrong (all 0 when consistent).
pub async fn counter_differences(db: &Db) -> ApiResult<Vec<(&'static str, i64)>> {
    let backend = db.read.get_database_backend();
    let mut found = Vec::with_capacity(CHECKS.len());
    for (what, table, counters) in CHECKS {
        let row = db
            .read
            .query_one_raw(Statement::from_string(backend, query(table, counters)))
            .await?;
        let wrong = match row {
            Some(row) => row.try_get::<i64>("", "n")?,
            None => 0,
        };
        found.push((what, wrong));
    }
    Ok(found)
}

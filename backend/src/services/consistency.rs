//! Checks that every stored counter equals the rows it counts: supports on ideas,
//! relevance votes on questions, ratings on answers, live comments and readable answers.
//! The counters are moved in the same transaction as the rows, so any difference is a
//! bug; the benchmark runs this after its write loads (`cocrea check-counts`).

use crate::db::Db;
use crate::error::ApiResult;
use sea_orm::{ConnectionTrait, Statement};

/// What each check counts, and the query counting the rows whose counter is wrong.
const CHECKS: [(&str, &str); 5] = [
    (
        "ideas whose supports differ from their support rows",
        "SELECT COUNT(*) AS n FROM ideas i WHERE i.supports_total <> \
         (SELECT COUNT(*) FROM idea_supports s WHERE s.idea_id = i.id) \
         OR i.supports_clients <> (SELECT COUNT(*) FROM idea_supports s \
         WHERE s.idea_id = i.id AND s.is_client = TRUE)",
    ),
    (
        "ideas whose comment count differs from their live comments",
        "SELECT COUNT(*) AS n FROM ideas i WHERE i.comment_count <> \
         (SELECT COUNT(*) FROM comments c WHERE c.idea_id = i.id AND c.deleted_at IS NULL)",
    ),
    (
        "questions whose votes differ from their vote rows",
        "SELECT COUNT(*) AS n FROM questions q WHERE q.votes_total <> \
         (SELECT COUNT(*) FROM question_votes v WHERE v.question_id = q.id) \
         OR q.votes_clients <> (SELECT COUNT(*) FROM question_votes v \
         WHERE v.question_id = q.id AND v.is_client = TRUE)",
    ),
    (
        "questions whose answer count differs from their readable answers",
        "SELECT COUNT(*) AS n FROM questions q WHERE q.answer_count <> \
         (SELECT COUNT(*) FROM answers a WHERE a.question_id = q.id AND a.hidden_at IS NULL)",
    ),
    (
        "answers whose ratings differ from their rating rows",
        "SELECT COUNT(*) AS n FROM answers a WHERE \
         a.helpful_total <> (SELECT COUNT(*) FROM answer_votes v WHERE v.answer_id = a.id AND v.value > 0) \
         OR a.helpful_clients <> (SELECT COUNT(*) FROM answer_votes v \
         WHERE v.answer_id = a.id AND v.value > 0 AND v.is_client = TRUE) \
         OR a.unhelpful_total <> (SELECT COUNT(*) FROM answer_votes v WHERE v.answer_id = a.id AND v.value < 0) \
         OR a.unhelpful_clients <> (SELECT COUNT(*) FROM answer_votes v \
         WHERE v.answer_id = a.id AND v.value < 0 AND v.is_client = TRUE)",
    ),
];

/// Each check with the number of rows whose counter is wrong (all 0 when consistent).
pub async fn counter_differences(db: &Db) -> ApiResult<Vec<(&'static str, i64)>> {
    let backend = db.read.get_database_backend();
    let mut found = Vec::with_capacity(CHECKS.len());
    for (what, sql) in CHECKS {
        let row = db
            .read
            .query_one_raw(Statement::from_string(backend, sql))
            .await?;
        let wrong = match row {
            Some(row) => row.try_get::<i64>("", "n")?,
            None => 0,
        };
        found.push((what, wrong));
    }
    Ok(found)
}

//! What lists of ideas and questions are made of: keyset pages sorted through their
//! indexes, full-text search, suggestions while typing, the stored hot rank and the job
//! that lets time lower it. Each listed table implements [`Ranked`] to name its columns;
//! `content::threads` builds a list page from these.

use crate::content::votes::{Voted, read};
use crate::domain::ranking::{HOT_WINDOW_HOURS, hot_rank};
use crate::domain::search;
use crate::platform::db::Db;
use crate::platform::error::{ApiError, ApiResult};
use crate::platform::read::{Read, Table};
use api::{LIST_LIMIT_DEFAULT, LIST_LIMIT_MAX};
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, IntoColumnRef, Query, SimpleExpr};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseBackend, QueryFilter, QuerySelect, QueryTrait, Select,
    Statement, TransactionTrait,
};
use std::collections::HashMap;

/// Where a list's rows are searched: the table, its FTS5 index on SQLite (PostgreSQL
/// uses the table's generated `search_vector`), and the column that breaks ties between
/// equally good suggestions.
pub(crate) struct SearchIndex {
    pub table: &'static str,
    pub fts: &'static str,
    pub weight: &'static str,
}

/// A table listed with a hot rank (following its votes: [`Voted`]) and a search index: it
/// names its columns, and the code below reads and writes them through the model.
pub(crate) trait Ranked: Voted + Table {
    const HOT_RANK: Self::Column;
    const CREATED_AT: Self::Column;
    const SEARCH: SearchIndex;
}

/// The page size asked for: the default when none is, a field error outside 1 to 50.
pub(crate) fn page_limit(limit: Option<u32>) -> ApiResult<u32> {
    match limit {
        None => Ok(LIST_LIMIT_DEFAULT),
        Some(n) if (1..=LIST_LIMIT_MAX).contains(&n) => Ok(n),
        Some(_) => Err(ApiError::field("limit", api::FieldIssue::Invalid)),
    }
}

/// Cuts `rows` (fetched with one extra) to `limit` and returns the cursor of the next
/// page, for lists ordered by id alone (`sort` names the list in its cursors).
pub(crate) fn next_by_id<T>(
    rows: &mut Vec<T>,
    limit: u32,
    sort: &str,
    id: impl Fn(&T) -> i64,
) -> Option<String> {
    if rows.len() <= limit as usize {
        return None;
    }
    rows.truncate(limit as usize);
    rows.last().map(|last| {
        crate::domain::cursor::Cursor {
            value: crate::domain::cursor::SortValue::None,
            id: id(last),
        }
        .encode(sort)
    })
}

/// `(key, id) < (value, id)`: a row-value comparison both engines answer from the index.
pub(crate) fn keyset_before(
    key: impl IntoColumnRef,
    id_column: impl IntoColumnRef,
    value: impl Into<sea_orm::Value>,
    id: i64,
) -> SimpleExpr {
    Expr::tuple([Expr::col(key), Expr::col(id_column)])
        .lt(Expr::tuple([Expr::val(value), Expr::val(id)]))
}

/// These rows, in the order of `ids` (missing ones skipped).
pub(crate) async fn by_ids<E: Ranked>(conn: &impl Read, ids: &[i64]) -> ApiResult<Vec<E::Model>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut found: HashMap<i64, E::Model> = conn
        .models(E::find().filter(E::ID.is_in(ids.iter().copied())))
        .await?
        .into_iter()
        .map(|row| Ok((read::<E, i64>(&row, E::ID)?, row)))
        .collect::<ApiResult<_>>()?;
    Ok(ids.iter().filter_map(|id| found.remove(id)).collect())
}

/// Up to this many matches, a search reads the matching rows by id.
const FEW_MATCHES: usize = 100;

/// How a search narrows a list.
pub(crate) enum Matches {
    /// Keep the rows this filter keeps.
    Filter(SimpleExpr),
    /// Many rows match, densely enough that a walk down the list's order should meet a
    /// page of them within [`WALK_ROWS`]: [`walk`] tries that, as gathering every match
    /// costs more than a page (two common French words match tens of thousands of
    /// ideas). The filter gathers them if the walk ends before the page is full.
    Dense(SimpleExpr),
}

/// How the rows holding every one of `terms` are best found for a page of `wanted` rows.
pub(crate) async fn matches_all<E: Ranked>(
    conn: &impl Read,
    terms: &[String],
    wanted: u64,
) -> ApiResult<Matches> {
    let SearchIndex { table, fts, .. } = E::SEARCH;
    let backend = conn.backend();
    if backend == DatabaseBackend::Postgres {
        return Ok(Matches::Filter(Expr::cust_with_values(
            format!("\"{table}\".\"search_vector\" @@ to_tsquery('simple', $1)"),
            [quoted(terms, '\'', " & ")],
        )));
    }
    let query = quoted(terms, '"', " ");
    let newest: Vec<i64> = conn
        .rows(Statement::from_sql_and_values(
            backend,
            format!("SELECT rowid FROM {fts} WHERE {fts} MATCH ? ORDER BY rowid DESC LIMIT ?"),
            [query.clone().into(), (FEW_MATCHES as i64 + 1).into()],
        ))
        .await?;
    if newest.len() <= FEW_MATCHES {
        return Ok(Matches::Filter(E::ID.is_in(newest)));
    }
    // The unary `+` keeps SQLite from probing the primary key for every match.
    let filter = Expr::cust_with_values(
        format!("+\"{table}\".\"id\" IN (SELECT rowid FROM {fts} WHERE {fts} MATCH ?)"),
        [query],
    );
    // Among the newest rows, where the hot and new lists begin, FEW_MATCHES of every
    // `span` match: a page is expected after `wanted * span / FEW_MATCHES` rows.
    let span = (newest[0] - newest[FEW_MATCHES]).unsigned_abs() + 1;
    if wanted * span / FEW_MATCHES as u64 * 2 <= WALK_ROWS {
        return Ok(Matches::Dense(filter));
    }
    Ok(Matches::Filter(filter))
}

/// How many rows of a list's order a search walks before it gathers its matches instead.
const WALK_ROWS: u64 = 2_000;

/// The ids of the first `n` rows of `select` (a list's query, filtered and sorted but not
/// searched) whose stored terms (`terms_column`, what the search index holds) include
/// every one of `terms`, reading at most [`WALK_ROWS`] rows of its order; `None` if they
/// hold fewer than `n` such rows. A row is tested on its own space-separated terms, the
/// tokens FTS5 indexes from that column.
///
/// SQLite reads the limited inner query as a co-routine, in its order, and the outer one
/// stops at `n` rows. An `ORDER BY` on the outer query would have SQLite sort all
/// [`WALK_ROWS`] rows first (`EXPLAIN QUERY PLAN`: a temporary B-tree), so there is none;
/// the list test checks the order of every page.
pub(crate) async fn walk<E: Ranked>(
    conn: &impl Read,
    select: Select<E>,
    terms_column: E::Column,
    terms: &[String],
    n: u64,
) -> ApiResult<Option<Vec<i64>>> {
    let walked = Alias::new("walked");
    let inner = select
        .select_only()
        .column_as(E::ID, "id")
        .column_as(terms_column, "terms")
        .limit(WALK_ROWS)
        .into_query();
    let mut outer = Query::select();
    outer
        .column((walked.clone(), Alias::new("id")))
        .from_subquery(inner, walked)
        .limit(n);
    for term in terms {
        outer.and_where(Expr::cust_with_values(
            "instr(' ' || \"walked\".\"terms\" || ' ', ?) > 0",
            [format!(" {term} ")],
        ));
    }
    let ids: Vec<i64> = conn.rows(conn.backend().build(&outer)).await?;
    Ok((ids.len() as u64 == n).then_some(ids))
}

/// The terms, each quoted, joined by `separator`: `"a" "b"` or `"a" OR "b"` for FTS5,
/// `'a' & 'b'` or `'a' | 'b'` for a tsquery. Terms are alphanumeric (see `search`), and
/// quoting keeps either engine from reading one as its own syntax (`OR`, `NEAR`, `!`…).
fn quoted(terms: &[String], quote: char, separator: &str) -> String {
    terms
        .iter()
        .map(|t| format!("{quote}{t}{quote}"))
        .collect::<Vec<_>>()
        .join(separator)
}

/// What the search index holds for a title and a body.
pub(crate) fn search_terms(title: &str, body: &str) -> String {
    // The title counts twice, so it weighs more in the ranking of suggestions.
    format!(
        "{} {} {}",
        search::index_terms(title),
        search::index_terms(title),
        search::index_terms(body)
    )
}

/// Suggestions are ranked among at most this many of the newest matching rows.
const SIMILAR_CANDIDATES: i64 = 2_000;

/// Up to `limit` rows that look like `q`, best match first; the last word may still be
/// being typed, so it matches as a prefix.
pub(crate) async fn similar<E: Ranked>(
    conn: &impl ConnectionTrait,
    q: &str,
    limit: usize,
) -> ApiResult<Vec<E::Model>> {
    let terms = search::query_terms(q);
    if terms.is_empty() {
        return Ok(Vec::new());
    }
    let SearchIndex { table, fts, weight } = E::SEARCH;
    let backend = conn.get_database_backend();
    let limit = limit as i64;
    let statement = match backend {
        DatabaseBackend::Postgres => Statement::from_sql_and_values(
            backend,
            format!(
                "SELECT id FROM {table} \
                 WHERE search_vector @@ to_tsquery('simple', $1) AND hidden_at IS NULL \
                 AND id >= COALESCE((SELECT id FROM {table} \
                     WHERE search_vector @@ to_tsquery('simple', $1) \
                     ORDER BY id DESC LIMIT 1 OFFSET $3), 0) \
                 ORDER BY ts_rank(search_vector, to_tsquery('simple', $1)) DESC, \
                 {weight} DESC, id DESC LIMIT $2"
            ),
            [
                (quoted(&terms, '\'', " | ") + ":*").into(),
                limit.into(),
                (SIMILAR_CANDIDATES - 1).into(),
            ],
        ),
        // FTS5 ranks inside its own table (bm25 over the index alone), among the newest
        // matches only, so a common word costs a bounded amount; then a few rows join.
        _ => {
            let query = quoted(&terms, '"', " OR ") + "*";
            Statement::from_sql_and_values(
                backend,
                format!(
                    "SELECT {table}.id FROM (SELECT rowid AS id, rank FROM {fts} \
                       WHERE {fts} MATCH ? AND rowid >= COALESCE((SELECT rowid FROM {fts} \
                           WHERE {fts} MATCH ? ORDER BY rowid DESC LIMIT 1 OFFSET ?), 0) \
                       ORDER BY rank LIMIT ?) AS best \
                     JOIN {table} ON {table}.id = best.id WHERE {table}.hidden_at IS NULL \
                     ORDER BY best.rank, {table}.{weight} DESC, {table}.id DESC"
                ),
                [
                    query.clone().into(),
                    query.into(),
                    (SIMILAR_CANDIDATES - 1).into(),
                    limit.into(),
                ],
            )
        }
    };
    let ids: Vec<i64> = conn
        .query_all_raw(statement)
        .await?
        .iter()
        .map(|row| row.try_get_by_index::<i64>(0))
        .collect::<Result<_, _>>()?;
    by_ids::<E>(conn, &ids).await
}

/// Lets time lower the hot rank of the week's rows, and drops older ones to 0. Run by a
/// periodic job; returns how many rows it updated.
pub(crate) async fn refresh_hot_ranks<E: Ranked>(db: &Db) -> ApiResult<usize> {
    let now = Utc::now();
    let window_start = now - Duration::hours(HOT_WINDOW_HOURS);
    let recent: Vec<(i64, i32, DateTime<Utc>)> = E::find()
        .select_only()
        .columns([E::ID, E::UP.total, E::CREATED_AT])
        .filter(E::CREATED_AT.gt(window_start))
        .into_tuple()
        .all(&db.read)
        .await?;
    let mut updated = 0;
    for chunk in recent.chunks(500) {
        let txn = db.write.begin().await?;
        for (id, votes, created_at) in chunk {
            // Only while the count is the one read: a vote since then has set the rank
            // from its own count, which this one, older, must not overwrite.
            updated += E::update_many()
                .col_expr(E::HOT_RANK, Expr::val(hot_rank(*votes, *created_at, now)))
                .filter(E::ID.eq(*id))
                .filter(E::UP.total.eq(*votes))
                .exec(&txn)
                .await?
                .rows_affected;
        }
        txn.commit().await?;
    }
    let txn = db.write.begin().await?;
    let expired = E::update_many()
        .col_expr(E::HOT_RANK, Expr::val(0.0))
        .filter(E::CREATED_AT.lte(window_start))
        .filter(E::HOT_RANK.gt(0.0))
        .exec(&txn)
        .await?
        .rows_affected;
    txn.commit().await?;
    Ok(usize::try_from(updated + expired).unwrap_or(usize::MAX))
}

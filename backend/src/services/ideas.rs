//! Ideas: submit, edit within the window, delete while unsupported, list with keyset
//! cursors, search, suggest similar ideas, and support.

use crate::auth::CurrentUser;
use crate::db::Db;
use crate::domain::cursor::{Cursor, SortValue};
use crate::domain::ranking::{HOT_WINDOW_HOURS, hot_rank};
use crate::domain::{MarkdownBody, Title, search};
use crate::entities::{idea_supports, ideas};
use crate::error::{ApiError, ApiResult};
use crate::services::{people, themes};
use api::{
    CreateIdea, FieldErrors, FieldIssue, IDEA_BODY_MAX_CHARS, IDEA_TITLE_MAX_CHARS,
    IDEA_TITLE_MIN_CHARS, IdeaList, IdeaQuery, IdeaSort, IdeaStatus, IdeaView, LIST_LIMIT_DEFAULT,
    LIST_LIMIT_MAX, SIMILAR_MAX, SimilarIdea, SimilarIdeas, SupportView, Supports, UpdateIdea,
};
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, SimpleExpr};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseBackend, EntityTrait, FromQueryResult,
    QueryFilter, QueryOrder, QuerySelect, Set, Statement, TransactionTrait,
};
use std::collections::{HashMap, HashSet};

/// Until when an author may edit what they wrote at `created_at`.
pub fn editable_until(created_at: DateTime<Utc>) -> DateTime<Utc> {
    created_at + Duration::minutes(api::EDIT_WINDOW_MINUTES)
}

/// Refuses an edit once the window of what was written at `created_at` has closed.
pub fn ensure_editable(created_at: DateTime<Utc>) -> ApiResult<()> {
    if Utc::now() > editable_until(created_at) {
        return Err(ApiError::edit_window_closed());
    }
    Ok(())
}

/// 404 unless the idea exists.
pub async fn ensure_exists(conn: &impl ConnectionTrait, id: i64) -> ApiResult<()> {
    let found: Option<i64> = ideas::Entity::find_by_id(id)
        .select_only()
        .column(ideas::Column::Id)
        .into_tuple()
        .one(conn)
        .await?;
    found.map(|_| ()).ok_or(ApiError::NotFound)
}

/// Submits an idea. The author does not support it: counts say what others think.
#[tracing::instrument(skip_all, fields(user.id = author.user.id))]
pub async fn create(db: &Db, author: &CurrentUser, input: CreateIdea) -> ApiResult<IdeaView> {
    let mut errors = FieldErrors::default();
    let title = errors.check(
        "title",
        Title::parse(&input.title, IDEA_TITLE_MIN_CHARS, IDEA_TITLE_MAX_CHARS),
    );
    let body = errors.check(
        "body",
        MarkdownBody::parse(&input.body, IDEA_BODY_MAX_CHARS),
    );
    let theme = errors.check("theme", themes::active_id(&db.read, &input.theme).await?);
    let (Some(title), Some(body), Some(theme_id), true) = (title, body, theme, errors.is_empty())
    else {
        return Err(ApiError::Validation(errors));
    };
    let now = Utc::now();
    let idea = NewIdea {
        author_id: author.user.id,
        theme_id,
        title: title.as_str(),
        body: &body,
        status: IdeaStatus::New,
        supports: 0,
        clients: 0,
        comments: 0,
        created_at: now,
    }
    .row(now);
    let txn = db.write.begin().await?;
    let idea = idea.insert(&txn).await?;
    txn.commit().await?;
    tracing::info!(idea.id = idea.id, "idea submitted");
    get(db, Some(author), idea.id).await
}

/// A new idea as stored: what was written, and its counters (the demo and the generated
/// dataset start ideas with supports). `row` derives the search terms and the hot rank.
pub(crate) struct NewIdea<'a> {
    pub author_id: i64,
    pub theme_id: i64,
    pub title: &'a str,
    pub body: &'a MarkdownBody,
    pub status: IdeaStatus,
    pub supports: i32,
    pub clients: i32,
    pub comments: i32,
    pub created_at: DateTime<Utc>,
}

impl NewIdea<'_> {
    pub(crate) fn row(self, now: DateTime<Utc>) -> ideas::ActiveModel {
        ideas::ActiveModel {
            author_id: Set(self.author_id),
            theme_id: Set(self.theme_id),
            search_terms: Set(search_terms(self.title, self.body.source())),
            title: Set(self.title.to_owned()),
            body_markdown: Set(self.body.source().to_owned()),
            body_html: Set(self.body.html().to_owned()),
            status: Set(self.status.as_str().to_owned()),
            supports_total: Set(self.supports),
            supports_clients: Set(self.clients),
            comment_count: Set(self.comments),
            hot_rank: Set(hot_rank(self.supports, self.created_at, now)),
            created_at: Set(self.created_at),
            edited_at: Set(None),
            ..Default::default()
        }
    }
}

/// One idea, as the viewer sees it.
pub async fn get(db: &Db, viewer: Option<&CurrentUser>, id: i64) -> ApiResult<IdeaView> {
    let idea = ideas::Entity::find_by_id(id)
        .one(&db.read)
        .await?
        .ok_or(ApiError::NotFound)?;
    let mut views = views(&db.read, viewer, vec![idea]).await?;
    views.pop().ok_or(ApiError::NotFound)
}

/// Edits an idea: its author only, within the edit window.
#[tracing::instrument(skip_all, fields(user.id = author.user.id, idea.id = id))]
pub async fn update(
    db: &Db,
    author: &CurrentUser,
    id: i64,
    input: UpdateIdea,
) -> ApiResult<IdeaView> {
    let idea = own_idea(db, author, id).await?;
    ensure_editable(idea.created_at)?;
    let mut errors = FieldErrors::default();
    let title = match &input.title {
        Some(raw) => errors.check(
            "title",
            Title::parse(raw, IDEA_TITLE_MIN_CHARS, IDEA_TITLE_MAX_CHARS),
        ),
        None => None,
    };
    let body = match &input.body {
        Some(raw) => errors.check("body", MarkdownBody::parse(raw, IDEA_BODY_MAX_CHARS)),
        None => None,
    };
    let theme = match &input.theme {
        Some(slug) => errors.check("theme", themes::active_id(&db.read, slug).await?),
        None => None,
    };
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let title = title.map_or(idea.title.clone(), |t| t.as_str().to_owned());
    let (markdown, html) = body.map_or((idea.body_markdown.clone(), idea.body_html.clone()), |b| {
        (b.source().to_owned(), b.html().to_owned())
    });
    let mut active: ideas::ActiveModel = idea.clone().into();
    active.search_terms = Set(search_terms(&title, &markdown));
    active.title = Set(title);
    active.body_markdown = Set(markdown);
    active.body_html = Set(html);
    active.theme_id = Set(theme.unwrap_or(idea.theme_id));
    active.edited_at = Set(Some(Utc::now()));
    let txn = db.write.begin().await?;
    active.update(&txn).await?;
    txn.commit().await?;
    get(db, Some(author), id).await
}

/// Deletes an idea: its author only, while nobody supports it.
#[tracing::instrument(skip_all, fields(user.id = author.user.id, idea.id = id))]
pub async fn delete(db: &Db, author: &CurrentUser, id: i64) -> ApiResult<()> {
    own_idea(db, author, id).await?;
    let txn = db.write.begin().await?;
    // The condition is checked by the delete itself, so a support arriving meanwhile wins.
    let deleted = ideas::Entity::delete_many()
        .filter(ideas::Column::Id.eq(id))
        .filter(ideas::Column::SupportsTotal.eq(0))
        .exec(&txn)
        .await?
        .rows_affected;
    txn.commit().await?;
    if deleted == 0 {
        return Err(ApiError::idea_has_supports());
    }
    tracing::info!("idea deleted");
    Ok(())
}

async fn own_idea(db: &Db, author: &CurrentUser, id: i64) -> ApiResult<ideas::Model> {
    let idea = ideas::Entity::find_by_id(id)
        .one(&db.read)
        .await?
        .ok_or(ApiError::NotFound)?;
    if idea.author_id != author.user.id {
        return Err(ApiError::Forbidden);
    }
    Ok(idea)
}

/// A page of ideas in the asked order, filtered and searched.
pub async fn list(db: &Db, viewer: Option<&CurrentUser>, query: IdeaQuery) -> ApiResult<IdeaList> {
    let sort = query.sort.unwrap_or_default();
    let limit = query
        .limit
        .unwrap_or(LIST_LIMIT_DEFAULT)
        .clamp(1, LIST_LIMIT_MAX);
    let mut errors = FieldErrors::default();
    let cursor = match query.cursor.as_deref().filter(|c| !c.is_empty()) {
        Some(raw) => errors.check("cursor", Cursor::decode(raw, sort.as_str())),
        None => None,
    };
    let theme = match query.theme.as_deref().filter(|t| !t.is_empty()) {
        Some(slug) => errors.check("theme", themes::active_id(&db.read, slug).await?),
        None => None,
    };
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }

    let mut select = ideas::Entity::find();
    if let Some(theme_id) = theme {
        select = select.filter(ideas::Column::ThemeId.eq(theme_id));
    }
    if let Some(status) = query.status {
        select = select.filter(ideas::Column::Status.eq(status.as_str()));
    }
    if let Some(q) = &query.q {
        let terms = search::query_terms(q);
        if !terms.is_empty() {
            select = select.filter(matches_all(&db.read, &terms).await?);
        }
    }
    if let Some(cursor) = cursor {
        let after = match (sort, cursor.value) {
            (IdeaSort::New, SortValue::None) => ideas::Column::Id.lt(cursor.id),
            (IdeaSort::Hot, SortValue::Float(v)) => keyset_before(sort, v, cursor.id),
            (IdeaSort::Top | IdeaSort::Discussed, SortValue::Int(v)) => {
                keyset_before(sort, v, cursor.id)
            }
            _ => return Err(ApiError::field("cursor", FieldIssue::Invalid)),
        };
        select = select.filter(after);
    }
    if let Some(column) = sort_column(sort) {
        select = select.order_by_desc(column);
    }
    // Ids first, then the rows: the ordering (and, for searches, the sort of every match)
    // handles small keys, never whole rows with their bodies.
    let ids: Vec<i64> = select
        .select_only()
        .column(ideas::Column::Id)
        .order_by_desc(ideas::Column::Id)
        .limit(u64::from(limit) + 1)
        .into_tuple()
        .all(&db.read)
        .await?;
    let mut rows = by_ids(&db.read, &ids).await?;
    let next_cursor = if rows.len() > limit as usize {
        rows.truncate(limit as usize);
        rows.last()
            .map(|last| cursor_after(sort, last).encode(sort.as_str()))
    } else {
        None
    };
    Ok(IdeaList {
        items: views(&db.read, viewer, rows).await?,
        next_cursor,
    })
}

/// These ideas, in the order of `ids` (missing ones skipped).
async fn by_ids(conn: &impl ConnectionTrait, ids: &[i64]) -> ApiResult<Vec<ideas::Model>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut found: HashMap<i64, ideas::Model> = ideas::Entity::find()
        .filter(ideas::Column::Id.is_in(ids.iter().copied()))
        .all(conn)
        .await?
        .into_iter()
        .map(|idea| (idea.id, idea))
        .collect();
    Ok(ids.iter().filter_map(|id| found.remove(id)).collect())
}

fn sort_column(sort: IdeaSort) -> Option<ideas::Column> {
    match sort {
        IdeaSort::Hot => Some(ideas::Column::HotRank),
        IdeaSort::Top => Some(ideas::Column::SupportsTotal),
        IdeaSort::Discussed => Some(ideas::Column::CommentCount),
        IdeaSort::New => None,
    }
}

/// `(key, id) < (value, id)`: a row-value comparison both engines answer from the index.
fn keyset_before(sort: IdeaSort, value: impl Into<sea_orm::Value>, id: i64) -> SimpleExpr {
    // Only called for sorts with a key column; `new` compares ids alone.
    let key = sort_column(sort).unwrap_or(ideas::Column::Id);
    Expr::tuple([Expr::col(key), Expr::col(ideas::Column::Id)])
        .lt(Expr::tuple([Expr::val(value), Expr::val(id)]))
}

fn cursor_after(sort: IdeaSort, last: &ideas::Model) -> Cursor {
    let value = match sort {
        IdeaSort::Hot => SortValue::Float(last.hot_rank),
        IdeaSort::Top => SortValue::Int(i64::from(last.supports_total)),
        IdeaSort::Discussed => SortValue::Int(i64::from(last.comment_count)),
        IdeaSort::New => SortValue::None,
    };
    Cursor { value, id: last.id }
}

/// Below this many matches, a search reads the matching ideas by id; above, it walks the
/// sort's index and keeps the matches, which stops after a page as matches are dense.
const FEW_MATCHES: usize = 1_000;

/// Ideas holding every one of `terms`.
async fn matches_all(conn: &impl ConnectionTrait, terms: &[String]) -> ApiResult<SimpleExpr> {
    let backend = conn.get_database_backend();
    if backend == DatabaseBackend::Postgres {
        return Ok(Expr::cust_with_values(
            "\"ideas\".\"search_vector\" @@ to_tsquery('simple', $1)",
            [quoted(terms, '\'', " & ")],
        ));
    }
    let query = quoted(terms, '"', " ");
    let first: Vec<i64> = conn
        .query_all_raw(Statement::from_sql_and_values(
            backend,
            "SELECT rowid FROM ideas_fts WHERE ideas_fts MATCH ? LIMIT ?",
            [query.clone().into(), (FEW_MATCHES as i64 + 1).into()],
        ))
        .await?
        .iter()
        .map(|row| row.try_get_by_index::<i64>(0))
        .collect::<Result<_, _>>()?;
    if first.len() <= FEW_MATCHES {
        return Ok(ideas::Column::Id.is_in(first));
    }
    // The unary `+` keeps SQLite from probing the primary key for every match.
    Ok(Expr::cust_with_values(
        "+\"ideas\".\"id\" IN (SELECT rowid FROM ideas_fts WHERE ideas_fts MATCH ?)",
        [query],
    ))
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

/// What the search index holds for an idea.
fn search_terms(title: &str, body: &str) -> String {
    // The title counts twice, so it weighs more in the ranking of suggestions.
    format!(
        "{} {} {}",
        search::index_terms(title),
        search::index_terms(title),
        search::index_terms(body)
    )
}

/// Suggestions are ranked among at most this many of the newest matching ideas.
const SIMILAR_CANDIDATES: i64 = 2_000;

/// Up to five existing ideas that look like `q`, best match first.
pub async fn similar(db: &Db, q: &str) -> ApiResult<SimilarIdeas> {
    let terms = search::query_terms(q);
    if terms.is_empty() {
        return Ok(SimilarIdeas { items: Vec::new() });
    }
    let backend = db.read.get_database_backend();
    let limit = SIMILAR_MAX as i64;
    let statement = match backend {
        DatabaseBackend::Postgres => {
            // The last word may still be being typed: it matches as a prefix.
            let query = quoted(&terms, '\'', " | ") + ":*";
            Statement::from_sql_and_values(
                backend,
                "SELECT id, title, status, supports_total FROM ideas \
                 WHERE search_vector @@ to_tsquery('simple', $1) \
                 AND id >= COALESCE((SELECT id FROM ideas \
                     WHERE search_vector @@ to_tsquery('simple', $1) \
                     ORDER BY id DESC LIMIT 1 OFFSET $3), 0) \
                 ORDER BY ts_rank(search_vector, to_tsquery('simple', $1)) DESC, \
                 supports_total DESC, id DESC LIMIT $2",
                [query.into(), limit.into(), (SIMILAR_CANDIDATES - 1).into()],
            )
        }
        // FTS5 ranks inside its own table (bm25 over the index alone), among the newest
        // matches only, so a common word costs a bounded amount; then five rows join.
        _ => {
            // The last word may still be being typed: it matches as a prefix.
            let query = quoted(&terms, '"', " OR ") + "*";
            Statement::from_sql_and_values(
                backend,
                "SELECT ideas.id, ideas.title, ideas.status, ideas.supports_total \
                 FROM (SELECT rowid AS id, rank FROM ideas_fts WHERE ideas_fts MATCH ? \
                       AND rowid >= COALESCE((SELECT rowid FROM ideas_fts \
                           WHERE ideas_fts MATCH ? ORDER BY rowid DESC LIMIT 1 OFFSET ?), 0) \
                       ORDER BY rank LIMIT ?) AS best \
                 JOIN ideas ON ideas.id = best.id \
                 ORDER BY best.rank, ideas.supports_total DESC, ideas.id DESC",
                [
                    query.clone().into(),
                    query.into(),
                    (SIMILAR_CANDIDATES - 1).into(),
                    limit.into(),
                ],
            )
        }
    };
    let rows = SimilarRow::find_by_statement(statement)
        .all(&db.read)
        .await?;
    Ok(SimilarIdeas {
        items: rows
            .into_iter()
            .map(|row| SimilarIdea {
                id: row.id,
                title: row.title,
                status: IdeaStatus::parse(&row.status).unwrap_or_default(),
                supports: u32::try_from(row.supports_total).unwrap_or(0),
            })
            .collect(),
    })
}

#[derive(Debug, FromQueryResult)]
struct SimilarRow {
    id: i64,
    title: String,
    status: String,
    supports_total: i32,
}

/// Supports an idea; supporting twice changes nothing.
#[tracing::instrument(skip_all, fields(user.id = user.user.id, idea.id = id))]
pub async fn support(db: &Db, user: &CurrentUser, id: i64) -> ApiResult<SupportView> {
    let txn = db.write.begin().await?;
    let idea = ideas::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(ApiError::NotFound)?;
    if idea.author_id == user.user.id {
        return Err(ApiError::own_idea());
    }
    let is_client = user.user.is_client;
    let inserted = idea_supports::Entity::insert(idea_supports::ActiveModel {
        idea_id: Set(id),
        user_id: Set(user.user.id),
        is_client: Set(is_client),
        created_at: Set(Utc::now()),
    })
    .on_conflict_do_nothing_on([idea_supports::Column::IdeaId, idea_supports::Column::UserId])
    .exec_without_returning(&txn)
    .await?;
    let idea = match inserted {
        sea_orm::TryInsertResult::Inserted(n) if n > 0 => {
            count_support(&txn, id, 1, i32::from(is_client)).await?
        }
        _ => idea,
    };
    txn.commit().await?;
    Ok(SupportView {
        supports: supports_of(&idea),
        viewer_supports: true,
    })
}

/// Withdraws a support; withdrawing twice changes nothing.
#[tracing::instrument(skip_all, fields(user.id = user.user.id, idea.id = id))]
pub async fn withdraw(db: &Db, user: &CurrentUser, id: i64) -> ApiResult<SupportView> {
    let txn = db.write.begin().await?;
    let idea = ideas::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(ApiError::NotFound)?;
    let removed = idea_supports::Entity::delete_many()
        .filter(idea_supports::Column::IdeaId.eq(id))
        .filter(idea_supports::Column::UserId.eq(user.user.id))
        .exec_with_returning(&txn)
        .await?;
    let idea = match removed.first() {
        Some(support) => count_support(&txn, id, -1, -i32::from(support.is_client)).await?,
        None => idea,
    };
    txn.commit().await?;
    Ok(SupportView {
        supports: supports_of(&idea),
        viewer_supports: false,
    })
}

/// Moves the counters by `delta` in one statement (the row lock makes concurrent votes
/// queue, never overwrite each other), then stores the new hot rank.
async fn count_support(
    txn: &impl ConnectionTrait,
    id: i64,
    delta: i32,
    client_delta: i32,
) -> ApiResult<ideas::Model> {
    let updated = ideas::Entity::update_many()
        .col_expr(
            ideas::Column::SupportsTotal,
            Expr::col(ideas::Column::SupportsTotal).add(delta),
        )
        .col_expr(
            ideas::Column::SupportsClients,
            Expr::col(ideas::Column::SupportsClients).add(client_delta),
        )
        .filter(ideas::Column::Id.eq(id))
        .exec_with_returning(txn)
        .await?;
    let mut idea = updated.into_iter().next().ok_or(ApiError::NotFound)?;
    let rank = hot_rank(idea.supports_total, idea.created_at, Utc::now());
    ideas::Entity::update_many()
        .col_expr(ideas::Column::HotRank, Expr::val(rank))
        .filter(ideas::Column::Id.eq(id))
        .exec(txn)
        .await?;
    idea.hot_rank = rank;
    Ok(idea)
}

/// Lets time lower the hot rank of the week's ideas, and drops older ones to 0. Run by a
/// periodic job; returns how many ideas it updated.
pub async fn refresh_hot_ranks(db: &Db) -> ApiResult<usize> {
    let now = Utc::now();
    let window_start = now - Duration::hours(HOT_WINDOW_HOURS);
    let recent: Vec<(i64, i32, DateTime<Utc>)> = ideas::Entity::find()
        .select_only()
        .columns([
            ideas::Column::Id,
            ideas::Column::SupportsTotal,
            ideas::Column::CreatedAt,
        ])
        .filter(ideas::Column::CreatedAt.gt(window_start))
        .into_tuple()
        .all(&db.read)
        .await?;
    let mut updated = 0;
    for chunk in recent.chunks(500) {
        let txn = db.write.begin().await?;
        for (id, supports, created_at) in chunk {
            ideas::Entity::update_many()
                .col_expr(
                    ideas::Column::HotRank,
                    Expr::val(hot_rank(*supports, *created_at, now)),
                )
                .filter(ideas::Column::Id.eq(*id))
                .exec(&txn)
                .await?;
        }
        txn.commit().await?;
        updated += chunk.len();
    }
    let txn = db.write.begin().await?;
    let expired = ideas::Entity::update_many()
        .col_expr(ideas::Column::HotRank, Expr::val(0.0))
        .filter(ideas::Column::CreatedAt.lte(window_start))
        .filter(ideas::Column::HotRank.gt(0.0))
        .exec(&txn)
        .await?
        .rows_affected;
    txn.commit().await?;
    Ok(updated + expired as usize)
}

fn supports_of(idea: &ideas::Model) -> Supports {
    let total = u32::try_from(idea.supports_total).unwrap_or(0);
    let clients = u32::try_from(idea.supports_clients).unwrap_or(0);
    Supports {
        total,
        clients,
        non_clients: total.saturating_sub(clients),
    }
}

/// The views of these ideas, in their order: their authors, themes and the viewer's
/// supports are loaded once for the whole page. (The six theme slugs are a separate tiny
/// query: measured, joining the theme to every row was slower.)
async fn views(
    conn: &impl ConnectionTrait,
    viewer: Option<&CurrentUser>,
    rows: Vec<ideas::Model>,
) -> ApiResult<Vec<IdeaView>> {
    let authors = people::authors(conn, rows.iter().map(|i| i.author_id)).await?;
    let slugs = themes::slugs(conn).await?;
    let supported: HashSet<i64> = match viewer {
        Some(viewer) if !rows.is_empty() => idea_supports::Entity::find()
            .select_only()
            .column(idea_supports::Column::IdeaId)
            .filter(idea_supports::Column::UserId.eq(viewer.user.id))
            .filter(idea_supports::Column::IdeaId.is_in(rows.iter().map(|i| i.id)))
            .into_tuple::<i64>()
            .all(conn)
            .await?
            .into_iter()
            .collect(),
        _ => HashSet::new(),
    };
    Ok(rows
        .into_iter()
        .map(|idea| view(idea, &authors, &slugs, &supported))
        .collect())
}

fn view(
    idea: ideas::Model,
    authors: &HashMap<i64, api::AuthorView>,
    slugs: &HashMap<i64, String>,
    supported: &HashSet<i64>,
) -> IdeaView {
    IdeaView {
        supports: supports_of(&idea),
        author: authors
            .get(&idea.author_id)
            .cloned()
            .unwrap_or_else(|| people::unknown_author(idea.author_id)),
        theme: slugs.get(&idea.theme_id).cloned().unwrap_or_default(),
        status: IdeaStatus::parse(&idea.status).unwrap_or_default(),
        comment_count: u32::try_from(idea.comment_count).unwrap_or(0),
        viewer_supports: supported.contains(&idea.id),
        editable_until: editable_until(idea.created_at),
        id: idea.id,
        title: idea.title,
        body_html: idea.body_html,
        body_markdown: idea.body_markdown,
        created_at: idea.created_at,
        edited_at: idea.edited_at,
    }
}

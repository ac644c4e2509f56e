//! What ideas and questions do alike, written once: reading one as the viewer may, the
//! author's edit of its title, body and theme, and a page of a list (theme, search words,
//! keyset cursor by the chosen order). Each differs only in data: its table's columns
//! ([`Thread`]), its orders' keys and its own filters (an idea's status, a question's
//! answered state), which the caller passes in.

use crate::content::drafts::{Bounds, Edit, Stored, ensure_editable};
use crate::content::listing::{self, Matches, Ranked};
use crate::content::visibility;
use crate::content::votes::read;
use crate::domain::cursor::{Cursor, SortValue};
use crate::domain::search;
use crate::platform::auth::CurrentUser;
use crate::platform::db::Db;
use crate::platform::error::{ApiError, ApiResult};
use crate::platform::read::Read;
use crate::themes;
use api::{FieldErrors, FieldIssue};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, QueryFilter, QueryOrder, QuerySelect, Select, TransactionTrait};
use serde::Deserialize;

/// A table of threads: the columns every idea and question has.
pub(crate) trait Thread: Ranked {
    const AUTHOR: Self::Column;
    const HIDDEN_AT: Self::Column;
    const THEME: Self::Column;
    const TITLE: Self::Column;
    const BODY_MARKDOWN: Self::Column;
    const BODY_HTML: Self::Column;
    const SEARCH_TERMS: Self::Column;
    const EDITED_AT: Self::Column;
}

/// The thread `id`, if the viewer may read it (hidden ones: their author and the team).
pub(crate) async fn readable<E: Thread>(
    conn: &impl Read,
    viewer: Option<&CurrentUser>,
    id: i64,
) -> ApiResult<E::Model> {
    let row = conn
        .one(E::find().filter(E::ID.eq(id)))
        .await?
        .ok_or(ApiError::NotFound)?;
    let hidden_at = read::<E, Option<DateTime<Utc>>>(&row, E::HIDDEN_AT)?;
    if visibility::can_read(viewer, read::<E, i64>(&row, E::AUTHOR)?, hidden_at) {
        Ok(row)
    } else {
        Err(ApiError::NotFound)
    }
}

/// The author's edit of a thread's title, body and theme (those given), within the edit
/// window; 403 for anybody else.
pub(crate) async fn edit<E: Thread>(
    db: &Db,
    author: &CurrentUser,
    id: i64,
    bounds: Bounds,
    input: (Option<&str>, Option<&str>, Option<&str>),
) -> ApiResult<()> {
    let row = E::find()
        .filter(E::ID.eq(id))
        .one(&db.read)
        .await?
        .ok_or(ApiError::NotFound)?;
    if read::<E, i64>(&row, E::AUTHOR)? != author.user.id {
        return Err(ApiError::Forbidden);
    }
    ensure_editable(read::<E, DateTime<Utc>>(&row, E::CREATED_AT)?)?;
    let (title, body, theme) = input;
    let edit = Edit::parse(&db.read, bounds, title, body, theme).await?;
    let text = edit.apply(Stored {
        title: read::<E, String>(&row, E::TITLE)?,
        markdown: read::<E, String>(&row, E::BODY_MARKDOWN)?,
        html: read::<E, String>(&row, E::BODY_HTML)?,
        theme_id: read::<E, i64>(&row, E::THEME)?,
    });
    let txn = db.write.begin().await?;
    E::update_many()
        .col_expr(E::SEARCH_TERMS, Expr::val(text.search_terms()))
        .col_expr(E::TITLE, Expr::val(text.title))
        .col_expr(E::BODY_MARKDOWN, Expr::val(text.markdown))
        .col_expr(E::BODY_HTML, Expr::val(text.html))
        .col_expr(E::THEME, Expr::val(text.theme_id))
        .col_expr(E::EDITED_AT, Expr::val(Some(Utc::now())))
        .filter(E::ID.eq(id))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// How a list is ordered: by id alone (newest first), or by a key column, newest first
/// among equals.
/// `?q=`: the title being typed, for the threads like it (ideas or questions).
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SimilarQuery {
    /// The title being typed.
    pub q: String,
}

#[derive(Debug, Clone, Copy)]
pub(crate) enum Order<C> {
    Newest,
    ByInt(C),
    ByFloat(C),
}

/// What a page of a list asks for, as it came.
pub(crate) struct PageQuery<'a> {
    /// The order's name, which its cursors carry.
    pub sort: &'a str,
    pub cursor: Option<&'a str>,
    pub theme: Option<&'a str>,
    pub q: Option<&'a str>,
    pub limit: Option<u32>,
}

/// A page of rows and the cursor of the next one.
pub(crate) struct Page<M> {
    pub rows: Vec<M>,
    pub next_cursor: Option<String>,
}

/// A page of the visible threads of `E` in `order`, restricted by `only` (the kind's own
/// filters), by theme and by search words. Ids are sorted first and the rows read after,
/// so the ordering handles small keys, never whole rows with their bodies.
pub(crate) async fn page<E: Thread>(
    db: &Db,
    query: PageQuery<'_>,
    order: Order<E::Column>,
    only: impl FnOnce(Select<E>) -> Select<E>,
) -> ApiResult<Page<E::Model>> {
    let limit = listing::page_limit(query.limit)?;
    let reader = db.reader();
    let mut errors = FieldErrors::default();
    let cursor = match query.cursor.filter(|c| !c.is_empty()) {
        Some(raw) => errors.check("cursor", Cursor::decode(raw, query.sort)),
        None => None,
    };
    let theme = match query.theme.filter(|t| !t.is_empty()) {
        Some(slug) => errors.check("theme", themes::active_id(&reader, slug).await?),
        None => None,
    };
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }

    let mut select = only(E::find().filter(E::HIDDEN_AT.is_null()));
    if let Some(theme_id) = theme {
        select = select.filter(E::THEME.eq(theme_id));
    }
    let wanted = u64::from(limit) + 1;
    let mut dense = None;
    if let Some(q) = query.q {
        let terms = search::query_terms(q);
        if !terms.is_empty() {
            match listing::matches_all::<E>(&reader, &terms, wanted).await? {
                Matches::Filter(filter) => select = select.filter(filter),
                Matches::Dense(filter) => dense = Some((terms, filter)),
            }
        }
    }
    if let Some(cursor) = cursor {
        let after = match (order, cursor.value) {
            (Order::Newest, SortValue::None) => E::ID.lt(cursor.id),
            (Order::ByFloat(key), SortValue::Float(v)) => {
                listing::keyset_before(key, E::ID, v, cursor.id)
            }
            (Order::ByInt(key), SortValue::Int(v)) => {
                listing::keyset_before(key, E::ID, v, cursor.id)
            }
            _ => return Err(ApiError::field("cursor", FieldIssue::Invalid)),
        };
        select = select.filter(after);
    }
    match order {
        Order::ByInt(key) | Order::ByFloat(key) => select = select.order_by_desc(key),
        Order::Newest => {}
    }
    let mut select = select.order_by_desc(E::ID);
    let mut walked = None;
    if let Some((terms, filter)) = dense {
        walked = listing::walk(&reader, select.clone(), E::SEARCH_TERMS, &terms, wanted).await?;
        if walked.is_none() {
            select = select.filter(filter);
        }
    }
    let ids: Vec<i64> = match walked {
        Some(ids) => ids,
        None => {
            reader
                .tuples(&select.select_only().column(E::ID).limit(wanted))
                .await?
        }
    };
    let mut rows = listing::by_ids::<E>(&reader, &ids).await?;
    let next_cursor = if rows.len() > limit as usize {
        rows.truncate(limit as usize);
        match rows.last() {
            Some(last) => {
                let value = match order {
                    Order::Newest => SortValue::None,
                    Order::ByInt(key) => SortValue::Int(i64::from(read::<E, i32>(last, key)?)),
                    Order::ByFloat(key) => SortValue::Float(read::<E, f64>(last, key)?),
                };
                let id = read::<E, i64>(last, E::ID)?;
                Some(Cursor { value, id }.encode(query.sort))
            }
            None => None,
        }
    } else {
        None
    };
    Ok(Page { rows, next_cursor })
}

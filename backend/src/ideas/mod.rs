//! Ideas: submit, edit within the window, delete while unsupported, list with keyset
//! cursors, search, suggest similar ideas, and support.

pub mod routes;

use utoipa_actix_web::service_config::ServiceConfig;

/// Registers this slice's routes under `/api/v1`, each with its OpenAPI description.
pub fn register(cfg: &mut ServiceConfig) {
    cfg.service(routes::similar_ideas)
        .service(routes::list_ideas)
        .service(routes::create_idea)
        .service(routes::get_idea)
        .service(routes::update_idea)
        .service(routes::delete_idea)
        .service(routes::support_idea)
        .service(routes::withdraw_support);
}

use crate::content::drafts::{Bounds, Draft, editable_until};
use crate::content::follows;
use crate::content::listing::{self, search_terms};
use crate::content::people;
use crate::content::threads::{self, Order, PageQuery};
use crate::content::visibility;
use crate::content::votes::{self, segments};
use crate::domain::MarkdownBody;
use crate::domain::ranking::hot_rank;
use crate::entities::{idea_supports, ideas};
use crate::notifications;
use crate::platform::auth::CurrentUser;
use crate::platform::cache::ReadCache;
use crate::platform::db::Db;
use crate::platform::error::{ApiError, ApiResult};
use crate::platform::overlay::Overlay;
use crate::platform::read::Read;
use crate::themes;
use api::{
    CreateIdea, FollowTarget, IDEA_BODY_MAX_CHARS, IDEA_TITLE_MAX_CHARS, IDEA_TITLE_MIN_CHARS,
    IdeaList, IdeaQuery, IdeaSort, IdeaStatus, IdeaView, NotificationKind, SIMILAR_MAX,
    SimilarIdea, SimilarIdeas, SupportView, UpdateIdea,
};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set, TransactionTrait,
};
use std::collections::{HashMap, HashSet};

/// The bounds of an idea's title and body.
const BOUNDS: Bounds = Bounds {
    title_min: IDEA_TITLE_MIN_CHARS,
    title_max: IDEA_TITLE_MAX_CHARS,
    body_max: IDEA_BODY_MAX_CHARS,
};

/// The idea, if the viewer may read it (hidden ideas: their author and the team).
pub(crate) async fn readable(
    conn: &impl Read,
    viewer: Option<&CurrentUser>,
    id: i64,
) -> ApiResult<ideas::Model> {
    threads::readable::<ideas::Entity>(conn, viewer, id).await
}

/// 404 unless the viewer may read the idea; 409 unless it takes new comments (it is
/// neither locked nor merged into another).
pub(crate) async fn ensure_open(
    conn: &impl ConnectionTrait,
    viewer: &CurrentUser,
    id: i64,
) -> ApiResult<()> {
    let idea = readable(conn, Some(viewer), id).await?;
    if idea.merged_into_id.is_some() {
        return Err(ApiError::idea_merged());
    }
    if idea.locked_at.is_some() {
        return Err(ApiError::thread_locked());
    }
    Ok(())
}

/// Submits an idea. The author does not support it: counts say what others think.
#[tracing::instrument(skip_all, fields(user.id = author.user.id))]
pub async fn create(db: &Db, author: &CurrentUser, input: CreateIdea) -> ApiResult<IdeaView> {
    let Draft {
        title,
        body,
        theme_id,
    } = Draft::parse(&db.read, BOUNDS, &input.title, &input.body, &input.theme).await?;
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
    follows::add(&txn, author.user.id, FollowTarget::Idea, idea.id).await?;
    let theme_followers = follows::followers(&txn, FollowTarget::Theme, theme_id).await?;
    notifications::notify(
        &txn,
        theme_followers
            .into_iter()
            .filter(|id| *id != author.user.id),
        NotificationKind::IdeaPosted,
        idea.id,
        &idea.title,
    )
    .await?;
    txn.commit().await?;
    tracing::info!(idea.id = idea.id, "idea submitted");
    get(db, Some(author), idea.id).await
}

/// A new idea as stored: what was written, and its counters (the demo and the generated
/// dataset start ideas with supports). `row` derives the search terms and the hot rank.
pub struct NewIdea<'a> {
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
    pub fn row(self, now: DateTime<Utc>) -> ideas::ActiveModel {
        ideas::ActiveModel {
            author_id: Set(self.author_id),
            theme_id: Set(self.theme_id),
            search_terms: Set(search_terms(self.title, self.body.source())),
            title: Set(self.title.to_owned()),
            body_markdown: Set(self.body.source().to_owned()),
            body_html: Set(self.body.html().to_owned()),
            status: Set(self.status),
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
    let reader = db.reader();
    let idea = readable(&reader, viewer, id).await?;
    let mut view = views(&reader, viewer, vec![idea])
        .await?
        .pop()
        .ok_or(ApiError::NotFound)?;
    if let Some(viewer) = viewer {
        view.viewer_follows =
            follows::follows(&reader, viewer.user.id, FollowTarget::Idea, id).await?;
    }
    Ok(view)
}

/// One idea for the page that asked: a visitor's as `get` makes it (the read cache keeps
/// the bytes); a signed-in person's from the view everyone gets of a visible idea, kept in
/// the read cache, with their own support and follow laid over it (kept per person, and
/// dropped when they write: see `platform::viewers`). A hidden idea, which
/// only its author and the team may read, is read in full.
pub async fn read(
    db: &Db,
    cache: &ReadCache,
    viewer: Option<&CurrentUser>,
    id: i64,
) -> ApiResult<IdeaView> {
    let Some(viewer) = viewer else {
        return get(db, None, id).await;
    };
    let public = match cache.shared(format!("idea/{id}"), get(db, None, id)).await {
        Ok(public) => public,
        Err(ApiError::NotFound) => return get(db, Some(viewer), id).await,
        Err(error) => return Err(error),
    };
    let mut view = IdeaView::clone(&public);
    let me = viewer.user.id;
    view.viewer_supports = !supported_kept(db, cache, me, &[id]).await?.is_empty();
    view.viewer_follows =
        follows::follows_kept(&db.reader(), &cache.viewers, me, FollowTarget::Idea, id).await?;
    Ok(view)
}

/// A page of ideas for the person who asked, as JSON: the same page for everyone (lists
/// leave hidden ideas out), kept serialized in the read cache for signed-in people, with
/// the supports of the viewer among them laid over it.
pub async fn read_list(
    db: &Db,
    cache: &ReadCache,
    viewer: Option<&CurrentUser>,
    query: IdeaQuery,
) -> ApiResult<Vec<u8>> {
    let Some(viewer) = viewer else {
        let page = list(db, None, query).await?;
        return serde_json::to_vec(&page).map_err(|e| ApiError::Internal(e.into()));
    };
    let key = format!("ideas/{query:?}");
    let page = cache
        .shared(key, async {
            let page = list(db, None, query).await?;
            let ids = page.items.iter().map(|i| i.id).collect();
            Overlay::new(&page, ids, "viewer_supports")
        })
        .await?;
    let supported = supported_kept(db, cache, viewer.user.id, page.ids()).await?;
    page.json(|id| supported.contains_key(&id))
}

/// Edits an idea: its author only, within the edit window.
#[tracing::instrument(skip_all, fields(user.id = author.user.id, idea.id = id))]
pub async fn update(
    db: &Db,
    author: &CurrentUser,
    id: i64,
    input: UpdateIdea,
) -> ApiResult<IdeaView> {
    let fields = (
        input.title.as_deref(),
        input.body.as_deref(),
        input.theme.as_deref(),
    );
    threads::edit::<ideas::Entity>(db, author, id, BOUNDS, fields).await?;
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
    let order = match sort {
        IdeaSort::Hot => Order::ByFloat(ideas::Column::HotRank),
        IdeaSort::Top => Order::ByInt(ideas::Column::SupportsTotal),
        IdeaSort::Discussed => Order::ByInt(ideas::Column::CommentCount),
        IdeaSort::New => Order::Newest,
    };
    let asked = PageQuery {
        sort: sort.as_str(),
        cursor: query.cursor.as_deref(),
        theme: query.theme.as_deref(),
        q: query.q.as_deref(),
        limit: query.limit,
    };
    let status = query.status;
    let page = threads::page::<ideas::Entity>(db, asked, order, |select| match status {
        Some(status) => select.filter(ideas::Column::Status.eq(status)),
        None => select,
    })
    .await?;
    Ok(IdeaList {
        items: views(&db.reader(), viewer, page.rows).await?,
        next_cursor: page.next_cursor,
    })
}

/// Up to five existing ideas that look like `q`, best match first.
pub async fn similar(db: &Db, q: &str) -> ApiResult<SimilarIdeas> {
    let rows = listing::similar::<ideas::Entity>(&db.read, q, SIMILAR_MAX).await?;
    Ok(SimilarIdeas {
        items: rows
            .into_iter()
            .map(|row| SimilarIdea {
                id: row.id,
                title: row.title,
                status: row.status,
                supports: u32::try_from(row.supports_total).unwrap_or(0),
            })
            .collect(),
    })
}

/// Supports an idea; supporting twice changes nothing.
#[tracing::instrument(skip_all, fields(user.id = user.user.id, idea.id = id))]
pub async fn support(db: &Db, user: &CurrentUser, id: i64) -> ApiResult<SupportView> {
    let idea =
        votes::cast_on::<idea_supports::Entity, ideas::Entity>(db, user, id, 1, |user, idea| {
            if !visibility::can_read(Some(user), idea.author_id, idea.hidden_at) {
                return Err(ApiError::NotFound);
            }
            if idea.author_id == user.user.id {
                return Err(ApiError::own_idea());
            }
            if idea.merged_into_id.is_some() {
                return Err(ApiError::idea_merged());
            }
            Ok(())
        })
        .await?;
    Ok(SupportView {
        supports: supports_of(&idea),
        viewer_supports: true,
    })
}

/// Withdraws a support; withdrawing twice changes nothing.
#[tracing::instrument(skip_all, fields(user.id = user.user.id, idea.id = id))]
pub async fn withdraw(db: &Db, user: &CurrentUser, id: i64) -> ApiResult<SupportView> {
    let idea = votes::withdraw_on::<idea_supports::Entity, ideas::Entity>(db, user, id).await?;
    Ok(SupportView {
        supports: supports_of(&idea),
        viewer_supports: false,
    })
}

fn supports_of(idea: &ideas::Model) -> api::Supports {
    segments(idea.supports_total, idea.supports_clients)
}

/// The views of these ideas, in their order: their authors, themes and the viewer's
/// supports are loaded once for the whole page. (The six theme slugs are a separate tiny
/// query: measured, joining the theme to every row was slower.)
async fn views(
    conn: &impl Read,
    viewer: Option<&CurrentUser>,
    rows: Vec<ideas::Model>,
) -> ApiResult<Vec<IdeaView>> {
    let authors = people::authors(conn, rows.iter().map(|i| i.author_id)).await?;
    let slugs = themes::slugs(conn).await?;
    let supported = match viewer {
        Some(viewer) => supported(conn, viewer, rows.iter().map(|i| i.id)).await?,
        None => HashSet::new(),
    };
    Ok(rows
        .into_iter()
        .map(|idea| view(idea, viewer, &authors, &slugs, &supported))
        .collect())
}

/// Which of these ideas the viewer supports.
async fn supported(
    conn: &impl Read,
    viewer: &CurrentUser,
    ids: impl IntoIterator<Item = i64>,
) -> ApiResult<HashSet<i64>> {
    let ids: Vec<i64> = ids.into_iter().collect();
    let votes = votes::of_viewer::<idea_supports::Entity>(conn, viewer.user.id, &ids).await?;
    Ok(votes.into_keys().collect())
}

/// Which of these ideas the viewer supports, from their supports kept in the read cache.
async fn supported_kept(
    db: &Db,
    cache: &ReadCache,
    viewer: i64,
    ids: &[i64],
) -> ApiResult<HashMap<i64, i16>> {
    votes::of_viewer_kept::<idea_supports::Entity>(&db.reader(), &cache.viewers, viewer, ids).await
}

fn view(
    idea: ideas::Model,
    viewer: Option<&CurrentUser>,
    authors: &people::Authors,
    slugs: &HashMap<i64, String>,
    supported: &HashSet<i64>,
) -> IdeaView {
    IdeaView {
        supports: supports_of(&idea),
        author: authors.of(idea.author_id),
        theme: slugs.get(&idea.theme_id).cloned().unwrap_or_default(),
        status: idea.status,
        comment_count: u32::try_from(idea.comment_count).unwrap_or(0),
        viewer_supports: supported.contains(&idea.id),
        viewer_follows: false,
        editable_until: editable_until(idea.created_at),
        hidden: visibility::hidden_view(
            viewer,
            idea.author_id,
            idea.hidden_at,
            idea.hidden_reason.as_deref(),
        ),
        locked: idea.locked_at.is_some(),
        merged_into: idea.merged_into_id,
        id: idea.id,
        title: idea.title,
        body_html: idea.body_html,
        body_markdown: idea.body_markdown,
        created_at: idea.created_at,
        edited_at: idea.edited_at,
    }
}

//! Comments on ideas: one level of replies, an edit window, and deletion that keeps a
//! "deleted" placeholder while replies hang from it.

pub mod helpful;
pub mod routes;

use utoipa_actix_web::service_config::ServiceConfig;

/// Registers this slice's routes under `/api/v1`, each with its OpenAPI description.
pub fn register(cfg: &mut ServiceConfig) {
    cfg.service(routes::list_comments)
        .service(routes::create_comment)
        .service(routes::update_comment)
        .service(routes::delete_comment)
        .service(routes::mark_comment_helpful)
        .service(routes::unmark_comment_helpful);
}

use crate::content::drafts::{editable_until, ensure_editable};
use crate::content::follows;
use crate::content::people;
use crate::content::visibility;
use crate::content::votes;
use crate::content::votes::segments;
use crate::domain::MarkdownBody;
use crate::entities::{self, comment_votes, comments};
use crate::ideas;
use crate::notifications;
use crate::platform::auth::CurrentUser;
use crate::platform::db::Db;
use crate::platform::error::{ApiError, ApiResult};
use crate::platform::read::Read;
use api::{
    COMMENT_BODY_MAX_CHARS, CommentList, CommentView, CreateComment, FieldIssue, FollowTarget,
    NotificationKind, UpdateComment,
};
use chrono::Utc;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, TransactionTrait,
};
use std::collections::HashMap;

/// At most this many comments are listed for one idea (oldest first).
const MAX_LISTED: u64 = 1_000;

/// The comments of an idea, threaded.
pub async fn list(db: &Db, viewer: Option<&CurrentUser>, idea_id: i64) -> ApiResult<CommentList> {
    let reader = db.reader();
    ideas::readable(&reader, viewer, idea_id).await?;
    let rows = reader
        .models(
            comments::Entity::find()
                .filter(comments::Column::IdeaId.eq(idea_id))
                .order_by_asc(comments::Column::Id)
                .limit(MAX_LISTED),
        )
        .await?;
    let authors = people::authors(&reader, rows.iter().map(|c| c.author_id)).await?;
    let ids: Vec<i64> = rows.iter().map(|c| c.id).collect();
    let helpful = match viewer {
        Some(viewer) => {
            votes::of_viewer::<comment_votes::Entity>(&reader, viewer.user.id, &ids).await?
        }
        None => HashMap::new(),
    };
    let mut top: Vec<CommentView> = Vec::new();
    let mut replies: HashMap<i64, Vec<CommentView>> = HashMap::new();
    for row in rows {
        let parent = row.parent_id;
        let marked = helpful.contains_key(&row.id);
        let view = view(row, viewer, &authors, marked);
        match parent {
            Some(parent) => replies.entry(parent).or_default().push(view),
            None => top.push(view),
        }
    }
    for comment in &mut top {
        comment.replies = replies.remove(&comment.id).unwrap_or_default();
    }
    Ok(CommentList {
        items: top,
        next_cursor: None,
    })
}

/// Comments on an idea, or replies to a top-level comment of it.
#[tracing::instrument(skip_all, fields(user.id = author.user.id, idea.id = idea_id))]
pub async fn create(
    db: &Db,
    author: &CurrentUser,
    idea_id: i64,
    input: CreateComment,
) -> ApiResult<CommentView> {
    ideas::ensure_open(&db.read, author, idea_id).await?;
    let body = MarkdownBody::parse(&input.body, COMMENT_BODY_MAX_CHARS)
        .map_err(|issue| ApiError::field("body", issue))?;
    let mut replied_to = None;
    if let Some(parent_id) = input.parent_id {
        let parent = comments::Entity::find_by_id(parent_id)
            .one(&db.read)
            .await?;
        // Replies go one level deep, under a live, visible comment of the same idea.
        let fits = parent.as_ref().is_some_and(|p| {
            p.idea_id == idea_id
                && p.parent_id.is_none()
                && p.deleted_at.is_none()
                && p.hidden_at.is_none()
        });
        if !fits {
            return Err(ApiError::field("parent_id", FieldIssue::Invalid));
        }
        replied_to = parent
            .map(|p| p.author_id)
            .filter(|id| *id != author.user.id);
    }
    let txn = db.write.begin().await?;
    let comment = comments::ActiveModel {
        idea_id: Set(idea_id),
        parent_id: Set(input.parent_id),
        author_id: Set(author.user.id),
        body_markdown: Set(body.source().to_owned()),
        body_html: Set(body.html().to_owned()),
        created_at: Set(Utc::now()),
        edited_at: Set(None),
        deleted_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let idea = count_comments(&txn, idea_id, 1).await?;
    notifications::notify(
        &txn,
        replied_to,
        NotificationKind::CommentReplied,
        idea_id,
        &idea.title,
    )
    .await?;
    let followers = follows::followers(&txn, FollowTarget::Idea, idea_id).await?;
    notifications::notify(
        &txn,
        followers
            .into_iter()
            .filter(|id| *id != author.user.id && Some(*id) != replied_to),
        NotificationKind::IdeaCommented,
        idea_id,
        &idea.title,
    )
    .await?;
    txn.commit().await?;
    tracing::info!(comment.id = comment.id, "comment posted");
    let authors = people::authors(&db.read, [comment.author_id]).await?;
    // Authors do not mark their own comment helpful.
    Ok(view(comment, Some(author), &authors, false))
}

/// Edits a comment: its author only, within the edit window.
#[tracing::instrument(skip_all, fields(user.id = author.user.id, comment.id = id))]
pub async fn update(
    db: &Db,
    author: &CurrentUser,
    id: i64,
    input: UpdateComment,
) -> ApiResult<CommentView> {
    let comment = own_comment(db, author, id).await?;
    ensure_editable(comment.created_at)?;
    let body = MarkdownBody::parse(&input.body, COMMENT_BODY_MAX_CHARS)
        .map_err(|issue| ApiError::field("body", issue))?;
    let mut active: comments::ActiveModel = comment.into();
    active.body_markdown = Set(body.source().to_owned());
    active.body_html = Set(body.html().to_owned());
    active.edited_at = Set(Some(Utc::now()));
    let txn = db.write.begin().await?;
    let comment = active.update(&txn).await?;
    txn.commit().await?;
    let authors = people::authors(&db.read, [comment.author_id]).await?;
    // Authors do not mark their own comment helpful.
    Ok(view(comment, Some(author), &authors, false))
}

/// Deletes a comment: its author only. One with replies stays as "deleted" so the
/// conversation still reads; the last reply under such a placeholder takes it along.
#[tracing::instrument(skip_all, fields(user.id = author.user.id, comment.id = id))]
pub async fn delete(db: &Db, author: &CurrentUser, id: i64) -> ApiResult<()> {
    let comment = own_comment(db, author, id).await?;
    let txn = db.write.begin().await?;
    let replies = comments::Entity::find()
        .filter(comments::Column::ParentId.eq(id))
        .count(&txn)
        .await?;
    if replies > 0 {
        comments::Entity::update_many()
            .col_expr(comments::Column::DeletedAt, Expr::val(Utc::now()))
            .col_expr(comments::Column::BodyMarkdown, Expr::val(""))
            .col_expr(comments::Column::BodyHtml, Expr::val(""))
            .filter(comments::Column::Id.eq(id))
            .exec(&txn)
            .await?;
    } else {
        comments::Entity::delete_by_id(id).exec(&txn).await?;
        if let Some(parent_id) = comment.parent_id {
            let siblings = comments::Entity::find()
                .filter(comments::Column::ParentId.eq(parent_id))
                .count(&txn)
                .await?;
            if siblings == 0 {
                comments::Entity::delete_many()
                    .filter(comments::Column::Id.eq(parent_id))
                    .filter(comments::Column::DeletedAt.is_not_null())
                    .exec(&txn)
                    .await?;
            }
        }
    }
    count_comments(&txn, comment.idea_id, -1).await?;
    txn.commit().await?;
    tracing::info!("comment deleted");
    Ok(())
}

async fn own_comment(db: &Db, author: &CurrentUser, id: i64) -> ApiResult<comments::Model> {
    let comment = comments::Entity::find_by_id(id)
        .one(&db.read)
        .await?
        .filter(|c| c.deleted_at.is_none())
        .ok_or(ApiError::NotFound)?;
    if comment.author_id != author.user.id {
        return Err(ApiError::Forbidden);
    }
    Ok(comment)
}

/// `comment_count` counts live comments and replies; the idea as updated.
async fn count_comments(
    txn: &impl ConnectionTrait,
    idea_id: i64,
    delta: i32,
) -> ApiResult<entities::ideas::Model> {
    entities::ideas::Entity::update_many()
        .col_expr(
            entities::ideas::Column::CommentCount,
            Expr::col(entities::ideas::Column::CommentCount).add(delta),
        )
        .filter(entities::ideas::Column::Id.eq(idea_id))
        .exec_with_returning(txn)
        .await?
        .into_iter()
        .next()
        .ok_or(ApiError::NotFound)
}

/// A comment as the viewer sees it: a hidden one keeps its place in the thread (its
/// replies still read), but only its author and the team see what it said, and why it
/// was hidden.
fn view(
    comment: comments::Model,
    viewer: Option<&CurrentUser>,
    authors: &people::Authors,
    viewer_helpful: bool,
) -> CommentView {
    let deleted = comment.deleted_at.is_some();
    let readable = visibility::can_read(viewer, comment.author_id, comment.hidden_at);
    let (body_html, body_markdown) = if readable {
        (comment.body_html, comment.body_markdown)
    } else {
        (String::new(), String::new())
    };
    CommentView {
        id: comment.id,
        idea_id: comment.idea_id,
        parent_id: comment.parent_id,
        author: (!deleted && readable).then(|| authors.of(comment.author_id)),
        hidden: visibility::hidden_view(
            viewer,
            comment.author_id,
            comment.hidden_at,
            comment.hidden_reason.as_deref(),
        ),
        body_html,
        body_markdown,
        deleted,
        editable_until: editable_until(comment.created_at),
        created_at: comment.created_at,
        edited_at: comment.edited_at,
        helpful: segments(comment.helpful_total, comment.helpful_clients),
        viewer_helpful,
        replies: Vec::new(),
    }
}

//! `PUT`/`DELETE /api/v1/comments/{id}/vote`: members mark a comment helpful, clients and
//! non-clients counted apart, through the one vote mechanism (`content::votes`).

use crate::content::{visibility, votes};
use crate::entities::{comment_votes, comments};
use crate::ideas;
use crate::platform::auth::CurrentUser;
use crate::platform::db::Db;
use crate::platform::error::{ApiError, ApiResult};
use api::CommentVoteView;
use sea_orm::{EntityTrait, QuerySelect};

/// Marks a comment helpful; marking it twice changes nothing. Not one's own, not a
/// deleted one, and only where the viewer can read it and its idea.
#[tracing::instrument(skip_all, fields(user.id = user.user.id, comment.id = id))]
pub async fn mark(db: &Db, user: &CurrentUser, id: i64) -> ApiResult<CommentVoteView> {
    // The idea is checked on a reading connection, not on the vote writer that serves every
    // vote in turn: a comment never moves to another idea.
    let idea_id: i64 = comments::Entity::find_by_id(id)
        .select_only()
        .column(comments::Column::IdeaId)
        .into_tuple()
        .one(&db.read)
        .await?
        .ok_or(ApiError::NotFound)?;
    ideas::readable(&db.read, Some(user), idea_id).await?;
    let comment = votes::cast_on::<comment_votes::Entity, comments::Entity>(
        db,
        user,
        id,
        1,
        |user, comment| {
            if comment.deleted_at.is_some()
                || !visibility::can_read(Some(user), comment.author_id, comment.hidden_at)
            {
                return Err(ApiError::NotFound);
            }
            if comment.author_id == user.user.id {
                return Err(ApiError::own_comment());
            }
            Ok(())
        },
    )
    .await?;
    Ok(view(&comment, true))
}

/// Takes back one's "helpful"; taking it back twice changes nothing.
#[tracing::instrument(skip_all, fields(user.id = user.user.id, comment.id = id))]
pub async fn unmark(db: &Db, user: &CurrentUser, id: i64) -> ApiResult<CommentVoteView> {
    let comment =
        votes::withdraw_on::<comment_votes::Entity, comments::Entity>(db, user, id).await?;
    Ok(view(&comment, false))
}

fn view(comment: &comments::Model, viewer_helpful: bool) -> CommentVoteView {
    CommentVoteView {
        helpful: votes::segments(comment.helpful_total, comment.helpful_clients),
        viewer_helpful,
    }
}

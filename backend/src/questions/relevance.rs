//! `PUT`/`DELETE /api/v1/questions/{id}/vote`: people vote a question relevant, clients and
//! non-clients counted apart, through the one vote mechanism (`content::listing`).

use crate::content::visibility;
use crate::content::votes;
use crate::content::votes::segments;
use crate::entities::{question_votes, questions};
use crate::platform::auth::CurrentUser;
use crate::platform::db::Db;
use crate::platform::error::{ApiError, ApiResult};
use api::QuestionVoteView;

/// Votes a question relevant; voting twice changes nothing.
#[tracing::instrument(skip_all, fields(user.id = user.user.id, question.id = id))]
pub async fn vote(db: &Db, user: &CurrentUser, id: i64) -> ApiResult<QuestionVoteView> {
    let question = votes::cast_on::<question_votes::Entity, questions::Entity>(
        db,
        user,
        id,
        1,
        |user, question| {
            if !visibility::can_read(Some(user), question.author_id, question.hidden_at) {
                return Err(ApiError::NotFound);
            }
            if question.author_id == user.user.id {
                return Err(ApiError::own_question());
            }
            Ok(())
        },
    )
    .await?;
    Ok(QuestionVoteView {
        votes: segments(question.votes_total, question.votes_clients),
        viewer_voted: true,
    })
}

/// Withdraws a relevance vote; withdrawing twice changes nothing.
#[tracing::instrument(skip_all, fields(user.id = user.user.id, question.id = id))]
pub async fn unvote(db: &Db, user: &CurrentUser, id: i64) -> ApiResult<QuestionVoteView> {
    let question =
        votes::withdraw_on::<question_votes::Entity, questions::Entity>(db, user, id).await?;
    Ok(QuestionVoteView {
        votes: segments(question.votes_total, question.votes_clients),
        viewer_voted: false,
    })
}

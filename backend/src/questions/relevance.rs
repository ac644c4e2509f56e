//! `PUT`/`DELETE /api/v1/questions/{id}/vote`: people vote a question relevant, clients and
//! non-clients counted apart, through the one vote mechanism (`content::listing`).

use crate::content::listing::{self, segments};
use crate::content::moderation;
use crate::entities::{question_votes, questions};
use crate::platform::auth::CurrentUser;
use crate::platform::db::Db;
use crate::platform::error::{ApiError, ApiResult};
use api::QuestionVoteView;

/// Votes a question relevant; voting twice changes nothing.
#[tracing::instrument(skip_all, fields(user.id = user.user.id, question.id = id))]
pub async fn vote(db: &Db, user: &CurrentUser, id: i64) -> ApiResult<QuestionVoteView> {
    let user = user.clone();
    db.batched(move |txn| {
        let user = user.clone();
        Box::pin(async move {
            let question = listing::locked::<questions::Entity>(txn, id).await?;
            if !moderation::can_read(Some(&user), question.author_id, question.hidden_at) {
                return Err(ApiError::NotFound);
            }
            if question.author_id == user.user.id {
                return Err(ApiError::own_question());
            }
            let is_client = user.user.is_client;
            let question =
                if listing::cast::<question_votes::Entity>(txn, id, user.user.id, is_client).await?
                {
                    let client_delta = i32::from(is_client);
                    listing::count_vote::<questions::Entity>(txn, question, 1, client_delta).await?
                } else {
                    question
                };
            Ok(QuestionVoteView {
                votes: segments(question.votes_total, question.votes_clients),
                viewer_voted: true,
            })
        })
    })
    .await
}

/// Withdraws a relevance vote; withdrawing twice changes nothing.
#[tracing::instrument(skip_all, fields(user.id = user.user.id, question.id = id))]
pub async fn unvote(db: &Db, user: &CurrentUser, id: i64) -> ApiResult<QuestionVoteView> {
    let user_id = user.user.id;
    db.batched(move |txn| {
        Box::pin(async move {
            let question = listing::locked::<questions::Entity>(txn, id).await?;
            let question = listing::withdraw::<question_votes::Entity, questions::Entity>(
                txn, question, user_id,
            )
            .await?;
            Ok(QuestionVoteView {
                votes: segments(question.votes_total, question.votes_clients),
                viewer_voted: false,
            })
        })
    })
    .await
}

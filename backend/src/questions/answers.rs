//! Answers to questions: official ones from the theme's experts, community ones from
//! everybody else; edits shown as edited; helpful / not-helpful ratings counted by
//! segment; and the order a question's page shows them in.

use crate::content::follows;
use crate::content::people;
use crate::content::visibility;
use crate::content::votes;
use crate::content::votes::segments;
use crate::domain::MarkdownBody;
use crate::domain::ranking::wilson_lower_bound;
use crate::entities::{answer_votes, answers, questions};
use crate::notifications;
use crate::platform::auth::CurrentUser;
use crate::platform::db::Db;
use crate::platform::error::{ApiError, ApiResult};
use crate::platform::read::Read;
use crate::questions as question_service;
use crate::questions::experts;
use api::{
    ANSWER_BODY_MAX_CHARS, AnswerView, CreateAnswer, FieldIssue, FollowTarget, NotificationKind,
    RateAnswer, RatingView, UpdateAnswer,
};
use chrono::Utc;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set, TransactionTrait,
};
use std::cmp::Ordering;
use std::collections::HashMap;

/// At most this many answers are shown for one question.
const MAX_LISTED: u64 = 500;

/// Answers a question. Official when the author is an expert of its theme (unless they
/// ask otherwise); the first official answer marks the question answered. The asker is
/// notified.
#[tracing::instrument(skip_all, fields(user.id = author.user.id, question.id = question_id))]
pub async fn create(
    db: &Db,
    author: &CurrentUser,
    question_id: i64,
    input: CreateAnswer,
) -> ApiResult<AnswerView> {
    let question = question_service::readable(&db.read, Some(author), question_id).await?;
    if question.locked_at.is_some() {
        return Err(ApiError::thread_locked());
    }
    let body = MarkdownBody::parse(&input.body, ANSWER_BODY_MAX_CHARS)
        .map_err(|issue| ApiError::field("body", issue))?;
    let expert = experts::is_expert_of(&db.read, author, question.theme_id).await?;
    let official = match input.official {
        Some(true) if !expert => return Err(ApiError::not_an_expert()),
        Some(official) => official,
        None => expert,
    };
    let now = Utc::now();
    let txn = db.write.begin().await?;
    let answer = answers::ActiveModel {
        question_id: Set(question_id),
        author_id: Set(author.user.id),
        official: Set(official),
        body_markdown: Set(body.source().to_owned()),
        body_html: Set(body.html().to_owned()),
        helpful_total: Set(0),
        helpful_clients: Set(0),
        unhelpful_total: Set(0),
        unhelpful_clients: Set(0),
        created_at: Set(now),
        edited_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    questions::Entity::update_many()
        .col_expr(
            questions::Column::AnswerCount,
            Expr::col(questions::Column::AnswerCount).add(1),
        )
        .filter(questions::Column::Id.eq(question_id))
        .exec(&txn)
        .await?;
    if official {
        // Only the first official answer sets the time the promise is measured on.
        questions::Entity::update_many()
            .col_expr(questions::Column::AnsweredAt, Expr::val(now))
            .filter(questions::Column::Id.eq(question_id))
            .filter(questions::Column::AnsweredAt.is_null())
            .exec(&txn)
            .await?;
    }
    let followers = follows::followers(&txn, FollowTarget::Question, question_id).await?;
    notifications::notify(
        &txn,
        followers.into_iter().filter(|id| *id != author.user.id),
        NotificationKind::QuestionAnswered,
        question_id,
        &question.title,
    )
    .await?;
    txn.commit().await?;
    tracing::info!(answer.id = answer.id, official, "question answered");
    let authors = people::authors(&db.read, [answer.author_id]).await?;
    Ok(view(answer, Some(author), &authors, None, None))
}

/// Edits an answer: its author only. The answer shows it was edited, and when.
#[tracing::instrument(skip_all, fields(user.id = author.user.id, answer.id = id))]
pub async fn update(
    db: &Db,
    author: &CurrentUser,
    id: i64,
    input: UpdateAnswer,
) -> ApiResult<AnswerView> {
    let answer = find(&db.read, id).await?;
    if answer.author_id != author.user.id {
        return Err(ApiError::Forbidden);
    }
    let body = MarkdownBody::parse(&input.body, ANSWER_BODY_MAX_CHARS)
        .map_err(|issue| ApiError::field("body", issue))?;
    let mut active: answers::ActiveModel = answer.into();
    active.body_markdown = Set(body.source().to_owned());
    active.body_html = Set(body.html().to_owned());
    active.edited_at = Set(Some(Utc::now()));
    let txn = db.write.begin().await?;
    let answer = active.update(&txn).await?;
    txn.commit().await?;
    let authors = people::authors(&db.read, [answer.author_id]).await?;
    let question = question_service::find(&db.read, answer.question_id).await?;
    let vote = viewer_votes(&db.read, Some(author), &[answer.id]).await?;
    Ok(view(
        answer,
        Some(author),
        &authors,
        question.accepted_answer_id,
        vote.values().next().copied(),
    ))
}

async fn find(conn: &impl ConnectionTrait, id: i64) -> ApiResult<answers::Model> {
    answers::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or(ApiError::NotFound)
}

/// Rates an answer helpful (1) or not helpful (-1); rating again changes the rating.
#[tracing::instrument(skip_all, fields(user.id = user.user.id, answer.id = id))]
pub async fn rate(
    db: &Db,
    user: &CurrentUser,
    id: i64,
    input: RateAnswer,
) -> ApiResult<RatingView> {
    let value = match input.value {
        1 => 1i16,
        -1 => -1i16,
        _ => return Err(ApiError::field("value", FieldIssue::Invalid)),
    };
    let answer = votes::cast_on::<answer_votes::Entity, answers::Entity>(
        db,
        user,
        id,
        value,
        |user, answer| {
            if !visibility::can_read(Some(user), answer.author_id, answer.hidden_at) {
                return Err(ApiError::NotFound);
            }
            if answer.author_id == user.user.id {
                return Err(ApiError::own_answer());
            }
            Ok(())
        },
    )
    .await?;
    Ok(rating(&answer, Some(value)))
}

/// Withdraws one's rating; withdrawing twice changes nothing.
#[tracing::instrument(skip_all, fields(user.id = user.user.id, answer.id = id))]
pub async fn unrate(db: &Db, user: &CurrentUser, id: i64) -> ApiResult<RatingView> {
    let answer = votes::withdraw_on::<answer_votes::Entity, answers::Entity>(db, user, id).await?;
    Ok(rating(&answer, None))
}

fn rating(answer: &answers::Model, viewer_vote: Option<i16>) -> RatingView {
    RatingView {
        helpful: segments(answer.helpful_total, answer.helpful_clients),
        not_helpful: segments(answer.unhelpful_total, answer.unhelpful_clients),
        viewer_vote: viewer_vote.and_then(|v| i8::try_from(v).ok()),
    }
}

/// The answers to a question, oldest first (at most 500).
pub(crate) async fn rows_of(conn: &impl Read, question_id: i64) -> ApiResult<Vec<answers::Model>> {
    conn.models(
        answers::Entity::find()
            .filter(answers::Column::QuestionId.eq(question_id))
            .order_by_asc(answers::Column::Id)
            .limit(MAX_LISTED),
    )
    .await
}

/// The views of a question's answers, in the order its page shows them; `authors` holds
/// theirs (loaded with the question's own).
pub(crate) async fn in_order(
    conn: &impl Read,
    viewer: Option<&CurrentUser>,
    rows: Vec<answers::Model>,
    authors: &people::Authors,
    accepted_answer_id: Option<i64>,
) -> ApiResult<Vec<AnswerView>> {
    let ids: Vec<i64> = rows.iter().map(|a| a.id).collect();
    let votes = viewer_votes(conn, viewer, &ids).await?;
    let mut views: Vec<AnswerView> = rows
        .into_iter()
        .filter(|answer| visibility::can_read(viewer, answer.author_id, answer.hidden_at))
        .map(|answer| {
            let vote = votes.get(&answer.id).copied();
            view(answer, viewer, authors, accepted_answer_id, vote)
        })
        .collect();
    views.sort_by(display_order);
    Ok(views)
}

/// Accepted first, then official, then by the lower bound of the Wilson interval on
/// helpful / not helpful, then oldest first.
fn display_order(a: &AnswerView, b: &AnswerView) -> Ordering {
    let confidence =
        |v: &AnswerView| wilson_lower_bound(v.helpful.total as i32, v.not_helpful.total as i32);
    b.accepted
        .cmp(&a.accepted)
        .then(b.official.cmp(&a.official))
        .then(confidence(b).total_cmp(&confidence(a)))
        .then(a.id.cmp(&b.id))
}

/// The viewer's ratings of these answers (+1 or -1), by answer.
pub(crate) async fn viewer_votes(
    conn: &impl Read,
    viewer: Option<&CurrentUser>,
    ids: &[i64],
) -> ApiResult<HashMap<i64, i16>> {
    match viewer {
        Some(viewer) => votes::of_viewer::<answer_votes::Entity>(conn, viewer.user.id, ids).await,
        None => Ok(HashMap::new()),
    }
}

fn view(
    answer: answers::Model,
    viewer: Option<&CurrentUser>,
    authors: &people::Authors,
    accepted_answer_id: Option<i64>,
    viewer_vote: Option<i16>,
) -> AnswerView {
    let RatingView {
        helpful,
        not_helpful,
        viewer_vote,
    } = rating(&answer, viewer_vote);
    AnswerView {
        author: authors.of(answer.author_id),
        accepted: accepted_answer_id == Some(answer.id),
        helpful,
        not_helpful,
        viewer_vote,
        id: answer.id,
        question_id: answer.question_id,
        body_html: answer.body_html,
        body_markdown: answer.body_markdown,
        official: answer.official,
        hidden: visibility::hidden_view(
            viewer,
            answer.author_id,
            answer.hidden_at,
            answer.hidden_reason.as_deref(),
        ),
        created_at: answer.created_at,
        edited_at: answer.edited_at,
    }
}

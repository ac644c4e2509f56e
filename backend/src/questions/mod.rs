//! Questions to experts: ask (with the personal-matter hint), edit within the window,
//! list with the ideas' list machinery, suggest similar questions, vote for relevance,
//! and accept an answer.

pub mod answer_routes;
pub mod answers;
pub mod expert_routes;
pub mod experts;
pub mod relevance;
pub mod response_times;
pub mod routes;

use utoipa_actix_web::service_config::ServiceConfig;

/// Registers this slice's routes under `/api/v1`, each with its OpenAPI description.
pub fn register(cfg: &mut ServiceConfig) {
    cfg.service(routes::similar_questions)
        .service(routes::question_stats)
        .service(routes::list_questions)
        .service(routes::create_question)
        .service(routes::get_question)
        .service(routes::update_question)
        .service(routes::vote_question)
        .service(routes::unvote_question)
        .service(routes::create_answer)
        .service(routes::accept_answer)
        .service(answer_routes::update_answer)
        .service(answer_routes::rate_answer)
        .service(answer_routes::unrate_answer)
        .service(expert_routes::expert_queue)
        .service(expert_routes::list_notifications)
        .service(expert_routes::read_notifications);
}

use crate::content::drafts::{Bounds, Draft, editable_until};
use crate::content::follows;
use crate::content::listing::{self, search_terms};
use crate::content::people;
use crate::content::threads::{self, Order, PageQuery};
use crate::content::visibility;
use crate::content::votes::{self, segments};
use crate::domain::MarkdownBody;
use crate::domain::personal::looks_personal;
use crate::domain::ranking::hot_rank;
use crate::entities::{answers as answer_rows, question_votes, questions};
use crate::notifications;
use crate::platform::auth::CurrentUser;
use crate::platform::cache::ReadCache;
use crate::platform::db::Db;
use crate::platform::error::{ApiError, ApiResult};
use crate::platform::overlay::Overlay;
use crate::platform::read::Read;
use crate::questions::answers as answer_service;
use crate::themes;
use crate::themes::ThemeRef;
use api::{
    AcceptAnswer, CreateQuestion, FieldIssue, FollowTarget, NotificationKind,
    QUESTION_BODY_MAX_CHARS, QUESTION_TITLE_MAX_CHARS, QUESTION_TITLE_MIN_CHARS, QuestionList,
    QuestionQuery, QuestionSort, QuestionView, SIMILAR_MAX, SimilarQuestion, SimilarQuestions,
    UpdateQuestion,
};
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, Set,
    TransactionTrait,
};
use std::collections::{HashMap, HashSet};

/// A new question as stored (the demo and the generated dataset start some with votes).
pub struct NewQuestion<'a> {
    pub author_id: i64,
    pub theme_id: i64,
    pub title: &'a str,
    pub body: &'a MarkdownBody,
    pub votes: i32,
    pub clients: i32,
    pub created_at: DateTime<Utc>,
}

impl NewQuestion<'_> {
    pub fn row(self, now: DateTime<Utc>) -> questions::ActiveModel {
        questions::ActiveModel {
            author_id: Set(self.author_id),
            theme_id: Set(self.theme_id),
            search_terms: Set(search_terms(self.title, self.body.source())),
            title: Set(self.title.to_owned()),
            body_markdown: Set(self.body.source().to_owned()),
            body_html: Set(self.body.html().to_owned()),
            votes_total: Set(self.votes),
            votes_clients: Set(self.clients),
            answer_count: Set(0),
            hot_rank: Set(hot_rank(self.votes, self.created_at, now)),
            accepted_answer_id: Set(None),
            answered_at: Set(None),
            created_at: Set(self.created_at),
            edited_at: Set(None),
            ..Default::default()
        }
    }
}

/// Asks a question; the experts of its theme are notified in the same transaction.
#[tracing::instrument(skip_all, fields(user.id = author.user.id))]
pub async fn create(
    db: &Db,
    author: &CurrentUser,
    input: CreateQuestion,
) -> ApiResult<QuestionView> {
    let Draft {
        title,
        body,
        theme_id,
    } = Draft::parse(&db.read, BOUNDS, &input.title, &input.body, &input.theme).await?;
    if !input.general && looks_personal(&format!("{} {}", title.as_str(), body.source())) {
        return Err(ApiError::personal_matter());
    }
    let now = Utc::now();
    let row = NewQuestion {
        author_id: author.user.id,
        theme_id,
        title: title.as_str(),
        body: &body,
        votes: 0,
        clients: 0,
        created_at: now,
    }
    .row(now);
    let txn = db.write.begin().await?;
    let question = row.insert(&txn).await?;
    follows::add(&txn, author.user.id, FollowTarget::Question, question.id).await?;
    let experts = experts::of_theme(&txn, theme_id).await?;
    let theme_followers = follows::followers(&txn, FollowTarget::Theme, theme_id).await?;
    notifications::notify(
        &txn,
        experts.iter().copied().filter(|id| *id != author.user.id),
        NotificationKind::QuestionAsked,
        question.id,
        &question.title,
    )
    .await?;
    // Experts heard of it already, as the ones to answer.
    notifications::notify(
        &txn,
        theme_followers
            .into_iter()
            .filter(|id| *id != author.user.id && !experts.contains(id)),
        NotificationKind::QuestionPosted,
        question.id,
        &question.title,
    )
    .await?;
    txn.commit().await?;
    tracing::info!(question.id = question.id, "question asked");
    get(db, Some(author), question.id).await
}

/// The bounds of a question's title and body.
const BOUNDS: Bounds = Bounds {
    title_min: QUESTION_TITLE_MIN_CHARS,
    title_max: QUESTION_TITLE_MAX_CHARS,
    body_max: QUESTION_BODY_MAX_CHARS,
};

/// One question with its answers in order, as the viewer sees it.
pub async fn get(db: &Db, viewer: Option<&CurrentUser>, id: i64) -> ApiResult<QuestionView> {
    Ok(page(db, viewer, id).await?.view)
}

/// A question's page as someone sees it, and who wrote its hidden answers (whom the page
/// everyone sees leaves them out of).
struct Page {
    view: QuestionView,
    hidden_answers_by: HashSet<i64>,
}

async fn page(db: &Db, viewer: Option<&CurrentUser>, id: i64) -> ApiResult<Page> {
    let reader = db.reader();
    let question = readable(&reader, viewer, id).await?;
    let answers = answer_service::rows_of(&reader, id).await?;
    // The asker and the answerers in one lookup.
    let authors = people::authors(
        &reader,
        answers
            .iter()
            .map(|a| a.author_id)
            .chain([question.author_id]),
    )
    .await?;
    let hidden_answers_by = answers
        .iter()
        .filter(|a| a.hidden_at.is_some())
        .map(|a| a.author_id)
        .collect();
    let accepted = question.accepted_answer_id;
    let mut view = views_with(&reader, viewer, vec![question], &authors)
        .await?
        .pop()
        .ok_or(ApiError::NotFound)?;
    view.answers = answer_service::in_order(&reader, viewer, answers, &authors, accepted).await?;
    if let Some(viewer) = viewer {
        view.viewer_follows =
            follows::follows(&reader, viewer.user.id, FollowTarget::Question, id).await?;
    }
    Ok(Page {
        view,
        hidden_answers_by,
    })
}

/// One question for the page that asked: a visitor's as `get` makes it (the read cache
/// keeps the bytes); a signed-in person's from the page everyone gets, kept in the read
/// cache, with their own vote, ratings and follow laid over it. The team, and anyone with a
/// hidden answer there (theirs to see), get the page read in full, as do the askers of
/// hidden questions.
pub async fn read(
    db: &Db,
    cache: &ReadCache,
    viewer: Option<&CurrentUser>,
    id: i64,
) -> ApiResult<QuestionView> {
    let Some(viewer) = viewer.filter(|v| !visibility::is_staff(v)) else {
        return get(db, viewer, id).await;
    };
    let public = match cache
        .shared(format!("question/{id}"), page(db, None, id))
        .await
    {
        Ok(public) => public,
        Err(ApiError::NotFound) => return get(db, Some(viewer), id).await,
        Err(error) => return Err(error),
    };
    if public.hidden_answers_by.contains(&viewer.user.id) {
        return get(db, Some(viewer), id).await;
    }
    let mut view = public.view.clone();
    let (me, viewers) = (viewer.user.id, &cache.viewers);
    view.viewer_voted = !voted_kept(db, cache, me, &[id]).await?.is_empty();
    view.viewer_follows =
        follows::follows_kept(&db.reader(), viewers, me, FollowTarget::Question, id).await?;
    let ids: Vec<i64> = view.answers.iter().map(|a| a.id).collect();
    let ratings = votes::of_viewer_kept::<crate::entities::answer_votes::Entity>(
        &db.reader(),
        viewers,
        me,
        &ids,
    )
    .await?;
    for answer in &mut view.answers {
        answer.viewer_vote = ratings.get(&answer.id).and_then(|v| i8::try_from(*v).ok());
    }
    Ok(view)
}

/// A page of questions for the person who asked, as JSON: the same page for everyone
/// (lists leave hidden questions out), kept serialized in the read cache for signed-in
/// people, with the viewer's votes among them laid over it.
pub async fn read_list(
    db: &Db,
    cache: &ReadCache,
    viewer: Option<&CurrentUser>,
    query: QuestionQuery,
) -> ApiResult<Vec<u8>> {
    let Some(viewer) = viewer else {
        let page = list(db, None, query).await?;
        return serde_json::to_vec(&page).map_err(|e| ApiError::Internal(e.into()));
    };
    let key = format!("questions/{query:?}");
    let page = cache
        .shared(key, async {
            let page = list(db, None, query).await?;
            let ids = page.items.iter().map(|q| q.id).collect();
            Overlay::new(&page, ids, "viewer_voted")
        })
        .await?;
    let voted = voted_kept(db, cache, viewer.user.id, page.ids()).await?;
    page.json(|id| voted.contains_key(&id))
}

/// The question, or 404.
pub(crate) async fn find(conn: &impl ConnectionTrait, id: i64) -> ApiResult<questions::Model> {
    questions::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or(ApiError::NotFound)
}

/// The question, if the viewer may read it (hidden ones: their asker and the team).
pub(crate) async fn readable(
    conn: &impl Read,
    viewer: Option<&CurrentUser>,
    id: i64,
) -> ApiResult<questions::Model> {
    threads::readable::<questions::Entity>(conn, viewer, id).await
}

/// Edits a question: its asker only, within the edit window.
#[tracing::instrument(skip_all, fields(user.id = author.user.id, question.id = id))]
pub async fn update(
    db: &Db,
    author: &CurrentUser,
    id: i64,
    input: UpdateQuestion,
) -> ApiResult<QuestionView> {
    let fields = (
        input.title.as_deref(),
        input.body.as_deref(),
        input.theme.as_deref(),
    );
    threads::edit::<questions::Entity>(db, author, id, BOUNDS, fields).await?;
    get(db, Some(author), id).await
}

/// A page of questions in the asked order, filtered and searched.
pub async fn list(
    db: &Db,
    viewer: Option<&CurrentUser>,
    query: QuestionQuery,
) -> ApiResult<QuestionList> {
    let sort = query.sort.unwrap_or_default();
    let order = match sort {
        QuestionSort::Hot => Order::ByFloat(questions::Column::HotRank),
        QuestionSort::Top => Order::ByInt(questions::Column::VotesTotal),
        QuestionSort::New | QuestionSort::Unanswered => Order::Newest,
    };
    let answered = match sort {
        QuestionSort::Unanswered => Some(false),
        _ => query.answered,
    };
    let asked = PageQuery {
        sort: sort.as_str(),
        cursor: query.cursor.as_deref(),
        theme: query.theme.as_deref(),
        q: query.q.as_deref(),
        limit: query.limit,
    };
    let page = threads::page::<questions::Entity>(db, asked, order, |select| match answered {
        Some(true) => select.filter(questions::Column::AnsweredAt.is_not_null()),
        Some(false) => select.filter(questions::Column::AnsweredAt.is_null()),
        None => select,
    })
    .await?;
    Ok(QuestionList {
        items: views(&db.reader(), viewer, page.rows).await?,
        next_cursor: page.next_cursor,
    })
}

/// Questions like the one being typed, and whether it looks like a personal matter.
pub async fn similar(db: &Db, q: &str) -> ApiResult<SimilarQuestions> {
    let rows = listing::similar::<questions::Entity>(&db.read, q, SIMILAR_MAX).await?;
    Ok(SimilarQuestions {
        items: rows
            .into_iter()
            .map(|row| SimilarQuestion {
                id: row.id,
                title: row.title,
                answered: row.answered_at.is_some(),
                votes: u32::try_from(row.votes_total).unwrap_or(0),
            })
            .collect(),
        personal_matter: looks_personal(q),
    })
}

/// The asker accepts one of the answers (or none); accepting another replaces it.
#[tracing::instrument(skip_all, fields(user.id = user.user.id, question.id = id))]
pub async fn accept(
    db: &Db,
    user: &CurrentUser,
    id: i64,
    input: AcceptAnswer,
) -> ApiResult<QuestionView> {
    let txn = db.write.begin().await?;
    let question = find(&txn, id).await?;
    if question.author_id != user.user.id {
        return Err(ApiError::Forbidden);
    }
    if let Some(answer_id) = input.answer_id {
        let belongs: Option<i64> = answer_rows::Entity::find_by_id(answer_id)
            .select_only()
            .column(answer_rows::Column::Id)
            .filter(answer_rows::Column::QuestionId.eq(id))
            .into_tuple()
            .one(&txn)
            .await?;
        if belongs.is_none() {
            return Err(ApiError::field("answer_id", FieldIssue::Invalid));
        }
    }
    questions::Entity::update_many()
        .col_expr(
            questions::Column::AcceptedAnswerId,
            Expr::val(input.answer_id),
        )
        .filter(questions::Column::Id.eq(id))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    get(db, Some(user), id).await
}

/// When a question asked at `created_at` in a theme promising `hours` is due.
pub fn due_at(created_at: DateTime<Utc>, hours: i32) -> DateTime<Utc> {
    created_at + Duration::hours(i64::from(hours))
}

/// Which of these questions the viewer voted relevant.
async fn voted(
    conn: &impl Read,
    viewer: &CurrentUser,
    ids: impl IntoIterator<Item = i64>,
) -> ApiResult<HashSet<i64>> {
    let ids: Vec<i64> = ids.into_iter().collect();
    let votes = votes::of_viewer::<question_votes::Entity>(conn, viewer.user.id, &ids).await?;
    Ok(votes.into_keys().collect())
}

/// Which of these questions the viewer found relevant, from their votes kept in the read
/// cache.
async fn voted_kept(
    db: &Db,
    cache: &ReadCache,
    viewer: i64,
    ids: &[i64],
) -> ApiResult<HashMap<i64, i16>> {
    votes::of_viewer_kept::<question_votes::Entity>(&db.reader(), &cache.viewers, viewer, ids).await
}

/// The views of these questions, in their order, without their answers.
async fn views(
    conn: &impl Read,
    viewer: Option<&CurrentUser>,
    rows: Vec<questions::Model>,
) -> ApiResult<Vec<QuestionView>> {
    let authors = people::authors(conn, rows.iter().map(|q| q.author_id)).await?;
    views_with(conn, viewer, rows, &authors).await
}

/// The same, with the authors already loaded.
async fn views_with(
    conn: &impl Read,
    viewer: Option<&CurrentUser>,
    rows: Vec<questions::Model>,
    authors: &people::Authors,
) -> ApiResult<Vec<QuestionView>> {
    let themes = themes::refs(conn).await?;
    let voted = match viewer {
        Some(viewer) => voted(conn, viewer, rows.iter().map(|q| q.id)).await?,
        None => HashSet::new(),
    };
    Ok(rows
        .into_iter()
        .map(|question| view(question, viewer, authors, &themes, &voted))
        .collect())
}

fn view(
    question: questions::Model,
    viewer: Option<&CurrentUser>,
    authors: &people::Authors,
    themes: &HashMap<i64, ThemeRef>,
    voted: &HashSet<i64>,
) -> QuestionView {
    let theme = themes.get(&question.theme_id);
    QuestionView {
        votes: segments(question.votes_total, question.votes_clients),
        author: authors.of(question.author_id),
        theme: theme.map(|t| t.slug.clone()).unwrap_or_default(),
        due_at: due_at(question.created_at, theme.map_or(0, |t| t.response_hours)),
        viewer_voted: voted.contains(&question.id),
        viewer_follows: false,
        answer_count: u32::try_from(question.answer_count).unwrap_or(0),
        answers: Vec::new(),
        editable_until: editable_until(question.created_at),
        hidden: visibility::hidden_view(
            viewer,
            question.author_id,
            question.hidden_at,
            question.hidden_reason.as_deref(),
        ),
        locked: question.locked_at.is_some(),
        id: question.id,
        title: question.title,
        body_html: question.body_html,
        body_markdown: question.body_markdown,
        accepted_answer_id: question.accepted_answer_id,
        answered_at: question.answered_at,
        created_at: question.created_at,
        edited_at: question.edited_at,
    }
}

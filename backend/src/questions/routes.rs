//! `/api/v1/questions/*`: questions to experts, their relevance votes, answers and the
//! accepted answer, and the response-time figures.

use crate::content::threads::SimilarQuery;
use crate::platform::auth::CurrentUser;
use crate::platform::cache::ReadCache;
use crate::platform::error::ApiResult;
use crate::platform::limits::Action;
use crate::platform::state::AppState;
use crate::questions;
use crate::questions::answers;
use crate::questions::response_times;
use actix_web::http::header::ContentType;
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, put, web};
use api::{
    AcceptAnswer, AnswerView, CreateAnswer, CreateQuestion, Problem, QuestionList, QuestionQuery,
    QuestionStats, QuestionView, QuestionVoteView, SimilarQuestions, UpdateQuestion,
};

/// Questions in the asked order (hot by default), filtered by theme and answered state,
/// searched with `q`, one page at a time.
#[utoipa::path(tag = "questions", params(QuestionQuery),
    responses(
        (status = 200, description = "A page of questions (without their answers)", body = QuestionList),
        (status = 400, description = "Malformed query (unknown sort)", body = Problem),
        (status = 422, description = "Unknown theme or invalid cursor", body = Problem),
    ))]
#[get("/questions")]
pub async fn list_questions(
    state: web::Data<AppState>,
    cache: web::Data<ReadCache>,
    viewer: Option<CurrentUser>,
    query: web::Query<QuestionQuery>,
) -> ApiResult<HttpResponse> {
    let page = questions::read_list(&state.db, &cache, viewer.as_ref(), query.into_inner()).await?;
    Ok(HttpResponse::Ok()
        .content_type(ContentType::json())
        .body(page))
}

/// Asks a question; the experts of its theme are notified.
#[utoipa::path(tag = "questions", request_body = CreateQuestion,
    responses(
        (status = 429, description = "Too many requests: wait `Retry-After` seconds", body = Problem),
        (status = 201, description = "Asked", body = QuestionView),
        (status = 409, description = "Looks like a personal account matter: send again with `general: true` to ask anyway", body = Problem),
        (status = 422, description = "Invalid title, body or theme, or account details in them", body = Problem),
    ),
    security(("cookie" = []), ("bearer" = [])))]
#[post("/questions")]
pub async fn create_question(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
    body: web::Json<CreateQuestion>,
) -> ApiResult<HttpResponse> {
    state.limits.check(&req, Action::Post, Some(&user)).await?;
    let question = questions::create(&state.db, &user, body.into_inner()).await?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/v1/questions/{}", question.id)))
        .json(question))
}

/// Up to five questions like the one being typed, and whether it looks like a personal
/// account matter better taken to one's adviser.
#[utoipa::path(tag = "questions", params(SimilarQuery),
    responses(
        (status = 200, description = "Suggestions, best first", body = SimilarQuestions),
        (status = 400, description = "No `q`", body = Problem),
    ))]
#[get("/questions/similar")]
pub async fn similar_questions(
    state: web::Data<AppState>,
    query: web::Query<SimilarQuery>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(questions::similar(&state.db, &query.q).await?))
}

/// The response-time promise, measured over the last 90 days: overall and per theme.
#[utoipa::path(tag = "questions",
    responses((status = 200, description = "Median time to a first official answer, share within the commitment, questions waiting", body = QuestionStats)))]
#[get("/questions/stats")]
pub async fn question_stats(state: web::Data<AppState>) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(response_times::stats(&state.db).await?))
}

/// One question with its answers: accepted first, then official, then by confidence in
/// their helpful ratings (lower bound of the Wilson interval).
#[utoipa::path(tag = "questions",
    params(("id" = i64, Path, description = "The question's id")),
    responses(
        (status = 200, description = "The question and its answers", body = QuestionView),
        (status = 404, description = "No such question", body = Problem),
    ))]
#[get("/questions/{id:[0-9]+}")]
pub async fn get_question(
    state: web::Data<AppState>,
    cache: web::Data<ReadCache>,
    viewer: Option<CurrentUser>,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    let question = questions::read(&state.db, &cache, viewer.as_ref(), *id).await?;
    Ok(HttpResponse::Ok().json(question))
}

/// Edits one's question within 30 minutes of asking it.
#[utoipa::path(tag = "questions", request_body = UpdateQuestion,
    params(("id" = i64, Path, description = "The question's id")),
    responses(
        (status = 200, description = "Edited", body = QuestionView),
        (status = 403, description = "Not the asker, or cross-site request", body = Problem),
        (status = 404, description = "No such question", body = Problem),
        (status = 409, description = "The edit window is over", body = Problem),
        (status = 422, description = "Invalid fields", body = Problem),
    ),
    security(("cookie" = []), ("bearer" = [])))]
#[patch("/questions/{id:[0-9]+}")]
pub async fn update_question(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i64>,
    body: web::Json<UpdateQuestion>,
) -> ApiResult<HttpResponse> {
    let question = questions::update(&state.db, &user, *id, body.into_inner()).await?;
    Ok(HttpResponse::Ok().json(question))
}

/// Votes a question relevant (idempotent). Askers do not vote for their own.
#[utoipa::path(tag = "questions",
    params(("id" = i64, Path, description = "The question's id")),
    responses(
        (status = 429, description = "Too many requests: wait `Retry-After` seconds", body = Problem),
        (status = 200, description = "Voted; the new counts", body = QuestionVoteView),
        (status = 403, description = "One's own question, or cross-site request", body = Problem),
        (status = 404, description = "No such question", body = Problem),
    ),
    security(("cookie" = []), ("bearer" = [])))]
#[put("/questions/{id:[0-9]+}/vote")]
pub async fn vote_question(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    state.limits.check(&req, Action::Vote, Some(&user)).await?;
    Ok(HttpResponse::Ok().json(questions::relevance::vote(&state.db, &user, *id).await?))
}

/// Withdraws one's relevance vote (idempotent).
#[utoipa::path(tag = "questions",
    params(("id" = i64, Path, description = "The question's id")),
    responses(
        (status = 429, description = "Too many requests: wait `Retry-After` seconds", body = Problem),
        (status = 200, description = "Withdrawn; the new counts", body = QuestionVoteView),
        (status = 404, description = "No such question", body = Problem),
    ),
    security(("cookie" = []), ("bearer" = [])))]
#[delete("/questions/{id:[0-9]+}/vote")]
pub async fn unvote_question(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    state.limits.check(&req, Action::Vote, Some(&user)).await?;
    Ok(HttpResponse::Ok().json(questions::relevance::unvote(&state.db, &user, *id).await?))
}

/// Answers a question: officially for an expert of its theme, in one's own name for
/// everybody else. The asker is notified.
#[utoipa::path(tag = "answers",
    request_body = CreateAnswer,
    params(("id" = i64, Path, description = "The question's id")),
    responses(
        (status = 429, description = "Too many requests: wait `Retry-After` seconds", body = Problem),
        (status = 201, description = "Answered", body = AnswerView),
        (status = 403, description = "An official answer from someone who is not an expert of the theme, or cross-site request", body = Problem),
        (status = 404, description = "No such question", body = Problem),
        (status = 409, description = "The question is locked (`thread_locked`)", body = Problem),
        (status = 422, description = "Invalid body", body = Problem),
    ),
    security(("cookie" = []), ("bearer" = [])))]
#[post("/questions/{id:[0-9]+}/answers")]
pub async fn create_answer(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i64>,
    body: web::Json<CreateAnswer>,
) -> ApiResult<HttpResponse> {
    state.limits.check(&req, Action::Post, Some(&user)).await?;
    let answer = answers::create(&state.db, &user, *id, body.into_inner()).await?;
    Ok(HttpResponse::Created().json(answer))
}

/// The asker accepts an answer (or, with `null`, none); accepting another replaces it.
#[utoipa::path(tag = "answers",
    request_body = AcceptAnswer,
    params(("id" = i64, Path, description = "The question's id")),
    responses(
        (status = 200, description = "Accepted; the question with its answers in order", body = QuestionView),
        (status = 403, description = "Not the asker, or cross-site request", body = Problem),
        (status = 404, description = "No such question", body = Problem),
        (status = 422, description = "Not an answer to this question", body = Problem),
    ),
    security(("cookie" = []), ("bearer" = [])))]
#[post("/questions/{id:[0-9]+}/accept")]
pub async fn accept_answer(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i64>,
    body: web::Json<AcceptAnswer>,
) -> ApiResult<HttpResponse> {
    let question = questions::accept(&state.db, &user, *id, body.into_inner()).await?;
    Ok(HttpResponse::Ok().json(question))
}

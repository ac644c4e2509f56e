//! Questions, answers, ratings, the response-time figures and the experts' queue (`/api/v1/questions`, `/api/v1/answers`, `/api/v1/experts`).

use super::*;

/// A page of questions.
pub async fn questions(query: QuestionQuery) -> ApiResult<QuestionList> {
    let pairs = query_pairs([
        ("sort", query.sort.map(|s| s.as_str().to_owned())),
        ("answered", query.answered.map(|a| a.to_string())),
        ("theme", query.theme),
        ("q", query.q),
        ("cursor", query.cursor),
        ("limit", query.limit.map(|l| l.to_string())),
    ]);
    fetch_json(Request::get("/api/v1/questions").query(pairs)).await
}

pub async fn question(id: i64) -> ApiResult<QuestionView> {
    get_json(&format!("/api/v1/questions/{id}")).await
}

pub async fn create_question(body: CreateQuestion) -> ApiResult<QuestionView> {
    send_json(Request::post("/api/v1/questions"), &body).await
}

pub async fn update_question(id: i64, body: UpdateQuestion) -> ApiResult<QuestionView> {
    send_json(Request::patch(&format!("/api/v1/questions/{id}")), &body).await
}

/// Questions like the title being typed, and whether it looks like a personal matter.
pub async fn similar_questions(q: String) -> ApiResult<SimilarQuestions> {
    fetch_json(Request::get("/api/v1/questions/similar").query([("q", q)])).await
}

/// The response-time figures, overall and per theme.
pub async fn question_stats() -> ApiResult<QuestionStats> {
    get_json("/api/v1/questions/stats").await
}

/// Votes a question relevant (`true`) or withdraws the vote (`false`).
pub async fn vote_question(id: i64, on: bool) -> ApiResult<QuestionVoteView> {
    fetch_json(put_or_delete(&format!("/api/v1/questions/{id}/vote"), on)).await
}

pub async fn create_answer(question: i64, body: CreateAnswer) -> ApiResult<AnswerView> {
    send_json(
        Request::post(&format!("/api/v1/questions/{question}/answers")),
        &body,
    )
    .await
}

pub async fn update_answer(id: i64, body: UpdateAnswer) -> ApiResult<AnswerView> {
    send_json(Request::patch(&format!("/api/v1/answers/{id}")), &body).await
}

/// Rates an answer (1 helpful, -1 not helpful), or withdraws the rating (`None`).
pub async fn rate_answer(id: i64, value: Option<i8>) -> ApiResult<RatingView> {
    let url = format!("/api/v1/answers/{id}/vote");
    match value {
        Some(value) => send_json(Request::put(&url), &RateAnswer { value }).await,
        None => fetch_json(Request::delete(&url)).await,
    }
}

/// The asker accepts an answer, or none.
pub async fn accept_answer(question: i64, answer_id: Option<i64>) -> ApiResult<QuestionView> {
    send_json(
        Request::post(&format!("/api/v1/questions/{question}/accept")),
        &AcceptAnswer { answer_id },
    )
    .await
}

/// The expert's queue of questions waiting for an official answer.
pub async fn expert_queue(cursor: Option<String>) -> ApiResult<ExpertQueue> {
    let pairs = query_pairs([("cursor", cursor)]);
    fetch_json(Request::get("/api/v1/experts/queue").query(pairs)).await
}

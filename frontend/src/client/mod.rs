//! The API client: the only code that knows URLs. Every call returns `Result<T, ApiError>`
//! with the server's problem document decoded, so pages can show what went wrong. One file
//! per slice of the server (the same names as `backend/src`); this one holds the transport.

use api::{
    AcceptAnswer, AnswerView, ChangePassword, CommentList, CommentView, CommentVoteView,
    CreateAnswer, CreateComment, CreateIdea, CreateQuestion, Credentials, ExpertQueue, IdeaList,
    IdeaQuery, IdeaView, MarkRead, MarkdownPreview, Me, NotificationList, Problem, QuestionList,
    QuestionQuery, QuestionStats, QuestionView, QuestionVoteView, RateAnswer, RatingView,
    RenderedMarkdown, Signup, SimilarIdeas, SimilarQuestions, SupportView, ThemeView, UpdateAnswer,
    UpdateComment, UpdateIdea, UpdateQuestion,
};
use api::{AccessibilityProblemView, AccessibilityProblems, ReportAccessibilityProblem};
use api::{
    AuditList, AuditQuery, ChangeStatus, ContentSummary, CreateReport, CreateTheme, FollowUpList,
    FollowUpQuery, FollowUpView, IdeaTimeline, MergeIdea, ModerationItem, ModerationQueue,
    ModerationReason, PeopleList, PeopleSearch, PersonView, ReportView, SetExpertThemes, SetLock,
    SetRole, Stats, TargetType, ThemeAdminView, UnmergeIdea, UpdateTheme,
};
use api::{
    ChangeEmail, ClientCode, PasswordReset, PasswordResetRequest, SessionList, SignInProviders,
    VerifyEmail,
};
use api::{
    DeleteAccount, FollowTarget, FollowView, HomeView, ProfileView, Settings, Unsubscribe,
    Unsubscribed, UpdateSettings,
};
use api::{RecoveryCodes, TwoFactorCode, TwoFactorSetup, TwoFactorStatus};
use gloo_net::http::{Request, RequestBuilder, Response};
use leptos::prelude::{GetUntracked, RwSignal, Set};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::cell::Cell;

mod accessibility;
mod auth;
mod comments;
mod console;
mod follow_ups;
mod ideas;
mod notifications;
mod people;
mod questions;
mod themes;
mod web;

pub use accessibility::*;
pub use auth::*;
pub use comments::*;
pub use console::*;
pub use follow_ups::*;
pub use ideas::*;
pub use notifications::*;
pub use people::*;
pub use questions::*;
pub use themes::*;
pub use web::*;

/// Why a call failed.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// The server answered with a problem document.
    Problem(Problem),
    /// The server could not be reached, or answered something unreadable.
    Network,
}

impl ApiError {
    pub fn code(&self) -> &str {
        match self {
            ApiError::Problem(p) => &p.code,
            ApiError::Network => "network",
        }
    }

    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::Problem(p) => Some(p.status),
            ApiError::Network => None,
        }
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

/// The parameters given, empty ones left out.
fn query_pairs<const N: usize>(
    pairs: [(&'static str, Option<String>); N],
) -> Vec<(&'static str, String)> {
    pairs
        .into_iter()
        .filter_map(|(key, value)| value.filter(|v| !v.is_empty()).map(|v| (key, v)))
        .collect()
}

/// Sends a request without a body and decodes the JSON answer.
async fn get_json<T: DeserializeOwned>(url: &str) -> ApiResult<T> {
    fetch_json(Request::get(url)).await
}

/// The API's idempotent switches: `PUT` turns on, `DELETE` turns off.
fn put_or_delete(url: &str, on: bool) -> RequestBuilder {
    if on {
        Request::put(url)
    } else {
        Request::delete(url)
    }
}

thread_local! {
    /// Whether the server answered the last request, for the connection banner.
    static ANSWERED: Cell<Option<RwSignal<bool>>> = const { Cell::new(None) };
}

/// Keeps `signal` up to date with whether the server answers (the connection banner's).
pub fn report_answers_to(signal: RwSignal<bool>) {
    ANSWERED.with(|cell| cell.set(Some(signal)));
}

/// Records whether the server answered a request (any status counts as an answer).
fn answered(yes: bool) {
    if let Some(answered) = ANSWERED.with(Cell::get)
        && answered.get_untracked() != yes
    {
        answered.set(yes);
    }
}

/// Builds and sends a request in a task of its own. A page asks for several things as it
/// starts; building and sending each in the task that drew the page would make one long
/// task, during which a tap or a key waits (what Lighthouse counts as blocking time).
/// Whether the server answered at all (any status) is recorded for the connection banner.
async fn reach(request: impl FnOnce() -> Result<Request, gloo_net::Error>) -> ApiResult<Response> {
    next_task().await;
    let response = request().map_err(|_| ApiError::Network)?.send().await;
    answered(response.is_ok());
    response.map_err(|_| ApiError::Network)
}

/// Asks the server whether it is there; the answer goes to the connection banner.
pub async fn knock() {
    let _ = reach(|| Request::get("/healthz").build()).await;
}

/// Resolves in a later task of the browser's event loop (a zero-delay timer).
async fn next_task() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = leptos::prelude::window().set_timeout_with_callback(&resolve);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

async fn fetch_json<T: DeserializeOwned>(request: RequestBuilder) -> ApiResult<T> {
    let response = reach(|| request.build()).await?;
    let response = expect_ok(response).await?;
    let value = response.json::<T>().await.map_err(|_| ApiError::Network)?;
    // What came in is drawn in a task of its own, not in the one that read and decoded it.
    next_task().await;
    Ok(value)
}

/// Sends a request without a body and expects no content back.
async fn send_empty(request: RequestBuilder) -> ApiResult<()> {
    let response = reach(|| request.build()).await?;
    expect_ok(response).await.map(|_| ())
}

async fn send_json<B: Serialize, T: DeserializeOwned>(
    request: RequestBuilder,
    body: &B,
) -> ApiResult<T> {
    let response = send(request, body).await?;
    response.json::<T>().await.map_err(|_| ApiError::Network)
}

/// Sends a JSON body and passes a 2xx response through.
async fn send<B: Serialize>(request: RequestBuilder, body: &B) -> ApiResult<Response> {
    let response = reach(|| request.json(body)).await?;
    expect_ok(response).await
}

/// Passes a 2xx response through; turns any other into its problem document.
async fn expect_ok(response: Response) -> ApiResult<Response> {
    if response.ok() {
        return Ok(response);
    }
    let status = response.status();
    match response.json::<Problem>().await {
        Ok(problem) => Err(ApiError::Problem(problem)),
        Err(_) => Err(ApiError::Problem(Problem {
            status,
            code: if status >= 500 { "internal" } else { "unknown" }.into(),
            ..Problem::default()
        })),
    }
}

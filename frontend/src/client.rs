//! The API client: the only code that knows URLs. Every call returns `Result<T, ApiError>`
//! with the server's problem document decoded, so pages can show what went wrong.

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
use serde::Serialize;
use serde::de::DeserializeOwned;

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

/// The signed-in person, or `None` when nobody is.
pub async fn me() -> ApiResult<Option<Me>> {
    match get_json::<Me>("/api/v1/me").await {
        Ok(me) => Ok(Some(me)),
        Err(e) if e.status() == Some(401) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Every active theme with its response-time commitment.
pub async fn themes() -> ApiResult<Vec<ThemeView>> {
    get_json("/api/v1/themes").await
}

pub async fn sign_up(body: Signup) -> ApiResult<Me> {
    send_json(Request::post("/api/v1/auth/signup"), &body).await
}

pub async fn sign_in(body: Credentials) -> ApiResult<Me> {
    send_json(Request::post("/api/v1/auth/login"), &body).await
}

pub async fn sign_out() -> ApiResult<()> {
    send_empty(Request::post("/api/v1/auth/logout")).await
}

/// Confirms an address with the token of an e-mail's link.
pub async fn verify_email(body: VerifyEmail) -> ApiResult<()> {
    send(Request::post("/api/v1/auth/verify-email"), &body)
        .await
        .map(|_| ())
}

/// Sends a new link to confirm the signed-in person's address.
pub async fn resend_verification() -> ApiResult<()> {
    send_empty(Request::post("/api/v1/auth/verify-email/resend")).await
}

/// Asks for a password reset link (the answer says nothing about the address).
pub async fn request_password_reset(body: PasswordResetRequest) -> ApiResult<()> {
    send(Request::post("/api/v1/auth/password-reset"), &body)
        .await
        .map(|_| ())
}

/// Sets a new password with a reset link's token; every session ends.
pub async fn reset_password(body: PasswordReset) -> ApiResult<()> {
    send(Request::post("/api/v1/auth/password-reset/confirm"), &body)
        .await
        .map(|_| ())
}

/// Starts a change of address: a link goes to the new one.
pub async fn change_email(body: ChangeEmail) -> ApiResult<()> {
    send(Request::post("/api/v1/me/email"), &body)
        .await
        .map(|_| ())
}

/// Becomes a client with a one-time code from the bank.
pub async fn redeem_client_code(body: ClientCode) -> ApiResult<Me> {
    send_json(Request::post("/api/v1/me/client-code"), &body).await
}

/// The signed-in person's live sessions.
pub async fn sessions() -> ApiResult<SessionList> {
    get_json("/api/v1/me/sessions").await
}

/// Ends one of one's sessions.
pub async fn end_session(id: String) -> ApiResult<()> {
    send_empty(Request::delete(&format!("/api/v1/me/sessions/{id}"))).await
}

/// Ends every session but this one.
pub async fn end_other_sessions() -> ApiResult<()> {
    send_empty(Request::delete("/api/v1/me/sessions")).await
}

/// Two-factor authentication, for the signed-in person.
pub async fn two_factor() -> ApiResult<TwoFactorStatus> {
    get_json("/api/v1/me/two-factor").await
}

/// A new secret for an authenticator app, to confirm with a first code.
pub async fn two_factor_setup() -> ApiResult<TwoFactorSetup> {
    send_json(Request::post("/api/v1/me/two-factor/setup"), &()).await
}

/// Turns two-factor authentication on; the recovery codes come back, shown once.
pub async fn two_factor_enable(body: TwoFactorCode) -> ApiResult<RecoveryCodes> {
    send_json(Request::post("/api/v1/me/two-factor/enable"), &body).await
}

/// This session passes the second factor.
pub async fn two_factor_check(body: TwoFactorCode) -> ApiResult<()> {
    send(Request::post("/api/v1/me/two-factor/check"), &body)
        .await
        .map(|_| ())
}

/// Ten new recovery codes.
pub async fn two_factor_recovery_codes(body: TwoFactorCode) -> ApiResult<RecoveryCodes> {
    send_json(Request::post("/api/v1/me/two-factor/recovery-codes"), &body).await
}

/// Turns two-factor authentication off.
pub async fn two_factor_disable(body: TwoFactorCode) -> ApiResult<()> {
    send(Request::post("/api/v1/me/two-factor/disable"), &body)
        .await
        .map(|_| ())
}

/// The ways to sign in besides a password (the bank's, when set up).
pub async fn providers() -> ApiResult<SignInProviders> {
    get_json("/api/v1/auth/providers").await
}

/// Changes the password; the server ends every other session.
pub async fn change_password(body: ChangePassword) -> ApiResult<()> {
    send(Request::post("/api/v1/me/password"), &body)
        .await
        .map(|_| ())
}

/// A page of ideas.
pub async fn ideas(query: IdeaQuery) -> ApiResult<IdeaList> {
    let pairs = query_pairs([
        ("sort", query.sort.map(|s| s.as_str().to_owned())),
        ("status", query.status.map(|s| s.as_str().to_owned())),
        ("theme", query.theme),
        ("q", query.q),
        ("cursor", query.cursor),
        ("limit", query.limit.map(|l| l.to_string())),
    ]);
    fetch_json(Request::get("/api/v1/ideas").query(pairs)).await
}

/// The parameters given, empty ones left out.
fn query_pairs<const N: usize>(
    pairs: [(&'static str, Option<String>); N],
) -> Vec<(&'static str, String)> {
    pairs
        .into_iter()
        .filter_map(|(key, value)| value.filter(|v| !v.is_empty()).map(|v| (key, v)))
        .collect()
}

pub async fn idea(id: i64) -> ApiResult<IdeaView> {
    get_json(&format!("/api/v1/ideas/{id}")).await
}

pub async fn create_idea(body: CreateIdea) -> ApiResult<IdeaView> {
    send_json(Request::post("/api/v1/ideas"), &body).await
}

pub async fn update_idea(id: i64, body: UpdateIdea) -> ApiResult<IdeaView> {
    send_json(Request::patch(&format!("/api/v1/ideas/{id}")), &body).await
}

pub async fn delete_idea(id: i64) -> ApiResult<()> {
    send_empty(Request::delete(&format!("/api/v1/ideas/{id}"))).await
}

/// Up to five ideas like the title being typed.
pub async fn similar_ideas(q: String) -> ApiResult<SimilarIdeas> {
    fetch_json(Request::get("/api/v1/ideas/similar").query([("q", q)])).await
}

/// Supports (`true`) or withdraws the support (`false`).
pub async fn support(id: i64, on: bool) -> ApiResult<SupportView> {
    fetch_json(put_or_delete(&format!("/api/v1/ideas/{id}/vote"), on)).await
}

pub async fn comments(idea: i64) -> ApiResult<CommentList> {
    get_json(&format!("/api/v1/ideas/{idea}/comments")).await
}

pub async fn create_comment(idea: i64, body: CreateComment) -> ApiResult<CommentView> {
    send_json(
        Request::post(&format!("/api/v1/ideas/{idea}/comments")),
        &body,
    )
    .await
}

pub async fn update_comment(id: i64, body: UpdateComment) -> ApiResult<CommentView> {
    send_json(Request::patch(&format!("/api/v1/comments/{id}")), &body).await
}

pub async fn delete_comment(id: i64) -> ApiResult<()> {
    send_empty(Request::delete(&format!("/api/v1/comments/{id}"))).await
}

/// Marks a comment helpful (`true`) or takes the mark back (`false`).
pub async fn mark_comment_helpful(id: i64, on: bool) -> ApiResult<CommentVoteView> {
    fetch_json(put_or_delete(&format!("/api/v1/comments/{id}/vote"), on)).await
}

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

pub async fn notifications() -> ApiResult<NotificationList> {
    get_json("/api/v1/notifications").await
}

/// An idea's timeline and the merges around it.
pub async fn idea_timeline(id: i64) -> ApiResult<IdeaTimeline> {
    get_json(&format!("/api/v1/ideas/{id}/follow-ups")).await
}

/// A page of the latest decisions.
pub async fn follow_ups(query: FollowUpQuery) -> ApiResult<FollowUpList> {
    let pairs = query_pairs([
        ("status", query.status.map(|s| s.as_str().to_owned())),
        ("theme", query.theme),
        ("cursor", query.cursor),
        ("limit", query.limit.map(|l| l.to_string())),
    ]);
    fetch_json(Request::get("/api/v1/follow-ups").query(pairs)).await
}

/// The public figures of "You said, we did".
pub async fn stats() -> ApiResult<Stats> {
    get_json("/api/v1/stats").await
}

/// The team changes an idea's status.
pub async fn change_status(id: i64, body: ChangeStatus) -> ApiResult<FollowUpView> {
    send_json(Request::post(&format!("/api/v1/ideas/{id}/status")), &body).await
}

pub async fn report(body: CreateReport) -> ApiResult<ReportView> {
    send_json(Request::post("/api/v1/reports"), &body).await
}

/// Anyone, signed in or not, reports an accessibility problem.
pub async fn report_accessibility_problem(
    body: ReportAccessibilityProblem,
) -> ApiResult<AccessibilityProblemView> {
    send_json(Request::post("/api/v1/accessibility/problems"), &body).await
}

pub async fn accessibility_problems() -> ApiResult<AccessibilityProblems> {
    get_json("/api/v1/moderation/accessibility").await
}

pub async fn resolve_accessibility_problem(id: i64) -> ApiResult<AccessibilityProblemView> {
    fetch_json(Request::post(&format!(
        "/api/v1/moderation/accessibility/{id}/resolve"
    )))
    .await
}

pub async fn moderation_queue() -> ApiResult<ModerationQueue> {
    get_json("/api/v1/moderation/queue").await
}

fn item_path(target: TargetType, id: i64) -> String {
    format!("/api/v1/moderation/items/{}/{id}", target.as_str())
}

pub async fn moderation_item(target: TargetType, id: i64) -> ApiResult<ModerationItem> {
    get_json(&item_path(target, id)).await
}

/// What a moderator can do to a piece of content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContentAction {
    Hide,
    Restore,
    Dismiss,
    Lock,
    Unlock,
}

pub async fn moderate(
    target: TargetType,
    id: i64,
    action: ContentAction,
    reason: String,
) -> ApiResult<ContentSummary> {
    let base = item_path(target, id);
    let verb = match action {
        ContentAction::Hide => "hide",
        ContentAction::Restore => "restore",
        ContentAction::Dismiss => "dismiss",
        ContentAction::Lock | ContentAction::Unlock => {
            let locked = action == ContentAction::Lock;
            let body = SetLock { locked, reason };
            return send_json(Request::post(&format!("{base}/lock")), &body).await;
        }
    };
    let body = ModerationReason { reason };
    send_json(Request::post(&format!("{base}/{verb}")), &body).await
}

pub async fn merge_idea(id: i64, body: MergeIdea) -> ApiResult<FollowUpView> {
    send_json(
        Request::post(&format!("/api/v1/moderation/ideas/{id}/merge")),
        &body,
    )
    .await
}

pub async fn unmerge_idea(id: i64, body: UnmergeIdea) -> ApiResult<FollowUpView> {
    send_json(
        Request::post(&format!("/api/v1/moderation/ideas/{id}/unmerge")),
        &body,
    )
    .await
}

/// People by display name or exact email (sent in the body, never in the address).
pub async fn search_people(q: String) -> ApiResult<PeopleList> {
    send_json(
        Request::post("/api/v1/moderation/people/search"),
        &PeopleSearch { q },
    )
    .await
}

pub async fn set_role(id: i64, body: SetRole) -> ApiResult<PersonView> {
    send_json(
        Request::post(&format!("/api/v1/moderation/people/{id}/roles")),
        &body,
    )
    .await
}

pub async fn set_expert_themes(id: i64, body: SetExpertThemes) -> ApiResult<PersonView> {
    send_json(
        Request::put(&format!("/api/v1/moderation/people/{id}/themes")),
        &body,
    )
    .await
}

pub async fn all_themes() -> ApiResult<Vec<ThemeAdminView>> {
    get_json("/api/v1/moderation/themes").await
}

pub async fn create_theme(body: CreateTheme) -> ApiResult<ThemeAdminView> {
    send_json(Request::post("/api/v1/moderation/themes"), &body).await
}

pub async fn update_theme(id: i64, body: UpdateTheme) -> ApiResult<ThemeAdminView> {
    send_json(
        Request::patch(&format!("/api/v1/moderation/themes/{id}")),
        &body,
    )
    .await
}

pub async fn audit(query: AuditQuery) -> ApiResult<AuditList> {
    let pairs = query_pairs([
        ("action", query.action.map(|a| a.as_str().to_owned())),
        (
            "target_type",
            query.target_type.map(|t| t.as_str().to_owned()),
        ),
        ("target_id", query.target_id.map(|t| t.to_string())),
        ("cursor", query.cursor),
        ("limit", query.limit.map(|l| l.to_string())),
    ]);
    fetch_json(Request::get("/api/v1/moderation/audit").query(pairs)).await
}

/// Where the console downloads the ideas' CSV (the browser sends the session cookie).
pub const IDEAS_EXPORT_URL: &str = "/api/v1/moderation/export/ideas.csv";

/// The sanitised HTML a Markdown body will publish as.
pub async fn preview(body: String) -> ApiResult<RenderedMarkdown> {
    send_json(
        Request::post("/api/v1/markdown/preview"),
        &MarkdownPreview { body },
    )
    .await
}

/// Follows (`on`) or stops following an idea, a question (by id) or a theme (by slug).
pub async fn follow(target: FollowTarget, key: &str, on: bool) -> ApiResult<FollowView> {
    let collection = match target {
        FollowTarget::Idea => "ideas",
        FollowTarget::Question => "questions",
        FollowTarget::Theme => "themes",
    };
    fetch_json(put_or_delete(
        &format!("/api/v1/{collection}/{key}/follow"),
        on,
    ))
    .await
}

pub async fn profile(id: i64) -> ApiResult<ProfileView> {
    get_json(&format!("/api/v1/people/{id}")).await
}

pub async fn settings() -> ApiResult<Settings> {
    get_json("/api/v1/me/settings").await
}

pub async fn update_settings(body: UpdateSettings) -> ApiResult<Settings> {
    send_json(Request::patch("/api/v1/me/settings"), &body).await
}

/// Uploads a picture as it is; the server checks, crops and re-encodes it.
pub async fn upload_avatar(file: web_sys::File) -> ApiResult<Settings> {
    let kind = file.type_();
    let response = reach(|| {
        Request::put("/api/v1/me/avatar")
            .header(
                "Content-Type",
                if kind.is_empty() {
                    "application/octet-stream"
                } else {
                    &kind
                },
            )
            .body(file)
    })
    .await?;
    let response = expect_ok(response).await?;
    response.json().await.map_err(|_| ApiError::Network)
}

pub async fn remove_avatar() -> ApiResult<Settings> {
    fetch_json(Request::delete("/api/v1/me/avatar")).await
}

pub async fn home() -> ApiResult<HomeView> {
    get_json("/api/v1/me/home").await
}

/// Deletes the account; the server ends every session.
pub async fn delete_account(password: String) -> ApiResult<()> {
    send(
        Request::post("/api/v1/me/delete"),
        &DeleteAccount { password },
    )
    .await
    .map(|_| ())
}

pub async fn unsubscribe(token: String) -> ApiResult<Unsubscribed> {
    send_json(Request::post("/api/v1/unsubscribe"), &Unsubscribe { token }).await
}

/// Marks these notifications read (all of them when `ids` is `None`).
pub async fn mark_read(ids: Option<Vec<i64>>) -> ApiResult<NotificationList> {
    send_json(
        Request::post("/api/v1/notifications/read"),
        &MarkRead { ids },
    )
    .await
}

async fn get_json<T: DeserializeOwned>(url: &str) -> ApiResult<T> {
    fetch_json(Request::get(url)).await
}

/// Sends a request without a body and decodes the JSON answer.
/// The API's idempotent switches: `PUT` turns on, `DELETE` turns off.
fn put_or_delete(url: &str, on: bool) -> RequestBuilder {
    if on {
        Request::put(url)
    } else {
        Request::delete(url)
    }
}

/// Builds and sends a request in a task of its own. A page asks for several things as it
/// starts; building and sending each in the task that drew the page would make one long
/// task, during which a tap or a key waits (what Lighthouse counts as blocking time).
/// Whether the server answered at all (any status) is recorded for the connection banner.
async fn reach(request: impl FnOnce() -> Result<Request, gloo_net::Error>) -> ApiResult<Response> {
    next_task().await;
    let response = request().map_err(|_| ApiError::Network)?.send().await;
    crate::components::connection::answered(response.is_ok());
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

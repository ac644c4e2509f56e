//! The API client: the only code that knows URLs. Every call returns `Result<T, ApiError>`
//! with the server's problem document decoded, so pages can show what went wrong.

use api::{ChangePassword, Credentials, Me, Problem, Signup, ThemeView};
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
    let response = Request::post("/api/v1/auth/logout")
        .send()
        .await
        .map_err(|_| ApiError::Network)?;
    expect_ok(response).await.map(|_| ())
}

/// Changes the password; the server ends every other session.
pub async fn change_password(body: ChangePassword) -> ApiResult<()> {
    send(Request::post("/api/v1/me/password"), &body)
        .await
        .map(|_| ())
}

async fn get_json<T: DeserializeOwned>(url: &str) -> ApiResult<T> {
    let response = Request::get(url)
        .send()
        .await
        .map_err(|_| ApiError::Network)?;
    let response = expect_ok(response).await?;
    response.json::<T>().await.map_err(|_| ApiError::Network)
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
    let response = request
        .json(body)
        .map_err(|_| ApiError::Network)?
        .send()
        .await
        .map_err(|_| ApiError::Network)?;
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

//! People: follows, profiles, settings, the avatar, the home page, the account's deletion, unsubscribing (`/api/v1/people`, `/api/v1/me/*`).

use super::*;

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

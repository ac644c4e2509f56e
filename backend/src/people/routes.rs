//! People: profiles and avatars, one's settings and home, follows, one's data (export,
//! deletion) and the unsubscribe links of emails.

use crate::people;
use crate::people::follows::{self, Followed};
use crate::people::personal_data::{self, DataExport};
use crate::people::unsubscribe;
use crate::platform::auth::CurrentUser;
use crate::platform::auth::SignedIn;
use crate::platform::auth::removal_cookie;
use crate::platform::error::{ApiError, ApiResult};
use crate::platform::state::AppState;
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, put, web};
use api::{
    AVATAR_MAX_BYTES, DeleteAccount, FieldIssue, FollowView, HomeView, OneClickUnsubscribe,
    Problem, ProfileView, Settings, Unsubscribe, Unsubscribed, UpdateSettings,
};
use futures_util::StreamExt;
use serde::Deserialize;

/// A person's public profile: badges, bio, activity and reputation.
#[utoipa::path(tag = "people",
    params(("id" = i64, Path, description = "The person's id")),
    responses(
        (status = 200, description = "The profile", body = ProfileView),
        (status = 404, description = "No such person (or a deleted account)", body = Problem),
    ))]
#[get("/people/{id:[0-9]+}")]
pub async fn get_profile(
    state: web::Data<AppState>,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(people::profile(&state.db, *id).await?))
}

/// A person's uploaded picture: a 256 × 256 PNG the server encoded itself.
#[utoipa::path(tag = "people",
    params(("id" = i64, Path, description = "The person's id")),
    responses(
        (status = 200, description = "The picture", content_type = "image/png"),
        (status = 404, description = "No picture", body = Problem),
    ))]
#[get("/people/{id:[0-9]+}/avatar")]
pub async fn get_avatar(state: web::Data<AppState>, id: web::Path<i64>) -> ApiResult<HttpResponse> {
    let png = people::settings::avatar_png(&state.db, *id).await?;
    Ok(HttpResponse::Ok()
        .content_type("image/png")
        // The address changes with the picture (`?v=`), so it may be kept a day.
        .insert_header((header::CACHE_CONTROL, "public, max-age=86400"))
        .insert_header(("Content-Security-Policy", "default-src 'none'"))
        .body(png))
}

/// One's settings: name, bio, language, avatar, notification preferences, themes.
#[utoipa::path(tag = "me",
    responses(
        (status = 200, description = "The settings", body = Settings),
    ),
    security(("cookie" = []), ("bearer" = [])))]
#[get("/me/settings")]
pub async fn get_settings(
    state: web::Data<AppState>,
    user: CurrentUser,
) -> ApiResult<HttpResponse> {
    Ok(no_store(
        people::settings::settings(&state.db, user.user.id).await?,
    ))
}

/// Changes one's settings; only what is given changes, and nothing if a field is wrong.
#[utoipa::path(tag = "me", request_body = UpdateSettings,
    responses(
        (status = 200, description = "The settings as stored", body = Settings),
        (status = 422, description = "Invalid fields", body = Problem),
    ),
    security(("cookie" = []), ("bearer" = [])))]
#[patch("/me/settings")]
pub async fn update_settings(
    state: web::Data<AppState>,
    user: CurrentUser,
    body: web::Json<UpdateSettings>,
) -> ApiResult<HttpResponse> {
    Ok(no_store(
        people::settings::update_settings(&state.db, &user, body.into_inner()).await?,
    ))
}

/// Uploads one's picture: the raw bytes of a PNG, JPEG or WebP image (at most 2 MiB),
/// cropped to a square and re-encoded by the server.
#[utoipa::path(tag = "me",
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses(
        (status = 200, description = "The settings with the new picture", body = Settings),
        (status = 422, description = "Not an accepted picture, or too large", body = Problem),
    ),
    security(("cookie" = []), ("bearer" = [])))]
#[put("/me/avatar")]
pub async fn upload_avatar(
    state: web::Data<AppState>,
    user: CurrentUser,
    mut body: web::Payload,
) -> ApiResult<HttpResponse> {
    // Read no more than one byte past the limit: the service says what is too large.
    let mut bytes = Vec::new();
    while let Some(chunk) = body.next().await {
        let chunk = chunk.map_err(|_| ApiError::field("avatar", FieldIssue::NotAnImage))?;
        let room = (AVATAR_MAX_BYTES + 1).saturating_sub(bytes.len());
        bytes.extend_from_slice(&chunk[..chunk.len().min(room)]);
        if bytes.len() > AVATAR_MAX_BYTES {
            break;
        }
    }
    Ok(no_store(
        people::settings::set_avatar(&state.db, &user, bytes).await?,
    ))
}

/// Goes back to the generated avatar (initials on a colour).
#[utoipa::path(tag = "me",
    responses(
        (status = 200, description = "The settings without a picture", body = Settings),
    ),
    security(("cookie" = []), ("bearer" = [])))]
#[delete("/me/avatar")]
pub async fn remove_avatar(
    state: web::Data<AppState>,
    user: CurrentUser,
) -> ApiResult<HttpResponse> {
    Ok(no_store(
        people::settings::remove_avatar(&state.db, &user).await?,
    ))
}

/// One's home: news of followed themes, updates on what one follows, open questions.
#[utoipa::path(tag = "me",
    responses(
        (status = 200, description = "The personal home", body = HomeView),
    ),
    security(("cookie" = []), ("bearer" = [])))]
#[get("/me/home")]
pub async fn home(state: web::Data<AppState>, user: CurrentUser) -> ApiResult<HttpResponse> {
    Ok(no_store(people::home(&state.db, &user).await?))
}

/// Everything Cocrea holds about oneself, as a JSON file to download.
#[utoipa::path(tag = "me",
    responses(
        (status = 200, description = "The data, as an attachment", body = DataExport),
    ),
    security(("cookie" = []), ("bearer" = [])))]
#[get("/me/export")]
pub async fn export(state: web::Data<AppState>, user: CurrentUser) -> ApiResult<HttpResponse> {
    let data = personal_data::export(&state.db, &user).await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .insert_header((
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"cocrea-my-data.json\"",
        ))
        .json(data))
}

/// Deletes one's account after checking the password. Public contributions stay, signed
/// "deleted member"; votes are withdrawn and counts recomputed; every session ends.
#[utoipa::path(tag = "me", request_body = DeleteAccount,
    responses(
        (status = 204, description = "Deleted; the session cookie is removed"),
        (status = 422, description = "Wrong or missing password", body = Problem),
    ),
    security(("cookie" = []), ("bearer" = [])))]
#[post("/me/delete")]
pub async fn delete_account(
    state: web::Data<AppState>,
    user: SignedIn,
    body: web::Json<DeleteAccount>,
) -> ApiResult<HttpResponse> {
    let SignedIn(user) = user;
    personal_data::delete_account(&state.db, &user, &state.dummy_hash, body.into_inner()).await?;
    Ok(HttpResponse::NoContent()
        .cookie(removal_cookie(&state))
        .finish())
}

macro_rules! follow_routes {
    ($follow:ident, $unfollow:ident, $path:literal, $param:ty, $what:expr, $doc:literal) => {
        #[doc = concat!("Follows ", $doc, " (idempotent): hear of what happens there.")]
        #[utoipa::path(put, path = $path, tag = "follows",
                    params(("key" = String, Path, description = "The id (a slug for themes)")),
                    responses(
                        (status = 200, description = "Followed", body = FollowView),
                        (status = 404, description = "Nothing to follow here", body = Problem),
                    ),
                    security(("cookie" = []), ("bearer" = [])))]
        #[put($path)]
        pub async fn $follow(
            state: web::Data<AppState>,
            user: CurrentUser,
            key: web::Path<$param>,
        ) -> ApiResult<HttpResponse> {
            let what = ($what)(&key);
            Ok(HttpResponse::Ok().json(follows::set(&state.db, &user, what, true).await?))
        }

        #[doc = concat!("Stops following ", $doc, " (idempotent).")]
        #[utoipa::path(delete, path = $path, tag = "follows",
                    params(("key" = String, Path, description = "The id (a slug for themes)")),
                    responses(
                        (status = 200, description = "No longer followed", body = FollowView),
                        (status = 404, description = "Nothing to follow here", body = Problem),
                    ),
                    security(("cookie" = []), ("bearer" = [])))]
        #[delete($path)]
        pub async fn $unfollow(
            state: web::Data<AppState>,
            user: CurrentUser,
            key: web::Path<$param>,
        ) -> ApiResult<HttpResponse> {
            let what = ($what)(&key);
            Ok(HttpResponse::Ok().json(follows::set(&state.db, &user, what, false).await?))
        }
    };
}

follow_routes!(
    follow_idea,
    unfollow_idea,
    "/ideas/{key}/follow",
    i64,
    |id: &i64| Followed::Idea(*id),
    "an idea"
);
follow_routes!(
    follow_question,
    unfollow_question,
    "/questions/{key}/follow",
    i64,
    |id: &i64| Followed::Question(*id),
    "a question"
);
follow_routes!(
    follow_theme,
    unfollow_theme,
    "/themes/{key}/follow",
    String,
    |slug: &String| Followed::Theme(slug.clone()),
    "a theme"
);

/// The token of an unsubscribe link, in the address (one-click, RFC 8058) or the body.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TokenQuery {
    pub token: Option<String>,
}

/// Stops the emails an unsubscribe link names, without signing in. Mail clients post
/// here directly (`List-Unsubscribe-Post`); the web app posts the token as JSON.
#[utoipa::path(tag = "people",
    params(TokenQuery),
    request_body(description = "The token as JSON, unless it is in the address; mail clients post `List-Unsubscribe=One-Click` as a form",
        content((Unsubscribe = "application/json"), (OneClickUnsubscribe = "application/x-www-form-urlencoded"))),
    responses(
        (status = 200, description = "What no longer sends email", body = Unsubscribed),
        (status = 400, description = "A JSON body that is not {token}", body = Problem),
        (status = 404, description = "Not a valid link", body = Problem),
        (status = 422, description = "No token, in the address or the body", body = Problem),
    ))]
#[post("/unsubscribe")]
pub async fn unsubscribe_link(
    state: web::Data<AppState>,
    req: HttpRequest,
    query: web::Query<TokenQuery>,
    body: web::Bytes,
) -> ApiResult<HttpResponse> {
    let is_json = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    let token = match (&query.token, is_json) {
        (Some(token), _) => token.clone(),
        (None, true) => {
            serde_json::from_slice::<Unsubscribe>(&body)
                .map_err(|_| ApiError::Malformed("expected {\"token\": \"…\"}".into()))?
                .token
        }
        (None, false) => return Err(ApiError::field("token", FieldIssue::Required)),
    };
    let stopped = unsubscribe::apply(&state.db, &state.links, &token).await?;
    Ok(HttpResponse::Ok().json(stopped))
}

fn no_store<T: serde::Serialize>(body: T) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(body)
}

//! `/api/v1/themes`

use crate::error::ApiResult;
use crate::services::themes;
use crate::startup::AppState;
use actix_web::{HttpResponse, get, web};
use api::{Problem, ThemeView};

/// Every active theme with its response-time commitment, in display order.
#[utoipa::path(get, path = "/api/v1/themes", tag = "themes",
    responses(
        (status = 200, description = "The themes", body = [ThemeView]),
        (status = 500, description = "Server error", body = Problem),
    ))]
#[get("/themes")]
pub async fn list_themes(state: web::Data<AppState>) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(themes::list_active(&state.db).await?))
}

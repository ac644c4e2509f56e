//! `/api/v1/themes`

use crate::platform::error::ApiResult;
use crate::platform::state::AppState;
use crate::themes;
use actix_web::{HttpResponse, get, web};
use api::{Problem, ThemeView};

/// Every active theme with its response-time commitment, in display order.
#[utoipa::path(tag = "themes",
    responses(
        (status = 200, description = "The themes", body = [ThemeView]),
        (status = 500, description = "Server error", body = Problem),
    ))]
#[get("/themes")]
pub async fn list_themes(state: web::Data<AppState>) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(themes::list_active(&state.db).await?))
}

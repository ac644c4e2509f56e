//! `GET /api/openapi.json`: the API described from the code itself.

use actix_web::{HttpResponse, get};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(title = "Cocrea API", version = "1", description = "A bank's co-creation community: ideas, questions to experts, votes and public follow-up."),
    paths(
        super::auth::signup,
        super::auth::login,
        super::auth::logout,
        super::auth::token,
        super::me::get_me,
        super::me::change_password,
        super::people::get_settings,
        super::people::update_settings,
        super::people::upload_avatar,
        super::people::remove_avatar,
        super::people::home,
        super::people::export,
        super::people::delete_account,
        super::people::get_profile,
        super::people::get_avatar,
        super::people::unsubscribe_link,
        super::people::follow_idea,
        super::people::unfollow_idea,
        super::people::follow_question,
        super::people::unfollow_question,
        super::people::follow_theme,
        super::people::unfollow_theme,
        super::themes::list_themes,
        super::ideas::list_ideas,
        super::ideas::create_idea,
        super::ideas::similar_ideas,
        super::ideas::get_idea,
        super::ideas::update_idea,
        super::ideas::delete_idea,
        super::ideas::support_idea,
        super::ideas::withdraw_support,
        super::ideas::list_comments,
        super::ideas::create_comment,
        super::comments::update_comment,
        super::comments::delete_comment,
        super::markdown::preview_markdown,
        super::questions::list_questions,
        super::questions::create_question,
        super::questions::similar_questions,
        super::questions::question_stats,
        super::questions::get_question,
        super::questions::update_question,
        super::questions::vote_question,
        super::questions::unvote_question,
        super::questions::create_answer,
        super::questions::accept_answer,
        super::answers::update_answer,
        super::answers::rate_answer,
        super::answers::unrate_answer,
        super::experts::expert_queue,
        super::experts::list_notifications,
        super::experts::read_notifications,
        super::follow_ups::change_status,
        super::follow_ups::idea_timeline,
        super::follow_ups::list_follow_ups,
        super::follow_ups::stats,
        super::reports::create_report,
        super::moderation::moderation_queue,
        super::moderation::moderation_item,
        super::moderation::hide_content,
        super::moderation::restore_content,
        super::moderation::dismiss_reports,
        super::moderation::lock_thread,
        super::moderation::merge_idea,
        super::moderation::unmerge_idea,
        super::moderation::search_people,
        super::moderation::set_role,
        super::moderation::set_expert_themes,
        super::moderation::list_all_themes,
        super::moderation::create_theme,
        super::moderation::update_theme,
        super::moderation::audit_log,
        super::moderation::export_ideas,
        super::health::healthz,
        spec,
    ),
    components(schemas(api::Problem, api::FieldIssue, api::Role, api::IdeaStatus, api::IdeaSort, api::Badge, api::QuestionSort, api::NotificationKind, api::Delivery, api::FollowTarget, api::TargetType, api::ReportReason, api::AuditAction)),
    modifiers(&Security),
)]
pub struct ApiDoc;

struct Security;

impl Modify for Security {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .build(),
            ),
        );
        components.add_security_scheme(
            "cookie",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new(
                crate::auth::SESSION_COOKIE,
            ))),
        );
    }
}

/// This document.
#[utoipa::path(get, path = "/api/openapi.json", tag = "operations",
    responses((status = 200, description = "The OpenAPI 3.1 document", content_type = "application/json")))]
#[get("/openapi.json")]
pub async fn spec() -> HttpResponse {
    HttpResponse::Ok().json(ApiDoc::openapi())
}

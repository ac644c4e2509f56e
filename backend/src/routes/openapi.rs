//! `GET /api/openapi.json`: the API described from the code itself.

use std::sync::LazyLock;

use actix_web::{HttpResponse, get};
use utoipa::openapi::path::Operation;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{Content, Ref, RefOr, ResponseBuilder};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(title = "Cocrea API", version = "1", description = "A bank's co-creation community: ideas, questions to experts, votes and public follow-up."),
    paths(
        super::auth::signup,
        super::auth::login,
        super::auth::logout,
        super::auth::token,
        super::auth::verify_email,
        super::auth::resend_verification,
        super::auth::request_password_reset,
        super::auth::reset_password,
        super::oidc::providers,
        super::oidc::start,
        super::oidc::link,
        super::oidc::callback,
        super::me::get_me,
        super::me::change_password,
        super::me::change_email,
        super::me::redeem_client_code,
        super::me::list_sessions,
        super::me::end_other_sessions,
        super::me::end_session,
        super::me::two_factor_status,
        super::me::two_factor_setup,
        super::me::two_factor_enable,
        super::me::two_factor_check,
        super::me::two_factor_recovery_codes,
        super::me::two_factor_disable,
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
        super::accessibility::report_problem,
        super::accessibility::list_problems,
        super::accessibility::resolve_problem,
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
    modifiers(&Security, &MalformedRequests, &ProblemJson),
)]
pub struct ApiDoc;

/// Every operation of the document, whatever its method.
fn operations(openapi: &mut utoipa::openapi::OpenApi) -> impl Iterator<Item = &mut Operation> {
    openapi.paths.paths.values_mut().flat_map(|item| {
        [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.patch,
            &mut item.head,
            &mut item.options,
            &mut item.trace,
        ]
        .into_iter()
        .flatten()
    })
}

/// Any operation that reads parameters or a body can be sent ones that do not parse
/// (`?limit=abc`, a JSON array for an object): 400, documented once here rather than on
/// every annotation.
struct MalformedRequests;

impl Modify for MalformedRequests {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        for operation in operations(openapi) {
            let reads_input = operation.request_body.is_some()
                || operation.parameters.as_ref().is_some_and(|p| !p.is_empty());
            if reads_input {
                operation
                    .responses
                    .responses
                    .entry("400".into())
                    .or_insert_with(|| {
                        ResponseBuilder::new()
                            .description("Malformed parameters or body")
                            .content(
                                "application/json",
                                Content::new(Some(RefOr::Ref(Ref::from_schema_name("Problem")))),
                            )
                            .build()
                            .into()
                    });
            }
        }
    }
}

/// Errors travel as `application/problem+json` (RFC 9457), which is what the server
/// sends: the annotations say `body = Problem` once, and this names the media type.
struct ProblemJson;

impl Modify for ProblemJson {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        for operation in operations(openapi) {
            for response in operation.responses.responses.values_mut() {
                let RefOr::T(response) = response else {
                    continue;
                };
                let is_problem = |content: &Content| matches!(&content.schema, Some(RefOr::Ref(r)) if r.ref_location.ends_with("/Problem"));
                if let Some(content) = response.content.shift_remove("application/json") {
                    let media_type = if is_problem(&content) {
                        "application/problem+json"
                    } else {
                        "application/json"
                    };
                    response.content.insert(media_type.into(), content);
                }
            }
        }
    }
}

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

/// The methods the document lists for a request path, as an `Allow` header value, or
/// `None` when no documented path matches. Where a literal segment and a parameter both
/// match (`/ideas/similar` and `/ideas/{id}`), the template with more literal segments
/// wins, as it does in the router.
pub fn allowed_methods(path: &str) -> Option<&'static str> {
    static TABLE: LazyLock<Vec<(Vec<String>, String)>> = LazyLock::new(|| {
        let openapi = ApiDoc::openapi();
        openapi
            .paths
            .paths
            .iter()
            .map(|(template, item)| {
                let methods = [
                    ("GET", item.get.is_some()),
                    ("HEAD", item.get.is_some()),
                    ("POST", item.post.is_some()),
                    ("PUT", item.put.is_some()),
                    ("PATCH", item.patch.is_some()),
                    ("DELETE", item.delete.is_some()),
                ]
                .into_iter()
                .filter_map(|(method, listed)| listed.then_some(method))
                .collect::<Vec<_>>()
                .join(", ");
                (template.split('/').map(str::to_owned).collect(), methods)
            })
            .collect()
    });
    let segments: Vec<&str> = path.split('/').collect();
    TABLE
        .iter()
        .filter(|(template, _)| {
            template.len() == segments.len()
                && template
                    .iter()
                    .zip(&segments)
                    .all(|(t, s)| t.starts_with('{') || t == s)
        })
        .max_by_key(|(template, _)| template.iter().filter(|t| !t.starts_with('{')).count())
        .map(|(_, methods)| methods.as_str())
}

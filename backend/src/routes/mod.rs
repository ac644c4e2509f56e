//! HTTP routes: one module per resource, thin handlers that extract, parse, call one
//! service and map the result to a view.

pub mod accessibility;
pub mod answers;
pub mod assets;
pub mod auth;
pub mod comments;
pub mod experts;
pub mod feeds;
pub mod follow_ups;
pub mod health;
pub mod ideas;
pub mod markdown;
pub mod me;
pub mod moderation;
pub mod oidc;
pub mod openapi;
pub mod people;
pub mod questions;
pub mod reports;
pub mod themes;

use crate::error::ApiError;
use actix_web::middleware::from_fn;
use actix_web::{HttpRequest, HttpResponse, web};

/// Mounts every route.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope("/api")
            .service(
                web::scope("/v1")
                    .wrap(from_fn(crate::auth::authenticate))
                    .service(auth::signup)
                    .service(auth::login)
                    .service(auth::logout)
                    .service(auth::token)
                    .service(auth::verify_email)
                    .service(auth::resend_verification)
                    .service(auth::request_password_reset)
                    .service(auth::reset_password)
                    .service(oidc::providers)
                    .service(oidc::start)
                    .service(oidc::link)
                    .service(oidc::callback)
                    .service(me::get_me)
                    .service(me::change_password)
                    .service(me::change_email)
                    .service(me::redeem_client_code)
                    .service(me::list_sessions)
                    .service(me::end_other_sessions)
                    .service(me::end_session)
                    .service(me::two_factor_status)
                    .service(me::two_factor_setup)
                    .service(me::two_factor_enable)
                    .service(me::two_factor_check)
                    .service(me::two_factor_recovery_codes)
                    .service(me::two_factor_disable)
                    .service(people::get_settings)
                    .service(people::update_settings)
                    .service(people::upload_avatar)
                    .service(people::remove_avatar)
                    .service(people::home)
                    .service(people::export)
                    .service(people::delete_account)
                    .service(people::get_profile)
                    .service(people::get_avatar)
                    .service(people::unsubscribe_link)
                    .service(people::follow_idea)
                    .service(people::unfollow_idea)
                    .service(people::follow_question)
                    .service(people::unfollow_question)
                    .service(people::follow_theme)
                    .service(people::unfollow_theme)
                    .service(themes::list_themes)
                    // `similar` before `{id}`: the literal segment must win.
                    .service(ideas::similar_ideas)
                    .service(ideas::list_ideas)
                    .service(ideas::create_idea)
                    .service(ideas::get_idea)
                    .service(ideas::update_idea)
                    .service(ideas::delete_idea)
                    .service(ideas::support_idea)
                    .service(ideas::withdraw_support)
                    .service(ideas::list_comments)
                    .service(ideas::create_comment)
                    .service(comments::update_comment)
                    .service(comments::delete_comment)
                    .service(markdown::preview_markdown)
                    // `similar` and `stats` before `{id}`: the literal segments must win.
                    .service(questions::similar_questions)
                    .service(questions::question_stats)
                    .service(questions::list_questions)
                    .service(questions::create_question)
                    .service(questions::get_question)
                    .service(questions::update_question)
                    .service(questions::vote_question)
                    .service(questions::unvote_question)
                    .service(questions::create_answer)
                    .service(questions::accept_answer)
                    .service(answers::update_answer)
                    .service(answers::rate_answer)
                    .service(answers::unrate_answer)
                    .service(experts::expert_queue)
                    .service(experts::list_notifications)
                    .service(experts::read_notifications)
                    .service(follow_ups::change_status)
                    .service(follow_ups::idea_timeline)
                    .service(follow_ups::list_follow_ups)
                    .service(follow_ups::stats)
                    .service(reports::create_report)
                    .service(accessibility::report_problem)
                    .service(accessibility::list_problems)
                    .service(accessibility::resolve_problem)
                    .service(moderation::moderation_queue)
                    .service(moderation::moderation_item)
                    .service(moderation::hide_content)
                    .service(moderation::restore_content)
                    .service(moderation::dismiss_reports)
                    .service(moderation::lock_thread)
                    .service(moderation::merge_idea)
                    .service(moderation::unmerge_idea)
                    .service(moderation::search_people)
                    .service(moderation::set_role)
                    .service(moderation::set_expert_themes)
                    .service(moderation::list_all_themes)
                    .service(moderation::create_theme)
                    .service(moderation::update_theme)
                    .service(moderation::audit_log)
                    .service(moderation::export_ideas)
                    .default_service(web::to(api_not_found)),
            )
            .service(openapi::spec)
            .default_service(web::to(api_not_found)),
    )
    .service(health::healthz)
    .service(health::baseline)
    .service(feeds::ideas)
    .service(feeds::theme)
    .service(feeds::follow_ups)
    .service(feeds::questions)
    .service(feeds::answers)
    .service(assets::get_asset)
    .default_service(web::to(assets::app_shell));
}

/// Unknown routes under /api answer a problem document, never the web app: 405 with
/// `Allow` when the address is documented with other methods, 404 otherwise.
async fn api_not_found(req: HttpRequest) -> Result<HttpResponse, ApiError> {
    Err(not_routed(&req))
}

/// Why no route took a request: the address is documented with other methods (405 and
/// the methods it takes), or nothing is there (404: no such address, or the method is
/// right and the thing named does not exist, like `/api/v1/ideas/abc`).
pub fn not_routed(req: &HttpRequest) -> ApiError {
    match openapi::allowed_methods(req.path()) {
        Some(allow) if !allow.split(", ").any(|m| m == req.method().as_str()) => {
            ApiError::MethodNotAllowed { allow }
        }
        _ => ApiError::NotFound,
    }
}

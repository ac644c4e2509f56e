//! `/api/v1/moderation/*` and `/api/v1/reports`: the team's console (moderation, staff and
//! themes, reports, the ideas' export, the audit log) and the counters' check.

pub mod audit;
pub mod consistency;
pub mod export;
pub mod report_routes;
pub mod reports;
pub mod routes;
pub mod staff;

use utoipa_actix_web::service_config::ServiceConfig;

/// Registers this slice's routes under `/api/v1`, each with its OpenAPI description.
pub fn register(cfg: &mut ServiceConfig) {
    cfg.service(report_routes::create_report)
        .service(routes::moderation_queue)
        .service(routes::moderation_item)
        .service(routes::hide_content)
        .service(routes::restore_content)
        .service(routes::dismiss_reports)
        .service(routes::lock_thread)
        .service(routes::merge_idea)
        .service(routes::unmerge_idea)
        .service(routes::search_people)
        .service(routes::set_role)
        .service(routes::set_expert_themes)
        .service(routes::list_all_themes)
        .service(routes::create_theme)
        .service(routes::update_theme)
        .service(routes::audit_log)
        .service(routes::export_ideas);
}

//! `/api/v1/auth/*` and the account's security under `/api/v1/me`: sign-up, sign-in
//! (password, with a second factor, or with the bank), e-mail links, sessions, client
//! codes.

pub mod accounts;
pub mod bank_sign_in;
pub mod client_codes;
pub mod identity;
pub mod me_routes;
pub mod oidc;
pub mod routes;
pub mod two_factor;

use utoipa_actix_web::service_config::ServiceConfig;

/// Registers this slice's routes under `/api/v1`, each with its OpenAPI description.
pub fn register(cfg: &mut ServiceConfig) {
    cfg.service(routes::signup)
        .service(routes::login)
        .service(routes::logout)
        .service(routes::token)
        .service(routes::verify_email)
        .service(routes::resend_verification)
        .service(routes::request_password_reset)
        .service(routes::reset_password)
        .service(oidc::providers)
        .service(oidc::start)
        .service(oidc::link)
        .service(oidc::callback)
        .service(me_routes::get_me)
        .service(me_routes::change_password)
        .service(me_routes::change_email)
        .service(me_routes::redeem_client_code)
        .service(me_routes::list_sessions)
        .service(me_routes::end_other_sessions)
        .service(me_routes::end_session)
        .service(me_routes::two_factor_status)
        .service(me_routes::two_factor_setup)
        .service(me_routes::two_factor_enable)
        .service(me_routes::two_factor_check)
        .service(me_routes::two_factor_recovery_codes)
        .service(me_routes::two_factor_disable);
}

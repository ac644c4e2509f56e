//! Turning the server's errors into translated sentences (the alerts that show them are
//! in `alerts`).

use crate::client::ApiError;
use crate::locales::i18n::*;
use api::FieldIssue;
use leptos::prelude::*;
use leptos_i18n::I18nContext;

/// The issues the server reported for one field.
pub fn issues_for(
    error: ReadSignal<Option<ApiError>>,
    field: &'static str,
) -> Signal<Vec<FieldIssue>> {
    Signal::derive(move || match error.get() {
        Some(ApiError::Problem(problem)) => problem.issues.get(field).cloned().unwrap_or_default(),
        _ => Vec::new(),
    })
}

/// One field issue, in the current language.
pub fn issue_text(i18n: I18nContext<Locale>, issue: &FieldIssue) -> String {
    match issue {
        FieldIssue::Required => t_string!(i18n, err_required).to_string(),
        FieldIssue::TooShort { min } => t_string!(i18n, err_too_short, min = *min).to_string(),
        FieldIssue::TooLong { max } => t_string!(i18n, err_too_long, max = *max).to_string(),
        FieldIssue::InvalidEmail => t_string!(i18n, err_invalid_email).to_string(),
        FieldIssue::EmailTaken => t_string!(i18n, err_email_taken).to_string(),
        FieldIssue::ControlCharacters => t_string!(i18n, err_control_characters).to_string(),
        FieldIssue::HiddenCharacters { character } => {
            t_string!(i18n, err_hidden_characters, character = character.clone()).to_string()
        }
        FieldIssue::MixedScripts { character } => t_string!(
            i18n,
            err_mixed_scripts,
            letter = letter_named(character),
            character = character.clone()
        )
        .to_string(),
        FieldIssue::LooksLikeStaff => t_string!(i18n, err_looks_like_staff).to_string(),
        FieldIssue::WrongPassword => t_string!(i18n, err_wrong_password).to_string(),
        FieldIssue::WrongCode => t_string!(i18n, err_wrong_code).to_string(),
        FieldIssue::AccountDetails => t_string!(i18n, err_account_details).to_string(),
        FieldIssue::UnknownTheme => t_string!(i18n, err_unknown_theme).to_string(),
        FieldIssue::Taken => t_string!(i18n, err_taken).to_string(),
        FieldIssue::Invalid => t_string!(i18n, err_invalid).to_string(),
        FieldIssue::NotAnImage => t_string!(i18n, err_not_an_image).to_string(),
        FieldIssue::TooLarge { max_bytes } => {
            t_string!(i18n, err_too_large, kib = max_bytes / 1024).to_string()
        }
    }
}

/// The letter a code point such as `U+0430` names (the server names letters that way).
fn letter_named(code_point: &str) -> String {
    code_point
        .strip_prefix("U+")
        .and_then(|hex| u32::from_str_radix(hex, 16).ok())
        .and_then(char::from_u32)
        .map(String::from)
        .unwrap_or_default()
}

/// The sentence for an error that is not about one field.
pub fn error_text(i18n: I18nContext<Locale>, error: &ApiError) -> String {
    match error.code() {
        api::code::VALIDATION => t_string!(i18n, form_errors).to_string(),
        api::code::INVALID_CREDENTIALS => t_string!(i18n, err_invalid_credentials).to_string(),
        api::code::CSRF => t_string!(i18n, err_cross_site).to_string(),
        api::code::RATE_LIMITED => t_string!(i18n, err_rate_limited).to_string(),
        api::code::UNAVAILABLE => t_string!(i18n, err_unavailable).to_string(),
        api::code::UNAUTHORIZED => t_string!(i18n, err_unauthorized).to_string(),
        api::code::FORBIDDEN => t_string!(i18n, err_forbidden).to_string(),
        api::code::NOT_FOUND => t_string!(i18n, err_not_found).to_string(),
        api::code::EDIT_WINDOW_CLOSED => t_string!(i18n, err_edit_window_closed).to_string(),
        api::code::EMAIL_UNVERIFIED => t_string!(i18n, err_email_unverified).to_string(),
        api::code::INVALID_LINK => t_string!(i18n, err_invalid_link).to_string(),
        api::code::IDEA_HAS_SUPPORTS => t_string!(i18n, err_idea_has_supports).to_string(),
        api::code::OWN_IDEA => t_string!(i18n, err_own_idea).to_string(),
        api::code::OWN_QUESTION => t_string!(i18n, err_own_question).to_string(),
        api::code::OWN_ANSWER => t_string!(i18n, err_own_answer).to_string(),
        api::code::OWN_COMMENT => t_string!(i18n, err_own_comment).to_string(),
        api::code::PERSONAL_MATTER => t_string!(i18n, err_personal_matter).to_string(),
        api::code::NOT_AN_EXPERT => t_string!(i18n, err_not_an_expert).to_string(),
        api::code::TRANSITION_NOT_ALLOWED => {
            t_string!(i18n, err_transition_not_allowed).to_string()
        }
        api::code::THREAD_LOCKED => t_string!(i18n, err_thread_locked).to_string(),
        api::code::IDEA_MERGED => t_string!(i18n, err_idea_merged).to_string(),
        api::code::NOT_A_DUPLICATE => t_string!(i18n, err_not_a_duplicate).to_string(),
        api::code::ALREADY_REPORTED => t_string!(i18n, err_already_reported).to_string(),
        api::code::OWN_ADMIN_ROLE => t_string!(i18n, err_own_admin_role).to_string(),
        api::code::TWO_FACTOR_REQUIRED => t_string!(i18n, err_two_factor_required).to_string(),
        api::code::TWO_FACTOR_INVALID => t_string!(i18n, err_two_factor_invalid).to_string(),
        api::code::STAFF_TWO_FACTOR_SETUP => {
            t_string!(i18n, err_staff_two_factor_setup).to_string()
        }
        api::code::STAFF_TWO_FACTOR_CHECK => {
            t_string!(i18n, err_staff_two_factor_check).to_string()
        }
        api::code::TWO_FACTOR_KEPT => t_string!(i18n, err_two_factor_kept).to_string(),
        api::code::TWO_FACTOR_ON => t_string!(i18n, err_two_factor_on).to_string(),
        "network" => t_string!(i18n, err_network).to_string(),
        _ => t_string!(i18n, err_generic).to_string(),
    }
}

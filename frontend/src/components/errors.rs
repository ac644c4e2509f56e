//! Turning the server's errors into translated sentences.

use crate::client::ApiError;
use crate::i18n::*;
use api::FieldIssue;
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
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

/// The alert above a form: announced by screen readers as soon as it appears.
#[component]
pub fn FormAlert(error: ReadSignal<Option<ApiError>>) -> impl IntoView {
    let i18n = use_i18n();
    let alert = NodeRef::<leptos::html::Div>::new();
    // When fields are refused, the focus goes to the first of them (its message is read
    // with it), so a keyboard user lands where the fix is, rather than on the page itself
    // (the submit button, disabled while sending, has dropped the focus).
    Effect::new(move |_| {
        let fields =
            error.with(|e| matches!(e, Some(ApiError::Problem(p)) if !p.issues.is_empty()));
        if fields {
            request_animation_frame(move || {
                if let Some(alert) = alert.get_untracked() {
                    focus_first_invalid(&alert);
                }
            });
        }
    });
    move || {
        error.get().map(|e| {
            view! {
                <div class="alert alert--error" role="alert" node_ref=alert>
                    <p>{error_text(i18n, &e)}</p>
                    {(e.code() == api::code::EMAIL_UNVERIFIED).then(|| view! { <crate::pages::identity::ResendLink /> })}
                </div>
            }
        })
    }
}

/// Focuses the first field marked invalid in the form of this alert (the alert is in the
/// form, or just above it).
fn focus_first_invalid(alert: &web_sys::Element) {
    let form = alert
        .closest("form")
        .ok()
        .flatten()
        .or_else(|| alert.parent_element());
    let field = form
        .and_then(|form| form.query_selector("[aria-invalid='true']").ok().flatten())
        .and_then(|field| field.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(field) = field {
        let _ = field.focus();
    }
}

/// What a section shows when its data could not be loaded: an alert and a way to try again.
#[component]
pub fn LoadFailed(#[prop(into)] retry: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="alert alert--error" role="alert">
            <p>{t!(i18n, load_failed)}</p>
            <button type="button" class="button button--quiet" on:click=move |_| retry.run(())>{t!(i18n, retry)}</button>
        </div>
    }
}

//! The alerts that say what went wrong: above a form (with a new confirmation link when
//! the address is not confirmed yet), and where a section's data could not be loaded.

use crate::client::ApiError;
use crate::components::errors::error_text;
use crate::components::resend_link::ResendLink;
use crate::locales::i18n::*;
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;

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
                    {(e.code() == api::code::EMAIL_UNVERIFIED).then(|| view! { <ResendLink /> })}
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

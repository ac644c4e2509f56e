//! `/accessibility`: the accessibility statement, in the shape of the French RGAA model
//! (conformance status, what was tested and how, known limits, how to report a problem,
//! remedies), and the form that reports a problem to the team, open to visitors.

use crate::client::{self, ApiError};
use crate::components::errors::issues_for;
use crate::components::{Field, SubmitButton, TextArea};
use crate::locales::i18n::*;
use api::{ACCESSIBILITY_DESCRIPTION_MAX_CHARS, ReportAccessibilityProblem};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn Statement() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, a11y_title) />
        <article class="statement prose">
            <h1>{t!(i18n, a11y_title)}</h1>
            <p>{t!(i18n, a11y_intro)}</p>
            <h2>{t!(i18n, a11y_status_title)}</h2>
            <p>{t!(i18n, a11y_status)}</p>
            <h2>{t!(i18n, a11y_tested_title)}</h2>
            <ul>
                <li>{t!(i18n, a11y_tested_axe)}</li>
                <li>{t!(i18n, a11y_tested_keyboard)}</li>
                <li>{t!(i18n, a11y_tested_lighthouse)}</li>
                <li>{t!(i18n, a11y_tested_languages)}</li>
                <li>{t!(i18n, a11y_tested_tech)}</li>
            </ul>
            <h2>{t!(i18n, a11y_limits_title)}</h2>
            <ul>
                <li>{t!(i18n, a11y_limit_audit)}</li>
                <li>{t!(i18n, a11y_limit_screen_readers)}</li>
                <li>{t!(i18n, a11y_limit_wasm)}</li>
                <li>{t!(i18n, a11y_limit_members)}</li>
            </ul>
            <h2 id="report-title">{t!(i18n, a11y_report_title)}</h2>
            <p>{t!(i18n, a11y_report_lead)}</p>
            <ReportProblem />
            <h2>{t!(i18n, a11y_remedies_title)}</h2>
            <p>
                {t!(i18n, a11y_remedies)} " "
                <a href="https://formulaire.defenseurdesdroits.fr/" rel="external">{t!(i18n, a11y_remedies_link)}</a>
            </p>
        </article>
    }
}

/// The report form: the page (from `?page=` when a link brought the person here) and
/// what happened; thanks once the team has it.
#[component]
fn ReportProblem() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let page = RwSignal::new(query.with_untracked(|q| q.get("page")).unwrap_or_default());
    let description = RwSignal::new(String::new());
    let (error, set_error) = signal(None::<ApiError>);
    let sent = RwSignal::new(false);
    let send = Action::new_local(move |_: &()| {
        let input = ReportAccessibilityProblem {
            page: page.get_untracked(),
            description: description.get_untracked(),
        };
        async move {
            match client::report_accessibility_problem(input).await {
                Ok(_) => {
                    set_error.set(None);
                    description.set(String::new());
                    sent.set(true);
                }
                Err(e) => set_error.set(Some(e)),
            }
        }
    });
    view! {
        <Show when=move || !sent.get() fallback=move || view! {
            <p class="notice notice--success" role="status">{t!(i18n, a11y_report_thanks)}</p>
            <p><button type="button" class="link-button" on:click=move |_| sent.set(false)>{t!(i18n, a11y_report_another)}</button></p>
        }>
            <form class="form statement__form" novalidate=true aria-labelledby="report-title"
                on:submit=move |ev| { ev.prevent_default(); send.dispatch(()); }>
                {move || error.get().filter(|e| e.code() != api::code::VALIDATION).map(|e| view! {
                    <p class="alert alert--error" role="alert">{crate::components::errors::error_text(i18n, &e)}</p>
                })}
                <Field id="a11y-page" value=page issues=issues_for(error, "page")
                    label=Signal::derive(move || t_string!(i18n, a11y_field_page).to_string())
                    hint=Signal::derive(move || t_string!(i18n, a11y_field_page_hint).to_string()) />
                <TextArea id="a11y-description" value=description rows=5 issues=issues_for(error, "description")
                    label=Signal::derive(move || t_string!(i18n, a11y_field_description).to_string())
                    hint=Signal::derive(move || t_string!(i18n, a11y_field_description_hint, max = ACCESSIBILITY_DESCRIPTION_MAX_CHARS).to_string()) />
                <div class="form__actions">
                    <SubmitButton pending=send.pending() label=Signal::derive(move || t_string!(i18n, a11y_report_send)) />
                </div>
            </form>
        </Show>
    }
}

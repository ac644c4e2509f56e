//! A labelled form field with its hint and its errors, wired for screen readers.

use crate::components::issue_text;
use crate::locales::i18n::*;
use api::FieldIssue;
use leptos::prelude::*;

#[component]
pub fn Field(
    /// The input's id and name; the label, hint and errors hang off it.
    #[prop(into)]
    id: String,
    /// The label's text.
    #[prop(into)]
    label: Signal<String>,
    value: RwSignal<String>,
    #[prop(into)] issues: Signal<Vec<FieldIssue>>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(optional, into)] hint: Option<Signal<String>>,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let invalid = move || !issues.get().is_empty();
    let described_by = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        let has_hint = hint.is_some();
        move || {
            let mut ids = Vec::new();
            if has_hint {
                ids.push(hint_id.clone());
            }
            if invalid() {
                ids.push(error_id.clone());
            }
            ids.join(" ")
        }
    };
    view! {
        <div class="field" class:field--invalid=invalid>
            <label class="field__label" for=id.clone()>{label}</label>
            {hint.map(|hint| view! { <p class="field__hint" id=hint_id>{hint}</p> })}
            <input
                class="field__input"
                id=id.clone()
                name=id
                type=kind
                autocomplete=autocomplete
                required=true
                aria-invalid=move || invalid().to_string()
                aria-describedby=described_by
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            />
            <FieldIssues id=error_id issues=issues />
        </div>
    }
}

/// The translated issues of one field, in the element its input's `aria-describedby` names.
#[component]
pub fn FieldIssues(
    /// The element's id (`{field}-error`).
    #[prop(into)]
    id: String,
    #[prop(into)] issues: Signal<Vec<FieldIssue>>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="field__errors" id=id>
            {move || {
                issues
                    .get()
                    .iter()
                    .map(|issue| view! { <p class="field__error">{issue_text(i18n, issue)}</p> })
                    .collect_view()
            }}
        </div>
    }
}

/// A plain-text area (reasons, explanations) with its label and errors.
#[component]
pub fn TextArea(
    #[prop(into)] id: String,
    #[prop(into)] label: Signal<String>,
    value: RwSignal<String>,
    #[prop(into)] issues: Signal<Vec<FieldIssue>>,
    #[prop(default = 3)] rows: u32,
    #[prop(optional, into)] hint: Option<Signal<String>>,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described_by = if hint.is_some() {
        format!("{hint_id} {error_id}")
    } else {
        error_id.clone()
    };
    view! {
        <div class="field" class:field--invalid=move || !issues.get().is_empty()>
            <label class="field__label" for=id.clone()>{label}</label>
            {hint.map(|hint| view! { <p class="field__hint" id=hint_id>{hint}</p> })}
            <textarea class="field__input" id=id rows=rows.to_string()
                aria-invalid=move || (!issues.get().is_empty()).to_string()
                aria-describedby=described_by
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))></textarea>
            <FieldIssues id=error_id issues=issues />
        </div>
    }
}

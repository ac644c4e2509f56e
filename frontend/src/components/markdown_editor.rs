//! A Markdown text area with a preview rendered by the server, exactly as it will be
//! published (sanitised, account-details guard included).

use crate::client::{self, ApiError};
use crate::components::errors::error_text;
use crate::components::{FieldIssues, issue_text};
use crate::locales::i18n::*;
use api::FieldIssue;
use leptos::prelude::*;

#[component]
pub fn MarkdownEditor(
    id: &'static str,
    #[prop(into)] label: Signal<String>,
    value: RwSignal<String>,
    #[prop(into)] issues: Signal<Vec<FieldIssue>>,
    /// The most characters the server accepts.
    max: usize,
    #[prop(default = 8)] rows: u32,
) -> impl IntoView {
    let i18n = use_i18n();
    let previewing = RwSignal::new(false);
    let preview = RwSignal::new(None::<Result<String, ApiError>>);
    let show_preview = move |_| {
        previewing.set(true);
        preview.set(None);
        let body = value.get_untracked();
        leptos::task::spawn_local(async move {
            preview.set(Some(client::preview(body).await.map(|r| r.html)));
        });
    };
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let invalid = move || !issues.get().is_empty();
    let described_by = format!("{hint_id} {error_id}");
    view! {
        <div class="field markdown" class:field--invalid=invalid>
            <div class="markdown__head">
                <label class="field__label" for=id>{label}</label>
                <div class="markdown__tabs" role="group" aria-label=move || t_string!(i18n, markdown_mode)>
                    <button type="button" class="markdown__tab" aria-pressed=move || (!previewing.get()).to_string()
                        on:click=move |_| previewing.set(false)>{t!(i18n, markdown_write)}</button>
                    <button type="button" class="markdown__tab" aria-pressed=move || previewing.get().to_string()
                        on:click=show_preview>{t!(i18n, markdown_preview)}</button>
                </div>
            </div>
            <p class="field__hint" id=hint_id>
                {t!(i18n, markdown_hint)} " "
                {move || t_string!(i18n, chars_used, used = value.with(|v| v.chars().count()), max = max).to_string()}
            </p>
            <textarea
                class="field__input field__textarea"
                id=id
                name=id
                rows=rows
                hidden=move || previewing.get()
                aria-invalid=move || invalid().to_string()
                aria-describedby=described_by
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            ></textarea>
            <Show when=move || previewing.get()>
                <div class="markdown__preview prose" aria-live="polite">
                    {move || match preview.get() {
                        None => view! { <p class="loading">{t!(i18n, loading)}</p> }.into_any(),
                        Some(Ok(html)) if html.is_empty() => view! { <p class="empty">{t!(i18n, markdown_nothing)}</p> }.into_any(),
                        Some(Ok(html)) => view! { <div inner_html=html></div> }.into_any(),
                        Some(Err(ApiError::Problem(problem))) if !problem.issues.is_empty() => {
                            let text = problem.issues.values().flatten().map(|i| issue_text(i18n, i)).collect::<Vec<_>>().join(" ");
                            view! { <p class="field__error">{text}</p> }.into_any()
                        }
                        Some(Err(e)) => view! { <p class="field__error">{error_text(i18n, &e)}</p> }.into_any(),
                    }}
                </div>
            </Show>
            <FieldIssues id=error_id issues=issues />
        </div>
    }
}

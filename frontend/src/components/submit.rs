//! The submit button every form uses: disabled and saying so while the request runs.

use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn SubmitButton(
    /// Whether the form's request is under way.
    #[prop(into)]
    pending: Signal<bool>,
    /// The button's words when idle.
    #[prop(into)]
    label: Signal<&'static str>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <button type="submit" class="button button--primary" disabled=move || pending.get()>
            {move || if pending.get() { t_string!(i18n, working) } else { label.get() }}
        </button>
    }
}

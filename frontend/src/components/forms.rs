//! Form pieces several pages share: the signed-in gate and the theme picker.

use crate::catalog::{localized, use_themes};
use crate::components::FieldIssues;
use crate::i18n::*;
use crate::session::use_session;
use api::FieldIssue;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

/// Shows its children to signed-in people, and to everyone else a way to sign in that
/// comes back to this page.
#[component]
pub fn SignedIn(
    #[prop(into)] heading: Signal<String>,
    #[prop(into)] lead: Signal<String>,
    children: ChildrenFn,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let location = use_location();
    move || {
        if !session.loaded.get() {
            view! { <p class="loading" role="status">{t!(i18n, loading)}</p> }.into_any()
        } else if session.me.get().is_some() {
            children().into_any()
        } else {
            view! {
                <h1>{heading}</h1>
                <p>{lead}</p>
                <p><A href=format!("/login?next={}", location.pathname.get()) attr:class="button button--primary">{t!(i18n, nav_sign_in)}</A></p>
            }
            .into_any()
        }
    }
}

/// The required theme `<select>` of a form, with its errors.
#[component]
pub fn ThemeSelect(
    value: RwSignal<String>,
    #[prop(into)] issues: Signal<Vec<FieldIssue>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let themes = use_themes();
    view! {
        <div class="field" class:field--invalid=move || !issues.get().is_empty()>
            <label class="field__label" for="theme">{t!(i18n, field_theme)}</label>
            <select id="theme" class="field__input" required=true
                aria-invalid=move || (!issues.get().is_empty()).to_string()
                aria-describedby="theme-error"
                on:change=move |ev| value.set(event_target_value(&ev))>
                <option value="" selected=move || value.get().is_empty()>{t!(i18n, field_theme_pick)}</option>
                <For each=move || themes.0.get() key=|t| t.slug.clone() let:option>
                    <option value=option.slug.clone() selected={
                        let slug = option.slug.clone();
                        move || value.get() == slug
                    }>{
                        let name = option.name.clone();
                        move || localized(i18n, &name)
                    }</option>
                </For>
            </select>
            <FieldIssues id="theme-error" issues=issues />
        </div>
    }
}

/// Runs `lookup` on what is typed in `source`, a moment after typing stops (at least
/// `min_chars` characters), and keeps the latest answer in the returned signal; answers
/// to older text are dropped.
pub fn debounced<T, F, Fut>(
    source: RwSignal<String>,
    min_chars: usize,
    lookup: F,
) -> RwSignal<Option<T>>
where
    T: Send + Sync + 'static,
    F: Fn(String) -> Fut + Copy + 'static,
    Fut: std::future::Future<Output = Option<T>> + 'static,
{
    let found = RwSignal::new(None::<T>);
    let typed = StoredValue::new(0u32);
    Effect::new(move |_| {
        let text = source.get();
        typed.update_value(|n| *n += 1);
        let mine = typed.get_value();
        if text.trim().chars().count() < min_chars {
            found.set(None);
            return;
        }
        set_timeout(
            move || {
                if typed.get_value() != mine {
                    return;
                }
                leptos::task::spawn_local(async move {
                    if let Some(answer) = lookup(text).await
                        && typed.get_value() == mine
                    {
                        found.set(Some(answer));
                    }
                });
            },
            std::time::Duration::from_millis(300),
        );
    });
    found
}

//! Form pieces several pages share: the signed-in gate, the new and edit pages, the theme picker
//! and checkboxes, and the debounced lookup.

use crate::catalog::{Text, localized, still_editable, use_themes};
use crate::client::ApiResult;
use crate::components::FieldIssues;
use crate::components::errors::error_text;
use crate::locales::i18n::*;
use crate::session::use_session;
use api::FieldIssue;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

/// Titles the page with `heading`, shows its children to signed-in people, and to
/// everyone else a way to sign in that comes back to this page.
#[component]
pub fn SignedIn(
    #[prop(into)] heading: Signal<String>,
    #[prop(into)] lead: Signal<String>,
    children: ChildrenFn,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let location = use_location();
    let gate = move || {
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
    };
    view! {
        <Title text=heading />
        {gate}
    }
}

/// What the pages around a kind of thread's form say: the titles of its new and edit
/// pages, what they say to someone not signed in, and the refusal once editing is over.
pub struct FormTexts {
    pub new: Text,
    pub new_lead: Text,
    pub edit: Text,
    pub edit_lead: Text,
    pub closed: Text,
}

/// What the edit page needs to know of an item: its author, until when they may edit it,
/// its title and its page.
pub struct EditFacts {
    pub author_id: i64,
    pub editable_until: DateTime<Utc>,
    pub title: String,
    pub href: String,
}

/// Something its author may edit for a while.
pub trait Editable: Clone + Send + Sync + 'static {
    fn edit_facts(&self) -> EditFacts;
}

/// `/…/new`: the form (the children), for signed-in people.
#[component]
pub fn NewPage(texts: &'static FormTexts, children: ChildrenFn) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <SignedIn
            heading=Signal::derive(move || (texts.new)(i18n).to_string())
            lead=Signal::derive(move || (texts.new_lead)(i18n).to_string())
        >
            {children()}
        </SignedIn>
    }
}

/// `/…/:id/edit`: shows `form` to the item's author while it may still be edited; to
/// anyone else, or once the window is over, says so rather than show a form the server
/// would refuse.
#[component]
pub fn EditPage<T: Editable>(
    item: LocalResource<ApiResult<T>>,
    texts: &'static FormTexts,
    form: fn(T) -> AnyView,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let gate = move || {
        item.get().map(|result| match result {
            Ok(item) => {
                let EditFacts { author_id, editable_until, title, href } = item.edit_facts();
                if session.me.get().is_some_and(|me| me.id == author_id) && still_editable(editable_until) {
                    form(item)
                } else {
                    view! {
                        <h1>{move || (texts.edit)(i18n)}</h1>
                        <p class="alert alert--error" role="alert">{move || (texts.closed)(i18n)}</p>
                        <p><A href=href>{title}</A></p>
                    }.into_any()
                }
            }
            Err(e) => view! { <p class="alert alert--error" role="alert">{error_text(i18n, &e)}</p> }.into_any(),
        })
    };
    view! {
        <SignedIn
            heading=Signal::derive(move || (texts.edit)(i18n).to_string())
            lead=Signal::derive(move || (texts.edit_lead)(i18n).to_string())
        >
            <Transition fallback=move || view! { <p class="loading" role="status">{t!(i18n, loading)}</p> }>
                {gate}
            </Transition>
        </SignedIn>
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

/// A checkbox per theme, checked for the slugs in `picked` (and updating it); each
/// input's id is `{id_prefix}{slug}`.
#[component]
pub fn ThemeChecks(
    picked: RwSignal<Vec<String>>,
    #[prop(into)] id_prefix: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let themes = use_themes();
    view! {
        <For each=move || themes.0.get() key=|t| t.slug.clone() let:theme>
            {
                let slug = theme.slug.clone();
                let input_id = format!("{id_prefix}{slug}");
                let checked = {
                    let slug = slug.clone();
                    move || picked.with(|p| p.contains(&slug))
                };
                let name = theme.name.clone();
                view! {
                    <div class="choice">
                        <input type="checkbox" id=input_id.clone() prop:checked=checked
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                let slug = slug.clone();
                                picked.update(|p| {
                                    p.retain(|s| *s != slug);
                                    if on {
                                        p.push(slug);
                                    }
                                });
                            } />
                        <label for=input_id>{move || localized(i18n, &name)}</label>
                    </div>
                }
            }
        </For>
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

//! What every cursor-paginated list of the web app shares: its items, the next cursor,
//! loading and error states, answers to stale requests dropped, and the "load more" and
//! "try again" controls.

use crate::client::{ApiError, ApiResult};
use crate::components::errors::error_text;
use crate::components::submit::{busy, unless_busy};
use crate::locales::i18n::*;
use leptos::prelude::*;
use std::future::Future;

/// A list loaded one page at a time.
pub struct Paged<T: Send + Sync + 'static> {
    pub items: RwSignal<Vec<T>>,
    pub next: RwSignal<Option<String>>,
    pub loading: RwSignal<bool>,
    pub error: RwSignal<Option<ApiError>>,
    /// Each load has a number; an answer to an older one (filters changed) is dropped.
    generation: StoredValue<u32>,
}

impl<T: Send + Sync + 'static> Clone for Paged<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Paged<T> {}

impl<T: Clone + Send + Sync + 'static> Paged<T> {
    pub fn new() -> Self {
        Paged {
            items: RwSignal::new(Vec::new()),
            next: RwSignal::new(None),
            loading: RwSignal::new(true),
            error: RwSignal::new(None),
            generation: StoredValue::new(0),
        }
    }

    /// Loads a page: the first one (replacing the items) when `fresh`, else the next one
    /// (appending those not shown yet, as orders can move between pages).
    pub fn load<F>(self, fresh: bool, page: F, key: fn(&T) -> i64)
    where
        F: Future<Output = ApiResult<(Vec<T>, Option<String>)>> + 'static,
    {
        self.generation.update_value(|g| *g += 1);
        let mine = self.generation.get_value();
        self.loading.set(true);
        leptos::task::spawn_local(async move {
            let result = page.await;
            if self.generation.get_value() != mine {
                return;
            }
            match result {
                Ok((items, next)) => {
                    self.items.update(|list| {
                        if fresh {
                            list.clear();
                        }
                        for item in items {
                            if !list.iter().any(|shown| key(shown) == key(&item)) {
                                list.push(item);
                            }
                        }
                    });
                    self.next.set(next);
                    self.error.set(None);
                }
                Err(e) => self.error.set(Some(e)),
            }
            self.loading.set(false);
        });
    }

    /// Loads the first page of what `source` describes now and whenever it changes;
    /// returns the loader (`None`: first page again, `Some(cursor)`: the next one).
    pub fn follow<S, F, Fut>(
        self,
        source: Memo<S>,
        fetch: F,
        key: fn(&T) -> i64,
    ) -> Callback<Option<String>>
    where
        S: Clone + PartialEq + Send + Sync + 'static,
        F: Fn(S, Option<String>) -> Fut + Copy + Send + Sync + 'static,
        Fut: Future<Output = ApiResult<(Vec<T>, Option<String>)>> + 'static,
    {
        let load = Callback::new(move |cursor: Option<String>| {
            let fresh = cursor.is_none();
            self.load(fresh, fetch(source.get_untracked(), cursor), key);
        });
        Effect::new(move |_| {
            source.track();
            load.run(None);
        });
        load
    }

    /// Whether the list, loaded without error, has nothing to show.
    pub fn is_empty(&self) -> bool {
        !self.loading.get() && self.error.get().is_none() && self.items.with(Vec::is_empty)
    }
}

impl<T: Clone + Send + Sync + 'static> Default for Paged<T> {
    fn default() -> Self {
        Self::new()
    }
}

/// The list's error with a retry button, and its "load more" button.
#[component]
pub fn PagedControls<T: Clone + Send + Sync + 'static>(
    paged: Paged<T>,
    /// The loader `Paged::follow` returned.
    load: Callback<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        {move || paged.error.get().map(|e| view! {
            <div class="alert alert--error" role="alert">
                <p>{error_text(i18n, &e)}</p>
                <button type="button" class="button button--quiet" on:click=move |_| load.run(None)>{t!(i18n, retry)}</button>
            </div>
        })}
        <Show when=move || paged.next.get().is_some()>
            <p class="load-more">
                <button type="button" class="button" aria-disabled=busy(paged.loading)
                    on:click=unless_busy(paged.loading, move || load.run(paged.next.get_untracked()))>
                    {move || if paged.loading.get() { t_string!(i18n, loading) } else { t_string!(i18n, load_more) }}
                </button>
            </p>
        </Show>
    }
}

/// A search box showing the current search and submitting new words.
#[component]
pub fn SearchForm(
    id: &'static str,
    current: Signal<String>,
    on_search: Callback<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let value = RwSignal::new(String::new());
    // Back, forward and links change the search: the box follows.
    Effect::new(move |_| value.set(current.get()));
    view! {
        <form class="search" role="search" on:submit=move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            on_search.run(value.get_untracked().trim().to_owned());
        }>
            <label class="visually-hidden" for=id>{t!(i18n, search_label)}</label>
            <input id=id class="field__input search__input" type="search"
                placeholder=move || t_string!(i18n, search_placeholder)
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev)) />
            <button type="submit" class="button">{t!(i18n, search_button)}</button>
        </form>
    }
}

/// A theme `<select>` for list filters: all themes, or one.
#[component]
pub fn ThemeFilter(selected: Signal<String>, on_pick: Callback<String>) -> impl IntoView {
    let i18n = use_i18n();
    let themes = crate::catalog::use_themes();
    view! {
        <label class="filter">
            <span>{t!(i18n, filter_theme)}</span>
            <select class="field__input" on:change=move |ev| on_pick.run(event_target_value(&ev)) prop:value=move || selected.get()>
                <option value="">{t!(i18n, filter_all_themes)}</option>
                <For each=move || themes.0.get() key=|t| t.slug.clone() let:theme>
                    <option value=theme.slug.clone() selected=move || selected.get() == theme.slug>{
                        let name = theme.name.clone();
                        move || crate::catalog::localized(i18n, &name)
                    }</option>
                </For>
            </select>
        </label>
    }
}

/// Links to each order of a list; the current one marked.
#[component]
pub fn SortLinks(
    /// (href, name, current) of each order.
    sorts: Signal<Vec<(String, &'static str, bool)>>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <nav class="sorts" aria-label=move || t_string!(i18n, sort_label)>
            <ul>
                // Plain links: the router's <A> would mark all of them current (same path).
                {move || sorts.get().into_iter().map(|(href, name, current)| view! {
                    <li><a href=href aria-current=current.then_some("page") class="sorts__link">{name}</a></li>
                }).collect_view()}
            </ul>
        </nav>
    }
}

/// Encodes a value for a query string.
pub fn encode(value: &str) -> String {
    js_sys::encode_uri_component(value).into()
}

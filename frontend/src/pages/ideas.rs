//! `/ideas`: the ideas list with its sort, theme, status and search controls, kept in the
//! address (so links, back and forward work), and "load more" by cursor.

use crate::catalog::{localized, status_name, use_themes};
use crate::client::{self, ApiError};
use crate::components::errors::error_text;
use crate::components::idea_parts::IdeaCard;
use crate::i18n::*;
use api::{IdeaQuery, IdeaSort, IdeaStatus, IdeaView};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};

/// The list's state as the address says it.
#[derive(Debug, Clone, Default, PartialEq)]
struct Filters {
    sort: IdeaSort,
    theme: String,
    status: Option<IdeaStatus>,
    q: String,
}

impl Filters {
    fn href(&self) -> String {
        let mut parts = vec![format!("sort={}", self.sort.as_str())];
        if !self.theme.is_empty() {
            parts.push(format!("theme={}", encode(&self.theme)));
        }
        if let Some(status) = self.status {
            parts.push(format!("status={}", status.as_str()));
        }
        if !self.q.is_empty() {
            parts.push(format!("q={}", encode(&self.q)));
        }
        format!("/ideas?{}", parts.join("&"))
    }

    fn query(&self, cursor: Option<String>) -> IdeaQuery {
        IdeaQuery {
            sort: Some(self.sort),
            theme: Some(self.theme.clone()).filter(|t| !t.is_empty()),
            status: self.status,
            q: Some(self.q.clone()).filter(|q| !q.is_empty()),
            cursor,
            limit: None,
        }
    }
}

fn encode(value: &str) -> String {
    js_sys::encode_uri_component(value).into()
}

fn sort_name(i18n: leptos_i18n::I18nContext<Locale>, sort: IdeaSort) -> &'static str {
    match sort {
        IdeaSort::Hot => t_string!(i18n, sort_hot),
        IdeaSort::Top => t_string!(i18n, sort_top),
        IdeaSort::New => t_string!(i18n, sort_new),
        IdeaSort::Discussed => t_string!(i18n, sort_discussed),
    }
}

#[component]
pub fn Ideas() -> impl IntoView {
    let i18n = use_i18n();
    let themes = use_themes();
    let query = use_query_map();
    let navigate = use_navigate();
    let filters = Memo::new(move |_| {
        let q = query.read();
        Filters {
            sort: q
                .get("sort")
                .and_then(|s| IdeaSort::parse(&s))
                .unwrap_or_default(),
            theme: q.get("theme").unwrap_or_default(),
            status: q.get("status").and_then(|s| IdeaStatus::parse(&s)),
            q: q.get("q").unwrap_or_default(),
        }
    });
    let items = RwSignal::new(Vec::<IdeaView>::new());
    let next = RwSignal::new(None::<String>);
    let loading = RwSignal::new(true);
    let error = RwSignal::new(None::<ApiError>);
    // Each load has a number; an answer to an older one (filters changed meanwhile) is dropped.
    let generation = StoredValue::new(0u32);
    let load = move |cursor: Option<String>| {
        let current = filters.get_untracked();
        let fresh = cursor.is_none();
        generation.update_value(|g| *g += 1);
        let mine = generation.get_value();
        loading.set(true);
        leptos::task::spawn_local(async move {
            let result = client::ideas(current.query(cursor)).await;
            if generation.get_value() != mine {
                return;
            }
            match result {
                Ok(page) => {
                    items.update(|list| {
                        if fresh {
                            list.clear();
                        }
                        for idea in page.items {
                            if !list.iter().any(|i| i.id == idea.id) {
                                list.push(idea);
                            }
                        }
                    });
                    next.set(page.next_cursor);
                    error.set(None);
                }
                Err(e) => error.set(Some(e)),
            }
            loading.set(false);
        });
    };
    Effect::new(move |_| {
        filters.track();
        load(None);
    });

    let search = RwSignal::new(String::new());
    Effect::new(move |_| search.set(filters.get().q));
    let go = move |f: Filters| navigate(&f.href(), Default::default());
    let go_search = go.clone();
    let on_search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut f = filters.get_untracked();
        f.q = search.get_untracked().trim().to_owned();
        go_search(f);
    };
    let go_theme = go.clone();
    let on_theme = move |ev: leptos::ev::Event| {
        let mut f = filters.get_untracked();
        f.theme = event_target_value(&ev);
        go_theme(f);
    };
    let on_status = move |ev: leptos::ev::Event| {
        let mut f = filters.get_untracked();
        f.status = IdeaStatus::parse(&event_target_value(&ev));
        go(f);
    };

    view! {
        <Title text=move || t_string!(i18n, ideas_title).to_string() />
        <div class="page-head">
            <h1>{t!(i18n, ideas_title)}</h1>
            <A href="/ideas/new" attr:class="button button--primary">{t!(i18n, idea_new_button)}</A>
        </div>
        <Show when=move || query.read().get("deleted").is_some()>
            <p class="notice" role="status">{t!(i18n, idea_deleted)}</p>
        </Show>
        <form class="search" role="search" on:submit=on_search>
            <label class="visually-hidden" for="idea-search">{t!(i18n, search_label)}</label>
            <input id="idea-search" class="field__input search__input" type="search"
                placeholder=move || t_string!(i18n, search_placeholder)
                prop:value=move || search.get()
                on:input=move |ev| search.set(event_target_value(&ev)) />
            <button type="submit" class="button">{t!(i18n, search_button)}</button>
        </form>
        <div class="filters">
            <nav class="sorts" aria-label=move || t_string!(i18n, sort_label)>
                <ul>
                    {IdeaSort::ALL.into_iter().map(|sort| {
                        let href = move || Filters { sort, ..filters.get() }.href();
                        let current = move || (filters.get().sort == sort).then_some("page");
                        // A plain link: the router's <A> would mark all four current (same path).
                        view! { <li><a href=href aria-current=current class="sorts__link">{move || sort_name(i18n, sort)}</a></li> }
                    }).collect_view()}
                </ul>
            </nav>
            <div class="filters__selects">
                <label class="filter">
                    <span>{t!(i18n, filter_theme)}</span>
                    <select class="field__input" on:change=on_theme prop:value=move || filters.get().theme>
                        <option value="">{t!(i18n, filter_all_themes)}</option>
                        <For each=move || themes.0.get() key=|t| t.slug.clone() let:theme>
                            <option value=theme.slug.clone() selected=move || filters.get().theme == theme.slug>{
                                let name = theme.name.clone();
                                move || localized(i18n, &name)
                            }</option>
                        </For>
                    </select>
                </label>
                <label class="filter">
                    <span>{t!(i18n, filter_status)}</span>
                    <select class="field__input" on:change=on_status>
                        <option value="">{t!(i18n, filter_all_statuses)}</option>
                        {IdeaStatus::ALL.into_iter().map(|status| view! {
                            <option value=status.as_str() selected=move || filters.get().status == Some(status)>{move || status_name(i18n, status)}</option>
                        }).collect_view()}
                    </select>
                </label>
            </div>
        </div>
        <p class="visually-hidden" role="status">
            {move || if loading.get() { t_string!(i18n, loading).to_string() } else { t_string!(i18n, ideas_shown, n = items.with(Vec::len)).to_string() }}
        </p>
        {move || error.get().map(|e| view! {
            <div class="alert alert--error" role="alert">
                <p>{error_text(i18n, &e)}</p>
                <button type="button" class="button button--quiet" on:click=move |_| load(None)>{t!(i18n, retry)}</button>
            </div>
        })}
        <Show when=move || !loading.get() && error.get().is_none() && items.with(Vec::is_empty)>
            <p class="empty">{move || if filters.get() == Filters::default() { t_string!(i18n, ideas_empty) } else { t_string!(i18n, ideas_no_match) }}</p>
        </Show>
        <ol class="idea-list" role="list" aria-busy=move || loading.get().to_string()>
            <For each=move || items.get() key=|idea| idea.id let:idea>
                <IdeaCard idea=idea />
            </For>
        </ol>
        <Show when=move || next.get().is_some()>
            <p class="load-more">
                <button type="button" class="button" disabled=move || loading.get()
                    on:click=move |_| load(next.get_untracked())>
                    {move || if loading.get() { t_string!(i18n, loading) } else { t_string!(i18n, load_more) }}
                </button>
            </p>
        </Show>
    }
}

//! `/ideas`: the ideas list with its sort, theme, status and search controls, kept in the
//! address (so links, back and forward work), and "load more" by cursor.

use crate::catalog::status_name;
use crate::client;
use crate::components::list_filters;
use crate::components::paged::{Paged, PagedControls, SearchForm, SortLinks, ThemeFilter};
use crate::components::thread_parts::IdeaCard;
use crate::locales::i18n::*;
use api::{IdeaQuery, IdeaSort, IdeaStatus, IdeaView};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};

type Filters = list_filters::Filters<IdeaSort, IdeaStatus>;

/// The request for a page of the list.
fn request(f: &Filters, cursor: Option<String>) -> IdeaQuery {
    IdeaQuery {
        sort: Some(f.sort),
        theme: f.theme(),
        status: f.extra,
        q: f.words(),
        cursor,
        limit: None,
    }
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
    let query = use_query_map();
    let navigate = use_navigate();
    let filters = Memo::new(move |_| Filters::read(&query.read()));
    let paged = Paged::<IdeaView>::new();
    let load = paged.follow(
        filters,
        |f: Filters, cursor| async move {
            client::ideas(request(&f, cursor))
                .await
                .map(|p| (p.items, p.next_cursor))
        },
        |idea| idea.id,
    );
    let go = Callback::new(move |f: Filters| navigate(&f.href("/ideas"), Default::default()));
    let sorts = list_filters::sort_links(filters, "/ideas", sort_name);
    let on_status = move |ev: leptos::ev::Event| {
        let mut f = filters.get_untracked();
        f.extra = IdeaStatus::parse(&event_target_value(&ev));
        go.run(f);
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
        <SearchForm id="idea-search" current=Signal::derive(move || filters.get().q) on_search=Callback::new(move |q| go.run(Filters { q, ..filters.get_untracked() })) />
        <div class="filters">
            <SortLinks sorts=sorts />
            <div class="filters__selects">
                <ThemeFilter selected=Signal::derive(move || filters.get().theme)
                    on_pick=Callback::new(move |theme| go.run(Filters { theme, ..filters.get_untracked() })) />
                <label class="filter">
                    <span>{t!(i18n, filter_status)}</span>
                    <select class="field__input" on:change=on_status>
                        <option value="">{t!(i18n, filter_all_statuses)}</option>
                        {IdeaStatus::ALL.into_iter().map(|status| view! {
                            <option value=status.as_str() selected=move || filters.get().extra == Some(status)>{move || status_name(i18n, status)}</option>
                        }).collect_view()}
                    </select>
                </label>
            </div>
        </div>
        <p class="visually-hidden" role="status">
            {move || if paged.loading.get() { t_string!(i18n, loading).to_string() } else { t_string!(i18n, ideas_shown, n = paged.items.with(Vec::len)).to_string() }}
        </p>
        <Show when=move || paged.is_empty()>
            <p class="empty">{move || if filters.get() == Filters::default() { t_string!(i18n, ideas_empty) } else { t_string!(i18n, ideas_no_match) }}</p>
        </Show>
        <ol class="item-list" role="list" aria-busy=move || paged.loading.get().to_string()>
            <For each=move || paged.items.get() key=|idea| idea.id let:idea>
                <IdeaCard idea=idea />
            </For>
        </ol>
        <PagedControls paged=paged load=load />
    }
}

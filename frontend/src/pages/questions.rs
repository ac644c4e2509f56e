//! `/questions`: the bank's response promise, measured, then the questions list with its
//! sort, theme, answered-state and search controls kept in the address.

use crate::catalog::{Text, hours_text, localized, use_themes};
use crate::client;
use crate::components::LoadFailed;
use crate::components::list_filters;
use crate::components::paged::{Paged, PagedControls, SearchForm, SortLinks, ThemeFilter};
use crate::components::thread_parts::ItemCard;
use crate::locales::i18n::*;
use api::{QuestionQuery, QuestionSort, QuestionStats, QuestionView, ResponseStats};
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};

type Filters = list_filters::Filters<QuestionSort, bool>;

/// The request for a page of the list.
fn request(f: &Filters, cursor: Option<String>) -> QuestionQuery {
    QuestionQuery {
        sort: Some(f.sort),
        theme: f.theme(),
        answered: f.extra,
        q: f.words(),
        cursor,
        limit: None,
    }
}

fn sort_name(i18n: I18nContext<Locale>, sort: QuestionSort) -> &'static str {
    match sort {
        QuestionSort::Hot => t_string!(i18n, sort_hot),
        QuestionSort::Top => t_string!(i18n, qsort_top),
        QuestionSort::New => t_string!(i18n, sort_new),
        QuestionSort::Unanswered => t_string!(i18n, qsort_unanswered),
    }
}

#[component]
pub fn Questions() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let navigate = use_navigate();
    let filters = Memo::new(move |_| Filters::read(&query.read()));
    let stats = LocalResource::new(client::question_stats);
    let paged = Paged::<QuestionView>::new();
    let load = paged.follow(
        filters,
        |f: Filters, cursor| async move {
            client::questions(request(&f, cursor))
                .await
                .map(|p| (p.items, p.next_cursor))
        },
        |q| q.id,
    );
    let go = Callback::new(move |f: Filters| navigate(&f.href("/questions"), Default::default()));
    let sorts = list_filters::sort_links(filters, "/questions", sort_name);
    let on_answered = move |ev: leptos::ev::Event| {
        let answered = event_target_value(&ev).parse().ok();
        go.run(Filters {
            extra: answered,
            ..filters.get_untracked()
        });
    };
    view! {
        <Title text=move || t_string!(i18n, questions_title).to_string() />
        <div class="page-head">
            <h1>{t!(i18n, questions_title)}</h1>
            <A href="/questions/new" attr:class="button button--primary">{t!(i18n, question_ask_button)}</A>
        </div>
        <p class="page-lead">{t!(i18n, questions_lead)}</p>
        <StatsSection stats=stats id="promise-title" heading=|i18n| t_string!(i18n, promise_title) body=overall />
        <h2 class="list-title">{t!(i18n, questions_list_title)}</h2>
        <SearchForm id="question-search" current=Signal::derive(move || filters.get().q) on_search=Callback::new(move |q| go.run(Filters { q, ..filters.get_untracked() })) />
        <div class="filters">
            <SortLinks sorts=sorts />
            <div class="filters__selects">
                <ThemeFilter selected=Signal::derive(move || filters.get().theme)
                    on_pick=Callback::new(move |theme| go.run(Filters { theme, ..filters.get_untracked() })) />
                <label class="filter">
                    <span>{t!(i18n, filter_answered)}</span>
                    <select class="field__input" on:change=on_answered>
                        <option value="">{t!(i18n, filter_answered_all)}</option>
                        <option value="true" selected=move || filters.get().extra == Some(true)>{t!(i18n, filter_answered_yes)}</option>
                        <option value="false" selected=move || filters.get().extra == Some(false)>{t!(i18n, filter_answered_no)}</option>
                    </select>
                </label>
            </div>
        </div>
        <p class="visually-hidden" role="status">
            {move || if paged.loading.get() { t_string!(i18n, loading).to_string() } else { t_string!(i18n, questions_shown, n = paged.items.with(Vec::len)).to_string() }}
        </p>
        <Show when=move || paged.is_empty()>
            <p class="empty">{move || if filters.get() == Filters::default() { t_string!(i18n, questions_empty) } else { t_string!(i18n, questions_no_match) }}</p>
        </Show>
        <ol class="item-list" role="list" aria-busy=move || paged.loading.get().to_string()>
            <For each=move || paged.items.get() key=|q| q.id let:question>
                <QuestionCard question=question />
            </For>
        </ol>
        <PagedControls paged=paged load=load />
        <StatsSection stats=stats id="commitments-title" heading=|i18n| t_string!(i18n, themes_title) body=per_theme />
    }
}

/// Whether a question has its expert answer, is waiting, or is late.
#[component]
pub fn AnswerState(question: QuestionView) -> impl IntoView {
    let i18n = use_i18n();
    let (class, text): (&str, Text) = if question.answered_at.is_some() {
        ("status status--launched", |i18n| {
            t_string!(i18n, question_answered)
        })
    } else if crate::catalog::now() > question.due_at {
        ("status status--overdue", |i18n| {
            t_string!(i18n, question_overdue)
        })
    } else {
        ("status status--new", |i18n| {
            t_string!(i18n, question_waiting)
        })
    };
    view! { <span class=class>{move || text(i18n)}</span> }
}

/// A question in a list: votes, title, answer state, theme, asker, votes and answers.
#[component]
fn QuestionCard(question: QuestionView) -> impl IntoView {
    let i18n = use_i18n();
    let votes = question.votes.total;
    let answers = question.answer_count;
    let facts = Signal::derive(move || {
        format!(
            "{} · {}",
            t_string!(i18n, question_votes_count, n = votes),
            t_string!(i18n, question_answers_count, n = answers)
        )
    });
    let state = view! { <AnswerState question=question.clone() /> }.into_any();
    view! {
        <ItemCard href=format!("/questions/{}", question.id) title=question.title votes=votes
            unit=|i18n| t_string!(i18n, question_votes_unit_short) theme=question.theme
            author=question.author at=question.created_at state=state facts=facts />
    }
}

/// A section showing the response-time figures once they have loaded.
#[component]
fn StatsSection(
    stats: LocalResource<client::ApiResult<QuestionStats>>,
    id: &'static str,
    heading: Text,
    body: fn(QuestionStats) -> AnyView,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="promise" aria-labelledby=id>
            <h2 id=id>{move || heading(i18n)}</h2>
            <Transition fallback=move || view! { <p class="loading" role="status">{t!(i18n, loading)}</p> }>
                {move || stats.get().map(|result| match result {
                    Ok(stats) => body(stats),
                    Err(_) => view! { <LoadFailed retry=move |_| stats.refetch() /> }.into_any(),
                })}
            </Transition>
        </section>
    }
}

/// The promise, measured over all themes (top of the page).
fn overall(stats: QuestionStats) -> AnyView {
    let i18n = use_i18n();
    let days = stats.window_days;
    view! {
        <p>{move || t_string!(i18n, promise_lead, days = days).to_string()}</p>
        <Figures stats=stats.overall compact=false />
    }
    .into_any()
}

/// Each theme with its commitment and how it was kept (bottom of the page).
fn per_theme(stats: QuestionStats) -> AnyView {
    let i18n = use_i18n();
    let catalog = use_themes();
    view! {
        <p>{t!(i18n, themes_lead)}</p>
        <ul class="cards" role="list">
            {stats.themes.into_iter().map(|theme| {
                let slug = theme.theme.clone();
                let hours = theme.response_hours;
                let description = catalog.0.with(|all| all.iter().find(|t| t.slug == slug).map(|t| t.description.clone()));
                let name_slug = slug.clone();
                view! {
                    <li class="card">
                        <h3><A href=format!("/questions?theme={slug}")>{move || catalog.name(i18n, &name_slug)}</A></h3>
                        {description.map(|d| view! { <p>{move || localized(i18n, &d)}</p> })}
                        <p class="card__promise">{move || t_string!(i18n, theme_commitment, hours = hours).to_string()}</p>
                        <Figures stats=theme.stats compact=true />
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

/// Median time, share within the commitment, waiting and overdue counts.
#[component]
fn Figures(stats: ResponseStats, compact: bool) -> impl IntoView {
    let i18n = use_i18n();
    let median = stats.median_hours;
    let within = stats.within_commitment.map(|s| format!("{:.0}", s * 100.0));
    let (waiting, overdue) = (stats.waiting, stats.overdue);
    view! {
        <dl class="figures" class:figures--compact=compact>
            <div>
                <dt>{t!(i18n, promise_median)}</dt>
                <dd>{move || hours_text(i18n, median)}</dd>
            </div>
            <div>
                <dt>{t!(i18n, promise_within)}</dt>
                <dd>{move || within.clone().map_or_else(|| t_string!(i18n, promise_none).to_string(), |p| t_string!(i18n, percent_value, pct = p).to_string())}</dd>
            </div>
            <div>
                <dt>{t!(i18n, promise_waiting)}</dt>
                <dd>{move || t_string!(i18n, promise_waiting_value, n = waiting, late = overdue).to_string()}</dd>
            </div>
        </dl>
    }
}

//! `/follow-ups`: "You said, we did". What became of the ideas, by status; how fast the
//! team gives a first response, overall and by theme; what was launched; the latest
//! decisions; and the ideas still waiting, oldest first.

use crate::catalog::{format_date, hours_text, now, status_name, use_themes};
use crate::client;
use crate::components::LoadFailed;
use crate::components::follow_up::FollowUpStep;
use crate::components::paged::{Paged, PagedControls, ThemeFilter, encode};
use crate::components::thread_parts::StatusBadge;
use crate::locales::i18n::*;
use api::{FollowUpQuery, FollowUpView, IdeaStatus, Stats};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};

#[component]
pub fn FollowUps() -> impl IntoView {
    let i18n = use_i18n();
    let stats = LocalResource::new(client::stats);
    let launched = LocalResource::new(|| {
        client::follow_ups(FollowUpQuery {
            status: Some(IdeaStatus::Launched),
            limit: Some(5),
            ..FollowUpQuery::default()
        })
    });
    // The latest decisions, in one theme or all (kept in the address).
    let query = use_query_map();
    let navigate = use_navigate();
    let theme = Memo::new(move |_| query.read().get("theme").unwrap_or_default());
    let pick_theme = Callback::new(move |slug: String| {
        let href = if slug.is_empty() {
            "/follow-ups".to_owned()
        } else {
            format!("/follow-ups?theme={}", encode(&slug))
        };
        navigate(&href, Default::default());
    });
    let latest: Paged<FollowUpView> = Paged::new();
    let load = latest.follow(
        theme,
        |theme: String, cursor| async move {
            let page = client::follow_ups(FollowUpQuery {
                theme: Some(theme).filter(|t| !t.is_empty()),
                cursor,
                limit: Some(10),
                ..FollowUpQuery::default()
            })
            .await?;
            Ok((page.items, page.next_cursor))
        },
        |step| step.id,
    );
    view! {
        <Title text=move || t_string!(i18n, follow_ups_title).to_string() />
        <h1>{t!(i18n, follow_ups_title)}</h1>
        <p class="lead">{t!(i18n, follow_ups_lead)}</p>
        <Transition fallback=move || view! { <p class="loading" role="status">{t!(i18n, loading)}</p> }>
            {move || stats.get().map(|result| match result {
                Ok(stats) => view! { <Figures stats=stats /> }.into_any(),
                Err(_) => view! { <LoadFailed retry=move |_| stats.refetch() /> }.into_any(),
            })}
        </Transition>
        <section class="follow-ups__section" aria-labelledby="launched-title">
            <h2 id="launched-title">{t!(i18n, follow_ups_launched)}</h2>
            <Transition fallback=move || view! { <p class="loading" role="status">{t!(i18n, loading)}</p> }>
                {move || launched.get().map(|result| match result {
                    Ok(page) if page.items.is_empty() => view! { <p class="empty">{t!(i18n, follow_ups_launched_none)}</p> }.into_any(),
                    Ok(page) => view! {
                        <ol class="timeline__steps" role="list">
                            {page.items.into_iter().map(|step| view! { <FollowUpStep step=step with_idea=true /> }).collect_view()}
                        </ol>
                    }.into_any(),
                    Err(_) => view! { <LoadFailed retry=move |_| launched.refetch() /> }.into_any(),
                })}
            </Transition>
        </section>
        <section class="follow-ups__section" aria-labelledby="latest-title">
            <h2 id="latest-title">{t!(i18n, follow_ups_latest)}</h2>
            <div class="filters">
                <ThemeFilter selected=Signal::derive(move || theme.get()) on_pick=pick_theme />
            </div>
            <Show when=move || latest.is_empty()>
                <p class="empty">{t!(i18n, follow_ups_empty)}</p>
            </Show>
            <ol class="timeline__steps" role="list">
                <For each=move || latest.items.get() key=|step| step.id let:step>
                    <FollowUpStep step=step with_idea=true />
                </For>
            </ol>
            <PagedControls paged=latest load=load />
        </section>
    }
}

/// Counts by status, the first-response figures overall and by theme, and the ideas
/// still waiting.
#[component]
fn Figures(stats: Stats) -> impl IntoView {
    let i18n = use_i18n();
    let themes = use_themes();
    let ideas = stats.ideas;
    let overall = ideas.first_response.clone();
    let median = overall.median_hours;
    view! {
        <section class="follow-ups__section" aria-labelledby="status-title">
            <h2 id="status-title">{t!(i18n, follow_ups_by_status)}</h2>
            <ul class="status-counts" role="list">
                {ideas.by_status.into_iter().map(|c| view! {
                    <li class="status-counts__item">
                        <span class="status-counts__n">{c.count}</span>
                        " "
                        <A href=format!("/ideas?status={}", c.status.as_str())>{move || status_name(i18n, c.status)}</A>
                    </li>
                }).collect_view()}
            </ul>
        </section>
        <section class="follow-ups__section" aria-labelledby="response-title">
            <h2 id="response-title">{t!(i18n, follow_ups_response)}</h2>
            <dl class="figures">
                <div><dt>{t!(i18n, follow_ups_median)}</dt><dd>{move || hours_text(i18n, median)}</dd></div>
                <div><dt>{t!(i18n, follow_ups_responded)}</dt><dd>{overall.responded}</dd></div>
                <div><dt>{t!(i18n, follow_ups_waiting)}</dt><dd>{overall.waiting}</dd></div>
            </dl>
            <div class="table-wrap" tabindex="0">
                <table class="data-table">
                    <caption>{t!(i18n, follow_ups_by_theme)}</caption>
                    <thead><tr>
                        <th scope="col">{t!(i18n, field_theme)}</th>
                        <th scope="col">{t!(i18n, follow_ups_median)}</th>
                        <th scope="col">{t!(i18n, follow_ups_responded)}</th>
                        <th scope="col">{t!(i18n, follow_ups_waiting)}</th>
                    </tr></thead>
                    <tbody>
                        {ideas.themes.into_iter().map(|t| {
                            let slug = t.theme.clone();
                            view! {
                                <tr>
                                    <th scope="row">{move || themes.name(i18n, &slug)}</th>
                                    <td>{move || hours_text(i18n, t.response.median_hours)}</td>
                                    <td>{t.response.responded}</td>
                                    <td>{t.response.waiting}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
        <section class="follow-ups__section" aria-labelledby="waiting-title">
            <h2 id="waiting-title">{t!(i18n, follow_ups_oldest)}</h2>
            {if ideas.oldest_waiting.is_empty() {
                view! { <p class="empty">{t!(i18n, follow_ups_none_waiting)}</p> }.into_any()
            } else {
                view! {
                    <ol class="waiting-list" role="list">
                        {ideas.oldest_waiting.into_iter().map(|idea| {
                            let days = (now() - idea.created_at).num_days();
                            view! {
                                <li>
                                    <StatusBadge status=IdeaStatus::New />
                                    " " <A href=format!("/ideas/{}", idea.id)>{idea.title.clone()}</A>
                                    " · " <time datetime=idea.created_at.to_rfc3339()>{format_date(i18n, idea.created_at)}</time>
                                    " · " {move || t_string!(i18n, follow_ups_days_waiting, days = days).to_string()}
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                }.into_any()
            }}
            <p class="note"><A href="/questions">{t!(i18n, follow_ups_questions_link)}</A></p>
        </section>
    }
}

//! `/`: what Cocrea is, the ideas that move now, the newest ones, and the way in.

use crate::catalog::{format_date, notification_text, subject_href, use_themes};
use crate::client;
use crate::components::LoadFailed;
use crate::components::people::PersonName;
use crate::components::thread_parts::IdeaCard;
use crate::components::thread_parts::StatusBadge;
use crate::locales::i18n::*;
use crate::session::use_session;
use api::{FollowTarget, IdeaQuery, IdeaSort};
use leptos::prelude::*;
use leptos::wasm_split::SplitLoaderError;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn Home() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let query = leptos_router::hooks::use_query_map();
    let deleted = move || query.with(|q| q.get("account").as_deref() == Some("deleted"));
    // Each try at fetching the signed-in part (see `for_you`).
    let attempt = RwSignal::new(0_u32);
    view! {
        <Title text=move || format!("{} — {}", t_string!(i18n, app_name), t_string!(i18n, tagline)) />
        {move || deleted().then(|| view! { <p class="notice notice--success" role="status">{t!(i18n, home_account_deleted)}</p> })}
        <section class="hero">
            <h1>{t!(i18n, home_title)}</h1>
            <p class="hero__lead">{t!(i18n, home_lead)}</p>
            <p class="hero__actions">
                <A href="/ideas/new" attr:class="button button--primary button--large">{t!(i18n, idea_new_button)}</A>
                <Show when=move || session.loaded.get() && session.me.get().is_none()>
                    <A href="/signup" attr:class="button button--large">{t!(i18n, home_join)}</A>
                </Show>
            </p>
        </section>
        <Show when=move || session.me.get().is_some()>
            <Suspense fallback=move || view! { <p class="loading" role="status">{t!(i18n, loading)}</p> }>
                {move || {
                    attempt.track();
                    Suspend::new(async move {
                        for_you().await.unwrap_or_else(|_| {
                            view! { <LoadFailed retry=move |_| attempt.update(|n| *n += 1) /> }.into_any()
                        })
                    })
                }}
            </Suspense>
        </Show>
        <div class="home-lists">
            <IdeaStrip sort=IdeaSort::Hot title_id="home-hot" />
            <IdeaStrip sort=IdeaSort::New title_id="home-new" />
        </div>
        <ul class="cards" role="list">
            <li class="card">
                <h2><A href="/ideas">{t!(i18n, home_ideas_title)}</A></h2>
                <p>{t!(i18n, home_ideas_body)}</p>
            </li>
            <li class="card">
                <h2><A href="/questions">{t!(i18n, home_questions_title)}</A></h2>
                <p>{t!(i18n, home_questions_body)}</p>
            </li>
            <li class="card">
                <h2><A href="/follow-ups">{t!(i18n, home_follow_ups_title)}</A></h2>
                <p>{t!(i18n, home_follow_ups_body)}</p>
            </li>
        </ul>
    }
}

/// Five ideas in one order, with a link to the whole list.
#[component]
fn IdeaStrip(sort: IdeaSort, title_id: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let ideas = LocalResource::new(move || {
        client::ideas(IdeaQuery {
            sort: Some(sort),
            limit: Some(5),
            ..IdeaQuery::default()
        })
    });
    let heading = move || match sort {
        IdeaSort::Hot => t_string!(i18n, home_trending),
        _ => t_string!(i18n, home_newest),
    };
    view! {
        <section class="strip" aria-labelledby=title_id>
            <h2 id=title_id>{heading}</h2>
            <Transition fallback=move || view! { <p class="loading" role="status">{t!(i18n, loading)}</p> }>
                {move || ideas.get().map(|result| match result {
                    Ok(page) if page.items.is_empty() => view! { <p class="empty">{t!(i18n, ideas_empty)}</p> }.into_any(),
                    Ok(page) => view! {
                        <ol class="item-list item-list--compact" role="list">
                            {page.items.into_iter().map(|idea| view! { <IdeaCard idea=idea /> }).collect_view()}
                        </ol>
                    }.into_any(),
                    Err(_) => view! { <LoadFailed retry=move |_| ideas.refetch() /> }.into_any(),
                })}
            </Transition>
            <p><A href=format!("/ideas?sort={}", sort.as_str())>{t!(i18n, home_see_all)}</A></p>
        </section>
    }
}

/// The signed-in part of the home page, a chunk of WebAssembly of its own, split off by
/// build.rs like the pages fewer people land on: visitors never fetch it. A chunk that cannot be fetched is
/// an error to show, with a way to try again (a later call fetches it afresh).
#[leptos::wasm_split::wasm_split(for_you, wasm_split_path = ::leptos::wasm_split, fallible)]
fn for_you() -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <ForYou /> }.into_any())
}

/// The signed-in person's own home: news of followed themes, updates on what they follow,
/// and their questions still waiting for an accepted answer.
#[component]
fn ForYou() -> impl IntoView {
    let i18n = use_i18n();
    let themes = use_themes();
    let home = LocalResource::new(client::home);
    view! {
        <section class="for-you" aria-labelledby="for-you-title">
            <h2 id="for-you-title">{t!(i18n, home_for_you)}</h2>
            <Transition fallback=move || view! { <p class="loading" role="status">{t!(i18n, loading)}</p> }>
                {move || home.get().map(|result| match result {
                    Err(_) => view! { <LoadFailed retry=move |_| home.refetch() /> }.into_any(),
                    Ok(home) => {
                        let has_updates = !home.updates.is_empty();
                        view! {
                        <div class="for-you__grid">
                            <section aria-labelledby="fresh-title">
                                <h3 id="fresh-title">{t!(i18n, home_fresh)}</h3>
                                {list_or_empty(
                                    home.fresh,
                                    if home.themes.is_empty() {
                                        view! { <p class="empty">{t!(i18n, home_no_themes)} " " <A href="/profile#themes-title">{t!(i18n, home_choose_themes)}</A></p> }.into_any()
                                    } else {
                                        view! { <p class="empty">{t!(i18n, home_fresh_empty)}</p> }.into_any()
                                    },
                                    |item| {
                                    let href = match item.kind {
                                        FollowTarget::Question => format!("/questions/{}", item.id),
                                        _ => format!("/ideas/{}", item.id),
                                    };
                                    let theme = item.theme.clone();
                                    let status = item.status;
                                    let author = item.author.clone();
                                    let kind = move || match item.kind {
                                        FollowTarget::Question => t_string!(i18n, home_kind_question),
                                        _ => t_string!(i18n, home_kind_idea),
                                    };
                                    view! {
                                        <li>
                                            <span class="for-you__kind">{kind}</span> " "
                                            <A href=href>{item.title}</A>
                                            <span class="for-you__meta">
                                                {status.map(|status| view! { <StatusBadge status=status /> " " })}
                                                {move || themes.name(i18n, &theme)} " · " <PersonName author=author.clone() />
                                            </span>
                                        </li>
                                    }.into_any()
                                    },
                                )}
                            </section>
                            <section aria-labelledby="updates-title">
                                <h3 id="updates-title">{t!(i18n, home_updates)}</h3>
                                {list_or_empty(
                                    home.updates,
                                    view! { <p class="empty">{t!(i18n, notifications_empty)}</p> }.into_any(),
                                    |n| view! {
                                        <li class:notification--unread=!n.read>
                                            <span class="for-you__kind">{move || notification_text(i18n, n.kind)}</span> " "
                                            <A href=subject_href(n.kind, n.subject_id)>{n.title}</A>
                                        </li>
                                    }.into_any(),
                                )}
                                {has_updates.then(|| view! { <p><A href="/notifications">{t!(i18n, home_all_notifications)}</A></p> })}
                            </section>
                            <section aria-labelledby="open-title">
                                <h3 id="open-title">{t!(i18n, home_open_questions)}</h3>
                                {list_or_empty(
                                    home.open_questions,
                                    view! { <p class="empty">{t!(i18n, home_open_empty)}</p> }.into_any(),
                                    |q| {
                                    let answers = q.answer_count;
                                    let (answered, due) = (q.answered, q.due_at);
                                    view! {
                                        <li>
                                            <A href=format!("/questions/{}", q.id)>{q.title}</A>
                                            <span class="for-you__meta">
                                                {move || t_string!(i18n, home_answers_count, n = answers).to_string()} " · "
                                                {move || if answered {
                                                    t_string!(i18n, question_answered).to_string()
                                                } else {
                                                    t_string!(i18n, queue_due, date = format_date(i18n, due)).to_string()
                                                }}
                                            </span>
                                        </li>
                                    }.into_any()
                                    },
                                )}
                            </section>
                        </div>
                    }.into_any()
                    }
                })}
            </Transition>
        </section>
    }
}

/// A column of the personal home: its items as a list, or `empty` when there are none.
fn list_or_empty<T>(items: Vec<T>, empty: AnyView, item: impl FnMut(T) -> AnyView) -> AnyView {
    if items.is_empty() {
        empty
    } else {
        view! { <ul class="for-you__list" role="list">{items.into_iter().map(item).collect_view()}</ul> }
            .into_any()
    }
}

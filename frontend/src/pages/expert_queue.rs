//! `/experts/queue`: the questions waiting for an official answer in the expert's themes,
//! oldest first, with the time left against each theme's commitment.

use crate::catalog::{format_date, now, use_themes};
use crate::client;
use crate::components::forms::SignedIn;
use crate::components::paged::{Paged, PagedControls};
use crate::components::thread_parts::AuthorLine;
use crate::locales::i18n::*;
use crate::session::use_session;
use api::{QueueItem, Role};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn ExpertQueue() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    view! {
        <SignedIn
            heading=Signal::derive(move || t_string!(i18n, queue_title).to_string())
            lead=Signal::derive(move || t_string!(i18n, queue_not_expert).to_string())
        >
            {move || if session.me.get().is_some_and(|me| me.has(Role::Expert)) {
                view! { <Queue /> }.into_any()
            } else {
                view! {
                    <h1>{t!(i18n, queue_title)}</h1>
                    <p class="alert alert--error" role="alert">{t!(i18n, queue_not_expert)}</p>
                }.into_any()
            }}
        </SignedIn>
    }
}

#[component]
fn Queue() -> impl IntoView {
    let i18n = use_i18n();
    let themes = use_themes();
    let paged = Paged::<QueueItem>::new();
    let mine = RwSignal::new(Vec::<String>::new());
    // The queue has no filters: it follows a constant.
    let load = paged.follow(
        Memo::new(|_| ()),
        move |(), cursor| async move {
            client::expert_queue(cursor).await.map(|q| {
                mine.set(q.themes);
                (q.items, q.next_cursor)
            })
        },
        |item| item.id,
    );
    view! {
        <h1>{t!(i18n, queue_title)}</h1>
        <p class="page-lead">{t!(i18n, queue_lead)}</p>
        <p>{move || {
            let names = mine.get().iter().map(|slug| themes.name(i18n, slug)).collect::<Vec<_>>().join(", ");
            t_string!(i18n, queue_themes, list = names).to_string()
        }}</p>
        <Show when=move || paged.is_empty()>
            <p class="empty">{t!(i18n, queue_empty)}</p>
        </Show>
        <ol class="item-list" role="list" aria-busy=move || paged.loading.get().to_string()>
            <For each=move || paged.items.get() key=|item| item.id let:item>
                <QueueCard item=item />
            </For>
        </ol>
        <PagedControls paged=paged load=load />
    }
}

#[component]
fn QueueCard(item: QueueItem) -> impl IntoView {
    let i18n = use_i18n();
    let themes = use_themes();
    let theme = item.theme.clone();
    let due = item.due_at;
    let hours = (due - now()).num_hours();
    let overdue = item.overdue;
    view! {
        <li class="item-card" class:item-card--overdue=overdue>
            <div class="item-card__main">
                <h3 class="item-card__title"><A href=format!("/questions/{}", item.id)>{item.title.clone()}</A></h3>
                <p class="item-card__meta">
                    {if overdue {
                        view! { <span class="status status--overdue">{move || t_string!(i18n, queue_overdue, hours = -hours).to_string()}</span> }.into_any()
                    } else {
                        view! { <span class="status status--new">{move || t_string!(i18n, queue_left, hours = hours).to_string()}</span> }.into_any()
                    }}
                    <span class="item-card__theme">{move || themes.name(i18n, &theme)}</span>
                    <AuthorLine author=item.author.clone() at=item.created_at />
                </p>
                <p class="item-card__facts">
                    {move || t_string!(i18n, queue_due, date = format_date(i18n, due)).to_string()}
                    " · "
                    {move || t_string!(i18n, question_answers_count, n = item.answer_count).to_string()}
                </p>
            </div>
        </li>
    }
}

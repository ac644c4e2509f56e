//! `/`: what Cocrea is, the ideas that move now, the newest ones, and the way in.

use crate::client;
use crate::components::idea_parts::IdeaCard;
use crate::i18n::*;
use crate::session::use_session;
use api::{IdeaQuery, IdeaSort};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn Home() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    view! {
        <Title text=move || format!("{} — {}", t_string!(i18n, app_name), t_string!(i18n, tagline)) />
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
                        <ol class="idea-list idea-list--compact" role="list">
                            {page.items.into_iter().map(|idea| view! { <IdeaCard idea=idea /> }).collect_view()}
                        </ol>
                    }.into_any(),
                    Err(_) => view! {
                        <div class="alert alert--error" role="alert">
                            <p>{t!(i18n, load_failed)}</p>
                            <button type="button" class="button button--quiet" on:click=move |_| ideas.refetch()>{t!(i18n, retry)}</button>
                        </div>
                    }.into_any(),
                })}
            </Transition>
            <p><A href=format!("/ideas?sort={}", sort.as_str())>{t!(i18n, home_see_all)}</A></p>
        </section>
    }
}

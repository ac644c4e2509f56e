//! `/`: what Cocrea is, and the three doors into it.

use crate::i18n::*;
use crate::session::use_session;
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
            <Show when=move || session.loaded.get() && session.me.get().is_none()>
                <A href="/signup" attr:class="button button--primary button--large">{t!(i18n, home_join)}</A>
            </Show>
        </section>
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

//! `/ideas`, `/questions`, `/follow-ups`: the three public sections. Their lists arrive
//! with their own features; until then each says plainly that it is empty.

use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn Ideas() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, ideas_title).to_string() />
        <h1>{t!(i18n, ideas_title)}</h1>
        <p class="empty">{t!(i18n, ideas_empty)}</p>
    }
}

#[component]
pub fn Questions() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, questions_title).to_string() />
        <h1>{t!(i18n, questions_title)}</h1>
        <p class="empty">{t!(i18n, questions_empty)}</p>
    }
}

#[component]
pub fn FollowUps() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, follow_ups_title).to_string() />
        <h1>{t!(i18n, follow_ups_title)}</h1>
        <p class="empty">{t!(i18n, follow_ups_empty)}</p>
    }
}

//! `/follow-ups`: a public section whose list arrives with its own feature; until then it
//! says plainly that it is empty.

use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn FollowUps() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, follow_ups_title).to_string() />
        <h1>{t!(i18n, follow_ups_title)}</h1>
        <p class="empty">{t!(i18n, follow_ups_empty)}</p>
    }
}

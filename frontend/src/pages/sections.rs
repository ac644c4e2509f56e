//! `/questions` and `/follow-ups`: public sections whose lists arrive with their own
//! features; until then each says plainly that it is empty.

use crate::client;
use crate::i18n::*;
use api::ThemeView;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn Questions() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, questions_title).to_string() />
        <h1>{t!(i18n, questions_title)}</h1>
        <p class="empty">{t!(i18n, questions_empty)}</p>
        <Commitments />
    }
}

/// The themes and the bank's public promise of a first expert answer in each.
#[component]
fn Commitments() -> impl IntoView {
    let i18n = use_i18n();
    let themes = LocalResource::new(client::themes);
    let loading = move || view! { <p class="loading" role="status">{t!(i18n, loading)}</p> };
    view! {
        <section class="commitments" aria-labelledby="commitments-title">
            <h2 id="commitments-title">{t!(i18n, themes_title)}</h2>
            <p>{t!(i18n, themes_lead)}</p>
            <Transition fallback=loading>
                {move || themes.get().map(|result| match result {
                    Ok(themes) => view! {
                        <ul class="cards" role="list">
                            <For each=move || themes.clone() key=|theme| theme.slug.clone() let:theme>
                                <ThemeCard theme=theme />
                            </For>
                        </ul>
                    }.into_any(),
                    Err(_) => view! {
                        <div class="alert alert--error" role="alert">
                            <p>{t!(i18n, load_failed)}</p>
                            <button type="button" class="button button--quiet" on:click=move |_| themes.refetch()>
                                {t!(i18n, retry)}
                            </button>
                        </div>
                    }.into_any(),
                })}
            </Transition>
        </section>
    }
}

#[component]
fn ThemeCard(theme: ThemeView) -> impl IntoView {
    let i18n = use_i18n();
    let hours = theme.response_hours;
    let pick = move |text: &api::Localized| match i18n.get_locale() {
        Locale::fr => text.fr.clone(),
        Locale::en => text.en.clone(),
    };
    let (name, description) = (theme.name.clone(), theme.description.clone());
    view! {
        <li class="card">
            <h3>{move || pick(&name)}</h3>
            <p>{move || pick(&description)}</p>
            <p class="card__promise">{move || t_string!(i18n, theme_commitment, hours = hours).to_string()}</p>
        </li>
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

//! `/people/:id`: a person's public profile: badges, bio, reputation and activity.

use crate::catalog::{badge_name, format_date, use_themes};
use crate::client;
use crate::components::errors::error_text;
use crate::components::people::Avatar;
use crate::locales::i18n::*;
use api::{ActivityList, ProfileView};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

#[component]
pub fn Person() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|id| id.parse::<i64>().ok()));
    let profile = LocalResource::new(move || async move {
        match id() {
            Some(id) => client::profile(id).await.map(Some),
            None => Ok(None),
        }
    });
    view! {
        <Transition fallback=move || view! { <p class="loading" role="status">{t!(i18n, loading)}</p> }>
            {move || profile.get().map(|result| match result {
                Ok(Some(profile)) => view! { <ProfilePage profile=profile /> }.into_any(),
                Ok(None) => view! { <h1>{t!(i18n, person_not_found)}</h1> }.into_any(),
                Err(e) if e.status() == Some(404) => view! {
                    <Title text=move || t_string!(i18n, person_not_found).to_string() />
                    <h1>{t!(i18n, person_not_found)}</h1>
                    <p>{t!(i18n, person_not_found_lead)}</p>
                }.into_any(),
                Err(e) => view! { <p class="alert alert--error" role="alert">{error_text(i18n, &e)}</p> }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn ProfilePage(profile: ProfileView) -> impl IntoView {
    let i18n = use_i18n();
    let themes = use_themes();
    let name = profile.person.display_name.clone();
    let since = profile.member_since;
    let reputation = profile.reputation;
    let expert_themes = profile.expert_themes.clone();
    view! {
        <Title text=name.clone() />
        <div class="profile">
            <Avatar avatar=profile.avatar.clone() />
            <div>
                <h1 class="profile__name">{name.clone()}</h1>
                <ul class="badges" aria-label=move || t_string!(i18n, profile_roles)>
                    {profile.person.badges.iter().map(|badge| {
                        let badge = *badge;
                        view! { <li class=format!("badge badge--{badge:?}").to_lowercase()>{move || badge_name(i18n, badge)}</li> }
                    }).collect_view()}
                </ul>
                <p class="profile__since">{move || t_string!(i18n, person_since, date = format_date(i18n, since)).to_string()}</p>
            </div>
        </div>
        {(!profile.bio.is_empty()).then(|| view! { <p class="profile__bio">{profile.bio.clone()}</p> })}
        {(!expert_themes.is_empty()).then(|| view! {
            <p class="profile__expertise">
                {t!(i18n, person_expert_in)} " "
                {move || expert_themes.iter().map(|slug| themes.name(i18n, slug)).collect::<Vec<_>>().join(", ")}
            </p>
        })}
        <section class="panel" aria-labelledby="reputation-title">
            <h2 id="reputation-title">{t!(i18n, person_reputation)}</h2>
            <dl class="figures">
                <div><dt>{t!(i18n, person_rep_total)}</dt><dd>{reputation.total}</dd></div>
                <div><dt>{t!(i18n, person_rep_supports)}</dt><dd>{reputation.supports}</dd></div>
                <div><dt>{t!(i18n, person_rep_votes)}</dt><dd>{reputation.question_votes}</dd></div>
                <div><dt>{t!(i18n, person_rep_helpful)}</dt><dd>{reputation.helpful}</dd></div>
            </dl>
        </section>
        <div class="activity">
            <Activity list=profile.ideas kind="ideas" heading=Signal::derive(move || t_string!(i18n, person_ideas).to_string()) />
            <Activity list=profile.questions kind="questions" heading=Signal::derive(move || t_string!(i18n, person_questions).to_string()) />
            <Activity list=profile.answers kind="questions" heading=Signal::derive(move || t_string!(i18n, person_answers).to_string()) />
            <Activity list=profile.comments kind="ideas" heading=Signal::derive(move || t_string!(i18n, person_comments).to_string()) />
        </div>
    }
}

/// One kind of contribution: how many, and the latest, each linking to its subject.
#[component]
fn Activity(
    list: ActivityList,
    kind: &'static str,
    #[prop(into)] heading: Signal<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let total = list.total;
    view! {
        <section class="activity__list">
            <h2>{heading} " " <span class="activity__count">{format!("({total})")}</span></h2>
            {if list.latest.is_empty() {
                view! { <p class="empty">{t!(i18n, person_nothing_yet)}</p> }.into_any()
            } else {
                view! {
                    <ul role="list">
                        {list.latest.into_iter().map(|item| {
                            let at = item.created_at;
                            view! {
                                <li>
                                    <A href=format!("/{kind}/{}", item.subject_id)>{item.title}</A>
                                    " "
                                    <time class="byline__date" datetime=at.to_rfc3339()>{move || format_date(i18n, at)}</time>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

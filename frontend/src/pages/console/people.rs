//! `/moderation/people`: find people, verify clients, name experts and their themes;
//! admins also give and take the moderator and admin roles.

use super::{StaffOnly, TextArea};
use crate::client::{self, ApiError};
use crate::components::errors::error_text;
use crate::components::forms::ThemeChecks;
use crate::components::{FormAlert, issues_for};
use crate::locales::i18n::*;
use crate::session::use_session;
use api::{PersonView, Role, SetExpertThemes, SetRole};
use leptos::prelude::*;

#[component]
pub fn People() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <StaffOnly heading=Signal::derive(move || t_string!(i18n, console_people_title).to_string())>
            <PeopleSearch />
        </StaffOnly>
    }
}

#[component]
fn PeopleSearch() -> impl IntoView {
    let i18n = use_i18n();
    let q = RwSignal::new(String::new());
    let results = RwSignal::new(None::<Result<Vec<PersonView>, ApiError>>);
    let search = Action::new_local(move |text: &String| {
        let text = text.clone();
        async move {
            results.set(Some(client::search_people(text).await.map(|l| l.items)));
        }
    });
    search.dispatch(String::new());
    view! {
        <form class="search" role="search" on:submit=move |ev| { ev.prevent_default(); search.dispatch(q.get_untracked()); }>
            <label class="field__label" for="people-q">{t!(i18n, console_people_search)}</label>
            <input id="people-q" class="field__input search__input" type="search" autocomplete="off"
                prop:value=move || q.get() on:input=move |ev| q.set(event_target_value(&ev)) />
            <button type="submit" class="button">{t!(i18n, search_button)}</button>
        </form>
        {move || results.get().map(|result| match result {
            Err(e) => view! { <p class="alert alert--error" role="alert">{error_text(i18n, &e)}</p> }.into_any(),
            Ok(people) if people.is_empty() => view! { <p class="empty">{t!(i18n, console_people_none)}</p> }.into_any(),
            Ok(people) => view! {
                <ul class="people" role="list">
                    {people.into_iter().map(|p| view! { <PersonCard person=p /> }).collect_view()}
                </ul>
            }.into_any(),
        })}
    }
}

#[component]
fn PersonCard(person: PersonView) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let id = person.id;
    let current = RwSignal::new(person);
    let reason = RwSignal::new(String::new());
    let (error, set_error) = signal(None::<ApiError>);
    let picked = RwSignal::new(current.get_untracked().expert_themes.clone());
    let done = move |result: Result<PersonView, ApiError>| match result {
        Ok(person) => {
            picked.set(person.expert_themes.clone());
            current.set(person);
            set_error.set(None);
        }
        Err(e) => set_error.set(Some(e)),
    };
    let set_role = Action::new_local(move |(role, granted): &(Role, bool)| {
        let body = SetRole {
            role: *role,
            granted: *granted,
            reason: reason.get_untracked(),
        };
        async move { done(client::set_role(id, body).await) }
    });
    let save_themes = Action::new_local(move |_: &()| {
        let body = SetExpertThemes {
            themes: picked.get_untracked(),
            reason: reason.get_untracked(),
        };
        async move { done(client::set_expert_themes(id, body).await) }
    });
    let is_admin = move || session.me.get().is_some_and(|me| me.has(Role::Admin));
    let has = move |role: Role| current.with(|p| p.roles.contains(&role));
    let role_button = move |role: Role, on: crate::catalog::Text, off: crate::catalog::Text| {
        view! {
            <button type="button" class="button" aria-pressed=move || has(role).to_string()
                on:click=move |_| { set_role.dispatch((role, !has(role))); }>
                {move || if has(role) { off(i18n) } else { on(i18n) }}
            </button>
        }
    };
    let reason_id = format!("person-{id}-reason");
    view! {
        <li class="person">
            <h2 class="person__name">{move || current.with(|p| p.display_name.clone())}</h2>
            <p class="person__facts">
                {move || current.with(|p| p.email.clone())} " · "
                {move || current.with(|p| p.roles.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(", "))}
            </p>
            <FormAlert error=error />
            <TextArea id=reason_id label=Signal::derive(move || t_string!(i18n, console_reason_label).to_string())
                value=reason issues=issues_for(error, "reason") rows=1 />
            <div class="person__roles" role="group" aria-label=move || t_string!(i18n, console_roles)>
                {role_button(Role::Client, |i| t_string!(i, console_verify_client), |i| t_string!(i, console_unverify_client))}
                {role_button(Role::Expert, |i| t_string!(i, console_make_expert), |i| t_string!(i, console_unmake_expert))}
                <Show when=is_admin>
                    {role_button(Role::Moderator, |i| t_string!(i, console_make_moderator), |i| t_string!(i, console_unmake_moderator))}
                    {role_button(Role::Admin, |i| t_string!(i, console_make_admin), |i| t_string!(i, console_unmake_admin))}
                </Show>
            </div>
            <Show when=move || has(Role::Expert)>
                <fieldset class="person__themes">
                    <legend>{t!(i18n, console_expert_themes)}</legend>
                    <ThemeChecks picked=picked id_prefix=format!("person-{id}-theme-") />
                    <button type="button" class="button" on:click=move |_| { save_themes.dispatch(()); }>{t!(i18n, console_save_themes)}</button>
                </fieldset>
            </Show>
        </li>
    }
}

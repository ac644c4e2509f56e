//! `/profile`: the signed-in person's own profile.

use crate::client::{self, ApiError};
use crate::components::{Field, FormAlert, SubmitButton, issues_for};
use crate::i18n::*;
use crate::session::use_session;
use api::{ChangePassword, Role};
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_meta::Title;
use leptos_router::components::A;

fn role_name(i18n: I18nContext<Locale>, role: Role) -> &'static str {
    match role {
        Role::Member => t_string!(i18n, role_member),
        Role::Client => t_string!(i18n, role_client),
        Role::Expert => t_string!(i18n, role_expert),
        Role::Moderator => t_string!(i18n, role_moderator),
        Role::Admin => t_string!(i18n, role_admin),
    }
}

#[component]
pub fn Profile() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    view! {
        <Title text=move || t_string!(i18n, profile_title).to_string() />
        {move || {
            if !session.loaded.get() {
                return view! { <p class="loading" role="status">{t!(i18n, loading)}</p> }.into_any();
            }
            let Some(me) = session.me.get() else {
                return view! {
                    <h1>{t!(i18n, profile_title)}</h1>
                    <p>{t!(i18n, profile_sign_in_required)}</p>
                    <p><A href="/login" attr:class="button button--primary">{t!(i18n, nav_sign_in)}</A></p>
                }
                .into_any();
            };
            let since = move || match i18n.get_locale() {
                Locale::fr => me.created_at.format("%d/%m/%Y").to_string(),
                Locale::en => me.created_at.format("%Y-%m-%d").to_string(),
            };
            let roles = me.roles.clone();
            view! {
                <div class="profile">
                    <div class="avatar" aria-hidden="true">{initials(&me.display_name)}</div>
                    <div>
                        <h1 class="profile__name">{me.display_name.clone()}</h1>
                        <ul class="badges" aria-label=move || t_string!(i18n, profile_roles)>
                            {move || roles.iter().map(|r| view! { <li class=format!("badge badge--{}", r.as_str())>{role_name(i18n, *r)}</li> }).collect_view()}
                        </ul>
                    </div>
                </div>
                <dl class="facts">
                    <dt>{t!(i18n, profile_member_since)}</dt>
                    <dd>{since}</dd>
                    <dt>{t!(i18n, profile_email)}</dt>
                    <dd>{me.email.clone()}</dd>
                </dl>
                <PasswordForm />
            }
            .into_any()
        }}
    }
}

/// Up to two initials for the generated avatar.
fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_alphanumeric())
        .take(2)
        .flat_map(char::to_uppercase)
        .collect()
}

/// Changing one's password, which closes every other session.
#[component]
fn PasswordForm() -> impl IntoView {
    let i18n = use_i18n();
    let (current, new) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let (error, set_error) = signal(None::<ApiError>);
    let done = RwSignal::new(false);
    let action = Action::new_local(move |body: &ChangePassword| {
        let body = body.clone();
        async move {
            match client::change_password(body).await {
                Ok(()) => {
                    set_error.set(None);
                    current.set(String::new());
                    new.set(String::new());
                    done.set(true);
                }
                Err(e) => {
                    done.set(false);
                    set_error.set(Some(e));
                }
            }
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        action.dispatch(ChangePassword {
            current_password: current.get(),
            new_password: new.get(),
        });
    };
    view! {
        <section class="panel" aria-labelledby="password-title">
            <h2 id="password-title">{t!(i18n, password_title)}</h2>
            <p class="panel__lead">{t!(i18n, password_lead)}</p>
            <FormAlert error=error />
            <p class="notice" role="status">
                {move || done.get().then(|| t_string!(i18n, password_changed))}
            </p>
            <form class="form" on:submit=on_submit novalidate=true>
                <Field id="current_password" kind="password" autocomplete="current-password" value=current
                    label=Signal::derive(move || t_string!(i18n, field_current_password).to_string())
                    issues=issues_for(error, "current_password") />
                <Field id="new_password" kind="password" autocomplete="new-password" value=new
                    label=Signal::derive(move || t_string!(i18n, field_new_password).to_string())
                    hint=Signal::derive(move || t_string!(i18n, field_password_hint).to_string())
                    issues=issues_for(error, "new_password") />
                <SubmitButton pending=action.pending() label=Signal::derive(move || t_string!(i18n, password_submit)) />
            </form>
        </section>
    }
}

//! `/profile`: the signed-in person's own profile.

use crate::i18n::*;
use crate::session::use_session;
use api::Role;
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

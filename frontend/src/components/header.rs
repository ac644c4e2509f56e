//! The site header: brand, main navigation, language switch, and the account area.

use crate::i18n::*;
use crate::session::use_session;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

#[component]
pub fn Header() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <a class="skip-link" href="#main">{t!(i18n, skip_to_content)}</a>
        <header class="site-header">
            <div class="site-header__inner">
                <A href="/" attr:class="brand">
                    <span class="brand__mark" aria-hidden="true"></span>
                    <span class="brand__name">{t!(i18n, app_name)}</span>
                </A>
                <nav class="main-nav" aria-label=move || t_string!(i18n, nav_label)>
                    <ul>
                        <li><A href="/ideas">{t!(i18n, nav_ideas)}</A></li>
                        <li><A href="/questions">{t!(i18n, nav_questions)}</A></li>
                        <li><A href="/follow-ups">{t!(i18n, nav_follow_ups)}</A></li>
                    </ul>
                </nav>
                <div class="site-header__tools">
                    <LanguageSwitch />
                    <Account />
                </div>
            </div>
        </header>
    }
}

/// Two buttons, one per language, each written in its own language.
#[component]
fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let button = move |locale: Locale, label: &'static str, lang: &'static str| {
        view! {
            <button
                type="button"
                class="lang-switch__button"
                lang=lang
                aria-pressed=move || (i18n.get_locale() == locale).to_string()
                on:click=move |_| i18n.set_locale(locale)
            >
                {label}
            </button>
        }
    };
    view! {
        <div class="lang-switch" role="group" aria-label=move || t_string!(i18n, lang_label)>
            {button(Locale::fr, "FR", "fr")}
            {button(Locale::en, "EN", "en")}
        </div>
    }
}

/// Sign-in links for visitors; the person's name and a sign-out button otherwise.
#[component]
fn Account() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let sign_out = Action::new_local(move |_: &()| async move { crate::client::sign_out().await });
    Effect::new(move |_| {
        if let Some(Ok(())) = sign_out.value().get() {
            session.me.set(None);
            navigate("/", Default::default());
        }
    });
    view! {
        <div class="account" aria-label=move || t_string!(i18n, account_label) role="group">
            {move || match session.me.get() {
                Some(me) => view! {
                    {me.is_staff().then(|| view! {
                        <A href="/moderation" attr:class="account__link">{t!(i18n, nav_console)}</A>
                    })}
                    {me.has(api::Role::Expert).then(|| view! {
                        <A href="/experts/queue" attr:class="account__link">{t!(i18n, nav_queue)}</A>
                    })}
                    <A href="/notifications" attr:class="account__link">
                        {t!(i18n, nav_notifications)}
                        <Show when=move || { session.unread.get() > 0 }>
                            " " <span class="count-badge">{move || session.unread.get()}</span>
                            <span class="visually-hidden">{move || t_string!(i18n, notifications_unread, n = session.unread.get()).to_string()}</span>
                        </Show>
                    </A>
                    <A href="/profile" attr:class="account__name">{me.display_name}</A>
                    <button type="button" class="button button--quiet" on:click=move |_| { sign_out.dispatch(()); }>
                        {t!(i18n, nav_sign_out)}
                    </button>
                }
                .into_any(),
                None => view! {
                    <A href="/login" attr:class="button button--quiet">{t!(i18n, nav_sign_in)}</A>
                    <A href="/signup" attr:class="button button--primary">{t!(i18n, nav_sign_up)}</A>
                }
                .into_any(),
            }}
        </div>
    }
}

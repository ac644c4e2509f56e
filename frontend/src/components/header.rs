//! The site header: brand, main navigation, language switch, and the account area.

use crate::i18n::*;
use crate::session::use_session;
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

#[component]
pub fn Header() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <a class="skip-link" href="#main" on:click=|ev| {
            // The router would only scroll: move the focus too, so Tab goes on from there.
            ev.prevent_default();
            focus_main();
        }>{t!(i18n, skip_to_content)}</a>
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

/// Puts the keyboard focus at the start of the page's content (`main`, focusable by script
/// only), as the skip link does and every change of page.
pub fn focus_main() {
    super::focus_by_id("main");
}

/// Two buttons, one per language, each written in its own language.
#[component]
fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let button = move |locale: Locale, label: &'static str, lang: &'static str| {
        view! {
            <button
                type="button"
                class="switch__button"
                lang=lang
                aria-pressed=move || (i18n.get_locale() == locale).to_string()
                on:click=move |_| i18n.set_locale(locale)
            >
                {label}
            </button>
        }
    };
    view! {
        <div class="switch lang-switch" role="group" aria-label=move || t_string!(i18n, lang_label)>
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

/// Keeps what a person picked in a cookie for a year, for the whole site (`None` forgets
/// it). Not sent anywhere but back to this server, which draws the next pages with it.
pub fn remember(cookie: &str, value: Option<&str>) {
    set_cookie(&match value {
        Some(value) => format!("{cookie}={value}; path=/; max-age=31536000; samesite=lax"),
        None => format!("{cookie}=; path=/; max-age=0; samesite=lax"),
    });
}

/// Forgets copies of `cookie` kept at the folders above this page rather than for the
/// whole site. leptos_i18n kept the language cookie at the folder of the page it was
/// picked on (`/ideas` for `/ideas/3`); such a copy is sent before the site-wide one and
/// would win on those pages.
pub fn forget_folder_copies(cookie: &str) {
    let path = window().location().pathname().unwrap_or_default();
    let plain = |c: char| c.is_ascii_alphanumeric() || matches!(c, '/' | '-' | '_');
    if path.chars().all(plain) {
        let folders = path.match_indices('/').skip(1).map(|(end, _)| end);
        for end in folders.chain([path.len()]) {
            set_cookie(&format!("{cookie}=; path={}; max-age=0", &path[..end]));
        }
    }
}

fn set_cookie(cookie: &str) {
    let _ = js_sys::Reflect::set(&document(), &"cookie".into(), &cookie.into());
}

/// The system's appearance, or light or dark picked: kept in a cookie the server reads, so
/// every page is drawn in it from its first paint (as `<html data-theme>`).
#[component]
pub fn AppearanceSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let root = document().document_element();
    let picked = RwSignal::new(root.and_then(|r| r.get_attribute("data-theme")));
    let choose = move |theme: Option<&'static str>| {
        if let Some(root) = document().document_element() {
            let _ = match theme {
                Some(theme) => root.set_attribute("data-theme", theme),
                None => root.remove_attribute("data-theme"),
            };
        }
        remember(api::prefs::APPEARANCE_COOKIE, theme);
        picked.set(theme.map(str::to_owned));
    };
    let button = move |theme: Option<&'static str>,
                       label: fn(I18nContext<Locale>) -> &'static str,
                       icon: &'static str| {
        view! {
            <button
                type="button"
                class="switch__button"
                data-theme=theme.unwrap_or("system")
                aria-pressed=move || (picked.get().as_deref() == theme).to_string()
                on:click=move |_| choose(theme)
            >
                <svg viewBox="0 0 24 24" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" inner_html=icon></svg>
                {move || label(i18n)}
            </button>
        }
    };
    view! {
        <div class="appearance">
            <span id="appearance-label">{t!(i18n, appearance_label)}</span>
            <div class="switch" role="group" aria-labelledby="appearance-label">
                {button(None, |i18n| t_string!(i18n, appearance_system), ICON_SYSTEM)}
                {button(Some("light"), |i18n| t_string!(i18n, appearance_light), ICON_LIGHT)}
                {button(Some("dark"), |i18n| t_string!(i18n, appearance_dark), ICON_DARK)}
            </div>
        </div>
    }
}

/// The appearance switch's icons (drawn here, in the style of the Feather set).
const ICON_SYSTEM: &str =
    r#"<rect x="3" y="4" width="18" height="12" rx="2"/><path d="M8 20h8M12 16v4"/>"#;
const ICON_LIGHT: &str = r#"<circle cx="12" cy="12" r="4"/><path d="M12 2v2M12 20v2M4.9 4.9l1.4 1.4M17.7 17.7l1.4 1.4M2 12h2M20 12h2M4.9 19.1l1.4-1.4M17.7 6.3l1.4-1.4"/>"#;
const ICON_DARK: &str = r#"<path d="M21 12.8A9 9 0 1 1 11.2 3a7 7 0 0 0 9.8 9.8z"/>"#;

//! The site header: brand, main navigation, language switch, and the account area.

use crate::locales::i18n::*;
use crate::session::use_session;
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

#[component]
pub fn Header() -> impl IntoView {
    let i18n = use_i18n();
    // On narrow screens the navigation and the tools fold behind a menu button (the
    // disclosure pattern); on wider ones they are always shown and the button is hidden.
    let menu = RwSignal::new(false);
    close_on_navigation(menu);
    view! {
        <a class="skip-link" href="#main" on:click=|ev| {
            // The router would only scroll: move the focus too, so Tab goes on from there.
            ev.prevent_default();
            focus_main();
        }>{t!(i18n, skip_to_content)}</a>
        <header class="site-header">
            <div class="site-header__inner" on:keydown=move |ev| close_on_escape(&ev, menu, ".menu-button")>
                <A href="/" attr:class="brand">
                    <span class="brand__mark" aria-hidden="true"></span>
                    <span class="brand__name">{t!(i18n, app_name)}</span>
                </A>
                <button type="button" class="menu-button" aria-controls="site-menu"
                    aria-expanded=move || menu.get().to_string()
                    on:click=move |_| menu.update(|open| *open = !*open)>
                    <svg viewBox="0 0 24 24" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round"
                        inner_html=move || if menu.get() { ICON_CLOSE } else { ICON_MENU }></svg>
                    {t!(i18n, nav_menu)}
                </button>
                <div id="site-menu" class="site-menu" class:site-menu--open=move || menu.get()>
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
            </div>
        </header>
    }
}

/// Closes a menu when the page changes (a link in it was followed).
fn close_on_navigation(open: RwSignal<bool>) {
    let location = leptos_router::hooks::use_location();
    Effect::new(move |_| {
        location.pathname.track();
        open.set(false);
    });
}

/// Escape closes the menu and gives the focus back to the button that opens it.
fn close_on_escape(ev: &leptos::ev::KeyboardEvent, open: RwSignal<bool>, button: &str) {
    if ev.key() == "Escape" && open.get_untracked() {
        // The account menu sits inside the folding one: Escape closes the innermost.
        ev.stop_propagation();
        open.set(false);
        if let Ok(Some(button)) = document().query_selector(button)
            && let Ok(button) = button.dyn_into::<web_sys::HtmlElement>()
        {
            let _ = button.focus();
        }
    }
}

const ICON_MENU: &str = r#"<path d="M4 6h16M4 12h16M4 18h16"/>"#;
const ICON_CLOSE: &str = r#"<path d="M6 6l12 12M18 6L6 18"/>"#;

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

/// Sign-in links for visitors; for a signed-in person, one menu (the disclosure
/// pattern) under their name: public profile, settings, notifications with the unread
/// count, the console and the expert queue for staff, signing out.
#[component]
fn Account() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let open = RwSignal::new(false);
    close_on_navigation(open);
    let sign_out = Action::new_local(move |_: &()| async move { crate::client::sign_out().await });
    Effect::new(move |_| {
        if let Some(Ok(())) = sign_out.value().get() {
            session.me.set(None);
            navigate("/", Default::default());
        }
    });
    // Open, the menu covers the page below it: it closes when the focus leaves it, so
    // whatever takes the focus next is never hidden under it.
    let area = NodeRef::<leptos::html::Div>::new();
    let on_focus_out = move |ev: leptos::ev::FocusEvent| {
        let inside = ev
            .related_target()
            .and_then(|target| target.dyn_into::<web_sys::Node>().ok())
            .zip(area.get_untracked())
            .is_some_and(|(target, area)| area.contains(Some(&target)));
        if !inside {
            open.set(false);
        }
    };
    view! {
        <div class="account" aria-label=move || t_string!(i18n, account_label) role="group" node_ref=area
            on:keydown=move |ev| close_on_escape(&ev, open, ".account__toggle")
            on:focusout=on_focus_out>
            {move || match session.me.get() {
                Some(me) => view! {
                    <button type="button" class="account__toggle" aria-controls="account-menu"
                        aria-expanded=move || open.get().to_string()
                        on:click=move |_| open.update(|o| *o = !*o)>
                        <span class="account__name">{me.display_name.clone()}</span>
                        <UnreadCount />
                        <svg class="account__chevron" viewBox="0 0 24 24" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round"><path d="M6 9l6 6 6-6"/></svg>
                    </button>
                    <ul id="account-menu" class="account__menu" hidden=move || !open.get()>
                        <li><A href=format!("/people/{}", me.id)>{t!(i18n, nav_profile)}</A></li>
                        <li><A href="/profile">{t!(i18n, nav_settings)}</A></li>
                        <li>
                            <A href="/notifications">
                                {t!(i18n, nav_notifications)}
                                <UnreadCount />
                            </A>
                        </li>
                        {me.is_staff().then(|| view! {
                            <li><A href="/moderation">{t!(i18n, nav_console)}</A></li>
                        })}
                        {me.has(api::Role::Expert).then(|| view! {
                            <li><A href="/experts/queue">{t!(i18n, nav_queue)}</A></li>
                        })}
                        <li>
                            <button type="button" class="account__sign-out" on:click=move |_| { sign_out.dispatch(()); }>
                                {t!(i18n, nav_sign_out)}
                            </button>
                        </li>
                    </ul>
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

/// The unread notifications, when there are some: a badge, and its meaning for screen
/// readers.
#[component]
fn UnreadCount() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let unread = move || session.unread.get();
    view! {
        <Show when=move || { unread() > 0 }>
            " " <span class="count-badge" aria-hidden="true">{unread}</span>
            <span class="visually-hidden">{move || t_string!(i18n, notifications_unread, n = unread()).to_string()}</span>
        </Show>
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
                       label: crate::catalog::Text,
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

//! The app: translations, session, page chrome, and the route table.

use crate::catalog::Themes;
use crate::components::Header;
use crate::components::connection::ConnectionBanner;
use crate::components::header::{AppearanceSwitch, forget_folder_copies, remember};
use crate::components::later::next_turn;
use crate::locales::i18n::*;
use crate::pages::{
    accessibility, auth, console, expert_queue, follow_ups, home, idea, idea_form, ideas, identity,
    not_found, notifications, person, profile, question, question_form, questions, unsubscribe,
};
use crate::session::Session;
use leptos::prelude::*;
use leptos_meta::{Title, provide_meta_context};
use leptos_router::components::{A, Route, Router, Routes};
use leptos_router::hooks::use_location;
use leptos_router::path;
use std::time::Duration;

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_language();
    view! { <Shell /> }
}

/// The app speaks the language the server drew the page in: `<html lang>`, which comes
/// from the language cookie, French until someone picks one (whatever the browser
/// prefers; English is one click away in the header). A change of language goes back to
/// `<html lang>` and to the cookie, so the next page the server draws speaks it too.
///
/// leptos_i18n can keep that cookie itself, but through leptos_use's cookie jar and a
/// broadcast channel set up at start: a tenth of the app's first task for one cookie.
fn provide_language() {
    let root = document().document_element();
    let drawn_in = root
        .and_then(|root| root.get_attribute("lang"))
        .and_then(|lang| lang.parse::<Locale>().ok())
        .unwrap_or(Locale::fr);
    let i18n = leptos_i18n::context::init_i18n_subcontext(Some(Signal::stored(drawn_in)));
    provide_context(i18n);
    Effect::new(move |previous: Option<Locale>| {
        let locale = i18n.get_locale();
        if previous.is_some_and(|previous| previous != locale) {
            if let Some(root) = document().document_element() {
                let _ = root.set_attribute("lang", locale.as_str());
            }
            forget_folder_copies(api::prefs::LANG_COOKIE);
            remember(api::prefs::LANG_COOKIE, Some(locale.as_str()));
        }
        locale
    });
}

/// After each change of page (not the first load), the focus goes to the new content, so
/// keyboard and screen-reader users start there instead of on the link they followed.
#[component]
fn FocusOnNavigate() -> impl IntoView {
    let location = use_location();
    Effect::new(move |previous: Option<String>| {
        let path = location.pathname.get();
        if previous.is_some_and(|p| p != path) {
            crate::components::header::focus_main();
        }
        path
    });
}

/// Which parts of the app are drawn yet.
#[derive(Clone, Copy)]
struct Steps {
    chrome: ReadSignal<bool>,
    page: ReadSignal<bool>,
}

/// Starts the app in four tasks of the browser rather than one: the app's state and
/// router, then its chrome (header, footer), then the page, then the swap with the
/// server's first paint. No task is then long enough to hold up a tap or a key for long
/// on a slow phone (what Lighthouse counts as blocking time), and nothing moves on
/// screen: the first paint stays until the app can replace it whole.
fn start_in_steps() -> Steps {
    let chrome = next_turn();
    let page = next_turn();
    // A zero-delay timer set after those two: it runs in the task after the page's.
    set_timeout(reveal, Duration::ZERO);
    Steps { chrome, page }
}

/// Shows the app and removes the first paint, in one task: never both, never neither.
fn reveal() {
    let document = document();
    if let Some(first_paint) = document.get_element_by_id("first-paint") {
        first_paint.remove();
    }
    if let Some(app) = document.get_element_by_id("app") {
        let _ = app.remove_attribute("hidden");
    }
}

#[component]
fn Shell() -> impl IntoView {
    let i18n = use_i18n();
    Session::provide();
    Themes::provide();
    let steps = start_in_steps();
    // Every page's title names the site after the page, as the server's shell does; the
    // home's title starts with it already.
    let formatter = move |text: String| {
        let app = t_string!(i18n, app_name);
        if text.starts_with(app) {
            text
        } else {
            format!("{text} · {app}")
        }
    };
    view! {
        <Title formatter=formatter />
        <Router>
            <FocusOnNavigate />
            <Show when=move || steps.chrome.get()>
                <Header />
                <ConnectionBanner />
                <identity::UnverifiedBanner />
            </Show>
            <main id="main" class="page" tabindex="-1">
                <Show when=move || steps.page.get()>
                <Routes fallback=not_found::NotFound>
                    <Route path=path!("/") view=home::Home />
                    <Route path=path!("/ideas") view=ideas::Ideas />
                    <Route path=path!("/ideas/new") view=idea_form::NewIdea />
                    <Route path=path!("/ideas/:id") view=idea::Idea />
                    <Route path=path!("/ideas/:id/edit") view=idea_form::EditIdea />
                    <Route path=path!("/questions") view=questions::Questions />
                    <Route path=path!("/questions/new") view=question_form::AskQuestion />
                    <Route path=path!("/questions/:id") view=question::Question />
                    <Route path=path!("/questions/:id/edit") view=question_form::EditQuestion />
                    <Route path=path!("/experts/queue") view=expert_queue::ExpertQueue />
                    <Route path=path!("/notifications") view=notifications::Notifications />
                    <Route path=path!("/follow-ups") view=follow_ups::FollowUps />
                    <Route path=path!("/moderation") view=console::queue::Queue />
                    <Route path=path!("/moderation/items/:kind/:id") view=console::item::Item />
                    <Route path=path!("/moderation/people") view=console::people::People />
                    <Route path=path!("/moderation/themes") view=console::themes::Themes />
                    <Route path=path!("/moderation/audit") view=console::audit::Audit />
                    <Route path=path!("/moderation/accessibility") view=console::accessibility::Accessibility />
                    <Route path=path!("/accessibility") view=accessibility::Statement />
                    <Route path=path!("/signup") view=auth::SignUp />
                    <Route path=path!("/login") view=auth::SignIn />
                    <Route path=path!("/forgot-password") view=identity::ForgotPassword />
                    <Route path=path!("/reset-password") view=identity::ResetPassword />
                    <Route path=path!("/verify-email") view=identity::VerifyEmailPage />
                    <Route path=path!("/profile") view=profile::Profile />
                    <Route path=path!("/settings") view=profile::Profile />
                    <Route path=path!("/people/:id") view=person::Person />
                    <Route path=path!("/unsubscribe") view=unsubscribe::Unsubscribe />
                </Routes>
                </Show>
            </main>
            <footer class="site-footer">
                <Show when=move || steps.chrome.get()>
                    <p class="site-footer__private">{t!(i18n, footer_private)}</p>
                    <p>{t!(i18n, footer_about)} " " <A href="/accessibility">{t!(i18n, footer_a11y)}</A></p>
                    <AppearanceSwitch />
                </Show>
            </footer>
        </Router>
    }
}

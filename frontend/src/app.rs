//! The app: translations, session, page chrome, and the route table.

use crate::catalog::Themes;
use crate::components::Header;
use crate::components::header::AppearanceSwitch;
use crate::i18n::*;
use crate::pages::{
    accessibility, auth, console, expert_queue, follow_ups, home, idea, idea_form, ideas,
    not_found, notifications, person, profile, question, question_form, questions, unsubscribe,
};
use crate::session::Session;
use leptos::prelude::*;
use leptos_i18n::context::CookieOptions;
use leptos_meta::provide_meta_context;
use leptos_router::components::{A, Route, Router, Routes};
use leptos_router::hooks::use_location;
use leptos_router::path;

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    // French first: until someone picks a language (kept in a cookie), the site speaks
    // French whatever the browser prefers; English is one click away in the header.
    let cookie_options = CookieOptions::<Locale>::default().default_value(Some(Locale::fr));
    view! {
        <I18nContextProvider cookie_options=cookie_options>
            <Shell />
        </I18nContextProvider>
    }
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

#[component]
fn Shell() -> impl IntoView {
    let i18n = use_i18n();
    Session::provide();
    Themes::provide();
    view! {
        <Router>
            <FocusOnNavigate />
            <Header />
            <main id="main" class="page" tabindex="-1">
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
                    <Route path=path!("/profile") view=profile::Profile />
                    <Route path=path!("/settings") view=profile::Profile />
                    <Route path=path!("/people/:id") view=person::Person />
                    <Route path=path!("/unsubscribe") view=unsubscribe::Unsubscribe />
                </Routes>
            </main>
            <footer class="site-footer">
                <p class="site-footer__private">{t!(i18n, footer_private)}</p>
                <p>{t!(i18n, footer_about)} " " <A href="/accessibility">{t!(i18n, footer_a11y)}</A></p>
                <AppearanceSwitch />
            </footer>
        </Router>
    }
}

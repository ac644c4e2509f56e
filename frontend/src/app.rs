//! The app: translations, session, page chrome, and the route table.

use crate::catalog::Themes;
use crate::components::Header;
use crate::components::connection::ConnectionBanner;
use crate::components::header::{AppearanceSwitch, forget_folder_copies, remember};
use crate::components::later::{next_task, next_turn};
use crate::locales::i18n::*;
use crate::pages::{home, idea, ideas, identity, not_found, question, questions};
use crate::session::Session;
use leptos::prelude::*;
use leptos_meta::{Title, provide_meta_context};
use leptos_router::components::{A, Route, Router, Routes};
use leptos_router::hooks::use_location;
use leptos_router::path;
use leptos_router::{Lazy, LazyRoute};
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
/// A page whose code is still on its way (see `lazy_pages!`) is waited for, every 50 ms
/// for up to two seconds, so that the first paint is not swapped for an empty page.
fn reveal() {
    reveal_once_drawn(40);
}

fn reveal_once_drawn(tries_left: u32) {
    let document = document();
    // The first paint has a `main` of its own: look inside the app's.
    let drawn = document
        .query_selector("#app main > *")
        .ok()
        .flatten()
        .is_some();
    if !drawn && tries_left > 0 {
        set_timeout(
            move || reveal_once_drawn(tries_left - 1),
            Duration::from_millis(50),
        );
        return;
    }
    if let Some(first_paint) = document.get_element_by_id("first-paint") {
        first_paint.remove();
    }
    if let Some(app) = document.get_element_by_id("app") {
        let _ = app.remove_attribute("hidden");
    }
}

/// The pages most people land on (the home page, the lists of ideas and questions, an
/// idea, a question) are in the main module. The others come in four groups (people and
/// follow-ups, writing, the account, the team's), each a chunk of WebAssembly that the
/// browser fetches when one of its pages is first shown: build.rs splits the module at
/// each group's function. Groups rather than a chunk per page: split page by page, the
/// code the pages share came in hundreds of small chunks, a request each. Ideas and
/// questions were a group too (a first load of 244 KB), but starting on their chunk cost
/// an idea or question page on a slow phone a third more blocked time (Lighthouse 84-95
/// instead of 99). A chunk that cannot be fetched (the network is gone) gives a page that
/// says so, with a button that tries again, instead of stopping the app.
macro_rules! lazy_pages {
    ($($group:ident { $($route:ident => $page:path),* $(,)? })*) => {$(
        mod $group {
            use crate::pages::*;
            use leptos::prelude::*;
            use leptos::wasm_split::SplitLoaderError;

            #[derive(Clone, Copy)]
            pub(super) enum Page {
                $($route),*
            }

            #[leptos::wasm_split::wasm_split(
                $group,
                wasm_split_path = ::leptos::wasm_split,
                fallible,
                preload(fetch)
            )]
            pub(super) fn show(page: Page) -> Result<AnyView, SplitLoaderError> {
                Ok(match page {
                    $(Page::$route => untrack($page).into_any()),*
                })
            }
        }

        $(
            struct $route;

            impl LazyRoute for $route {
                fn data() -> Self {
                    $route
                }

                async fn view(_this: Self) -> AnyView {
                    // The chunk is instantiated in one task of the browser, the page
                    // drawn in the next: two shorter waits for a tap on a slow phone.
                    if $group::fetch().await.is_err() {
                        return page_load_failed();
                    }
                    next_task().await;
                    $group::show($group::Page::$route)
                        .await
                        .unwrap_or_else(|_| page_load_failed())
                }
            }
        )*
    )*};
}

/// What a page whose code could not be fetched shows: the app reloads the page to try
/// again (nothing was drawn or typed on it yet).
fn page_load_failed() -> AnyView {
    let i18n = use_i18n();
    let retry = |_| {
        let _ = window().location().reload();
    };
    view! {
        <Title text=move || t_string!(i18n, page_load_failed_title) />
        <h1>{t!(i18n, page_load_failed_title)}</h1>
        <div class="alert alert--error" role="alert">
            <p>{t!(i18n, page_load_failed_body)}</p>
            <button type="button" class="button" on:click=retry>{t!(i18n, retry)}</button>
        </div>
    }
    .into_any()
}

lazy_pages! {
    reading {
        Person => person::Person,
        FollowUps => follow_ups::FollowUps,
        Statement => accessibility::Statement,
    }
    writing {
        NewIdea => idea_form::NewIdea,
        EditIdea => idea_form::EditIdea,
        AskQuestion => question_form::AskQuestion,
        EditQuestion => question_form::EditQuestion,
    }
    account {
        SignUp => auth::SignUp,
        SignIn => auth::SignIn,
        ForgotPassword => identity::ForgotPassword,
        ResetPassword => identity::ResetPassword,
        VerifyEmail => identity::VerifyEmailPage,
        Profile => profile::Profile,
        Notifications => notifications::Notifications,
        Unsubscribe => unsubscribe::Unsubscribe,
    }
    team {
        ExpertQueue => expert_queue::ExpertQueue,
        ConsoleQueue => console::queue::Queue,
        ConsoleItem => console::item::Item,
        ConsolePeople => console::people::People,
        ConsoleThemes => console::themes::Themes,
        ConsoleAudit => console::audit::Audit,
        ConsoleAccessibility => console::accessibility::Accessibility,
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
                    <Route path=path!("/ideas/new") view={Lazy::<NewIdea>::new()} />
                    <Route path=path!("/ideas/:id") view=idea::Idea />
                    <Route path=path!("/ideas/:id/edit") view={Lazy::<EditIdea>::new()} />
                    <Route path=path!("/questions") view=questions::Questions />
                    <Route path=path!("/questions/new") view={Lazy::<AskQuestion>::new()} />
                    <Route path=path!("/questions/:id") view=question::Question />
                    <Route path=path!("/questions/:id/edit") view={Lazy::<EditQuestion>::new()} />
                    <Route path=path!("/experts/queue") view={Lazy::<ExpertQueue>::new()} />
                    <Route path=path!("/notifications") view={Lazy::<Notifications>::new()} />
                    <Route path=path!("/follow-ups") view={Lazy::<FollowUps>::new()} />
                    <Route path=path!("/moderation") view={Lazy::<ConsoleQueue>::new()} />
                    <Route path=path!("/moderation/items/:kind/:id") view={Lazy::<ConsoleItem>::new()} />
                    <Route path=path!("/moderation/people") view={Lazy::<ConsolePeople>::new()} />
                    <Route path=path!("/moderation/themes") view={Lazy::<ConsoleThemes>::new()} />
                    <Route path=path!("/moderation/audit") view={Lazy::<ConsoleAudit>::new()} />
                    <Route path=path!("/moderation/accessibility") view={Lazy::<ConsoleAccessibility>::new()} />
                    <Route path=path!("/accessibility") view={Lazy::<Statement>::new()} />
                    <Route path=path!("/signup") view={Lazy::<SignUp>::new()} />
                    <Route path=path!("/login") view={Lazy::<SignIn>::new()} />
                    <Route path=path!("/forgot-password") view={Lazy::<ForgotPassword>::new()} />
                    <Route path=path!("/reset-password") view={Lazy::<ResetPassword>::new()} />
                    <Route path=path!("/verify-email") view={Lazy::<VerifyEmail>::new()} />
                    <Route path=path!("/profile") view={Lazy::<Profile>::new()} />
                    <Route path=path!("/settings") view={Lazy::<Profile>::new()} />
                    <Route path=path!("/people/:id") view={Lazy::<Person>::new()} />
                    <Route path=path!("/unsubscribe") view={Lazy::<Unsubscribe>::new()} />
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

//! Says when the site cannot be reached: the device went offline (the browser tells), or
//! the server stopped answering (the API client tells, on each request, through the
//! signal this banner hands it). Pages keep what people wrote either way; this says why
//! sending fails, and when it works again.

use crate::locales::i18n::*;
use leptos::ev;
use leptos::prelude::*;
use std::time::Duration;

/// How often to knock while the server does not answer.
const RETRY: Duration = Duration::from_secs(5);

/// The banner under the header. Its live region is always there, empty while all is well,
/// so screen readers announce the message when it appears.
#[component]
pub fn ConnectionBanner() -> impl IntoView {
    let i18n = use_i18n();
    let online = RwSignal::new(window().navigator().on_line());
    let answered_signal = RwSignal::new(true);
    crate::client::report_answers_to(answered_signal);
    let went_offline = window_event_listener(ev::offline, move |_| online.set(false));
    let came_back = window_event_listener(ev::online, move |_| {
        online.set(true);
        if !answered_signal.get_untracked() {
            leptos::task::spawn_local(crate::client::knock());
        }
    });
    on_cleanup(move || {
        went_offline.remove();
        came_back.remove();
    });
    // Once the server stops answering, knock now and then until it answers again, so the
    // banner goes away on its own.
    Effect::new(move |was: Option<bool>| {
        let now = answered_signal.get();
        if !now && was != Some(false) {
            knock_until_answered(answered_signal);
        }
        now
    });
    view! {
        <div class="connection" role="status">
            {move || {
                let text = if !online.get() {
                    Some(t_string!(i18n, connection_offline))
                } else if !answered_signal.get() {
                    Some(t_string!(i18n, connection_unreachable))
                } else {
                    None
                };
                text.map(|text| view! { <p class="connection__message">{text}</p> })
            }}
        </div>
    }
}

fn knock_until_answered(answered: RwSignal<bool>) {
    set_timeout(
        move || {
            leptos::task::spawn_local(async move {
                crate::client::knock().await;
                if !answered.get_untracked() {
                    knock_until_answered(answered);
                }
            });
        },
        RETRY,
    );
}

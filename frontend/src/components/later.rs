//! Drawing the app in more than one turn of the browser.

use leptos::prelude::*;
use std::time::Duration;

/// A signal that turns true one task of the browser from now (a zero-delay timer). Timers
/// with the same delay run in the order they were set, each in a task of its own, so
/// several of these set one after the other come true one task after another.
pub fn next_turn() -> ReadSignal<bool> {
    let (ready, set_ready) = signal(false);
    set_timeout(move || set_ready.set(true), Duration::ZERO);
    ready
}

/// Waits until one task of the browser from now, like [`next_turn`] (a zero-delay timer):
/// what comes after the wait runs in a task of its own.
pub async fn next_task() {
    let timer = js_sys::Promise::new(&mut |resolve, _| {
        set_timeout(
            move || {
                let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
            },
            Duration::ZERO,
        );
    });
    let _ = wasm_bindgen_futures::JsFuture::from(timer).await;
}

/// Draws its children one task of the browser after the view around it. A long page (a
/// question and all its answers) is then built in two shorter tasks instead of one, so a
/// tap or a key waits less on a slow phone (what Lighthouse counts as blocking time).
/// Nothing moves: the children come in below what is already on screen.
#[component]
pub fn Later(children: ChildrenFn) -> impl IntoView {
    let ready = next_turn();
    view! { <Show when=move || ready.get()>{children()}</Show> }
}

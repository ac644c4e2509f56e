//! Drawing a long page in more than one turn of the browser.

use leptos::prelude::*;
use std::time::Duration;

/// Draws its children one task of the browser after the view around it. A long page (a
/// question and all its answers) is then built in two shorter tasks instead of one, so a
/// tap or a key waits less on a slow phone (what Lighthouse counts as blocking time).
/// Nothing moves: the children come in below what is already on screen.
#[component]
pub fn Later(children: ChildrenFn) -> impl IntoView {
    let (ready, set_ready) = signal(false);
    set_timeout(move || set_ready.set(true), Duration::ZERO);
    view! { <Show when=move || ready.get()>{children()}</Show> }
}

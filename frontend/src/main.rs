//! Cocrea's web app: a Leptos single-page app, rendered in the browser from WebAssembly.
//! `app.rs` holds the routes, `locales.rs` the translations, `client/` (the API client) is
//! the only code that knows URLs, `pages/` has one module per route and `components/` the
//! pieces they share.

use leptos::wasm_bindgen::JsCast;

mod app;
mod catalog;
mod client;
mod components;
// Public: the generated module has more than the pages use, which is not dead code.
pub mod locales;
mod pages;
mod session;

fn main() {
    console_error_panic_hook::set_once();
    // The app draws itself into `#app`, hidden behind the server's first paint (the
    // header and the page's content) until it can take its place whole: see app::Shell.
    let root = leptos::prelude::document()
        .get_element_by_id("app")
        .and_then(|root| root.dyn_into::<web_sys::HtmlElement>().ok());
    match root {
        Some(root) => leptos::mount::mount_to(root, app::App).forget(),
        None => leptos::mount::mount_to_body(app::App),
    }
}

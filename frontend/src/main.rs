//! Cocrea's web app: a Leptos single-page app, rendered in the browser from WebAssembly.
//! `app.rs` holds the routes, `client.rs` (the API client) is the only code that knows URLs, `pages/` has
//! one module per route and `components/` the pieces they share.

include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

mod client;
mod app;
mod components;
mod pages;
mod session;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}

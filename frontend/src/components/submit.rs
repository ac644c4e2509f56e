//! The submit button every form uses, and how any button waits for its request.
//!
//! A button whose request is under way says so with `aria-disabled` and ignores presses,
//! rather than being `disabled`: the browser takes the keyboard focus away from a disabled
//! button (it falls back to the page), so a keyboard or screen-reader user who pressed it
//! would have to find their place again once the request is done.

use crate::locales::i18n::*;
use leptos::prelude::*;

#[component]
pub fn SubmitButton(
    /// Whether the form's request is under way.
    #[prop(into)]
    pending: Signal<bool>,
    /// The button's words when idle.
    #[prop(into)]
    label: Signal<&'static str>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <button type="submit" class="button button--primary" aria-disabled=busy(pending)
            on:click=unless_busy(pending, || {})>
            {move || if pending.get() { t_string!(i18n, working) } else { label.get() }}
        </button>
    }
}

/// `aria-disabled` for a button while `pending`.
pub fn busy(pending: impl Into<Signal<bool>>) -> impl Fn() -> Option<&'static str> {
    let pending = pending.into();
    move || pending.get().then_some("true")
}

/// A button's click handler that does `press`, unless `pending`: then the press is
/// ignored and the click cancelled. For a submit button (whose press is the form's
/// submission: `|| {}`), that also holds back a second submission by Enter in one of the
/// form's fields, which clicks the submit button.
pub fn unless_busy(
    pending: impl Into<Signal<bool>>,
    press: impl Fn() + Send + Sync + 'static,
) -> impl Fn(leptos::ev::MouseEvent) + Send + Sync + 'static {
    let pending = pending.into();
    move |ev| {
        if pending.get_untracked() {
            ev.prevent_default();
        } else {
            press();
        }
    }
}

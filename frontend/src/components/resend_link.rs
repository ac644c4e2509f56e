//! The button that sends a new link to confirm one's address: under the banner of an
//! unconfirmed account, and under the error a write gets until the address is confirmed.

use crate::client::{self, ApiError};
use crate::components::errors::error_text;
use crate::components::submit::{busy, unless_busy};
use crate::locales::i18n::*;
use crate::session::use_session;
use leptos::prelude::*;

/// A button that sends a new confirmation link, for a signed-in person whose address is
/// not confirmed (nothing for anybody else).
#[component]
pub fn ResendLink() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let sent = RwSignal::new(None::<Result<(), ApiError>>);
    let action = Action::new_local(move |_: &()| async move {
        sent.set(Some(client::resend_verification().await));
    });
    let pending = action.pending();
    let unconfirmed = move || {
        session
            .me
            .with(|me| me.as_ref().is_some_and(|me| !me.email_verified))
    };
    view! {
        <Show when=unconfirmed>
            <p class="resend">
                <button type="button" class="button button--quiet" aria-disabled=busy(pending)
                    on:click=unless_busy(pending, move || { action.dispatch(()); })>
                    {move || if pending.get() { t_string!(i18n, working) } else { t_string!(i18n, verify_resend) }}
                </button>
                <span role="status">{move || match sent.get() {
                    Some(Ok(())) => t_string!(i18n, verify_resent).to_string(),
                    Some(Err(e)) => error_text(i18n, &e),
                    None => String::new(),
                }}</span>
            </p>
        </Show>
    }
}

//! A vote button with its counts by segment, for idea supports and question relevance,
//! and the toggle it runs on (which comments' "helpful" marks share).
//! The click shows at once; a refusal puts things back and says why; a live region
//! announces the result.

use crate::catalog::Text;
use crate::client::ApiResult;
use crate::components::errors::error_text;
use crate::components::submit::{busy, unless_busy};
use crate::locales::i18n::*;
use crate::session::use_session;
use api::Supports;
use leptos::prelude::*;
use leptos_router::components::A;
use std::future::Future;
use std::pin::Pin;

/// The words of one kind of vote.
#[derive(Clone, Copy)]
pub struct VoteTexts {
    pub title: Text,
    pub unit: Text,
    pub button: Text,
    pub withdraw: Text,
    pub own: Text,
    pub sign_in: Text,
    pub done: Text,
    pub withdrawn: Text,
}

/// Sends the vote (`true`) or its withdrawal (`false`) for an id; answers the new counts.
pub type SendVote = fn(i64, bool) -> Pin<Box<dyn Future<Output = ApiResult<Supports>>>>;

/// A vote as the page holds it: the counts and whether the viewer voted, moved at once on
/// a click and put back if the server refuses, with what to announce or to show.
#[derive(Clone, Copy)]
pub struct Toggle {
    pub state: RwSignal<(Supports, bool)>,
    pub error: RwSignal<Option<crate::client::ApiError>>,
    /// What the live region says once the server agreed.
    pub announce: RwSignal<String>,
    /// Votes (`true`) or withdraws (`false`).
    pub action: Action<bool, ()>,
}

impl Toggle {
    pub fn new(
        id: i64,
        counts: Supports,
        voted: bool,
        send: SendVote,
        done: Text,
        withdrawn: Text,
    ) -> Toggle {
        let i18n = use_i18n();
        let state = RwSignal::new((counts, voted));
        let error = RwSignal::new(None::<crate::client::ApiError>);
        let announce = RwSignal::new(String::new());
        let action = Action::new_local(move |on: &bool| {
            let on = *on;
            async move {
                let before = state.get_untracked();
                // Optimistic: the count moves now, the server confirms or we roll back.
                state.update(|(counts, voted)| {
                    if *voted != on {
                        *voted = on;
                        counts.total = if on {
                            counts.total + 1
                        } else {
                            counts.total.saturating_sub(1)
                        };
                    }
                });
                match send(id, on).await {
                    Ok(counts) => {
                        state.set((counts, on));
                        error.set(None);
                        announce.set(if on { done(i18n) } else { withdrawn(i18n) }.to_owned());
                    }
                    Err(e) => {
                        state.set(before);
                        error.set(Some(e));
                    }
                }
            }
        });
        Toggle {
            state,
            error,
            announce,
            action,
        }
    }
}

#[component]
pub fn VotePanel(
    id: i64,
    author_id: i64,
    counts: Supports,
    voted: bool,
    texts: VoteTexts,
    send: SendVote,
    /// Where visitors sign in, coming back here.
    sign_in_href: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let Toggle {
        state,
        error,
        announce,
        action: toggle,
    } = Toggle::new(id, counts, voted, send, texts.done, texts.withdrawn);
    let own = move || session.me.get().is_some_and(|me| me.id == author_id);
    let title_id = format!("vote-title-{id}");
    let labelled_by = title_id.clone();
    view! {
        <section class="support" aria-labelledby=labelled_by>
            <h2 id=title_id class="visually-hidden">{move || (texts.title)(i18n)}</h2>
            <p class="support__total">
                <span class="support__number">{move || state.get().0.total}</span>
                " "
                {move || (texts.unit)(i18n)}
            </p>
            <p class="support__split">
                {move || {
                    let s = state.get().0;
                    t_string!(i18n, support_split, clients = s.clients, non_clients = s.non_clients).to_string()
                }}
            </p>
            {move || {
                if own() {
                    view! { <p class="support__note">{move || (texts.own)(i18n)}</p> }.into_any()
                } else if session.me.get().is_some() {
                    view! {
                        <button
                            type="button"
                            class="button support__button"
                            class:button--primary=move || !state.get().1
                            aria-pressed=move || state.get().1.to_string()
                            aria-disabled=busy(toggle.pending())
                            on:click=unless_busy(toggle.pending(), move || { toggle.dispatch(!state.get_untracked().1); })
                        >
                            {move || if state.get().1 { (texts.withdraw)(i18n) } else { (texts.button)(i18n) }}
                        </button>
                    }
                    .into_any()
                } else {
                    view! {
                        <A href=sign_in_href.clone() attr:class="button button--primary support__button">{move || (texts.sign_in)(i18n)}</A>
                    }
                    .into_any()
                }
            }}
            <p class="visually-hidden" role="status">{move || announce.get()}</p>
            {move || error.get().map(|e| view! {
                <p class="alert alert--error" role="alert">{error_text(i18n, &e)}</p>
            })}
        </section>
    }
}

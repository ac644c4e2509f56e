//! How people appear (avatar, name linking to their profile) and the follow button.

use crate::client::{self, ApiError};
use crate::components::errors::error_text;
use crate::components::submit::{busy, unless_busy};
use crate::locales::i18n::*;
use crate::session::use_session;
use api::{AuthorView, AvatarView, FollowTarget};
use leptos::prelude::*;
use leptos_router::components::A;

/// A person's picture, or their initials on their colour. Decorative: the name is
/// always written beside it.
#[component]
pub fn Avatar(
    avatar: AvatarView,
    #[prop(default = "avatar")] class: &'static str,
) -> impl IntoView {
    match avatar.url {
        Some(url) => view! { <img class=class src=url alt="" width="256" height="256" /> }.into_any(),
        None => view! {
            <span class=class aria-hidden="true" style:background-color=avatar.color>{avatar.initials}</span>
        }
        .into_any(),
    }
}

/// The author's name, linking to their profile; "deleted member" for a deleted account.
#[component]
pub fn PersonName(author: AuthorView) -> impl IntoView {
    let i18n = use_i18n();
    if author.deleted {
        view! { <span class="byline__name byline__name--deleted">{t!(i18n, deleted_member)}</span> }
            .into_any()
    } else {
        view! {
            <A href=format!("/people/{}", author.id) attr:class="byline__name">{author.display_name}</A>
        }
        .into_any()
    }
}

/// Follow / stop following, for the signed-in; nothing for visitors.
#[component]
pub fn FollowButton(
    target: FollowTarget,
    #[prop(into)] key: String,
    /// Whether the person follows it when the page loads.
    following: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let state = RwSignal::new(following);
    let error = RwSignal::new(None::<ApiError>);
    let toggle = Action::new_local(move |on: &bool| {
        let (on, key) = (*on, key.clone());
        async move {
            match client::follow(target, &key, on).await {
                Ok(view) => {
                    state.set(view.following);
                    error.set(None);
                }
                Err(e) => error.set(Some(e)),
            }
        }
    });
    view! {
        <Show when=move || session.me.get().is_some()>
            <div class="follow">
                <button type="button" class="button follow__button"
                    class:follow__button--on=move || state.get()
                    aria-pressed=move || state.get().to_string()
                    aria-disabled=busy(toggle.pending())
                    on:click=unless_busy(toggle.pending(), move || { toggle.dispatch(!state.get_untracked()); })>
                    {move || if state.get() { t_string!(i18n, follow_on) } else { t_string!(i18n, follow_off) }}
                </button>
                <p class="follow__status" role="status">
                    {move || error.get().map(|e| error_text(i18n, &e))}
                </p>
            </div>
        </Show>
    }
}

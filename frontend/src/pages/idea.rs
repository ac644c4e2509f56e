//! `/ideas/:id`: one idea, its support counts by segment, its author's tools, and its
//! comments.

use crate::catalog::still_editable;
use crate::client::{self, ApiError};
use crate::components::comments::Comments;
use crate::components::detail::{Unavailable, by_id};
use crate::components::errors::error_text;
use crate::components::follow_up::Timeline;
use crate::components::moderation::{ModerationNotes, ReportButton};
use crate::components::people::FollowButton;
use crate::components::thread_parts::{StatusBadge, SupportPanel, ThreadHead};
use crate::locales::i18n::*;
use crate::session::use_session;
use api::{FollowTarget, IdeaView, TargetType};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

#[component]
pub fn Idea() -> impl IntoView {
    let i18n = use_i18n();
    let idea = by_id(client::idea);
    view! {
        <Transition fallback=move || view! { <p class="loading" role="status">{t!(i18n, loading)}</p> }>
            {move || idea.get().map(|result| match result {
                Ok(idea) => view! { <IdeaPage idea=idea /> }.into_any(),
                Err(e) => view! {
                    <Unavailable error=e heading=|i18n| t_string!(i18n, idea_unavailable)
                        back_href="/ideas" back=|i18n| t_string!(i18n, back_to_ideas) />
                }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn IdeaPage(idea: IdeaView) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let title = idea.title.clone();
    let id = idea.id;
    let author_id = idea.author.id;
    let until = idea.editable_until;
    let mine = move || session.me.get().is_some_and(|me| me.id == author_id);
    let staff = move || session.is_staff();
    let supported = idea.supports.total > 0;
    let confirming = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let remove = Action::new_local(move |_: &()| {
        let navigate = navigate.clone();
        async move {
            match client::delete_idea(id).await {
                Ok(()) => navigate("/ideas?deleted=1", Default::default()),
                Err(e) => error.set(Some(e)),
            }
        }
    });
    view! {
        <Title text=title.clone() />
        <article class="thread thread--idea">
            <ThreadHead list="/ideas" back=|i18n| t_string!(i18n, back_to_ideas) title=title.clone()
                state=view! { <StatusBadge status=idea.status /> }.into_any() theme=idea.theme.clone()
                author=idea.author.clone() at=idea.created_at edited=idea.edited_at.is_some() />
            <ModerationNotes hidden=idea.hidden.clone() locked=idea.locked />
            <div class="thread__layout">
                <div class="thread__body prose" inner_html=idea.body_html.clone()></div>
                <aside class="thread__side">
                    <SupportPanel idea=idea.clone() />
                    <FollowButton target=FollowTarget::Idea key=id.to_string() following=idea.viewer_follows />
                    <Show when=staff>
                        <p class="staff-tools"><A href=format!("/moderation/items/idea/{id}") attr:class="button">{t!(i18n, manage_in_console)}</A></p>
                    </Show>
                    <ReportButton target_type=TargetType::Idea target_id=id author_id=author_id />
                    <Show when=mine>
                        <div class="owner-tools">
                            <Show when=move || still_editable(until)>
                                <A href=format!("/ideas/{id}/edit") attr:class="button">{t!(i18n, edit)}</A>
                            </Show>
                            <Show when=move || !supported fallback=move || view! { <p class="owner-tools__note">{t!(i18n, idea_cannot_delete)}</p> }>
                                <Show when=move || confirming.get() fallback=move || view! {
                                    <button type="button" class="button button--quiet" on:click=move |_| confirming.set(true)>{t!(i18n, delete)}</button>
                                }>
                                    <p>{t!(i18n, idea_confirm_delete)}</p>
                                    <button type="button" class="button button--danger" on:click=move |_| { remove.dispatch(()); }>{t!(i18n, delete_confirm)}</button>
                                    <button type="button" class="button button--quiet" on:click=move |_| confirming.set(false)>{t!(i18n, cancel)}</button>
                                </Show>
                            </Show>
                            {move || error.get().map(|e| view! { <p class="alert alert--error" role="alert">{error_text(i18n, &e)}</p> })}
                        </div>
                    </Show>
                </aside>
            </div>
        </article>
        <Timeline idea_id=id />
        <Comments idea_id=id />
    }
}

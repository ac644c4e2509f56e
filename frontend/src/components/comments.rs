//! The comments of an idea: threads one reply deep, a form for each, "helpful" marks
//! counted by segment, and the author's own edit and delete while allowed.

use crate::catalog::still_editable;
use crate::client::{self, ApiError};
use crate::components::errors::error_text;
use crate::components::markdown_editor::MarkdownEditor;
use crate::components::moderation::{ModerationNotes, ReportButton};
use crate::components::submit::{busy, unless_busy};
use crate::components::thread_parts::AuthorLine;
use crate::components::vote::{SendVote, Toggle};
use crate::components::{FormAlert, LoadFailed, SubmitButton, issues_for};
use crate::locales::i18n::*;
use crate::session::use_session;
use api::{
    COMMENT_BODY_MAX_CHARS, CommentView, CreateComment, Supports, TargetType, UpdateComment,
};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn Comments(idea_id: i64) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let list = LocalResource::new(move || client::comments(idea_id));
    let refresh = Callback::new(move |()| list.refetch());
    let next = format!("/login?next=/ideas/{idea_id}");
    view! {
        <section class="comments" aria-labelledby="comments-title">
            <h2 id="comments-title">{t!(i18n, comments_title)}</h2>
            <Transition fallback=move || view! { <p class="loading" role="status">{t!(i18n, loading)}</p> }>
                {move || list.get().map(|result| match result {
                    Ok(page) if page.items.is_empty() => view! { <p class="empty">{t!(i18n, comments_empty)}</p> }.into_any(),
                    Ok(page) => view! {
                        <ol class="comment-list" role="list">
                            {page.items.into_iter().map(|c| view! { <CommentItem comment=c idea_id=idea_id on_change=refresh /> }).collect_view()}
                        </ol>
                    }.into_any(),
                    Err(_) => view! { <LoadFailed retry=move |_| list.refetch() /> }.into_any(),
                })}
            </Transition>
            {move || if session.me.get().is_some() {
                view! { <CommentForm idea_id=idea_id parent_id=None on_done=refresh /> }.into_any()
            } else {
                view! { <p class="note"><A href=next.clone()>{t!(i18n, comments_sign_in)}</A></p> }.into_any()
            }}
        </section>
    }
}

#[component]
fn CommentItem(comment: CommentView, idea_id: i64, on_change: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let replying = RwSignal::new(false);
    let editing = RwSignal::new(false);
    let confirming = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let id = comment.id;
    let is_top = comment.parent_id.is_none();
    let author_id = comment.author.as_ref().map(|a| a.id);
    let mine = move || session.me.get().is_some_and(|me| Some(me.id) == author_id);
    let editable = comment.editable_until;
    let remove = Action::new_local(move |_: &()| async move {
        match client::delete_comment(id).await {
            Ok(()) => on_change.run(()),
            Err(e) => error.set(Some(e)),
        }
    });
    let replies = comment.replies.clone();
    let body = comment.body_html.clone();
    let markdown = comment.body_markdown.clone();
    let deleted = comment.deleted;
    let hidden = comment.hidden.is_some();
    view! {
        <li class="comment" id=format!("comment-{id}")>
            {match comment.author.clone() {
                Some(author) => view! { <p class="comment__meta"><AuthorLine author=author at=comment.created_at /></p> }.into_any(),
                None if hidden => view! { <p class="comment__meta comment__meta--deleted">{t!(i18n, comment_hidden)}</p> }.into_any(),
                None => view! { <p class="comment__meta comment__meta--deleted">{t!(i18n, comment_deleted)}</p> }.into_any(),
            }}
            {comment.hidden.clone().filter(|h| h.reason.is_some()).map(|h| view! { <ModerationNotes hidden=Some(h) /> })}
            <Show when=move || !editing.get() fallback=move || view! {
                <EditComment id=id markdown=markdown.clone() on_done=Callback::new(move |()| { editing.set(false); on_change.run(()); }) />
            }>
                {(!deleted).then(|| view! { <div class="comment__body prose" inner_html=body.clone()></div> })}
            </Show>
            {comment.edited_at.map(|_| view! { <p class="comment__edited">{t!(i18n, edited)}</p> })}
            {(!deleted && !hidden).then(|| author_id.map(|author_id| view! {
                <Helpful id=id author_id=author_id counts=comment.helpful marked=comment.viewer_helpful />
            }))}
            <div class="comment__actions">
                {(is_top && !deleted && !hidden).then(|| view! {
                    <Show when=move || session.me.get().is_some()>
                        <button type="button" class="link-button" aria-expanded=move || replying.get().to_string()
                            on:click=move |_| replying.update(|r| *r = !*r)>{t!(i18n, comment_reply)}</button>
                    </Show>
                })}
                {(!deleted && !hidden).then(|| author_id.map(|author_id| view! {
                    <ReportButton target_type=TargetType::Comment target_id=id author_id=author_id />
                }))}
                <Show when=move || mine() && !deleted>
                    <Show when=move || still_editable(editable) && !editing.get()>
                        <button type="button" class="link-button" on:click=move |_| editing.set(true)>{t!(i18n, edit)}</button>
                    </Show>
                    <Show when=move || confirming.get() fallback=move || view! {
                        <button type="button" class="link-button" on:click=move |_| confirming.set(true)>{t!(i18n, delete)}</button>
                    }>
                        <span class="confirm" role="group">
                            {t!(i18n, comment_confirm_delete)} " "
                            <button type="button" class="link-button link-button--danger" on:click=move |_| { remove.dispatch(()); }>{t!(i18n, delete_confirm)}</button>
                            " "
                            <button type="button" class="link-button" on:click=move |_| confirming.set(false)>{t!(i18n, cancel)}</button>
                        </span>
                    </Show>
                </Show>
            </div>
            {move || error.get().map(|e| view! { <p class="alert alert--error" role="alert">{crate::components::errors::error_text(i18n, &e)}</p> })}
            <Show when=move || replying.get()>
                <CommentForm idea_id=idea_id parent_id=Some(id) on_done=Callback::new(move |()| { replying.set(false); on_change.run(()); }) />
            </Show>
            {(!replies.is_empty()).then(|| view! {
                <ol class="comment-list comment-list--replies" role="list">
                    {replies.clone().into_iter().map(|c| view! { <CommentItem comment=c idea_id=idea_id on_change=on_change /> }.into_any()).collect_view()}
                </ol>
            })}
        </li>
    }
}

#[component]
fn CommentForm(idea_id: i64, parent_id: Option<i64>, on_done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let body = RwSignal::new(String::new());
    let (error, set_error) = signal(None::<ApiError>);
    // Said to screen readers once the comment is up; the focus stays on the button.
    let posted = RwSignal::new(false);
    let post = Action::new_local(move |text: &String| {
        let input = CreateComment {
            body: text.clone(),
            parent_id,
        };
        posted.set(false);
        async move {
            match client::create_comment(idea_id, input).await {
                Ok(_) => {
                    set_error.set(None);
                    body.set(String::new());
                    posted.set(true);
                    on_done.run(());
                }
                Err(e) => set_error.set(Some(e)),
            }
        }
    });
    let field_id = if parent_id.is_some() {
        "reply-body"
    } else {
        "comment-body"
    };
    let label = move || {
        if parent_id.is_some() {
            t_string!(i18n, comment_reply_label)
        } else {
            t_string!(i18n, comment_label)
        }
        .to_string()
    };
    view! {
        <form class="form comment-form" novalidate=true on:submit=move |ev| { ev.prevent_default(); post.dispatch(body.get_untracked()); }>
            <FormAlert error=error />
            <MarkdownEditor id=field_id label=Signal::derive(label) value=body rows=4
                max=COMMENT_BODY_MAX_CHARS issues=issues_for(error, "body") />
            <SubmitButton pending=post.pending() label=Signal::derive(move || t_string!(i18n, comment_submit)) />
            <p class="visually-hidden" role="status">{move || posted.get().then(|| t_string!(i18n, comment_posted))}</p>
        </form>
    }
}

#[component]
fn EditComment(id: i64, markdown: String, on_done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let body = RwSignal::new(markdown);
    let (error, set_error) = signal(None::<ApiError>);
    let save = Action::new_local(move |text: &String| {
        let input = UpdateComment { body: text.clone() };
        async move {
            match client::update_comment(id, input).await {
                Ok(_) => on_done.run(()),
                Err(e) => set_error.set(Some(e)),
            }
        }
    });
    view! {
        <form class="form comment-form" novalidate=true on:submit=move |ev| { ev.prevent_default(); save.dispatch(body.get_untracked()); }>
            <FormAlert error=error />
            <MarkdownEditor id="edit-comment-body" label=Signal::derive(move || t_string!(i18n, comment_edit_label).to_string())
                value=body rows=4 max=COMMENT_BODY_MAX_CHARS issues=issues_for(error, "body") />
            <SubmitButton pending=save.pending() label=Signal::derive(move || t_string!(i18n, save)) />
        </form>
    }
}

/// "Helpful", with the count by segment. Members mark others' comments; the click shows at
/// once, a refusal puts things back and says why.
#[component]
fn Helpful(id: i64, author_id: i64, counts: Supports, marked: bool) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let send: SendVote = |id, on| {
        Box::pin(async move {
            client::mark_comment_helpful(id, on)
                .await
                .map(|v| v.helpful)
        })
    };
    let Toggle {
        state,
        error,
        announce,
        action: mark,
    } = Toggle::new(
        id,
        counts,
        marked,
        send,
        |i18n| t_string!(i18n, comment_helpful_done),
        |i18n| t_string!(i18n, comment_helpful_withdrawn),
    );
    let can_mark = move || session.me.get().is_some_and(|me| me.id != author_id);
    view! {
        <div class="rating comment__helpful" role="group" aria-label=move || t_string!(i18n, comment_helpful_label)>
            <button type="button" class="button button--small rating__button"
                aria-pressed=move || state.get().1.to_string()
                disabled=move || !can_mark()
                aria-disabled=busy(mark.pending())
                on:click=unless_busy(mark.pending(), move || { mark.dispatch(!state.get_untracked().1); })>
                {move || t_string!(i18n, comment_helpful, n = state.get().0.total).to_string()}
            </button>
            <span class="rating__split">{move || {
                let (s, _) = state.get();
                t_string!(i18n, comment_helpful_split, clients = s.clients, non_clients = s.non_clients).to_string()
            }}</span>
            <span class="visually-hidden" role="status">{move || announce.get()}</span>
            {move || error.get().map(|e| view! { <p class="alert alert--error" role="alert">{error_text(i18n, &e)}</p> })}
        </div>
    }
}

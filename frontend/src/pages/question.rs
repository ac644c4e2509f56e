//! `/questions/:id`: a question, its relevance votes, its answers in order (accepted,
//! official, then by confidence in their ratings), the rating and accept buttons, and the
//! answer form.

use crate::catalog::{Text, format_date, still_editable};
use crate::client::{self, ApiError};
use crate::components::detail::{Unavailable, by_id};
use crate::components::errors::error_text;
use crate::components::markdown_editor::MarkdownEditor;
use crate::components::moderation::{ModerationNotes, ReportButton};
use crate::components::people::FollowButton;
use crate::components::submit::{busy, unless_busy};
use crate::components::thread_parts::{AuthorLine, ThreadHead};
use crate::components::vote::{SendVote, VotePanel, VoteTexts};
use crate::components::{FormAlert, Later, SubmitButton, issues_for};
use crate::locales::i18n::*;
use crate::pages::questions::AnswerState;
use crate::session::use_session;
use api::{
    ANSWER_BODY_MAX_CHARS, AnswerView, CreateAnswer, FollowTarget, QuestionView, RatingView, Role,
    TargetType, UpdateAnswer,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

/// Which answers a group of the page holds.
type Keep = fn(&AnswerView) -> bool;

#[component]
pub fn Question() -> impl IntoView {
    let i18n = use_i18n();
    let question = by_id(client::question);
    view! {
        <Transition fallback=move || view! { <p class="loading" role="status">{t!(i18n, loading)}</p> }>
            {move || question.get().map(|result| match result {
                Ok(q) => view! { <QuestionPage question=q reload=Callback::new(move |_| question.refetch()) /> }.into_any(),
                Err(e) => view! {
                    <Unavailable error=e heading=|i18n| t_string!(i18n, question_unavailable)
                        back_href="/questions" back=|i18n| t_string!(i18n, back_to_questions) />
                }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn QuestionPage(question: QuestionView, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let id = question.id;
    let asker = question.author.id;
    let answers = RwSignal::new(question.answers.clone());
    let due = question.due_at;
    let answered_at = question.answered_at;
    let editable_until = question.editable_until;
    let texts = VoteTexts {
        title: |i18n| t_string!(i18n, question_vote_title),
        unit: |i18n| t_string!(i18n, question_votes_unit),
        button: |i18n| t_string!(i18n, question_vote_button),
        withdraw: |i18n| t_string!(i18n, question_vote_withdraw),
        own: |i18n| t_string!(i18n, question_vote_own),
        sign_in: |i18n| t_string!(i18n, question_vote_sign_in),
        done: |i18n| t_string!(i18n, question_vote_done),
        withdrawn: |i18n| t_string!(i18n, question_vote_withdrawn),
    };
    let send: SendVote =
        |id, on| Box::pin(async move { client::vote_question(id, on).await.map(|v| v.votes) });
    let is_asker = move || session.me.get().is_some_and(|me| me.id == asker);
    let staff = move || session.is_staff();
    // The server's order (accepted, official, then by confidence), shown in three groups.
    let groups: [(Text, Keep); 3] = [
        (|i18n| t_string!(i18n, answers_accepted), |a| a.accepted),
        (
            |i18n| t_string!(i18n, answers_official),
            |a| a.official && !a.accepted,
        ),
        (
            |i18n| t_string!(i18n, answers_community),
            |a| !a.official && !a.accepted,
        ),
    ];
    let accept_error = RwSignal::new(None::<ApiError>);
    let accept = Action::new_local(move |answer: &Option<i64>| {
        let answer = *answer;
        async move {
            match client::accept_answer(id, answer).await {
                Ok(q) => {
                    answers.set(q.answers);
                    accept_error.set(None);
                }
                Err(e) => accept_error.set(Some(e)),
            }
        }
    });
    let on_accept = Callback::new(move |answer: Option<i64>| {
        accept.dispatch(answer);
    });
    view! {
        <Title text=question.title.clone() />
        <article class="thread thread--question">
            <ThreadHead list="/questions" back=|i18n| t_string!(i18n, back_to_questions)
                title=question.title.clone() state=view! { <AnswerState question=question.clone() /> }.into_any()
                theme=question.theme.clone() author=question.author.clone() at=question.created_at
                edited=question.edited_at.is_some() />
            <p class="question__due">
                {move || match answered_at {
                    Some(at) => t_string!(i18n, question_answered_on, date = format_date(i18n, at)).to_string(),
                    None => t_string!(i18n, question_due, date = format_date(i18n, due)).to_string(),
                }}
            </p>
            <ModerationNotes hidden=question.hidden.clone() locked=question.locked />
            <div class="thread__layout">
                <div class="thread__body prose" inner_html=question.body_html.clone()></div>
                <aside class="thread__side">
                    <VotePanel id=id author_id=asker counts=question.votes voted=question.viewer_voted
                        texts=texts send=send sign_in_href=format!("/login?next=/questions/{id}") />
                    <FollowButton target=FollowTarget::Question key=id.to_string() following=question.viewer_follows />
                    <Show when=move || is_asker() && still_editable(editable_until)>
                        <div class="owner-tools">
                            <A href=format!("/questions/{id}/edit") attr:class="button">{t!(i18n, edit)}</A>
                        </div>
                    </Show>
                    <Show when=staff>
                        <p class="staff-tools"><A href=format!("/moderation/items/question/{id}") attr:class="button">{t!(i18n, manage_in_console)}</A></p>
                    </Show>
                    <ReportButton target_type=TargetType::Question target_id=id author_id=asker />
                </aside>
            </div>
        </article>
        <Later>
            <section class="answers" aria-labelledby="answers-title">
                <h2 id="answers-title">{move || t_string!(i18n, answers_title, n = answers.with(Vec::len)).to_string()}</h2>
                {move || accept_error.get().map(|e| view! { <p class="alert alert--error" role="alert">{error_text(i18n, &e)}</p> })}
                <Show when=move || answers.with(Vec::is_empty)>
                    <p class="empty">{t!(i18n, answers_none)}</p>
                </Show>
                {groups.into_iter().map(|(heading, keep)| {
                    let members = move || answers.with(|all| all.iter().filter(|a| keep(a)).cloned().collect::<Vec<_>>());
                    view! {
                        <Show when=move || !members().is_empty()>
                            <h3>{move || heading(i18n)}</h3>
                            <ol class="answer-list" role="list">
                                <For each=members key=|a| (a.id, a.accepted, a.edited_at) let:answer>
                                    <AnswerCard answer=answer asker=is_asker on_accept=on_accept />
                                </For>
                            </ol>
                        </Show>
                    }
                }).collect_view()}
                {if question.locked {
                    view! { <p class="note">{t!(i18n, locked_no_answers)}</p> }.into_any()
                } else {
                    view! { <AnswerForm question=id reload=reload /> }.into_any()
                }}
            </section>
        </Later>
    }
}

/// One answer: its badges, body, ratings, and the asker's accept button.
#[component]
fn AnswerCard(
    answer: AnswerView,
    asker: impl Fn() -> bool + Copy + Send + Sync + 'static,
    on_accept: Callback<Option<i64>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let id = answer.id;
    let author_id = answer.author.id;
    let accepted = answer.accepted;
    let body_html = RwSignal::new(answer.body_html.clone());
    let body = RwSignal::new(answer.body_markdown.clone());
    let edited = RwSignal::new(answer.edited_at.is_some());
    let editing = RwSignal::new(false);
    let mine = move || session.me.get().is_some_and(|me| me.id == author_id);
    let (save_error, set_save_error) = signal(None::<ApiError>);
    let save = Action::new_local(move |_: &()| {
        let text = body.get_untracked();
        async move {
            match client::update_answer(id, UpdateAnswer { body: text }).await {
                Ok(saved) => {
                    body_html.set(saved.body_html);
                    edited.set(true);
                    editing.set(false);
                    set_save_error.set(None);
                }
                Err(e) => set_save_error.set(Some(e)),
            }
        }
    });
    view! {
        <li class="answer" id=format!("answer-{id}") class:answer--official=answer.official class:answer--accepted=accepted>
            <p class="answer__meta">
                {answer.official.then(|| view! { <span class="status status--official">{t!(i18n, answer_official_badge)}</span> })}
                {accepted.then(|| view! { <span class="status status--launched">{t!(i18n, answer_accepted)}</span> })}
                <AuthorLine author=answer.author.clone() at=answer.created_at />
                <Show when=move || edited.get()><span class="thread__edited">{t!(i18n, edited)}</span></Show>
            </p>
            <ModerationNotes hidden=answer.hidden.clone() />
            <Show when=move || editing.get() fallback=move || view! { <div class="answer__body prose" inner_html=move || body_html.get()></div> }>
                <form class="form" novalidate=true on:submit=move |ev| { ev.prevent_default(); save.dispatch(()); }>
                    <FormAlert error=save_error />
                    <MarkdownEditor id="answer-edit" value=body max=ANSWER_BODY_MAX_CHARS rows=6
                        label=Signal::derive(move || t_string!(i18n, field_answer_body).to_string())
                        issues=issues_for(save_error, "body") />
                    <div class="form__actions">
                        <SubmitButton pending=save.pending() label=Signal::derive(move || t_string!(i18n, save)) />
                        <button type="button" class="button button--quiet" on:click=move |_| editing.set(false)>{t!(i18n, cancel)}</button>
                    </div>
                </form>
            </Show>
            <div class="answer__tools">
                <Rating id=id author_id=author_id rating=RatingView { helpful: answer.helpful, not_helpful: answer.not_helpful, viewer_vote: answer.viewer_vote } />
                <Show when=move || asker() && !mine()>
                    {move || if accepted {
                        view! { <button type="button" class="button button--quiet" on:click=move |_| on_accept.run(None)>{t!(i18n, answer_unaccept)}</button> }.into_any()
                    } else {
                        view! { <button type="button" class="button" on:click=move |_| on_accept.run(Some(id))>{t!(i18n, answer_accept)}</button> }.into_any()
                    }}
                </Show>
                <Show when=move || mine() && !editing.get()>
                    <button type="button" class="button button--quiet" on:click=move |_| editing.set(true)>{t!(i18n, edit)}</button>
                </Show>
                <ReportButton target_type=TargetType::Answer target_id=id author_id=author_id />
            </div>
        </li>
    }
}

/// Helpful / not helpful, with the counts by segment. The click shows at once; a refusal
/// puts things back and says why.
#[component]
fn Rating(id: i64, author_id: i64, rating: RatingView) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let state = RwSignal::new(rating);
    let error = RwSignal::new(None::<ApiError>);
    let announce = RwSignal::new(String::new());
    let rate = Action::new_local(move |value: &i8| {
        let value = *value;
        async move {
            let before = state.get_untracked();
            // Pressing the current rating again withdraws it.
            let next = (before.viewer_vote != Some(value)).then_some(value);
            state.update(|s| {
                for (old, sign) in [(s.viewer_vote, -1i64), (next, 1)] {
                    let counts = match old {
                        Some(1) => &mut s.helpful,
                        Some(_) => &mut s.not_helpful,
                        None => continue,
                    };
                    counts.total = (i64::from(counts.total) + sign).max(0) as u32;
                }
                s.viewer_vote = next;
            });
            match client::rate_answer(id, next).await {
                Ok(view) => {
                    state.set(view);
                    error.set(None);
                    announce.set(
                        match next {
                            Some(_) => t_string!(i18n, answer_rated),
                            None => t_string!(i18n, answer_rating_withdrawn),
                        }
                        .to_owned(),
                    );
                }
                Err(e) => {
                    state.set(before);
                    error.set(Some(e));
                }
            }
        }
    });
    let can_rate = move || session.me.get().is_some_and(|me| me.id != author_id);
    let button = move |value: i8| {
        let label = move || {
            let s = state.get();
            if value > 0 {
                t_string!(i18n, answer_helpful, n = s.helpful.total).to_string()
            } else {
                t_string!(i18n, answer_not_helpful, n = s.not_helpful.total).to_string()
            }
        };
        view! {
            <button type="button" class="button button--small rating__button"
                aria-pressed=move || (state.get().viewer_vote == Some(value)).to_string()
                disabled=move || !can_rate()
                aria-disabled=busy(rate.pending())
                on:click=unless_busy(rate.pending(), move || { rate.dispatch(value); })>
                {label}
            </button>
        }
    };
    view! {
        <div class="rating" role="group" aria-label=move || t_string!(i18n, answer_rating_label)>
            {button(1)}
            {button(-1)}
            <span class="rating__split">{move || {
                let s = state.get();
                t_string!(i18n, answer_split, hc = s.helpful.clients, hn = s.helpful.non_clients, uc = s.not_helpful.clients, un = s.not_helpful.non_clients).to_string()
            }}</span>
            <span class="visually-hidden" role="status">{move || announce.get()}</span>
            {move || error.get().map(|e| view! { <p class="alert alert--error" role="alert">{error_text(i18n, &e)}</p> })}
        </div>
    }
}

/// The answer form for signed-in people; a way to sign in for visitors.
#[component]
fn AnswerForm(question: i64, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let body = RwSignal::new(String::new());
    let own_name = RwSignal::new(false);
    let (error, set_error) = signal(None::<ApiError>);
    let post = Action::new_local(move |_: &()| {
        // The server decides whether an answer is official; an expert may decline it.
        let input = CreateAnswer {
            body: body.get_untracked(),
            official: own_name.get_untracked().then_some(false),
        };
        async move {
            match client::create_answer(question, input).await {
                Ok(_) => {
                    body.set(String::new());
                    set_error.set(None);
                    reload.run(());
                }
                Err(e) => set_error.set(Some(e)),
            }
        }
    });
    let expert = move || session.me.get().is_some_and(|me| me.has(Role::Expert));
    view! {
        <section class="answer-form" aria-labelledby="answer-form-title">
            <h2 id="answer-form-title">{t!(i18n, answer_form_title)}</h2>
            {move || if session.me.get().is_some() {
                view! {
                    <form class="form" novalidate=true on:submit=move |ev| { ev.prevent_default(); post.dispatch(()); }>
                        <FormAlert error=error />
                        <Show when=expert>
                            <p class="note">{t!(i18n, answer_expert_note)}</p>
                            <label class="checkbox">
                                <input type="checkbox" prop:checked=move || own_name.get()
                                    on:change=move |ev| own_name.set(event_target_checked(&ev)) />
                                " " {t!(i18n, answer_own_name)}
                            </label>
                        </Show>
                        <MarkdownEditor id="answer" value=body max=ANSWER_BODY_MAX_CHARS rows=6
                            label=Signal::derive(move || t_string!(i18n, field_answer_body).to_string())
                            issues=issues_for(error, "body") />
                        <SubmitButton pending=post.pending() label=Signal::derive(move || t_string!(i18n, answer_submit)) />
                    </form>
                }.into_any()
            } else {
                view! {
                    <p><A href=format!("/login?next=/questions/{question}") attr:class="button button--primary">{t!(i18n, answer_sign_in)}</A></p>
                }.into_any()
            }}
        </section>
    }
}

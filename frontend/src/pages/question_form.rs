//! `/questions/new` and `/questions/:id/edit`: ask the experts, or correct one's question. While the title is typed, similar questions are
//! suggested, and a question that looks like a personal account matter gets, before
//! posting, the suggestion to ask one's adviser privately; a general question may still
//! be posted.

use crate::client::{self, ApiError};
use crate::components::detail::by_id;
use crate::components::forms::{
    EditFacts, EditPage, Editable, FormTexts, NewPage, ThemeSelect, debounced,
};
use crate::components::markdown_editor::MarkdownEditor;
use crate::components::{Field, FormAlert, SubmitButton, issues_for};
use crate::locales::i18n::*;
use api::{CreateQuestion, QUESTION_BODY_MAX_CHARS, QuestionView, UpdateQuestion};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

const TEXTS: FormTexts = FormTexts {
    new: |i18n| t_string!(i18n, question_new_title),
    new_lead: |i18n| t_string!(i18n, question_sign_in_first),
    edit: |i18n| t_string!(i18n, question_edit_title),
    edit_lead: |i18n| t_string!(i18n, question_edit_sign_in),
    closed: |i18n| t_string!(i18n, question_edit_closed),
};

impl Editable for QuestionView {
    fn edit_facts(&self) -> EditFacts {
        EditFacts {
            author_id: self.author.id,
            editable_until: self.editable_until,
            title: self.title.clone(),
            href: format!("/questions/{}", self.id),
        }
    }
}

#[component]
pub fn AskQuestion() -> impl IntoView {
    view! { <NewPage texts=&TEXTS><QuestionForm existing=None /></NewPage> }
}

/// `/questions/:id/edit`: the asker corrects their question within the edit window.
#[component]
pub fn EditQuestion() -> impl IntoView {
    let form = |question| view! { <QuestionForm existing=Some(question) /> }.into_any();
    view! { <EditPage item=by_id(client::question) texts=&TEXTS form=form /> }
}

#[component]
fn QuestionForm(existing: Option<QuestionView>) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let editing = existing.as_ref().map(|q| q.id);
    let (title, body, theme) = match existing {
        Some(q) => (q.title, q.body_markdown, q.theme),
        None => Default::default(),
    };
    let (title, body, theme) = (
        RwSignal::new(title),
        RwSignal::new(body),
        RwSignal::new(theme),
    );
    let general = RwSignal::new(false);
    let (error, set_error) = signal(None::<ApiError>);
    let found = debounced(title, 4, |text| async move {
        client::similar_questions(text).await.ok()
    });
    // The server found the whole question (body included) personal: the asker must say
    // it is general.
    let refused_personal = move || {
        error.with(|e| {
            e.as_ref()
                .is_some_and(|e| e.code() == api::code::PERSONAL_MATTER)
        })
    };
    let looks_personal =
        move || refused_personal() || found.with(|f| f.as_ref().is_some_and(|f| f.personal_matter));
    let save = Action::new_local(move |_: &()| {
        let navigate = navigate.clone();
        let (t, b, th) = (
            title.get_untracked(),
            body.get_untracked(),
            theme.get_untracked(),
        );
        let general = general.get_untracked();
        async move {
            let saved = match editing {
                Some(id) => {
                    let changes = UpdateQuestion {
                        title: Some(t),
                        body: Some(b),
                        theme: Some(th),
                    };
                    client::update_question(id, changes).await
                }
                None => {
                    let input = CreateQuestion {
                        title: t,
                        body: b,
                        theme: th,
                        general,
                    };
                    client::create_question(input).await
                }
            };
            match saved {
                Ok(question) => {
                    navigate(&format!("/questions/{}", question.id), Default::default())
                }
                Err(e) => set_error.set(Some(e)),
            }
        }
    });
    // Suggesting the question itself while it is edited would be noise.
    let similar = move || {
        found
            .get()
            .filter(|_| editing.is_none())
            .map(|f| f.items)
            .unwrap_or_default()
    };
    view! {
        <div class="form-page form-page--wide">
            <h1>{move || if editing.is_some() { t_string!(i18n, question_edit_title) } else { t_string!(i18n, question_new_title) }}</h1>
            <p class="form-page__lead">{t!(i18n, question_new_lead)}</p>
            <FormAlert error=error />
            <form class="form" novalidate=true on:submit=move |ev| { ev.prevent_default(); save.dispatch(()); }>
                <Field id="title" value=title
                    label=Signal::derive(move || t_string!(i18n, field_question_title).to_string())
                    hint=Signal::derive(move || t_string!(i18n, field_question_title_hint).to_string())
                    issues=issues_for(error, "title") />
                <div class="similar" aria-live="polite">
                    <Show when=move || !similar().is_empty()>
                        <p class="similar__lead">{t!(i18n, similar_questions_lead)}</p>
                        <ul class="similar__list" role="list">
                            <For each=similar key=|q| q.id let:q>
                                <li>
                                    <A href=format!("/questions/{}", q.id)>{q.title.clone()}</A>
                                    " "
                                    <span class="similar__facts">{move || if q.answered { t_string!(i18n, question_answered) } else { t_string!(i18n, question_waiting) }}</span>
                                </li>
                            </For>
                        </ul>
                    </Show>
                </div>
                <div class="personal" role="status">
                    <Show when=looks_personal>
                        <div class="personal__box">
                            <h2 class="personal__title">{t!(i18n, personal_hint_title)}</h2>
                            <p>{t!(i18n, personal_hint_text)}</p>
                            // An edit keeps the question public as it is: the hint stays a hint.
                            {editing.is_none().then(|| view! {
                                <label class="checkbox">
                                    <input type="checkbox" prop:checked=move || general.get()
                                        on:change=move |ev| general.set(event_target_checked(&ev)) />
                                    " " {t!(i18n, personal_confirm)}
                                </label>
                            })}
                        </div>
                    </Show>
                </div>
                <ThemeSelect value=theme issues=issues_for(error, "theme") />
                <MarkdownEditor id="body" value=body max=QUESTION_BODY_MAX_CHARS rows=8
                    label=Signal::derive(move || t_string!(i18n, field_question_body).to_string())
                    issues=issues_for(error, "body") />
                <p class="note">{t!(i18n, question_rules)}</p>
                <SubmitButton pending=save.pending()
                    label=Signal::derive(move || if editing.is_some() { t_string!(i18n, save) } else { t_string!(i18n, question_submit) }) />
            </form>
        </div>
    }
}

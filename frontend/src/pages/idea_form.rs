//! `/ideas/new` and `/ideas/:id/edit`: the idea form, with similar ideas suggested while
//! the title is typed and a preview of the body.

use crate::catalog::status_name;
use crate::client::{self, ApiError};
use crate::components::detail::by_id;
use crate::components::forms::{
    EditFacts, EditPage, Editable, FormTexts, NewPage, ThemeSelect, debounced,
};
use crate::components::markdown_editor::MarkdownEditor;
use crate::components::{Field, FormAlert, SubmitButton, issues_for};
use crate::locales::i18n::*;
use api::{CreateIdea, IDEA_BODY_MAX_CHARS, IdeaView, UpdateIdea};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

const TEXTS: FormTexts = FormTexts {
    new: |i18n| t_string!(i18n, idea_new_title),
    new_lead: |i18n| t_string!(i18n, idea_sign_in_first),
    edit: |i18n| t_string!(i18n, idea_edit_title),
    edit_lead: |i18n| t_string!(i18n, idea_edit_sign_in),
    closed: |i18n| t_string!(i18n, idea_edit_closed),
};

impl Editable for IdeaView {
    fn edit_facts(&self) -> EditFacts {
        EditFacts {
            author_id: self.author.id,
            editable_until: self.editable_until,
            title: self.title.clone(),
            href: format!("/ideas/{}", self.id),
        }
    }
}

#[component]
pub fn NewIdea() -> impl IntoView {
    view! { <NewPage texts=&TEXTS><IdeaForm existing=None /></NewPage> }
}

#[component]
pub fn EditIdea() -> impl IntoView {
    let form = |idea| view! { <IdeaForm existing=Some(idea) /> }.into_any();
    view! { <EditPage item=by_id(client::idea) texts=&TEXTS form=form /> }
}

#[component]
fn IdeaForm(existing: Option<IdeaView>) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let editing = existing.as_ref().map(|i| i.id);
    let title = RwSignal::new(
        existing
            .as_ref()
            .map(|i| i.title.clone())
            .unwrap_or_default(),
    );
    let body = RwSignal::new(
        existing
            .as_ref()
            .map(|i| i.body_markdown.clone())
            .unwrap_or_default(),
    );
    let theme = RwSignal::new(
        existing
            .as_ref()
            .map(|i| i.theme.clone())
            .unwrap_or_default(),
    );
    let (error, set_error) = signal(None::<ApiError>);
    let save = Action::new_local(move |_: &()| {
        let navigate = navigate.clone();
        let (t, b, th) = (
            title.get_untracked(),
            body.get_untracked(),
            theme.get_untracked(),
        );
        async move {
            let saved = match editing {
                Some(id) => {
                    client::update_idea(
                        id,
                        UpdateIdea {
                            title: Some(t),
                            body: Some(b),
                            theme: Some(th),
                        },
                    )
                    .await
                }
                None => {
                    client::create_idea(CreateIdea {
                        title: t,
                        body: b,
                        theme: th,
                    })
                    .await
                }
            };
            match saved {
                Ok(idea) => navigate(&format!("/ideas/{}", idea.id), Default::default()),
                Err(e) => set_error.set(Some(e)),
            }
        }
    });
    let heading = move || {
        if editing.is_some() {
            t_string!(i18n, idea_edit_title)
        } else {
            t_string!(i18n, idea_new_title)
        }
    };
    view! {
        <div class="form-page form-page--wide">
            <h1>{heading}</h1>
            <p class="form-page__lead">{t!(i18n, idea_new_lead)}</p>
            <FormAlert error=error />
            <form class="form" novalidate=true on:submit=move |ev| { ev.prevent_default(); save.dispatch(()); }>
                <Field id="title" value=title
                    label=Signal::derive(move || t_string!(i18n, field_idea_title).to_string())
                    hint=Signal::derive(move || t_string!(i18n, field_idea_title_hint).to_string())
                    issues=issues_for(error, "title") />
                {editing.is_none().then(|| view! { <Similar title=title /> })}
                <ThemeSelect value=theme issues=issues_for(error, "theme") />
                <MarkdownEditor id="body" value=body max=IDEA_BODY_MAX_CHARS rows=10
                    label=Signal::derive(move || t_string!(i18n, field_idea_body).to_string())
                    issues=issues_for(error, "body") />
                <p class="note">{t!(i18n, idea_rules)}</p>
                <SubmitButton pending=save.pending()
                    label=Signal::derive(move || if editing.is_some() { t_string!(i18n, save) } else { t_string!(i18n, idea_submit) }) />
            </form>
        </div>
    }
}

/// Ideas like the title being typed, fetched a moment after typing stops.
#[component]
fn Similar(title: RwSignal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let found = debounced(title, 4, |text| async move {
        client::similar_ideas(text).await.ok().map(|s| s.items)
    });
    let found = move || found.get().unwrap_or_default();
    view! {
        <div class="similar" aria-live="polite">
            <Show when=move || !found().is_empty()>
                <p class="similar__lead">{t!(i18n, similar_lead)}</p>
                <ul class="similar__list" role="list">
                    <For each=found key=|idea| idea.id let:idea>
                        <li>
                            <A href=format!("/ideas/{}", idea.id)>{idea.title.clone()}</A>
                            " "
                            <span class="similar__facts">{move || format!("{} · {}", status_name(i18n, idea.status), t_string!(i18n, idea_supports_count, n = idea.supports))}</span>
                        </li>
                    </For>
                </ul>
            </Show>
        </div>
    }
}

//! `/moderation/themes`: create, rename, re-describe, change the commitment of, and
//! archive themes.

use super::StaffOnly;
use crate::client::{self, ApiError};
use crate::components::errors::error_text;
use crate::components::{Field, FormAlert, SubmitButton, issues_for};
use crate::locales::i18n::*;
use api::{CreateTheme, Localized, ThemeAdminView, UpdateTheme};
use leptos::prelude::*;

#[component]
pub fn Themes() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <StaffOnly heading=Signal::derive(move || t_string!(i18n, console_themes_title).to_string())>
            <ThemeList />
        </StaffOnly>
    }
}

#[component]
fn ThemeList() -> impl IntoView {
    let i18n = use_i18n();
    let themes = LocalResource::new(client::all_themes);
    let reload = Callback::new(move |()| themes.refetch());
    view! {
        <Transition fallback=move || view! { <p class="loading" role="status">{t!(i18n, loading)}</p> }>
            {move || themes.get().map(|result| match result {
                Err(e) => view! { <p class="alert alert--error" role="alert">{error_text(i18n, &e)}</p> }.into_any(),
                Ok(list) => view! {
                    <ul class="theme-admin" role="list">
                        {list.into_iter().map(|t| view! { <ThemeRow theme=t reload=reload /> }).collect_view()}
                    </ul>
                }.into_any(),
            })}
        </Transition>
        <NewTheme reload=reload />
    }
}

/// The fields a theme is edited with.
#[derive(Clone, Copy)]
struct ThemeFields {
    name_fr: RwSignal<String>,
    name_en: RwSignal<String>,
    description_fr: RwSignal<String>,
    description_en: RwSignal<String>,
    hours: RwSignal<String>,
}

impl ThemeFields {
    fn new(name: &Localized, description: &Localized, hours: u32) -> ThemeFields {
        ThemeFields {
            name_fr: RwSignal::new(name.fr.clone()),
            name_en: RwSignal::new(name.en.clone()),
            description_fr: RwSignal::new(description.fr.clone()),
            description_en: RwSignal::new(description.en.clone()),
            hours: RwSignal::new(hours.to_string()),
        }
    }

    fn name(&self) -> Localized {
        Localized {
            fr: self.name_fr.get_untracked(),
            en: self.name_en.get_untracked(),
        }
    }

    fn description(&self) -> Localized {
        Localized {
            fr: self.description_fr.get_untracked(),
            en: self.description_en.get_untracked(),
        }
    }

    /// Hours as typed; 0 (refused by the server with a clear message) when not a number.
    fn hours(&self) -> u32 {
        self.hours.get_untracked().trim().parse().unwrap_or(0)
    }
}

#[component]
fn ThemeInputs(
    prefix: String,
    fields: ThemeFields,
    error: ReadSignal<Option<ApiError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = |part: &str| format!("{prefix}-{part}");
    view! {
        <Field id=id("name-fr") label=Signal::derive(move || t_string!(i18n, console_theme_name_fr).to_string())
            value=fields.name_fr issues=issues_for(error, "name.fr") />
        <Field id=id("name-en") label=Signal::derive(move || t_string!(i18n, console_theme_name_en).to_string())
            value=fields.name_en issues=issues_for(error, "name.en") />
        <Field id=id("description-fr") label=Signal::derive(move || t_string!(i18n, console_theme_description_fr).to_string())
            value=fields.description_fr issues=issues_for(error, "description.fr") />
        <Field id=id("description-en") label=Signal::derive(move || t_string!(i18n, console_theme_description_en).to_string())
            value=fields.description_en issues=issues_for(error, "description.en") />
        <Field id=id("hours") kind="number" label=Signal::derive(move || t_string!(i18n, console_theme_hours).to_string())
            value=fields.hours issues=issues_for(error, "response_hours") />
    }
}

#[component]
fn ThemeRow(theme: ThemeAdminView, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let id = theme.id;
    let archived = theme.archived;
    let fields = ThemeFields::new(
        &theme.theme.name,
        &theme.theme.description,
        theme.theme.response_hours,
    );
    let position = RwSignal::new(theme.position.to_string());
    let (error, set_error) = signal(None::<ApiError>);
    let save = Action::new_local(move |archive: &Option<bool>| {
        let body = UpdateTheme {
            name: Some(fields.name()),
            description: Some(fields.description()),
            response_hours: Some(fields.hours()),
            // Not a number: -1, which the server refuses with a message on the field.
            position: Some(position.get_untracked().trim().parse().unwrap_or(-1)),
            archived: *archive,
        };
        async move {
            match client::update_theme(id, body).await {
                Ok(_) => reload.run(()),
                Err(e) => set_error.set(Some(e)),
            }
        }
    });
    view! {
        <li class="theme-admin__item" class:theme-admin__item--archived=archived>
            <h2>{theme.theme.slug.clone()} {archived.then(|| view! { " " <span class="status status--declined">{t!(i18n, console_archived)}</span> })}</h2>
            <form class="form console-form" novalidate=true on:submit=move |ev| { ev.prevent_default(); save.dispatch(None); }>
                <FormAlert error=error />
                <ThemeInputs prefix=format!("theme-{id}") fields=fields error=error />
                <Field id=format!("theme-{id}-position") kind="number"
                    label=Signal::derive(move || t_string!(i18n, console_theme_position).to_string())
                    value=position issues=issues_for(error, "position") />
                <div class="form__actions">
                    <SubmitButton pending=save.pending() label=Signal::derive(move || t_string!(i18n, save)) />
                    <button type="button" class="button button--quiet" on:click=move |_| { save.dispatch(Some(!archived)); }>
                        {move || if archived { t_string!(i18n, console_unarchive) } else { t_string!(i18n, console_archive) }}
                    </button>
                </div>
            </form>
        </li>
    }
}

#[component]
fn NewTheme(reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let slug = RwSignal::new(String::new());
    let blank = Localized {
        fr: String::new(),
        en: String::new(),
    };
    let fields = ThemeFields::new(&blank, &blank, 72);
    let (error, set_error) = signal(None::<ApiError>);
    let create = Action::new_local(move |_: &()| {
        let body = CreateTheme {
            slug: slug.get_untracked(),
            name: fields.name(),
            description: fields.description(),
            response_hours: fields.hours(),
        };
        async move {
            match client::create_theme(body).await {
                Ok(_) => {
                    slug.set(String::new());
                    set_error.set(None);
                    reload.run(());
                }
                Err(e) => set_error.set(Some(e)),
            }
        }
    });
    view! {
        <section aria-labelledby="new-theme-title">
            <h2 id="new-theme-title">{t!(i18n, console_new_theme)}</h2>
            <form class="form console-form" novalidate=true on:submit=move |ev| { ev.prevent_default(); create.dispatch(()); }>
                <FormAlert error=error />
                <Field id="new-theme-slug" label=Signal::derive(move || t_string!(i18n, console_theme_slug).to_string())
                    hint=Signal::derive(move || t_string!(i18n, console_theme_slug_hint).to_string())
                    value=slug issues=issues_for(error, "slug") />
                <ThemeInputs prefix="new-theme".to_owned() fields=fields error=error />
                <SubmitButton pending=create.pending() label=Signal::derive(move || t_string!(i18n, console_create_theme)) />
            </form>
        </section>
    }
}

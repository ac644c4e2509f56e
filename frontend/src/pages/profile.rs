//! `/profile`: the signed-in person's own profile.

use crate::catalog::notification_kind_name;
use crate::client::{self, ApiError};
use crate::components::TextArea;
use crate::components::errors::error_text;
use crate::components::field::FieldIssues;
use crate::components::forms::ThemeChecks;
use crate::components::people::Avatar;
use crate::components::submit::{busy, unless_busy};
use crate::components::{Field, FormAlert, SubmitButton, issues_for};
use crate::locales::i18n::*;
use crate::session::use_session;
use api::{ChangePassword, Delivery, Role, Settings, UpdateSettings};
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_meta::Title;
use leptos_router::components::A;

fn role_name(i18n: I18nContext<Locale>, role: Role) -> &'static str {
    match role {
        Role::Member => t_string!(i18n, role_member),
        Role::Client => t_string!(i18n, role_client),
        Role::Expert => t_string!(i18n, role_expert),
        Role::Moderator => t_string!(i18n, role_moderator),
        Role::Admin => t_string!(i18n, role_admin),
    }
}

#[component]
pub fn Profile() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    view! {
        <Title text=move || t_string!(i18n, profile_title).to_string() />
        {move || {
            if !session.loaded.get() {
                return view! { <p class="loading" role="status">{t!(i18n, loading)}</p> }.into_any();
            }
            let Some(me) = session.me.get() else {
                return view! {
                    <h1>{t!(i18n, profile_title)}</h1>
                    <p>{t!(i18n, profile_sign_in_required)}</p>
                    <p><A href="/login" attr:class="button button--primary">{t!(i18n, nav_sign_in)}</A></p>
                }
                .into_any();
            };
            let since = move || match i18n.get_locale() {
                Locale::fr => me.created_at.format("%d/%m/%Y").to_string(),
                Locale::en => me.created_at.format("%Y-%m-%d").to_string(),
            };
            let roles = me.roles.clone();
            view! {
                <div class="profile">
                    <div>
                        <h1 class="profile__name">{me.display_name.clone()}</h1>
                        <ul class="badges" aria-label=move || t_string!(i18n, profile_roles)>
                            {move || roles.iter().map(|r| view! { <li class=format!("badge badge--{}", r.as_str())>{role_name(i18n, *r)}</li> }).collect_view()}
                        </ul>
                    </div>
                </div>
                <dl class="facts">
                    <dt>{t!(i18n, profile_member_since)}</dt>
                    <dd>{since}</dd>
                    <dt>{t!(i18n, profile_email)}</dt>
                    <dd>{me.email.clone()}</dd>
                </dl>
                <p class="profile__links">
                    <A href=format!("/people/{}", me.id)>{t!(i18n, settings_public_profile)}</A>
                </p>
                <SettingsSections />
                <crate::pages::identity::ClientCodeForm />
                <crate::pages::identity::EmailForm />
                <PasswordForm />
                <crate::pages::two_factor::TwoFactorSection />
                <crate::pages::identity::SessionsSection />
                <DataSection />
            }
            .into_any()
        }}
    }
}

/// Changing one's password, which closes every other session.
#[component]
fn PasswordForm() -> impl IntoView {
    let i18n = use_i18n();
    let (current, new) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let (error, set_error) = signal(None::<ApiError>);
    let done = RwSignal::new(false);
    let action = Action::new_local(move |body: &ChangePassword| {
        let body = body.clone();
        async move {
            match client::change_password(body).await {
                Ok(()) => {
                    set_error.set(None);
                    current.set(String::new());
                    new.set(String::new());
                    done.set(true);
                }
                Err(e) => {
                    done.set(false);
                    set_error.set(Some(e));
                }
            }
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        action.dispatch(ChangePassword {
            current_password: current.get(),
            new_password: new.get(),
        });
    };
    view! {
        <section class="panel" aria-labelledby="password-title">
            <h2 id="password-title">{t!(i18n, password_title)}</h2>
            <p class="panel__lead">{t!(i18n, password_lead)}</p>
            <FormAlert error=error />
            <p class="notice" role="status">
                {move || done.get().then(|| t_string!(i18n, password_changed))}
            </p>
            <form class="form" on:submit=on_submit novalidate=true>
                <Field id="current_password" kind="password" autocomplete="current-password" value=current
                    label=Signal::derive(move || t_string!(i18n, field_current_password).to_string())
                    issues=issues_for(error, "current_password") />
                <Field id="new_password" kind="password" autocomplete="new-password" value=new
                    label=Signal::derive(move || t_string!(i18n, field_new_password).to_string())
                    hint=Signal::derive(move || t_string!(i18n, field_password_hint).to_string())
                    issues=issues_for(error, "new_password") />
                <SubmitButton pending=action.pending() label=Signal::derive(move || t_string!(i18n, password_submit)) />
            </form>
        </section>
    }
}

/// The person's settings, loaded once and shared by the forms that change them.
#[component]
fn SettingsSections() -> impl IntoView {
    let i18n = use_i18n();
    // `loaded` renders the forms once; `settings` then follows what the server stored,
    // without re-creating the forms (they keep their messages and focus).
    let loaded = RwSignal::new(None::<Result<Settings, ApiError>>);
    let settings = RwSignal::new(None::<Result<Settings, ApiError>>);
    leptos::task::spawn_local(async move {
        let result = client::settings().await;
        settings.set(Some(result.clone()));
        loaded.set(Some(result));
    });
    view! {
        {move || match loaded.get() {
            None => view! { <p class="loading" role="status">{t!(i18n, loading)}</p> }.into_any(),
            Some(Err(e)) => view! { <p class="alert alert--error" role="alert">{error_text(i18n, &e)}</p> }.into_any(),
            Some(Ok(current)) => view! {
                <AvatarForm settings=settings current=current.clone() />
                <AboutForm settings=settings current=current.clone() />
                <ThemesForm settings=settings current=current.clone() />
                <crate::pages::identity::BankSection linked=current.bank_linked />
                <NotificationsForm settings=settings current=current />
            }.into_any(),
        }}
    }
}

/// One settings form: heading, lead, the server's errors and a "saved" status around
/// `children`; submitting sends `change()` and, once stored, shares the new settings.
#[component]
fn SettingsForm(
    title_id: &'static str,
    #[prop(into)] heading: Signal<String>,
    #[prop(optional, into)] lead: Option<Signal<String>>,
    settings: RwSignal<Option<Result<Settings, ApiError>>>,
    error: (ReadSignal<Option<ApiError>>, WriteSignal<Option<ApiError>>),
    change: Callback<(), UpdateSettings>,
    /// Told the settings as stored, after this form saved them.
    #[prop(optional)]
    on_saved: Option<Callback<Settings>>,
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    let (error, set_error) = error;
    let saved = RwSignal::new(false);
    let save = Action::new_local(move |body: &UpdateSettings| {
        let body = body.clone();
        async move {
            match client::update_settings(body).await {
                Ok(stored) => {
                    set_error.set(None);
                    saved.set(true);
                    if let Some(on_saved) = on_saved {
                        on_saved.run(stored.clone());
                    }
                    settings.set(Some(Ok(stored)));
                }
                Err(e) => {
                    saved.set(false);
                    set_error.set(Some(e));
                }
            }
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(change.run(()));
    };
    view! {
        <section class="panel" aria-labelledby=title_id>
            <h2 id=title_id>{heading}</h2>
            {lead.map(|lead| view! { <p class="panel__lead">{lead}</p> })}
            <FormAlert error=error />
            <p class="notice" role="status">{move || saved.get().then(|| t_string!(i18n, settings_saved))}</p>
            <form class="form" on:submit=on_submit novalidate=true>
                {children()}
                <SubmitButton pending=save.pending() label=Signal::derive(move || t_string!(i18n, settings_save)) />
            </form>
        </section>
    }
}

#[component]
fn AvatarForm(
    settings: RwSignal<Option<Result<Settings, ApiError>>>,
    current: Settings,
) -> impl IntoView {
    let i18n = use_i18n();
    let (error, set_error) = signal(None::<ApiError>);
    let input = NodeRef::<leptos::html::Input>::new();
    let upload = Action::new_local(move |_: &()| {
        let file = input
            .get_untracked()
            .and_then(|input| input.files())
            .and_then(|files| files.get(0));
        async move {
            let Some(file) = file else {
                return;
            };
            match client::upload_avatar(file).await {
                Ok(stored) => {
                    set_error.set(None);
                    settings.set(Some(Ok(stored)));
                }
                Err(e) => set_error.set(Some(e)),
            }
        }
    });
    let remove = Action::new_local(move |_: &()| async move {
        match client::remove_avatar().await {
            Ok(stored) => settings.set(Some(Ok(stored))),
            Err(e) => set_error.set(Some(e)),
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        upload.dispatch(());
    };
    let avatar = Signal::derive(move || {
        settings
            .get()
            .and_then(Result::ok)
            .map_or_else(|| current.avatar.clone(), |s| s.avatar)
    });
    let has_picture = move || avatar.with(|a| a.url.is_some());
    view! {
        <section class="panel" aria-labelledby="avatar-title">
            <h2 id="avatar-title">{t!(i18n, settings_avatar)}</h2>
            <div class="avatar-form">
                {move || view! { <Avatar avatar=avatar.get() /> }}
                <form class="form" on:submit=on_submit novalidate=true>
                    <div class="field" class:field--invalid=move || !issues_for(error, "avatar").get().is_empty()>
                        <label class="field__label" for="avatar">{t!(i18n, settings_avatar_file)}</label>
                        <p class="field__hint" id="avatar-hint">{t!(i18n, settings_avatar_hint)}</p>
                        <input class="field__input" type="file" id="avatar" name="avatar" node_ref=input
                            accept="image/png,image/jpeg,image/webp" aria-describedby="avatar-hint avatar-error" />
                        <FieldIssues id="avatar-error" issues=issues_for(error, "avatar") />
                    </div>
                    <SubmitButton pending=upload.pending() label=Signal::derive(move || t_string!(i18n, settings_avatar_upload)) />
                    <Show when=has_picture>
                        <button type="button" class="button button--quiet" on:click=move |_| { remove.dispatch(()); }>
                            {t!(i18n, settings_avatar_remove)}
                        </button>
                    </Show>
                </form>
            </div>
        </section>
    }
}

#[component]
fn AboutForm(
    settings: RwSignal<Option<Result<Settings, ApiError>>>,
    current: Settings,
) -> impl IntoView {
    let i18n = use_i18n();
    let name = RwSignal::new(current.display_name.clone());
    let bio = RwSignal::new(current.bio.clone());
    let locale = RwSignal::new(current.locale.clone());
    let (error, set_error) = signal(None::<ApiError>);
    let session = use_session();
    // Once stored, the site follows the language chosen for emails, and the header the name.
    let on_saved = Callback::new(move |stored: Settings| {
        i18n.set_locale(if stored.locale == "en" {
            Locale::en
        } else {
            Locale::fr
        });
        session.me.update(|me| {
            if let Some(me) = me {
                me.display_name = stored.display_name;
            }
        });
    });
    let change = Callback::new(move |()| UpdateSettings {
        display_name: Some(name.get()),
        bio: Some(bio.get()),
        locale: Some(locale.get()),
        ..UpdateSettings::default()
    });
    view! {
        <SettingsForm title_id="about-title" heading=Signal::derive(move || t_string!(i18n, settings_about).to_string())
            settings=settings error=(error, set_error) change=change on_saved=on_saved>
                <Field id="display_name" autocomplete="nickname" value=name
                    label=Signal::derive(move || t_string!(i18n, field_display_name).to_string())
                    issues=issues_for(error, "display_name") />
                <TextArea id="bio" value=bio rows=4
                    label=Signal::derive(move || t_string!(i18n, settings_bio).to_string())
                    issues=issues_for(error, "bio") />
                <div class="field">
                    <label class="field__label" for="locale">{t!(i18n, settings_language)}</label>
                    <select class="field__input" id="locale" prop:value=move || locale.get()
                        on:change=move |ev| locale.set(event_target_value(&ev))>
                        <option value="fr" selected=current.locale != "en">"Français"</option>
                        <option value="en" selected=current.locale == "en">"English"</option>
                    </select>
                </div>
        </SettingsForm>
    }
}

#[component]
fn ThemesForm(
    settings: RwSignal<Option<Result<Settings, ApiError>>>,
    current: Settings,
) -> impl IntoView {
    let i18n = use_i18n();
    let chosen = RwSignal::new(current.themes.clone());
    let error = signal(None::<ApiError>);
    let change = Callback::new(move |()| UpdateSettings {
        themes: Some(chosen.get()),
        ..UpdateSettings::default()
    });
    view! {
        <SettingsForm title_id="themes-title" heading=Signal::derive(move || t_string!(i18n, settings_themes).to_string())
            lead=Signal::derive(move || t_string!(i18n, settings_themes_lead).to_string())
            settings=settings error=error change=change>
                <fieldset class="checks">
                    <legend class="visually-hidden">{t!(i18n, settings_themes)}</legend>
                    <ThemeChecks picked=chosen id_prefix="follow-theme-" />
                </fieldset>
        </SettingsForm>
    }
}

fn delivery_name(i18n: I18nContext<Locale>, delivery: Delivery) -> &'static str {
    match delivery {
        Delivery::Immediate => t_string!(i18n, delivery_immediate),
        Delivery::Digest => t_string!(i18n, delivery_digest),
        Delivery::None => t_string!(i18n, delivery_none),
    }
}

#[component]
fn NotificationsForm(
    settings: RwSignal<Option<Result<Settings, ApiError>>>,
    current: Settings,
) -> impl IntoView {
    let i18n = use_i18n();
    let prefs = RwSignal::new(current.notifications.clone());
    let error = signal(None::<ApiError>);
    let change = Callback::new(move |()| UpdateSettings {
        notifications: Some(prefs.get()),
        ..UpdateSettings::default()
    });
    view! {
        <SettingsForm title_id="emails-title" heading=Signal::derive(move || t_string!(i18n, settings_emails).to_string())
            lead=Signal::derive(move || t_string!(i18n, settings_emails_lead).to_string())
            settings=settings error=error change=change>
                {current.notifications.iter().map(|pref| {
                    let kind = pref.kind;
                    let id = format!("email-{}", kind.as_str());
                    view! {
                        <div class="field field--inline">
                            <label class="field__label" for=id.clone()>{move || notification_kind_name(i18n, kind)}</label>
                            <select class="field__input" id=id
                                on:change=move |ev| {
                                    let value = event_target_value(&ev);
                                    if let Some(delivery) = Delivery::parse(&value) {
                                        prefs.update(|p| {
                                            if let Some(pref) = p.iter_mut().find(|p| p.kind == kind) {
                                                pref.delivery = delivery;
                                            }
                                        });
                                    }
                                }>
                                {Delivery::ALL.iter().copied().map(|delivery| view! {
                                    <option value=delivery.as_str() selected=pref.delivery == delivery>
                                        {move || delivery_name(i18n, delivery)}
                                    </option>
                                }).collect_view()}
                            </select>
                        </div>
                    }
                }).collect_view()}
        </SettingsForm>
    }
}

/// "Export my data" and "Delete my account" (with the password).
#[component]
fn DataSection() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let password = RwSignal::new(String::new());
    let confirming = RwSignal::new(false);
    let (error, set_error) = signal(None::<ApiError>);
    let navigate = leptos_router::hooks::use_navigate();
    let delete = Action::new_local(move |password: &String| {
        let password = password.clone();
        let navigate = navigate.clone();
        async move {
            match client::delete_account(password).await {
                Ok(()) => {
                    session.me.set(None);
                    session.unread.set(0);
                    navigate("/?account=deleted", Default::default());
                }
                Err(e) => set_error.set(Some(e)),
            }
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        delete.dispatch(password.get());
    };
    view! {
        <section class="panel" aria-labelledby="data-title">
            <h2 id="data-title">{t!(i18n, settings_data)}</h2>
            <p class="panel__lead">{t!(i18n, settings_export_lead)}</p>
            <p><a class="button" href="/api/v1/me/export" download="cocrea-my-data.json">{t!(i18n, settings_export)}</a></p>
            <h3>{t!(i18n, settings_delete)}</h3>
            <p>{t!(i18n, settings_delete_lead)}</p>
            <Show when=move || confirming.get() fallback=move || view! {
                <button type="button" class="button button--danger" on:click=move |_| confirming.set(true)>{t!(i18n, settings_delete)}</button>
            }>
                <FormAlert error=error />
                <form class="form" on:submit=on_submit novalidate=true>
                    <Field id="delete_password" kind="password" autocomplete="current-password" value=password
                        label=Signal::derive(move || t_string!(i18n, settings_delete_password).to_string())
                        issues=issues_for(error, "password") />
                    <button type="submit" class="button button--danger" aria-disabled=busy(delete.pending())
                        on:click=unless_busy(delete.pending(), || {})>
                        {t!(i18n, settings_delete_confirm)}
                    </button>
                    <button type="button" class="button button--quiet" on:click=move |_| confirming.set(false)>{t!(i18n, cancel)}</button>
                </form>
            </Show>
        </section>
    }
}

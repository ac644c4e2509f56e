//! `/signup` and `/login`.

use crate::client::{self, ApiError};
use crate::components::{Field, FormAlert, SubmitButton, issues_for};
use crate::locales::i18n::*;
use crate::session::use_session;
use api::{Credentials, Me, Signup};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};

/// Runs a sign-up or sign-in request; on success stores the person and goes back where
/// they were asked to sign in (`?next=`), or to their profile; on failure keeps the error
/// for the form to show.
fn submit_action<I: Clone + 'static, F>(
    call: impl Fn(I) -> F + Copy + 'static,
    set_error: WriteSignal<Option<ApiError>>,
) -> Action<I, ()>
where
    F: Future<Output = client::ApiResult<Me>> + 'static,
{
    let session = use_session();
    let navigate = use_navigate();
    let query = use_query_map();
    Action::new_local(move |input: &I| {
        let input = input.clone();
        let navigate = navigate.clone();
        let next = next_path(query);
        async move {
            match call(input).await {
                Ok(me) => {
                    set_error.set(None);
                    session.signed_in(me);
                    navigate(&next, Default::default());
                }
                Err(e) => set_error.set(Some(e)),
            }
        }
    })
}

/// Back to where the person was asked to sign in (`?next=`); only paths of this site.
fn next_path(query: Memo<leptos_router::params::ParamsMap>) -> String {
    query
        .read_untracked()
        .get("next")
        .filter(|n| api::is_local_path(n))
        .unwrap_or_else(|| "/profile".to_owned())
}

#[component]
pub fn SignUp() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let next = Signal::derive(move || next_path(query));
    let (email, display_name, password) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let (error, set_error) = signal(None::<ApiError>);
    let action = submit_action(client::sign_up, set_error);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        action.dispatch(Signup {
            email: email.get(),
            display_name: display_name.get(),
            password: password.get(),
        });
    };
    view! {
        <Title text=move || t_string!(i18n, signup_title).to_string() />
        <div class="form-page">
            <h1>{t!(i18n, signup_title)}</h1>
            <p class="form-page__lead">{t!(i18n, signup_lead)}</p>
            <crate::pages::identity::BankSignIn next=next />
            <FormAlert error=error />
            <form class="form" on:submit=on_submit novalidate=true>
                <Field id="email" kind="email" autocomplete="email" value=email
                    label=Signal::derive(move || t_string!(i18n, field_email).to_string())
                    issues=issues_for(error, "email") />
                <Field id="display_name" autocomplete="nickname" value=display_name
                    label=Signal::derive(move || t_string!(i18n, field_display_name).to_string())
                    hint=Signal::derive(move || t_string!(i18n, field_display_name_hint).to_string())
                    issues=issues_for(error, "display_name") />
                <Field id="password" kind="password" autocomplete="new-password" value=password
                    label=Signal::derive(move || t_string!(i18n, field_password).to_string())
                    hint=Signal::derive(move || t_string!(i18n, field_password_hint).to_string())
                    issues=issues_for(error, "password") />
                <SubmitButton pending=action.pending() label=Signal::derive(move || t_string!(i18n, signup_submit)) />
            </form>
            <p class="form-page__switch">{t!(i18n, signup_have_account)} " " <A href="/login">{t!(i18n, login_title)}</A></p>
        </div>
    }
}

#[component]
pub fn SignIn() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let next = Signal::derive(move || next_path(query));
    let (email, password) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let code = RwSignal::new(String::new());
    let (error, set_error) = signal(None::<ApiError>);
    let action = submit_action(client::sign_in, set_error);
    // Once the server asks for the second factor, its field stays and takes the focus.
    let asks_code = RwSignal::new(false);
    Effect::new(move |_| {
        let asked = error.with(|e| {
            e.as_ref().is_some_and(|e| {
                matches!(
                    e.code(),
                    api::code::TWO_FACTOR_REQUIRED | api::code::TWO_FACTOR_INVALID
                )
            })
        });
        if asked {
            asks_code.set(true);
            request_animation_frame(|| crate::components::focus_by_id("login_code"));
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        action.dispatch(Credentials {
            email: email.get(),
            password: password.get(),
            code: asks_code.get().then(|| code.get()),
        });
    };
    let bank_error = query.with_untracked(|q| q.get("oidc_error"));
    view! {
        <Title text=move || t_string!(i18n, login_title).to_string() />
        <div class="form-page">
            <h1>{t!(i18n, login_title)}</h1>
            {bank_error.map(|code| view! {
                <p class="alert alert--error" role="alert">{move || crate::pages::identity::bank_failure(i18n, &code)}</p>
            })}
            <crate::pages::identity::BankSignIn next=next />
            <FormAlert error=error />
            <form class="form" on:submit=on_submit novalidate=true>
                <Field id="email" kind="email" autocomplete="username" value=email
                    label=Signal::derive(move || t_string!(i18n, field_email).to_string())
                    issues=issues_for(error, "email") />
                <Field id="password" kind="password" autocomplete="current-password" value=password
                    label=Signal::derive(move || t_string!(i18n, field_password).to_string())
                    issues=issues_for(error, "password") />
                <Show when=move || asks_code.get()>
                    <Field id="login_code" autocomplete="one-time-code" value=code
                        label=Signal::derive(move || t_string!(i18n, field_two_factor_code).to_string())
                        hint=Signal::derive(move || t_string!(i18n, field_two_factor_code_hint).to_string())
                        issues=issues_for(error, "code") />
                </Show>
                <SubmitButton pending=action.pending() label=Signal::derive(move || t_string!(i18n, login_submit)) />
            </form>
            <p class="form-page__switch"><A href="/forgot-password">{t!(i18n, login_forgot)}</A></p>
            <p class="form-page__switch">{t!(i18n, login_no_account)} " " <A href="/signup">{t!(i18n, nav_sign_up)}</A></p>
        </div>
    }
}

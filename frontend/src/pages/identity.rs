//! Identity by e-mail: `/verify-email` and `/reset-password` (where e-mails' links lead,
//! the token in the address's fragment, which browsers never send to a server),
//! `/forgot-password`, the banner that asks a new member to confirm their address, and
//! the form that changes one's address.

use crate::client::{self, ApiError};
use crate::components::resend_link::ResendLink;
use crate::components::submit::{busy, unless_busy};
use crate::components::{Field, FormAlert, SubmitButton, issues_for};
use crate::locales::i18n::*;
use crate::session::use_session;
use api::{ChangeEmail, ClientCode, PasswordReset, PasswordResetRequest, SessionView, VerifyEmail};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

/// The token in the page's fragment (`#token=…`), taken out of the address so that it
/// stays in no history entry or bookmark.
fn take_token() -> String {
    let window = window();
    let hash = window.location().hash().unwrap_or_default();
    let token = hash
        .trim_start_matches('#')
        .split('&')
        .find_map(|pair| pair.strip_prefix("token="))
        .unwrap_or_default()
        .to_owned();
    if !hash.is_empty()
        && let (Ok(history), Ok(path)) = (window.history(), window.location().pathname())
    {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path));
    }
    token
}

/// `/verify-email#token=…`: confirms an address as soon as the page opens.
#[component]
pub fn VerifyEmailPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let token = take_token();
    let result = RwSignal::new(None::<Result<(), ApiError>>);
    leptos::task::spawn_local(async move {
        let done = client::verify_email(VerifyEmail { token }).await;
        if done.is_ok()
            && let Ok(Some(me)) = client::me().await
        {
            session.me.set(Some(me));
        }
        result.set(Some(done));
    });
    view! {
        <Title text=move || t_string!(i18n, verify_title).to_string() />
        <div class="form-page">
            <h1>{t!(i18n, verify_title)}</h1>
            {move || match result.get() {
                None => view! { <p class="loading" role="status">{t!(i18n, loading)}</p> }.into_any(),
                Some(Ok(())) => view! {
                    <p class="notice" role="status">{t!(i18n, verify_done)}</p>
                    <p><A href="/ideas/new" attr:class="button button--primary">{t!(i18n, verify_next)}</A></p>
                }.into_any(),
                Some(Err(e)) => view! {
                    <p class="alert alert--error" role="alert">{crate::components::errors::error_text(i18n, &e)}</p>
                    <ResendLink />
                }.into_any(),
            }}
        </div>
    }
}

/// Above every page, for a signed-in person whose address is not confirmed yet: what to
/// do, and a new link.
#[component]
pub fn UnverifiedBanner() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let email = move || {
        session.me.with(|me| {
            me.as_ref()
                .filter(|me| !me.email_verified)
                .map(|me| me.email.clone())
        })
    };
    view! {
        {move || email().map(|email| view! {
            <div class="banner banner--notice" role="region" aria-label=move || t_string!(i18n, verify_banner_label)>
                <p>{move || t_string!(i18n, verify_banner, email = email.clone()).to_string()}</p>
                <ResendLink />
            </div>
        })}
    }
}

/// `/forgot-password`: asks for a reset link. The page says the same whatever the address.
#[component]
pub fn ForgotPassword() -> impl IntoView {
    let i18n = use_i18n();
    let email = RwSignal::new(String::new());
    let (error, set_error) = signal(None::<ApiError>);
    let sent = RwSignal::new(false);
    let action = Action::new_local(move |body: &PasswordResetRequest| {
        let body = body.clone();
        async move {
            match client::request_password_reset(body).await {
                Ok(()) => {
                    set_error.set(None);
                    sent.set(true);
                }
                Err(e) => set_error.set(Some(e)),
            }
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        action.dispatch(PasswordResetRequest { email: email.get() });
    };
    view! {
        <Title text=move || t_string!(i18n, forgot_title).to_string() />
        <div class="form-page">
            <h1>{t!(i18n, forgot_title)}</h1>
            <p class="form-page__lead">{t!(i18n, forgot_lead)}</p>
            <FormAlert error=error />
            <p class="notice" role="status">{move || sent.get().then(|| t_string!(i18n, forgot_sent))}</p>
            <form class="form" on:submit=on_submit novalidate=true>
                <Field id="email" kind="email" autocomplete="username" value=email
                    label=Signal::derive(move || t_string!(i18n, field_email).to_string())
                    issues=issues_for(error, "email") />
                <SubmitButton pending=action.pending() label=Signal::derive(move || t_string!(i18n, forgot_submit)) />
            </form>
            <p class="form-page__switch"><A href="/login">{t!(i18n, login_title)}</A></p>
        </div>
    }
}

/// `/reset-password#token=…`: chooses a new password. Every session ends; the person
/// then signs in with it.
#[component]
pub fn ResetPassword() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let token = StoredValue::new(take_token());
    let password = RwSignal::new(String::new());
    let (error, set_error) = signal(None::<ApiError>);
    let done = RwSignal::new(false);
    let action = Action::new_local(move |body: &PasswordReset| {
        let body = body.clone();
        async move {
            match client::reset_password(body).await {
                Ok(()) => {
                    set_error.set(None);
                    session.me.set(None);
                    done.set(true);
                }
                Err(e) => set_error.set(Some(e)),
            }
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        action.dispatch(PasswordReset {
            token: token.get_value(),
            password: password.get(),
        });
    };
    let invalid_link = move || {
        error.with(|e| {
            e.as_ref()
                .is_some_and(|e| e.code() == api::code::INVALID_LINK)
        })
    };
    view! {
        <Title text=move || t_string!(i18n, reset_title).to_string() />
        <div class="form-page">
            <h1>{t!(i18n, reset_title)}</h1>
            {move || if done.get() {
                view! {
                    <p class="notice" role="status">{t!(i18n, reset_done)}</p>
                    <p><A href="/login" attr:class="button button--primary">{t!(i18n, nav_sign_in)}</A></p>
                }.into_any()
            } else {
                view! {
                    <FormAlert error=error />
                    <Show when=invalid_link>
                        <p><A href="/forgot-password">{t!(i18n, reset_ask_again)}</A></p>
                    </Show>
                    <form class="form" on:submit=on_submit novalidate=true>
                        <Field id="password" kind="password" autocomplete="new-password" value=password
                            label=Signal::derive(move || t_string!(i18n, field_new_password).to_string())
                            hint=Signal::derive(move || t_string!(i18n, field_password_hint).to_string())
                            issues=issues_for(error, "password") />
                        <SubmitButton pending=action.pending() label=Signal::derive(move || t_string!(i18n, reset_submit)) />
                    </form>
                }.into_any()
            }}
        </div>
    }
}

/// Changing one's address: a link goes to the new one, a notice to the current one.
#[component]
pub fn EmailForm() -> impl IntoView {
    let i18n = use_i18n();
    let (email, password) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let (error, set_error) = signal(None::<ApiError>);
    let sent = RwSignal::new(None::<String>);
    let action = Action::new_local(move |body: &ChangeEmail| {
        let body = body.clone();
        async move {
            match client::change_email(body.clone()).await {
                Ok(()) => {
                    set_error.set(None);
                    password.set(String::new());
                    sent.set(Some(body.email));
                }
                Err(e) => {
                    sent.set(None);
                    set_error.set(Some(e));
                }
            }
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        action.dispatch(ChangeEmail {
            email: email.get(),
            password: password.get(),
        });
    };
    view! {
        <section class="panel" aria-labelledby="email-title">
            <h2 id="email-title">{t!(i18n, email_change_title)}</h2>
            <p class="panel__lead">{t!(i18n, email_change_lead)}</p>
            <FormAlert error=error />
            <p class="notice" role="status">
                {move || sent.get().map(|to| t_string!(i18n, email_change_sent, email = to).to_string())}
            </p>
            <form class="form" on:submit=on_submit novalidate=true>
                <Field id="new_email" kind="email" autocomplete="email" value=email
                    label=Signal::derive(move || t_string!(i18n, field_new_email).to_string())
                    issues=issues_for(error, "email") />
                <Field id="email_password" kind="password" autocomplete="current-password" value=password
                    label=Signal::derive(move || t_string!(i18n, field_current_password).to_string())
                    issues=issues_for(error, "password") />
                <SubmitButton pending=action.pending() label=Signal::derive(move || t_string!(i18n, email_change_submit)) />
            </form>
        </section>
    }
}

/// For a member who is a client of the bank: the one-time code the bank gave them. Once
/// they are a client, the section says so (the profile is drawn again then).
#[component]
pub fn ClientCodeForm() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let code = RwSignal::new(String::new());
    let (error, set_error) = signal(None::<ApiError>);
    let action = Action::new_local(move |body: &ClientCode| {
        let body = body.clone();
        async move {
            match client::redeem_client_code(body).await {
                Ok(me) => {
                    set_error.set(None);
                    code.set(String::new());
                    session.me.set(Some(me));
                }
                Err(e) => set_error.set(Some(e)),
            }
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        action.dispatch(ClientCode { code: code.get() });
    };
    let member = move || {
        session
            .me
            .with(|me| me.as_ref().is_some_and(|me| !me.is_client))
    };
    view! {
        <section class="panel" aria-labelledby="client-title">
            <h2 id="client-title">{t!(i18n, client_code_title)}</h2>
            <p class="notice" role="status">{move || (!member()).then(|| t_string!(i18n, client_code_done))}</p>
            <Show when=member>
                <p class="panel__lead">{t!(i18n, client_code_lead)}</p>
                <FormAlert error=error />
                <form class="form" on:submit=on_submit novalidate=true>
                    <Field id="client_code" autocomplete="one-time-code" value=code
                        label=Signal::derive(move || t_string!(i18n, field_client_code).to_string())
                        hint=Signal::derive(move || t_string!(i18n, field_client_code_hint).to_string())
                        issues=issues_for(error, "code") />
                    <SubmitButton pending=action.pending() label=Signal::derive(move || t_string!(i18n, client_code_submit)) />
                </form>
            </Show>
        </section>
    }
}

/// The person's sessions: where and when each was opened and last used, with a way to
/// end any other one, or all of them at once.
#[component]
pub fn SessionsSection() -> impl IntoView {
    let i18n = use_i18n();
    let sessions = RwSignal::new(None::<Result<Vec<SessionView>, ApiError>>);
    let reload = move || {
        leptos::task::spawn_local(async move {
            sessions.set(Some(client::sessions().await.map(|list| list.items)));
        });
    };
    reload();
    let (error, set_error) = signal(None::<ApiError>);
    let end = Action::new_local(move |id: &Option<String>| {
        let id = id.clone();
        async move {
            let done = match id {
                Some(id) => client::end_session(id).await,
                None => client::end_other_sessions().await,
            };
            match done {
                Ok(()) => {
                    set_error.set(None);
                    reload();
                }
                Err(e) => set_error.set(Some(e)),
            }
        }
    });
    let pending = end.pending();
    let when = move |at: chrono::DateTime<chrono::Utc>| match i18n.get_locale() {
        Locale::fr => at.format("%d/%m/%Y %H:%M UTC").to_string(),
        Locale::en => at.format("%Y-%m-%d %H:%M UTC").to_string(),
    };
    view! {
        <section class="panel" aria-labelledby="sessions-title">
            <h2 id="sessions-title">{t!(i18n, sessions_title)}</h2>
            <p class="panel__lead">{t!(i18n, sessions_lead)}</p>
            <FormAlert error=error />
            {move || match sessions.get() {
                None => view! { <p class="loading" role="status">{t!(i18n, loading)}</p> }.into_any(),
                Some(Err(e)) => view! { <p class="alert alert--error" role="alert">{crate::components::errors::error_text(i18n, &e)}</p> }.into_any(),
                Some(Ok(list)) => {
                    let others = list.iter().filter(|s| !s.current).count();
                    view! {
                        <ul class="sessions">
                            {list.into_iter().map(|session| {
                                let device = session.device.clone().unwrap_or_else(|| {
                                    if session.kind == "token" { t_string!(i18n, sessions_script).to_string() } else { t_string!(i18n, sessions_unknown).to_string() }
                                });
                                let opened = when(session.created_at);
                                let seen = session.last_seen_at.map(when).unwrap_or_default();
                                let id = session.id.clone();
                                view! {
                                    <li class="sessions__item">
                                        <p class="sessions__device">
                                            {device}
                                            {session.current.then(|| view! { " " <span class="badge">{t!(i18n, sessions_current)}</span> })}
                                        </p>
                                        <p class="sessions__dates">
                                            {t!(i18n, sessions_opened)} " " {opened} " · " {t!(i18n, sessions_seen)} " " {seen}
                                        </p>
                                        {(!session.current).then(|| view! {
                                            <button type="button" class="button button--quiet" aria-disabled=busy(pending)
                                                on:click=unless_busy(pending, move || { end.dispatch(Some(id.clone())); })>
                                                {t!(i18n, sessions_end)}
                                            </button>
                                        })}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                        {(others > 0).then(|| view! {
                            <p>
                                <button type="button" class="button button--quiet" aria-disabled=busy(pending)
                                    on:click=unless_busy(pending, move || { end.dispatch(None); })>
                                    {t!(i18n, sessions_end_others)}
                                </button>
                            </p>
                        })}
                    }.into_any()
                }
            }}
        </section>
    }
}

/// The bank's sign-in, when the bank set it up: a link (a full page load, to the bank),
/// coming back to `next`.
#[component]
pub fn BankSignIn(#[prop(into)] next: Signal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let label = bank_label();
    move || {
        label.get().map(|label| {
            let href = format!(
                "/api/v1/auth/oidc/start?next={}",
                js_sys::encode_uri_component(&next.get())
            );
            view! {
                <div class="bank-sign-in">
                    <a class="button button--primary button--bank" href=href rel="external">{label}</a>
                    <p class="bank-sign-in__or">{t!(i18n, bank_or)}</p>
                </div>
            }
        })
    }
}

/// The words of the bank's sign-in button once the server said it is set up; `None`
/// until then, and when it is not (the bank's sign-in is then not offered).
fn bank_label() -> RwSignal<Option<String>> {
    let label = RwSignal::new(None);
    leptos::task::spawn_local(async move {
        if let Ok(providers) = client::providers().await {
            label.set(providers.bank.map(|bank| bank.label));
        }
    });
    label
}

/// Why the last sign-in with the bank did not complete (`?oidc_error=…`), in words.
pub fn bank_failure(i18n: leptos_i18n::I18nContext<Locale>, code: &str) -> String {
    match code {
        "unavailable" => t_string!(i18n, bank_err_unavailable),
        "cancelled" => t_string!(i18n, bank_err_cancelled),
        "refused" => t_string!(i18n, bank_err_refused),
        "expired" => t_string!(i18n, bank_err_expired),
        "replayed" => t_string!(i18n, bank_err_replayed),
        "invalid_token" => t_string!(i18n, bank_err_invalid_token),
        "no_email" => t_string!(i18n, bank_err_no_email),
        "email_in_use" => t_string!(i18n, bank_err_email_in_use),
        "linked_elsewhere" => t_string!(i18n, bank_err_linked_elsewhere),
        "deleted" => t_string!(i18n, bank_err_deleted),
        "not_configured" => t_string!(i18n, bank_err_not_configured),
        _ => t_string!(i18n, bank_err_refused),
    }
    .to_string()
}

/// In the settings: whether the account is linked to the bank, and a way to link it (a
/// form's POST, which the server checks comes from this site).
#[component]
pub fn BankSection(linked: bool) -> impl IntoView {
    let i18n = use_i18n();
    let offered = bank_label();
    let query = leptos_router::hooks::use_query_map();
    let failure = move || query.with(|q| q.get("bank_error"));
    let just_linked = move || query.with(|q| q.get("bank").as_deref() == Some("linked"));
    move || {
        offered.get().map(|label| view! {
            <section class="panel" aria-labelledby="bank-title">
                <h2 id="bank-title">{t!(i18n, bank_title)}</h2>
                {move || failure().map(|code| view! {
                    <p class="alert alert--error" role="alert">{bank_failure(i18n, &code)}</p>
                })}
                {if linked || just_linked() {
                    view! { <p class="notice" role="status">{t!(i18n, bank_linked)}</p> }.into_any()
                } else {
                    view! {
                        <p class="panel__lead">{t!(i18n, bank_link_lead)}</p>
                        <form method="post" action="/api/v1/auth/oidc/link">
                            <button type="submit" class="button button--primary button--bank">{t!(i18n, bank_link_submit)} " (" {label} ")"</button>
                        </form>
                    }.into_any()
                }}
            </section>
        })
    }
}

//! Two-factor authentication in the settings: setting it up (a QR code, the key as text,
//! a first code), the recovery codes shown once, confirming this session (staff pages may
//! need it), new recovery codes, turning it off.

use crate::client::{self, ApiError};
use crate::components::submit::{busy, unless_busy};
use crate::components::{Field, FormAlert, LoadFailed, SubmitButton, focus_by_id, issues_for};
use crate::locales::i18n::*;
use api::{TwoFactorCode, TwoFactorSetup, TwoFactorStatus};
use leptos::prelude::*;

/// What a code typed in the section is for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Use {
    Enable,
    Check,
    Renew,
    Disable,
}

#[component]
pub fn TwoFactorSection() -> impl IntoView {
    let i18n = use_i18n();
    let status = RwSignal::new(None::<Result<TwoFactorStatus, ApiError>>);
    let reload = move || {
        leptos::task::spawn_local(async move {
            status.set(Some(client::two_factor().await));
        });
    };
    reload();
    let setup = RwSignal::new(None::<TwoFactorSetup>);
    let recovery = RwSignal::new(None::<Vec<String>>);
    // What the last code did, when it is to be said (a session checked, or turned off).
    let done = RwSignal::new(None::<Use>);
    let code = RwSignal::new(String::new());
    let (error, set_error) = signal(None::<ApiError>);
    let start = Action::new_local(move |_: &()| async move {
        match client::two_factor_setup().await {
            Ok(new) => {
                set_error.set(None);
                setup.set(Some(new));
                request_animation_frame(|| focus_by_id("two_factor_code"));
            }
            Err(e) => set_error.set(Some(e)),
        }
    });
    let send = Action::new_local(move |what: &Use| {
        let (what, body) = (
            *what,
            TwoFactorCode {
                code: code.get_untracked(),
            },
        );
        async move {
            let outcome = match what {
                Use::Enable => client::two_factor_enable(body).await.map(|c| Some(c.codes)),
                Use::Renew => client::two_factor_recovery_codes(body)
                    .await
                    .map(|c| Some(c.codes)),
                Use::Check => client::two_factor_check(body).await.map(|()| None),
                Use::Disable => client::two_factor_disable(body).await.map(|()| None),
            };
            match outcome {
                Ok(codes) => {
                    set_error.set(None);
                    code.set(String::new());
                    setup.set(None);
                    done.set(matches!(what, Use::Check | Use::Disable).then_some(what));
                    if codes.is_some() {
                        recovery.set(codes);
                        request_animation_frame(|| focus_by_id("recovery-title"));
                    }
                    reload();
                }
                Err(e) => set_error.set(Some(e)),
            }
        }
    });
    let pending = send.pending();
    let code_field = move || {
        view! {
            <Field id="two_factor_code" autocomplete="one-time-code" value=code
                label=Signal::derive(move || t_string!(i18n, field_two_factor_code).to_string())
                hint=Signal::derive(move || t_string!(i18n, field_two_factor_code_hint).to_string())
                issues=issues_for(error, "code") />
        }
    };
    let on_enable = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        send.dispatch(Use::Enable);
    };
    let state = move || {
        let current = match status.get() {
            None => {
                return view! { <p class="loading" role="status">{t!(i18n, loading)}</p> }
                    .into_any();
            }
            Some(Err(_)) => return view! { <LoadFailed retry=move |_| reload() /> }.into_any(),
            Some(Ok(current)) => current,
        };
        if let Some(new) = setup.get() {
            let image = format!(
                "data:image/svg+xml;charset=utf-8,{}",
                String::from(js_sys::encode_uri_component(&new.qr_svg))
            );
            return view! {
                <p>{t!(i18n, two_factor_scan)}</p>
                <img class="two-factor__qr" src=image width="200" height="200"
                    alt=move || t_string!(i18n, two_factor_qr_alt) />
                <p><code class="two-factor__key">{new.secret.clone()}</code></p>
                <form class="form" on:submit=on_enable novalidate=true>
                    {code_field()}
                    <SubmitButton pending=pending label=Signal::derive(move || t_string!(i18n, two_factor_confirm)) />
                </form>
            }.into_any();
        }
        if !current.enabled {
            return view! {
                <p>{t!(i18n, two_factor_off)}</p>
                <p>
                    <button type="button" class="button button--primary" aria-disabled=busy(start.pending())
                        on:click=unless_busy(start.pending(), move || { start.dispatch(()); })>
                        {t!(i18n, two_factor_start)}
                    </button>
                </p>
            }.into_any();
        }
        let left = current.recovery_codes_left;
        view! {
            <p>{t!(i18n, two_factor_on, left = left)}</p>
            {(!current.session_checked).then(|| view! { <p>{t!(i18n, two_factor_check_lead)}</p> })}
            <form class="form" on:submit=|ev| ev.prevent_default() novalidate=true>
                {code_field()}
                <div class="form__actions">
                    {(!current.session_checked).then(|| view! {
                        <button type="button" class="button button--primary" aria-disabled=busy(pending)
                            on:click=unless_busy(pending, move || { send.dispatch(Use::Check); })>
                            {t!(i18n, two_factor_check)}
                        </button>
                    })}
                    <button type="button" class="button button--quiet" aria-disabled=busy(pending)
                        on:click=unless_busy(pending, move || { send.dispatch(Use::Renew); })>
                        {t!(i18n, two_factor_renew)}
                    </button>
                    {(!current.required).then(|| view! {
                        <button type="button" class="button button--quiet" aria-disabled=busy(pending)
                            on:click=unless_busy(pending, move || { send.dispatch(Use::Disable); })>
                            {t!(i18n, two_factor_disable)}
                        </button>
                    })}
                </div>
            </form>
        }.into_any()
    };
    let required = move || status.with(|s| matches!(s, Some(Ok(s)) if s.required && !s.enabled));
    view! {
        <section class="panel" aria-labelledby="two-factor-title">
            <h2 id="two-factor-title">{t!(i18n, two_factor_title)}</h2>
            <p class="panel__lead">{t!(i18n, two_factor_lead)}</p>
            {move || required().then(|| view! { <p class="notice">{t!(i18n, two_factor_required)}</p> })}
            <p class="notice" role="status">{move || done.get().map(|what| match what {
                Use::Check => t_string!(i18n, two_factor_checked),
                _ => t_string!(i18n, two_factor_disabled),
            })}</p>
            <FormAlert error=error />
            {move || recovery.get().map(|codes| view! {
                <div class="two-factor__codes">
                    <h3 id="recovery-title" tabindex="-1">{t!(i18n, two_factor_codes_title)}</h3>
                    <p>{t!(i18n, two_factor_codes_lead)}</p>
                    <ul class="two-factor__list">
                        {codes.into_iter().map(|c| view! { <li><code>{c}</code></li> }).collect_view()}
                    </ul>
                    <button type="button" class="button button--quiet" on:click=move |_| recovery.set(None)>
                        {t!(i18n, two_factor_codes_saved)}
                    </button>
                </div>
            })}
            {state}
        </section>
    }
}

//! What moderation shows on public pages: the report button and its form, and the notes
//! on hidden or locked content.

use crate::client::{self, ApiError};
use crate::components::errors::error_text;
use crate::components::submit::{busy, unless_busy};
use crate::components::{FieldIssues, issues_for};
use crate::locales::i18n::*;
use crate::session::use_session;
use api::{CreateReport, HiddenView, REPORT_DETAILS_MAX_CHARS, ReportReason, TargetType};
use leptos::prelude::*;
use leptos_i18n::I18nContext;

/// A report's reason in the current language.
pub fn report_reason_name(i18n: I18nContext<Locale>, reason: ReportReason) -> &'static str {
    match reason {
        ReportReason::Spam => t_string!(i18n, report_reason_spam),
        ReportReason::Abuse => t_string!(i18n, report_reason_abuse),
        ReportReason::PersonalData => t_string!(i18n, report_reason_personal_data),
        ReportReason::OffTopic => t_string!(i18n, report_reason_off_topic),
        ReportReason::Other => t_string!(i18n, report_reason_other),
    }
}

/// "Report" for signed-in people other than the author: a short form (reason, details),
/// then a thank-you that stays.
#[component]
pub fn ReportButton(target_type: TargetType, target_id: i64, author_id: i64) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let open = RwSignal::new(false);
    let sent = RwSignal::new(false);
    let reason = RwSignal::new(None::<ReportReason>);
    let details = RwSignal::new(String::new());
    let (error, set_error) = signal(None::<ApiError>);
    let send = Action::new_local(move |_: &()| {
        let input = CreateReport {
            target_type,
            target_id,
            reason: reason.get_untracked().unwrap_or(ReportReason::Other),
            details: Some(details.get_untracked()),
        };
        async move {
            match client::report(input).await {
                Ok(_) => {
                    sent.set(true);
                    open.set(false);
                    set_error.set(None);
                }
                Err(e) => set_error.set(Some(e)),
            }
        }
    });
    // Ids unique on the page, made on demand (the closures that use them run again).
    let id_of = move |part: &str| format!("report-{}-{target_id}-{part}", target_type.as_str());
    let may_report = move || session.me.get().is_some_and(|me| me.id != author_id);
    view! {
        <Show when=may_report>
            <div class="report">
                <Show when=move || !sent.get() fallback=move || view! {
                    <p class="report__thanks" role="status">{t!(i18n, report_thanks)}</p>
                }>
                    <button type="button" class="link-button" aria-expanded=move || open.get().to_string()
                        aria-controls=id_of("form") on:click=move |_| open.update(|o| *o = !*o)>
                        {t!(i18n, report)}
                    </button>
                    <Show when=move || open.get()>
                        <form class="form report__form" id=id_of("form") novalidate=true
                            on:submit=move |ev| { ev.prevent_default(); send.dispatch(()); }>
                            {move || error.get().filter(|e| e.code() != api::code::VALIDATION).map(|e| view! {
                                <p class="alert alert--error" role="alert">{error_text(i18n, &e)}</p>
                            })}
                            <fieldset class="report__reasons">
                                <legend>{t!(i18n, report_why)}</legend>
                                {ReportReason::ALL.iter().copied().map(|r| {
                                    let id = id_of(r.as_str());
                                    view! {
                                        <div class="choice">
                                            <input type="radio" id=id.clone() name=id_of("reason")
                                                prop:checked=move || reason.get() == Some(r)
                                                on:change=move |_| reason.set(Some(r)) />
                                            <label for=id>{move || report_reason_name(i18n, r)}</label>
                                        </div>
                                    }
                                }).collect_view()}
                            </fieldset>
                            <div class="field">
                                <label class="field__label" for=id_of("details")>{t!(i18n, report_details)}</label>
                                <textarea class="field__input" id=id_of("details") rows="3"
                                    maxlength=REPORT_DETAILS_MAX_CHARS.to_string()
                                    aria-describedby=id_of("details-error")
                                    prop:value=move || details.get()
                                    on:input=move |ev| details.set(event_target_value(&ev))></textarea>
                                <FieldIssues id=id_of("details-error") issues=issues_for(error, "details") />
                            </div>
                            <div class="form__actions">
                                <button type="submit" class="button button--primary"
                                    disabled=move || reason.get().is_none()
                                    aria-disabled=busy(send.pending()) on:click=unless_busy(send.pending(), || {})>
                                    {t!(i18n, report_send)}
                                </button>
                                <button type="button" class="button button--quiet" on:click=move |_| open.set(false)>{t!(i18n, cancel)}</button>
                            </div>
                        </form>
                    </Show>
                </Show>
            </div>
        </Show>
    }
}

/// The note on content moderation hid (with the reason, for its author and the team) and
/// on a locked thread.
#[component]
pub fn ModerationNotes(
    hidden: Option<HiddenView>,
    #[prop(default = false)] locked: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        {hidden.map(|hidden| view! {
            <div class="notice notice--hidden" role="note">
                <p><strong>{t!(i18n, hidden_notice)}</strong></p>
                {hidden.reason.map(|reason| view! { <p>{t!(i18n, hidden_reason)} " " <span class="notice__reason">{reason}</span></p> })}
            </div>
        })}
        {locked.then(|| view! {
            <p class="notice notice--locked" role="note">{t!(i18n, locked_notice)}</p>
        })}
    }
}

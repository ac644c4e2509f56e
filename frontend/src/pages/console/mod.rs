//! The moderation console: reachable in the web app only by moderators and admins (and
//! the server refuses everyone else on every console route). Queue, item detail with
//! actions, people and roles, themes, audit log, export.

pub mod accessibility;
pub mod audit;
pub mod item;
pub mod people;
pub mod queue;
pub mod themes;

use crate::client;
pub use crate::components::TextArea;
use crate::components::forms::SignedIn;
use crate::locales::i18n::*;
use crate::session::use_session;
use api::{AuditAction, TargetType};
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_router::components::A;

/// The console's gate, on top of the signed-in one: titles the page, shows the tabs and
/// `children` to the team, a plain refusal to anyone else signed in, and a way to sign in
/// to visitors.
#[component]
pub fn StaffOnly(#[prop(into)] heading: Signal<String>, children: ChildrenFn) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    view! {
        <SignedIn heading=heading lead=Signal::derive(move || t_string!(i18n, console_sign_in).to_string())>
            {
                let children = children.clone();
                move || if session.is_staff() {
                    view! {
                        <ConsoleNav />
                        <h1>{heading}</h1>
                        {children()}
                    }
                    .into_any()
                } else {
                    view! {
                        <h1>{heading}</h1>
                        <p class="alert alert--error" role="alert">{t!(i18n, console_forbidden)}</p>
                    }
                    .into_any()
                }
            }
        </SignedIn>
    }
}

#[component]
fn ConsoleNav() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <nav class="console-nav" aria-label=move || t_string!(i18n, console_nav)>
            <ul>
                <li><A href="/moderation" exact=true>{t!(i18n, console_queue)}</A></li>
                <li><A href="/moderation/people">{t!(i18n, console_people)}</A></li>
                <li><A href="/moderation/themes">{t!(i18n, console_themes)}</A></li>
                <li><A href="/moderation/audit">{t!(i18n, console_audit)}</A></li>
                <li><A href="/moderation/accessibility">{t!(i18n, console_a11y)}</A></li>
                <li><a href=client::IDEAS_EXPORT_URL download="">{t!(i18n, console_export)}</a></li>
            </ul>
        </nav>
    }
}

pub fn target_name(i18n: I18nContext<Locale>, target: TargetType) -> &'static str {
    match target {
        TargetType::Idea => t_string!(i18n, target_idea),
        TargetType::Comment => t_string!(i18n, target_comment),
        TargetType::Question => t_string!(i18n, target_question),
        TargetType::Answer => t_string!(i18n, target_answer),
        TargetType::Person => t_string!(i18n, target_person),
        TargetType::Theme => t_string!(i18n, target_theme),
    }
}

pub fn action_name(i18n: I18nContext<Locale>, action: AuditAction) -> &'static str {
    match action {
        AuditAction::StatusChanged => t_string!(i18n, audit_status_changed),
        AuditAction::IdeaMerged => t_string!(i18n, audit_idea_merged),
        AuditAction::IdeaUnmerged => t_string!(i18n, audit_idea_unmerged),
        AuditAction::ContentHidden => t_string!(i18n, audit_content_hidden),
        AuditAction::ContentRestored => t_string!(i18n, audit_content_restored),
        AuditAction::ThreadLocked => t_string!(i18n, audit_thread_locked),
        AuditAction::ThreadUnlocked => t_string!(i18n, audit_thread_unlocked),
        AuditAction::ReportsDismissed => t_string!(i18n, audit_reports_dismissed),
        AuditAction::ClientVerified => t_string!(i18n, audit_client_verified),
        AuditAction::ClientUnverified => t_string!(i18n, audit_client_unverified),
        AuditAction::RoleGranted => t_string!(i18n, audit_role_granted),
        AuditAction::RoleRevoked => t_string!(i18n, audit_role_revoked),
        AuditAction::ExpertThemesSet => t_string!(i18n, audit_expert_themes_set),
        AuditAction::ThemeCreated => t_string!(i18n, audit_theme_created),
        AuditAction::ThemeUpdated => t_string!(i18n, audit_theme_updated),
        AuditAction::IdeasExported => t_string!(i18n, audit_ideas_exported),
        AuditAction::TwoFactorEnabled => t_string!(i18n, audit_two_factor_enabled),
        AuditAction::TwoFactorDisabled => t_string!(i18n, audit_two_factor_disabled),
    }
}

/// The audit entries' list, shared by the audit page and an item's page.
#[component]
pub fn AuditEntries(#[prop(into)] entries: Signal<Vec<api::AuditEntry>>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="table-wrap" tabindex="0">
            <table class="data-table">
                <thead><tr>
                    <th scope="col">{t!(i18n, audit_when)}</th>
                    <th scope="col">{t!(i18n, audit_who)}</th>
                    <th scope="col">{t!(i18n, audit_what)}</th>
                    <th scope="col">{t!(i18n, audit_target)}</th>
                    <th scope="col">{t!(i18n, audit_why)}</th>
                </tr></thead>
                <tbody>
                    <For each=move || entries.get() key=|e| e.id let:entry>
                        <tr>
                            <td><time datetime=entry.at.to_rfc3339()>{entry.at.format("%Y-%m-%d %H:%M").to_string()}</time></td>
                            <td><a href=format!("/moderation/audit?actor={}", entry.actor.id)
                                title=move || t_string!(i18n, console_actor_link)>{entry.actor.display_name.clone()}</a></td>
                            <td>{move || action_name(i18n, entry.action)} {(!entry.details.is_empty()).then(|| format!(" ({})", entry.details))}</td>
                            <td>{move || target_name(i18n, entry.target_type)} {format!(" #{}", entry.target_id)}</td>
                            <td>{entry.reason.clone()}</td>
                        </tr>
                    </For>
                </tbody>
            </table>
        </div>
    }
}

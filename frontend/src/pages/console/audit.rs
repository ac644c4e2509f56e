//! `/moderation/audit`: every staff action, newest first, filtered by action and target
//! type (filters kept in the address). Read-only.

use super::{AuditEntries, StaffOnly, action_name, target_name};
use crate::client;
use crate::components::paged::{Paged, PagedControls};
use crate::i18n::*;
use api::{AuditAction, AuditEntry, AuditQuery, TargetType};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

#[component]
pub fn Audit() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <StaffOnly heading=Signal::derive(move || t_string!(i18n, console_audit_title).to_string())>
            <AuditLog />
        </StaffOnly>
    }
}

#[component]
fn AuditLog() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let navigate = use_navigate();
    let filters = Memo::new(move |_| {
        let q = query.read();
        (
            q.get("action").and_then(|a| AuditAction::parse(&a)),
            q.get("target_type").and_then(|t| TargetType::parse(&t)),
        )
    });
    let entries: Paged<AuditEntry> = Paged::new();
    let load = entries.follow(
        filters,
        |(action, target_type), cursor| async move {
            let page = client::audit(AuditQuery {
                action,
                target_type,
                cursor,
                ..AuditQuery::default()
            })
            .await?;
            Ok((page.items, page.next_cursor))
        },
        |entry| entry.id,
    );
    let go = move |action: Option<AuditAction>, target: Option<TargetType>| {
        let mut parts = Vec::new();
        if let Some(a) = action {
            parts.push(format!("action={}", a.as_str()));
        }
        if let Some(t) = target {
            parts.push(format!("target_type={}", t.as_str()));
        }
        navigate(
            &format!("/moderation/audit?{}", parts.join("&")),
            Default::default(),
        );
    };
    let go_action = go.clone();
    view! {
        <div class="filters">
            <label class="filter">
                <span>{t!(i18n, console_filter_action)}</span>
                <select class="field__input" on:change=move |ev| go_action(AuditAction::parse(&event_target_value(&ev)), filters.get_untracked().1)>
                    <option value="">{t!(i18n, console_filter_all)}</option>
                    {AuditAction::ALL.iter().copied().map(|a| view! {
                        <option value=a.as_str() selected=move || filters.get().0 == Some(a)>{move || action_name(i18n, a)}</option>
                    }).collect_view()}
                </select>
            </label>
            <label class="filter">
                <span>{t!(i18n, console_filter_target)}</span>
                <select class="field__input" on:change=move |ev| go(filters.get_untracked().0, TargetType::parse(&event_target_value(&ev)))>
                    <option value="">{t!(i18n, console_filter_all)}</option>
                    {TargetType::ALL.iter().copied().map(|t| view! {
                        <option value=t.as_str() selected=move || filters.get().1 == Some(t)>{move || target_name(i18n, t)}</option>
                    }).collect_view()}
                </select>
            </label>
        </div>
        <Show when=move || entries.is_empty()>
            <p class="empty">{t!(i18n, console_no_history)}</p>
        </Show>
        <Show when=move || !entries.items.with(Vec::is_empty)>
            <AuditEntries entries=entries.items />
        </Show>
        <PagedControls paged=entries load=load />
    }
}

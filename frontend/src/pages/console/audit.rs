//! `/moderation/audit`: every staff action, newest first, filtered by action and target
//! type (filters kept in the address). Read-only.

use super::{AuditEntries, StaffOnly, action_name, target_name};
use crate::client;
use crate::components::paged::{Paged, PagedControls};
use crate::locales::i18n::*;
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

/// The log's filters, as the address holds them.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
struct Filters {
    action: Option<AuditAction>,
    target_type: Option<TargetType>,
    actor: Option<i64>,
}

impl Filters {
    fn href(self) -> String {
        let mut parts = Vec::new();
        if let Some(a) = self.action {
            parts.push(format!("action={}", a.as_str()));
        }
        if let Some(t) = self.target_type {
            parts.push(format!("target_type={}", t.as_str()));
        }
        if let Some(actor) = self.actor {
            parts.push(format!("actor={actor}"));
        }
        format!("/moderation/audit?{}", parts.join("&"))
    }
}

#[component]
fn AuditLog() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let navigate = use_navigate();
    let filters = Memo::new(move |_| {
        let q = query.read();
        Filters {
            action: q.get("action").and_then(|a| AuditAction::parse(&a)),
            target_type: q.get("target_type").and_then(|t| TargetType::parse(&t)),
            actor: q.get("actor").and_then(|a| a.parse().ok()),
        }
    });
    let entries: Paged<AuditEntry> = Paged::new();
    let load = entries.follow(
        filters,
        |f: Filters, cursor| async move {
            let page = client::audit(AuditQuery {
                action: f.action,
                target_type: f.target_type,
                actor: f.actor,
                cursor,
                ..AuditQuery::default()
            })
            .await?;
            Ok((page.items, page.next_cursor))
        },
        |entry| entry.id,
    );
    let go = move |change: &dyn Fn(&mut Filters)| {
        let mut next = filters.get_untracked();
        change(&mut next);
        navigate(&next.href(), Default::default());
    };
    let go_action = go.clone();
    view! {
        <div class="filters">
            <label class="filter">
                <span>{t!(i18n, console_filter_action)}</span>
                <select class="field__input" on:change=move |ev| {
                    let action = AuditAction::parse(&event_target_value(&ev));
                    go_action(&|f| f.action = action);
                }>
                    <option value="">{t!(i18n, console_filter_all)}</option>
                    {AuditAction::ALL.iter().copied().map(|a| view! {
                        <option value=a.as_str() selected=move || filters.get().action == Some(a)>{move || action_name(i18n, a)}</option>
                    }).collect_view()}
                </select>
            </label>
            <label class="filter">
                <span>{t!(i18n, console_filter_target)}</span>
                <select class="field__input" on:change=move |ev| {
                    let target = TargetType::parse(&event_target_value(&ev));
                    go(&|f| f.target_type = target);
                }>
                    <option value="">{t!(i18n, console_filter_all)}</option>
                    {TargetType::ALL.iter().copied().map(|t| view! {
                        <option value=t.as_str() selected=move || filters.get().target_type == Some(t)>{move || target_name(i18n, t)}</option>
                    }).collect_view()}
                </select>
            </label>
            {move || filters.get().actor.map(|_| view! {
                <p class="filter">
                    {t!(i18n, console_filter_actor)} " "
                    <a href=Filters { actor: None, ..filters.get() }.href()>{t!(i18n, console_filter_clear)}</a>
                </p>
            })}
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

//! `/moderation/accessibility`: the accessibility problems people reported, the open ones
//! oldest first with a button to mark each resolved, then the last ones resolved.

use super::StaffOnly;
use crate::catalog::format_date;
use crate::client;
use crate::components::LoadFailed;
use crate::components::errors::error_text;
use crate::components::people::PersonName;
use crate::components::submit::{busy, unless_busy};
use crate::locales::i18n::*;
use api::AccessibilityProblemView;
use leptos::prelude::*;

#[component]
pub fn Accessibility() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <StaffOnly heading=Signal::derive(move || t_string!(i18n, console_a11y_title).to_string())>
            <Problems />
        </StaffOnly>
    }
}

#[component]
fn Problems() -> impl IntoView {
    let i18n = use_i18n();
    let problems = LocalResource::new(client::accessibility_problems);
    view! {
        <Transition fallback=move || view! { <p class="loading" role="status">{t!(i18n, loading)}</p> }>
            {move || problems.get().map(|result| match result {
                Err(_) => view! { <LoadFailed retry=move |_| problems.refetch() /> }.into_any(),
                Ok(list) => view! {
                    <section aria-labelledby="a11y-open-title">
                        <h2 id="a11y-open-title">{t!(i18n, console_a11y_open)}</h2>
                        {if list.open.is_empty() {
                            view! { <p class="empty">{t!(i18n, console_a11y_none)}</p> }.into_any()
                        } else {
                            view! {
                                <ol class="problem-list" role="list">
                                    {list.open.into_iter().map(|p| view! { <Problem problem=p on_resolved=move || problems.refetch() /> }).collect_view()}
                                </ol>
                            }.into_any()
                        }}
                    </section>
                    <section aria-labelledby="a11y-resolved-title">
                        <h2 id="a11y-resolved-title">{t!(i18n, console_a11y_resolved)}</h2>
                        {if list.resolved.is_empty() {
                            view! { <p class="empty">{t!(i18n, console_a11y_none_resolved)}</p> }.into_any()
                        } else {
                            view! {
                                <ol class="problem-list" role="list">
                                    {list.resolved.into_iter().map(|p| view! { <Problem problem=p on_resolved=|| () /> }).collect_view()}
                                </ol>
                            }.into_any()
                        }}
                    </section>
                }.into_any(),
            })}
        </Transition>
    }
}

/// One problem: where, what, who and when; a button to resolve it while open.
#[component]
fn Problem(
    problem: AccessibilityProblemView,
    on_resolved: impl Fn() + Copy + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = problem.id;
    let resolve = Action::new_local(move |_: &()| client::resolve_accessibility_problem(id));
    Effect::new(move |_| {
        if let Some(Ok(_)) = resolve.value().get() {
            on_resolved();
        }
    });
    let created = problem.created_at;
    view! {
        <li class="problem">
            <p class="problem__page"><strong>{t!(i18n, console_a11y_page)}</strong> " " {problem.page.clone()}</p>
            <p class="problem__description">{problem.description.clone()}</p>
            <p class="problem__meta">
                {match problem.reporter.clone() {
                    Some(author) => view! { <PersonName author=author /> }.into_any(),
                    None => view! { <span>{t!(i18n, console_a11y_visitor)}</span> }.into_any(),
                }}
                " · " {move || format_date(i18n, created)}
            </p>
            {problem.resolved_at.is_none().then(|| view! {
                <button type="button" class="button" aria-disabled=busy(resolve.pending())
                    on:click=unless_busy(resolve.pending(), move || { resolve.dispatch(()); })>
                    {t!(i18n, console_a11y_resolve)}
                </button>
                {move || resolve.value().get().and_then(Result::err).map(|e| view! {
                    <p class="alert alert--error" role="alert">{error_text(i18n, &e)}</p>
                })}
            })}
        </li>
    }
}

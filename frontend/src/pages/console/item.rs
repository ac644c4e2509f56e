//! `/moderation/items/:kind/:id`: one piece of content, its reports and its audit, with
//! what the team can do to it: hide or restore, dismiss the reports, lock the thread;
//! for an idea, change its status with a public explanation, merge it into another or
//! un-merge it.

use super::{AuditEntries, StaffOnly, TextArea, target_name};
use crate::catalog::{Text, format_date, status_name};
use crate::client::{self, ApiError, ContentAction};
use crate::components::errors::error_text;
use crate::components::forms::debounced;
use crate::components::moderation::{ModerationNotes, report_reason_name};
use crate::components::submit::{busy, unless_busy};
use crate::components::thread_parts::{AuthorLine, StatusBadge};
use crate::components::{FormAlert, SubmitButton, issues_for};
use crate::locales::i18n::*;
use api::{
    ChangeStatus, ContentSummary, IdeaStatus, MergeIdea, ModerationItem, TargetType, Transition,
    UnmergeIdea,
};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

#[component]
pub fn Item() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <StaffOnly heading=Signal::derive(move || t_string!(i18n, console_item_title).to_string())>
            <ItemLoader />
        </StaffOnly>
    }
}

#[component]
fn ItemLoader() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let target = Memo::new(move |_| {
        let kind = params
            .read()
            .get("kind")
            .and_then(|k| TargetType::parse(&k));
        let id = params
            .read()
            .get("id")
            .and_then(|id| id.parse::<i64>().ok());
        kind.zip(id)
    });
    let item = LocalResource::new(move || async move {
        match target.get() {
            Some((kind, id)) => client::moderation_item(kind, id).await,
            None => Err(ApiError::Problem(api::Problem {
                status: 404,
                code: api::code::NOT_FOUND.into(),
                ..Default::default()
            })),
        }
    });
    let reload = Callback::new(move |()| item.refetch());
    // What the last action did: it stays said while the item reloads under it.
    let flash = Flash(RwSignal::new(None));
    provide_context(flash);
    Effect::new(move |_| {
        target.track();
        flash.0.set(None);
    });
    view! {
        <p id="console-notice" class="notice" role="status" tabindex="-1">{move || flash.0.get().map(|text| text(i18n))}</p>
        <Transition fallback=move || view! { <p class="loading" role="status">{t!(i18n, loading)}</p> }>
            {move || item.get().map(|result| match result {
                Ok(item) => view! { <ItemPage item=item reload=reload /> }.into_any(),
                Err(e) => view! {
                    <p class="alert alert--error" role="alert">{error_text(i18n, &e)}</p>
                    <p><A href="/moderation">{t!(i18n, console_back_to_queue)}</A></p>
                }.into_any(),
            })}
        </Transition>
    }
}

/// The confirmation of the last action taken on the page.
#[derive(Clone, Copy)]
struct Flash(RwSignal<Option<Text>>);

impl Flash {
    fn get() -> Flash {
        use_context::<Flash>().unwrap_or_else(|| Flash(RwSignal::new(None)))
    }

    /// Says `text` and reloads the item. The focus goes to what was said: the form it was
    /// on is about to be drawn again, and would drop it back to the top of the page.
    fn done(self, text: Text, reload: Callback<()>) {
        self.0.set(Some(text));
        crate::components::focus_by_id("console-notice");
        reload.run(());
    }
}

#[component]
fn ItemPage(item: ModerationItem, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let content = item.content.clone();
    let kind = content.target_type;
    let open_reports = item.reports.iter().filter(|r| r.open).count();
    let audit = item.audit.clone();
    view! {
        <p><A href="/moderation">{t!(i18n, console_back_to_queue)}</A></p>
        <article class="console-item">
            <h2>
                <span class="queue__kind">{move || target_name(i18n, kind)}</span>
                " " {content.title.clone()}
            </h2>
            <p class="thread__meta">
                {content.status.map(|s| view! { <StatusBadge status=s /> })}
                <AuthorLine author=content.author.clone() at=content.created_at />
                " " <A href=content.path.clone()>{t!(i18n, console_see_public)}</A>
            </p>
            <ModerationNotes hidden=content.hidden.clone() locked=content.locked />
            <div class="console-item__body prose" inner_html=content.body_html.clone()></div>
        </article>
        <section class="console-actions" aria-labelledby="actions-title">
            <h2 id="actions-title">{t!(i18n, console_actions)}</h2>
            <ContentActions content=content.clone() open_reports=open_reports reload=reload />
        </section>
        {(kind == TargetType::Idea).then(|| view! {
            <IdeaActions content=content.clone() reload=reload />
        })}
        <section aria-labelledby="reports-title">
            <h2 id="reports-title">{t!(i18n, console_reports)}</h2>
            {if item.reports.is_empty() {
                view! { <p class="empty">{t!(i18n, console_no_reports)}</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap" tabindex="0">
                        <table class="data-table">
                            <thead><tr>
                                <th scope="col">{t!(i18n, audit_when)}</th>
                                <th scope="col">{t!(i18n, console_reporter)}</th>
                                <th scope="col">{t!(i18n, console_reason)}</th>
                                <th scope="col">{t!(i18n, console_report_state)}</th>
                            </tr></thead>
                            <tbody>
                                {item.reports.into_iter().map(|r| {
                                    let reason = r.reason;
                                    view! {
                                        <tr>
                                            <td>{format_date(i18n, r.created_at)}</td>
                                            <td>{r.reporter.display_name.clone()}</td>
                                            <td>{move || report_reason_name(i18n, reason)} {(!r.details.is_empty()).then(|| format!(" : {}", r.details))}</td>
                                            <td>{match (r.open, r.resolution.as_deref()) {
                                                (true, _) => t_string!(i18n, console_report_open),
                                                (false, Some("hidden")) => t_string!(i18n, console_report_hidden),
                                                (false, _) => t_string!(i18n, console_report_dismissed),
                                            }}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
        <section aria-labelledby="history-title">
            <h2 id="history-title">{t!(i18n, console_history)}</h2>
            {if audit.is_empty() {
                view! { <p class="empty">{t!(i18n, console_no_history)}</p> }.into_any()
            } else {
                view! { <AuditEntries entries=Signal::derive(move || audit.clone()) /> }.into_any()
            }}
        </section>
    }
}

/// Hide or restore, dismiss the reports, lock or unlock: each with its reason.
#[component]
fn ContentActions(
    content: ContentSummary,
    open_reports: usize,
    reload: Callback<()>,
) -> impl IntoView {
    let kind = content.target_type;
    let id = content.target_id;
    let mut actions = vec![if content.hidden.is_some() {
        ContentAction::Restore
    } else {
        ContentAction::Hide
    }];
    if open_reports > 0 {
        actions.push(ContentAction::Dismiss);
    }
    if kind.is_thread() {
        actions.push(if content.locked {
            ContentAction::Unlock
        } else {
            ContentAction::Lock
        });
    }
    view! {
        <div class="console-actions__forms">
            {actions.into_iter().map(|action| view! { <ReasonForm kind=kind id=id action=action reload=reload /> }).collect_view()}
        </div>
    }
}

#[component]
fn ReasonForm(
    kind: TargetType,
    id: i64,
    action: ContentAction,
    reload: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let reason = RwSignal::new(String::new());
    let (error, set_error) = signal(None::<ApiError>);
    let flash = Flash::get();
    let (slug, label, done, danger): (&'static str, Text, Text, bool) = match action {
        ContentAction::Hide => (
            "hide",
            |i| t_string!(i, console_hide),
            |i| t_string!(i, audit_content_hidden),
            true,
        ),
        ContentAction::Restore => (
            "restore",
            |i| t_string!(i, console_restore),
            |i| t_string!(i, audit_content_restored),
            false,
        ),
        ContentAction::Dismiss => (
            "dismiss",
            |i| t_string!(i, console_dismiss),
            |i| t_string!(i, audit_reports_dismissed),
            false,
        ),
        ContentAction::Lock => (
            "lock",
            |i| t_string!(i, console_lock),
            |i| t_string!(i, audit_thread_locked),
            true,
        ),
        ContentAction::Unlock => (
            "unlock",
            |i| t_string!(i, console_unlock),
            |i| t_string!(i, audit_thread_unlocked),
            false,
        ),
    };
    let send = Action::new_local(move |text: &String| {
        let text = text.clone();
        async move {
            match client::moderate(kind, id, action, text).await {
                Ok(_) => flash.done(done, reload),
                Err(e) => set_error.set(Some(e)),
            }
        }
    });
    view! {
        <form class="form console-form" id=format!("{slug}-form") novalidate=true on:submit=move |ev| { ev.prevent_default(); send.dispatch(reason.get_untracked()); }>
            <FormAlert error=error />
            <TextArea id=format!("{slug}-reason") label=Signal::derive(move || t_string!(i18n, console_reason_label).to_string())
                value=reason issues=issues_for(error, "reason") rows=2 />
            <button type="submit" class="button" class:button--danger=danger aria-disabled=busy(send.pending())
                on:click=unless_busy(send.pending(), || {})>
                {move || label(i18n)}
            </button>
        </form>
    }
}

/// For an idea: the status form, and the merge picker (or un-merge for a duplicate).
#[component]
fn IdeaActions(content: ContentSummary, reload: Callback<()>) -> impl IntoView {
    let id = content.target_id;
    let status = content.status.unwrap_or_default();
    view! {
        {if status == IdeaStatus::Duplicate {
            view! { <UnmergeForm id=id reload=reload /> }.into_any()
        } else {
            view! {
                <StatusForm id=id status=status reload=reload />
                <MergeForm id=id reload=reload />
            }.into_any()
        }}
    }
}

#[component]
fn StatusForm(id: i64, status: IdeaStatus, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let next = status.next_statuses();
    let chosen = RwSignal::new(next.first().copied());
    let explanation = RwSignal::new(String::new());
    let skip_reason = RwSignal::new(String::new());
    let needs_reason = move || {
        chosen
            .get()
            .is_some_and(|to| status.transition_to(to) == Transition::NeedsSkipReason)
    };
    let (error, set_error) = signal(None::<ApiError>);
    let flash = Flash::get();
    let send = Action::new_local(move |_: &()| {
        let body = ChangeStatus {
            status: chosen.get_untracked().unwrap_or(status),
            explanation: explanation.get_untracked(),
            skip_reason: needs_reason().then(|| skip_reason.get_untracked()),
        };
        async move {
            match client::change_status(id, body).await {
                Ok(_) => flash.done(|i| t_string!(i, console_status_done), reload),
                Err(e) => set_error.set(Some(e)),
            }
        }
    });
    view! {
        <section aria-labelledby="status-form-title">
            <h2 id="status-form-title">{t!(i18n, console_status_title)}</h2>
            <p>{t!(i18n, console_status_now)} " " <StatusBadge status=status /></p>
            <form class="form console-form" id="status-form" novalidate=true on:submit=move |ev| { ev.prevent_default(); send.dispatch(()); }>
                <FormAlert error=error />
                <div class="field">
                    <label class="field__label" for="new-status">{t!(i18n, console_status_new)}</label>
                    <select id="new-status" class="field__input"
                        on:change=move |ev| chosen.set(IdeaStatus::parse(&event_target_value(&ev)))>
                        {next.into_iter().map(|s| view! {
                            <option value=s.as_str() selected=move || chosen.get() == Some(s)>{move || status_name(i18n, s)}</option>
                        }).collect_view()}
                    </select>
                </div>
                <TextArea id="status-explanation" label=Signal::derive(move || t_string!(i18n, console_explanation).to_string())
                    value=explanation issues=issues_for(error, "explanation") rows=5 />
                <Show when=needs_reason>
                    <TextArea id="status-skip-reason" label=Signal::derive(move || t_string!(i18n, console_skip_reason).to_string())
                        value=skip_reason issues=issues_for(error, "skip_reason") rows=2 />
                </Show>
                <SubmitButton pending=send.pending() label=Signal::derive(move || t_string!(i18n, console_status_submit)) />
            </form>
        </section>
    }
}

#[component]
fn MergeForm(id: i64, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let search = RwSignal::new(String::new());
    let found = debounced(
        search,
        3,
        |q| async move { client::similar_ideas(q).await.ok() },
    );
    let into = RwSignal::new(None::<i64>);
    let explanation = RwSignal::new(String::new());
    let (error, set_error) = signal(None::<ApiError>);
    let flash = Flash::get();
    let send = Action::new_local(move |_: &()| {
        let body = MergeIdea {
            into: into.get_untracked().unwrap_or_default(),
            explanation: explanation.get_untracked(),
        };
        async move {
            match client::merge_idea(id, body).await {
                Ok(_) => flash.done(|i| t_string!(i, audit_idea_merged), reload),
                Err(e) => set_error.set(Some(e)),
            }
        }
    });
    view! {
        <section aria-labelledby="merge-title">
            <h2 id="merge-title">{t!(i18n, console_merge_title)}</h2>
            <form class="form console-form" id="merge-form" novalidate=true on:submit=move |ev| { ev.prevent_default(); send.dispatch(()); }>
                <FormAlert error=error />
                <div class="field">
                    <label class="field__label" for="merge-search">{t!(i18n, console_merge_search)}</label>
                    <input id="merge-search" class="field__input" type="search"
                        prop:value=move || search.get() on:input=move |ev| search.set(event_target_value(&ev)) />
                </div>
                <fieldset class="merge-picker">
                    <legend>{t!(i18n, console_merge_into)}</legend>
                    {move || {
                        let candidates: Vec<_> = found.get().map(|f| f.items).unwrap_or_default().into_iter().filter(|c| c.id != id).collect();
                        if candidates.is_empty() {
                            view! { <p class="empty">{t!(i18n, console_merge_none)}</p> }.into_any()
                        } else {
                            candidates.into_iter().map(|c| {
                                let input_id = format!("merge-into-{}", c.id);
                                let target = c.id;
                                view! {
                                    <div class="choice">
                                        <input type="radio" name="merge-into" id=input_id.clone()
                                            prop:checked=move || into.get() == Some(target)
                                            on:change=move |_| into.set(Some(target)) />
                                        <label for=input_id>{format!("#{} · {}", c.id, c.title)}</label>
                                    </div>
                                }
                            }).collect_view().into_any()
                        }
                    }}
                    <crate::components::FieldIssues id="merge-into-error" issues=issues_for(error, "into") />
                </fieldset>
                <TextArea id="merge-explanation" label=Signal::derive(move || t_string!(i18n, console_explanation).to_string())
                    value=explanation issues=issues_for(error, "explanation") rows=3 />
                <button type="submit" class="button button--danger" disabled=move || into.get().is_none()
                    aria-disabled=busy(send.pending()) on:click=unless_busy(send.pending(), || {})>
                    {t!(i18n, console_merge_submit)}
                </button>
            </form>
        </section>
    }
}

#[component]
fn UnmergeForm(id: i64, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let explanation = RwSignal::new(String::new());
    let (error, set_error) = signal(None::<ApiError>);
    let flash = Flash::get();
    let send = Action::new_local(move |_: &()| {
        let body = UnmergeIdea {
            explanation: explanation.get_untracked(),
        };
        async move {
            match client::unmerge_idea(id, body).await {
                Ok(_) => flash.done(|i| t_string!(i, audit_idea_unmerged), reload),
                Err(e) => set_error.set(Some(e)),
            }
        }
    });
    view! {
        <section aria-labelledby="unmerge-title">
            <h2 id="unmerge-title">{t!(i18n, console_unmerge_title)}</h2>
            <form class="form console-form" id="unmerge-form" novalidate=true on:submit=move |ev| { ev.prevent_default(); send.dispatch(()); }>
                <FormAlert error=error />
                <TextArea id="unmerge-explanation" label=Signal::derive(move || t_string!(i18n, console_explanation).to_string())
                    value=explanation issues=issues_for(error, "explanation") rows=3 />
                <SubmitButton pending=send.pending() label=Signal::derive(move || t_string!(i18n, console_unmerge_submit)) />
            </form>
        </section>
    }
}

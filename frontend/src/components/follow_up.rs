//! An idea's public timeline (each status change with the team's explanation) and the
//! merges around it; the same step is shown on "You said, we did".

use crate::catalog::format_date;
use crate::client;
use crate::components::LoadFailed;
use crate::components::thread_parts::StatusBadge;
use crate::locales::i18n::*;
use api::FollowUpView;
use leptos::prelude::*;
use leptos_router::components::A;

/// One decision: the new status, who and when, and why.
#[component]
pub fn FollowUpStep(step: FollowUpView, #[prop(default = false)] with_idea: bool) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <li class="follow-up">
            <p class="follow-up__head">
                <StatusBadge status=step.status />
                {with_idea.then(|| view! {
                    " " <A href=format!("/ideas/{}", step.idea_id) attr:class="follow-up__idea">{step.idea_title.clone()}</A>
                })}
                <span class="follow-up__by">
                    {t!(i18n, follow_up_by)} " " {step.by.display_name.clone()} " · "
                    <time datetime=step.at.to_rfc3339()>{format_date(i18n, step.at)}</time>
                </span>
            </p>
            <div class="follow-up__explanation prose" inner_html=step.explanation_html.clone()></div>
            {step.skip_reason.clone().map(|why| view! {
                <p class="follow-up__skip">{t!(i18n, follow_up_skip)} " " {why}</p>
            })}
            {step.merged_into.map(|target| view! {
                <p class="follow-up__merged"><A href=format!("/ideas/{target}")>{t!(i18n, follow_up_see_merged)}</A></p>
            })}
        </li>
    }
}

/// The idea's timeline, oldest first, with the idea it joined and those that joined it.
#[component]
pub fn Timeline(idea_id: i64) -> impl IntoView {
    let i18n = use_i18n();
    let timeline = LocalResource::new(move || client::idea_timeline(idea_id));
    view! {
        <section class="timeline" aria-labelledby="timeline-title">
            <h2 id="timeline-title">{t!(i18n, timeline_title)}</h2>
            <Transition fallback=move || view! { <p class="loading" role="status">{t!(i18n, loading)}</p> }>
                {move || timeline.get().map(|result| match result {
                    Err(_) => view! { <LoadFailed retry=move |_| timeline.refetch() /> }.into_any(),
                    Ok(timeline) => view! {
                        {timeline.merged_into.clone().map(|target| view! {
                            <p class="notice notice--merged" role="note">
                                {t!(i18n, merged_into_notice)} " "
                                <A href=format!("/ideas/{}", target.id)>{target.title.clone()}</A>
                            </p>
                        })}
                        {if timeline.items.is_empty() {
                            view! { <p class="empty">{t!(i18n, timeline_empty)}</p> }.into_any()
                        } else {
                            view! {
                                <ol class="timeline__steps" role="list">
                                    {timeline.items.into_iter().map(|step| view! { <FollowUpStep step=step /> }).collect_view()}
                                </ol>
                            }.into_any()
                        }}
                        {(!timeline.merged.is_empty()).then(|| view! {
                            <h3>{t!(i18n, merged_here_title)}</h3>
                            <ul class="merged-list" role="list">
                                {timeline.merged.into_iter().map(|m| view! {
                                    <li>
                                        <A href=format!("/ideas/{}", m.id)>{m.title.clone()}</A>
                                        " · " {t_string!(i18n, merged_comments, n = m.comment_count).to_string()}
                                    </li>
                                }).collect_view()}
                            </ul>
                        })}
                    }.into_any(),
                })}
            </Transition>
        </section>
    }
}

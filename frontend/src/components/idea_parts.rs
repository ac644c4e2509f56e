//! The pieces an idea is shown with: its status, its author line, its card in lists and
//! the support button.

use crate::catalog::{badge_name, format_date, status_name, use_themes};
use crate::client::{self, ApiError};
use crate::components::errors::error_text;
use crate::i18n::*;
use crate::session::use_session;
use api::{AuthorView, IdeaStatus, IdeaView, SupportView};
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn StatusBadge(status: IdeaStatus) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <span class=format!("status status--{}", status.as_str())>{move || status_name(i18n, status)}</span>
    }
}

/// "by Name [badges] · date".
#[component]
pub fn AuthorLine(author: AuthorView, at: DateTime<Utc>) -> impl IntoView {
    let i18n = use_i18n();
    let badges = author.badges.clone();
    view! {
        <span class="byline">
            <span class="byline__name">{author.display_name.clone()}</span>
            {badges
                .into_iter()
                .map(|badge| view! {
                    <span class=format!("badge badge--{badge:?}").to_lowercase()>{move || badge_name(i18n, badge)}</span>
                })
                .collect_view()}
            <span class="byline__date">
                <time datetime=at.to_rfc3339()>{move || format_date(i18n, at)}</time>
            </span>
        </span>
    }
}

/// An idea in a list: title, theme, status, author and counts.
#[component]
pub fn IdeaCard(idea: IdeaView) -> impl IntoView {
    let i18n = use_i18n();
    let themes = use_themes();
    let theme = idea.theme.clone();
    let supports = idea.supports.total;
    let comments = idea.comment_count;
    view! {
        <li class="idea-card">
            <div class="idea-card__counts" aria-hidden="true">
                <span class="idea-card__supports">{supports}</span>
                <span class="idea-card__unit">{t!(i18n, idea_supports_unit)}</span>
            </div>
            <div class="idea-card__main">
                <h3 class="idea-card__title"><A href=format!("/ideas/{}", idea.id)>{idea.title.clone()}</A></h3>
                <p class="idea-card__meta">
                    <StatusBadge status=idea.status />
                    <span class="idea-card__theme">{move || themes.name(i18n, &theme)}</span>
                    <AuthorLine author=idea.author.clone() at=idea.created_at />
                </p>
                <p class="idea-card__facts">
                    {move || t_string!(i18n, idea_supports_count, n = supports).to_string()}
                    " · "
                    {move || t_string!(i18n, idea_comments_count, n = comments).to_string()}
                </p>
            </div>
        </li>
    }
}

/// The support button with the counts by segment. The click shows at once; a refusal
/// puts things back and says why.
#[component]
pub fn SupportPanel(idea: IdeaView) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let state = RwSignal::new(SupportView {
        supports: idea.supports,
        viewer_supports: idea.viewer_supports,
    });
    let error = RwSignal::new(None::<ApiError>);
    let announce = RwSignal::new(String::new());
    let id = idea.id;
    let author_id = idea.author.id;
    let toggle = Action::new_local(move |on: &bool| {
        let on = *on;
        async move {
            let before = state.get_untracked();
            // Optimistic: the count moves now, the server confirms or we roll back.
            state.update(|s| {
                if s.viewer_supports != on {
                    s.viewer_supports = on;
                    if on {
                        s.supports.total += 1;
                    } else {
                        s.supports.total = s.supports.total.saturating_sub(1);
                    }
                }
            });
            match client::support(id, on).await {
                Ok(view) => {
                    state.set(view);
                    error.set(None);
                    announce.set(
                        if on {
                            t_string!(i18n, support_done)
                        } else {
                            t_string!(i18n, support_withdrawn)
                        }
                        .to_owned(),
                    );
                }
                Err(e) => {
                    state.set(before);
                    error.set(Some(e));
                }
            }
        }
    });
    let own = move || session.me.get().is_some_and(|me| me.id == author_id);
    let next = format!("/login?next=/ideas/{id}");
    view! {
        <section class="support" aria-labelledby="support-title">
            <h2 id="support-title" class="visually-hidden">{t!(i18n, support_title)}</h2>
            <p class="support__total">
                <span class="support__number">{move || state.get().supports.total}</span>
                " "
                {move || t_string!(i18n, idea_supports_unit).to_string()}
            </p>
            <p class="support__split">
                {move || {
                    let s = state.get().supports;
                    t_string!(i18n, support_split, clients = s.clients, non_clients = s.non_clients).to_string()
                }}
            </p>
            {move || {
                if own() {
                    view! { <p class="support__note">{t!(i18n, support_own_idea)}</p> }.into_any()
                } else if session.me.get().is_some() {
                    view! {
                        <button
                            type="button"
                            class="button support__button"
                            class:button--primary=move || !state.get().viewer_supports
                            aria-pressed=move || state.get().viewer_supports.to_string()
                            disabled=move || toggle.pending().get()
                            on:click=move |_| { toggle.dispatch(!state.get_untracked().viewer_supports); }
                        >
                            {move || if state.get().viewer_supports { t_string!(i18n, support_withdraw) } else { t_string!(i18n, support_button) }}
                        </button>
                    }
                    .into_any()
                } else {
                    view! {
                        <A href=next.clone() attr:class="button button--primary support__button">{t!(i18n, support_sign_in)}</A>
                    }
                    .into_any()
                }
            }}
            <p class="visually-hidden" role="status">{move || announce.get()}</p>
            {move || error.get().map(|e| view! {
                <p class="alert alert--error" role="alert">{error_text(i18n, &e)}</p>
            })}
        </section>
    }
}

//! The pieces an idea is shown with: its status, its author line, its card in lists and
//! the support panel.

use crate::catalog::{badge_name, format_date, status_name, use_themes};
use crate::client;
use crate::components::people::PersonName;
use crate::components::vote::{SendVote, VotePanel, VoteTexts};
use crate::i18n::*;
use api::{AuthorView, IdeaStatus, IdeaView};
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
            <PersonName author=author.clone() />
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

/// The support button with the counts by segment.
#[component]
pub fn SupportPanel(idea: IdeaView) -> impl IntoView {
    let texts = VoteTexts {
        title: |i18n| t_string!(i18n, support_title),
        unit: |i18n| t_string!(i18n, idea_supports_unit),
        button: |i18n| t_string!(i18n, support_button),
        withdraw: |i18n| t_string!(i18n, support_withdraw),
        own: |i18n| t_string!(i18n, support_own_idea),
        sign_in: |i18n| t_string!(i18n, support_sign_in),
        done: |i18n| t_string!(i18n, support_done),
        withdrawn: |i18n| t_string!(i18n, support_withdrawn),
    };
    let send: SendVote =
        |id, on| Box::pin(async move { client::support(id, on).await.map(|v| v.supports) });
    view! {
        <VotePanel id=idea.id author_id=idea.author.id counts=idea.supports voted=idea.viewer_supports
            texts=texts send=send sign_in_href=format!("/login?next=/ideas/{}", idea.id) />
    }
}

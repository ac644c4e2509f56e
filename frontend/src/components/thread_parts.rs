//! The pieces ideas and questions are shown with: shared, the author line, the card in
//! lists and the head of their page; an idea's own, its status, its card and its support
//! panel.

use crate::catalog::{Text, badge_name, format_date, status_name, use_themes};
use crate::client;
use crate::components::people::PersonName;
use crate::components::vote::{SendVote, VotePanel, VoteTexts};
use crate::locales::i18n::*;
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

/// An idea or a question in a list: its votes, its title linking to `href`, a line with
/// its state (`state`), theme and author, and two facts. Ideas and questions are the same
/// thing there: only the words and the state differ.
#[component]
pub fn ItemCard(
    href: String,
    title: String,
    votes: u32,
    /// The short unit under the number ("soutiens", "votes").
    unit: Text,
    theme: String,
    author: AuthorView,
    at: DateTime<Utc>,
    /// The status of an idea, the answer state of a question.
    state: AnyView,
    /// The line of facts under the title.
    facts: Signal<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let themes = use_themes();
    view! {
        <li class="item-card">
            <div class="item-card__counts" aria-hidden="true">
                <span class="item-card__count">{votes}</span>
                <span class="item-card__unit">{move || unit(i18n)}</span>
            </div>
            <div class="item-card__main">
                <h3 class="item-card__title"><A href=href>{title}</A></h3>
                <p class="item-card__meta">
                    {state}
                    <span class="item-card__theme">{move || themes.name(i18n, &theme)}</span>
                    <AuthorLine author=author at=at />
                </p>
                <p class="item-card__facts">{facts}</p>
            </div>
        </li>
    }
}

/// An idea in a list: supports, title, status, theme, author, supports and comments.
#[component]
pub fn IdeaCard(idea: IdeaView) -> impl IntoView {
    let i18n = use_i18n();
    let supports = idea.supports.total;
    let comments = idea.comment_count;
    let facts = Signal::derive(move || {
        format!(
            "{} · {}",
            t_string!(i18n, idea_supports_count, n = supports),
            t_string!(i18n, idea_comments_count, n = comments)
        )
    });
    view! {
        <ItemCard href=format!("/ideas/{}", idea.id) title=idea.title votes=supports
            unit=|i18n| t_string!(i18n, idea_supports_unit) theme=idea.theme author=idea.author
            at=idea.created_at state=view! { <StatusBadge status=idea.status /> }.into_any() facts=facts />
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

/// The head of an idea's or a question's page: the way back to its list, its title, and a
/// line with its state, theme (linking to the list of that theme), author and "edited".
#[component]
pub fn ThreadHead(
    /// The list it belongs to: `/ideas` or `/questions`.
    list: &'static str,
    back: Text,
    title: String,
    /// The status of an idea, the answer state of a question.
    state: AnyView,
    theme: String,
    author: AuthorView,
    at: DateTime<Utc>,
    edited: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let themes = use_themes();
    let theme_href = format!("{list}?theme={theme}");
    view! {
        <p class="thread__crumbs"><A href=list>{move || back(i18n)}</A></p>
        <h1 class="thread__title">{title}</h1>
        <p class="thread__meta">
            {state}
            <A href=theme_href attr:class="thread__theme">{move || themes.name(i18n, &theme)}</A>
            <AuthorLine author=author at=at />
            {edited.then(|| view! { <span class="thread__edited">{t!(i18n, edited)}</span> })}
        </p>
    }
}

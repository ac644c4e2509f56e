//! What many pages need to name things: the themes (loaded once and shared), localized
//! texts, dates and statuses in the reader's language.

use crate::locales::i18n::*;
use api::{Badge, IdeaStatus, Localized, NotificationKind, ThemeView};
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos_i18n::I18nContext;

/// A text in the reader's language, chosen when drawn: how components take their words.
pub type Text = fn(I18nContext<Locale>) -> &'static str;

/// The themes, shared through context; empty until they arrive.
#[derive(Clone, Copy)]
pub struct Themes(pub RwSignal<Vec<ThemeView>>);

impl Themes {
    pub fn provide() {
        let themes = Themes(RwSignal::new(Vec::new()));
        provide_context(themes);
        leptos::task::spawn_local(async move {
            if let Ok(list) = crate::client::themes().await {
                themes.0.set(list);
            }
        });
    }

    /// The theme's name in the current language (its slug until themes have loaded).
    pub fn name(&self, i18n: I18nContext<Locale>, slug: &str) -> String {
        self.0.with(|themes| {
            themes
                .iter()
                .find(|t| t.slug == slug)
                .map_or_else(|| slug.to_owned(), |t| localized(i18n, &t.name))
        })
    }
}

pub fn use_themes() -> Themes {
    use_context::<Themes>().unwrap_or_else(|| Themes(RwSignal::new(Vec::new())))
}

pub fn localized(i18n: I18nContext<Locale>, text: &Localized) -> String {
    match i18n.get_locale() {
        Locale::fr => text.fr.clone(),
        Locale::en => text.en.clone(),
    }
}

/// A date as people of the current language write it.
pub fn format_date(i18n: I18nContext<Locale>, at: DateTime<Utc>) -> String {
    match i18n.get_locale() {
        Locale::fr => at.format("%d/%m/%Y").to_string(),
        Locale::en => at.format("%-d %b %Y").to_string(),
    }
}

/// A number of hours as the figures show it, or "not measured yet".
pub fn hours_text(i18n: I18nContext<Locale>, hours: Option<f64>) -> String {
    hours.map_or_else(
        || t_string!(i18n, promise_none).to_string(),
        |h| t_string!(i18n, hours_value, hours = format!("{h:.0}")).to_string(),
    )
}

pub fn status_name(i18n: I18nContext<Locale>, status: IdeaStatus) -> &'static str {
    match status {
        IdeaStatus::New => t_string!(i18n, status_new),
        IdeaStatus::UnderReview => t_string!(i18n, status_under_review),
        IdeaStatus::Planned => t_string!(i18n, status_planned),
        IdeaStatus::InProgress => t_string!(i18n, status_in_progress),
        IdeaStatus::Launched => t_string!(i18n, status_launched),
        IdeaStatus::Declined => t_string!(i18n, status_declined),
        IdeaStatus::Duplicate => t_string!(i18n, status_duplicate),
    }
}

pub fn badge_name(i18n: I18nContext<Locale>, badge: Badge) -> &'static str {
    match badge {
        Badge::Client => t_string!(i18n, badge_client),
        Badge::Expert => t_string!(i18n, badge_expert),
        Badge::Team => t_string!(i18n, badge_team),
    }
}

/// The browser's clock (chrono's own clock is not available in WebAssembly here).
pub fn now() -> DateTime<Utc> {
    DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap_or_default()
}

/// Whether something written with this deadline can still be edited.
pub fn still_editable(until: DateTime<Utc>) -> bool {
    now() < until
}

/// What a notification says before its subject's title.
pub fn notification_text(i18n: I18nContext<Locale>, kind: NotificationKind) -> &'static str {
    match kind {
        NotificationKind::QuestionAsked => t_string!(i18n, notif_question_asked),
        NotificationKind::QuestionAnswered => t_string!(i18n, notif_question_answered),
        NotificationKind::IdeaStatusChanged => t_string!(i18n, notif_idea_status_changed),
        NotificationKind::IdeaCommented => t_string!(i18n, notif_idea_commented),
        NotificationKind::CommentReplied => t_string!(i18n, notif_comment_replied),
        NotificationKind::IdeaPosted => t_string!(i18n, notif_idea_posted),
        NotificationKind::QuestionPosted => t_string!(i18n, notif_question_posted),
    }
}

/// A kind of notification named on its own (settings, unsubscribe): its lead-in
/// without the closing colon.
pub fn notification_kind_name(i18n: I18nContext<Locale>, kind: NotificationKind) -> String {
    notification_text(i18n, kind)
        .trim_end_matches([':', ' ', '\u{a0}'])
        .to_owned()
}

/// The page of a notification's subject.
pub fn subject_href(kind: NotificationKind, subject_id: i64) -> String {
    if kind.about_question() {
        format!("/questions/{subject_id}")
    } else {
        format!("/ideas/{subject_id}")
    }
}

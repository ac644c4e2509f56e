//! The response-time promise, measured: for each theme and overall, over the questions
//! asked in the last 90 days, the median time to a first official answer and the share
//! answered within the theme's commitment; and, whenever asked, how many questions wait.
//!
//! "Within the commitment" is computed over the questions whose outcome is known: those
//! answered, and those still waiting past their due time (a failure already). Questions
//! still inside their time are left out rather than counted as either.

use crate::entities::questions;
use crate::platform::db::Db;
use crate::platform::error::ApiResult;
use crate::questions::due_at;
use crate::themes;
use api::{QuestionStats, ResponseStats, STATS_WINDOW_DAYS, ThemeResponseStats};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QuerySelect};
use std::collections::HashMap;

/// One question as the statistics see it.
#[derive(Debug, Clone, Copy)]
pub struct Asked {
    pub created_at: DateTime<Utc>,
    pub answered_at: Option<DateTime<Utc>>,
    /// The theme's commitment in hours.
    pub response_hours: i32,
}

/// The figures for a set of questions: those asked since `since`, and all waiting ones.
pub fn summarize(questions: &[Asked], since: DateTime<Utc>, now: DateTime<Utc>) -> ResponseStats {
    let mut stats = ResponseStats::default();
    let mut hours: Vec<f64> = Vec::new();
    let (mut known, mut within) = (0u32, 0u32);
    for q in questions {
        let due = due_at(q.created_at, q.response_hours);
        if q.answered_at.is_none() {
            stats.waiting += 1;
            if now > due {
                stats.overdue += 1;
            }
        }
        if q.created_at < since {
            continue;
        }
        stats.asked += 1;
        match q.answered_at {
            Some(answered_at) => {
                stats.answered += 1;
                hours.push((answered_at - q.created_at).num_seconds() as f64 / 3600.0);
                known += 1;
                within += u32::from(answered_at <= due);
            }
            None if now > due => known += 1,
            None => {}
        }
    }
    stats.median_hours = median(&mut hours);
    stats.within_commitment = (known > 0).then(|| f64::from(within) / f64::from(known));
    stats
}

pub(crate) fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    Some(if values.len().is_multiple_of(2) {
        (values[mid - 1] + values[mid]) / 2.0
    } else {
        values[mid]
    })
}

/// The figures overall and for each active theme.
pub async fn stats(db: &Db) -> ApiResult<QuestionStats> {
    let now = Utc::now();
    let since = now - Duration::days(STATS_WINDOW_DAYS);
    let refs = themes::refs(&db.read).await?;
    let mut active: Vec<(i64, &themes::ThemeRef)> = refs
        .iter()
        .filter(|(_, t)| !t.archived)
        .map(|(id, t)| (*id, t))
        .collect();
    active.sort_by_key(|(id, t)| (t.position, *id));
    let rows: Vec<(i64, DateTime<Utc>, Option<DateTime<Utc>>)> = questions::Entity::find()
        .select_only()
        .columns([
            questions::Column::ThemeId,
            questions::Column::CreatedAt,
            questions::Column::AnsweredAt,
        ])
        .filter(questions::Column::HiddenAt.is_null())
        .filter(
            Condition::any()
                .add(questions::Column::CreatedAt.gte(since))
                .add(questions::Column::AnsweredAt.is_null()),
        )
        .into_tuple()
        .all(&db.read)
        .await?;
    let mut by_theme: HashMap<String, Vec<Asked>> = HashMap::new();
    let mut all = Vec::with_capacity(rows.len());
    for (theme_id, created_at, answered_at) in rows {
        let Some(theme) = refs.get(&theme_id) else {
            continue;
        };
        let asked = Asked {
            created_at,
            answered_at,
            response_hours: theme.response_hours,
        };
        all.push(asked);
        by_theme.entry(theme.slug.clone()).or_default().push(asked);
    }
    Ok(QuestionStats {
        window_days: STATS_WINDOW_DAYS as u32,
        overall: summarize(&all, since, now),
        themes: active
            .into_iter()
            .map(|(_, theme)| ThemeResponseStats {
                stats: summarize(
                    by_theme.get(&theme.slug).map_or(&[][..], Vec::as_slice),
                    since,
                    now,
                ),
                theme: theme.slug.clone(),
                response_hours: u32::try_from(theme.response_hours).unwrap_or(0),
            })
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn asked(now: DateTime<Utc>, ago_hours: i64, answered_after: Option<i64>) -> Asked {
        let created_at = now - Duration::hours(ago_hours);
        Asked {
            created_at,
            answered_at: answered_after.map(|h| created_at + Duration::hours(h)),
            response_hours: 48,
        }
    }

    #[test]
    fn median_share_and_waiting_come_from_the_timestamps() {
        let now = Utc::now();
        let since = now - Duration::days(90);
        let questions = [
            asked(now, 200, Some(10)),     // within
            asked(now, 300, Some(30)),     // within
            asked(now, 400, Some(60)),     // late
            asked(now, 100, None),         // waiting, overdue: known, not within
            asked(now, 10, None),          // waiting, in time: unknown yet
            asked(now, 24 * 100, Some(1)), // outside the window
            asked(now, 24 * 120, None),    // outside the window, still waiting, overdue
        ];
        let stats = summarize(&questions, since, now);
        assert_eq!(stats.asked, 5);
        assert_eq!(stats.answered, 3);
        assert_eq!(stats.median_hours, Some(30.0));
        assert_eq!(stats.within_commitment, Some(2.0 / 4.0));
        assert_eq!(stats.waiting, 3);
        assert_eq!(stats.overdue, 2);
    }

    #[test]
    fn nothing_asked_gives_no_figures() {
        let now = Utc::now();
        let stats = summarize(&[], now - Duration::days(90), now);
        assert_eq!(stats.median_hours, None);
        assert_eq!(stats.within_commitment, None);
        assert_eq!(stats.asked, 0);
    }

    #[test]
    fn an_even_count_takes_the_middle_pair() {
        assert_eq!(median(&mut [4.0, 1.0, 3.0, 2.0]), Some(2.5));
    }
}

//! `GET /api/v1/stats`: the public figures of "You said, we did".

use crate::entities::ideas;
use crate::platform::db::Db;
use crate::platform::error::ApiResult;
use crate::questions::response_times::{self, median};
use crate::themes;
use api::{
    FirstResponse, IdeaStats, IdeaStatus, STATS_WINDOW_DAYS, Stats, StatusCount,
    ThemeFirstResponse, WAITING_LISTED, WaitingIdea,
};
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::HashMap;

/// When an idea was submitted, and when the team first responded (if it has).
type Submitted = (DateTime<Utc>, Option<DateTime<Utc>>);

/// The public figures: ideas by status, time to a first response overall and by theme,
/// the longest-waiting ideas, and the questions' response-time promise.
pub async fn stats(db: &Db) -> ApiResult<Stats> {
    let visible = || ideas::Entity::find().filter(ideas::Column::HiddenAt.is_null());
    let counts: HashMap<IdeaStatus, i64> = visible()
        .select_only()
        .column(ideas::Column::Status)
        .expr(Expr::col(ideas::Column::Id).count())
        .group_by(ideas::Column::Status)
        .into_tuple::<(IdeaStatus, i64)>()
        .all(&db.read)
        .await?
        .into_iter()
        .collect();
    let now = Utc::now();
    let since = now - Duration::days(STATS_WINDOW_DAYS);
    // Submitted within the window, or still waiting whenever submitted.
    let rows: Vec<(i64, DateTime<Utc>, Option<DateTime<Utc>>)> = visible()
        .select_only()
        .columns([
            ideas::Column::ThemeId,
            ideas::Column::CreatedAt,
            ideas::Column::FirstResponseAt,
        ])
        .filter(
            Condition::any()
                .add(ideas::Column::CreatedAt.gte(since))
                .add(ideas::Column::FirstResponseAt.is_null()),
        )
        .into_tuple()
        .all(&db.read)
        .await?;
    let refs = themes::refs(&db.read).await?;
    let mut per_theme: HashMap<i64, Vec<Submitted>> = HashMap::new();
    for (theme_id, created_at, responded_at) in &rows {
        per_theme
            .entry(*theme_id)
            .or_default()
            .push((*created_at, *responded_at));
    }
    let all: Vec<_> = rows.iter().map(|(_, c, r)| (*c, *r)).collect();
    let mut active: Vec<(&i64, &themes::ThemeRef)> =
        refs.iter().filter(|(_, t)| !t.archived).collect();
    active.sort_by_key(|(id, t)| (t.position, **id));
    let oldest = visible()
        .filter(ideas::Column::FirstResponseAt.is_null())
        .order_by_asc(ideas::Column::FirstResponseAt)
        .order_by_asc(ideas::Column::Id)
        .limit(WAITING_LISTED as u64)
        .all(&db.read)
        .await?;
    Ok(Stats {
        ideas: IdeaStats {
            by_status: IdeaStatus::ALL
                .into_iter()
                .map(|status| StatusCount {
                    status,
                    count: counts
                        .get(&status)
                        .map_or(0, |n| u32::try_from(*n).unwrap_or(u32::MAX)),
                })
                .collect(),
            first_response: first_response(&all, since),
            themes: active
                .into_iter()
                .map(|(id, theme)| ThemeFirstResponse {
                    theme: theme.slug.clone(),
                    response: first_response(
                        per_theme.get(id).map_or(&[][..], Vec::as_slice),
                        since,
                    ),
                })
                .collect(),
            oldest_waiting: oldest
                .into_iter()
                .map(|idea| WaitingIdea {
                    theme: refs
                        .get(&idea.theme_id)
                        .map(|t| t.slug.clone())
                        .unwrap_or_default(),
                    id: idea.id,
                    title: idea.title,
                    created_at: idea.created_at,
                })
                .collect(),
        },
        questions: response_times::stats(db).await?,
    })
}

/// The median hours to a first response among ideas submitted since `since`, and how
/// many got one and how many still wait.
fn first_response(ideas: &[Submitted], since: DateTime<Utc>) -> FirstResponse {
    let mut hours: Vec<f64> = ideas
        .iter()
        .filter(|(created, _)| *created >= since)
        .filter_map(|(created, responded)| {
            responded.map(|r| (r - *created).num_seconds() as f64 / 3600.0)
        })
        .collect();
    let waiting = ideas.iter().filter(|(_, r)| r.is_none()).count();
    FirstResponse {
        responded: u32::try_from(hours.len()).unwrap_or(u32::MAX),
        median_hours: median(&mut hours),
        waiting: u32::try_from(waiting).unwrap_or(u32::MAX),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_response_counts_the_window_and_every_waiting_idea() {
        let now = Utc::now();
        let since = now - Duration::days(90);
        let ago = |h: i64| now - Duration::hours(h);
        let ideas = [
            (ago(10), Some(ago(8))),                       // 2 h
            (ago(30), Some(ago(20))),                      // 10 h
            (ago(50), Some(ago(44))),                      // 6 h
            (ago(5), None),                                // waiting
            (now - Duration::days(200), None),             // waiting, old
            (now - Duration::days(100), Some(ago(2_000))), // outside the window
        ];
        let figures = first_response(&ideas, since);
        assert_eq!(figures.median_hours, Some(6.0));
        assert_eq!(figures.responded, 3);
        assert_eq!(figures.waiting, 2);
    }
}

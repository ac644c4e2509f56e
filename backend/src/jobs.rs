//! Periodic work done in the background of `cocrea serve`.

use crate::db::Db;
use crate::entities::{ideas, questions};
use crate::error::ApiResult;
use crate::services::listing;
use std::time::Duration;

/// How often time is let to lower hot ranks.
const HOT_RANK_EVERY: Duration = Duration::from_secs(5 * 60);

/// Starts the jobs on the current runtime. Each instance of the server runs them; they
/// are idempotent, so several instances on one database only repeat harmless work.
pub fn spawn(db: Db) {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(HOT_RANK_EVERY);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            match refresh_hot_ranks(&db).await {
                Ok(updated) => tracing::debug!(updated, "hot ranks refreshed"),
                Err(error) => tracing::warn!(%error, "refreshing hot ranks failed"),
            }
        }
    });
}

/// Lets time lower the hot ranks of ideas and questions; how many rows it updated.
pub async fn refresh_hot_ranks(db: &Db) -> ApiResult<usize> {
    let ideas = listing::refresh_hot_ranks::<ideas::Entity>(db).await?;
    let questions = listing::refresh_hot_ranks::<questions::Entity>(db).await?;
    Ok(ideas + questions)
}

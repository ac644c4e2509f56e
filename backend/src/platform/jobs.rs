//! Periodic work in the background of `cocrea serve`: the runner. Which jobs run is the
//! application's choice (`schedule`).

use crate::platform::db::Db;
use std::time::Duration;

/// Runs `job` now, then every `period` (a late run delays the next, never doubles it).
pub fn every<F, Fut>(period: Duration, db: Db, job: F)
where
    F: Fn(Db) -> Fut + Send + 'static,
    Fut: std::future::Future<Output = ()> + Send,
{
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(period);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            job(db.clone()).await;
        }
    });
}

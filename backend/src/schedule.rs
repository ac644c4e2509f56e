//! The jobs of every slice, started with the server: each instance runs them, and they are
//! safe with several instances on one database.

use crate::content::listing;
use crate::entities::{ideas, questions};
use crate::notifications::outbox;
use crate::platform::cache::ReadCache;
use crate::platform::config::Config;
use crate::platform::db::Db;
use crate::platform::error::ApiResult;
use crate::platform::jobs::every;
use crate::platform::mail::Mailer;
use actix_web::web;
use chrono::Utc;
use std::time::Duration;

/// How often time is let to lower hot ranks.
const HOT_RANK_EVERY: Duration = Duration::from_secs(5 * 60);

/// How often daily digests are looked for (each person still gets at most one a day).
const DIGESTS_EVERY: Duration = Duration::from_secs(10 * 60);

/// Starts the jobs on the current runtime. Each instance of the server runs them; they
/// are safe with several instances on one database: the hot-rank refresh only repeats
/// harmless work, the outbox worker and the digests claim their rows.
pub fn spawn(db: Db, config: &Config, reads: web::Data<ReadCache>) -> anyhow::Result<()> {
    let mailer = Mailer::new(config)?;
    every(HOT_RANK_EVERY, db.clone(), move |db| {
        let reads = reads.clone();
        async move {
            match refresh_hot_ranks(&db).await {
                Ok(updated) => {
                    // The hot lists changed order: no visitor may get the old one.
                    reads.invalidate();
                    tracing::debug!(updated, "hot ranks refreshed");
                }
                Err(error) => tracing::warn!(%error, "refreshing hot ranks failed"),
            }
        }
    });
    every(config.outbox_every, db.clone(), move |db| {
        let mailer = mailer.clone();
        async move {
            if let Err(error) = outbox::deliver_due(&db, &mailer, Utc::now()).await {
                tracing::warn!(%error, "the email outbox could not be read");
            }
        }
    });
    every(DIGESTS_EVERY, db, |db| async move {
        if let Err(error) = outbox::queue_digests(&db, Utc::now()).await {
            tracing::warn!(%error, "daily digests could not be queued");
        }
    });
    Ok(())
}

/// Lets time lower the hot ranks of ideas and questions; how many rows it updated.
pub async fn refresh_hot_ranks(db: &Db) -> ApiResult<usize> {
    let ideas = listing::refresh_hot_ranks::<ideas::Entity>(db).await?;
    let questions = listing::refresh_hot_ranks::<questions::Entity>(db).await?;
    Ok(ideas + questions)
}

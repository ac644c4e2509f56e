//! The hot rank of the ideas list, stored in `ideas.hot_rank` and indexed:
//!
//! ```text
//! hot = 10000 × log10(3 + supports) / (age in hours + 2)^1.8     (0 once a week old)
//! ```
//!
//! Lemmy's formula with supports as the score: a new idea starts near the top, every
//! support lifts it by less than the one before (log), and age pulls it down steadily, so
//! the first page keeps moving. It is recomputed in the transaction of every vote and by a
//! periodic job that lets time do its work; after a week it is 0 and the list falls back to
//! newest first among old ideas. No request ever computes it over the whole table.

use chrono::{DateTime, Utc};

/// Ideas older than this leave the hot ranking (rank 0).
pub const HOT_WINDOW_HOURS: i64 = 7 * 24;

/// The hot rank of an idea with `supports` supports, created at `created_at`.
pub fn hot_rank(supports: i32, created_at: DateTime<Utc>, now: DateTime<Utc>) -> f64 {
    let age_hours = (now - created_at).num_seconds().max(0) as f64 / 3600.0;
    if age_hours >= HOT_WINDOW_HOURS as f64 {
        return 0.0;
    }
    let score = f64::from(supports.max(0)) + 3.0;
    10_000.0 * score.log10() / (age_hours + 2.0).powf(1.8)
}

/// The lower bound of the Wilson score interval (95 % confidence) on the share of
/// `helpful` ratings among `helpful + not_helpful`: how helpful an answer is at least,
/// given how few people may have rated it. One helpful rating out of one ranks below
/// forty out of fifty; no ratings rank 0. (Evan Miller, "How Not To Sort By Average
/// Rating".)
pub fn wilson_lower_bound(helpful: i32, not_helpful: i32) -> f64 {
    let positive = f64::from(helpful.max(0));
    let n = positive + f64::from(not_helpful.max(0));
    if n == 0.0 {
        return 0.0;
    }
    const Z: f64 = 1.959_963_984_540_054;
    let p = positive / n;
    let z2 = Z * Z;
    (p + z2 / (2.0 * n) - Z * ((p * (1.0 - p) + z2 / (4.0 * n)) / n).sqrt()) / (1.0 + z2 / n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    #[test]
    fn wilson_prefers_many_good_ratings_to_one() {
        assert_eq!(wilson_lower_bound(0, 0), 0.0);
        assert!(wilson_lower_bound(40, 10) > wilson_lower_bound(1, 0));
        assert!(wilson_lower_bound(5, 0) > wilson_lower_bound(1, 0));
        assert!(wilson_lower_bound(10, 1) > wilson_lower_bound(10, 5));
        // Known value: 1 of 1 → 0.2065 (z = 1.96).
        assert!((wilson_lower_bound(1, 0) - 0.2065).abs() < 1e-3);
        let bound = wilson_lower_bound(90, 10);
        assert!(bound > 0.82 && bound < 0.9, "{bound}");
    }

    #[test]
    fn supports_lift_and_age_lowers() {
        let now = Utc::now();
        let fresh = hot_rank(0, now, now);
        assert!(hot_rank(10, now, now) > fresh);
        assert!(hot_rank(0, now - Duration::hours(5), now) < fresh);
        // Age weighs heavily: a day-old idea sinks below a fresh one, but a two-hour-old
        // idea that gathered a hundred supports still leads it.
        assert!(hot_rank(20, now - Duration::hours(24), now) < fresh);
        assert!(hot_rank(100, now - Duration::hours(2), now) > fresh);
    }

    #[test]
    fn a_week_old_idea_has_left_the_ranking() {
        let now = Utc::now();
        assert_eq!(hot_rank(1_000, now - Duration::days(8), now), 0.0);
        assert!(hot_rank(1_000, now - Duration::days(6), now) > 0.0);
    }
}

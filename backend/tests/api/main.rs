//! Integration tests: the real server on a random port, with a fresh database built from
//! the migrations (a temporary SQLite file, or a new PostgreSQL database when
//! `TEST_DATABASE_URL` is set).

// Tests may panic on a broken invariant: that is how they fail.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod accessibility;
mod accounts;
mod authorisation;
mod bank;
mod caching;
mod cli;
mod client_codes;
mod comments;
mod concurrency;
mod crashes;
mod deceptive;
mod follow_ups;
mod helpers;
mod hostile;
mod ideas;
mod identity;
mod limits;
mod lists;
mod moderation;
mod operations;
mod outage;
mod people;
mod questions;
mod reads;
mod sessions;
mod themes;
mod two_factor;

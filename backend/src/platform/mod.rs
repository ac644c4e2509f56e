//! What every feature runs on. Nothing here imports a feature slice: a slice plugs into
//! the platform (its routes into the router, its jobs into `jobs`, its mail into the
//! outbox's worker), never the other way round.

pub mod audit;
pub mod auth;
pub mod bank;
pub mod cache;
pub mod config;
pub mod db;
pub mod error;
pub mod jobs;
pub mod limits;
pub mod mail;
pub mod overlay;
pub mod read;
pub mod respond;
pub mod state;
pub mod telemetry;
pub mod viewers;

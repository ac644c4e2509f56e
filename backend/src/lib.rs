//! Cocrea's server: the JSON API of ../shared/PRODUCT.md and the embedded web app.

pub mod auth;
pub mod cache;
pub mod config;
pub mod db;
pub mod domain;
pub mod entities;
pub mod error;
pub mod hs256;
pub mod jobs;
pub mod limits;
pub mod routes;
pub mod services;
pub mod startup;
pub mod telemetry;

//! One module per route.

pub mod auth;
pub mod home;
pub mod not_found;
pub mod profile;
pub mod sections;

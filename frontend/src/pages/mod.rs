//! One module per route.

pub mod auth;
pub mod home;
pub mod idea;
pub mod idea_form;
pub mod ideas;
pub mod not_found;
pub mod profile;
pub mod sections;

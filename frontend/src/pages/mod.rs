//! One module per route.

pub mod accessibility;
pub mod auth;
pub mod console;
pub mod expert_queue;
pub mod follow_ups;
pub mod home;
pub mod idea;
pub mod idea_form;
pub mod ideas;
pub mod identity;
pub mod not_found;
pub mod notifications;
pub mod person;
pub mod profile;
pub mod question;
pub mod question_form;
pub mod questions;
pub mod two_factor;
pub mod unsubscribe;

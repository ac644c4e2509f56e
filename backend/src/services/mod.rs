//! Use cases: one function per action. A function that writes owns its transaction: it
//! begins, passes `&txn` to helpers, and commits at the end; an early `?` rolls back.

pub mod accessibility;
pub mod accounts;
pub mod answers;
pub mod audit;
pub mod bank_sign_in;
pub mod client_codes;
pub mod comments;
pub mod consistency;
pub mod dataset;
pub mod demo;
pub(crate) mod drafts;
pub mod experts;
pub mod export;
pub mod feeds;
pub mod first_paint;
pub mod follow_ups;
pub mod follows;
pub mod ideas;
pub mod identity;
pub mod listing;
pub mod moderation;
pub mod notifications;
pub mod outbox;
pub mod people;
pub mod personal_data;
pub mod profiles;
pub mod questions;
pub mod reports;
pub mod response_times;
pub mod share;
pub mod staff;
pub mod themes;
pub mod two_factor;
pub mod unsubscribe;

//! sea-orm entities: the shape of the tables the migrations create, and no behaviour.

pub mod accessibility_problems;
pub mod answer_votes;
pub mod answers;
pub mod audit_log;
pub mod client_codes;
pub mod comments;
pub mod email_outbox;
pub mod email_tokens;
pub mod expert_themes;
pub mod follows;
pub mod idea_status_changes;
pub mod idea_supports;
pub mod ideas;
pub mod identities;
pub mod merged_supports;
pub mod notification_prefs;
pub mod notifications;
pub mod oidc_states;
pub mod question_votes;
pub mod questions;
pub mod reports;
pub mod sessions;
pub mod themes;
pub mod user_roles;
pub mod users;

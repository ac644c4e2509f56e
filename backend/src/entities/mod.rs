//! sea-orm entities: the shape of the tables the migrations create, and no behaviour.

pub mod answer_votes;
pub mod answers;
pub mod comments;
pub mod expert_themes;
pub mod idea_supports;
pub mod ideas;
pub mod notifications;
pub mod question_votes;
pub mod questions;
pub mod sessions;
pub mod themes;
pub mod user_roles;
pub mod users;

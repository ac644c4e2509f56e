//! sea-orm entities: the shape of the tables the migrations create, and no behaviour.

pub mod comments;
pub mod idea_supports;
pub mod ideas;
pub mod sessions;
pub mod themes;
pub mod user_roles;
pub mod users;

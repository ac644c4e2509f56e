//! sea-orm entities: the shape of the tables the migrations create, and no behaviour.

pub mod sessions;
pub mod themes;
pub mod user_roles;
pub mod users;

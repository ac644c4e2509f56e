//! Wire types shared by the backend and the frontend: what the JSON API accepts and
//! returns. Serde and little else, so the browser bundle stays small; the backend turns
//! on the `openapi` feature to describe them in `/api/openapi.json`.

pub mod auth;
pub mod follow_ups;
pub mod ideas;
pub mod moderation;
pub mod people;
pub mod problem;
pub mod questions;
pub mod themes;

pub use auth::*;
pub use follow_ups::*;
pub use ideas::*;
pub use moderation::*;
pub use people::*;
pub use problem::*;
pub use questions::*;
pub use themes::*;

//! Machinery shared by the kinds of things people write: keyset-paginated lists, the
//! drafts of ideas and questions, and how authors appear.

pub(crate) mod drafts;
pub mod follows;
pub mod listing;
pub mod moderation;
pub mod people;

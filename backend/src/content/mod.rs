//! Machinery shared by the kinds of things people write: the kinds themselves and their
//! votes described once (`kinds`), the one vote mechanism (`votes`), keyset-paginated
//! lists, what ideas and questions do alike (`threads`), moderation, the drafts of ideas
//! and questions, follows, and how authors appear.

pub(crate) mod drafts;
pub mod follows;
pub(crate) mod kinds;
pub mod listing;
pub mod moderation;
pub mod people;
pub(crate) mod threads;
pub(crate) mod visibility;
pub(crate) mod votes;

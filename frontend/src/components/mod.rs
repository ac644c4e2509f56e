//! Pieces the pages share.

pub mod comments;
pub mod connection;
pub mod detail;
pub mod errors;
pub mod field;
pub mod follow_up;
pub mod forms;
pub mod header;
pub mod idea_parts;
pub mod later;
pub mod markdown_editor;
pub mod moderation;
pub mod paged;
pub mod people;
pub mod submit;
pub mod vote;

pub use errors::{FormAlert, LoadFailed, issue_text, issues_for};
pub use field::{Field, FieldIssues, TextArea};
pub use header::Header;
pub use later::Later;
pub use submit::SubmitButton;

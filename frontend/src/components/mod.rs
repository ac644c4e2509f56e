//! Pieces the pages share.

pub mod errors;
pub mod field;
pub mod header;

pub use errors::{FormAlert, issue_text, issues_for};
pub use field::Field;
pub use header::Header;

//! Types that parse raw input into valid values. Their fields are private: holding one
//! proves the value was checked. Each `parse` returns the `FieldIssue` the client sees.

mod account;
mod plain;
pub mod ranking;
mod title;

pub use account::{DisplayName, Email, Password};
pub use plain::PlainText;
// People's text, in a crate of its own so it can be fuzzed apart from the server.
pub use text::deceptive::{refuse_hidden, remove_hidden};
pub use text::markdown::MarkdownBody;
pub use text::sensitive::{AccountDetail, find_account_detail, refuse_account_details};
pub use text::{cursor, personal, search};
pub use title::Title;

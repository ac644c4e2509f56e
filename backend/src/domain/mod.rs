//! Types that parse raw input into valid values. Their fields are private: holding one
//! proves the value was checked. Each `parse` returns the `FieldIssue` the client sees.

mod account;
pub mod cursor;
mod markdown;
pub mod personal;
mod plain;
pub mod ranking;
pub mod search;
mod sensitive;
mod title;

pub use account::{DisplayName, Email, Password};
pub use markdown::MarkdownBody;
pub use plain::PlainText;
pub use sensitive::{AccountDetail, find_account_detail, refuse_account_details};
pub use title::Title;

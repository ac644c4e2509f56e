//! Types that parse raw input into valid values. Their fields are private: holding one
//! proves the value was checked. Each `parse` returns the `FieldIssue` the client sees.

mod account;

pub use account::{DisplayName, Email, Password};

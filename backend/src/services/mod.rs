//! Use cases: one function per action. A function that writes owns its transaction: it
//! begins, passes `&txn` to helpers, and commits at the end; an early `?` rolls back.

pub mod accounts;
pub mod comments;
pub mod dataset;
pub mod demo;
pub mod ideas;
pub mod people;
pub mod themes;

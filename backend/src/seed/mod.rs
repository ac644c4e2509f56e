//! `cocrea seed`: content written for people to look at (`--demo`) and the benchmark's
//! large deterministic datasets. Part of the command-line tool, not of the server: nothing
//! that answers a request reaches this code.

pub mod dataset;
pub mod demo;

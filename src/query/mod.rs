//! Queries: pure functions over parsed input and index results. No I/O.

pub mod search;

//! Queries: pure functions over parsed input and index results. No I/O.

pub mod actions;
pub mod budget;
pub mod graph;
pub mod search;
pub mod who;

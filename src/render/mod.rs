//! Output for people and machines. Renderers take data and write; they never read files.

pub mod actions;
pub mod budget;
pub mod findings;
pub mod graph;
pub mod paths;
pub mod plain;
pub mod search;
pub mod show;
pub mod table;
pub mod who;

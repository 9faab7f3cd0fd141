//! Output for people and machines. Renderers take data and write; they never read files.

pub mod findings;
pub mod paths;
pub mod search;

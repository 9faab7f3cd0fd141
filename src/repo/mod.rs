//! The file system and git: where the base is, which files it holds, what is staged.
//!
//! Only this module knows walkdir and git2.

pub mod discover;
pub mod git;
pub mod root;
pub mod stat;
pub mod write;

pub use discover::{Discovered, FileFilter, discover};
pub use root::find_root;
pub use write::write_whole;

//! kb: a command-line knowledge base over Markdown files with YAML front matter in git.
//!
//! The data flows one way: files ([`repo`]) are parsed ([`parse`]) into the domain
//! ([`model`]), checked ([`check`]) and rendered ([`render`]). [`cli`] wires it to the
//! command line.

/// Writes a line to stderr as `eprintln!` does, but never panics: when stderr is closed
/// (`kb ... 2>&1 | head -1`), a message nobody can read is dropped.
macro_rules! stderr_line {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

pub mod base;
pub mod check;
pub mod cli;
pub mod config;
pub mod index;
pub mod model;
pub mod parse;
pub mod query;
pub mod render;
pub mod repo;
pub mod resolve;
pub mod scaffold;

//! kb: a command-line knowledge base over Markdown files with YAML front matter in git.
//!
//! The data flows one way: files ([`repo`]) are parsed ([`parse`]) into the domain
//! ([`model`]), checked ([`check`]) and rendered ([`render`]). [`cli`] wires it to the
//! command line.

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

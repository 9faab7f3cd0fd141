//! The command line: clap definitions and one file per command.
//!
//! Only this module knows clap. Each command validates its arguments, calls the library
//! and renders the result.

mod check;
mod hook;
mod init;
mod new;
mod shell;

use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use clap::{Parser, Subcommand, ValueEnum};
use jiff::civil::Date;

/// A command-line knowledge base over Markdown files with YAML front matter in git.
#[derive(Debug, Parser)]
#[command(name = "kb", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    /// The base's root folder (default: the nearest folder with kb.toml, else the git root).
    #[arg(long, global = true, value_name = "DIR", env = "KB_DIR")]
    pub kb: Option<PathBuf>,

    /// When to use colour.
    #[arg(long, global = true, value_enum, default_value_t = ColorWhen::Auto, value_name = "WHEN")]
    pub color: ColorWhen,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    /// Colour on a terminal, unless NO_COLOR is set.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check the base: front matter, ids, references, budgets, actions (exit 1 on errors).
    Check(check::CheckArgs),
    /// Write a new document from its template.
    New(new::NewArgs),
    /// Make a new knowledge base (never overwrites anything).
    Init(init::InitArgs),
    /// Manage the git pre-commit hook.
    #[command(subcommand)]
    Hook(hook::HookCommand),
    /// Print a shell completion script.
    Completions(shell::CompletionsArgs),
    /// Print the manual page (roff).
    Man,
}

/// How a command ended, when it did not fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// All good: exit 0.
    Success,
    /// The command worked and found problems (check errors): exit 1.
    Findings,
}

/// What every command may need.
pub struct Context {
    /// `--kb`.
    pub kb: Option<PathBuf>,
    /// The current directory.
    pub cwd: PathBuf,
}

impl Context {
    /// Opens the base for `start` (a path given on the command line, or the cwd).
    pub fn open_base(&self, start: Option<&Path>) -> Result<crate::base::Base> {
        let start = start.map_or_else(|| self.cwd.clone(), |p| self.cwd.join(p));
        let kb = self.kb.as_ref().map(|dir| self.cwd.join(dir));
        crate::base::Base::open(kb.as_deref(), &start)
    }
}

/// Today: `KB_TODAY` (YYYY-MM-DD) when set, else the system's date.
pub fn today() -> Result<Date> {
    match std::env::var("KB_TODAY") {
        Ok(text) if !text.is_empty() => text
            .parse::<Date>()
            .map_err(|_| anyhow::anyhow!("KB_TODAY=`{text}` is not a date: write YYYY-MM-DD")),
        _ => Ok(jiff::Zoned::now().date()),
    }
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Result<Outcome> {
    let choice = match cli.color {
        ColorWhen::Auto => anstream::ColorChoice::Auto,
        ColorWhen::Always => anstream::ColorChoice::Always,
        ColorWhen::Never => anstream::ColorChoice::Never,
    };
    choice.write_global();
    let context = Context {
        kb: cli.kb,
        cwd: std::env::current_dir().context("cannot read the current directory")?,
    };
    match cli.command {
        Command::Check(args) => check::run(&context, &args),
        Command::New(args) => new::run(&context, &args),
        Command::Init(args) => init::run(&context, &args),
        Command::Hook(command) => hook::run(&context, &command),
        Command::Completions(args) => shell::completions(&args),
        Command::Man => shell::man(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_consistent() {
        Cli::command().debug_assert();
    }
}

//! The command line: clap definitions and one file per command.
//!
//! Only this module knows clap. Each command validates its arguments, calls the library
//! and renders the result.

mod actions;
mod budget;
mod check;
mod graph;
mod hook;
mod init;
mod new;
mod query;
mod search;
mod shell;
mod show;
mod who;

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

/// `kb check --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// `path:line:col: severity[code]: message`, grouped by file, with a summary.
    Text,
    /// A JSON array of findings (docs/cli.md describes the shape).
    Json,
    /// GitHub Actions workflow commands (`::error file=...,line=...::...`).
    Github,
}

impl From<CheckFormat> for crate::render::findings::FindingsFormat {
    fn from(format: CheckFormat) -> Self {
        use crate::render::findings::FindingsFormat;
        match format {
            CheckFormat::Text => FindingsFormat::Text,
            CheckFormat::Json => FindingsFormat::Json,
            CheckFormat::Github => FindingsFormat::Github,
        }
    }
}

/// `kb search --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SearchFormat {
    /// A table: title, type, date, where, and the matching line.
    Table,
    /// A JSON array (docs/cli.md describes the shape).
    Json,
    /// One path per line.
    Paths,
}

impl From<SearchFormat> for crate::render::search::SearchFormat {
    fn from(format: SearchFormat) -> Self {
        use crate::render::search::SearchFormat as Render;
        match format {
            SearchFormat::Table => Render::Table,
            SearchFormat::Json => Render::Json,
            SearchFormat::Paths => Render::Paths,
        }
    }
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Search the base in Dutch: stems, diacritics, compound parts, abbreviations (exit 1: no hit).
    Search(search::SearchArgs),
    /// Bring the search index up to date (every query does this by itself).
    Index(search::IndexArgs),
    /// Who does what: a person's or organisation's card and every record naming them.
    Who(who::WhoArgs),
    /// Budgets: sums by team, plan, period, responsible or organisation.
    Budget(budget::BudgetArgs),
    /// Action lists: open, done and overdue actions, sorted by due date.
    Actions(actions::ActionsArgs),
    /// One document: its fields, actions, references and backlinks.
    Show(show::ShowArgs),
    /// People, organisations, meetings and plans as a graph (Mermaid, DOT, JSON).
    Graph(graph::GraphArgs),
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
    /// Print a manual page (roff), or write them all with --dir.
    Man(shell::ManArgs),
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

    /// Opens the base's index for a query, refreshed first. Says so when another process
    /// is writing it; in a large base, starts a `kb index` in the background to catch
    /// edits made in place (see [`crate::index::RefreshReport::unverified`]).
    pub fn open_index(&self, base: &crate::base::Base) -> Result<crate::index::KbIndex> {
        if let Some(problem) = &base.config_problem {
            // `kb check` reports it as an error; a query goes on with the defaults.
            stderr_line!(
                "kb: warning: {}:{}: {}; using the defaults",
                problem.path,
                problem.line,
                crate::render::plain::clean(&problem.message)
            );
        }
        let (index, report) = crate::index::KbIndex::open(base, crate::index::Refresh::Auto, true)?;
        if report.stale {
            stderr_line!(
                "kb: another kb process is updating the index; these results may miss the latest changes"
            );
        }
        if report.unverified {
            spawn_background_verify(&base.root);
        }
        Ok(index)
    }
}

/// Records that a check of every file starts now (`kb index` does one): queries start
/// no background one for a while. False when it cannot be recorded.
pub fn mark_verify_started(root: &Path) -> bool {
    std::fs::write(verify_marker(root), format!("{}\n", std::process::id())).is_ok()
}

fn verify_marker(root: &Path) -> PathBuf {
    root.join(".kb").join("verify-started")
}

/// How often, at most, a query starts a background `kb index`.
const BACKGROUND_VERIFY_INTERVAL: std::time::Duration = std::time::Duration::from_secs(2);

/// Starts `kb index` on the base in a detached process, unless one started less than
/// [`BACKGROUND_VERIFY_INTERVAL`] ago (`.kb/verify-started` records when). Failing to
/// start it costs nothing but freshness, so errors are ignored.
fn spawn_background_verify(root: &Path) {
    let marker = verify_marker(root);
    let recent = std::fs::metadata(&marker)
        .and_then(|meta| meta.modified())
        .ok()
        .and_then(|time| time.elapsed().ok())
        .is_some_and(|age| age < BACKGROUND_VERIFY_INTERVAL);
    if recent || !mark_verify_started(root) {
        return;
    }
    if let Ok(exe) = std::env::current_exe() {
        let _ = std::process::Command::new(exe)
            .arg("--kb")
            .arg(root)
            .arg("index")
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn();
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

/// Rewrites `kb search` words like `-zwolle` (an excluded word, which clap would take for
/// flags) into `--not=zwolle`; everything else passes unchanged.
pub fn preprocess_args(args: Vec<std::ffi::OsString>) -> Vec<std::ffi::OsString> {
    let Some(search_at) = args.iter().position(|arg| arg == "search") else {
        return args;
    };
    let mut out = Vec::with_capacity(args.len());
    let mut after_separator = false;
    for (index, arg) in args.into_iter().enumerate() {
        if index > search_at && !after_separator {
            if arg == "--" {
                after_separator = true;
            } else if let Some(text) = arg.to_str()
                && let Some(word) = text.strip_prefix('-')
                && !word.starts_with('-')
                && word.chars().count() >= 2
                && !word.chars().all(|c| c.is_ascii_digit())
            {
                out.push(std::ffi::OsString::from(format!("--not={word}")));
                continue;
            }
        }
        out.push(arg);
    }
    out
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
        Command::Search(args) => search::run(&context, &args),
        Command::Index(args) => search::index(&context, &args),
        Command::Who(args) => who::run(&context, &args),
        Command::Budget(args) => budget::run(&context, &args),
        Command::Actions(args) => actions::run(&context, &args),
        Command::Show(args) => show::run(&context, &args),
        Command::Graph(args) => graph::run(&context, &args),
        Command::Check(args) => check::run(&context, &args),
        Command::New(args) => new::run(&context, &args),
        Command::Init(args) => init::run(&context, &args),
        Command::Hook(command) => hook::run(&context, &command),
        Command::Completions(args) => shell::completions(&args),
        Command::Man(args) => shell::man(&args),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn excluded_words_become_not() {
        let args = |list: &[&str]| {
            list.iter()
                .map(std::ffi::OsString::from)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            preprocess_args(args(&[
                "kb",
                "search",
                "kovacs",
                "-zwolle",
                "-h",
                "--limit",
                "3",
                "-wie doet"
            ])),
            args(&[
                "kb",
                "search",
                "kovacs",
                "--not=zwolle",
                "-h",
                "--limit",
                "3",
                "--not=wie doet"
            ])
        );
        assert_eq!(
            preprocess_args(args(&["kb", "check", "-x"])),
            args(&["kb", "check", "-x"])
        );
    }

    #[test]
    fn cli_is_consistent() {
        Cli::command().debug_assert();
    }
}

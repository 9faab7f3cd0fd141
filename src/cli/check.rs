//! `kb check`.

use std::io::Write as _;
use std::path::PathBuf;

use anyhow::{Result, bail};
use clap::Args;

use super::{CheckFormat, Context, Outcome};
use crate::check::{self, CheckOptions, Scope};
use crate::model::Severity;
use crate::render::findings::{CheckSummary, write_codes, write_findings};
use crate::render::paths::display_prefix;

/// Arguments of `kb check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files or folders to report on (default: the whole base). References are always
    /// resolved against the whole base.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Check what is staged for commit (the git index), not the working tree.
    #[arg(long, conflicts_with = "paths")]
    pub staged: bool,

    /// Output format.
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,

    /// Treat warnings as errors (`--deny warnings`).
    #[arg(long, value_name = "WHAT", value_parser = ["warnings"])]
    pub deny: Option<String>,

    /// List every finding code with its default severity, and check nothing.
    #[arg(long, conflicts_with_all = ["paths", "staged", "deny"])]
    pub explain: bool,
}

/// Runs `kb check`.
pub fn run(context: &Context, args: &CheckArgs) -> Result<Outcome> {
    if args.explain {
        let mut stdout = super::query::styled_stdout();
        write_codes(&mut stdout, args.format.into())?;
        stdout.flush()?;
        return Ok(Outcome::Success);
    }
    let today = super::today()?;
    let base = context.open_base(args.paths.first().map(PathBuf::as_path))?;
    let mut scope = Scope::All;
    if !args.paths.is_empty() {
        let mut relative = Vec::new();
        for path in &args.paths {
            let absolute = context.cwd.join(path);
            let Ok(canonical) = absolute.canonicalize() else {
                bail!("{}: no such file or folder", path.display());
            };
            let Ok(inside) = canonical.strip_prefix(&base.root) else {
                bail!(
                    "{} is outside the base at {}; name the base with --kb",
                    path.display(),
                    base.root.display()
                );
            };
            relative.push(crate::repo::discover::relative(
                std::path::Path::new(""),
                inside,
            ));
        }
        if !relative.iter().any(String::is_empty) {
            scope = Scope::Paths(relative);
        }
    }
    let snapshot = if args.staged {
        base.load_staged()?
    } else {
        base.load()
    };
    if let Some(changed) = &snapshot.changed {
        scope = Scope::Staged(changed.clone());
    }
    let mut extra = snapshot.walk_problems.clone();
    extra.extend(base.config_problem.clone());
    let options = CheckOptions {
        today,
        deny_warnings: args.deny.is_some(),
        scope,
    };
    let findings = check::run(
        &snapshot.files,
        &snapshot.known,
        extra,
        &base.config,
        &options,
    );
    let prefix = display_prefix(&base.root, &context.cwd);
    let summary = CheckSummary {
        files_checked: match &options.scope {
            Scope::Staged(changed) => snapshot
                .files
                .iter()
                .filter(|f| changed.contains(&f.path))
                .count(),
            Scope::Paths(paths) => snapshot
                .files
                .iter()
                .filter(|f| {
                    paths
                        .iter()
                        .any(|p| f.path == *p || f.path.starts_with(&format!("{p}/")))
                })
                .count(),
            Scope::All => snapshot.files.len(),
        },
        staged: matches!(options.scope, Scope::Staged(_)),
    };
    let mut stdout = super::query::styled_stdout();
    write_findings(&mut stdout, &findings, args.format.into(), &prefix, summary)?;
    stdout.flush()?;
    if findings.iter().any(|f| f.severity == Severity::Error) {
        Ok(Outcome::Findings)
    } else {
        Ok(Outcome::Success)
    }
}

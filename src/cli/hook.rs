//! `kb hook install`.

use anyhow::{Result, bail};
use clap::{Args, Subcommand};
use std::io::Write as _;

use super::{Context, Outcome};

/// The line that marks a hook as kb's own.
const MARKER: &str = "# Installed by `kb hook install`";

/// `kb hook` subcommands.
#[derive(Debug, Subcommand)]
pub enum HookCommand {
    /// Install a git pre-commit hook that runs `kb check --staged`.
    Install(InstallArgs),
}

/// Arguments of `kb hook install`.
#[derive(Debug, Args)]
pub struct InstallArgs {
    /// Replace a pre-commit hook that kb did not write.
    #[arg(long)]
    pub force: bool,
}

/// Runs `kb hook`.
pub fn run(context: &Context, command: &HookCommand) -> Result<Outcome> {
    let HookCommand::Install(args) = command;
    let base = context.open_base(None)?;
    let repo = crate::repo::git::discover(&base.root)
        .map_err(|why| anyhow::anyhow!("{} is {why}", base.root.display()))?;
    let Some(workdir) = repo.workdir() else {
        bail!("the repository is bare: it has no commits to check");
    };
    let workdir = workdir.canonicalize()?;
    let hooks = match repo.config().and_then(|c| c.get_path("core.hooksPath")) {
        Ok(path) if path.is_absolute() => path,
        Ok(path) => workdir.join(path),
        Err(_) => repo.path().join("hooks"),
    };
    let hook = hooks.join("pre-commit");
    if let Ok(existing) = std::fs::read_to_string(&hook)
        && !existing.contains(MARKER)
        && !args.force
    {
        bail!(
            "{} exists and was not written by kb; add `kb check --staged` to it yourself, or replace it with --force",
            hook.display()
        );
    }
    let base_dir = base
        .root
        .strip_prefix(&workdir)
        .map(|p| crate::repo::discover::relative(std::path::Path::new(""), p))
        .unwrap_or_else(|_| base.root.display().to_string());
    let base_dir = if base_dir.is_empty() {
        ".".to_string()
    } else {
        base_dir
    };
    let exe = std::env::current_exe()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|_| "kb".to_string());
    let script = format!(
        "#!/bin/sh\n{MARKER}: checks what is about to be committed.\n# Skip once with `git commit --no-verify`; remove this file to stop.\nKB={exe}\n[ -x \"$KB\" ] || KB=kb\nexec \"$KB\" --kb {dir} check --staged\n",
        exe = shell_quote(&exe),
        dir = shell_quote(&base_dir),
    );
    std::fs::create_dir_all(&hooks)?;
    crate::repo::write_whole(&hook, script.as_bytes(), true)?;
    writeln!(std::io::stdout(), "installed {}", hook.display())?;
    Ok(Outcome::Success)
}

/// Quotes `text` for sh.
fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', "'\\''"))
}

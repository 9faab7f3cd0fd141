//! `kb completions` and `kb man`.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use clap::{Args, CommandFactory};
use clap_complete::Shell;

use super::{Cli, Outcome};

/// Arguments of `kb completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: Shell,
}

/// Prints a completion script for the shell.
pub fn completions(args: &CompletionsArgs) -> Result<Outcome> {
    let mut command = Cli::command();
    clap_complete::generate(
        args.shell,
        &mut command,
        "kb",
        &mut std::io::stdout().lock(),
    );
    Ok(Outcome::Success)
}

/// Arguments of `kb man`.
#[derive(Debug, Args)]
pub struct ManArgs {
    /// The command whose page to print (`search`, `hook install`); none: kb's own page.
    #[arg(value_name = "COMMAND")]
    pub command: Vec<String>,
    /// Write every page instead (kb.1, kb-search.1, kb-hook-install.1, ...) into this
    /// folder (a `man1` folder: `man -M` takes its parent); prints the paths written.
    #[arg(long, value_name = "DIR", conflicts_with = "command")]
    pub dir: Option<PathBuf>,
}

/// Prints a manual page (roff), or writes them all into a folder.
pub fn man(args: &ManArgs) -> Result<Outcome> {
    let mut kb = Cli::command().disable_help_subcommand(true);
    // Gives every subcommand its display name (`kb-search`), which names its page.
    kb.build();
    if let Some(dir) = &args.dir {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        let mut stdout = std::io::stdout().lock();
        for page in pages(&kb) {
            let path = dir.join(page.get_filename());
            crate::repo::write_whole(&path, &render(&page)?, false)?;
            writeln!(stdout, "{}", path.display())?;
        }
        return Ok(Outcome::Success);
    }
    let mut command = &kb;
    for (depth, name) in args.command.iter().enumerate() {
        let Some(sub) = command.find_subcommand(name) else {
            let known: Vec<&str> = command
                .get_subcommands()
                .map(|sub| sub.get_name())
                .collect();
            let parent = if depth == 0 {
                "kb".to_string()
            } else {
                format!("kb {}", args.command[..depth].join(" "))
            };
            bail!(
                "`{parent}` has no command `{name}`; it has: {}",
                known.join(", ")
            );
        };
        command = sub;
    }
    std::io::stdout()
        .lock()
        .write_all(&render(&page_of(command))?)?;
    Ok(Outcome::Success)
}

/// The manual page of one command, from kb of this version.
fn page_of(command: &clap::Command) -> clap_mangen::Man {
    clap_mangen::Man::new(command.clone()).source(format!("kb {}", env!("CARGO_PKG_VERSION")))
}

/// The pages of a command and all its subcommands, the command's own first.
fn pages(command: &clap::Command) -> Vec<clap_mangen::Man> {
    let mut out = vec![page_of(command)];
    for sub in command.get_subcommands().filter(|sub| !sub.is_hide_set()) {
        out.extend(pages(sub));
    }
    out
}

/// A page as roff.
fn render(page: &clap_mangen::Man) -> Result<Vec<u8>> {
    let mut roff = Vec::new();
    page.render(&mut roff)?;
    Ok(roff)
}

//! `kb init`.

use std::io::Write as _;
use std::path::PathBuf;

use anyhow::{Context as _, Result};
use clap::Args;

use super::{Context, Outcome};
use crate::config::CONFIG_FILE;
use crate::model::DocType;
use crate::scaffold;

/// Arguments of `kb init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// Where to make the base (default: the current folder).
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// Runs `kb init`.
pub fn run(context: &Context, args: &InitArgs) -> Result<Outcome> {
    let root = context
        .cwd
        .join(args.dir.clone().unwrap_or_else(|| PathBuf::from(".")));
    std::fs::create_dir_all(&root).with_context(|| format!("cannot create {}", root.display()))?;
    let root = root.canonicalize()?;
    let name = root
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "kennisbank".to_string());
    let mut report = Vec::new();
    let mut write_if_missing = |rel: &str, content: &str| -> Result<()> {
        let path = root.join(rel);
        if path.exists() {
            report.push(format!("kept     {rel}"));
            return Ok(());
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, content)
            .with_context(|| format!("cannot write {}", path.display()))?;
        report.push(format!("created  {rel}"));
        Ok(())
    };
    write_if_missing(CONFIG_FILE, &scaffold::default_config(&name))?;
    for (doc_type, template) in scaffold::TEMPLATES {
        write_if_missing(&format!("templates/{doc_type}.md"), template)?;
    }
    for doc_type in DocType::ALL {
        let folder = root.join(doc_type.folder());
        if !folder.exists() {
            std::fs::create_dir_all(&folder)?;
            report.push(format!("created  {}/", doc_type.folder()));
        }
    }
    let gitignore = root.join(".gitignore");
    match std::fs::read_to_string(&gitignore) {
        Ok(text)
            if text
                .lines()
                .any(|l| matches!(l.trim(), ".kb" | ".kb/" | "/.kb/" | "/.kb")) =>
        {
            report.push("kept     .gitignore".to_string());
        }
        Ok(text) => {
            let separator = if text.is_empty() || text.ends_with('\n') {
                ""
            } else {
                "\n"
            };
            std::fs::write(&gitignore, format!("{text}{separator}.kb/\n"))?;
            report.push("added    .kb/ to .gitignore".to_string());
        }
        Err(_) => {
            std::fs::write(&gitignore, ".kb/\n")?;
            report.push("created  .gitignore".to_string());
        }
    }
    if git2::Repository::discover(&root).is_err() {
        git2::Repository::init(&root).context("cannot create a git repository")?;
        report.push("created  a git repository".to_string());
    }
    for line in report {
        writeln!(std::io::stdout(), "{line}")?;
    }
    writeln!(
        std::io::stdout(),
        "the knowledge base is ready at {}",
        root.display()
    )?;
    Ok(Outcome::Success)
}

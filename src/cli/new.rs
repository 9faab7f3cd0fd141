//! `kb new`.

use std::io::Write as _;
use std::path::Path;

use anyhow::{Context as _, Result, bail};
use clap::{Args, ValueEnum};

use super::{Context, Outcome};
use crate::model::{DocType, PartialDate};
use crate::render::paths::display_prefix;
use crate::scaffold;

/// Document types as `kb new` takes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum NewType {
    /// Meeting notes (meetings/).
    Meeting,
    /// A plan (plans/).
    Plan,
    /// A person (contacts/people/).
    Person,
    /// An organisation (contacts/orgs/).
    #[value(alias = "org", alias = "organization")]
    Organisation,
    /// A note (notes/).
    Note,
}

impl From<NewType> for DocType {
    fn from(value: NewType) -> DocType {
        match value {
            NewType::Meeting => DocType::Meeting,
            NewType::Plan => DocType::Plan,
            NewType::Person => DocType::Person,
            NewType::Organisation => DocType::Organisation,
            NewType::Note => DocType::Note,
        }
    }
}

/// Arguments of `kb new`.
#[derive(Debug, Args)]
pub struct NewArgs {
    /// The type of document.
    #[arg(value_enum, value_name = "TYPE")]
    pub doc_type: NewType,
    /// Its title (or a person's or organisation's name).
    pub title: String,
    /// Its date, YYYY[-MM[-DD]] (meetings and notes; default today).
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
    /// Its id (default: made from the title, and the date for meetings).
    #[arg(long)]
    pub id: Option<String>,
    /// Open it in $VISUAL or $EDITOR afterwards.
    #[arg(long)]
    pub edit: bool,
}

/// Runs `kb new`.
pub fn run(context: &Context, args: &NewArgs) -> Result<Outcome> {
    let doc_type = DocType::from(args.doc_type);
    let date = match &args.date {
        Some(text) => text
            .parse::<PartialDate>()
            .map_err(|err| anyhow::anyhow!("--date: {err}"))?
            .to_string(),
        None => super::today()?.to_string(),
    };
    let base = context.open_base(None)?;
    let template_path = base.root.join("templates").join(format!("{doc_type}.md"));
    let template = match std::fs::read_to_string(&template_path) {
        Ok(text) => text,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            scaffold::builtin_template(doc_type).to_string()
        }
        Err(err) => {
            return Err(err).with_context(|| format!("cannot read {}", template_path.display()));
        }
    };
    let new = scaffold::new_document(doc_type, &args.title, &date, args.id.as_deref(), &template)
        .map_err(anyhow::Error::msg)?;
    let snapshot = base.load();
    if let Some(existing) = snapshot
        .files
        .iter()
        .find(|file| file.id.as_deref() == Some(new.id.as_str()))
    {
        bail!(
            "the id `{}` is already used by {}; choose another with --id",
            new.id,
            existing.path
        );
    }
    let target = base.root.join(&new.path);
    write_new_file(&target, &new.content)?;
    let shown = format!("{}{}", display_prefix(&base.root, &context.cwd), new.path);
    writeln!(std::io::stdout(), "{shown}")?;
    if args.edit {
        open_editor(&target)?;
    }
    Ok(Outcome::Success)
}

/// Writes `content` to `target`, which must not exist; never leaves half a file.
fn write_new_file(target: &Path, content: &str) -> Result<()> {
    let folder = target.parent().expect("documents live in a folder");
    std::fs::create_dir_all(folder)
        .with_context(|| format!("cannot create {}", folder.display()))?;
    if target.exists() {
        bail!(
            "{} already exists; kb new never overwrites",
            target.display()
        );
    }
    let temp = folder.join(format!(
        ".{}.{}.tmp",
        target.file_name().unwrap_or_default().to_string_lossy(),
        std::process::id()
    ));
    std::fs::write(&temp, content).with_context(|| format!("cannot write {}", temp.display()))?;
    let linked = std::fs::hard_link(&temp, target);
    let _ = std::fs::remove_file(&temp);
    match linked {
        Ok(()) => Ok(()),
        Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists => {
            bail!(
                "{} already exists; kb new never overwrites",
                target.display()
            )
        }
        Err(err) => Err(err).with_context(|| format!("cannot write {}", target.display())),
    }
}

/// Opens `path` in the user's editor.
fn open_editor(path: &Path) -> Result<()> {
    let editor = std::env::var("VISUAL")
        .ok()
        .filter(|e| !e.trim().is_empty())
        .or_else(|| {
            std::env::var("EDITOR")
                .ok()
                .filter(|e| !e.trim().is_empty())
        });
    let Some(editor) = editor else {
        bail!(
            "--edit: set $EDITOR (or $VISUAL) to your editor; the file was written to {}",
            path.display()
        );
    };
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("kb-editor")
        .arg(path)
        .status()
        .with_context(|| format!("cannot start the editor `{editor}`"))?;
    if !status.success() {
        bail!("the editor `{editor}` exited with {status}");
    }
    Ok(())
}

//! What the query commands (who, budget, actions, show, graph) share: `--format`, and
//! turning what the user typed into one document.

use anyhow::{Result, bail};
use clap::ValueEnum;

use crate::index::KbIndex;
use crate::index::read::StoredDoc;
use crate::model::DocType;
use crate::render::plain::{ControlFree, clean};

/// `--format` of the query commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum QueryFormat {
    /// A table for people.
    Table,
    /// JSON (docs/cli.md describes each command's shape).
    Json,
    /// CSV with a header row.
    Csv,
}

impl From<QueryFormat> for crate::render::table::Format {
    fn from(format: QueryFormat) -> Self {
        use crate::render::table::Format;
        match format {
            QueryFormat::Table => Format::Table,
            QueryFormat::Json => Format::Json,
            QueryFormat::Csv => Format::Csv,
        }
    }
}

/// Whether stdout shows colour, as anstream decides it: `--color`, then `NO_COLOR`,
/// `CLICOLOR_FORCE`, `CLICOLOR`, `TERM` and whether stdout is a terminal.
fn stdout_colour() -> bool {
    anstream::AutoStream::choice(&std::io::stdout()) != anstream::ColorChoice::Never
}

/// Writes a command's output to stdout through a buffer (a large table or JSON would
/// otherwise be a write per line), flushing it so that errors such as a closed pipe are
/// reported rather than lost on drop. `write` is told whether stdout shows colour (see
/// [`stdout_colour`]); without it, it must write no styles. Either way, control
/// characters from documents are dropped on the way out ([`ControlFree`]: a byte scan,
/// which lets kb's colours through when colour is on).
pub fn print(
    write: impl FnOnce(&mut dyn std::io::Write, bool) -> std::io::Result<()>,
) -> std::io::Result<()> {
    use std::io::Write as _;
    let colour = stdout_colour();
    let stdout = std::io::stdout().lock();
    let cleaned = if colour {
        ControlFree::keeping_colour(stdout)
    } else {
        ControlFree::new(stdout)
    };
    let mut out = std::io::BufWriter::with_capacity(64 * 1024, cleaned);
    write(&mut out, colour)?;
    out.flush()
}

/// Stdout for a renderer that always writes its styles (`kb search`, `kb check`): with
/// colour they go out, without it anstream strips them; control characters from
/// documents are dropped either way ([`ControlFree`]). Flush it when done.
pub fn styled_stdout() -> Box<dyn std::io::Write> {
    let stdout = std::io::stdout().lock();
    if stdout_colour() {
        Box::new(ControlFree::keeping_colour(stdout))
    } else {
        let cleaned: Box<dyn std::io::Write> = Box::new(ControlFree::new(stdout));
        Box::new(anstream::AutoStream::new(
            cleaned,
            anstream::ColorChoice::Never,
        ))
    }
}

/// What a name, id or alias given on the command line names.
pub enum Named {
    /// Exactly one document.
    One(Box<StoredDoc>),
    /// Several: the user must choose (the candidates are printed on stderr).
    Ambiguous,
}

fn types_label(types: &[DocType]) -> String {
    match types {
        [] => "document".to_string(),
        [one] => one.as_str().to_string(),
        many => many
            .iter()
            .map(|t| t.as_str())
            .collect::<Vec<_>>()
            .join(" or "),
    }
}

/// Resolves `text` (`what` names the option, for messages) to one document of `types`:
/// by id, name, alias or abbreviation, else by the words of its names. Several candidates
/// are listed on stderr ([`Named::Ambiguous`], exit 1); none is an error naming the
/// nearest names (exit 2).
pub fn resolve(index: &KbIndex, text: &str, types: &[DocType], what: &str) -> Result<Named> {
    let found = index.find_documents(text, types)?;
    resolve_among(index, text, types, what, found)
}

/// [`resolve`] over candidates already found (and perhaps narrowed).
pub fn resolve_among(
    index: &KbIndex,
    text: &str,
    types: &[DocType],
    what: &str,
    mut found: Vec<StoredDoc>,
) -> Result<Named> {
    match found.len() {
        1 => Ok(Named::One(Box::new(found.remove(0)))),
        0 => {
            let kind = types_label(types);
            // It may name a document of another type: say which, and how to ask for it.
            if !types.is_empty()
                && let [other] = index.find_documents(text, &[])?.as_slice()
            {
                let hint = match other.doc_type.as_str() {
                    "organisation" => format!("; for its card: kb who --org {}", other.id),
                    "person" => format!("; for their card: kb who {}", other.id),
                    _ => format!("; kb show {}", other.id),
                };
                bail!(
                    "{what}`{text}` names no {kind}: it is the {} {} ({}){hint}",
                    other.doc_type,
                    other.title,
                    other.id
                );
            }
            let near = index.near_documents(text, types, 5)?;
            if near.is_empty() {
                bail!(
                    "{what}`{text}` names no {kind}: give an id, a name or an alias \
                     (a file whose front matter cannot be read is not indexed: `kb check` says why)"
                );
            }
            let list: Vec<String> = near
                .iter()
                .map(|d| format!("{} ({})", d.title, d.id))
                .collect();
            bail!(
                "{what}`{text}` names no {kind}; did you mean: {}?",
                list.join(", ")
            )
        }
        _ => {
            if found.iter().all(|doc| doc.id == found[0].id) {
                stderr_line!(
                    "kb: {what}`{text}` names {} documents that share the id `{}` (an error `kb check` reports as duplicate-id); give each its own id:",
                    found.len(),
                    clean(&found[0].id)
                );
            } else {
                stderr_line!(
                    "kb: {what}`{text}` names {} documents; give one of these ids:",
                    found.len()
                );
            }
            for doc in &found {
                stderr_line!(
                    "  {:<32} {} ({}, {})",
                    doc.id,
                    clean(&doc.title),
                    doc.doc_type,
                    clean(&doc.path)
                );
            }
            Ok(Named::Ambiguous)
        }
    }
}

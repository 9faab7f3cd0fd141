//! `kb show`: one document's fields, actions, references and backlinks.

use std::io::{self, Write};

use serde::Serialize;

use super::table::{Format, add_row, csv_error, csv_writer, fitted, new_table};
use crate::index::read::Attendance;
use crate::query::actions::ActionRow;

/// What `kb show` prints about a document.
#[derive(Debug, Clone, Serialize)]
pub struct Shown {
    /// Its id.
    pub id: String,
    /// Its type.
    #[serde(rename = "type")]
    pub doc_type: String,
    /// Its title or name.
    pub title: String,
    /// Path relative to the base root.
    pub path: String,
    /// The front matter as parsed (YAML turned JSON).
    pub fields: serde_json::Value,
    /// The front matter as written, for the table view.
    #[serde(skip)]
    pub front_matter: String,
    /// A meeting's attendees.
    pub attendees: Vec<Attendance>,
    /// Its actions.
    pub actions: Vec<ActionRow>,
    /// What it refers to, in file order.
    pub references: Vec<ShownReference>,
    /// The documents that refer to it: (id, title, path).
    pub backlinks: Vec<Backlink>,
}

/// A reference and what it resolves to.
#[derive(Debug, Clone, Serialize)]
pub struct ShownReference {
    /// As written.
    pub target: String,
    /// Where: `wiki-link`, `mention` or the front-matter field.
    pub origin: String,
    /// Its line.
    pub line: u32,
    /// The id it resolves to; `None` when it resolves to nothing.
    pub id: Option<String>,
    /// That document's title.
    pub title: Option<String>,
}

/// A document that refers to the one shown.
#[derive(Debug, Clone, Serialize)]
pub struct Backlink {
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its path.
    pub path: String,
}

/// Writes the document.
pub fn write_show(
    out: &mut dyn Write,
    shown: &Shown,
    prefix: &str,
    format: Format,
) -> io::Result<()> {
    match format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, shown)?;
            writeln!(out)
        }
        Format::Csv => {
            let mut csv = csv_writer(out);
            csv.write_record(["relation", "id", "title", "path", "line"])
                .map_err(csv_error)?;
            for reference in &shown.references {
                csv.write_record([
                    "references",
                    reference.id.as_deref().unwrap_or(&reference.target),
                    reference.title.as_deref().unwrap_or_default(),
                    &shown.path,
                    &reference.line.to_string(),
                ])
                .map_err(csv_error)?;
            }
            for link in &shown.backlinks {
                csv.write_record(["referenced-by", &link.id, &link.title, &link.path, ""])
                    .map_err(csv_error)?;
            }
            csv.flush()
        }
        Format::Table => {
            writeln!(out, "{} ({}, {})", shown.title, shown.id, shown.doc_type)?;
            writeln!(out, "{prefix}{}\n", shown.path)?;
            for line in shown.front_matter.lines() {
                writeln!(out, "  {line}")?;
            }
            if !shown.attendees.is_empty() {
                writeln!(out, "\nAttendees")?;
                let mut table = new_table(["person", "how", "role", "on behalf of", "line"]);
                for attendee in &shown.attendees {
                    add_row(
                        &mut table,
                        [
                            format!("{} ({})", attendee.name, attendee.person),
                            attendee.mode.clone().unwrap_or_default(),
                            attendee.role.clone().unwrap_or_default(),
                            attendee.on_behalf_of.clone().unwrap_or_default(),
                            attendee.line.to_string(),
                        ],
                    );
                }
                writeln!(out, "{}", fitted(table))?;
            }
            if !shown.actions.is_empty() {
                writeln!(out, "\nActions")?;
                let mut table = new_table(["status", "due", "owners", "action", "line"]);
                for action in &shown.actions {
                    add_row(
                        &mut table,
                        [
                            action.status.as_str().to_string(),
                            action.due.map(|d| d.to_string()).unwrap_or_default(),
                            action.owners.join(", "),
                            action.text.clone(),
                            action.line.to_string(),
                        ],
                    );
                }
                writeln!(out, "{}", fitted(table))?;
            }
            if !shown.references.is_empty() {
                writeln!(out, "\nRefers to")?;
                let mut table = new_table(["document", "as written", "where", "line"]);
                for reference in &shown.references {
                    let document = match (&reference.id, &reference.title) {
                        (Some(id), Some(title)) => format!("{title} ({id})"),
                        (Some(id), None) => id.clone(),
                        _ => "? (no such document)".to_string(),
                    };
                    add_row(
                        &mut table,
                        [
                            document,
                            reference.target.clone(),
                            reference.origin.clone(),
                            reference.line.to_string(),
                        ],
                    );
                }
                writeln!(out, "{}", fitted(table))?;
            }
            writeln!(out, "\nReferred to by")?;
            if shown.backlinks.is_empty() {
                writeln!(out, "  no document")?;
            } else {
                let mut table = new_table(["document", "path"]);
                for link in &shown.backlinks {
                    add_row(
                        &mut table,
                        [
                            format!("{} ({})", link.title, link.id),
                            format!("{prefix}{}", link.path),
                        ],
                    );
                }
                writeln!(out, "{}", fitted(table))?;
            }
            Ok(())
        }
    }
}

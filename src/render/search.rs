//! Search results as a table (people), JSON (machines) or bare paths (`| xargs $EDITOR`).

use std::io::{self, Write};

use super::table::{add_row, fitted, new_table};
use anstyle::{AnsiColor, Style};
use serde::Serialize;

use crate::index::search::Hit;
use crate::query::search::Snippet;

/// How `kb search` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SearchFormat {
    /// A table: title, type, date, where, and the matching line.
    #[default]
    Table,
    /// A JSON array (docs/cli.md describes the shape).
    Json,
    /// One path per line.
    Paths,
}

/// A hit with its best line.
#[derive(Debug, Clone)]
pub struct ShownHit<'a> {
    /// The hit.
    pub hit: &'a Hit,
    /// The path as shown (relative to the current directory).
    pub path: String,
    /// The best line, when a line matched.
    pub snippet: Option<Snippet>,
}

const MATCH: Style = AnsiColor::Yellow.on_default().bold();

fn highlighted(snippet: &Snippet) -> String {
    let mut out = String::new();
    let mut at = 0;
    for &(start, end) in &snippet.matches {
        if start < at {
            continue;
        }
        out.push_str(&snippet.text[at..start]);
        out.push_str(&format!("{MATCH}{}{MATCH:#}", &snippet.text[start..end]));
        at = end;
    }
    out.push_str(&snippet.text[at..]);
    out
}

#[derive(Serialize)]
struct JsonHit<'a> {
    id: &'a str,
    #[serde(rename = "type")]
    doc_type: &'a str,
    title: &'a str,
    date: Option<&'a str>,
    path: &'a str,
    line: u32,
    snippet: Option<&'a str>,
    score: f32,
}

/// Writes the hits.
pub fn write_hits(
    out: &mut dyn Write,
    hits: &[ShownHit<'_>],
    format: SearchFormat,
    total: usize,
) -> io::Result<()> {
    match format {
        SearchFormat::Paths => {
            for hit in hits {
                writeln!(out, "{}", hit.path)?;
            }
        }
        SearchFormat::Json => {
            let rows: Vec<JsonHit> = hits
                .iter()
                .map(|shown| JsonHit {
                    id: &shown.hit.id,
                    doc_type: &shown.hit.doc_type,
                    title: &shown.hit.title,
                    date: shown.hit.date.as_deref(),
                    // Relative to the base root, as every JSON shape of kb's queries: a
                    // script's view does not depend on where it runs.
                    path: &shown.hit.path,
                    line: shown.snippet.as_ref().map_or(1, |s| s.line),
                    snippet: shown.snippet.as_ref().map(|s| s.text.as_str()),
                    score: shown.hit.score,
                })
                .collect();
            serde_json::to_writer_pretty(&mut *out, &rows)?;
            writeln!(out)?;
        }
        SearchFormat::Table => {
            let mut table = new_table(["title", "type", "date", "where", "match"]);
            for shown in hits {
                let line = shown.snippet.as_ref().map_or(1, |s| s.line);
                add_row(
                    &mut table,
                    [
                        shown.hit.title.clone(),
                        shown.hit.doc_type.clone(),
                        shown.hit.date.clone().unwrap_or_default(),
                        format!("{}:{line}", shown.path),
                        shown.snippet.as_ref().map(highlighted).unwrap_or_default(),
                    ],
                );
            }
            writeln!(out, "{}", fitted(table))?;
            if total > hits.len() {
                writeln!(
                    out,
                    "{} of {total} documents shown; --limit shows more",
                    hits.len()
                )?;
            } else {
                writeln!(out, "{total} document{}", if total == 1 { "" } else { "s" })?;
            }
        }
    }
    Ok(())
}

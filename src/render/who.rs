//! `kb who`: a card and everything someone does (table, JSON, CSV), and people ranked for
//! a topic.

use std::io::{self, Write};

use serde::Serialize;

use super::table::{Format, add_row, csv_error, csv_writer, fitted, new_table};
use crate::query::who::{Card, Involvement, TopicPerson};

/// Writes a card and its involvement; `prefix` turns base-relative paths into paths from
/// the cwd.
pub fn write_who(
    out: &mut dyn Write,
    card: &Card,
    rows: &[Involvement],
    prefix: &str,
    format: Format,
) -> io::Result<()> {
    match format {
        Format::Json => {
            #[derive(Serialize)]
            struct Json<'a> {
                card: JsonCard<'a>,
                involvement: &'a [Involvement],
            }
            #[derive(Serialize)]
            struct JsonCard<'a> {
                id: &'a str,
                #[serde(rename = "type")]
                doc_type: &'a str,
                name: &'a str,
                fields: serde_json::Map<String, serde_json::Value>,
                path: &'a str,
            }
            let fields = card
                .fields
                .iter()
                .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
                .collect();
            serde_json::to_writer_pretty(
                &mut *out,
                &Json {
                    card: JsonCard {
                        id: &card.id,
                        doc_type: &card.doc_type,
                        name: &card.name,
                        fields,
                        path: &card.path,
                    },
                    involvement: rows,
                },
            )?;
            writeln!(out)
        }
        Format::Csv => {
            let mut csv = csv_writer(out);
            csv.write_record([
                "who", "role", "what", "when", "doc", "title", "path", "line",
            ])
            .map_err(csv_error)?;
            for row in rows {
                csv.write_record([
                    card.id.as_str(),
                    &row.role,
                    &row.what,
                    row.when.as_deref().unwrap_or_default(),
                    &row.doc,
                    &row.title,
                    &row.path,
                    &row.line.to_string(),
                ])
                .map_err(csv_error)?;
            }
            csv.flush()
        }
        Format::Table => {
            writeln!(out, "{} ({}, {})", card.name, card.id, card.doc_type)?;
            let width = card.fields.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
            for (label, value) in &card.fields {
                writeln!(out, "  {label:<width$}  {value}")?;
            }
            writeln!(out, "  {:<width$}  {prefix}{}", "file", card.path)?;
            if rows.is_empty() {
                return writeln!(out, "\nnothing else in the base names {}", card.id);
            }
            let mut table = new_table(["role", "what", "when", "document", "where"]);
            for row in rows {
                add_row(
                    &mut table,
                    [
                        row.role.clone(),
                        row.what.clone(),
                        row.when.clone().unwrap_or_default(),
                        row.title.clone(),
                        format!("{prefix}{}:{}", row.path, row.line),
                    ],
                );
            }
            writeln!(out, "{}", fitted(table))?;
            writeln!(
                out,
                "{} record{}",
                rows.len(),
                if rows.len() == 1 { "" } else { "s" }
            )
        }
    }
}

/// Writes people ranked for a topic.
pub fn write_topic(
    out: &mut dyn Write,
    topic: &str,
    people: &[TopicPerson],
    prefix: &str,
    format: Format,
) -> io::Result<()> {
    match format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, people)?;
            writeln!(out)
        }
        Format::Csv => {
            let mut csv = csv_writer(out);
            csv.write_record(["rank", "id", "name", "score", "evidence"])
                .map_err(csv_error)?;
            for (rank, person) in people.iter().enumerate() {
                let evidence: Vec<&str> = person.evidence.iter().map(|e| e.path.as_str()).collect();
                csv.write_record([
                    (rank + 1).to_string(),
                    person.id.clone(),
                    person.name.clone(),
                    format!("{:.2}", person.score),
                    evidence.join(" "),
                ])
                .map_err(csv_error)?;
            }
            csv.flush()
        }
        Format::Table => {
            if people.is_empty() {
                return writeln!(out, "nobody is involved in documents about `{topic}`");
            }
            writeln!(out, "Most involved in `{topic}`")?;
            let mut table = new_table(["#", "person", "score", "evidence"]);
            for (rank, person) in people.iter().enumerate() {
                let evidence: Vec<String> = person
                    .evidence
                    .iter()
                    .map(|e| format!("{} ({prefix}{})", e.title, e.path))
                    .collect();
                add_row(
                    &mut table,
                    [
                        (rank + 1).to_string(),
                        format!("{} ({})", person.name, person.id),
                        format!("{:.1}", person.score),
                        evidence.join("\n"),
                    ],
                );
            }
            writeln!(out, "{}", fitted(table))
        }
    }
}

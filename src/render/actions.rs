//! `kb actions`: a table sorted by due date, JSON or CSV.

use std::io::{self, Write};

use anstyle::{AnsiColor, Style};

use super::table::{Format, add_row, csv_error, csv_writer, fitted, new_table};
use crate::query::actions::{ActionRow, Status};

const OVERDUE: Style = AnsiColor::Red.on_default().bold();

fn date(value: &Option<crate::model::PartialDate>) -> String {
    value.map(|d| d.to_string()).unwrap_or_default()
}

/// Writes the actions; `prefix` turns base-relative paths into paths from the cwd;
/// `colour` marks overdue actions in red.
pub fn write_actions(
    out: &mut dyn Write,
    rows: &[ActionRow],
    prefix: &str,
    format: Format,
    colour: bool,
) -> io::Result<()> {
    match format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, rows)?;
            writeln!(out)
        }
        Format::Csv => {
            let mut csv = csv_writer(out);
            csv.write_record([
                "status", "due", "done_on", "owners", "text", "doc", "section", "path", "line",
            ])
            .map_err(csv_error)?;
            for row in rows {
                csv.write_record([
                    row.status.as_str(),
                    &date(&row.due),
                    &date(&row.done_on),
                    &row.owners.join(" "),
                    &row.text,
                    &row.doc,
                    row.section.as_deref().unwrap_or_default(),
                    &row.path,
                    &row.line.to_string(),
                ])
                .map_err(csv_error)?;
            }
            csv.flush()
        }
        Format::Table => {
            if rows.is_empty() {
                return writeln!(out, "no actions");
            }
            let mut table = new_table(["status", "due", "owners", "action", "where"]);
            for row in rows {
                let status = match row.status {
                    Status::Overdue if colour => format!("{OVERDUE}overdue{OVERDUE:#}"),
                    other => other.as_str().to_string(),
                };
                add_row(
                    &mut table,
                    [
                        status,
                        date(&row.due),
                        row.owners.join(", "),
                        row.text.clone(),
                        format!("{prefix}{}:{}", row.path, row.line),
                    ],
                );
            }
            writeln!(out, "{}", fitted(table))?;
            let count = |status| rows.iter().filter(|r| r.status == status).count();
            writeln!(
                out,
                "{} action{}: {} open, {} overdue, {} done",
                rows.len(),
                if rows.len() == 1 { "" } else { "s" },
                count(Status::Open),
                count(Status::Overdue),
                count(Status::Done)
            )
        }
    }
}

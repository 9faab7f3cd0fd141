//! What every table and CSV of kb shares.

use comfy_table::{ContentArrangement, Table, presets};

/// How a query command prints: `--format table|json|csv`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// A table for people.
    #[default]
    Table,
    /// JSON for machines (docs/cli.md describes each command's shape).
    Json,
    /// CSV with a header row, one record per row.
    Csv,
}

/// Columns headed so hold a path or `path:line`: not wrapped while they fit, so that what
/// they point to can be opened straight from the table.
const PATH_HEADERS: [&str; 2] = ["where", "path"];

/// Values this short (a status, a date, a line number) are never wrapped.
const SHORT_VALUE: u16 = 10;

/// A table in kb's style: horizontal rules only, as wide as the terminal allows (or as
/// `COLUMNS` says, in a pipe too). Print it through [`fitted`].
pub fn new_table<I, S>(header: I) -> Table
where
    I: IntoIterator<Item = S>,
    S: Into<comfy_table::Cell>,
{
    let mut table = Table::new();
    table
        .load_style(presets::UTF8_HORIZONTAL_ONLY)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(header);
    if let Some(width) = width_from_env(std::env::var("COLUMNS").ok().as_deref()) {
        table.set_width(width);
    }
    table
}

/// `table` laid out for its width: columns of short values, and path columns that take
/// at most three fifths of the width, are kept whole; the other columns wrap.
pub fn fitted(mut table: Table) -> Table {
    let Some(width) = table.width() else {
        return table; // No width (a pipe): nothing wraps anyway.
    };
    let path_columns: Vec<bool> = match table.header() {
        Some(header) => header
            .cell_iter()
            .map(|cell| PATH_HEADERS.contains(&cell.content().as_str()))
            .collect(),
        None => Vec::new(),
    };
    for (index, content_width) in table.column_max_content_widths().into_iter().enumerate() {
        let is_path = path_columns.get(index).copied().unwrap_or(false);
        if content_width <= SHORT_VALUE
            || (is_path && u32::from(content_width) * 5 <= u32::from(width) * 3)
        {
            keep_whole(&mut table, index);
        }
    }
    table
}

/// The table width `COLUMNS` asks for, when it holds a usable number.
fn width_from_env(columns: Option<&str>) -> Option<u16> {
    columns?
        .trim()
        .parse::<u16>()
        .ok()
        .filter(|width| *width >= 20)
}

/// Never wraps column `index`: the other columns give way.
pub fn keep_whole(table: &mut Table, index: usize) {
    if let Some(column) = table.column_mut(index) {
        column.set_constraint(comfy_table::ColumnConstraint::ContentWidth);
    }
}

/// A CSV writer over `out`, turning its errors into I/O errors.
pub fn csv_writer(out: &mut dyn std::io::Write) -> csv::Writer<&mut dyn std::io::Write> {
    csv::Writer::from_writer(out)
}

/// A CSV error as an I/O error (a closed pipe stays a closed pipe).
pub fn csv_error(err: csv::Error) -> std::io::Error {
    match err.into_kind() {
        csv::ErrorKind::Io(io) => io,
        other => std::io::Error::other(format!("{other:?}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_gives_a_width_only_when_it_is_one() {
        assert_eq!(width_from_env(Some("100")), Some(100));
        assert_eq!(width_from_env(Some(" 80 ")), Some(80));
        assert_eq!(width_from_env(Some("")), None);
        assert_eq!(width_from_env(Some("wide")), None);
        assert_eq!(width_from_env(Some("5")), None);
        assert_eq!(width_from_env(None), None);
    }

    fn action_table(width: u16) -> String {
        let mut table = new_table(["status", "action", "where"]);
        table.set_width(width);
        table.add_row([
            "overdue",
            "een lange omschrijving van wat er moet gebeuren",
            "meetings/2022-11-29-overleg-koplopergemeenten.md:138",
        ]);
        fitted(table).to_string()
    }

    #[test]
    fn narrow_tables_wrap_text_but_not_a_path_that_fits() {
        let text = action_table(100);
        assert!(
            text.contains("meetings/2022-11-29-overleg-koplopergemeenten.md:138"),
            "{text}"
        );
        assert!(text.contains(" overdue "), "{text}");
        assert!(text.lines().count() > 5, "the action wraps:\n{text}");
    }

    #[test]
    fn a_path_wider_than_three_fifths_wraps_too() {
        let text = action_table(60);
        assert!(!text.contains("koplopergemeenten.md:138"), "{text}");
        assert!(text.contains(" overdue "), "{text}");
        assert!(
            text.lines().all(|line| line.chars().count() <= 60),
            "{text}"
        );
    }
}

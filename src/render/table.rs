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

/// A table in kb's style: horizontal rules only, as wide as the terminal allows.
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
    table
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

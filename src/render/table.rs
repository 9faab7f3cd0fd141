//! What every table and CSV of kb shares.

use comfy_table::{ColumnConstraint, ContentArrangement, Table, Width, presets};

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

/// Values this short (a status, a date, a line number, "organisation") are never wrapped.
const SHORT_VALUE: u16 = 12;

/// A column that wraps keeps at least this many characters a line (all of them when it
/// has fewer), so that a whole path never squeezes the text beside it to a few letters.
const MIN_WRAPPED: u16 = 16;

/// The space around a column's content: one on each side.
const PADDING: u16 = 2;

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

/// `table` laid out for its width: columns of short values (and those the caller keeps
/// whole, such as amounts) are never wrapped; a path column is kept whole when it takes at
/// most three fifths of the width and the columns that wrap still get [`MIN_WRAPPED`]
/// characters a line; every wrapping column gets a minimum width, so that a long column
/// beside it never squeezes it to a few letters.
pub fn fitted(mut table: Table) -> Table {
    let Some(width) = table.width() else {
        return table; // No width (a pipe): nothing wraps anyway.
    };
    let width = u32::from(width);
    let content = table.column_max_content_widths();
    let header: Vec<String> = table
        .header()
        .map(|row| row.cell_iter().map(|cell| cell.content()).collect())
        .unwrap_or_default();
    let mut whole: Vec<bool> = (0..content.len())
        .map(|index| {
            content[index] <= SHORT_VALUE
                || table.column(index).and_then(|column| column.constraint())
                    == Some(&ColumnConstraint::ContentWidth)
        })
        .collect();
    // The width the table takes with whole columns whole and the others `wrapped` wide:
    // their content, padding, and the (blank) rule between two columns.
    let rules = u32::try_from(content.len().saturating_sub(1)).unwrap_or(u32::MAX);
    let least = |whole: &[bool], wrapped: u16| -> u32 {
        content
            .iter()
            .zip(whole)
            .map(|(&chars, &whole)| {
                u32::from(if whole { chars } else { chars.min(wrapped) } + PADDING)
            })
            .sum::<u32>()
            + rules
    };
    for index in 0..content.len() {
        let is_path = header
            .get(index)
            .is_some_and(|name| PATH_HEADERS.contains(&name.as_str()));
        if is_path && !whole[index] && u32::from(content[index]) * 5 <= width * 3 {
            // Whole if the others still get their MIN_WRAPPED beside it.
            whole[index] = true;
            if least(&whole, MIN_WRAPPED) > width {
                whole[index] = false;
            }
        }
    }
    // The widest minimum that fits; none when even the narrowest does not.
    let wrapped = [MIN_WRAPPED, MIN_WRAPPED * 3 / 4, MIN_WRAPPED / 2]
        .into_iter()
        .find(|&wrapped| least(&whole, wrapped) <= width);
    for (index, whole) in whole.into_iter().enumerate() {
        if whole {
            keep_whole(&mut table, index);
        } else if let Some(wrapped) = wrapped
            && let Some(column) = table.column_mut(index)
        {
            column.set_constraint(ColumnConstraint::LowerBoundary(Width::Fixed(
                content[index].min(wrapped) + PADDING,
            )));
        }
    }
    table
}

/// Adds a row of text cells to `table`, each tab turned into the spaces up to the next
/// stop of four: a terminal moves a tab to its own next stop, which the table's layout
/// cannot know, and the columns after it would shift.
pub fn add_row<I, S>(table: &mut Table, cells: I)
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let cells: Vec<String> = cells
        .into_iter()
        .map(|cell| expand_tabs(cell.as_ref()))
        .collect();
    table.add_row(cells);
}

/// `text` with every tab turned into spaces up to the next multiple of four, line by line.
fn expand_tabs(text: &str) -> String {
    if !text.contains('\t') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 8);
    let mut column = 0;
    for ch in text.chars() {
        match ch {
            '\t' => {
                let spaces = 4 - column % 4;
                out.extend(std::iter::repeat_n(' ', spaces));
                column += spaces;
            }
            '\n' => {
                out.push(ch);
                column = 0;
            }
            _ => {
                out.push(ch);
                column += 1;
            }
        }
    }
    out
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
        column.set_constraint(ColumnConstraint::ContentWidth);
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
    fn tabs_become_spaces_to_the_next_stop() {
        assert_eq!(expand_tabs("a\tb"), "a   b");
        assert_eq!(expand_tabs("abcd\te\n\tf"), "abcd    e\n    f");
        let mut table = new_table(["a", "b"]);
        add_row(&mut table, ["x\ty", "z"]);
        let text = table.to_string();
        assert!(!text.contains('\t'), "{text}");
        assert!(text.contains("x   y"), "{text}");
    }

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
    fn a_path_is_kept_whole_only_while_the_text_beside_it_keeps_room() {
        let table = |width: u16| {
            let mut table = new_table(["status", "due", "action", "document", "where"]);
            table.set_width(width);
            table.add_row([
                "overdue",
                "2023-01-31",
                "De koplopergemeenten uitnodigen voor een vervolgoverleg over de aanpak",
                "Overleg Koplopergemeenten",
                "meetings/2022-11-29-overleg-koplopergemeenten.md:138",
            ]);
            fitted(table).to_string()
        };
        for width in [50, 80, 90, 100, 120] {
            let text = table(width);
            assert!(
                text.lines()
                    .all(|line| line.chars().count() <= usize::from(width)),
                "{width}:\n{text}"
            );
            assert!(
                text.contains(" overdue ") && text.contains(" 2023-01-31 "),
                "{text}"
            );
            if width >= 100 {
                // The text beside a whole path keeps room: no word is cut into bits.
                assert!(text.contains("koplopergemeenten"), "{width}:\n{text}");
            }
        }
        assert!(table(120).contains("meetings/2022-11-29-overleg-koplopergemeenten.md:138"));
        assert!(!table(90).contains("meetings/2022-11-29-overleg-koplopergemeenten.md:138"));
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

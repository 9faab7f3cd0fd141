//! Action lists: task-list items from every document, by status and due date. No I/O:
//! the index selects the actions, this module decides what is overdue and orders them.

use jiff::civil::Date;
use serde::Serialize;

use crate::model::PartialDate;

/// One action, as the index holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActionRow {
    /// Open, done or overdue (see [`status`]).
    pub status: Status,
    /// When it is due, as written (`2023` stays a year).
    pub due: Option<PartialDate>,
    /// When it was done.
    pub done_on: Option<PartialDate>,
    /// Its owners (ids, or names as written).
    pub owners: Vec<String>,
    /// What is to be done.
    pub text: String,
    /// The id of the document it stands in.
    pub doc: String,
    /// The heading it stands under.
    pub section: Option<String>,
    /// Path of the document, relative to the base root.
    pub path: String,
    /// Its line.
    pub line: u32,
}

/// Where an action stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Open, and not (yet) past its due date.
    Open,
    /// Open, and the whole of its due date has passed.
    Overdue,
    /// Done.
    Done,
}

impl Status {
    /// The word shown in tables.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::Overdue => "overdue",
            Status::Done => "done",
        }
    }
}

/// The status of an action: overdue only once the whole of its due date has passed, so
/// an action due "in 2023" is overdue from 2024-01-01.
pub fn status(done: bool, due: Option<PartialDate>, today: Date) -> Status {
    match (done, due) {
        (true, _) => Status::Done,
        (false, Some(due)) if due.last_day() < today => Status::Overdue,
        (false, _) => Status::Open,
    }
}

/// Orders actions by due date (the first day of a partial date; actions without one
/// last), then by file and line.
pub fn sort(rows: &mut [ActionRow]) {
    rows.sort_by(|a, b| {
        let key = |row: &ActionRow| {
            (
                row.due.is_none(),
                row.due.map(|d| (d.first_day(), d.last_day())),
            )
        };
        key(a)
            .cmp(&key(b))
            .then_with(|| a.path.cmp(&b.path))
            .then(a.line.cmp(&b.line))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> PartialDate {
        text.parse().unwrap()
    }

    #[test]
    fn a_partial_due_date_is_overdue_once_it_has_wholly_passed() {
        let today = jiff::civil::date(2023, 12, 31);
        assert_eq!(status(false, Some(date("2023")), today), Status::Open);
        let next_year = jiff::civil::date(2024, 1, 1);
        assert_eq!(
            status(false, Some(date("2023")), next_year),
            Status::Overdue
        );
        assert_eq!(status(true, Some(date("2023")), next_year), Status::Done);
        assert_eq!(status(false, None, next_year), Status::Open);
    }

    #[test]
    fn actions_are_sorted_by_due_date_with_undated_ones_last() {
        let row = |due: Option<&str>, line| ActionRow {
            status: Status::Open,
            due: due.map(date),
            done_on: None,
            owners: Vec::new(),
            text: String::new(),
            doc: "d".into(),
            section: None,
            path: "d.md".into(),
            line,
        };
        let mut rows = vec![
            row(None, 1),
            row(Some("2023-06-30"), 2),
            row(Some("2023"), 3),
            row(Some("2023-03-01"), 4),
        ];
        sort(&mut rows);
        let lines: Vec<u32> = rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, [3, 4, 2, 1]);
    }
}

//! `kb actions`: actions selected by owner, document, state and dates.

use anyhow::Result;
use tantivy::Term;

use super::{all_of, any_of, strings, term, text_of};
use crate::index::KbIndex;
use crate::index::search::stored_json;
use crate::model::PartialDate;
use crate::query::actions::{self, ActionRow};

/// Which actions `kb actions` reads.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ActionFilter {
    /// Owned by any of these ids.
    pub owners: Vec<String>,
    /// Standing in this document.
    pub doc: Option<String>,
    /// `Some(false)`: open only; `Some(true)`: done only.
    pub done: Option<bool>,
    /// Open, with the whole due date before this day.
    pub overdue_on: Option<jiff::civil::Date>,
    /// With a due date whose first day is before this day.
    pub due_before: Option<jiff::civil::Date>,
}

impl KbIndex {
    /// The actions that pass `filter`, with their status on `today`, sorted by due date.
    pub fn actions(
        &self,
        filter: &ActionFilter,
        today: jiff::civil::Date,
    ) -> Result<Vec<ActionRow>> {
        use std::ops::Bound;
        use tantivy::query::RangeQuery;
        let fields = &self.fields;
        let mut clauses = vec![term(fields.kind, "action")];
        if !filter.owners.is_empty() {
            // An owner may be written as an id, a name or an alias.
            let keys = self.person_keys_of(&filter.owners)?;
            let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
            clauses.push(any_of(fields.parties, &keys));
        }
        if let Some(doc) = &filter.doc {
            clauses.push(self.of_documents(&[doc.as_str()])?);
        }
        let done = if filter.overdue_on.is_some() {
            Some(false)
        } else {
            filter.done
        };
        if let Some(done) = done {
            clauses.push(term(fields.state, if done { "done" } else { "open" }));
        }
        if let Some(today) = filter.overdue_on {
            let bound =
                Term::from_field_i64(fields.date_end, crate::index::records::day_number(today));
            clauses.push(Box::new(RangeQuery::new(
                Bound::Unbounded,
                Bound::Excluded(bound),
            )));
        }
        if let Some(before) = filter.due_before {
            let bound =
                Term::from_field_i64(fields.date_start, crate::index::records::day_number(before));
            clauses.push(Box::new(RangeQuery::new(
                Bound::Unbounded,
                Bound::Excluded(bound),
            )));
        }
        let searcher = self.searcher();
        let mut rows = Vec::new();
        for (segment, docs) in self.matches(&searcher, &all_of(clauses))? {
            for doc in docs {
                let stored = self.stored(&searcher, segment, doc)?;
                let data = stored_json(&stored, fields.data);
                let date = |key: &str| {
                    data[key]
                        .as_str()
                        .and_then(|text| text.parse::<PartialDate>().ok())
                };
                let due = date("due");
                let done = data["done"].as_bool().unwrap_or(false);
                rows.push(ActionRow {
                    status: actions::status(done, due, today),
                    due,
                    done_on: date("done_on"),
                    owners: strings(&data["owners"]),
                    text: data["text"].as_str().unwrap_or_default().to_string(),
                    doc: text_of(&stored, fields.id),
                    section: data["section"].as_str().map(String::from),
                    path: text_of(&stored, fields.path),
                    line: data["line"].as_u64().unwrap_or(1) as u32,
                });
            }
        }
        actions::sort(&mut rows);
        Ok(rows)
    }
}

//! Reading entries back for the queries (who, budget, actions, show, graph): select entries
//! with term queries, read their fast columns, and load stored records only for the rows a
//! command prints. Nothing here re-parses a file.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::rc::Rc;

use anyhow::Result;
use serde_json::Value as Json;
use tantivy::collector::{Collector, SegmentCollector, TopDocs};
use tantivy::columnar::{Column, StrColumn};
use tantivy::query::{BooleanQuery, Occur, Query, RegexQuery, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{DocAddress, DocId, Searcher, SegmentReader, TantivyDocument, Term};

use super::KbIndex;
use super::schema::{FOLDED, analyze};
use super::search::stored_json;
use crate::model::{Amount, DocType, LineKind, Money, PartialDate, Vat};
use crate::query::actions::{self, ActionRow};
use crate::query::budget::{GroupBy, LineRow, TotalRow};
use crate::query::graph::{Edge, EdgeKind, Graph, Node, NodeKind};
use crate::query::search::SearchQuery;
use crate::query::who::{Card, Evidence, Involvement, TopicHit};

/// Collects every matching entry, per segment, in document order (no scoring).
struct Matches;

/// [`Matches`] for one segment.
struct SegmentMatches(u32, Vec<DocId>);

impl Collector for Matches {
    type Fruit = Vec<(u32, Vec<DocId>)>;
    type Child = SegmentMatches;

    fn for_segment(&self, ord: u32, _segment: &SegmentReader) -> tantivy::Result<SegmentMatches> {
        Ok(SegmentMatches(ord, Vec::new()))
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<(u32, Vec<DocId>)>) -> tantivy::Result<Self::Fruit> {
        Ok(fruits
            .into_iter()
            .filter(|(_, docs)| !docs.is_empty())
            .collect())
    }
}

impl SegmentCollector for SegmentMatches {
    type Fruit = (u32, Vec<DocId>);

    fn collect(&mut self, doc: DocId, _score: tantivy::Score) {
        self.1.push(doc);
    }

    fn harvest(self) -> (u32, Vec<DocId>) {
        (self.0, self.1)
    }
}

/// A fast text column of one segment; each distinct value is looked up once, and
/// [`Texts::load`] looks many up in one ordered pass over the column's dictionary.
struct Texts {
    column: Option<StrColumn>,
    values: Vec<Option<Rc<str>>>,
}

impl Texts {
    fn open(segment: &SegmentReader, field: &str) -> Result<Texts> {
        let column = segment.fast_fields().str(field)?;
        let terms = column.as_ref().map_or(0, |c| c.num_terms());
        Ok(Texts {
            column,
            values: vec![None; terms],
        })
    }

    /// Looks up every value of `docs` at once: one pass over the dictionary in ordinal
    /// order rather than a search per value (each search decompresses a block).
    fn load(&mut self, docs: &[DocId]) -> Result<()> {
        let Some(column) = &self.column else {
            return Ok(());
        };
        if self.values.len() <= docs.len().saturating_mul(2) {
            // Most values will be wanted: read the whole dictionary in one stream.
            let mut stream = column.dictionary().stream()?;
            while stream.advance() {
                let ord = stream.term_ord() as usize;
                if let Some(slot) = self.values.get_mut(ord) {
                    *slot = Some(Rc::from(String::from_utf8_lossy(stream.key()).as_ref()));
                }
            }
            return Ok(());
        }
        let mut ords: Vec<u64> = docs
            .iter()
            .flat_map(|&doc| column.term_ords(doc))
            .filter(|&ord| self.values.get(ord as usize).is_some_and(Option::is_none))
            .collect();
        ords.sort_unstable();
        ords.dedup();
        let mut found: Vec<Rc<str>> = Vec::with_capacity(ords.len());
        column.dictionary().sorted_ords_to_term_cb(&ords, |bytes| {
            found.push(Rc::from(String::from_utf8_lossy(bytes).as_ref()));
        })?;
        for (ord, value) in ords.into_iter().zip(found) {
            self.values[ord as usize] = Some(value);
        }
        Ok(())
    }

    fn value(&mut self, ord: u64) -> Rc<str> {
        if let Some(Some(value)) = self.values.get(ord as usize) {
            return value.clone();
        }
        let mut text = String::new();
        if let Some(column) = &self.column {
            let _ = column.ord_to_str(ord, &mut text);
        }
        let value: Rc<str> = Rc::from(text);
        if let Some(slot) = self.values.get_mut(ord as usize) {
            *slot = Some(value.clone());
        }
        value
    }

    /// Every value of `doc`.
    fn all(&mut self, doc: DocId) -> Vec<Rc<str>> {
        let Some(column) = &self.column else {
            return Vec::new();
        };
        let ords: Vec<u64> = column.term_ords(doc).collect();
        ords.into_iter().map(|ord| self.value(ord)).collect()
    }

    /// Calls `visit` with every value of `doc`, without collecting them.
    fn each(&mut self, doc: DocId, mut visit: impl FnMut(&str)) {
        let Some(column) = &self.column else {
            return;
        };
        for ord in column.term_ords(doc) {
            match self.values.get(ord as usize) {
                Some(Some(value)) => visit(value),
                _ => {
                    let mut text = String::new();
                    let _ = column.ord_to_str(ord, &mut text);
                    visit(&text);
                }
            }
        }
    }

    /// Every value of `doc`, as owned strings.
    fn strings(&mut self, doc: DocId) -> Vec<String> {
        self.all(doc).iter().map(|v| v.to_string()).collect()
    }

    /// The first value of `doc`.
    fn first(&mut self, doc: DocId) -> Option<Rc<str>> {
        let ord = self.column.as_ref()?.term_ords(doc).next()?;
        Some(self.value(ord))
    }

    /// The first value of `doc`, as an owned string.
    fn first_string(&mut self, doc: DocId) -> Option<String> {
        self.first(doc).map(|v| v.to_string())
    }
}

/// A fast number column of one segment (`i64` or `u64`).
struct Numbers<T>(Option<Column<T>>);

impl<T> Numbers<T>
where
    T: tantivy::columnar::HasAssociatedColumnType
        + PartialOrd
        + Copy
        + std::fmt::Debug
        + Send
        + Sync
        + 'static,
    tantivy::columnar::DynamicColumn: Into<Option<Column<T>>>,
{
    fn open(segment: &SegmentReader, field: &str) -> Result<Numbers<T>> {
        Ok(Numbers(segment.fast_fields().column_opt::<T>(field)?))
    }

    fn first(&self, doc: DocId) -> Option<T> {
        self.0.as_ref()?.first(doc)
    }
}

/// A document as its index entry holds it.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredDoc {
    /// Its id.
    pub id: String,
    /// Its type.
    pub doc_type: String,
    /// Its title or name.
    pub title: String,
    /// Path relative to the base root.
    pub path: String,
    /// The stored record: id, type, title, date, names, summary and the type's fields.
    pub data: Json,
}

impl StoredDoc {
    /// The document's date, as written.
    pub fn date(&self) -> Option<String> {
        self.data["date"].as_str().map(String::from)
    }
}

/// One attendee of a meeting.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Attendance {
    /// The person's id (or name, as written).
    pub person: String,
    /// Their name, when they have a document.
    pub name: String,
    /// `in-person` or `online`.
    pub mode: Option<String>,
    /// Their role at the meeting (chair, `vervolggroep`).
    pub role: Option<String>,
    /// The organisation they represented.
    pub on_behalf_of: Option<String>,
    /// Line in the file.
    pub line: u32,
}

/// Which budget lines `kb budget` reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BudgetScope {
    /// Every plan.
    All,
    /// One plan.
    Plan(String),
    /// A programme: its plan (the id) and the plans whose `programme` names it, by id or
    /// by one of its names (as written).
    Programme {
        /// The programme plan's id.
        id: String,
        /// Its title and aliases.
        names: Vec<String>,
    },
}

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

fn term(field: Field, value: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, value),
        IndexRecordOption::Basic,
    ))
}

fn any_of(field: Field, values: &[&str]) -> Box<dyn Query> {
    Box::new(BooleanQuery::new(
        values
            .iter()
            .map(|value| (Occur::Should, term(field, value)))
            .collect(),
    ))
}

fn all_of(clauses: Vec<Box<dyn Query>>) -> BooleanQuery {
    BooleanQuery::new(clauses.into_iter().map(|q| (Occur::Must, q)).collect())
}

fn text_of(doc: &TantivyDocument, field: Field) -> String {
    doc.get_first(field)
        .and_then(|v| v.as_str())
        .unwrap_or_default()
        .to_string()
}

fn strings(value: &Json) -> Vec<String> {
    match value {
        Json::Array(items) => items
            .iter()
            .filter_map(|v| v.as_str().map(String::from))
            .collect(),
        Json::String(one) => vec![one.clone()],
        _ => Vec::new(),
    }
}

/// An amount as stored (cents, `{min, max}` in cents, or `"tbd"`).
pub fn stored_amount(value: &Json) -> Option<Amount> {
    match value {
        Json::Number(cents) => cents.as_i64().map(|c| Amount::Exact(Money::from_cents(c))),
        Json::Object(range) => {
            let min = Money::from_cents(range.get("min")?.as_i64()?);
            let max = Money::from_cents(range.get("max")?.as_i64()?);
            Amount::range(min, max).ok()
        }
        Json::String(text) if text == "tbd" => Some(Amount::Tbd),
        _ => None,
    }
}

fn amount_of(min: Option<i64>, max: Option<i64>) -> Amount {
    match (min, max) {
        (Some(min), Some(max)) if min == max => Amount::Exact(Money::from_cents(min)),
        (Some(min), Some(max)) => Amount::Range {
            min: Money::from_cents(min),
            max: Money::from_cents(max),
        },
        _ => Amount::Tbd,
    }
}

impl KbIndex {
    fn matches(&self, searcher: &Searcher, query: &dyn Query) -> Result<Vec<(u32, Vec<DocId>)>> {
        Ok(searcher.search(query, &Matches)?)
    }

    fn stored(&self, searcher: &Searcher, segment: u32, doc: DocId) -> Result<TantivyDocument> {
        Ok(searcher.doc(DocAddress::new(segment, doc))?)
    }

    fn stored_doc(&self, doc: &TantivyDocument) -> StoredDoc {
        let data = stored_json(doc, self.fields.data);
        StoredDoc {
            id: text_of(doc, self.fields.id),
            doc_type: text_of(doc, self.fields.doc_type),
            title: data["title"].as_str().unwrap_or_default().to_string(),
            path: text_of(doc, self.fields.path),
            data,
        }
    }

    /// The documents with these ids (those that exist), by id.
    pub fn documents(&self, ids: &[&str]) -> Result<HashMap<String, StoredDoc>> {
        let mut found = HashMap::new();
        if ids.is_empty() {
            return Ok(found);
        }
        let searcher = self.searcher();
        let query = all_of(vec![
            term(self.fields.kind, "doc"),
            any_of(self.fields.id, ids),
        ]);
        for (segment, docs) in self.matches(&searcher, &query)? {
            for doc in docs {
                let stored = self.stored_doc(&self.stored(&searcher, segment, doc)?);
                found.entry(stored.id.clone()).or_insert(stored);
            }
        }
        Ok(found)
    }

    /// The document with this id.
    pub fn document(&self, id: &str) -> Result<Option<StoredDoc>> {
        Ok(self.documents(&[id])?.remove(id))
    }

    /// Documents of `types` (all types when empty) that `text` names: their id, name,
    /// alias or abbreviation (case and diacritics folded); else those with every word of
    /// `text` as a whole word of a name; else as the start of a word. Ordered by id.
    pub fn find_documents(&self, text: &str, types: &[DocType]) -> Result<Vec<StoredDoc>> {
        let fits =
            |doc: &StoredDoc| types.is_empty() || types.iter().any(|t| t.as_str() == doc.doc_type);
        let exact: Vec<String> = self
            .documents_named(text)?
            .into_iter()
            .map(|(id, _)| id)
            .collect();
        let exact_refs: Vec<&str> = exact.iter().map(String::as_str).collect();
        let mut found: Vec<StoredDoc> = self
            .documents(&exact_refs)?
            .into_values()
            .filter(|doc| fits(doc))
            .collect();
        // Then every word as a whole word of a name ("wil" is Wil Kovács, not Wim
        // Willems), and only then as the start of one ("kova").
        let words = analyze(&self.index, FOLDED, text);
        for whole_words in [true, false] {
            if !found.is_empty() || words.is_empty() {
                break;
            }
            let mut clauses = vec![term(self.fields.kind, "doc")];
            for word in &words {
                let word = regex_escape(word);
                // Words of a name are separated by anything but a letter or digit:
                // "jansen" is a word of "Jan de Vries-Jansen".
                let pattern = if whole_words {
                    format!("(.*[^a-z0-9])?{word}([^a-z0-9].*)?")
                } else {
                    format!("(.*[^a-z0-9])?{word}.*")
                };
                clauses.push(Box::new(RegexQuery::from_pattern(
                    &pattern,
                    self.fields.name_key,
                )?));
            }
            let searcher = self.searcher();
            for (segment, docs) in self.matches(&searcher, &all_of(clauses))? {
                for doc in docs {
                    let stored = self.stored_doc(&self.stored(&searcher, segment, doc)?);
                    if fits(&stored) {
                        found.push(stored);
                    }
                }
            }
        }
        found.sort_by(|a, b| a.id.cmp(&b.id));
        found.dedup_by(|a, b| a.id == b.id);
        Ok(found)
    }

    /// Documents of `types` whose names are near `text` (typos), best first.
    pub fn near_documents(
        &self,
        text: &str,
        types: &[DocType],
        limit: usize,
    ) -> Result<Vec<StoredDoc>> {
        let words = analyze(&self.index, FOLDED, text);
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for word in words.iter().filter(|w| w.len() >= 3) {
            let distance = if word.chars().count() >= 6 { 2 } else { 1 };
            clauses.push((
                Occur::Should,
                Box::new(tantivy::query::FuzzyTermQuery::new(
                    Term::from_field_text(self.fields.title, word),
                    distance,
                    true,
                )),
            ));
        }
        if clauses.is_empty() {
            return Ok(Vec::new());
        }
        let query = BooleanQuery::new(vec![
            (Occur::Must, term(self.fields.kind, "doc")),
            (Occur::Must, Box::new(BooleanQuery::new(clauses))),
        ]);
        let searcher = self.searcher();
        let top = searcher.search(&query, &TopDocs::with_limit(limit * 4).order_by_score())?;
        let mut found = Vec::new();
        for (_, address) in top {
            let stored = self.stored_doc(&searcher.doc(address)?);
            if types.is_empty() || types.iter().any(|t| t.as_str() == stored.doc_type) {
                found.push(stored);
            }
            if found.len() == limit {
                break;
            }
        }
        Ok(found)
    }

    /// The budget lines and declared totals of `scope`. Only `group` decides which
    /// columns beyond the sums are read: items and organisations cost more.
    pub fn budget(
        &self,
        scope: &BudgetScope,
        group: GroupBy,
    ) -> Result<(Vec<LineRow>, Vec<TotalRow>)> {
        let fields = &self.fields;
        let mut clauses = vec![any_of(fields.kind, &["budget", "total"])];
        match scope {
            BudgetScope::All => {}
            BudgetScope::Plan(plan) => clauses.push(term(fields.id, plan)),
            BudgetScope::Programme { id, names } => {
                let mut either = vec![
                    (Occur::Should, term(fields.id, id)),
                    (Occur::Should, term(fields.programme, id)),
                ];
                for name in names {
                    either.push((Occur::Should, term(fields.programme, name)));
                }
                clauses.push(Box::new(BooleanQuery::new(either)));
            }
        }
        let org_of = if group == GroupBy::Org {
            Some(self.organisation_map()?)
        } else {
            None
        };
        let searcher = self.searcher();
        let matches = self.matches(&searcher, &all_of(clauses))?;
        let entries: usize = matches.iter().map(|(_, docs)| docs.len()).sum();
        let mut lines = Vec::with_capacity(entries);
        let mut totals = Vec::new();
        for (segment_ord, docs) in matches {
            let segment = searcher.segment_reader(segment_ord);
            let mut kind = Texts::open(segment, "kind")?;
            let mut id = Texts::open(segment, "id")?;
            let mut programme = Texts::open(segment, "programme")?;
            let mut team = Texts::open(segment, "team")?;
            let mut period = Texts::open(segment, "period")?;
            let mut state = Texts::open(segment, "state")?;
            let mut responsible = Texts::open(segment, "responsible")?;
            for texts in [
                &mut kind,
                &mut id,
                &mut programme,
                &mut team,
                &mut period,
                &mut state,
            ] {
                texts.load(&docs)?;
            }
            if matches!(group, GroupBy::Responsible | GroupBy::Org) {
                responsible.load(&docs)?;
            }
            let line = Numbers::<u64>::open(segment, "line")?;
            let min = Numbers::<i64>::open(segment, "amount_min")?;
            let max = Numbers::<i64>::open(segment, "amount_max")?;
            let no_value: Rc<str> = Rc::from("");
            for doc in docs {
                let mut line_kind = LineKind::Cost;
                let mut vat = None;
                state.each(doc, |state| match state {
                    "income" => line_kind = LineKind::Income,
                    "incl" => vat = Some(Vat::Incl),
                    "excl" => vat = Some(Vat::Excl),
                    _ => {}
                });
                let amount = amount_of(min.first(doc), max.first(doc));
                let plan = id.first(doc).unwrap_or_else(|| no_value.clone());
                if kind.first(doc).is_some_and(|k| &*k == "total") {
                    totals.push(TotalRow {
                        plan,
                        period: period.first(doc).unwrap_or_else(|| no_value.clone()),
                        kind: line_kind,
                        vat,
                        amount,
                        line: line.first(doc).unwrap_or(1) as u32,
                    });
                    continue;
                }
                let who = if matches!(group, GroupBy::Responsible | GroupBy::Org) {
                    responsible.all(doc)
                } else {
                    Vec::new()
                };
                let item = if group == GroupBy::Item {
                    let stored = self.stored(&searcher, segment_ord, doc)?;
                    stored_json(&stored, fields.data)["item"]
                        .as_str()
                        .map(Rc::from)
                } else {
                    None
                };
                let org = org_of
                    .as_ref()
                    .and_then(|map| map.organisation_of(&who))
                    .map(Rc::from);
                lines.push(LineRow {
                    plan,
                    programme: programme.first(doc),
                    team: team.first(doc),
                    period: period.first(doc),
                    responsible: who,
                    org,
                    item,
                    kind: line_kind,
                    vat,
                    amount,
                });
            }
        }
        self.programmes_as_ids(&mut lines)?;
        Ok((lines, totals))
    }

    /// Rewrites `programme` values that name a plan by title or alias (as `kb check`
    /// allows) to that plan's id, so that breakdown is recognised. Only values that are
    /// not already the id of a plan with lines are looked up, each once.
    fn programmes_as_ids(&self, lines: &mut [LineRow]) -> Result<()> {
        let plans: HashSet<Rc<str>> = lines.iter().map(|l| l.plan.clone()).collect();
        let mut resolved: HashMap<Rc<str>, Option<Rc<str>>> = HashMap::new();
        for line in lines.iter_mut() {
            let Some(programme) = &line.programme else {
                continue;
            };
            if plans.contains(programme) {
                continue;
            }
            if !resolved.contains_key(programme) {
                let ids: Vec<String> = self
                    .documents_named(programme)?
                    .into_iter()
                    .map(|(id, _)| id)
                    .filter(|id| plans.contains(id.as_str()))
                    .collect();
                let id = match ids.as_slice() {
                    [one] => Some(Rc::from(one.as_str())),
                    _ => None,
                };
                resolved.insert(programme.clone(), id);
            }
            if let Some(Some(id)) = resolved.get(programme) {
                line.programme = Some(id.clone());
            }
        }
        Ok(())
    }

    /// Which ids are organisations, and each person's first organisation.
    fn organisation_map(&self) -> Result<OrganisationMap> {
        let fields = &self.fields;
        let searcher = self.searcher();
        let mut map = OrganisationMap::default();
        let orgs = all_of(vec![
            term(fields.kind, "doc"),
            term(fields.doc_type, "organisation"),
        ]);
        for (segment_ord, docs) in self.matches(&searcher, &orgs)? {
            let mut id = Texts::open(searcher.segment_reader(segment_ord), "id")?;
            id.load(&docs)?;
            for doc in docs {
                map.organisations.extend(id.first_string(doc));
            }
        }
        let memberships = term(fields.kind, "membership");
        let mut first: HashMap<String, (u64, String)> = HashMap::new();
        for (segment_ord, docs) in self.matches(&searcher, memberships.as_ref())? {
            let segment = searcher.segment_reader(segment_ord);
            let mut person = Texts::open(segment, "id")?;
            let mut org = Texts::open(segment, "orgs")?;
            person.load(&docs)?;
            org.load(&docs)?;
            let line = Numbers::<u64>::open(segment, "line")?;
            for doc in docs {
                let (Some(person), Some(org)) = (person.first_string(doc), org.first_string(doc))
                else {
                    continue;
                };
                let line = line.first(doc).unwrap_or(u64::MAX);
                let slot = first.entry(person).or_insert((u64::MAX, String::new()));
                if line < slot.0 {
                    *slot = (line, org);
                }
            }
        }
        map.person_org = first.into_iter().map(|(p, (_, o))| (p, o)).collect();
        Ok(map)
    }

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
            let owners: Vec<&str> = filter.owners.iter().map(String::as_str).collect();
            clauses.push(any_of(fields.people, &owners));
        }
        if let Some(doc) = &filter.doc {
            clauses.push(term(fields.id, doc));
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
            let bound = Term::from_field_i64(fields.date_end, super::records::day_number(today));
            clauses.push(Box::new(RangeQuery::new(
                Bound::Unbounded,
                Bound::Excluded(bound),
            )));
        }
        if let Some(before) = filter.due_before {
            let bound = Term::from_field_i64(fields.date_start, super::records::day_number(before));
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

    /// A person's or organisation's card, from its document.
    pub fn card(&self, doc: &StoredDoc) -> Result<Card> {
        let data = &doc.data;
        let mut fields: Vec<(String, String)> = Vec::new();
        let mut push = |label: &str, value: String| {
            if !value.is_empty() {
                fields.push((label.to_string(), value));
            }
        };
        let aliases: Vec<String> = strings(&data["names"]).into_iter().skip(1).collect();
        if doc.doc_type == "person" {
            let memberships = data["organisations"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            let org_ids: Vec<String> = memberships
                .iter()
                .filter_map(|m| m["org"].as_str().map(String::from))
                .collect();
            let id_refs: Vec<&str> = org_ids.iter().map(String::as_str).collect();
            let names = self.documents(&id_refs)?;
            let shown: Vec<String> = memberships
                .iter()
                .filter_map(|m| {
                    let org = m["org"].as_str()?;
                    let name = names.get(org).map_or(org, |d| d.title.as_str());
                    Some(match m["role"].as_str() {
                        Some(role) => format!("{name} ({role})"),
                        None => name.to_string(),
                    })
                })
                .collect();
            push("organisations", shown.join("; "));
            for key in ["role", "city", "email", "phone"] {
                push(key, data[key].as_str().unwrap_or_default().to_string());
            }
            push("topics", strings(&data["topics"]).join(", "));
        } else {
            push("short", strings(&data["short"]).join(", "));
            for key in ["kind", "city", "website", "parent"] {
                push(key, data[key].as_str().unwrap_or_default().to_string());
            }
        }
        push("aliases", aliases.join(", "));
        Ok(Card {
            id: doc.id.clone(),
            doc_type: doc.doc_type.clone(),
            name: doc.title.clone(),
            fields,
            path: doc.path.clone(),
        })
    }

    /// Everything `target` (a person's or organisation's document) does or is named in,
    /// each with its source.
    pub fn involvement(&self, target: &StoredDoc) -> Result<Vec<Involvement>> {
        let fields = &self.fields;
        let id = target.id.as_str();
        let names = reference_keys(target);
        let keys: Vec<&str> = names.iter().map(String::as_str).collect();
        let query = BooleanQuery::new(vec![
            (Occur::Should, term(fields.people, id)),
            (Occur::Should, term(fields.orgs, id)),
            (Occur::Should, any_of(fields.refs, &keys)),
        ]);
        let searcher = self.searcher();
        let mut entries = Vec::new();
        for (segment, docs) in self.matches(&searcher, &query)? {
            for doc in docs {
                let stored = self.stored(&searcher, segment, doc)?;
                let kind = text_of(&stored, fields.kind);
                let doc_id = text_of(&stored, fields.id);
                if kind == "doc" && doc_id == id {
                    continue;
                }
                let line = stored
                    .get_first(fields.line)
                    .and_then(|v| v.as_u64())
                    .unwrap_or(1) as u32;
                entries.push((
                    kind,
                    doc_id,
                    text_of(&stored, fields.path),
                    line,
                    stored_json(&stored, fields.data),
                ));
            }
        }
        let doc_ids: Vec<&str> = entries.iter().map(|e| e.1.as_str()).collect();
        let mut related: Vec<String> = Vec::new();
        for (kind, _, _, _, data) in &entries {
            match kind.as_str() {
                "attendance" => related.push(data["person"].as_str().unwrap_or_default().into()),
                "membership" => related.push(data["org"].as_str().unwrap_or_default().into()),
                _ => {}
            }
        }
        let mut wanted: Vec<&str> = doc_ids.clone();
        wanted.extend(related.iter().map(String::as_str));
        let docs = self.documents(&wanted)?;
        let title_of = |id: &str| docs.get(id).map_or(id.to_string(), |d| d.title.clone());
        let mut rows = Vec::new();
        for (kind, doc_id, path, line, data) in entries {
            let source = docs.get(&doc_id);
            let doc_date = source.and_then(StoredDoc::date);
            let has = |key: &str| strings(&data[key]).iter().any(|v| v == id);
            let text = |key: &str| data[key].as_str().unwrap_or_default().to_string();
            let (role, what, when) = match kind.as_str() {
                "attendance" if text("person") == id => {
                    let mut how = vec![match data["mode"].as_str() {
                        Some("in-person") => "in person".to_string(),
                        Some(mode) => mode.to_string(),
                        None => "attended".to_string(),
                    }];
                    how.extend(data["role"].as_str().map(|r| format!("as {r}")));
                    if let Some(org) = data["on_behalf_of"].as_str() {
                        how.push(format!("for {}", title_of(org)));
                    }
                    ("attended", how.join(", "), doc_date)
                }
                "attendance" => (
                    "represented",
                    format!("by {}", title_of(&text("person"))),
                    doc_date,
                ),
                "statement" => {
                    let lead = text("lead");
                    let said = text("text");
                    let what = if lead.is_empty() {
                        said
                    } else {
                        format!("{lead}: {said}")
                    };
                    ("stated", what, doc_date)
                }
                "action" => {
                    let state = if data["done"].as_bool() == Some(true) {
                        "done"
                    } else {
                        "open"
                    };
                    (
                        "action",
                        format!("[{state}] {}", text("text")),
                        data["due"].as_str().map(String::from),
                    )
                }
                "budget" => {
                    let amount = stored_amount(&data["amount"])
                        .map(|a| a.to_string())
                        .unwrap_or_default();
                    (
                        "budget",
                        format!("{}: {amount}", text("item")),
                        data["period"].as_str().map(String::from),
                    )
                }
                "activity" => {
                    let mut what = text("title");
                    if let Some(estimate) = stored_amount(&data["estimate"]) {
                        what.push_str(&format!(" ({estimate})"));
                    }
                    let when = data["when"]
                        .as_str()
                        .or(data["start"].as_str())
                        .map(String::from);
                    ("activity", what, when)
                }
                "partner" => {
                    let parts: Vec<String> = ["name", "initiative", "topic", "role"]
                        .iter()
                        .filter_map(|k| data[*k].as_str().map(String::from))
                        .collect();
                    let role = if has("contact") { "contact" } else { "partner" };
                    (role, parts.join("; "), None)
                }
                "session" => ("facilitated", text("title"), doc_date),
                "membership" if text("org") == id => {
                    let mut what = title_of(&doc_id);
                    if let Some(role) = data["role"].as_str() {
                        what.push_str(&format!(" ({role})"));
                    }
                    ("member", what, None)
                }
                "membership" => {
                    let mut what = title_of(&text("org"));
                    if let Some(role) = data["role"].as_str() {
                        what.push_str(&format!(" ({role})"));
                    }
                    ("member", what, None)
                }
                "doc" if has("owner") => ("owner", title_of(&doc_id), doc_date),
                "doc" if has("organiser") => ("organiser", title_of(&doc_id), doc_date),
                "doc" => ("mentioned", title_of(&doc_id), doc_date),
                _ => continue,
            };
            rows.push(Involvement {
                role: role.to_string(),
                what,
                when,
                title: title_of(&doc_id),
                doc: doc_id,
                path,
                line,
            });
        }
        crate::query::who::drop_bare_mentions(&mut rows);
        crate::query::who::sort(&mut rows);
        Ok(rows)
    }

    /// The best `limit` documents for `query`, each with the people involved in it.
    pub fn topic_hits(&self, query: &SearchQuery, limit: usize) -> Result<Vec<TopicHit>> {
        let (tantivy_query, _) = self.build_query(query)?;
        let searcher = self.searcher();
        let top = searcher.search(&tantivy_query, &TopDocs::with_limit(limit).order_by_score())?;
        let mut hits = Vec::new();
        for (score, address) in top {
            let segment = searcher.segment_reader(address.segment_ord);
            // A person's own document counts for them: it holds their own id.
            let people = Texts::open(segment, "people")?.strings(address.doc_id);
            let stored = self.stored_doc(&searcher.doc(address)?);
            hits.push(TopicHit {
                score,
                doc: Evidence {
                    id: stored.id,
                    title: stored.title,
                    path: stored.path,
                },
                people,
            });
        }
        Ok(hits)
    }

    /// The graph of people, organisations, meetings and plans: who attended, is a member
    /// of, is responsible for, partners in, owns, organised or facilitated what.
    pub fn graph(&self) -> Result<Graph> {
        let fields = &self.fields;
        let searcher = self.searcher();
        let mut nodes = Vec::new();
        let mut edges = Vec::new();
        let docs = all_of(vec![
            term(fields.kind, "doc"),
            any_of(
                fields.doc_type,
                &["person", "organisation", "meeting", "plan"],
            ),
        ]);
        for (segment, found) in self.matches(&searcher, &docs)? {
            for doc in found {
                let stored = self.stored_doc(&self.stored(&searcher, segment, doc)?);
                let kind = match stored.doc_type.as_str() {
                    "person" => NodeKind::Person,
                    "organisation" => NodeKind::Organisation,
                    "meeting" => NodeKind::Meeting,
                    _ => NodeKind::Plan,
                };
                for owner in strings(&stored.data["owner"]) {
                    edges.push(Edge {
                        from: owner,
                        to: stored.id.clone(),
                        kind: EdgeKind::Owns,
                    });
                }
                for organiser in strings(&stored.data["organiser"]) {
                    edges.push(Edge {
                        from: organiser,
                        to: stored.id.clone(),
                        kind: EdgeKind::Organised,
                    });
                }
                nodes.push(Node {
                    id: stored.id,
                    kind,
                    label: stored.title,
                });
            }
        }
        let records = any_of(
            fields.kind,
            &[
                "attendance",
                "membership",
                "budget",
                "activity",
                "partner",
                "session",
            ],
        );
        for (segment_ord, found) in self.matches(&searcher, records.as_ref())? {
            let segment = searcher.segment_reader(segment_ord);
            let mut kind = Texts::open(segment, "kind")?;
            let mut id = Texts::open(segment, "id")?;
            let mut people = Texts::open(segment, "people")?;
            let mut orgs = Texts::open(segment, "orgs")?;
            for texts in [&mut kind, &mut id, &mut people, &mut orgs] {
                texts.load(&found)?;
            }
            for doc in found {
                let Some(kind) = kind.first(doc) else {
                    continue;
                };
                let Some(id) = id.first_string(doc) else {
                    continue;
                };
                let mut edge = |from: String, to: String, kind: EdgeKind| {
                    edges.push(Edge { from, to, kind });
                };
                match &*kind {
                    "attendance" => {
                        for person in people.strings(doc) {
                            edge(person, id.clone(), EdgeKind::Attended);
                        }
                    }
                    "membership" => {
                        for org in orgs.strings(doc) {
                            edge(id.clone(), org, EdgeKind::MemberOf);
                        }
                    }
                    "budget" | "activity" => {
                        for who in people.strings(doc) {
                            edge(who, id.clone(), EdgeKind::ResponsibleFor);
                        }
                    }
                    "partner" => {
                        for org in orgs.strings(doc) {
                            edge(org, id.clone(), EdgeKind::PartnerIn);
                        }
                        for person in people.strings(doc) {
                            edge(person, id.clone(), EdgeKind::ContactFor);
                        }
                    }
                    _ => {
                        for person in people.strings(doc) {
                            edge(person, id.clone(), EdgeKind::Facilitated);
                        }
                    }
                }
            }
        }
        Ok(Graph::new(nodes, edges))
    }

    /// The attendees of a meeting, in file order, with their names.
    pub fn attendees(&self, meeting: &str) -> Result<Vec<Attendance>> {
        let query = all_of(vec![
            term(self.fields.kind, "attendance"),
            term(self.fields.id, meeting),
        ]);
        let searcher = self.searcher();
        let mut rows = Vec::new();
        for (segment, docs) in self.matches(&searcher, &query)? {
            for doc in docs {
                let stored = self.stored(&searcher, segment, doc)?;
                let data = stored_json(&stored, self.fields.data);
                let text = |key: &str| data[key].as_str().map(String::from);
                rows.push(Attendance {
                    name: String::new(),
                    person: text("person").unwrap_or_default(),
                    mode: text("mode"),
                    role: text("role"),
                    on_behalf_of: text("on_behalf_of"),
                    line: stored
                        .get_first(self.fields.line)
                        .and_then(|v| v.as_u64())
                        .unwrap_or(1) as u32,
                });
            }
        }
        let ids: Vec<&str> = rows.iter().map(|r| r.person.as_str()).collect();
        let names = self.documents(&ids)?;
        for row in &mut rows {
            row.name = names
                .get(&row.person)
                .map_or_else(|| row.person.clone(), |d| d.title.clone());
        }
        rows.sort_by_key(|r| r.line);
        Ok(rows)
    }

    /// Plans that `org` owns and that belong to no programme themselves: the candidates
    /// for the programme an organisation stands for.
    pub fn umbrella_plans_of(&self, org: &str) -> Result<Vec<StoredDoc>> {
        let query = all_of(vec![
            term(self.fields.kind, "doc"),
            term(self.fields.doc_type, "plan"),
            term(self.fields.orgs, org),
        ]);
        let searcher = self.searcher();
        let mut plans = Vec::new();
        for (segment, docs) in self.matches(&searcher, &query)? {
            for doc in docs {
                let stored = self.stored_doc(&self.stored(&searcher, segment, doc)?);
                if strings(&stored.data["owner"]).iter().any(|o| o == org)
                    && stored.data["programme"].is_null()
                {
                    plans.push(stored);
                }
            }
        }
        plans.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(plans)
    }

    /// The documents that refer to `target` in their front matter or body (backlinks), by
    /// id or by one of its names: (id, title, path), ordered by path.
    pub fn backlinks(&self, target: &StoredDoc) -> Result<Vec<(String, String, String)>> {
        let names = reference_keys(target);
        let keys: Vec<&str> = names.iter().map(String::as_str).collect();
        let query = all_of(vec![
            term(self.fields.kind, "doc"),
            any_of(self.fields.refs, &keys),
        ]);
        let searcher = self.searcher();
        let mut found = BTreeMap::new();
        for (segment, docs) in self.matches(&searcher, &query)? {
            for doc in docs {
                let stored = self.stored_doc(&self.stored(&searcher, segment, doc)?);
                if stored.id != target.id {
                    found.insert(stored.path.clone(), (stored.id, stored.title, stored.path));
                }
            }
        }
        Ok(found.into_values().collect())
    }
}

/// Organisation ids, and each person's first organisation.
#[derive(Debug, Default)]
struct OrganisationMap {
    organisations: HashSet<String>,
    person_org: HashMap<String, String>,
}

impl OrganisationMap {
    /// The organisation responsible: the first value that is an organisation, else the
    /// first organisation of the first value that is a person with one.
    fn organisation_of<'a>(&'a self, responsible: &'a [Rc<str>]) -> Option<&'a str> {
        responsible
            .iter()
            .find(|r| self.organisations.contains(&***r))
            .map(|r| &**r)
            .or_else(|| {
                responsible
                    .iter()
                    .find_map(|r| self.person_org.get(&**r).map(String::as_str))
            })
    }
}

/// What a reference to `target` may say, as the index holds references (as written, and
/// folded): its id, and each of its names as written and folded.
fn reference_keys(target: &StoredDoc) -> Vec<String> {
    let mut keys = vec![target.id.clone()];
    for name in strings(&target.data["names"]) {
        keys.push(crate::model::text::fold(name.trim()));
        keys.push(name);
    }
    keys.sort();
    keys.dedup();
    keys
}

/// Escapes regex syntax in a folded word.
fn regex_escape(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for ch in word.chars() {
        if !ch.is_alphanumeric() {
            out.push('\\');
        }
        out.push(ch);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_amounts_read_back_in_cents() {
        assert_eq!(
            stored_amount(&serde_json::json!(5_000_000)),
            Some(Amount::Exact(Money::from_cents(5_000_000)))
        );
        assert_eq!(
            stored_amount(&serde_json::json!({"min": 1, "max": 2})).map(|a| a.bounds()),
            Some(Some((Money::from_cents(1), Money::from_cents(2))))
        );
        assert_eq!(stored_amount(&serde_json::json!("tbd")), Some(Amount::Tbd));
        assert_eq!(stored_amount(&serde_json::json!(null)), None);
    }

    #[test]
    fn a_lines_organisation_is_named_or_comes_through_its_person() {
        let map = OrganisationMap {
            organisations: ["cob".to_string()].into(),
            person_org: [("jan".to_string(), "gemeente-x".to_string())].into(),
        };
        let owners = |v: &[&str]| v.iter().map(|s| Rc::from(*s)).collect::<Vec<Rc<str>>>();
        assert_eq!(map.organisation_of(&owners(&["jan", "cob"])), Some("cob"));
        assert_eq!(map.organisation_of(&owners(&["jan"])), Some("gemeente-x"));
        assert_eq!(map.organisation_of(&owners(&["Alle gemeenten"])), None);
        assert_eq!(regex_escape("o'brien"), "o\\'brien");
    }
}

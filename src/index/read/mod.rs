//! Reading entries back for the queries (who, budget, actions, show, graph): select entries
//! with term queries, read their fast columns, and load stored records only for the rows a
//! command prints. Nothing here re-parses a file. One file per command: budget, actions,
//! who, graph; this one holds what they share and the lookups of documents by name.

use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;

use anyhow::Result;
use serde_json::Value as Json;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::query::{BooleanQuery, Occur, Query, RegexQuery, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{DocAddress, DocId, Searcher, SegmentReader, TantivyDocument, Term};

mod actions;
mod budget;
mod graph;
mod who;

pub use actions::ActionFilter;
pub use budget::{BudgetEntries, BudgetScope};

use super::KbIndex;
use super::best::Best;
use super::records::LIST_KINDS;
use super::schema::{FOLDED, analyze};
use super::search::stored_json;
use crate::model::text::{fold, is_id};
use crate::model::{Amount, DocType, Money};

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
pub(super) struct Texts {
    column: Option<StrColumn>,
    values: Vec<Option<Rc<str>>>,
}

impl Texts {
    pub(super) fn open(segment: &SegmentReader, field: &str) -> Result<Texts> {
        let column = segment.fast_fields().str(field)?;
        let terms = column.as_ref().map_or(0, |c| c.num_terms());
        Ok(Texts {
            column,
            values: vec![None; terms],
        })
    }

    /// Looks up every value of `docs` at once: one pass over the dictionary in ordinal
    /// order rather than a search per value (each search decompresses a block).
    pub(super) fn load(&mut self, docs: &[DocId]) -> Result<()> {
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
    pub(super) fn all(&mut self, doc: DocId) -> Vec<Rc<str>> {
        let Some(column) = &self.column else {
            return Vec::new();
        };
        let ords: Vec<u64> = column.term_ords(doc).collect();
        ords.into_iter().map(|ord| self.value(ord)).collect()
    }

    /// Calls `visit` with every value of `doc`, without collecting them.
    pub(super) fn each(&mut self, doc: DocId, mut visit: impl FnMut(&str)) {
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
    pub(super) fn strings(&mut self, doc: DocId) -> Vec<String> {
        self.all(doc).iter().map(|v| v.to_string()).collect()
    }

    /// The ordinal of the first value of `doc`; `u64::MAX` when it has none.
    pub(super) fn first_ord(&self, doc: DocId) -> u64 {
        self.column
            .as_ref()
            .and_then(|column| column.term_ords(doc).next())
            .unwrap_or(u64::MAX)
    }

    /// The value of an ordinal from [`Texts::first_ord`]; `None` for `u64::MAX`.
    pub(super) fn text(&mut self, ord: u64) -> Option<Rc<str>> {
        (ord != u64::MAX).then(|| self.value(ord))
    }

    /// The first value of `doc`.
    pub(super) fn first(&mut self, doc: DocId) -> Option<Rc<str>> {
        let ord = self.column.as_ref()?.term_ords(doc).next()?;
        Some(self.value(ord))
    }

    /// The first value of `doc`, as an owned string.
    pub(super) fn first_string(&mut self, doc: DocId) -> Option<String> {
        self.first(doc).map(|v| v.to_string())
    }
}

/// A fast number column of one segment (`i64` or `u64`).
pub(super) struct Numbers<T>(Option<Column<T>>);

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
    pub(super) fn open(segment: &SegmentReader, field: &str) -> Result<Numbers<T>> {
        Ok(Numbers(segment.fast_fields().column_opt::<T>(field)?))
    }

    pub(super) fn first(&self, doc: DocId) -> Option<T> {
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
    /// Its title or name first, then its aliases and short names.
    pub fn names(&self) -> Vec<String> {
        strings(&self.data["names"])
    }

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

pub(super) fn term(field: Field, value: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, value),
        IndexRecordOption::Basic,
    ))
}

pub(super) fn any_of(field: Field, values: &[&str]) -> Box<dyn Query> {
    Box::new(BooleanQuery::new(
        values
            .iter()
            .map(|value| (Occur::Should, term(field, value)))
            .collect(),
    ))
}

pub(super) fn all_of(clauses: Vec<Box<dyn Query>>) -> BooleanQuery {
    BooleanQuery::new(clauses.into_iter().map(|q| (Occur::Must, q)).collect())
}

pub(super) fn text_of(doc: &TantivyDocument, field: Field) -> String {
    doc.get_first(field)
        .and_then(|v| v.as_str())
        .unwrap_or_default()
        .to_string()
}

pub(super) fn strings(value: &Json) -> Vec<String> {
    match value {
        Json::Array(items) => items
            .iter()
            .filter_map(|v| v.as_str().map(String::from))
            .collect(),
        Json::String(one) => vec![one.clone()],
        _ => Vec::new(),
    }
}

pub(super) fn amount_of(min: Option<i64>, max: Option<i64>) -> Amount {
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
    pub(super) fn matches(
        &self,
        searcher: &Searcher,
        query: &dyn Query,
    ) -> Result<Vec<(u32, Vec<DocId>)>> {
        Ok(searcher.search(query, &Matches)?)
    }

    pub(super) fn stored(
        &self,
        searcher: &Searcher,
        segment: u32,
        doc: DocId,
    ) -> Result<TantivyDocument> {
        Ok(searcher.doc(DocAddress::new(segment, doc))?)
    }

    pub(super) fn stored_doc(&self, doc: &TantivyDocument) -> StoredDoc {
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
        for doc in self.documents_with_ids(ids)? {
            found.entry(doc.id.clone()).or_insert(doc);
        }
        Ok(found)
    }

    /// Every entry of the documents whose ids are `ids`, records included: records carry
    /// their document's path, not a searchable id.
    pub(super) fn of_documents(&self, ids: &[&str]) -> Result<Box<dyn Query>> {
        let paths: Vec<String> = self
            .documents_with_ids(ids)?
            .into_iter()
            .map(|doc| doc.path)
            .collect();
        let paths: Vec<&str> = paths.iter().map(String::as_str).collect();
        Ok(any_of(self.fields.path, &paths))
    }

    /// Every document whose id is one of `ids`: all of them, also where two share an id
    /// (which `kb check` reports).
    pub(super) fn documents_with_ids(&self, ids: &[&str]) -> Result<Vec<StoredDoc>> {
        let mut found = Vec::new();
        if ids.is_empty() {
            return Ok(found);
        }
        let searcher = self.searcher();
        let query = all_of(vec![
            term(self.fields.kind, "doc"),
            any_of(self.fields.doc_id, ids),
        ]);
        for (segment, docs) in self.matches(&searcher, &query)? {
            for doc in docs {
                found.push(self.stored_doc(&self.stored(&searcher, segment, doc)?));
            }
        }
        Ok(found)
    }

    /// Documents whose name, alias, abbreviation or id is exactly `text` (folded), best
    /// first (at most 20).
    pub fn named(&self, text: &str) -> Result<Vec<StoredDoc>> {
        let mut keys = vec![fold(text.trim())];
        if is_id(text) {
            keys.push(text.to_string());
        }
        let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
        let searcher = self.searcher();
        let query = any_of(self.fields.name_key, &keys);
        let top = searcher.search(&query, &Best::with_limit(20))?;
        top.into_iter()
            .map(|(_, address)| Ok(self.stored_doc(&searcher.doc(address)?)))
            .collect()
    }

    /// The line an entry stands on (1 when it has none).
    pub(super) fn line_of(&self, doc: &TantivyDocument) -> u32 {
        doc.get_first(self.fields.line)
            .and_then(|v| v.as_u64())
            .map_or(1, |line| line as u32)
    }

    /// The records a stored entry holds, each with its line: those of a list entry
    /// ([`LIST_KINDS`]), else the entry's one record.
    pub(super) fn records_in(&self, kind: &str, doc: &TantivyDocument) -> Vec<(u32, Json)> {
        let line = self.line_of(doc);
        let data = stored_json(doc, self.fields.data);
        match data {
            Json::Array(items) if LIST_KINDS.contains(&kind) => items
                .into_iter()
                .map(|item| {
                    let at = item["line"].as_u64().map_or(line, |l| l as u32);
                    (at, item)
                })
                .collect(),
            data => vec![(line, data)],
        }
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
        let mut found: Vec<StoredDoc> = self.named(text)?.into_iter().filter(fits).collect();
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
        // One each; two documents that share an id (an error of `kb check`) both stay, so
        // that the user chooses by path rather than getting one of them in silence.
        found.sort_by(|a, b| a.id.cmp(&b.id).then_with(|| a.path.cmp(&b.path)));
        found.dedup_by(|a, b| a.id == b.id && a.path == b.path);
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
        let top = searcher.search(&query, &Best::with_limit(limit * 4))?;
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

    /// The attendees of a meeting, in file order, with their names.
    pub fn attendees(&self, meeting: &str) -> Result<Vec<Attendance>> {
        let query = all_of(vec![
            term(self.fields.kind, "attendance"),
            self.of_documents(&[meeting])?,
        ]);
        let searcher = self.searcher();
        let mut rows = Vec::new();
        for (segment, docs) in self.matches(&searcher, &query)? {
            for doc in docs {
                let stored = self.stored(&searcher, segment, doc)?;
                for (line, data) in self.records_in("attendance", &stored) {
                    let text = |key: &str| data[key].as_str().map(String::from);
                    rows.push(Attendance {
                        name: String::new(),
                        person: text("person").unwrap_or_default(),
                        mode: text("mode"),
                        role: text("role"),
                        on_behalf_of: text("on_behalf_of"),
                        line,
                    });
                }
            }
        }
        // A person may be written as an id, a name or an alias.
        let mut resolver = IdResolver::new(self);
        let mut ids = Vec::with_capacity(rows.len());
        for row in &rows {
            ids.push(resolver.id_of(&row.person)?);
        }
        let id_refs: Vec<&str> = ids.iter().flatten().map(String::as_str).collect();
        let names = self.documents(&id_refs)?;
        for (row, id) in rows.iter_mut().zip(&ids) {
            row.name = id
                .as_ref()
                .and_then(|id| names.get(id))
                .map_or_else(|| row.person.clone(), |d| d.title.clone());
        }
        rows.sort_by_key(|r| r.line);
        Ok(rows)
    }

    /// Plans that `org` owns and that belong to no programme themselves: the candidates
    /// for the programme an organisation stands for.
    pub fn umbrella_plans_of(&self, org: &str) -> Result<Vec<StoredDoc>> {
        let keys = self.person_keys_of(&[org.to_string()])?;
        let key_refs: Vec<&str> = keys.iter().map(String::as_str).collect();
        let query = all_of(vec![
            term(self.fields.kind, "doc"),
            term(self.fields.doc_type, "plan"),
            any_of(self.fields.parties, &key_refs),
        ]);
        let searcher = self.searcher();
        let mut plans = Vec::new();
        let mut resolver = IdResolver::new(self);
        for (segment, docs) in self.matches(&searcher, &query)? {
            for doc in docs {
                let stored = self.stored_doc(&self.stored(&searcher, segment, doc)?);
                let owners = resolver.ids_of(&strings(&stored.data["owner"]))?;
                if owners.iter().any(|o| o == org) && stored.data["programme"].is_null() {
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
            Box::new(BooleanQuery::new(vec![
                (Occur::Should, any_of(self.fields.refs, &keys)),
                (Occur::Should, any_of(self.fields.parties, &keys)),
            ])),
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

/// Turns values of `people` and `orgs` (an id, or a name or alias as written) into the ids
/// of the documents they name, as `kb check` resolves references: an id first, then a
/// name, alias or abbreviation (folded) that names one document. Remembers what it
/// looked up.
pub struct IdResolver<'a> {
    index: &'a KbIndex,
    known: HashMap<String, Option<String>>,
}

impl<'a> IdResolver<'a> {
    /// A resolver over `index`.
    pub fn new(index: &'a KbIndex) -> IdResolver<'a> {
        IdResolver {
            index,
            known: HashMap::new(),
        }
    }

    /// The id of the document `value` names, if exactly one.
    pub fn id_of(&mut self, value: &str) -> Result<Option<String>> {
        if let Some(known) = self.known.get(value) {
            return Ok(known.clone());
        }
        let found = if is_id(value) && !self.index.documents(&[value])?.is_empty() {
            Some(value.to_string())
        } else {
            match self.index.named(value)?.as_slice() {
                [one] => Some(one.id.clone()),
                _ => None,
            }
        };
        self.known.insert(value.to_string(), found.clone());
        Ok(found)
    }

    /// The ids `values` name, each once, in the order first named; values that name no
    /// single document are left out.
    pub fn ids_of(&mut self, values: &[String]) -> Result<Vec<String>> {
        let mut ids: Vec<String> = Vec::new();
        for value in values {
            if let Some(id) = self.id_of(value)?
                && !ids.contains(&id)
            {
                ids.push(id);
            }
        }
        Ok(ids)
    }
}

impl KbIndex {
    /// The keys under which `people` and `orgs` hold references to `target`: its id, and
    /// each of its names folded, unless that is the id of another document (ids win).
    pub fn person_keys(&self, target: &StoredDoc) -> Result<Vec<String>> {
        let mut keys = vec![target.id.clone()];
        let names: Vec<String> = target
            .names()
            .iter()
            .map(|name| fold(name.trim()))
            .filter(|key| !key.is_empty() && *key != target.id)
            .collect();
        let name_refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let taken = self.documents(&name_refs)?;
        for key in names {
            if !taken.contains_key(&key) && !keys.contains(&key) {
                keys.push(key);
            }
        }
        Ok(keys)
    }

    /// [`KbIndex::person_keys`] of every document `ids` names (ids that name no document
    /// are kept as they are).
    pub fn person_keys_of(&self, ids: &[String]) -> Result<Vec<String>> {
        let id_refs: Vec<&str> = ids.iter().map(String::as_str).collect();
        let docs = self.documents(&id_refs)?;
        let mut keys: Vec<String> = Vec::new();
        for id in ids {
            let more = match docs.get(id) {
                Some(doc) => self.person_keys(doc)?,
                None => vec![id.clone()],
            };
            for key in more {
                if !keys.contains(&key) {
                    keys.push(key);
                }
            }
        }
        Ok(keys)
    }
}

/// What a reference to `target` may say, as the index holds references (as written, and
/// folded): its id, and each of its names as written and folded.
pub(super) fn reference_keys(target: &StoredDoc) -> Vec<String> {
    let mut keys = vec![target.id.clone()];
    for name in target.names() {
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
    fn regex_syntax_in_a_name_is_escaped() {
        assert_eq!(regex_escape("o'brien"), "o\\'brien");
        assert_eq!(regex_escape("a.b"), "a\\.b");
    }
}

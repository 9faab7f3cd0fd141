//! Front matter into typed fields, one field at a time, so that one bad value gives one
//! finding (with its line) and the rest of the document still counts.
//!
//! The YAML is parsed once into a `serde_yaml::Value` (by [`super::plain_yaml`] when it is
//! plain, else by serde_yaml); every field is deserialized from that value. Only when a
//! field fails is the text parsed a second time, for the exact line and column of the bad
//! value.

use std::fmt;
use std::marker::PhantomData;

use rustc_hash::FxHashMap;
use serde::de::{DeserializeOwned, DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use serde_yaml::{Mapping, Value};

use crate::model::de::{BareOr, Labels, ListOf, OneOrMany};
use crate::model::doc::Totals;
use crate::model::text::is_id;
use crate::model::*;

/// Fields every document may have.
const COMMON_FIELDS: &[&str] = &[
    "type",
    "id",
    "title",
    "date",
    "tags",
    "people",
    "organisations",
    "aliases",
    "source",
    "summary",
];

/// Fields of one type, beyond the common ones.
fn type_fields(doc_type: DocType) -> &'static [&'static str] {
    match doc_type {
        DocType::Meeting => &["end", "location", "organiser", "attendees", "sessions"],
        DocType::Plan => &[
            "programme",
            "team",
            "owner",
            "period",
            "budget",
            "totals",
            "activities",
            "milestones",
            "partners",
        ],
        DocType::Person => &[
            "name",
            "organisation",
            "organisations",
            "city",
            "role",
            "email",
            "phone",
            "topics",
        ],
        DocType::Organisation => &["name", "short", "kind", "city", "website", "parent"],
        DocType::Note => &[],
    }
}

/// What the front matter says, before the body is read.
pub(crate) struct Head {
    pub id: String,
    pub id_line: u32,
    pub doc: Option<Document>,
}

/// Reads front matter text into a document (without its body).
pub(crate) struct FieldReader<'a> {
    path: &'a str,
    yaml: &'a str,
    first_line: u32,
    lines: Vec<&'a str>,
    /// The line (in `lines`) of each top-level key.
    key_lines: FxHashMap<&'a str, usize>,
    map: Mapping,
    references: Vec<Reference>,
    /// Findings so far.
    pub findings: Vec<Finding>,
}

/// The fields of a list's items that refer to other documents, and whether only id-shaped
/// values count (as the readers of the items take them): checked also in an item that
/// could not be read.
const ITEM_REFERENCES: &[(&str, &[(&str, bool)])] = &[
    ("attendees", &[("person", false), ("on_behalf_of", false)]),
    ("sessions", &[("facilitators", false)]),
    ("organisations", &[("org", false)]),
    ("budget", &[("responsible", true)]),
    ("activities", &[("responsible", true)]),
    ("partners", &[("org", true), ("contact", true)]),
];

impl<'a> FieldReader<'a> {
    /// Parses `yaml` (whose first line is file line `first_line`). `Err` holds the finding
    /// when the YAML is not a mapping at all.
    pub fn new(path: &'a str, yaml: &'a str, first_line: u32) -> Result<Self, Finding> {
        let parsed = match super::plain_yaml::parse(yaml) {
            Some(value) => Ok(value),
            None => serde_yaml::from_str(yaml),
        };
        let value: Value = match parsed {
            Ok(value) => value,
            Err(err) => {
                let mut message = strip_location(&err, first_line);
                // Errors of YAML's reader (a control character, a bad byte) end in a
                // byte offset, and their location is only the start: the offset is
                // turned into a line and column here.
                let (line, column) = match position_suffix(&message, yaml) {
                    Some((cut, line, column)) => {
                        message.truncate(cut);
                        (first_line + line - 1, Some(column))
                    }
                    None => err
                        .location()
                        .map(|l| (first_line + l.line() as u32 - 1, Some(l.column() as u32)))
                        .unwrap_or((first_line, None)),
                };
                // A whole number beyond 64 bits is valid YAML that serde_yaml cannot hold.
                let too_large = message.contains("as u128") || message.contains("as i128");
                let mut finding = if too_large {
                    let number = message
                        .split('`')
                        .nth(1)
                        .unwrap_or("the number")
                        .to_string();
                    Finding::new(
                        Code::InvalidField,
                        path,
                        line,
                        format!(
                            "`{number}` is too large a number for kb to read (the front matter is skipped)"
                        ),
                    )
                    .with_help("correct it, or quote it if it is text such as a code")
                } else {
                    Finding::new(
                        Code::YamlSyntax,
                        path,
                        line,
                        format!("front matter is not valid YAML: {message}"),
                    )
                    .with_help(
                        "fix the YAML between the `---` lines; quote values that hold `: ` or `#`",
                    )
                };
                finding.column = column;
                return Err(finding);
            }
        };
        let map = match value {
            Value::Mapping(map) => map,
            Value::Null => Mapping::new(),
            other => {
                return Err(Finding::new(
                    Code::InvalidFrontMatter,
                    path,
                    first_line,
                    format!(
                        "front matter must be a mapping of fields, not {}",
                        describe(&other)
                    ),
                ));
            }
        };
        let lines: Vec<&str> = yaml.lines().collect();
        let mut key_lines = FxHashMap::default();
        for (index, line) in lines.iter().enumerate() {
            if line.starts_with([' ', '\t', '-', '#']) {
                continue;
            }
            if let Some((key, _)) = line.split_once(':') {
                let key = key.trim().trim_matches(['"', '\'']);
                key_lines.entry(key).or_insert(index);
            }
        }
        Ok(FieldReader {
            path,
            yaml,
            first_line,
            lines,
            key_lines,
            map,
            references: Vec::new(),
            findings: Vec::new(),
        })
    }

    /// File line of a top-level key (the front matter's first line when absent).
    fn key_line(&self, key: &str) -> u32 {
        self.first_line + self.key_lines.get(key).copied().unwrap_or(0) as u32
    }

    /// File line of the first line at or after `*cursor` (but not before `key`'s line) that
    /// holds `needle`; moves the cursor there.
    fn value_line(&self, key: &str, needle: &str, cursor: &mut usize) -> u32 {
        let start = (*cursor).max(self.key_lines.get(key).copied().unwrap_or(0));
        let needle = Needle::new(needle);
        if !needle.text.is_empty()
            && let Some(offset) = (start.min(self.lines.len())..self.lines.len())
                .position(|index| needle.is_in(self.value_text(key, index)))
        {
            *cursor = start + offset;
            return self.first_line + (start + offset) as u32;
        }
        self.first_line + start as u32
    }

    /// The text of line `index` in which a value of `key` may stand: on the key's own line
    /// only what follows the key (`attendees: [a, b]`), so that a value found in the key's
    /// name (`a` in `attendees:`) does not stand for it.
    fn value_text(&self, key: &str, index: usize) -> &str {
        let line = self.lines[index];
        if self.key_lines.get(key) == Some(&index) {
            line.split_once(':').map_or(line, |(_, after)| after)
        } else {
            line
        }
    }

    /// The lines of `key`'s value: from its key line up to the next top-level key.
    fn block_of(&self, key: &str) -> std::ops::Range<usize> {
        let start = self.key_lines.get(key).copied().unwrap_or(0);
        let end = self
            .key_lines
            .values()
            .copied()
            .filter(|&line| line > start)
            .min()
            .unwrap_or(self.lines.len());
        start..end.min(self.lines.len())
    }

    /// File line of the next item of the list `key` that holds `needle`: the first such line
    /// after the previous item's (`*previous`), else the previous item's own line (the items
    /// of a flow collection share one), within `key`'s lines; moves `*previous` there. Two
    /// items that read alike (an `item` repeated for another period) get lines of their own.
    fn item_line(&self, key: &str, needle: &str, previous: &mut Option<usize>) -> u32 {
        let block = self.block_of(key);
        let needle = Needle::new(needle);
        let find = |from: usize| {
            (from.max(block.start)..block.end)
                .find(|&index| needle.is_in(self.value_text(key, index)))
        };
        let found = if needle.text.is_empty() {
            None
        } else {
            match *previous {
                Some(line) => find(line + 1).or_else(|| find(line)),
                None => find(block.start),
            }
        };
        match found {
            Some(index) => {
                *previous = Some(index);
                self.first_line + index as u32
            }
            None => self.first_line + previous.unwrap_or(block.start) as u32,
        }
    }

    /// The field `key` as a `T`; `None` when absent, null, or wrong (then with a finding).
    fn get<T: DeserializeOwned>(&mut self, key: &str) -> Option<T> {
        let value = self.map.get(key)?;
        if value.is_null() {
            return None;
        }
        match T::deserialize(value) {
            Ok(parsed) => Some(parsed),
            Err(fast_err) => {
                let finding = self.locate_error::<T>(key, &fast_err.to_string());
                self.findings.push(finding);
                None
            }
        }
    }

    /// Parses the text again to find where `key`'s value goes wrong.
    fn locate_error<T: DeserializeOwned>(&self, key: &str, fallback: &str) -> Finding {
        let seed = FieldSeed::<T> {
            key,
            item: None,
            marker: PhantomData,
        };
        self.locate_with(seed, key, fallback)
    }

    /// Parses the text again to find where item `index` of list `key` goes wrong.
    fn locate_item_error<T: DeserializeOwned>(
        &self,
        key: &str,
        index: usize,
        fallback: &str,
    ) -> Finding {
        let seed = FieldSeed::<T> {
            key,
            item: Some(index),
            marker: PhantomData,
        };
        self.locate_with(seed, key, &format!("{key}[{index}]: {fallback}"))
    }

    fn locate_with<T: DeserializeOwned>(
        &self,
        seed: FieldSeed<'_, T>,
        key: &str,
        fallback: &str,
    ) -> Finding {
        let (message, line, column) =
            match seed.deserialize(serde_yaml::Deserializer::from_str(self.yaml)) {
                Err(err) => {
                    let location = err.location();
                    (
                        strip_location(&err, self.first_line),
                        location
                            .as_ref()
                            .map(|l| self.first_line + l.line() as u32 - 1)
                            .unwrap_or_else(|| self.key_line(key)),
                        location.map(|l| l.column() as u32),
                    )
                }
                Ok(()) => (fallback.to_string(), self.key_line(key), None),
            };
        let message = plain_serde_message(&message);
        let message = if message.starts_with(key) {
            message
        } else {
            format!("{key}: {message}")
        };
        let code = if message.contains("invalid date") {
            Code::InvalidDate
        } else if message.contains("invalid amount") {
            Code::InvalidAmount
        } else if message.contains("missing field") {
            Code::MissingField
        } else {
            Code::InvalidField
        };
        let mut finding = Finding::new(code, self.path, line, message);
        finding.column = column;
        finding
    }

    /// A list field read item by item, so that each bad item is its own finding.
    fn list<T: DeserializeOwned>(&mut self, key: &str) -> Vec<T> {
        self.list_and_failures(key).0
    }

    /// [`FieldReader::list`], and the lines of the items that could not be read (each
    /// also a finding).
    fn list_and_failures<T: DeserializeOwned>(&mut self, key: &str) -> (Vec<T>, Vec<u32>) {
        let Some(Value::Sequence(items)) = self.map.get(key) else {
            let before = self.findings.len();
            let whole = self.get::<ListOf<T>>(key).map(|l| l.0).unwrap_or_default();
            let lines = self.findings[before..].iter().map(|f| f.line).collect();
            return (whole, lines);
        };
        let mut parsed = Vec::with_capacity(items.len());
        let mut failed = Vec::new();
        for (index, item) in items.iter().enumerate() {
            match T::deserialize(item) {
                Ok(value) => parsed.push(value),
                Err(err) => failed.push((index, err.to_string(), item.clone())),
            }
        }
        let mut lines = Vec::with_capacity(failed.len());
        for (index, fallback, item) in failed {
            let finding = self.locate_item_error::<T>(key, index, &fallback);
            lines.push(finding.line);
            self.refer_in_unreadable_item(key, &item, finding.line);
            self.findings.push(finding);
        }
        (parsed, lines)
    }

    /// The references of a list item that could not be read (a bad date or mode beside
    /// them), so that they are still checked: an unknown person in such an attendee is
    /// reported too, not only the bad field. `error_line` is the file line of the item's
    /// error; its references are looked for from the item's first line on.
    fn refer_in_unreadable_item(&mut self, key: &str, item: &Value, error_line: u32) {
        let Some((key, fields)) = ITEM_REFERENCES
            .iter()
            .find(|(list, _)| *list == key)
            .map(|(list, fields)| (*list, *fields))
        else {
            return;
        };
        let Value::Mapping(item) = item else {
            return;
        };
        let block = self.block_of(key);
        let error_at = (error_line.saturating_sub(self.first_line) as usize)
            .clamp(block.start, block.end.saturating_sub(1).max(block.start));
        let item_start = (block.start..=error_at)
            .rev()
            .find(|&at| {
                self.lines
                    .get(at)
                    .is_some_and(|line| line.trim_start().starts_with("- "))
            })
            .unwrap_or(block.start);
        for (field, ids_only) in fields {
            let targets: Vec<String> = match item.get(*field) {
                Some(Value::String(one)) => vec![one.clone()],
                Some(Value::Sequence(many)) => many
                    .iter()
                    .filter_map(|value| value.as_str().map(String::from))
                    .collect(),
                _ => Vec::new(),
            };
            let mut cursor = item_start;
            for target in targets {
                let line = self.value_line(key, &target, &mut cursor);
                self.refer(key, &target, line, *ids_only);
            }
        }
    }

    /// A text field.
    fn text(&mut self, key: &str) -> Option<String> {
        self.get::<crate::model::de::Label>(key)
            .map(|label| label.0)
    }

    /// A list of texts.
    fn texts(&mut self, key: &str) -> Vec<String> {
        self.get::<Labels>(key).map(|l| l.0).unwrap_or_default()
    }

    /// Records references from a list field, each at its own line.
    fn refer_all(&mut self, key: &'static str, targets: &[String], ids_only: bool) {
        let mut cursor = 0;
        for target in targets {
            let line = self.value_line(key, target, &mut cursor);
            self.refer(key, target, line, ids_only);
        }
    }

    /// Records one reference. With `ids_only`, free text (not id-shaped) is no reference.
    fn refer(&mut self, field: &'static str, target: &str, line: u32, ids_only: bool) {
        let target = target.trim();
        if target.is_empty() || (ids_only && !is_id(target)) {
            return;
        }
        self.references.push(Reference {
            target: target.to_string(),
            origin: RefOrigin::Field(field),
            line,
            column: None,
        });
    }

    /// Reads every field. `stem` is the file name without `.md`, the default id.
    pub fn read(mut self, stem: &str) -> (Head, Vec<Finding>) {
        for (index, column, number) in thousands_dots(&self.lines) {
            let mut finding = Finding::new(
                Code::InvalidAmount,
                self.path,
                self.first_line + index as u32,
                format!(
                    "`{number}` without quotes is the decimal number {} to YAML, not {} as in Dutch",
                    number.parse::<f64>().map_or_else(|_| number.to_string(), |v| v.to_string()),
                    number.replace('.', "")
                ),
            )
            .with_help(format!(
                "write `{}`, or quote it (`\"{number}\"`) to keep the Dutch thousands dots",
                number.replace('.', "")
            ));
            finding.column = Some(column as u32 + 1);
            self.findings.push(finding);
        }
        let explicit_id = self.text("id");
        let id_line = if explicit_id.is_some() {
            self.key_line("id")
        } else {
            0
        };
        let id = explicit_id.clone().unwrap_or_else(|| stem.to_string());
        if !is_id(&id) {
            let finding = match &explicit_id {
                Some(_) => Finding::new(
                    Code::InvalidId,
                    self.path,
                    id_line,
                    format!("id `{id}` is not a valid id"),
                ),
                None => Finding::new(
                    Code::InvalidId,
                    self.path,
                    0,
                    format!("the file name gives the id `{id}`, which is not a valid id"),
                ),
            }
            .with_help(format!(
                "ids are lower-case letters, digits and hyphens: `{}`",
                crate::model::text::slugify(&id)
            ));
            self.findings.push(finding);
        }
        let doc_type = match self.text("type") {
            None if !self.map.contains_key("type") => {
                self.findings.push(
                    Finding::new(
                        Code::MissingField,
                        self.path,
                        self.first_line,
                        "missing field `type`",
                    )
                    .with_help("add `type:` with meeting, plan, person, organisation or note"),
                );
                None
            }
            None => {
                // `type:` with nothing after it: the document would vanish from every
                // query without a word.
                if self.map.get("type").is_some_and(Value::is_null) {
                    self.findings.push(
                        Finding::new(
                            Code::MissingField,
                            self.path,
                            self.key_line("type"),
                            "field `type` is empty",
                        )
                        .with_help(
                            "write meeting, plan, person, organisation or note after `type:`",
                        ),
                    );
                }
                None
            }
            Some(name) => match name.parse::<DocType>() {
                Ok(doc_type) => Some(doc_type),
                Err(message) => {
                    let line = self.key_line("type");
                    self.findings
                        .push(Finding::new(Code::UnknownType, self.path, line, message));
                    None
                }
            },
        };
        let Some(doc_type) = doc_type else {
            let findings = std::mem::take(&mut self.findings);
            return (
                Head {
                    id,
                    id_line,
                    doc: None,
                },
                findings,
            );
        };

        let title_field = doc_type.title_field();
        let title = match self.text(title_field) {
            Some(title) if !title.trim().is_empty() => title,
            _ => {
                self.findings.push(Finding::new(
                    Code::MissingField,
                    self.path,
                    self.first_line,
                    format!("missing field `{title_field}` (a {doc_type} needs one)"),
                ));
                id.clone()
            }
        };
        let date = self.get::<PartialDate>("date");
        // Absent or empty (a date kb cannot read has its own finding already).
        let no_date = self.map.get("date").is_none_or(Value::is_null);
        if doc_type == DocType::Meeting && date.is_none() && no_date {
            let line = if self.map.contains_key("date") {
                self.key_line("date")
            } else {
                self.first_line
            };
            self.findings.push(
                Finding::new(
                    Code::MissingField,
                    self.path,
                    line,
                    "missing field `date` (a meeting needs one)",
                )
                .with_help("write the date as precisely as known: 2022-11-29, 2022-11 or 2022"),
            );
        }
        let tags = self.texts("tags");
        let people = self.texts("people");
        self.refer_all("people", &people, false);
        let organisations = if doc_type == DocType::Person {
            Vec::new()
        } else {
            let organisations = self.texts("organisations");
            self.refer_all("organisations", &organisations, false);
            organisations
        };
        let aliases = self.texts("aliases");
        let source = self.text("source");
        let summary = self.text("summary");
        let mut organisations = organisations;
        let details = match doc_type {
            DocType::Meeting => Details::Meeting(self.meeting()),
            DocType::Plan => Details::Plan(self.plan()),
            DocType::Person => {
                let person = self.person();
                organisations = person.organisations.iter().map(|m| m.org.clone()).collect();
                Details::Person(person)
            }
            DocType::Organisation => Details::Organisation(self.organisation()),
            DocType::Note => Details::Note,
        };
        let known = type_fields(doc_type);
        let mut unknown_fields: Vec<(String, u32)> =
            self.map
                .keys()
                .filter_map(|key| {
                    let name = match key {
                        Value::String(name) => name.clone(),
                        other => crate::model::de::Label::deserialize_value(other)?,
                    };
                    (!COMMON_FIELDS.contains(&name.as_str()) && !known.contains(&name.as_str()))
                        .then(|| {
                            let line = self.key_line(&name);
                            (name, line)
                        })
                })
                .collect();
        unknown_fields.sort_by_key(|(_, line)| *line);
        let doc = Document {
            path: self.path.to_string(),
            id: id.clone(),
            doc_type,
            title,
            date,
            tags,
            people,
            organisations,
            aliases,
            source,
            summary,
            details,
            body: Body::default(),
            references: std::mem::take(&mut self.references),
            unknown_fields,
        };
        (
            Head {
                id,
                id_line,
                doc: Some(doc),
            },
            without_second_amount_findings(self.findings),
        )
    }

    fn meeting(&mut self) -> Meeting {
        let end = self.get::<PartialDate>("end");
        let location = self.text("location");
        let organiser = self
            .get::<OneOrMany>("organiser")
            .map(|o| o.0)
            .unwrap_or_default();
        self.refer_all("organiser", &organiser, true);
        let mut attendees: Vec<Attendee> = self
            .list::<BareOr<Attendee>>("attendees")
            .into_iter()
            .map(|a| a.0)
            .collect();
        let mut previous = None;
        for attendee in &mut attendees {
            attendee.line = self.item_line("attendees", &attendee.person, &mut previous);
            let (person, line) = (attendee.person.clone(), attendee.line);
            self.refer("attendees", &person, line, false);
            if let Some(org) = attendee.on_behalf_of.clone() {
                let mut org_cursor = line as usize - self.first_line as usize;
                let org_line = self.value_line("attendees", &org, &mut org_cursor);
                self.refer("attendees", &org, org_line, false);
            }
        }
        let mut sessions = self.list::<Session>("sessions");
        let mut previous = None;
        for session in &mut sessions {
            session.line = self.item_line("sessions", &session.title, &mut previous);
            let mut facilitator_cursor = (session.line - self.first_line) as usize;
            for facilitator in session.facilitators.clone() {
                let line = self.value_line("sessions", &facilitator, &mut facilitator_cursor);
                self.refer("sessions", &facilitator, line, false);
            }
        }
        Meeting {
            end,
            location,
            organiser,
            attendees,
            sessions,
        }
    }

    fn person(&mut self) -> Person {
        let mut organisations: Vec<Membership> = self
            .list::<BareOr<Membership>>("organisations")
            .into_iter()
            .map(|m| m.0)
            .collect();
        let mut previous = None;
        for membership in &mut organisations {
            membership.line = self.item_line("organisations", &membership.org, &mut previous);
            let (org, line) = (membership.org.clone(), membership.line);
            self.refer("organisations", &org, line, false);
        }
        // `organisation: X`, the singular, comes first and is found at its own key.
        if let Some(org) = self.text("organisation") {
            let line = self.key_line("organisation");
            self.refer("organisation", &org, line, false);
            organisations.insert(
                0,
                Membership {
                    org,
                    role: None,
                    line,
                },
            );
        }
        Person {
            organisations,
            city: self.text("city"),
            role: self.text("role"),
            email: self.text("email"),
            phone: self.text("phone"),
            topics: self.texts("topics"),
        }
    }

    fn organisation(&mut self) -> Organisation {
        let parent = self.text("parent");
        if let Some(parent) = &parent {
            let line = self.key_line("parent");
            self.refer("parent", parent, line, false);
        }
        Organisation {
            short: self
                .get::<OneOrMany>("short")
                .map(|s| s.0)
                .unwrap_or_default(),
            kind: self.get::<OrgKind>("kind"),
            city: self.text("city"),
            website: self.text("website"),
            parent,
        }
    }

    fn plan(&mut self) -> Plan {
        let programme = self.text("programme");
        if let Some(programme) = &programme {
            let line = self.key_line("programme");
            self.refer("programme", programme, line, false);
        }
        let owner = self
            .get::<OneOrMany>("owner")
            .map(|o| o.0)
            .unwrap_or_default();
        self.refer_all("owner", &owner, true);

        let (mut budget, unreadable_budget) = self.list_and_failures::<BudgetLine>("budget");
        let mut previous = None;
        for line_item in &mut budget {
            line_item.line = self.item_line("budget", &line_item.item, &mut previous);
            self.refer_each("budget", &line_item.responsible, line_item.line);
        }

        let mut totals = match self.map.get("totals") {
            Some(Value::Sequence(_)) => self.list::<DeclaredTotal>("totals"),
            _ => self
                .get::<Totals>("totals")
                .map(|t| t.0)
                .unwrap_or_default(),
        };
        let mut previous = None;
        for total in &mut totals {
            total.line = self.item_line("totals", &total.period, &mut previous);
        }

        let mut activities = self.list::<Activity>("activities");
        let mut previous = None;
        for activity in &mut activities {
            activity.line = self.item_line("activities", &activity.title, &mut previous);
            self.refer_each("activities", &activity.responsible, activity.line);
        }

        let mut milestones = self.list::<Milestone>("milestones");
        let mut previous = None;
        for milestone in &mut milestones {
            milestone.line = self.item_line("milestones", &milestone.title, &mut previous);
        }

        let mut partners = self.list::<Partner>("partners");
        let mut previous = None;
        for partner in &mut partners {
            let needle = partner
                .org
                .first()
                .cloned()
                .or_else(|| partner.name.clone())
                .or_else(|| partner.initiative.clone())
                .unwrap_or_default();
            partner.line = self.item_line("partners", &needle, &mut previous);
            let orgs = partner.org.clone();
            self.refer_each("partners", &orgs, partner.line);
            self.refer_each("partners", &partner.contact, partner.line);
        }

        Plan {
            programme,
            team: self.text("team"),
            owner,
            period: self.get::<Span>("period"),
            budget,
            unreadable_budget,
            totals,
            activities,
            milestones,
            partners,
        }
    }

    /// References (id-shaped values only) from a list inside one item, searched from the
    /// item's line on.
    fn refer_each(&mut self, key: &'static str, targets: &[String], item_line: u32) {
        let mut cursor = (item_line - self.first_line) as usize;
        for target in targets {
            let line = self.value_line(key, target, &mut cursor);
            self.refer(key, target, line, true);
        }
    }
}

/// A value looked for in the lines of the front matter, to give it a line: its first 24
/// characters, standing as a value of their own (`e` is not found in `mode: online`).
struct Needle {
    text: String,
    /// Whether `text` is the whole value (else a value that only begins with it counts).
    whole: bool,
}

impl Needle {
    fn new(value: &str) -> Needle {
        let text: String = value.chars().take(24).collect();
        let whole = text.len() == value.len();
        Needle { text, whole }
    }

    /// True when `line` holds the value, outside a comment: after a line start, space,
    /// bracket, brace, comma, colon or quote, and, when whole, before a line end or such a
    /// character.
    fn is_in(&self, line: &str) -> bool {
        let line = without_comment(line);
        let bounds = |ch: Option<char>| {
            ch.is_none_or(|ch| {
                ch.is_whitespace()
                    || matches!(ch, '[' | ']' | '{' | '}' | ',' | ':' | '"' | '\'' | '#')
            })
        };
        line.match_indices(self.text.as_str()).any(|(at, _)| {
            bounds(line[..at].chars().next_back())
                && (!self.whole || bounds(line[at + self.text.len()..].chars().next()))
        })
    }
}

/// `line` up to a YAML comment: a `#` at the start or after a space, outside quotes.
fn without_comment(line: &str) -> &str {
    let mut quote: Option<char> = None;
    let mut after_space = true;
    for (at, ch) in line.char_indices() {
        match quote {
            Some(open) if ch == open => quote = None,
            Some(_) => {}
            None if ch == '"' || ch == '\'' => quote = Some(ch),
            None if ch == '#' && after_space => return &line[..at],
            None => {}
        }
        after_space = ch.is_whitespace();
    }
    line
}

/// Plain (unquoted) numbers written with a Dutch thousands dot, such as `50.000`, which YAML
/// reads as decimals (50.0): (line index, byte column, the number), outside quotes,
/// comments and block scalars. A key (`1.000:`) is no value and is left alone.
fn thousands_dots<'a>(lines: &[&'a str]) -> Vec<(usize, usize, &'a str)> {
    let mut found = Vec::new();
    // Most front matter has no dot between two digits at all: nothing to look for.
    let digit_dot_digit = |line: &&str| {
        let bytes = line.as_bytes();
        memchr::memchr_iter(b'.', bytes).any(|at| {
            at > 0
                && bytes[at - 1].is_ascii_digit()
                && bytes.get(at + 1).is_some_and(u8::is_ascii_digit)
        })
    };
    if !lines.iter().any(digit_dot_digit) {
        return found;
    }
    // The indentation of the line that opened a block scalar (`|`, `>`) still running.
    let mut block_scalar: Option<usize> = None;
    for (index, line) in lines.iter().enumerate() {
        let indent = line.len() - line.trim_start_matches(' ').len();
        if let Some(opened) = block_scalar {
            if line.trim().is_empty() || indent > opened {
                continue;
            }
            block_scalar = None;
        }
        let bytes = line.as_bytes();
        let mut quote: Option<u8> = None;
        let mut at = 0;
        while at < bytes.len() {
            let byte = bytes[at];
            match quote {
                Some(open) => {
                    if byte == open {
                        quote = None;
                    }
                    at += 1;
                    continue;
                }
                None if byte == b'\'' || byte == b'"' => {
                    quote = Some(byte);
                    at += 1;
                    continue;
                }
                None if byte == b'#' && (at == 0 || bytes[at - 1] == b' ') => break,
                None => {}
            }
            let starts_value = at == 0 || matches!(bytes[at - 1], b' ' | b'[' | b'{' | b',');
            if byte.is_ascii_digit() && starts_value {
                let end = (at..bytes.len())
                    .find(|&end| !(bytes[end].is_ascii_digit() || bytes[end] == b'.'))
                    .unwrap_or(bytes.len());
                let ends_value = end == bytes.len()
                    || matches!(bytes[end], b' ' | b',' | b']' | b'}' | b'#')
                        && !line[end..].trim_start().starts_with(':');
                let number = &line[at..end];
                if ends_value && has_thousands_dots(number) {
                    found.push((index, at, number));
                }
                at = end.max(at + 1);
                continue;
            }
            at += 1;
        }
        let value = line.split('#').next().unwrap_or("").trim_end();
        let value = value.trim_end_matches(|c: char| c.is_ascii_digit() || c == '+' || c == '-');
        if value.ends_with(": |")
            || value.ends_with(": >")
            || value.ends_with("- |")
            || value.ends_with("- >")
            || value == "|"
            || value == ">"
        {
            block_scalar = Some(indent);
        }
    }
    found
}

/// The findings with one `invalid-amount` a place: a number with a thousands dot that the
/// amount reader also rejects (`10.005`: "more than two decimals") keeps only the first,
/// which says what was meant.
fn without_second_amount_findings(findings: Vec<Finding>) -> Vec<Finding> {
    let mut places: Vec<(u32, Option<u32>)> = Vec::new();
    findings
        .into_iter()
        .filter(|finding| {
            if finding.code != Code::InvalidAmount {
                return true;
            }
            let place = (finding.line, finding.column);
            let first = !places.contains(&place);
            places.push(place);
            first
        })
        .collect()
}

/// `50.000`, `12.500`: one to three digits, a dot and three digits, which YAML reads as a
/// decimal (`1.250.000`, with two dots, is text to YAML and read the Dutch way).
fn has_thousands_dots(number: &str) -> bool {
    number.split_once('.').is_some_and(|(whole, fraction)| {
        (1..=3).contains(&whole.len())
            && fraction.len() == 3
            && whole
                .bytes()
                .chain(fraction.bytes())
                .all(|b| b.is_ascii_digit())
    })
}

/// Deserializes only `key` of the top-level mapping (or only item `item` of that list),
/// ignoring the rest.
struct FieldSeed<'k, T> {
    key: &'k str,
    item: Option<usize>,
    marker: PhantomData<T>,
}

/// Deserializes item `index` of a list as `T`, the others as anything.
struct ItemSeed<T> {
    index: usize,
    marker: PhantomData<T>,
}

impl<'de, T: DeserializeOwned> DeserializeSeed<'de> for ItemSeed<T> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de, T: DeserializeOwned> Visitor<'de> for ItemSeed<T> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list")
    }

    fn visit_seq<S: serde::de::SeqAccess<'de>>(self, mut seq: S) -> Result<(), S::Error> {
        let mut position = 0;
        loop {
            if position == self.index {
                if seq.next_element::<T>()?.is_none() {
                    return Ok(());
                }
            } else if seq.next_element::<IgnoredAny>()?.is_none() {
                return Ok(());
            }
            position += 1;
        }
    }
}

impl<'de, T: DeserializeOwned> DeserializeSeed<'de> for FieldSeed<'_, T> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de, T: DeserializeOwned> Visitor<'de> for FieldSeed<'_, T> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a mapping")
    }

    fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<(), M::Error> {
        while let Some(key) = map.next_key::<crate::model::de::Label>()? {
            if key.0 == self.key {
                match self.item {
                    Some(index) => map.next_value_seed(ItemSeed::<T> {
                        index,
                        marker: PhantomData,
                    })?,
                    None => {
                        map.next_value::<T>()?;
                    }
                }
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }
}

/// The error's message without serde_yaml's " at line X column Y" suffix, with any other
/// line number in it shifted from front-matter lines to file lines.
fn strip_location(err: &serde_yaml::Error, first_line: u32) -> String {
    let message = err.to_string();
    let suffix = err
        .location()
        .map(|l| format!(" at line {} column {}", l.line(), l.column()))
        .unwrap_or_default();
    let message = match message.strip_suffix(suffix.as_str()) {
        Some(stripped) if !suffix.is_empty() => stripped,
        _ => message.as_str(),
    };
    let mut shifted = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(index) = rest.find("line ") {
        shifted.push_str(&rest[..index + 5]);
        rest = &rest[index + 5..];
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if let Ok(line) = rest[..digits].parse::<u32>() {
            shifted.push_str(&(line + first_line - 1).to_string());
            rest = &rest[digits..];
        }
    }
    shifted.push_str(rest);
    shifted
}

/// serde's wording for a value outside a fixed set ("unknown variant `inclusief`, expected
/// `incl` or `excl`) in words for someone who writes front matter; other messages as they
/// are.
fn plain_serde_message(message: &str) -> String {
    const UNKNOWN: &str = "unknown variant `";
    let Some(start) = message.find(UNKNOWN) else {
        return message.to_string();
    };
    let rest = &message[start + UNKNOWN.len()..];
    let Some((value, expected)) = rest.split_once("`, expected ") else {
        return message.to_string();
    };
    format!(
        "{}`{value}` is not a value kb knows here; write {expected}",
        &message[..start]
    )
}

/// A message ending in libyaml's ` at position N` (a byte offset in `yaml`): where the
/// suffix starts, and the offset's line and column (1-based; the column in characters).
fn position_suffix(message: &str, yaml: &str) -> Option<(usize, u32, u32)> {
    let cut = message.rfind(" at position ")?;
    let offset: usize = message[cut + " at position ".len()..].parse().ok()?;
    let before = yaml.get(..offset)?;
    let line_start = before.rfind('\n').map_or(0, |at| at + 1);
    let line = before.matches('\n').count() as u32 + 1;
    let column = before[line_start..].chars().count() as u32 + 1;
    Some((cut, line, column))
}

/// A YAML value's kind, for messages.
fn describe(value: &Value) -> &'static str {
    match value {
        Value::Null => "nothing",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a text",
        Value::Sequence(_) => "a list",
        Value::Mapping(_) => "a mapping",
        Value::Tagged(_) => "a tagged value",
    }
}

//! A parsed document as index entries: one entry for the document, one per record
//! (action, budget line, activity, session, membership, partner, milestone), and one list
//! entry each for its attendance and its statements ([`LIST_KINDS`]). Every entry carries
//! the file's path, so a changed file is replaced whole.

use serde::Serialize;
use tantivy::TantivyDocument;

use super::schema::Fields;
use crate::model::text::{fold, is_id};
use crate::model::*;

/// What a plan's budget sum is kept per: team, period, kind and VAT setting.
type SumKey<'a> = (
    Option<&'a String>,
    Option<&'a String>,
    LineKind,
    Option<Vat>,
);

/// YYYYMMDD of a calendar date.
pub fn day_number(date: jiff::civil::Date) -> i64 {
    i64::from(date.year()) * 10_000 + i64::from(date.month()) * 100 + i64::from(date.day())
}

/// How `people` and `orgs` hold a reference to a person or organisation: an id as it is,
/// anything else (a name or alias, as `kb check` accepts them) folded, which is how the
/// index keeps names (`name_key`). `None` for an empty value.
fn reference_key(value: &str) -> Option<std::borrow::Cow<'_, str>> {
    let value = value.trim();
    if is_id(value) {
        Some(std::borrow::Cow::Borrowed(value))
    } else {
        Some(fold(value))
            .filter(|key| !key.is_empty())
            .map(std::borrow::Cow::Owned)
    }
}

/// What a record's entry takes, about: its path, id, columns and record.
const RECORD_BYTES: usize = 512;

/// An entry being built. The keys of its people and organisations are gathered as they
/// come and indexed once each, as `parties`, when it is finished.
struct Entry<'f, 'd> {
    fields: &'f Fields,
    doc: TantivyDocument,
    parties: Vec<std::borrow::Cow<'d, str>>,
}

impl<'f, 'd> Entry<'f, 'd> {
    fn new(fields: &'f Fields, kind: &str, source: &Document, line: u32) -> Entry<'f, 'd> {
        Entry::with_capacity(fields, kind, source, line, RECORD_BYTES)
    }

    /// An entry whose values take about `bytes` (tantivy keeps them in one buffer: sized
    /// once, it is not copied as it grows).
    fn with_capacity(
        fields: &'f Fields,
        kind: &str,
        source: &Document,
        line: u32,
        bytes: usize,
    ) -> Entry<'f, 'd> {
        let mut doc = TantivyDocument::with_capacity(bytes);
        doc.add_text(fields.kind, kind);
        doc.add_text(fields.path, &source.path);
        doc.add_text(fields.id, &source.id);
        doc.add_u64(fields.line, u64::from(line));
        Entry {
            fields,
            doc,
            parties: Vec::new(),
        }
    }

    fn people(&mut self, values: impl IntoIterator<Item = &'d String>) {
        for value in values {
            if let Some(key) = reference_key(value) {
                self.doc.add_text(self.fields.people, &key);
                self.parties.push(key);
            }
        }
    }

    fn orgs(&mut self, values: impl IntoIterator<Item = &'d String>) {
        for value in values {
            if let Some(key) = reference_key(value) {
                self.doc.add_text(self.fields.orgs, &key);
                self.parties.push(key);
            }
        }
    }

    /// `responsible` values: ids into `people` and `orgs` (which one an id is, only the
    /// base as a whole knows), and every value as written into `responsible`.
    fn responsible(&mut self, values: &'d [String]) {
        self.people(values);
        self.orgs(values);
        for value in values {
            self.doc.add_text(self.fields.responsible, value);
        }
    }

    fn date(&mut self, date: Option<PartialDate>) {
        if let Some(date) = date {
            self.doc
                .add_i64(self.fields.date_start, day_number(date.first_day()));
            self.doc
                .add_i64(self.fields.date_end, day_number(date.last_day()));
        }
    }

    fn text(&mut self, field: tantivy::schema::Field, value: Option<&str>) {
        if let Some(value) = value.filter(|v| !v.is_empty()) {
            self.doc.add_text(field, value);
        }
    }

    /// The amount columns and states of a budget line or total.
    fn money(&mut self, amount: &Amount, kind: LineKind, vat: Option<Vat>) {
        match amount.bounds() {
            Some((min, max)) => {
                self.doc.add_i64(self.fields.amount_min, min.cents());
                self.doc.add_i64(self.fields.amount_max, max.cents());
            }
            None => self.doc.add_text(self.fields.state, "tbd"),
        }
        let kind = match kind {
            LineKind::Cost => "cost",
            LineKind::Income => "income",
        };
        self.doc.add_text(self.fields.state, kind);
        if let Some(vat) = vat {
            let vat = match vat {
                Vat::Incl => "incl",
                Vat::Excl => "excl",
            };
            self.doc.add_text(self.fields.state, vat);
        }
    }

    /// Finishes the entry with its record, stored as JSON (serialized straight from the
    /// model: no intermediate `serde_json::Value`).
    fn data(mut self, record: &impl Serialize) -> TantivyDocument {
        let json = serde_json::to_string(record).unwrap_or_else(|_| "null".to_string());
        self.doc.add_text(self.fields.data, json);
        self.finish()
    }

    /// Sorts the keys of the entry's parties so far and drops repeats.
    fn sort_parties(&mut self) {
        self.parties.sort_unstable();
        self.parties.dedup();
    }

    /// Finishes the entry: its parties, each once.
    fn finish(mut self) -> TantivyDocument {
        self.sort_parties();
        for key in &self.parties {
            self.doc.add_text(self.fields.parties, key);
        }
        self.doc
    }
}

/// Record kinds kept as one list entry per document rather than one entry per record:
/// its `data` is a JSON array of the records, each with its own `line`, and its `people`
/// and `orgs` hold those of every record. They have no numbers to sum and take their date
/// from the document, so nothing is lost, and a meeting's attendees and a body's
/// statements are most of a base's records: listing them costs a fraction of an entry
/// each (docs/index.md).
pub const LIST_KINDS: [&str; 2] = ["attendance", "statement"];

/// The index entries of one document.
pub fn entries(fields: &Fields, doc: &Document) -> Vec<TantivyDocument> {
    let mut out = Vec::new();
    let mut people: Vec<&String> = doc.people.iter().collect();
    let mut orgs: Vec<&String> = doc.organisations.iter().collect();
    let mut text = String::with_capacity(doc.body.text.len() + 256);
    let push_text = |text: &mut String, part: &str| {
        text.push_str(part);
        text.push('\n');
    };
    for name in doc.names() {
        push_text(&mut text, name);
    }
    for tag in &doc.tags {
        push_text(&mut text, tag);
    }
    if let Some(summary) = &doc.summary {
        push_text(&mut text, summary);
    }

    match &doc.details {
        Details::Meeting(meeting) => {
            if let Some(location) = &meeting.location {
                push_text(&mut text, location);
            }
            orgs.extend(meeting.organiser.iter());
            // One list entry for all attendees: see `LIST_KINDS`.
            if let Some(first) = meeting.attendees.first() {
                let mut entry = Entry::new(fields, "attendance", doc, first.line);
                let mut list = Vec::with_capacity(meeting.attendees.len());
                for attendee in &meeting.attendees {
                    people.push(&attendee.person);
                    orgs.extend(attendee.on_behalf_of.iter());
                    entry.people([&attendee.person]);
                    entry.orgs(attendee.on_behalf_of.iter());
                    list.push(AttendanceData {
                        person: &attendee.person,
                        mode: &attendee.mode,
                        on_behalf_of: &attendee.on_behalf_of,
                        role: &attendee.role,
                        line: attendee.line,
                    });
                }
                entry.date(doc.date);
                out.push(entry.data(&list));
            }
            for session in &meeting.sessions {
                push_text(&mut text, &session.title);
                if let Some(summary) = &session.summary {
                    push_text(&mut text, summary);
                }
                people.extend(session.facilitators.iter());
                let mut entry = Entry::new(fields, "session", doc, session.line);
                entry.people(&session.facilitators);
                entry.date(doc.date);
                out.push(entry.data(session));
            }
        }
        Details::Plan(plan) => {
            orgs.extend(plan.owner.iter());
            if let Some(team) = &plan.team {
                push_text(&mut text, team);
            }
            for line in &plan.budget {
                push_text(&mut text, &line.item);
                people.extend(line.responsible.iter());
                let mut entry = Entry::new(fields, "budget", doc, line.line);
                entry.responsible(&line.responsible);
                entry.text(fields.programme, plan.programme.as_deref());
                entry.money(&line.amount, line.kind, line.vat);
                if line.is_rate() {
                    entry.doc.add_text(fields.state, "rate");
                }
                entry.text(fields.period, line.period.as_deref());
                entry.text(
                    fields.team,
                    line.team
                        .as_ref()
                        .or(plan.team.as_ref())
                        .map(String::as_str),
                );
                // The line's own team, else the plan's: one `team` key.
                let mut line = line.clone();
                line.team = line.team.or_else(|| plan.team.clone());
                out.push(entry.data(&InPlan {
                    record: &line,
                    team: None,
                    programme: Some(plan.programme.as_ref()),
                }));
            }
            // Lines that could not be read: a budget over this plan names them, so that
            // its sums do not pass for complete.
            for &line in &plan.unreadable_budget {
                let mut entry = Entry::new(fields, "budget-unreadable", doc, line);
                entry.text(fields.programme, plan.programme.as_deref());
                out.push(entry.finish());
            }
            // The plan's lines summed per team, period, kind and VAT: what a budget over
            // a whole base reads, a few entries a plan instead of every line.
            let mut sums: Vec<(SumKey, AmountSum)> = Vec::new();
            for line in plan.budget.iter().filter(|line| !line.is_rate()) {
                let team = line.team.as_ref().or(plan.team.as_ref());
                let key: SumKey = (team, line.period.as_ref(), line.kind, line.vat);
                match sums.iter_mut().find(|(k, _)| *k == key) {
                    Some((_, sum)) => sum.add(&line.amount),
                    None => sums.push((key, AmountSum::of(&line.amount))),
                }
            }
            for ((team, period, kind, vat), sum) in sums {
                let mut entry = Entry::new(fields, "budget-sum", doc, 1);
                entry.text(fields.team, team.map(String::as_str));
                entry.text(fields.period, period.map(String::as_str));
                entry.text(fields.programme, plan.programme.as_deref());
                let known = sum.count - sum.tbd;
                let amount = if known == 0 {
                    Amount::Tbd
                } else {
                    Amount::Range {
                        min: sum.min,
                        max: sum.max,
                    }
                };
                entry.money(&amount, kind, vat);
                // `money` marks a sum of only tbd lines as tbd; the counts say more.
                entry.doc.add_u64(fields.line_count, sum.count as u64);
                entry.doc.add_u64(fields.tbd_count, sum.tbd as u64);
                out.push(entry.finish());
            }
            for total in &plan.totals {
                let mut entry = Entry::new(fields, "total", doc, total.line);
                entry.money(&total.amount, total.kind, total.vat);
                entry.text(fields.period, Some(&total.period));
                entry.text(fields.programme, plan.programme.as_deref());
                out.push(entry.data(total));
            }
            for activity in &plan.activities {
                push_text(&mut text, &activity.title);
                for part in [&activity.goal, &activity.note, &activity.when]
                    .into_iter()
                    .flatten()
                {
                    push_text(&mut text, part);
                }
                people.extend(activity.responsible.iter());
                let mut entry = Entry::new(fields, "activity", doc, activity.line);
                entry.text(fields.team, plan.team.as_deref());
                entry.responsible(&activity.responsible);
                entry.text(fields.programme, plan.programme.as_deref());
                entry.date(activity.start.or(activity.end));
                out.push(entry.data(&InPlan {
                    record: activity,
                    team: Some(plan.team.as_ref()),
                    programme: None,
                }));
            }
            for milestone in &plan.milestones {
                push_text(&mut text, &milestone.title);
                let mut entry = Entry::new(fields, "milestone", doc, milestone.line);
                entry.date(Some(milestone.date));
                out.push(entry.data(milestone));
            }
            for partner in &plan.partners {
                for part in [
                    &partner.name,
                    &partner.initiative,
                    &partner.topic,
                    &partner.role,
                ]
                .into_iter()
                .flatten()
                {
                    push_text(&mut text, part);
                }
                orgs.extend(partner.org.iter());
                people.extend(partner.contact.iter());
                let mut entry = Entry::new(fields, "partner", doc, partner.line);
                entry.people(&partner.contact);
                entry.orgs(&partner.org);
                out.push(entry.data(partner));
            }
        }
        Details::Person(person) => {
            for part in [&person.role, &person.city].into_iter().flatten() {
                push_text(&mut text, part);
            }
            for topic in &person.topics {
                push_text(&mut text, topic);
            }
            for membership in &person.organisations {
                orgs.push(&membership.org);
                let mut entry = Entry::new(fields, "membership", doc, membership.line);
                entry.people([&doc.id]);
                entry.orgs([&membership.org]);
                out.push(entry.data(membership));
            }
        }
        Details::Organisation(org) => {
            for part in [&org.city].into_iter().flatten() {
                push_text(&mut text, part);
            }
            orgs.extend(org.parent.iter());
        }
        Details::Note => {}
    }
    for action in &doc.body.actions {
        people.extend(action.owners.iter());
        let mut entry = Entry::new(fields, "action", doc, action.line);
        entry.people(&action.owners);
        entry.orgs(&action.owners);
        entry.date(action.due);
        let state = if action.done { "done" } else { "open" };
        entry.doc.add_text(fields.state, state);
        if let Some(done_on) = action.done_on {
            entry
                .doc
                .add_i64(fields.done_day, day_number(done_on.last_day()));
        }
        out.push(entry.data(action));
    }
    if let Some(first) = doc.body.statements.first() {
        let mut entry = Entry::new(fields, "statement", doc, first.line);
        for statement in &doc.body.statements {
            people.extend(statement.speakers.iter());
            entry.people(&statement.speakers);
        }
        entry.date(doc.date);
        out.push(entry.data(&doc.body.statements));
    }
    push_text(&mut text, &doc.body.text);

    // The text, and room for the title, names, references and record.
    let bytes = text.len() + doc.title.len() + 64 * doc.references.len() + 1024;
    let mut entry = Entry::with_capacity(fields, "doc", doc, 1, bytes);
    entry.doc.add_text(fields.doc_type, doc.doc_type.as_str());
    entry.doc.add_text(fields.title, &doc.title);
    entry.doc.add_text(fields.text, &text);
    let mut keys: Vec<String> = doc.names().map(fold).collect();
    keys.push(doc.id.clone());
    keys.sort();
    keys.dedup();
    for key in &keys {
        entry.doc.add_text(fields.name_key, key.trim());
    }
    for tag in &doc.tags {
        entry.doc.add_text(fields.tags, fold(tag));
    }
    entry.doc.add_text(fields.doc_id, &doc.id);
    if doc.doc_type == DocType::Person {
        people.push(&doc.id);
    }
    if doc.doc_type == DocType::Organisation {
        orgs.push(&doc.id);
    }
    people.sort();
    people.dedup();
    orgs.sort();
    orgs.dedup();
    entry.people(people);
    entry.orgs(orgs);
    // Each target once (a document names the same one many times), as written and
    // folded: `[[Wil Kovacs]]` resolves to wil-kovacs as a name does. What `parties`
    // holds (most of a document's references: its attendees, owners, speakers) is not
    // indexed twice.
    let mut targets: Vec<std::borrow::Cow<str>> = Vec::with_capacity(doc.references.len() * 2);
    for reference in &doc.references {
        let target = reference.target.as_str();
        if let Some(key) = reference_key(target).filter(|key| key != target) {
            targets.push(key);
        }
        targets.push(std::borrow::Cow::Borrowed(target));
    }
    targets.sort_unstable();
    targets.dedup();
    entry.sort_parties();
    for target in &targets {
        if entry.parties.binary_search(target).is_err() {
            entry.doc.add_text(fields.refs, target);
        }
    }
    entry.date(doc.date);
    if let Details::Plan(plan) = &doc.details {
        entry.text(fields.programme, plan.programme.as_deref());
    }
    let names: Vec<&str> = doc.names().collect();
    out.push(entry.data(&DocData {
        id: &doc.id,
        doc_type: doc.doc_type,
        title: &doc.title,
        date: doc.date,
        names,
        summary: doc.summary.as_ref(),
        details: DetailsData::of(&doc.details),
    }));
    out
}

/// The stored record of an attendance.
#[derive(Serialize)]
struct AttendanceData<'a, M: Serialize> {
    person: &'a String,
    mode: &'a M,
    on_behalf_of: &'a Option<String>,
    role: &'a Option<String>,
    line: u32,
}

/// A plan's record (budget line, activity) with the plan's team and programme beside it.
#[derive(Serialize)]
struct InPlan<'a, T: Serialize> {
    #[serde(flatten)]
    record: &'a T,
    /// Activities carry the plan's team (`null` when it has none); budget lines have
    /// their own `team` field, already set to the plan's when the line has none.
    #[serde(skip_serializing_if = "Option::is_none")]
    team: Option<Option<&'a String>>,
    /// Budget lines carry the plan's programme (`null` when it has none); activities not.
    #[serde(skip_serializing_if = "Option::is_none")]
    programme: Option<Option<&'a String>>,
}

/// The stored record of a document entry.
#[derive(Serialize)]
struct DocData<'a> {
    id: &'a str,
    #[serde(rename = "type")]
    doc_type: DocType,
    title: &'a str,
    date: Option<PartialDate>,
    names: Vec<&'a str>,
    summary: Option<&'a String>,
    #[serde(flatten)]
    details: DetailsData<'a>,
}

/// The fields of a document's type that cards and graphs show, stored beside its entry.
/// Records (attendees, budget lines, ...) are entries of their own and not repeated here.
#[derive(Serialize)]
#[serde(untagged)]
enum DetailsData<'a> {
    Meeting {
        end: Option<PartialDate>,
        location: &'a Option<String>,
        organiser: &'a [String],
    },
    Plan {
        programme: &'a Option<String>,
        team: &'a Option<String>,
        owner: &'a [String],
        period: &'a Option<Span>,
    },
    Person(&'a Person),
    Organisation(&'a Organisation),
    Note {},
}

impl<'a> DetailsData<'a> {
    fn of(details: &'a Details) -> Self {
        match details {
            Details::Meeting(meeting) => DetailsData::Meeting {
                end: meeting.end,
                location: &meeting.location,
                organiser: &meeting.organiser,
            },
            Details::Plan(plan) => DetailsData::Plan {
                programme: &plan.programme,
                team: &plan.team,
                owner: &plan.owner,
                period: &plan.period,
            },
            Details::Person(person) => DetailsData::Person(person),
            Details::Organisation(org) => DetailsData::Organisation(org),
            Details::Note => DetailsData::Note {},
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::DocSetCollector;
    use tantivy::query::TermQuery;
    use tantivy::schema::{IndexRecordOption, Value};

    /// (kind, amount_min, amount_max, period, team, states) of one entry.
    type Row = (
        String,
        Option<i64>,
        Option<i64>,
        String,
        String,
        Vec<String>,
    );

    /// The [`Row`] of every entry of a plan, read back from the fast fields of an index
    /// holding it.
    fn columns(source: &str) -> Vec<Row> {
        let parsed = crate::parse::parse_file("plans/p.md", source.as_bytes());
        let doc = parsed.doc.expect("a valid plan");
        let (schema, fields) = super::super::schema::schema();
        let index = tantivy::Index::create_in_ram(schema);
        super::super::schema::register_analyzers(&index);
        let mut writer: tantivy::IndexWriter =
            index.writer_with_num_threads(1, 15_000_000).unwrap();
        for entry in entries(&fields, &doc) {
            writer.add_document(entry).unwrap();
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let query = TermQuery::new(
            tantivy::Term::from_field_text(fields.path, "plans/p.md"),
            IndexRecordOption::Basic,
        );
        let mut rows = Vec::new();
        for address in searcher.search(&query, &DocSetCollector).unwrap() {
            let segment = searcher.segment_reader(address.segment_ord);
            let fast = segment.fast_fields();
            let text = |name: &str| -> Vec<String> {
                let column = fast.str(name).unwrap().unwrap();
                let mut values = Vec::new();
                for ord in column.term_ords(address.doc_id) {
                    let mut value = String::new();
                    column.ord_to_str(ord, &mut value).unwrap();
                    values.push(value);
                }
                values
            };
            let number = |name: &str| fast.i64(name).unwrap().first(address.doc_id);
            let mut states = text("state");
            states.sort();
            rows.push((
                text("kind").concat(),
                number("amount_min"),
                number("amount_max"),
                text("period").concat(),
                text("team").concat(),
                states,
            ));
        }
        rows.sort();
        rows
    }

    /// The fields, and the entries of the meeting `source` at meetings/m.md.
    fn meeting_entries(source: &str) -> (Fields, Vec<TantivyDocument>) {
        let doc = crate::parse::parse_file("meetings/m.md", source.as_bytes())
            .doc
            .expect("a valid meeting");
        let (_, fields) = super::super::schema::schema();
        let all = entries(&fields, &doc);
        (fields, all)
    }

    /// The text values of `field` in `entry`.
    fn texts(entry: &TantivyDocument, field: tantivy::schema::Field) -> Vec<String> {
        entry
            .get_all(field)
            .filter_map(|v| v.as_str().map(String::from))
            .collect()
    }

    #[test]
    fn attendance_and_statements_are_one_list_entry_each_with_every_records_line() {
        let source = "---\ntype: meeting\ntitle: Overleg\ndate: 2024-05-01\nattendees:\n  - {person: jan, on-behalf-of: ww}\n  - piet\n---\n\n**WW** ([[jan]]): ja.\n\n**Piet** ([[piet]]): nee.\n";
        let (fields, all) = meeting_entries(source);
        let of_kind = |kind: &str| -> Vec<&TantivyDocument> {
            all.iter()
                .filter(|e| texts(e, fields.kind) == [kind])
                .collect()
        };
        let attendance = of_kind("attendance");
        assert_eq!(attendance.len(), 1);
        assert_eq!(texts(attendance[0], fields.people), ["jan", "piet"]);
        assert_eq!(texts(attendance[0], fields.orgs), ["ww"]);
        assert_eq!(
            attendance[0]
                .get_first(fields.line)
                .and_then(|v| v.as_u64()),
            Some(6)
        );
        // (value of `key`, line) of each record in a list entry's data.
        let listed = |entry: &TantivyDocument, key: &str| -> Vec<(String, u64)> {
            let data: serde_json::Value =
                serde_json::from_str(&texts(entry, fields.data)[0]).unwrap();
            data.as_array()
                .unwrap()
                .iter()
                .map(|r| {
                    (
                        r[key].as_str().unwrap().to_string(),
                        r["line"].as_u64().unwrap(),
                    )
                })
                .collect()
        };
        let at = |pairs: &[(&str, u64)]| -> Vec<(String, u64)> {
            pairs.iter().map(|&(v, l)| (v.to_string(), l)).collect()
        };
        assert_eq!(
            listed(attendance[0], "person"),
            at(&[("jan", 6), ("piet", 7)])
        );
        let statements = of_kind("statement");
        assert_eq!(statements.len(), 1);
        assert_eq!(texts(statements[0], fields.people), ["jan", "piet"]);
        assert_eq!(
            listed(statements[0], "text"),
            at(&[("ja.", 10), ("nee.", 12)])
        );
    }

    #[test]
    fn people_and_organisations_are_searched_once_each_as_parties() {
        let source = "---\ntype: meeting\ntitle: Overleg\ndate: 2024-05-01\norganiser: ww\n\
            attendees:\n  - {person: jan, on-behalf-of: ww}\n  - Piet Bos\n---\n\n\
            Zie [[verslag-2023]] en [[jan]].\n\n- [ ] Bellen @jan\n";
        let (fields, all) = meeting_entries(source);
        let of_kind = |kind: &str| -> &TantivyDocument {
            all.iter()
                .find(|e| texts(e, fields.kind) == [kind])
                .expect(kind)
        };
        // An owner may be a person or an organisation: a column value in both, one term.
        let action = of_kind("action");
        assert_eq!(texts(action, fields.people), ["jan"]);
        assert_eq!(texts(action, fields.orgs), ["jan"]);
        assert_eq!(texts(action, fields.parties), ["jan"]);
        // Records carry their document's id as a column, not as a searchable id.
        assert_eq!(texts(action, fields.id), ["m"]);
        assert!(texts(action, fields.doc_id).is_empty());
        let document = of_kind("doc");
        assert_eq!(texts(document, fields.doc_id), ["m"]);
        assert_eq!(texts(document, fields.parties), ["jan", "piet bos", "ww"]);
        // References that `parties` holds are not indexed again: a document's references
        // are its `refs` and its `parties` together.
        assert_eq!(texts(document, fields.refs), ["Piet Bos", "verslag-2023"]);
    }

    #[test]
    fn a_budget_line_stores_one_team_the_lines_or_the_plans() {
        let source = "---\ntype: plan\ntitle: P\nteam: Team Data\nbudget:\n  \
            - {item: A, amount: 1, period: 2021}\n  \
            - {item: B, amount: 2, period: 2021, team: Team Regie}\n---\n";
        let doc = crate::parse::parse_file("plans/p.md", source.as_bytes())
            .doc
            .unwrap();
        let (_, fields) = super::super::schema::schema();
        let mut teams = Vec::new();
        for entry in entries(&fields, &doc) {
            let data = super::super::search::stored_json(&entry, fields.data);
            if entry.get_first(fields.kind).and_then(|v| v.as_str()) == Some("budget") {
                let json = entry
                    .get_first(fields.data)
                    .and_then(|v| v.as_str())
                    .unwrap();
                assert_eq!(json.matches("\"team\"").count(), 1, "{json}");
                teams.push(data["team"].as_str().unwrap().to_string());
            }
        }
        teams.sort();
        assert_eq!(teams, ["Team Data", "Team Regie"]);
    }

    #[test]
    fn a_plans_lines_are_also_summed_per_team_period_kind_and_vat() {
        let source = "---\ntype: plan\ntitle: P\nteam: Team Data\nbudget:\n  \
            - {item: A, amount: 100, period: 2021}\n  \
            - {item: B, amount: {min: 10, max: 20}, period: 2021}\n  \
            - {item: C, amount: tbd, period: 2021}\n  \
            - {item: D, amount: 5, period: 2021, vat: incl}\n  \
            - {item: E, amount: 7, period: 2022, team: Team Regie}\n---\n";
        let rows = columns(source);
        let sums: Vec<&Row> = rows.iter().filter(|r| r.0 == "budget-sum").collect();
        let strings = |values: &[&str]| values.iter().map(|v| v.to_string()).collect::<Vec<_>>();
        assert_eq!(
            sums,
            [
                &(
                    "budget-sum".to_string(),
                    Some(500),
                    Some(500),
                    "2021".to_string(),
                    "Team Data".to_string(),
                    strings(&["cost", "incl"])
                ),
                &(
                    "budget-sum".to_string(),
                    Some(700),
                    Some(700),
                    "2022".to_string(),
                    "Team Regie".to_string(),
                    strings(&["cost"])
                ),
                &(
                    "budget-sum".to_string(),
                    Some(11_000),
                    Some(12_000),
                    "2021".to_string(),
                    "Team Data".to_string(),
                    strings(&["cost"])
                ),
            ]
        );
    }

    #[test]
    fn budget_lines_totals_and_actions_carry_their_columns() {
        let source = "---\ntype: plan\ntitle: P\nteam: Team Data\nbudget:\n  \
            - {item: A, amount: \"€ 50.000\", period: 2021, vat: incl}\n  \
            - {item: B, amount: {min: 10000, max: 20000}, period: 2021, team: Team Regie}\n  \
            - {item: C, amount: tbd, period: 2022-2023}\n  \
            - {item: D, amount: 9000, period: 2021, kind: income}\n\
            totals:\n  - {period: 2021, amount: 65000}\n---\n\n\
            - [ ] Bellen @wil-kovacs 📅 2024-05-01\n- [x] Mailen @wil-kovacs ✅ 2024-04-02\n";
        let rows = columns(source);
        let find = |kind: &str| -> Vec<_> { rows.iter().filter(|r| r.0 == kind).collect() };
        let strings = |values: &[&str]| values.iter().map(|v| v.to_string()).collect::<Vec<_>>();
        let budget = find("budget");
        assert_eq!(budget.len(), 4, "{rows:?}");
        assert!(budget.contains(&&(
            "budget".into(),
            Some(5_000_000),
            Some(5_000_000),
            "2021".into(),
            "Team Data".into(),
            strings(&["cost", "incl"])
        )));
        assert!(budget.contains(&&(
            "budget".into(),
            Some(1_000_000),
            Some(2_000_000),
            "2021".into(),
            "Team Regie".into(),
            strings(&["cost"])
        )));
        assert!(budget.contains(&&(
            "budget".into(),
            None,
            None,
            "2022-2023".into(),
            "Team Data".into(),
            strings(&["cost", "tbd"])
        )));
        assert!(
            budget
                .iter()
                .any(|r| r.5 == strings(&["income"]) && r.1 == Some(900_000))
        );
        assert_eq!(
            find("total"),
            [&(
                "total".into(),
                Some(6_500_000),
                Some(6_500_000),
                "2021".into(),
                String::new(),
                strings(&["cost"])
            )]
        );
        let actions = find("action");
        assert_eq!(actions.len(), 2);
        assert!(actions.iter().any(|r| r.5 == strings(&["open"])));
        assert!(actions.iter().any(|r| r.5 == strings(&["done"])));
    }
}

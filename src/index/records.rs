//! A parsed document as index entries: one entry for the document, one per record
//! (action, budget line, activity, attendance, statement, session, membership, partner,
//! milestone). Every entry carries the file's path, so a changed file is replaced whole.

use serde::Serialize;
use tantivy::TantivyDocument;

use super::schema::Fields;
use crate::model::text::{fold, is_id};
use crate::model::*;

/// YYYYMMDD of a calendar date.
pub fn day_number(date: jiff::civil::Date) -> i64 {
    i64::from(date.year()) * 10_000 + i64::from(date.month()) * 100 + i64::from(date.day())
}

struct Entry<'f> {
    fields: &'f Fields,
    doc: TantivyDocument,
}

impl<'f> Entry<'f> {
    fn new(fields: &'f Fields, kind: &str, source: &Document, line: u32) -> Entry<'f> {
        let mut doc = TantivyDocument::default();
        doc.add_text(fields.kind, kind);
        doc.add_text(fields.path, &source.path);
        doc.add_text(fields.id, &source.id);
        doc.add_text(fields.doc_type, source.doc_type.as_str());
        doc.add_u64(fields.line, u64::from(line));
        Entry { fields, doc }
    }

    fn people<'a>(&mut self, ids: impl IntoIterator<Item = &'a String>) {
        for id in ids {
            if is_id(id) {
                self.doc.add_text(self.fields.people, id);
            }
        }
    }

    fn orgs<'a>(&mut self, ids: impl IntoIterator<Item = &'a String>) {
        for id in ids {
            if is_id(id) {
                self.doc.add_text(self.fields.orgs, id);
            }
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

    /// Finishes the entry with its record, stored as JSON (serialized straight from the
    /// model: no intermediate `serde_json::Value`).
    fn data(mut self, record: &impl Serialize) -> TantivyDocument {
        let json = serde_json::to_string(record).unwrap_or_else(|_| "null".to_string());
        self.doc.add_text(self.fields.data, json);
        self.doc
    }
}

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
            for attendee in &meeting.attendees {
                people.push(&attendee.person);
                orgs.extend(attendee.on_behalf_of.iter());
                let mut entry = Entry::new(fields, "attendance", doc, attendee.line);
                entry.people([&attendee.person]);
                entry.orgs(attendee.on_behalf_of.iter());
                entry.date(doc.date);
                out.push(entry.data(&AttendanceData {
                    person: &attendee.person,
                    mode: &attendee.mode,
                    on_behalf_of: &attendee.on_behalf_of,
                    role: &attendee.role,
                }));
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
                entry.people(&line.responsible);
                entry.orgs(&line.responsible);
                out.push(entry.data(&InPlan {
                    record: line,
                    team: line.team.as_ref().or(plan.team.as_ref()),
                    programme: Some(plan.programme.as_ref()),
                }));
            }
            for total in &plan.totals {
                let entry = Entry::new(fields, "total", doc, total.line);
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
                entry.people(&activity.responsible);
                entry.orgs(&activity.responsible);
                entry.date(activity.start.or(activity.end));
                out.push(entry.data(&InPlan {
                    record: activity,
                    team: plan.team.as_ref(),
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
        out.push(entry.data(action));
    }
    for statement in &doc.body.statements {
        people.extend(statement.speakers.iter());
        let mut entry = Entry::new(fields, "statement", doc, statement.line);
        entry.people(&statement.speakers);
        entry.date(doc.date);
        out.push(entry.data(statement));
    }
    push_text(&mut text, &doc.body.text);

    let mut entry = Entry::new(fields, "doc", doc, 1);
    entry.doc.add_text(fields.title, &doc.title);
    entry.doc.add_text(fields.text, &text);
    let mut keys: Vec<String> = doc.names().map(fold).collect();
    keys.push(doc.id.clone());
    keys.sort();
    keys.dedup();
    for key in &keys {
        entry.doc.add_text(fields.name_key, key.trim());
    }
    for reference in &doc.references {
        entry.doc.add_text(fields.refs, &reference.target);
    }
    for tag in &doc.tags {
        entry.doc.add_text(fields.tags, fold(tag));
    }
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
    entry.date(doc.date);
    let names: Vec<&str> = doc.names().collect();
    out.push(entry.data(&DocData {
        id: &doc.id,
        doc_type: doc.doc_type,
        title: &doc.title,
        date: doc.date,
        names,
        summary: doc.summary.as_ref(),
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
}

/// A plan's record (budget line, activity) with the plan's team and programme beside it.
#[derive(Serialize)]
struct InPlan<'a, T: Serialize> {
    #[serde(flatten)]
    record: &'a T,
    team: Option<&'a String>,
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
}

//! Who does what: a person's or organisation's card and everything they do, each with the
//! document it comes from. No I/O: the index gathers the entries, this module orders and
//! ranks them.

use std::collections::HashMap;

use serde::Serialize;

use crate::model::Amount;
use crate::model::text::fold;

/// A person's or organisation's card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Card {
    /// The id.
    pub id: String,
    /// `person` or `organisation`.
    #[serde(rename = "type")]
    pub doc_type: String,
    /// The name.
    pub name: String,
    /// Labelled fields in display order: organisations, city, role, e-mail ...
    pub fields: Vec<(String, String)>,
    /// Path of the document, relative to the base root.
    pub path: String,
}

/// One thing someone does, with its source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Involvement {
    /// What they do: `attended`, `stated`, `action`, `budget`, `activity`, `partner`,
    /// `contact`, `facilitated`, `member`, `owner`, `organiser`, `represented`,
    /// `mentioned`.
    pub role: String,
    /// The particulars: how they attended, the action's text, the budget line's item.
    pub what: String,
    /// When: the meeting's date, the action's due date, the line's period.
    pub when: Option<String>,
    /// The id of the document it comes from.
    pub doc: String,
    /// That document's title.
    pub title: String,
    /// Path, relative to the base root.
    pub path: String,
    /// Line.
    pub line: u32,
}

/// A record that names someone, as the index holds it.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// The entry's kind: `attendance`, `statement`, `action`, `budget`, `activity`,
    /// `partner`, `session`, `membership`, `doc`.
    pub kind: String,
    /// The id of the document it stands in.
    pub doc: String,
    /// That document's date, as written.
    pub doc_date: Option<String>,
    /// Path, relative to the base root.
    pub path: String,
    /// Line.
    pub line: u32,
    /// The stored record (docs/index.md).
    pub data: serde_json::Value,
}

fn texts(value: &serde_json::Value) -> Vec<&str> {
    match value {
        serde_json::Value::Array(items) => items.iter().filter_map(|v| v.as_str()).collect(),
        serde_json::Value::String(one) => vec![one.as_str()],
        _ => Vec::new(),
    }
}

/// The person or organisation a card is about, as records may name them: by id, or by a
/// name, alias or abbreviation (folded, as the index gives them: `KbIndex::person_keys`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Referent {
    /// The id.
    pub id: String,
    /// The id and the folded names that refer to this document only.
    pub keys: Vec<String>,
}

impl Referent {
    /// True when `value`, as written in a record, refers to this document.
    pub fn is_named_by(&self, value: &str) -> bool {
        value == self.id || {
            let key = fold(value.trim());
            self.keys.contains(&key)
        }
    }
}

/// The first line of `doc` that refers to `target` (its front matter or its body).
pub fn first_reference_line(doc: &crate::model::Document, target: &Referent) -> Option<u32> {
    doc.references
        .iter()
        .filter(|reference| target.is_named_by(&reference.target))
        .map(|reference| reference.line)
        .min()
}

/// False for a record of a list entry (a meeting's attendance, a body's statements: they
/// share one entry, see `index::records::LIST_KINDS`) that names someone else only: the
/// entry matched for another of its records.
pub fn concerns(target: &Referent, kind: &str, data: &serde_json::Value) -> bool {
    let has = |key: &str| texts(&data[key]).iter().any(|v| target.is_named_by(v));
    match kind {
        "attendance" => has("person") || has("on_behalf_of"),
        "statement" => has("speakers"),
        _ => true,
    }
}

/// What `record` says `target` does, in words; `title_of` names an id. `None` for
/// records that say nothing about anyone (totals, milestones) and for those that do not
/// concern the target ([`concerns`]).
pub fn involvement(
    target: &Referent,
    record: Record,
    title_of: &dyn Fn(&str) -> String,
) -> Option<Involvement> {
    let data = &record.data;
    if !concerns(target, &record.kind, data) {
        return None;
    }
    let has = |key: &str| texts(&data[key]).iter().any(|v| target.is_named_by(v));
    let text = |key: &str| data[key].as_str().unwrap_or_default().to_string();
    let with_role = |mut what: String| {
        if let Some(role) = data["role"].as_str() {
            what.push_str(&format!(" ({role})"));
        }
        what
    };
    let doc_date = record.doc_date.clone();
    let (role, what, when) = match record.kind.as_str() {
        "attendance" if target.is_named_by(&text("person")) => {
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
            let (lead, said) = (text("lead"), text("text"));
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
            let due = data["due"].as_str().map(String::from);
            ("action", format!("[{state}] {}", text("text")), due)
        }
        "budget" => {
            let mut amount = Amount::from_stored(&data["amount"])
                .map(|a| a.to_string())
                .unwrap_or_default();
            if let Some(per) = data["per"].as_str() {
                amount.push_str(&format!(" per {per}"));
            }
            let period = data["period"].as_str().map(String::from);
            ("budget", format!("{}: {amount}", text("item")), period)
        }
        "activity" => {
            let mut what = text("title");
            if let Some(estimate) = Amount::from_stored(&data["estimate"]) {
                what.push_str(&format!(" ({estimate})"));
            }
            let when = data["when"].as_str().or(data["start"].as_str());
            ("activity", what, when.map(String::from))
        }
        "partner" => {
            let parts: Vec<&str> = ["name", "initiative", "topic", "role"]
                .iter()
                .filter_map(|k| data[*k].as_str())
                .collect();
            let role = if has("contact") { "contact" } else { "partner" };
            (role, parts.join("; "), None)
        }
        "session" => ("facilitated", text("title"), doc_date),
        // An organisation's member, or a person's organisation.
        "membership" if target.is_named_by(&text("org")) => {
            ("member", with_role(title_of(&record.doc)), None)
        }
        "membership" => ("member", with_role(title_of(&text("org"))), None),
        "doc" if has("owner") => ("owner", title_of(&record.doc), doc_date),
        "doc" if has("organiser") => ("organiser", title_of(&record.doc), doc_date),
        "doc" => ("mentioned", title_of(&record.doc), doc_date),
        _ => return None,
    };
    Some(Involvement {
        role: role.to_string(),
        what,
        when,
        title: title_of(&record.doc),
        doc: record.doc,
        path: record.path,
        line: record.line,
    })
}

/// The order of roles in a card's table: what someone does first, mentions last.
fn role_rank(role: &str) -> u8 {
    match role {
        "member" => 0,
        "attended" | "represented" => 1,
        "stated" => 2,
        "action" => 3,
        "budget" => 4,
        "activity" => 5,
        "owner" | "organiser" => 6,
        "partner" | "contact" => 7,
        "facilitated" => 8,
        _ => 9,
    }
}

/// Orders involvements: by role (see the module's order), then newest first, then source.
pub fn sort(rows: &mut [Involvement]) {
    rows.sort_by(|a, b| {
        role_rank(&a.role)
            .cmp(&role_rank(&b.role))
            .then_with(|| b.when.cmp(&a.when))
            .then_with(|| a.path.cmp(&b.path))
            .then(a.line.cmp(&b.line))
    });
}

/// Drops "mentioned" rows of documents that other rows already come from: a meeting
/// someone attended names them too, and says nothing more.
pub fn drop_bare_mentions(rows: &mut Vec<Involvement>) {
    let specific: std::collections::HashSet<String> = rows
        .iter()
        .filter(|row| row.role != "mentioned")
        .map(|row| row.doc.clone())
        .collect();
    rows.retain(|row| row.role != "mentioned" || !specific.contains(&row.doc));
}

/// A document matching a topic, with the people involved in it.
#[derive(Debug, Clone, PartialEq)]
pub struct TopicHit {
    /// Its relevance.
    pub score: f32,
    /// The document.
    pub doc: Evidence,
    /// The ids of the people (and organisations) involved in it.
    pub people: Vec<String>,
}

/// A document that puts someone in a topic.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its path, relative to the base root.
    pub path: String,
}

/// A person ranked for a topic, with the documents that put them there.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TopicPerson {
    /// Their id.
    pub id: String,
    /// Their name (the id until the caller looks it up).
    pub name: String,
    /// The sum of the relevance of the documents they are involved in.
    pub score: f32,
    /// Those documents, most relevant first.
    pub evidence: Vec<Evidence>,
}

/// Ranks everyone involved in the documents matching a topic: each hit's score counts
/// for every id involved in it. `hits` come best first; the best `limit` come out, each
/// with up to `evidence` documents.
pub fn rank_topic(hits: &[TopicHit], limit: usize, evidence: usize) -> Vec<TopicPerson> {
    let mut people: HashMap<&str, TopicPerson> = HashMap::new();
    for hit in hits {
        for id in &hit.people {
            let person = people.entry(id.as_str()).or_insert_with(|| TopicPerson {
                id: id.clone(),
                name: id.clone(),
                score: 0.0,
                evidence: Vec::new(),
            });
            person.score += hit.score;
            if person.evidence.len() < evidence {
                person.evidence.push(hit.doc.clone());
            }
        }
    }
    let mut ranked: Vec<TopicPerson> = people.into_values().collect();
    ranked.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.id.cmp(&b.id)));
    ranked.truncate(limit);
    ranked
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn topic_ranks_people_by_the_relevance_of_their_documents() {
        let hit = |score, id: &str, people: &[&str]| TopicHit {
            score,
            doc: Evidence {
                id: id.to_string(),
                title: id.to_uppercase(),
                path: format!("{id}.md"),
            },
            people: people.iter().map(|p| p.to_string()).collect(),
        };
        let hits = vec![
            hit(3.0, "a", &["jan", "piet"]),
            hit(2.0, "b", &["piet"]),
            hit(1.0, "c", &["klaas", "piet"]),
        ];
        let ranked = rank_topic(&hits, 2, 2);
        assert_eq!(ranked[0].id, "piet");
        assert_eq!(ranked[0].score, 6.0);
        assert_eq!(ranked[0].evidence.len(), 2);
        assert_eq!(ranked[1].id, "jan");
        assert_eq!(ranked.len(), 2);
    }

    fn record(kind: &str, data: serde_json::Value) -> Record {
        Record {
            kind: kind.into(),
            doc: "overleg".into(),
            doc_date: Some("2022-11-29".into()),
            path: "meetings/overleg.md".into(),
            line: 7,
            data,
        }
    }

    fn title(id: &str) -> String {
        format!("<{id}>")
    }

    fn wil() -> Referent {
        Referent {
            id: "wil".into(),
            keys: vec!["wil".into(), "wil kovacs".into(), "kovacs".into()],
        }
    }

    #[test]
    fn records_may_name_someone_by_name_or_alias() {
        let role = |data: serde_json::Value| {
            involvement(&wil(), record("attendance", data), &title)
                .unwrap()
                .role
        };
        assert_eq!(role(serde_json::json!({"person": "Kovács"})), "attended");
        assert_eq!(
            role(serde_json::json!({"person": "Wil Kovacs "})),
            "attended"
        );
        assert_eq!(
            role(serde_json::json!({"person": "wim", "on_behalf_of": "kovacs"})),
            "represented"
        );
        let owner = involvement(
            &wil(),
            record("doc", serde_json::json!({"owner": ["Wil Kovács"]})),
            &title,
        );
        assert_eq!(owner.unwrap().role, "owner");
    }

    #[test]
    fn others_in_a_shared_list_entry_say_nothing_of_the_target() {
        let row =
            |kind: &str, data: serde_json::Value| involvement(&wil(), record(kind, data), &title);
        assert_eq!(
            row("attendance", serde_json::json!({"person": "jos"})),
            None
        );
        assert_eq!(
            row(
                "attendance",
                serde_json::json!({"person": "jos", "on_behalf_of": "rdam"})
            ),
            None
        );
        assert_eq!(
            row(
                "statement",
                serde_json::json!({"speakers": ["jos"], "lead": "", "text": "Ja"})
            ),
            None
        );
        let stated = row(
            "statement",
            serde_json::json!({"speakers": ["jos", "Wil Kovács"], "lead": "", "text": "Ja"}),
        );
        assert_eq!(stated.unwrap().what, "Ja");
    }

    #[test]
    fn records_say_in_words_what_someone_does() {
        let said = |kind: &str, data: serde_json::Value| {
            let row = involvement(&wil(), record(kind, data), &title).unwrap();
            (row.role, row.what, row.when)
        };
        let some = |s: &str| Some(s.to_string());
        assert_eq!(
            said(
                "attendance",
                serde_json::json!({"person": "wil", "mode": "online", "role": "vervolggroep", "on_behalf_of": "rdam"})
            ),
            (
                "attended".into(),
                "online, as vervolggroep, for <rdam>".into(),
                some("2022-11-29")
            )
        );
        assert_eq!(
            said(
                "attendance",
                serde_json::json!({"person": "jos", "on_behalf_of": "wil"})
            )
            .1,
            "by <jos>"
        );
        assert_eq!(
            said(
                "action",
                serde_json::json!({"text": "Bellen", "done": true, "due": "2023"})
            ),
            ("action".into(), "[done] Bellen".into(), some("2023"))
        );
        assert_eq!(
            said(
                "budget",
                serde_json::json!({"item": "Toolkit", "amount": {"min": 5_000_000, "max": 6_000_000}, "period": "2021"})
            ),
            (
                "budget".into(),
                "Toolkit: € 50.000 – 60.000".into(),
                some("2021")
            )
        );
        assert_eq!(
            said(
                "partner",
                serde_json::json!({"name": "COB", "role": "kennispartner", "contact": ["wil"]})
            )
            .0,
            "contact"
        );
        assert_eq!(
            said(
                "membership",
                serde_json::json!({"org": "cob", "role": "adviseur"})
            )
            .1,
            "<cob> (adviseur)"
        );
        assert_eq!(
            said("doc", serde_json::json!({"owner": ["wil"]})).0,
            "owner"
        );
        assert_eq!(said("doc", serde_json::json!({})).0, "mentioned");
        assert!(involvement(&wil(), record("total", serde_json::json!({})), &title).is_none());
    }

    #[test]
    fn involvements_come_in_role_order_newest_first() {
        let row = |role: &str, when: Option<&str>| Involvement {
            role: role.into(),
            what: String::new(),
            when: when.map(String::from),
            doc: "d".into(),
            title: "D".into(),
            path: "d.md".into(),
            line: 1,
        };
        let mut rows = vec![
            row("mentioned", None),
            row("attended", Some("2022-11-29")),
            row("attended", Some("2023-05-01")),
            row("member", None),
        ];
        sort(&mut rows);
        let order: Vec<_> = rows
            .iter()
            .map(|r| (r.role.as_str(), r.when.as_deref()))
            .collect();
        assert_eq!(
            order,
            [
                ("member", None),
                ("attended", Some("2023-05-01")),
                ("attended", Some("2022-11-29")),
                ("mentioned", None),
            ]
        );
    }
}

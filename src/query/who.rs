//! Who does what: a person's or organisation's card and everything they do, each with the
//! document it comes from. No I/O: the index gathers the entries, this module orders and
//! ranks them.

use std::collections::HashMap;

use serde::Serialize;

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

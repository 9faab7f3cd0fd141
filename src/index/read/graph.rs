//! `kb graph`: people, organisations, meetings and plans, and how they relate.

use std::collections::{HashMap, HashSet};

use anyhow::Result;

use super::{StoredDoc, Texts, all_of, any_of, strings, term};
use crate::index::KbIndex;
use crate::model::text::fold;
use crate::query::graph::{Edge, EdgeKind, Graph, Node, NodeKind};

impl KbIndex {
    /// The graph of people, organisations, meetings and plans: who attended, is a member
    /// of, is responsible for, partners in, owns, organised or facilitated what.
    pub fn graph(&self) -> Result<Graph> {
        let fields = &self.fields;
        let searcher = self.searcher();
        let mut nodes = Vec::new();
        let mut edges = Vec::new();
        let mut names = NodeNames::default();
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
                    edges.push(Edge::new(owner, stored.id.clone(), EdgeKind::Owns));
                }
                for organiser in strings(&stored.data["organiser"]) {
                    edges.push(Edge::new(organiser, stored.id.clone(), EdgeKind::Organised));
                }
                names.add(&stored);
                nodes.push(Node::new(stored.id, kind, stored.title));
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
        // Records and front matter may name a person or organisation by a name or alias.
        for edge in &mut edges {
            for end in [&mut edge.from, &mut edge.to] {
                if let Some(id) = names.id_of(end) {
                    *end = id.to_string();
                }
            }
        }
        Ok(Graph::new(nodes, edges))
    }
}

/// The ids of the graph's documents by id and by folded name, as `kb check` resolves
/// references: ids first, then a name that only one document has.
#[derive(Default)]
struct NodeNames {
    ids: HashSet<String>,
    /// Folded name → the id of the one document with it (`None`: several have it).
    names: HashMap<String, Option<String>>,
}

impl NodeNames {
    fn add(&mut self, doc: &StoredDoc) {
        self.ids.insert(doc.id.clone());
        for name in doc.names() {
            let key = fold(name.trim());
            match self.names.get(&key) {
                Some(Some(other)) if *other != doc.id => {
                    self.names.insert(key, None);
                }
                Some(_) => {}
                None => {
                    self.names.insert(key, Some(doc.id.clone()));
                }
            }
        }
    }

    /// The id `value` (an id, or a name as written or folded) names, if any.
    fn id_of<'a>(&'a self, value: &'a str) -> Option<&'a str> {
        if self.ids.contains(value) {
            return Some(value);
        }
        let key = fold(value.trim());
        if let Some(id) = self.ids.get(&key) {
            return Some(id);
        }
        self.names.get(&key).and_then(|id| id.as_deref())
    }
}

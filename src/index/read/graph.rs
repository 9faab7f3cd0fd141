//! `kb graph`: people, organisations, meetings and plans, and how they relate.

use anyhow::Result;

use super::{Texts, all_of, any_of, strings, term};
use crate::index::KbIndex;
use crate::query::graph::{Edge, EdgeKind, Graph, Node, NodeKind};

impl KbIndex {
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
                    edges.push(Edge::new(owner, stored.id.clone(), EdgeKind::Owns));
                }
                for organiser in strings(&stored.data["organiser"]) {
                    edges.push(Edge::new(organiser, stored.id.clone(), EdgeKind::Organised));
                }
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
        Ok(Graph::new(nodes, edges))
    }
}

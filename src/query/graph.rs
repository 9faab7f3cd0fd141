//! The domain graph of who works with whom: people, organisations, meetings and plans as
//! nodes, and how they relate as edges. No I/O; the same input always gives the same graph.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

/// What a node stands for. The variant order is the order nodes are listed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum NodeKind {
    /// A person.
    Person,
    /// An organisation.
    Organisation,
    /// A meeting.
    Meeting,
    /// A plan.
    Plan,
}

impl NodeKind {
    /// All kinds, in listing order.
    pub const ALL: [NodeKind; 4] = [
        NodeKind::Person,
        NodeKind::Organisation,
        NodeKind::Meeting,
        NodeKind::Plan,
    ];

    /// The lowercase name, as serialized.
    pub fn as_str(self) -> &'static str {
        match self {
            NodeKind::Person => "person",
            NodeKind::Organisation => "organisation",
            NodeKind::Meeting => "meeting",
            NodeKind::Plan => "plan",
        }
    }
}

/// A person, organisation, meeting or plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Node {
    /// The kb id of the document.
    pub id: String,
    /// What the node stands for.
    pub kind: NodeKind,
    /// What people call it (name or title).
    pub label: String,
}

impl Node {
    /// A node for the document `id`.
    pub fn new(id: impl Into<String>, kind: NodeKind, label: impl Into<String>) -> Node {
        Node {
            id: id.into(),
            kind,
            label: label.into(),
        }
    }
}

/// How `from` relates to `to`. The variant order breaks ties when edges are sorted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EdgeKind {
    /// A person attended a meeting.
    Attended,
    /// A person is a member of an organisation.
    MemberOf,
    /// A person or organisation is responsible for a plan.
    ResponsibleFor,
    /// An organisation is a partner in a plan.
    PartnerIn,
    /// A person is the contact for an organisation or plan.
    ContactFor,
    /// A person or organisation organised a meeting.
    Organised,
    /// A person or organisation owns a plan.
    Owns,
    /// A person facilitated a meeting.
    Facilitated,
}

impl EdgeKind {
    /// The English verb phrase: "attended", "member of", ...
    pub fn label(self) -> &'static str {
        match self {
            EdgeKind::Attended => "attended",
            EdgeKind::MemberOf => "member of",
            EdgeKind::ResponsibleFor => "responsible for",
            EdgeKind::PartnerIn => "partner in",
            EdgeKind::ContactFor => "contact for",
            EdgeKind::Organised => "organised",
            EdgeKind::Owns => "owns",
            EdgeKind::Facilitated => "facilitated",
        }
    }
}

/// `from` relates to `to` as `kind` says. Ordered by (from, to, kind).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Edge {
    /// The id of the node the edge starts at.
    pub from: String,
    /// The id of the node the edge ends at.
    pub to: String,
    /// How they relate.
    pub kind: EdgeKind,
}

impl Edge {
    /// `from` relates to `to` as `kind` says.
    pub fn new(from: impl Into<String>, to: impl Into<String>, kind: EdgeKind) -> Edge {
        Edge {
            from: from.into(),
            to: to.into(),
            kind,
        }
    }
}

/// Nodes sorted by (kind, id) with unique ids, and edges between them sorted by
/// (from, to, kind) without duplicates. [`Graph::new`] establishes that order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Graph {
    /// The nodes, by kind then id.
    pub nodes: Vec<Node>,
    /// The edges, by from, to, kind.
    pub edges: Vec<Edge>,
}

impl Graph {
    /// Builds a graph in canonical order: nodes by (kind, id), the first of each id kept;
    /// edges whose ends are not both nodes dropped, duplicates dropped, by (from, to, kind).
    pub fn new(nodes: Vec<Node>, edges: Vec<Edge>) -> Graph {
        let mut nodes = nodes;
        // A stable sort keeps input order among equal ids, so dedup keeps the first.
        nodes.sort_by(|a, b| a.id.cmp(&b.id));
        nodes.dedup_by(|later, earlier| later.id == earlier.id);
        nodes.sort_unstable_by(|a, b| (a.kind, &a.id).cmp(&(b.kind, &b.id)));

        let node_ids: HashSet<&str> = nodes.iter().map(|node| node.id.as_str()).collect();
        let mut edges = edges;
        edges.retain(|edge| {
            node_ids.contains(edge.from.as_str()) && node_ids.contains(edge.to.as_str())
        });
        edges.sort_unstable();
        edges.dedup();

        Graph { nodes, edges }
    }

    /// The nodes within `depth` hops of `id`, edges taken in either direction, and the
    /// edges between them. Depth 0 is the node alone; an unknown id gives an empty graph.
    pub fn around(&self, id: &str, depth: usize) -> Graph {
        if !self.contains(id) {
            return Graph::default();
        }
        let mut reached: HashSet<&str> = HashSet::from([id]);
        if depth > 0 {
            let mut neighbours: HashMap<&str, Vec<&str>> = HashMap::with_capacity(self.nodes.len());
            for edge in &self.edges {
                neighbours
                    .entry(edge.from.as_str())
                    .or_default()
                    .push(edge.to.as_str());
                neighbours
                    .entry(edge.to.as_str())
                    .or_default()
                    .push(edge.from.as_str());
            }
            let mut frontier = vec![id];
            for _ in 0..depth {
                let mut next = Vec::new();
                for at in frontier {
                    for &near in neighbours.get(at).map_or(&[][..], Vec::as_slice) {
                        if reached.insert(near) {
                            next.push(near);
                        }
                    }
                }
                if next.is_empty() {
                    break;
                }
                frontier = next;
            }
        }

        let nodes: Vec<Node> = self
            .nodes
            .iter()
            .filter(|node| reached.contains(node.id.as_str()))
            .cloned()
            .collect();
        let kept: HashSet<&str> = nodes.iter().map(|node| node.id.as_str()).collect();
        let edges = self
            .edges
            .iter()
            .filter(|edge| kept.contains(edge.from.as_str()) && kept.contains(edge.to.as_str()))
            .cloned()
            .collect();
        Graph { nodes, edges }
    }

    /// Whether a node has this id.
    pub fn contains(&self, id: &str) -> bool {
        self.nodes.iter().any(|node| node.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(graph: &Graph) -> Vec<&str> {
        graph.nodes.iter().map(|node| node.id.as_str()).collect()
    }

    fn edge_triples(graph: &Graph) -> Vec<(&str, &str, EdgeKind)> {
        graph
            .edges
            .iter()
            .map(|edge| (edge.from.as_str(), edge.to.as_str(), edge.kind))
            .collect()
    }

    /// a - b - c - d in a chain of people and things, plus an island e.
    fn chain() -> Graph {
        Graph::new(
            vec![
                Node::new("a", NodeKind::Person, "A"),
                Node::new("b", NodeKind::Meeting, "B"),
                Node::new("c", NodeKind::Person, "C"),
                Node::new("d", NodeKind::Organisation, "D"),
                Node::new("e", NodeKind::Plan, "E"),
            ],
            vec![
                Edge::new("a", "b", EdgeKind::Attended),
                Edge::new("c", "b", EdgeKind::Attended),
                Edge::new("c", "d", EdgeKind::MemberOf),
            ],
        )
    }

    #[test]
    fn new_sorts_nodes_by_kind_then_id() {
        let graph = Graph::new(
            vec![
                Node::new("plan-x", NodeKind::Plan, "X"),
                Node::new("zoe", NodeKind::Person, "Zoë"),
                Node::new("cob", NodeKind::Organisation, "COB"),
                Node::new("anna", NodeKind::Person, "Anna"),
                Node::new("meeting-1", NodeKind::Meeting, "M"),
            ],
            Vec::new(),
        );
        assert_eq!(ids(&graph), ["anna", "zoe", "cob", "meeting-1", "plan-x"]);
    }

    #[test]
    fn new_keeps_the_first_node_of_an_id() {
        let graph = Graph::new(
            vec![
                Node::new("x", NodeKind::Plan, "first"),
                Node::new("y", NodeKind::Person, "Y"),
                Node::new("x", NodeKind::Person, "second"),
            ],
            Vec::new(),
        );
        assert_eq!(
            graph.nodes,
            [
                Node::new("y", NodeKind::Person, "Y"),
                Node::new("x", NodeKind::Plan, "first")
            ]
        );
    }

    #[test]
    fn new_drops_dangling_and_duplicate_edges_and_sorts_them() {
        let graph = Graph::new(
            vec![
                Node::new("a", NodeKind::Person, "A"),
                Node::new("b", NodeKind::Organisation, "B"),
            ],
            vec![
                Edge::new("b", "a", EdgeKind::ContactFor),
                Edge::new("a", "b", EdgeKind::Owns),
                Edge::new("a", "missing", EdgeKind::Attended),
                Edge::new("missing", "b", EdgeKind::Attended),
                Edge::new("a", "b", EdgeKind::MemberOf),
                Edge::new("a", "b", EdgeKind::Owns),
            ],
        );
        assert_eq!(
            edge_triples(&graph),
            [
                ("a", "b", EdgeKind::MemberOf),
                ("a", "b", EdgeKind::Owns),
                ("b", "a", EdgeKind::ContactFor),
            ]
        );
    }

    #[test]
    fn new_is_independent_of_input_order() {
        let nodes = vec![
            Node::new("a", NodeKind::Person, "A"),
            Node::new("b", NodeKind::Meeting, "B"),
            Node::new("c", NodeKind::Plan, "C"),
        ];
        let edges = vec![
            Edge::new("a", "b", EdgeKind::Attended),
            Edge::new("a", "c", EdgeKind::Owns),
            Edge::new("b", "c", EdgeKind::Facilitated),
        ];
        let forward = Graph::new(nodes.clone(), edges.clone());
        let backward = Graph::new(
            nodes.into_iter().rev().collect(),
            edges.into_iter().rev().collect(),
        );
        assert_eq!(forward, backward);
    }

    #[test]
    fn around_depth_zero_is_the_node_alone() {
        let graph = chain().around("b", 0);
        assert_eq!(ids(&graph), ["b"]);
        assert!(graph.edges.is_empty());
    }

    #[test]
    fn around_follows_edges_both_ways() {
        let one = chain().around("b", 1);
        assert_eq!(ids(&one), ["a", "c", "b"]);
        assert_eq!(
            edge_triples(&one),
            [
                ("a", "b", EdgeKind::Attended),
                ("c", "b", EdgeKind::Attended)
            ]
        );

        let two = chain().around("a", 2);
        assert_eq!(ids(&two), ["a", "c", "b"]);

        let three = chain().around("a", 3);
        assert_eq!(ids(&three), ["a", "c", "d", "b"]);
        assert_eq!(three.edges.len(), 3);
    }

    #[test]
    fn around_keeps_edges_between_kept_nodes() {
        // A triangle: at depth 1 from a, the edge b-c is kept too.
        let graph = Graph::new(
            vec![
                Node::new("a", NodeKind::Person, "A"),
                Node::new("b", NodeKind::Person, "B"),
                Node::new("c", NodeKind::Meeting, "C"),
                Node::new("d", NodeKind::Meeting, "D"),
            ],
            vec![
                Edge::new("a", "b", EdgeKind::ContactFor),
                Edge::new("a", "c", EdgeKind::Attended),
                Edge::new("b", "c", EdgeKind::Attended),
                Edge::new("b", "d", EdgeKind::Attended),
            ],
        );
        let around = graph.around("a", 1);
        assert_eq!(ids(&around), ["a", "b", "c"]);
        assert_eq!(
            edge_triples(&around),
            [
                ("a", "b", EdgeKind::ContactFor),
                ("a", "c", EdgeKind::Attended),
                ("b", "c", EdgeKind::Attended),
            ]
        );
    }

    #[test]
    fn around_an_island_or_unknown_id() {
        assert_eq!(ids(&chain().around("e", 5)), ["e"]);
        assert_eq!(chain().around("nobody", 2), Graph::default());
    }

    #[test]
    fn around_a_large_chain() {
        let count = 100_000;
        let nodes = (0..count)
            .map(|i| Node::new(format!("p{i}"), NodeKind::Person, "P"))
            .collect();
        let edges = (1..count)
            .map(|i| Edge::new(format!("p{}", i - 1), format!("p{i}"), EdgeKind::ContactFor))
            .collect();
        let graph = Graph::new(nodes, edges);
        assert_eq!(graph.around("p0", count).nodes.len(), count);
        assert_eq!(graph.around("p50000", 2).nodes.len(), 5);
    }

    #[test]
    fn contains_looks_up_ids() {
        let graph = chain();
        assert!(graph.contains("d"));
        assert!(!graph.contains("D"));
    }

    #[test]
    fn names_and_labels() {
        assert_eq!(
            NodeKind::ALL.map(NodeKind::as_str),
            ["person", "organisation", "meeting", "plan"]
        );
        assert_eq!(EdgeKind::ResponsibleFor.label(), "responsible for");
        assert_eq!(EdgeKind::MemberOf.label(), "member of");
        assert_eq!(
            serde_json::to_string(&EdgeKind::ResponsibleFor).unwrap(),
            "\"responsible-for\""
        );
        assert_eq!(
            serde_json::to_string(&NodeKind::Organisation).unwrap(),
            "\"organisation\""
        );
    }
}

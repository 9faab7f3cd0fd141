//! The domain graph as Mermaid (for Markdown and GitHub), Graphviz DOT (for `dot -Tsvg`)
//! or JSON (for machines).

use std::collections::HashMap;
use std::io::{self, Write};

use crate::query::graph::{Graph, NodeKind};

/// How `kb graph` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum GraphFormat {
    /// A Mermaid flowchart, coloured by kind.
    #[default]
    Mermaid,
    /// A Graphviz digraph.
    Dot,
    /// `{"nodes": [...], "edges": [...]}` (docs/cli.md describes the shape).
    Json,
}

/// Writes `graph` in `format`.
pub fn write_graph(out: &mut dyn Write, graph: &Graph, format: GraphFormat) -> io::Result<()> {
    match format {
        GraphFormat::Mermaid => write_mermaid(out, graph),
        GraphFormat::Dot => write_dot(out, graph),
        GraphFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, graph)?;
            writeln!(out)
        }
    }
}

/// The Mermaid node shape around a quoted label: (opening, closing).
fn mermaid_shape(kind: NodeKind) -> (&'static str, &'static str) {
    match kind {
        NodeKind::Person => ("([\"", "\"])"),
        NodeKind::Organisation => ("[\"", "\"]"),
        NodeKind::Meeting => ("{{\"", "\"}}"),
        NodeKind::Plan => ("[/\"", "\"/]"),
    }
}

/// The Mermaid class style of a kind.
fn mermaid_style(kind: NodeKind) -> &'static str {
    match kind {
        NodeKind::Person => "fill:#dbeafe,stroke:#1d4ed8,color:#0f172a",
        NodeKind::Organisation => "fill:#dcfce7,stroke:#15803d,color:#0f172a",
        NodeKind::Meeting => "fill:#fef3c7,stroke:#b45309,color:#0f172a",
        NodeKind::Plan => "fill:#f3e8ff,stroke:#7e22ce,color:#0f172a",
    }
}

/// A label safe inside Mermaid quotes: `#`, `"`, `<`, `>` as entity codes, line breaks
/// as spaces.
fn mermaid_escape(label: &str) -> String {
    let mut escaped = String::with_capacity(label.len());
    for ch in label.chars() {
        match ch {
            '#' => escaped.push_str("#35;"),
            '"' => escaped.push_str("#quot;"),
            '<' => escaped.push_str("#lt;"),
            '>' => escaped.push_str("#gt;"),
            '\r' | '\n' => escaped.push(' '),
            _ => escaped.push(ch),
        }
    }
    escaped
}

/// Mermaid with generated ids `n0`, `n1`, ... (kb ids hold `-` and may be keywords).
fn write_mermaid(out: &mut dyn Write, graph: &Graph) -> io::Result<()> {
    writeln!(out, "flowchart LR")?;
    let mut number: HashMap<&str, usize> = HashMap::with_capacity(graph.nodes.len());
    for (index, node) in graph.nodes.iter().enumerate() {
        number.insert(node.id.as_str(), index);
        let (open, close) = mermaid_shape(node.kind);
        writeln!(
            out,
            "    n{index}{open}{}{close}",
            mermaid_escape(&node.label)
        )?;
    }
    for edge in &graph.edges {
        if let (Some(from), Some(to)) =
            (number.get(edge.from.as_str()), number.get(edge.to.as_str()))
        {
            writeln!(out, "    n{from} -->|{}| n{to}", edge.kind.label())?;
        }
    }
    let mut members: Vec<(NodeKind, Vec<String>)> = Vec::new();
    for kind in NodeKind::ALL {
        let of_kind: Vec<String> = graph
            .nodes
            .iter()
            .enumerate()
            .filter(|(_, node)| node.kind == kind)
            .map(|(index, _)| format!("n{index}"))
            .collect();
        if !of_kind.is_empty() {
            members.push((kind, of_kind));
        }
    }
    for (kind, _) in &members {
        writeln!(
            out,
            "    classDef {} {}",
            kind.as_str(),
            mermaid_style(*kind)
        )?;
    }
    for (kind, of_kind) in &members {
        writeln!(out, "    class {} {}", of_kind.join(","), kind.as_str())?;
    }
    Ok(())
}

/// The Graphviz shape of a kind.
fn dot_shape(kind: NodeKind) -> &'static str {
    match kind {
        NodeKind::Person => "ellipse",
        NodeKind::Organisation => "box",
        NodeKind::Meeting => "hexagon",
        NodeKind::Plan => "note",
    }
}

/// Text safe inside DOT quotes: `\` and `"` backslash-escaped, line breaks as `\n`.
fn dot_escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '\\' => escaped.push_str("\\\\"),
            '"' => escaped.push_str("\\\""),
            '\n' => escaped.push_str("\\n"),
            '\r' => {}
            _ => escaped.push(ch),
        }
    }
    escaped
}

/// Graphviz DOT, with kb ids as node names.
fn write_dot(out: &mut dyn Write, graph: &Graph) -> io::Result<()> {
    writeln!(out, "digraph kb {{")?;
    writeln!(out, "  rankdir=LR;")?;
    writeln!(out, "  node [fontname=\"Helvetica\"];")?;
    for node in &graph.nodes {
        writeln!(
            out,
            "  \"{}\" [label=\"{}\", shape={}];",
            dot_escape(&node.id),
            dot_escape(&node.label),
            dot_shape(node.kind)
        )?;
    }
    for edge in &graph.edges {
        writeln!(
            out,
            "  \"{}\" -> \"{}\" [label=\"{}\"];",
            dot_escape(&edge.from),
            dot_escape(&edge.to),
            edge.kind.label()
        )?;
    }
    writeln!(out, "}}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::graph::{Edge, EdgeKind, Node};

    fn three() -> Graph {
        Graph::new(
            vec![
                Node::new("meeting-x", NodeKind::Meeting, "Kick-off"),
                Node::new("cob", NodeKind::Organisation, "COB"),
                Node::new("wil-kovacs", NodeKind::Person, "Wil Kovács"),
            ],
            vec![
                Edge::new("wil-kovacs", "meeting-x", EdgeKind::Attended),
                Edge::new("wil-kovacs", "cob", EdgeKind::MemberOf),
                Edge::new("cob", "meeting-x", EdgeKind::Organised),
            ],
        )
    }

    fn render(graph: &Graph, format: GraphFormat) -> String {
        let mut out = Vec::new();
        write_graph(&mut out, graph, format).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn mermaid() {
        assert_eq!(
            render(&three(), GraphFormat::Mermaid),
            r#"flowchart LR
    n0(["Wil Kovács"])
    n1["COB"]
    n2{{"Kick-off"}}
    n1 -->|organised| n2
    n0 -->|member of| n1
    n0 -->|attended| n2
    classDef person fill:#dbeafe,stroke:#1d4ed8,color:#0f172a
    classDef organisation fill:#dcfce7,stroke:#15803d,color:#0f172a
    classDef meeting fill:#fef3c7,stroke:#b45309,color:#0f172a
    class n0 person
    class n1 organisation
    class n2 meeting
"#
        );
    }

    #[test]
    fn mermaid_shapes_and_classes_group_by_kind() {
        let graph = Graph::new(
            vec![
                Node::new("a", NodeKind::Person, "A"),
                Node::new("b", NodeKind::Person, "B"),
                Node::new("p", NodeKind::Plan, "P"),
            ],
            vec![Edge::new("a", "p", EdgeKind::Owns)],
        );
        assert_eq!(
            render(&graph, GraphFormat::Mermaid),
            r#"flowchart LR
    n0(["A"])
    n1(["B"])
    n2[/"P"/]
    n0 -->|owns| n2
    classDef person fill:#dbeafe,stroke:#1d4ed8,color:#0f172a
    classDef plan fill:#f3e8ff,stroke:#7e22ce,color:#0f172a
    class n0,n1 person
    class n2 plan
"#
        );
    }

    #[test]
    fn dot() {
        assert_eq!(
            render(&three(), GraphFormat::Dot),
            r#"digraph kb {
  rankdir=LR;
  node [fontname="Helvetica"];
  "wil-kovacs" [label="Wil Kovács", shape=ellipse];
  "cob" [label="COB", shape=box];
  "meeting-x" [label="Kick-off", shape=hexagon];
  "cob" -> "meeting-x" [label="organised"];
  "wil-kovacs" -> "cob" [label="member of"];
  "wil-kovacs" -> "meeting-x" [label="attended"];
}
"#
        );
    }

    #[test]
    fn json() {
        assert_eq!(
            render(&three(), GraphFormat::Json),
            r#"{
  "nodes": [
    {
      "id": "wil-kovacs",
      "kind": "person",
      "label": "Wil Kovács"
    },
    {
      "id": "cob",
      "kind": "organisation",
      "label": "COB"
    },
    {
      "id": "meeting-x",
      "kind": "meeting",
      "label": "Kick-off"
    }
  ],
  "edges": [
    {
      "from": "cob",
      "to": "meeting-x",
      "kind": "organised"
    },
    {
      "from": "wil-kovacs",
      "to": "cob",
      "kind": "member-of"
    },
    {
      "from": "wil-kovacs",
      "to": "meeting-x",
      "kind": "attended"
    }
  ]
}
"#
        );
    }

    #[test]
    fn empty_graph() {
        let empty = Graph::default();
        assert_eq!(render(&empty, GraphFormat::Mermaid), "flowchart LR\n");
        assert_eq!(
            render(&empty, GraphFormat::Dot),
            "digraph kb {\n  rankdir=LR;\n  node [fontname=\"Helvetica\"];\n}\n"
        );
        assert_eq!(
            render(&empty, GraphFormat::Json),
            "{\n  \"nodes\": [],\n  \"edges\": []\n}\n"
        );
    }

    #[test]
    fn escaping() {
        let graph = Graph::new(
            vec![Node::new(
                "plan-\"q\"",
                NodeKind::Plan,
                "The \"Big\" <Plan> #1 C:\\x",
            )],
            Vec::new(),
        );
        assert_eq!(
            render(&graph, GraphFormat::Mermaid),
            "flowchart LR\n    n0[/\"The #quot;Big#quot; #lt;Plan#gt; #35;1 C:\\x\"/]\n    \
             classDef plan fill:#f3e8ff,stroke:#7e22ce,color:#0f172a\n    class n0 plan\n"
        );
        assert_eq!(
            render(&graph, GraphFormat::Dot),
            "digraph kb {\n  rankdir=LR;\n  node [fontname=\"Helvetica\"];\n  \
             \"plan-\\\"q\\\"\" [label=\"The \\\"Big\\\" <Plan> #1 C:\\\\x\", shape=note];\n}\n"
        );
        let json = render(&graph, GraphFormat::Json);
        assert!(json.contains(r#""label": "The \"Big\" <Plan> #1 C:\\x""#));
    }

    #[test]
    fn line_breaks_in_labels() {
        let graph = Graph::new(vec![Node::new("m", NodeKind::Meeting, "a\nb")], Vec::new());
        assert!(render(&graph, GraphFormat::Mermaid).contains("    n0{{\"a b\"}}\n"));
        assert!(render(&graph, GraphFormat::Dot).contains("[label=\"a\\nb\", shape=hexagon]"));
    }
}

//! `kb graph`: people, organisations, meetings and plans as Mermaid, DOT or JSON.

use anyhow::Result;
use clap::{Args, ValueEnum};

use super::query::{Named, resolve};
use super::{Context, Outcome};
use crate::render::graph::{GraphFormat, write_graph};

/// `kb graph --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GraphOutput {
    /// A Mermaid flowchart (renders in GitHub and GitLab Markdown).
    Mermaid,
    /// Graphviz DOT (`| dot -Tsvg > graph.svg`).
    Dot,
    /// JSON: nodes and edges.
    Json,
}

/// Arguments of `kb graph`.
#[derive(Debug, Args)]
pub struct GraphArgs {
    /// Only what lies within --depth steps of this document (id, name or alias).
    #[arg(long, value_name = "ID")]
    pub around: Option<String>,
    /// Steps from --around.
    #[arg(long, value_name = "N", default_value_t = 1, requires = "around")]
    pub depth: usize,
    /// Output format.
    #[arg(long, value_enum, default_value_t = GraphOutput::Mermaid)]
    pub format: GraphOutput,
}

/// Runs `kb graph`.
pub fn run(context: &Context, args: &GraphArgs) -> Result<Outcome> {
    let base = context.open_base(None)?;
    let index = context.open_index(&base)?;
    let mut graph = index.graph()?;
    if let Some(text) = &args.around {
        let doc = match resolve(&index, text, &[], "--around ")? {
            Named::One(doc) => doc,
            Named::Ambiguous => return Ok(Outcome::Findings),
        };
        if !graph.contains(&doc.id) {
            anyhow::bail!(
                "--around `{text}`: {} is a {}, and the graph holds only people, organisations, meetings and plans",
                doc.id,
                doc.doc_type
            );
        }
        graph = graph.around(&doc.id, args.depth);
    }
    let format = match args.format {
        GraphOutput::Mermaid => GraphFormat::Mermaid,
        GraphOutput::Dot => GraphFormat::Dot,
        GraphOutput::Json => GraphFormat::Json,
    };
    super::query::print(|out, _| write_graph(out, &graph, format))?;
    Ok(Outcome::Success)
}

//! `kb show`: one document, its actions, what it refers to and what refers to it.

use anyhow::{Context as _, Result};
use clap::Args;

use super::query::{Named, QueryFormat, resolve};
use super::{Context, Outcome};
use crate::index::read::ActionFilter;
use crate::parse::{frontmatter, parse_file};
use crate::render::paths::display_prefix;
use crate::render::show::{Backlink, Shown, ShownReference, write_show};

/// Arguments of `kb show`.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The document: id, title, name or alias.
    #[arg(value_name = "ID")]
    pub id: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = QueryFormat::Table)]
    pub format: QueryFormat,
}

/// Runs `kb show`.
pub fn run(context: &Context, args: &ShowArgs) -> Result<Outcome> {
    let base = context.open_base(None)?;
    let index = context.open_index(&base)?;
    let doc = match resolve(&index, &args.id, &[], "")? {
        Named::One(doc) => doc,
        Named::Ambiguous => return Ok(Outcome::Findings),
    };
    // One file is read again for its front matter and references; the rest comes from
    // the index.
    let file = base.root.join(&doc.path);
    let bytes = std::fs::read(&file).with_context(|| format!("cannot read {}", doc.path))?;
    let text = String::from_utf8_lossy(&bytes);
    let front_matter = frontmatter::split(&text)
        .ok()
        .and_then(|split| split.yaml)
        .unwrap_or_default()
        .trim_end()
        .to_string();
    let fields: serde_json::Value = serde_yaml::from_str::<serde_yaml::Value>(&front_matter)
        .ok()
        .and_then(|yaml| serde_json::to_value(yaml).ok())
        .unwrap_or_default();
    let parsed = parse_file(&doc.path, &bytes);
    let mut references = Vec::new();
    if let Some(parsed) = &parsed.doc {
        for reference in &parsed.references {
            // As `kb check` resolves it: an id, a name or an alias, nothing looser.
            let mut named = index.named(&reference.target)?;
            let target = match named.len() {
                1 => named.pop(),
                0 => index.document(&crate::model::text::slugify(&reference.target))?,
                _ => None,
            };
            let resolved = target.as_ref();
            references.push(ShownReference {
                target: reference.target.clone(),
                origin: match reference.origin {
                    crate::model::RefOrigin::WikiLink => "wiki-link".to_string(),
                    crate::model::RefOrigin::Mention => "mention".to_string(),
                    crate::model::RefOrigin::Field(name) => name.to_string(),
                },
                line: reference.line,
                id: resolved.map(|d| d.id.clone()),
                title: resolved.map(|d| d.title.clone()),
            });
        }
    }
    let today = super::today()?;
    let actions = index.actions(
        &ActionFilter {
            doc: Some(doc.id.clone()),
            ..ActionFilter::default()
        },
        today,
    )?;
    let backlinks = index
        .backlinks(&doc)?
        .into_iter()
        .map(|(id, title, path)| Backlink { id, title, path })
        .collect();
    let attendees = index.attendees(&doc.id)?;
    let shown = Shown {
        id: doc.id.clone(),
        doc_type: doc.doc_type.clone(),
        title: doc.title.clone(),
        path: doc.path.clone(),
        fields,
        front_matter,
        attendees,
        actions,
        references,
        backlinks,
    };
    let prefix = display_prefix(&base.root, &context.cwd);
    super::query::print(|out, _| write_show(out, &shown, &prefix, args.format.into()))?;
    Ok(Outcome::Success)
}

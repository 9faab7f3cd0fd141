//! `kb who`: everything a person or organisation does, or who is involved in a topic.

use anyhow::{Result, bail};
use clap::Args;

use super::query::{Named, QueryFormat, resolve, resolve_among};
use super::{Context, Outcome};
use crate::model::DocType;
use crate::query::who::{Referent, first_reference_line};
use crate::query::who::{TopicPerson, rank_topic};
use crate::render::paths::display_prefix;
use crate::render::who::{write_topic, write_who};

/// Arguments of `kb who`.
#[derive(Debug, Args)]
pub struct WhoArgs {
    /// A person: id, name, part of a name or alias (case and diacritics do not matter).
    #[arg(value_name = "NAME|ID")]
    pub name: Option<String>,
    /// An organisation (id, name or abbreviation): its people and its roles. With NAME,
    /// only people of this organisation are candidates.
    #[arg(long, value_name = "ORG")]
    pub org: Option<String>,
    /// Rank the people most involved in documents about these words.
    #[arg(long, value_name = "WORDS", num_args = 1.., conflicts_with_all = ["name", "org"])]
    pub topic: Vec<String>,
    /// How many people `--topic` ranks.
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u16).range(1..))]
    pub limit: u16,
    /// Output format.
    #[arg(long, value_enum, default_value_t = QueryFormat::Table)]
    pub format: QueryFormat,
}

/// Runs `kb who`.
pub fn run(context: &Context, args: &WhoArgs) -> Result<Outcome> {
    if args.name.is_none() && args.org.is_none() && args.topic.is_empty() {
        bail!(
            "give a person (kb who NAME), an organisation (--org ORG) or a topic (--topic WORDS)"
        );
    }
    let base = context.open_base(None)?;
    let index = context.open_index(&base)?;
    let prefix = display_prefix(&base.root, &context.cwd);
    if !args.topic.is_empty() {
        let words = args.topic.join(" ");
        let query = crate::query::search::parse(&words)
            .map_err(|err| anyhow::anyhow!("--topic: malformed words {err}"))?;
        let hits = index.topic_hits(&query, 50)?;
        let limit = usize::from(args.limit);
        // Organisations are ranked too, and left out below: rank more than shown.
        let ranked = rank_topic(&hits, limit.saturating_mul(3), 3);
        let ids: Vec<&str> = ranked.iter().map(|p| p.id.as_str()).collect();
        let docs = index.documents(&ids)?;
        let shown: Vec<TopicPerson> = ranked
            .into_iter()
            .filter_map(|mut person| {
                let doc = docs.get(&person.id).filter(|d| d.doc_type == "person")?;
                person.name = doc.title.clone();
                Some(person)
            })
            .take(limit)
            .collect();
        super::query::print(|out, _| {
            write_topic(out, &words, &shown, &prefix, args.format.into())
        })?;
        return Ok(if shown.is_empty() {
            Outcome::Findings
        } else {
            Outcome::Success
        });
    }
    let org = match &args.org {
        Some(text) => match resolve(&index, text, &[DocType::Organisation], "--org ")? {
            Named::One(doc) => Some(doc),
            Named::Ambiguous => return Ok(Outcome::Findings),
        },
        None => None,
    };
    let target = match (&args.name, org) {
        (Some(name), org) => {
            let mut found = index.find_documents(name, &[DocType::Person])?;
            if let Some(org) = &org {
                // A membership may name the organisation by id, name or abbreviation.
                let referent = Referent {
                    id: org.id.clone(),
                    keys: index.person_keys(org)?,
                };
                let all = std::mem::take(&mut found);
                let (members, others): (Vec<_>, Vec<_>) = all.into_iter().partition(|person| {
                    person.data["organisations"].as_array().is_some_and(|list| {
                        list.iter()
                            .any(|m| m["org"].as_str().is_some_and(|o| referent.is_named_by(o)))
                    })
                });
                if members.is_empty() && !others.is_empty() {
                    let names: Vec<String> = others
                        .iter()
                        .map(|p| format!("{} ({})", p.title, p.id))
                        .collect();
                    bail!(
                        "`{name}` names no person of {}: {} {} not among its people",
                        org.title,
                        names.join(", "),
                        if names.len() == 1 { "is" } else { "are" }
                    );
                }
                found = members;
            }
            match resolve_among(&index, name, &[DocType::Person], "", found)? {
                Named::One(doc) => doc,
                Named::Ambiguous => return Ok(Outcome::Findings),
            }
        }
        (None, Some(org)) => org,
        (None, None) => bail!("give a person (kb who NAME) or an organisation (--org ORG)"),
    };
    let card = index.card(&target)?;
    let mut rows = index.involvement(&target)?;
    // The index knows that a document mentions the target, not where: the few documents
    // that only mention them are read again for the line.
    let referent = Referent {
        id: target.id.clone(),
        keys: index.person_keys(&target)?,
    };
    let mut moved = false;
    for row in rows.iter_mut().filter(|row| row.role == "mentioned") {
        let Ok(bytes) = std::fs::read(base.root.join(&row.path)) else {
            continue;
        };
        let parsed = crate::parse::parse_file(&row.path, &bytes);
        if let Some(line) = parsed
            .doc
            .as_ref()
            .and_then(|doc| first_reference_line(doc, &referent))
        {
            moved |= line != row.line;
            row.line = line;
        }
    }
    if moved {
        crate::query::who::sort(&mut rows);
    }
    super::query::print(|out, _| write_who(out, &card, &rows, &prefix, args.format.into()))?;
    Ok(Outcome::Success)
}

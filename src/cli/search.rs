//! `kb search` and `kb index`.

use std::io::Write as _;

use anyhow::{Result, bail};
use clap::Args;

use super::{Context, Outcome, SearchFormat};
use crate::index::{KbIndex, Refresh};
use crate::model::DocType;
use crate::parse::frontmatter;
use crate::query::search::{self, snippet};
use crate::render::paths::display_prefix;
use crate::render::search::{ShownHit, write_hits};

/// Arguments of `kb search`.
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Words (all must match), "phrases", -excluded, and field:value filters
    /// (type:, tag:, person:, org:, since:, until:, date:).
    #[arg(value_name = "QUERY")]
    pub query: Vec<String>,
    /// Leave out documents holding this word (what `-word` in a query becomes).
    #[arg(long = "not", value_name = "WORD", hide = true)]
    pub excluded: Vec<String>,
    /// Only documents of this type.
    #[arg(long = "type", value_name = "TYPE")]
    pub doc_type: Option<String>,
    /// Only documents with this tag.
    #[arg(long)]
    pub tag: Option<String>,
    /// Only documents involving this person (id, name or alias).
    #[arg(long)]
    pub person: Option<String>,
    /// Only documents involving this organisation (id, name or abbreviation).
    #[arg(long)]
    pub org: Option<String>,
    /// Only documents dated on or after this (YYYY[-MM[-DD]]).
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Only documents dated on or before this (YYYY[-MM[-DD]]).
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    /// How many documents to show (the table says how many more there are; with
    /// `--format paths` or `json`, stderr does).
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..))]
    pub limit: u32,
    /// Output format.
    #[arg(long, value_enum, default_value_t = SearchFormat::Table)]
    pub format: SearchFormat,
}

/// Arguments of `kb index`.
#[derive(Debug, Args)]
pub struct IndexArgs {
    /// Rebuild the index from scratch.
    #[arg(long)]
    pub full: bool,
}

/// Runs `kb index`.
pub fn index(context: &Context, args: &IndexArgs) -> Result<Outcome> {
    let base = context.open_base(None)?;
    let started = std::time::Instant::now();
    let mode = if args.full {
        Refresh::Full
    } else {
        Refresh::Force
    };
    let (_, report) = KbIndex::open(&base, mode, true)?;
    super::mark_verify_started(&base.root);
    writeln!(
        std::io::stdout(),
        "{} files indexed: {} added, {} changed, {} removed ({:.2} s)",
        report.files,
        report.added,
        report.changed,
        report.removed,
        started.elapsed().as_secs_f64()
    )?;
    Ok(Outcome::Success)
}

/// Runs `kb search`.
pub fn run(context: &Context, args: &SearchArgs) -> Result<Outcome> {
    let mut words: Vec<String> = args
        .query
        .iter()
        .map(|argument| search::argument_text(argument))
        .collect();
    words.extend(args.excluded.iter().map(|word| {
        if word.contains(char::is_whitespace) && !word.contains('"') {
            format!("-\"{}\"", word.trim())
        } else {
            format!("-{word}")
        }
    }));
    let text = words.join(" ");
    let mut query = match search::parse(&text) {
        Ok(query) => query,
        Err(err) => bail!(
            "malformed query {err}\n  {text}\n  {}^",
            " ".repeat(text.chars().take(err.position - 1).count())
        ),
    };
    for (name, value) in [
        ("type", &args.doc_type),
        ("tag", &args.tag),
        ("person", &args.person),
        ("org", &args.org),
        ("since", &args.since),
        ("until", &args.until),
    ] {
        if let Some(value) = value {
            query
                .filters
                .add(name, value)
                .map_err(|message| anyhow::anyhow!("--{name}: {message}"))?;
        }
    }
    if query.terms.iter().all(|t| t.negated) && query.filters.is_empty() {
        bail!("give words to search for, or a filter such as type:meeting (see kb search --help)");
    }
    let base = context.open_base(None)?;
    let index = context.open_index(&base)?;
    // person: and org: take what kb who takes: an id, a name, an alias or words of one;
    // several candidates are listed (exit 1), as for every query command.
    for (values, types, what) in [
        (&mut query.filters.people, DocType::Person, "person:"),
        (&mut query.filters.orgs, DocType::Organisation, "org:"),
    ] {
        for value in values.iter_mut() {
            match super::query::resolve(&index, value, &[types], what)? {
                super::query::Named::One(doc) => *value = doc.id,
                super::query::Named::Ambiguous => return Ok(Outcome::Findings),
            }
        }
    }
    let found = index.search(&query, args.limit as usize)?;
    if found.hits.is_empty() {
        if args.format == SearchFormat::Json {
            writeln!(std::io::stdout(), "[]")?;
        }
        stderr_line!("no documents match `{text}`");
        let mut suggestions = Vec::new();
        for term in query.terms.iter().filter(|t| !t.negated) {
            for word in term.text.split_whitespace() {
                suggestions.extend(index.near_terms(word, 3)?);
            }
        }
        if !suggestions.is_empty() {
            stderr_line!("did you mean: {}?", suggestions.join(", "));
        }
        return Ok(Outcome::Findings);
    }
    let prefix = display_prefix(&base.root, &context.cwd);
    let shown: Vec<ShownHit> = found
        .hits
        .iter()
        .map(|hit| {
            let snippet = std::fs::read_to_string(base.root.join(&hit.path))
                .ok()
                .and_then(|text| {
                    let body_start = frontmatter::split(&text)
                        .map(|split| split.body_first_line as usize - 1)
                        .unwrap_or(0);
                    snippet(&text, &found.highlight, body_start, 90)
                        .or_else(|| snippet(&text, &found.highlight, 0, 90))
                });
            ShownHit {
                hit,
                path: format!("{prefix}{}", hit.path),
                snippet,
            }
        })
        .collect();
    let mut stdout = super::query::styled_stdout();
    write_hits(&mut stdout, &shown, args.format.into(), found.total)?;
    stdout.flush()?;
    if args.format != SearchFormat::Table && found.total > shown.len() {
        // The table says so itself; a list for `xargs` must not end short in silence.
        stderr_line!(
            "kb: {} of {} documents shown; --limit {} shows them all",
            shown.len(),
            found.total,
            found.total
        );
    }
    Ok(Outcome::Success)
}

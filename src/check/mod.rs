//! `kb check`: every rule over a parsed base, as findings.
//!
//! Rules are small types implementing [`Rule`], one file each under `rules/`. Parsing
//! problems arrive as findings from the parser; rules add what needs the whole base
//! (ids, references, totals) or the date (overdue actions).

mod rules;

use std::collections::HashSet;

use jiff::civil::Date;

use crate::config::Config;
use crate::model::{Document, Finding, KnownDoc, Severity};
use crate::parse::ParsedFile;
use crate::resolve::Resolver;

/// What the rules look at.
pub struct CheckContext<'a> {
    /// Every parsed file.
    pub files: &'a [ParsedFile],
    /// Documents known by id and names only (not checked themselves).
    pub known: &'a [KnownDoc],
    /// Ids and names of every file, indexed like `files`.
    pub resolver: Resolver,
    /// Today, for overdue actions.
    pub today: Date,
    /// Warn about unknown fields.
    pub strict: bool,
}

impl<'a> CheckContext<'a> {
    /// Builds the context (and the resolver) for `files` and `known` documents.
    pub fn new(
        files: &'a [ParsedFile],
        known: &'a [KnownDoc],
        today: Date,
        strict: bool,
    ) -> CheckContext<'a> {
        let parsed = files.iter().map(|file| {
            let names: Vec<&str> = file.doc.iter().flat_map(|doc| doc.names()).collect();
            (file.id.as_deref().unwrap_or(""), names)
        });
        let others = known.iter().map(|doc| {
            (
                doc.id.as_str(),
                doc.names.iter().map(String::as_str).collect(),
            )
        });
        let resolver = Resolver::new(parsed.chain(others));
        CheckContext {
            files,
            known,
            resolver,
            today,
            strict,
        }
    }

    /// Every document that could be read.
    pub fn documents(&self) -> impl Iterator<Item = &'a Document> {
        self.files.iter().filter_map(|file| file.doc.as_ref())
    }
}

/// One check over the base.
pub trait Rule {
    /// Appends this rule's findings.
    fn check(&self, context: &CheckContext<'_>, findings: &mut Vec<Finding>);
}

/// Which files to report on.
#[derive(Debug, Clone, Default)]
pub enum Scope {
    /// Every file.
    #[default]
    All,
    /// Only files under these paths (relative to the root; a folder covers its files).
    Paths(Vec<String>),
    /// `--staged`: the changed files, plus unresolved references anywhere.
    Staged(HashSet<String>),
}

impl Scope {
    fn keeps(&self, finding: &Finding) -> bool {
        match self {
            Scope::All => true,
            Scope::Paths(paths) => paths.iter().any(|path| {
                path.is_empty()
                    || finding.path == *path
                    || finding.path.starts_with(&format!("{path}/"))
            }),
            Scope::Staged(changed) => {
                changed.contains(&finding.path)
                    || finding.code == crate::model::Code::UnresolvedReference
            }
        }
    }
}

/// Options of one check run.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// Today (KB_TODAY or the clock).
    pub today: Date,
    /// `--deny warnings`.
    pub deny_warnings: bool,
    /// Which files to report on.
    pub scope: Scope,
}

/// Runs every rule; returns the findings sorted by path and line, with severities from
/// kb.toml and `--deny warnings` applied and rules turned off removed.
pub fn run(
    files: &[ParsedFile],
    known: &[KnownDoc],
    extra: Vec<Finding>,
    config: &Config,
    options: &CheckOptions,
) -> Vec<Finding> {
    let context = CheckContext::new(files, known, options.today, config.check.strict);
    let mut findings = extra;
    findings.extend(files.iter().flat_map(|file| file.findings.iter().cloned()));
    for rule in rules::all() {
        rule.check(&context, &mut findings);
    }
    let mut findings: Vec<Finding> = findings
        .into_iter()
        .filter(|finding| options.scope.keeps(finding))
        .filter_map(|mut finding| {
            let severity = config.severity(finding.code)?;
            finding.severity = if options.deny_warnings {
                Severity::Error
            } else {
                severity
            };
            Some(finding)
        })
        .collect();
    findings.sort_by(|a, b| {
        (a.path.as_str(), a.line, a.column, a.code, &a.message).cmp(&(
            b.path.as_str(),
            b.line,
            b.column,
            b.code,
            &b.message,
        ))
    });
    findings.dedup();
    findings
}

#[cfg(test)]
mod tests;

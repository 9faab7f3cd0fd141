//! `kb actions`: open, done and overdue actions by owner.

use anyhow::{Context as _, Result};
use clap::Args;

use super::query::{Named, QueryFormat, resolve};
use super::{Context, Outcome};
use crate::index::read::ActionFilter;
use crate::model::{DocType, PartialDate};
use crate::render::actions::write_actions;
use crate::render::paths::display_prefix;

/// Arguments of `kb actions`.
#[derive(Debug, Args)]
pub struct ActionsArgs {
    /// Only actions of this owner (a person or organisation: id, name or alias).
    #[arg(long, value_name = "ID")]
    pub owner: Option<String>,
    /// Only open actions (the default).
    #[arg(long, conflicts_with_all = ["done", "all"])]
    pub open: bool,
    /// Only done actions.
    #[arg(long, conflicts_with_all = ["open", "all", "overdue"])]
    pub done: bool,
    /// Open and done actions.
    #[arg(long, conflicts_with_all = ["open", "done"])]
    pub all: bool,
    /// Only open actions whose due date has wholly passed (today is KB_TODAY when set).
    #[arg(long)]
    pub overdue: bool,
    /// Only actions due before this date (YYYY[-MM[-DD]]; a partial due date counts from
    /// its first day).
    #[arg(long, value_name = "D")]
    pub due_before: Option<String>,
    /// Only actions in this document (id, title or alias).
    #[arg(long, value_name = "ID")]
    pub doc: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = QueryFormat::Table)]
    pub format: QueryFormat,
}

/// Runs `kb actions`.
pub fn run(context: &Context, args: &ActionsArgs) -> Result<Outcome> {
    let today = super::today()?;
    let due_before = args
        .due_before
        .as_deref()
        .map(|text| {
            text.parse::<PartialDate>()
                .map(|d| d.first_day())
                .map_err(|err| anyhow::anyhow!("--due-before `{text}`: {err}"))
        })
        .transpose()?;
    let base = context.open_base(None)?;
    let index = context.open_index(&base)?;
    let mut filter = ActionFilter {
        done: if args.all { None } else { Some(args.done) },
        overdue_on: args.overdue.then_some(today),
        due_before,
        ..ActionFilter::default()
    };
    if let Some(text) = &args.owner {
        match resolve(
            &index,
            text,
            &[DocType::Person, DocType::Organisation],
            "--owner ",
        )? {
            Named::One(doc) => filter.owners.push(doc.id),
            Named::Ambiguous => return Ok(Outcome::Findings),
        }
    }
    if let Some(text) = &args.doc {
        match resolve(&index, text, &[], "--doc ")? {
            Named::One(doc) => filter.doc = Some(doc.id),
            Named::Ambiguous => return Ok(Outcome::Findings),
        }
    }
    let rows = index
        .actions(&filter, today)
        .context("cannot read the actions")?;
    let prefix = display_prefix(&base.root, &context.cwd);
    super::query::print(|out, colour| {
        write_actions(out, &rows, &prefix, args.format.into(), colour)
    })?;
    Ok(Outcome::Success)
}

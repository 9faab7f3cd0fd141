//! `kb budget`: sums by team, plan, period, responsible or organisation.

use anyhow::{Result, bail};
use clap::{Args, ValueEnum};

use super::query::{Named, QueryFormat, resolve};
use super::{Context, Outcome};
use crate::index::KbIndex;
use crate::index::read::{BudgetScope, StoredDoc};
use crate::model::DocType;
use crate::query::budget::{GroupBy, rates_in, report_with};
use crate::render::budget::{rates_note, unreadable_note, write_report};

/// `--by`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum By {
    /// The line's team, else its plan's.
    Team,
    /// The plan the line stands in.
    Plan,
    /// The period (one amount column).
    Period,
    /// Who is responsible, as written.
    Responsible,
    /// The organisation responsible (directly, or through the responsible person).
    Org,
    /// The line's item.
    Item,
}

impl From<By> for GroupBy {
    fn from(by: By) -> Self {
        match by {
            By::Team => GroupBy::Team,
            By::Plan => GroupBy::Plan,
            By::Period => GroupBy::Period,
            By::Responsible => GroupBy::Responsible,
            By::Org => GroupBy::Org,
            By::Item => GroupBy::Item,
        }
    }
}

/// Arguments of `kb budget`.
#[derive(Debug, Args)]
pub struct BudgetArgs {
    /// Only this plan (id, title or alias).
    #[arg(long, value_name = "ID", conflicts_with = "programme")]
    pub plan: Option<String>,
    /// A programme: its plan and the plans that belong to it (a plan, or the
    /// organisation that owns it: "CDOR").
    #[arg(long, value_name = "ID")]
    pub programme: Option<String>,
    /// What the rows are (default: item for --plan, team for --programme, else plan).
    #[arg(long, value_enum)]
    pub by: Option<By>,
    /// Only lines of this period, or of periods overlapping these years (2022 takes in
    /// 2022-2023).
    #[arg(long, value_name = "P")]
    pub period: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = QueryFormat::Table)]
    pub format: QueryFormat,
}

/// The programme `text` names: a plan, or the one umbrella plan (a plan with no programme
/// of its own) that the organisation it names owns.
fn programme(index: &KbIndex, text: &str) -> Result<Option<StoredDoc>> {
    let found = index.find_documents(text, &[DocType::Plan, DocType::Organisation])?;
    let (plans, orgs): (Vec<StoredDoc>, Vec<StoredDoc>) =
        found.into_iter().partition(|d| d.doc_type == "plan");
    if plans.is_empty() && orgs.len() > 1 {
        // Several organisations and no plan: the user picks one (listed, exit 1).
        super::query::resolve_among(index, text, &[DocType::Organisation], "--programme ", orgs)?;
        return Ok(None);
    }
    let candidates = if plans.is_empty() && orgs.len() == 1 {
        index.umbrella_plans_of(&orgs[0].id)?
    } else {
        plans
    };
    if candidates.is_empty() && orgs.len() == 1 {
        bail!(
            "--programme `{text}`: {} ({}) owns no plan that could be a programme; give a plan id",
            orgs[0].title,
            orgs[0].id
        );
    }
    match super::query::resolve_among(index, text, &[DocType::Plan], "--programme ", candidates)? {
        Named::One(doc) => Ok(Some(*doc)),
        Named::Ambiguous => Ok(None),
    }
}

/// Runs `kb budget`.
pub fn run(context: &Context, args: &BudgetArgs) -> Result<Outcome> {
    let base = context.open_base(None)?;
    let index = context.open_index(&base)?;
    let (scope, default_by) = if let Some(text) = &args.plan {
        match resolve(&index, text, &[DocType::Plan], "--plan ")? {
            Named::One(doc) => (BudgetScope::Plan(doc.id), GroupBy::Item),
            Named::Ambiguous => return Ok(Outcome::Findings),
        }
    } else if let Some(text) = &args.programme {
        match programme(&index, text)? {
            Some(doc) => {
                let names = doc.names();
                (BudgetScope::Programme { id: doc.id, names }, GroupBy::Team)
            }
            None => return Ok(Outcome::Findings),
        }
    } else {
        (BudgetScope::All, GroupBy::Plan)
    };
    let by = args.by.map_or(default_by, GroupBy::from);
    let entries = index.budget(&scope, by)?;
    let list_up_to = match args.format {
        QueryFormat::Table => crate::render::budget::BREAKDOWN_LISTED,
        QueryFormat::Json | QueryFormat::Csv => usize::MAX,
    };
    let mut report = report_with(
        entries.lines,
        entries.totals,
        entries.unreadable,
        by,
        args.period.as_deref(),
        list_up_to,
    );
    report.rates = rates_in(entries.rates, args.period.as_deref());
    let plans = report.plans_shown(args.format != QueryFormat::Table);
    let paths = index.documents(&plans)?;
    report.set_paths(|plan| paths.get(plan).map(|doc| doc.path.clone()));
    let prefix = crate::render::paths::display_prefix(&base.root, &context.cwd);
    super::query::print(|out, _| write_report(out, &report, &prefix, args.format.into()))?;
    if args.format != QueryFormat::Table {
        // The table says so itself; JSON holds `unreadable` and `rates`, CSV has no place
        // for them.
        if !report.unreadable.is_empty() {
            stderr_line!("kb: {}", unreadable_note(&report, &prefix));
        }
        if !report.rates.is_empty() && args.format == QueryFormat::Csv {
            stderr_line!("kb: {}", rates_note(&report, &prefix));
        }
    }
    Ok(Outcome::Success)
}

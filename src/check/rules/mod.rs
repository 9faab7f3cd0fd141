//! The rules, one per file.

mod actions;
mod budget;
mod fields;
mod ids;
mod references;

use super::Rule;

/// Every rule, in the order they run.
pub(super) fn all() -> Vec<Box<dyn Rule>> {
    vec![
        Box::new(fields::UnknownFields),
        Box::new(ids::DuplicateIds),
        Box::new(references::UnresolvedReferences),
        Box::new(budget::BudgetTotals),
        Box::new(budget::RatesInPeriods),
        Box::new(actions::ActionOwners),
        Box::new(actions::OverdueActions),
    ]
}

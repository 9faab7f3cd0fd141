//! `budget-total-mismatch`, `budget-total-unmatched`, `mixed-vat`: declared totals
//! against the sum of their lines (rates, lines with `per`, are in no sum);
//! `rate-in-period`: a period that names a unit, where a rate was meant.

use crate::check::{CheckContext, Rule};
use crate::model::{AmountSum, Code, Details, Finding, Vat, same_period};

/// Compares every declared total with the lines of its period and kind.
pub struct BudgetTotals;

impl Rule for BudgetTotals {
    fn check(&self, context: &CheckContext<'_>, findings: &mut Vec<Finding>) {
        for doc in context.documents() {
            let Details::Plan(plan) = &doc.details else {
                continue;
            };
            for total in &plan.totals {
                let of_total: Vec<_> = plan
                    .budget
                    .iter()
                    .filter(|line| {
                        line.kind == total.kind
                            && line
                                .period
                                .as_deref()
                                .is_some_and(|period| same_period(period, &total.period))
                            && total.vat.is_none_or(|vat| line.vat == Some(vat))
                    })
                    .collect();
                let rates = of_total.iter().filter(|line| line.is_rate()).count();
                let lines: Vec<_> = of_total
                    .into_iter()
                    .filter(|line| !line.is_rate())
                    .collect();
                let kind = match total.kind {
                    crate::model::LineKind::Cost => "cost",
                    crate::model::LineKind::Income => "income",
                };
                if lines.is_empty() {
                    let (message, help) = if rates > 0 {
                        (
                            format!(
                                "declared {kind} total for `{}` ({}) has only rates with that period (lines with `per`), and rates are in no total",
                                total.period, total.amount
                            ),
                            "remove the total, or drop `per` from a line that is money, not a price per unit",
                        )
                    } else {
                        (
                            format!(
                                "declared {kind} total for `{}` ({}) has no budget lines with that period",
                                total.period, total.amount
                            ),
                            "give the lines `period:` with the same label",
                        )
                    };
                    findings.push(
                        Finding::new(Code::BudgetTotalUnmatched, &doc.path, total.line, message)
                            .with_help(help),
                    );
                    continue;
                }
                let mut sum = AmountSum::default();
                for line in &lines {
                    sum.add(&line.amount);
                }
                if !sum.admits(&total.amount) {
                    findings.push(
                        Finding::new(
                            Code::BudgetTotalMismatch,
                            &doc.path,
                            total.line,
                            format!(
                                "declared {kind} total for `{}` is {} but {} to {}",
                                total.period,
                                total.amount,
                                if lines.len() == 1 {
                                    "its one line comes".to_string()
                                } else {
                                    format!("its {} lines add up", lines.len())
                                },
                                sum
                            ),
                        )
                        .with_help("correct the total or the lines; a range passes when the total lies within it"),
                    );
                }
                let has_incl = lines.iter().any(|line| line.vat == Some(Vat::Incl));
                let has_excl = lines.iter().any(|line| line.vat == Some(Vat::Excl));
                if has_incl && has_excl {
                    findings.push(
                        Finding::new(
                            Code::MixedVat,
                            &doc.path,
                            total.line,
                            format!(
                                "the lines of the `{}` total mix amounts incl. and excl. VAT",
                                total.period
                            ),
                        )
                        .with_help("declare separate totals with `vat: incl` and `vat: excl`"),
                    );
                }
            }
        }
    }
}

/// Budget lines whose period names a unit (`per jaar`): money in every sum, where the
/// writer most likely meant a price per unit.
pub struct RatesInPeriods;

impl Rule for RatesInPeriods {
    fn check(&self, context: &CheckContext<'_>, findings: &mut Vec<Finding>) {
        for doc in context.documents() {
            let Details::Plan(plan) = &doc.details else {
                continue;
            };
            for line in plan.budget.iter().filter(|line| !line.is_rate()) {
                let Some(period) = line.period.as_deref().filter(|p| names_a_unit(p)) else {
                    continue;
                };
                findings.push(
                    Finding::new(
                        Code::RateInPeriod,
                        &doc.path,
                        line.line,
                        format!(
                            "budget line `{}` has the period `{period}`, which names a unit, not a period; it is added to every sum as money",
                            line.item
                        ),
                    )
                    .with_help(
                        "for a price per unit write `per:` instead (kb lists it as a rate, in no sum); for money, give a period label such as `2024`",
                    ),
                );
            }
        }
    }
}

/// Whether a period label names a unit: it has the word `per` (`per jaar`, `partner per
/// jaar`) or starts with `/` (`/jaar`).
fn names_a_unit(period: &str) -> bool {
    let period = period.trim();
    period.starts_with('/')
        || period
            .split(|c: char| c.is_whitespace() || c == '/')
            .any(|word| word.eq_ignore_ascii_case("per"))
}

#[cfg(test)]
mod tests {
    use super::names_a_unit;

    #[test]
    fn a_period_names_a_unit_by_the_word_per() {
        for unit in ["per jaar", "partner per jaar", "Per uur", "/jaar", "per"] {
            assert!(names_a_unit(unit), "{unit}");
        }
        for period in [
            "2024",
            "2022-2023",
            "fase 1",
            "verwacht",
            "periode 2",
            "operationeel",
        ] {
            assert!(!names_a_unit(period), "{period}");
        }
    }
}

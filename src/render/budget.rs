//! `kb budget`: grids as tables (Dutch money), JSON and CSV (cents and currency).

use std::io::{self, Write};

use serde::Serialize;

use super::table::{Format, add_row, csv_error, csv_writer, fitted, keep_whole, new_table};
use crate::model::{AmountSum, LineKind, Vat};
use crate::query::budget::{DeclaredCheck, Grid, RateLine, Report};

/// Above this many plans, a table sums the breakdown up in one line (JSON and CSV keep
/// every plan).
pub const BREAKDOWN_LISTED: usize = 40;

fn heading(grid: &Grid) -> String {
    let kind = match grid.kind {
        LineKind::Cost => "Costs",
        LineKind::Income => "Income",
    };
    let vat = match grid.vat {
        Some(Vat::Incl) => "incl. VAT",
        Some(Vat::Excl) => "excl. VAT",
        None => "VAT not stated",
    };
    format!("{kind}, {vat}")
}

/// A cell: the sum (a range when it is one), `+N tbd` for lines without an amount, and
/// nothing for no lines.
fn cell(sum: &AmountSum) -> String {
    if sum.count == 0 {
        return String::new();
    }
    let known = sum.count - sum.tbd;
    let mut text = String::new();
    if known > 0 {
        text = AmountSum { tbd: 0, ..*sum }.to_string();
    }
    if sum.tbd > 0 {
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(&format!("+{} tbd", sum.tbd));
    }
    text
}

fn write_grid(out: &mut dyn Write, grid: &Grid, first_column: &str) -> io::Result<()> {
    let mut header = vec![first_column.to_string()];
    header.extend(grid.periods.iter().cloned());
    header.push("total".to_string());
    let mut table = new_table(header);
    let right = grid.periods.len() + 1;
    for row in &grid.rows {
        let mut cells = vec![row.key.clone()];
        cells.extend(row.cells.iter().map(cell));
        cells.push(cell(&row.total));
        add_row(&mut table, cells);
    }
    let mut footer = vec!["total".to_string()];
    footer.extend(grid.column_totals.iter().map(cell));
    footer.push(cell(&grid.total));
    add_row(&mut table, footer);
    for index in 1..=right {
        if let Some(column) = table.column_mut(index) {
            column.set_cell_alignment(comfy_table::CellAlignment::Right);
        }
        // An amount split over two lines reads as two amounts.
        keep_whole(&mut table, index);
    }
    writeln!(out, "{}", fitted(table))
}

fn mark(check: &DeclaredCheck) -> &'static str {
    if check.incomplete {
        "? lines unreadable"
    } else if check.mixed_vat {
        "≠ lines mix incl. and excl. VAT"
    } else if check.matches {
        "✓"
    } else {
        "≠ differs"
    }
}

/// Where a budget line stands: `path:line`, or the plan and line when the path is unknown.
fn place(path: Option<&str>, plan: &str, line: u32, prefix: &str) -> String {
    match path {
        Some(path) => format!("{prefix}{path}:{line}"),
        None => format!("{plan} line {line}"),
    }
}

/// `one` for a count of 1, else `many`.
fn one_or_many(count: usize, one: &str, many: &str) -> String {
    if count == 1 {
        one.to_string()
    } else {
        many.replace("{n}", &count.to_string())
    }
}

/// What a report says of budget lines that could not be read: how many, and where.
pub fn unreadable_note(report: &Report, prefix: &str) -> String {
    let places: Vec<String> = report
        .unreadable
        .iter()
        .map(|line| place(line.path.as_deref(), &line.plan, line.line, prefix))
        .collect();
    format!(
        "{} in no sum above (kb check says why): {}",
        one_or_many(
            places.len(),
            "1 budget line could not be read and is",
            "{n} budget lines could not be read and are"
        ),
        places.join(", ")
    )
}

/// What a report says of rates in CSV, where they have no place: how many, and where.
pub fn rates_note(report: &Report, prefix: &str) -> String {
    let places: Vec<String> = report
        .rates
        .iter()
        .map(|rate| rate_place(rate, prefix))
        .collect();
    format!(
        "{}: {}",
        one_or_many(
            places.len(),
            "1 budget line is a rate (a price per unit) and is in no sum above; --format json or the table lists it",
            "{n} budget lines are rates (prices per unit) and are in no sum above; --format json or the table lists them"
        ),
        places.join(", ")
    )
}

/// Where a rate stands.
fn rate_place(rate: &RateLine, prefix: &str) -> String {
    place(rate.path.as_deref(), &rate.plan, rate.line, prefix)
}

/// A rate's price as a table shows it: the amount, and its VAT when given.
fn rate_price(rate: &RateLine) -> String {
    let mut price = rate.amount.to_string();
    match rate.vat {
        Some(Vat::Incl) => price.push_str(" incl. VAT"),
        Some(Vat::Excl) => price.push_str(" excl. VAT"),
        None => {}
    }
    price
}

/// Writes the report.
///
/// `prefix` turns base-relative paths into paths from the cwd.
pub fn write_report(
    out: &mut dyn Write,
    report: &Report,
    prefix: &str,
    format: Format,
) -> io::Result<()> {
    match format {
        Format::Json => {
            #[derive(Serialize)]
            struct Json<'a> {
                currency: &'static str,
                #[serde(flatten)]
                report: &'a Report,
            }
            serde_json::to_writer_pretty(
                &mut *out,
                &Json {
                    currency: "EUR",
                    report,
                },
            )?;
            writeln!(out)
        }
        Format::Csv => {
            let mut csv = csv_writer(out);
            csv.write_record([
                "part",
                "kind",
                "vat",
                "group",
                "period",
                "min_cents",
                "max_cents",
                "tbd",
                "lines",
                "currency",
            ])
            .map_err(csv_error)?;
            for (part, grids) in [("counted", &report.grids), ("breakdown", &report.breakdown)] {
                for grid in grids {
                    let kind = match grid.kind {
                        LineKind::Cost => "cost",
                        LineKind::Income => "income",
                    };
                    let vat = match grid.vat {
                        Some(Vat::Incl) => "incl",
                        Some(Vat::Excl) => "excl",
                        None => "",
                    };
                    for row in &grid.rows {
                        let cells: Vec<(&str, &AmountSum)> = if grid.periods.is_empty() {
                            vec![(row.key.as_str(), &row.total)]
                        } else {
                            grid.periods
                                .iter()
                                .map(String::as_str)
                                .zip(row.cells.iter())
                                .filter(|(_, sum)| sum.count > 0)
                                .collect()
                        };
                        for (period, sum) in cells {
                            csv.write_record([
                                part,
                                kind,
                                vat,
                                &row.key,
                                period,
                                &sum.min.cents().to_string(),
                                &sum.max.cents().to_string(),
                                &sum.tbd.to_string(),
                                &sum.count.to_string(),
                                "EUR",
                            ])
                            .map_err(csv_error)?;
                        }
                    }
                }
            }
            csv.flush()
        }
        Format::Table => {
            if report.lines == 0 && report.rates.is_empty() {
                return writeln!(out, "no budget lines");
            }
            let by = report.by.as_str();
            for grid in &report.grids {
                writeln!(out, "{}, by {by}", heading(grid))?;
                write_grid(out, grid, by)?;
            }
            for grid in &report.breakdown {
                if !report.breakdown_listed {
                    // A whole base: thousands of plans, each a row. Say what they hold.
                    writeln!(
                        out,
                        "\nBreakdown in {} plans of programmes: {} {}, part of the totals above, not added again (--programme ID lists a programme's plans)",
                        grid.plans,
                        heading(grid),
                        cell(&grid.total)
                    )?;
                    continue;
                }
                writeln!(
                    out,
                    "\nBreakdown in the programme's plans: {} (part of the totals above, not added again)",
                    heading(grid)
                )?;
                write_grid(out, grid, "plan")?;
            }
            if !report.declared.is_empty() {
                let differing = report.declared.iter().filter(|c| !c.matches).count();
                let all = report.lists_all_declared();
                writeln!(out, "\nDeclared totals")?;
                let mut table = new_table(["plan", "period", "declared", "lines", "", "where"]);
                keep_whole(&mut table, 2);
                keep_whole(&mut table, 3);
                for check in report.declared.iter().filter(|c| all || !c.matches) {
                    let mut period = check.period.clone();
                    if check.kind == LineKind::Income {
                        period.push_str(" income");
                    }
                    match check.vat {
                        Some(Vat::Incl) => period.push_str(" incl. VAT"),
                        Some(Vat::Excl) => period.push_str(" excl. VAT"),
                        None => {}
                    }
                    add_row(
                        &mut table,
                        [
                            check.plan.clone(),
                            period,
                            check.declared.to_string(),
                            cell(&check.computed),
                            mark(check).to_string(),
                            match &check.path {
                                Some(path) => format!("{prefix}{path}:{}", check.line),
                                None => format!("line {}", check.line),
                            },
                        ],
                    );
                }
                if all || differing > 0 {
                    writeln!(out, "{}", fitted(table))?;
                }
                if !all {
                    writeln!(
                        out,
                        "{} declared totals, {differing} differ from their lines{}",
                        report.declared.len(),
                        if differing > 0 { " (listed)" } else { "" }
                    )?;
                }
            }
            if !report.rates.is_empty() {
                // Below whatever came first (lines, declared totals), a blank line.
                let first = report.lines == 0 && report.declared.is_empty();
                let gap = if first { "" } else { "\n" };
                writeln!(out, "{gap}Rates: prices per unit, in no sum")?;
                let mut table = new_table(["plan", "item", "kind", "price", "per", "where"]);
                keep_whole(&mut table, 3);
                for rate in &report.rates {
                    add_row(
                        &mut table,
                        [
                            rate.plan.clone(),
                            rate.item.clone(),
                            match rate.kind {
                                LineKind::Cost => "cost".to_string(),
                                LineKind::Income => "income".to_string(),
                            },
                            rate_price(rate),
                            rate.per.clone(),
                            rate_place(rate, prefix),
                        ],
                    );
                }
                writeln!(out, "{}", fitted(table))?;
            }
            if !report.unreadable.is_empty() {
                writeln!(out, "\n{}", unreadable_note(report, prefix))?;
            }
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Money;

    #[test]
    fn cells_show_ranges_and_tbd_and_nothing_for_no_lines() {
        let sum = |min, max, tbd, count| AmountSum {
            min: Money::from_euros(min).unwrap(),
            max: Money::from_euros(max).unwrap(),
            tbd,
            count,
        };
        assert_eq!(cell(&sum(0, 0, 0, 0)), "");
        assert_eq!(cell(&sum(150_000, 150_000, 0, 6)), "€ 150.000");
        assert_eq!(cell(&sum(50_000, 60_000, 2, 3)), "€ 50.000 – 60.000 +2 tbd");
        assert_eq!(cell(&sum(0, 0, 2, 2)), "+2 tbd");
    }
}

//! Budgets as hledger-style grids: rows are the grouping (team, plan, ...), columns are the
//! periods, with row and column totals. No I/O: the index reads the lines, this module
//! sums them.
//!
//! Sums stay honest: ranges stay ranges, `tbd` lines are counted beside the sum, costs and
//! income are never added together, and neither are lines incl. and excl. VAT (each
//! combination is a section of its own). Within a programme whose plan has lines of its
//! own, the lines of its parts are their breakdown: shown per plan, never added a second
//! time.

use std::collections::BTreeMap;
use std::rc::Rc;

use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;

use crate::model::{Amount, AmountSum, LineKind, Vat};

/// What the rows of a grid are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupBy {
    /// The line's team, else its plan's.
    Team,
    /// The plan the line stands in.
    Plan,
    /// The period: one row per period, one amount column.
    Period,
    /// Who is responsible, as written (several together form one row).
    Responsible,
    /// The organisation responsible: named directly, or through a responsible person.
    Org,
    /// The line's item.
    Item,
}

impl GroupBy {
    /// The name used on the command line and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            GroupBy::Team => "team",
            GroupBy::Plan => "plan",
            GroupBy::Period => "period",
            GroupBy::Responsible => "responsible",
            GroupBy::Org => "org",
            GroupBy::Item => "item",
        }
    }
}

/// One budget line, or several that differ only in amount, as the index holds them. Texts are shared (`Rc`): a base of 100,000
/// documents has 90,000 lines naming a few hundred teams and periods.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineRow {
    /// The plan's id.
    pub plan: Rc<str>,
    /// The plan's programme, when it has one.
    pub programme: Option<Rc<str>>,
    /// The line's team, else the plan's.
    pub team: Option<Rc<str>>,
    /// The period label.
    pub period: Option<Rc<str>>,
    /// Who is responsible, as written.
    pub responsible: Vec<Rc<str>>,
    /// The organisation responsible (filled in only for [`GroupBy::Org`]).
    pub org: Option<Rc<str>>,
    /// What the money is for (filled in only for [`GroupBy::Item`]).
    pub item: Option<Rc<str>>,
    /// Cost or income.
    pub kind: LineKind,
    /// Incl. or excl. VAT, when given.
    pub vat: Option<Vat>,
    /// The amount: one line's, or the sum of lines that differ in nothing else (the
    /// index sums those up front; `count` says how many).
    pub amount: AmountSum,
}

/// One declared total, as the index holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TotalRow {
    /// The plan's id.
    pub plan: Rc<str>,
    /// The period it totals.
    pub period: Rc<str>,
    /// Cost or income.
    pub kind: LineKind,
    /// Only lines with this VAT setting, when given.
    pub vat: Option<Vat>,
    /// The declared amount.
    pub amount: Amount,
    /// Its line.
    pub line: u32,
}

/// The grid of one kind and VAT setting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Grid {
    /// Cost or income.
    pub kind: LineKind,
    /// Incl. or excl. VAT; `None` when the lines do not say.
    pub vat: Option<Vat>,
    /// The column labels: periods, in time order (empty when grouped by period).
    pub periods: Vec<String>,
    /// The rows, in order of their key.
    pub rows: Vec<GridRow>,
    /// Per period, the sum of the column.
    pub column_totals: Vec<AmountSum>,
    /// The sum of everything in the grid.
    pub total: AmountSum,
    /// How many plans its lines come from.
    pub plans: usize,
}

/// One row of a [`Grid`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GridRow {
    /// The group: a team, plan, period, responsible, organisation or item.
    pub key: String,
    /// One sum per period of the grid.
    pub cells: Vec<AmountSum>,
    /// The sum of the row.
    pub total: AmountSum,
}

/// A budget line of a plan that could not be read (`kb check` says why): no sum holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnreadableLine {
    /// The plan's id.
    pub plan: String,
    /// The line in the plan's file.
    pub line: u32,
    /// The plan's path, filled in by [`Report::set_paths`].
    pub path: Option<String>,
}

/// A budget line that gives a price per unit (`per`): listed, never in a sum.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RateLine {
    /// The plan's id.
    pub plan: String,
    /// What the price is for.
    pub item: String,
    /// The price.
    pub amount: Amount,
    /// What it is a price of (`uur`, `partner per jaar`).
    pub per: String,
    /// Cost or income.
    pub kind: LineKind,
    /// Incl. or excl. VAT, when given.
    pub vat: Option<Vat>,
    /// The line's period, when it has one.
    pub period: Option<String>,
    /// The line in the plan's file.
    pub line: u32,
    /// The plan's path, filled in by [`Report::set_paths`].
    pub path: Option<String>,
}

/// The rates among `rates` that `period` (a `--period`) takes in, in plan and line order.
/// Without a period every rate counts; with one, only rates of a matching period.
pub fn rates_in(mut rates: Vec<RateLine>, period: Option<&str>) -> Vec<RateLine> {
    rates.retain(|rate| {
        period.is_none_or(|wanted| {
            rate.period
                .as_deref()
                .is_some_and(|label| period_matches(label, wanted))
        })
    });
    rates.sort_by(|a, b| a.plan.cmp(&b.plan).then(a.line.cmp(&b.line)));
    rates
}

/// A declared total beside the sum of its plan's lines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeclaredCheck {
    /// The plan that declares it.
    pub plan: String,
    /// Its period.
    pub period: String,
    /// Cost or income.
    pub kind: LineKind,
    /// The VAT setting it totals, when given.
    pub vat: Option<Vat>,
    /// What the plan declares.
    pub declared: Amount,
    /// The sum of the plan's lines of that period, kind and VAT.
    pub computed: AmountSum,
    /// Whether the declared total can be that sum (never when the plan has budget lines
    /// that could not be read: the sum may be short).
    pub matches: bool,
    /// The plan has budget lines that could not be read ([`Report::unreadable`]).
    pub incomplete: bool,
    /// The total gives no VAT setting, and its lines mix incl. and excl. VAT: the sum adds
    /// them together, so it does not count as a match.
    pub mixed_vat: bool,
    /// Where it is declared: the plan's path, filled in by [`Report::set_paths`] for the
    /// totals that are shown (reading 30,000 paths costs more than the sums).
    pub path: Option<String>,
    /// Its line.
    pub line: u32,
}

/// A budget report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// What the rows are.
    #[serde(serialize_with = "serialize_group")]
    pub by: GroupBy,
    /// The grids of the lines that count, one per kind and VAT setting.
    pub grids: Vec<Grid>,
    /// The breakdown: lines of plans whose programme's own lines are in the report, per
    /// plan (per period when not [`Report::breakdown_listed`]). Not added to
    /// [`Report::grids`].
    pub breakdown: Vec<Grid>,
    /// How many plans the breakdown holds.
    pub breakdown_plans: usize,
    /// Whether [`Report::breakdown`] has a row per plan.
    pub breakdown_listed: bool,
    /// Declared totals of the plans in the report, beside their computed sums.
    pub declared: Vec<DeclaredCheck>,
    /// How many lines the report holds (breakdown included).
    pub lines: usize,
    /// Budget lines in scope that could not be read: in no sum above.
    pub unreadable: Vec<UnreadableLine>,
    /// Rates in scope (prices per unit): in no sum above. Set by the caller from
    /// [`rates_in`]; empty from [`report`].
    pub rates: Vec<RateLine>,
}

fn serialize_group<S: serde::Serializer>(by: &GroupBy, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(by.as_str())
}

/// Above this many declared totals, tables list only those that differ.
pub const DECLARED_LISTED: usize = 30;

impl Report {
    /// True when tables list every declared total, not only those that differ.
    pub fn lists_all_declared(&self) -> bool {
        self.declared.len() <= DECLARED_LISTED
    }

    /// The plans whose declared totals a table shows (`all`: every one, for JSON and CSV).
    pub fn plans_shown(&self, all: bool) -> Vec<&str> {
        let every = all || self.lists_all_declared();
        let mut plans: Vec<&str> = self
            .declared
            .iter()
            .filter(|check| every || !check.matches)
            .map(|check| check.plan.as_str())
            .chain(self.unreadable.iter().map(|line| line.plan.as_str()))
            .chain(self.rates.iter().map(|rate| rate.plan.as_str()))
            .collect();
        plans.sort_unstable();
        plans.dedup();
        plans
    }

    /// Fills in the paths of declared totals from `path_of` (plan id → path).
    pub fn set_paths(&mut self, path_of: impl Fn(&str) -> Option<String>) {
        for check in &mut self.declared {
            check.path = path_of(&check.plan);
        }
        for line in &mut self.unreadable {
            line.path = path_of(&line.plan);
        }
        for rate in &mut self.rates {
            rate.path = path_of(&rate.plan);
        }
    }
}

/// The years a period label covers: `2021` → (2021, 2021), `2022-2023` → (2022, 2023).
pub fn period_years(label: &str) -> Option<(i32, i32)> {
    let compact: std::borrow::Cow<str> = if label.contains(char::is_whitespace) {
        label.chars().filter(|c| !c.is_whitespace()).collect()
    } else {
        label.into()
    };
    let year = |text: &str| -> Option<i32> {
        (text.len() == 4 && text.bytes().all(|b| b.is_ascii_digit()))
            .then(|| text.parse().ok())
            .flatten()
    };
    if let Some(single) = year(&compact) {
        return Some((single, single));
    }
    let (start, end) = compact.split_once(['-', '–', '/'])?;
    let (start, end) = (year(start)?, year(end)?);
    (start <= end).then_some((start, end))
}

/// True when a line of period `label` belongs under `--period wanted`: the same label
/// (spaces and case aside), or years that overlap (`2022` takes in `2022-2023`).
pub fn period_matches(label: &str, wanted: &str) -> bool {
    if crate::model::same_period(label, wanted) {
        return true;
    }
    match (period_years(label), period_years(wanted)) {
        (Some((start, end)), Some((from, to))) => start <= to && from <= end,
        _ => false,
    }
}

/// Orders period labels in time: by first year, then last year, then the label; labels
/// that are not years come after, and "—" (no period) last.
fn period_order(label: &str) -> (u8, i32, i32, String) {
    match period_years(label) {
        Some((start, end)) => (0, start, end, label.to_string()),
        None if label == NO_VALUE => (2, 0, 0, String::new()),
        None => (1, 0, 0, label.to_string()),
    }
}

/// Orders keys as people count: numbers by value ("2. Kluitmodel" before "10. Ontwerpen
/// met algoritme", "Ontwikkelteam 2" before "Ontwikkelteam 10"), the rest as text, and
/// "—" (no value) last.
pub fn natural_order(a: &str, b: &str) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    match (a == NO_VALUE, b == NO_VALUE) {
        (true, false) => return Ordering::Greater,
        (false, true) => return Ordering::Less,
        _ => {}
    }
    let (mut left, mut right) = (a, b);
    loop {
        let split = |s: &str| -> usize {
            let digits = s.starts_with(|c: char| c.is_ascii_digit());
            s.find(|c: char| c.is_ascii_digit() != digits)
                .unwrap_or(s.len())
        };
        let (l, r) = (split(left), split(right));
        let (lc, rc) = (&left[..l], &right[..r]);
        let digits = |chunk: &str| chunk.starts_with(|c: char| c.is_ascii_digit());
        let order = if digits(lc) && digits(rc) {
            // By value, however long: fewer significant digits first, then the digits,
            // then fewer leading zeros ("7" before "007").
            let (ls, rs) = (lc.trim_start_matches('0'), rc.trim_start_matches('0'));
            ls.len()
                .cmp(&rs.len())
                .then_with(|| ls.cmp(rs))
                .then(lc.len().cmp(&rc.len()))
        } else {
            lc.cmp(rc)
        };
        if order != Ordering::Equal || (l == 0 && r == 0) {
            return order;
        }
        left = &left[l..];
        right = &right[r..];
    }
}

/// Shown for a missing team, period, responsible or organisation.
pub const NO_VALUE: &str = "—";

/// A period label as a column: years as `2021` or `2022-2023` whatever the spacing and
/// dash (`2022 - 2023`, `2022–2023`), other labels as written.
fn canonical_period(label: &Rc<str>) -> Rc<str> {
    match period_years(label) {
        Some((start, end)) if start == end => Rc::from(start.to_string()),
        Some((start, end)) if label.contains(char::is_whitespace) || !label.contains('-') => {
            Rc::from(format!("{start}-{end}"))
        }
        _ => label.clone(),
    }
}

fn group_key(line: &LineRow, by: GroupBy, none: &Rc<str>) -> Rc<str> {
    let or_none = |value: &Option<Rc<str>>| value.clone().unwrap_or_else(|| none.clone());
    match by {
        GroupBy::Team => or_none(&line.team),
        GroupBy::Plan => line.plan.clone(),
        GroupBy::Period => line
            .period
            .as_ref()
            .map_or_else(|| none.clone(), canonical_period),
        GroupBy::Responsible => match line.responsible.as_slice() {
            [] => none.clone(),
            [one] => one.clone(),
            many => Rc::from(many.iter().map(|r| &**r).collect::<Vec<_>>().join(", ")),
        },
        GroupBy::Org => or_none(&line.org),
        GroupBy::Item => or_none(&line.item),
    }
}

/// The grids of `lines` grouped by `by`, one per kind and VAT setting (costs first).
fn grids<'a>(lines: impl IntoIterator<Item = &'a LineRow>, by: GroupBy) -> Vec<Grid> {
    /// (row key, period) → sum.
    type Cells = FxHashMap<(Rc<str>, Rc<str>), AmountSum>;
    let none: Rc<str> = Rc::from(NO_VALUE);
    let whole: Rc<str> = Rc::from("");
    let mut sections: BTreeMap<(LineKind, Option<Vat>), Cells> = BTreeMap::new();
    let mut plans: FxHashMap<(LineKind, Option<Vat>), FxHashSet<Rc<str>>> = FxHashMap::default();
    // Lines share a few period labels: each is made canonical once.
    let mut canonical: FxHashMap<Rc<str>, Rc<str>> = FxHashMap::default();
    for line in lines {
        let period = if by == GroupBy::Period {
            whole.clone()
        } else {
            match &line.period {
                None => none.clone(),
                Some(label) => canonical
                    .entry(label.clone())
                    .or_insert_with(|| canonical_period(label))
                    .clone(),
            }
        };
        plans
            .entry((line.kind, line.vat))
            .or_default()
            .insert(line.plan.clone());
        sections
            .entry((line.kind, line.vat))
            .or_default()
            .entry((group_key(line, by, &none), period))
            .or_default()
            .merge(&line.amount);
    }
    sections
        .into_iter()
        .map(|((kind, vat), cells)| {
            let mut periods: Vec<Rc<str>> = if by == GroupBy::Period {
                Vec::new()
            } else {
                let set: FxHashSet<&Rc<str>> = cells.keys().map(|(_, period)| period).collect();
                set.into_iter().cloned().collect()
            };
            periods.sort_by_key(|p| period_order(p));
            let column_of: FxHashMap<&str, usize> = periods
                .iter()
                .enumerate()
                .map(|(index, period)| (&**period, index))
                .collect();
            let mut by_key: BTreeMap<&str, GridRow> = BTreeMap::new();
            for ((key, period), sum) in &cells {
                let row = by_key.entry(key).or_insert_with(|| GridRow {
                    key: key.to_string(),
                    cells: vec![AmountSum::default(); periods.len()],
                    total: AmountSum::default(),
                });
                if let Some(&column) = column_of.get(&**period) {
                    row.cells[column].merge(sum);
                }
                row.total.merge(sum);
            }
            let mut column_totals = vec![AmountSum::default(); periods.len()];
            let mut total = AmountSum::default();
            let mut rows: Vec<GridRow> = by_key.into_values().collect();
            rows.sort_by(|a, b| natural_order(&a.key, &b.key));
            for row in &rows {
                for (index, cell) in row.cells.iter().enumerate() {
                    column_totals[index].merge(cell);
                }
                total.merge(&row.total);
            }
            if by == GroupBy::Period {
                rows.sort_by_key(|row| period_order(&row.key));
            }
            Grid {
                kind,
                vat,
                periods: periods.iter().map(|p| p.to_string()).collect(),
                rows,
                column_totals,
                total,
                plans: plans.get(&(kind, vat)).map_or(0, FxHashSet::len),
            }
        })
        .collect()
}

/// The report of `lines` and the `totals` their plans declare, grouped by `by`, limited to
/// lines and totals of periods matching `period` when given.
pub fn report(
    lines: Vec<LineRow>,
    totals: Vec<TotalRow>,
    unreadable: Vec<UnreadableLine>,
    by: GroupBy,
    period: Option<&str>,
) -> Report {
    report_with(lines, totals, unreadable, by, period, usize::MAX)
}

/// [`report`], listing the breakdown per plan only when it has at most `list_up_to`
/// plans; above that it is summed per period ([`Report::breakdown_listed`] is false), which
/// is all a table shows of thousands of plans.
pub fn report_with(
    lines: Vec<LineRow>,
    totals: Vec<TotalRow>,
    mut unreadable: Vec<UnreadableLine>,
    by: GroupBy,
    period: Option<&str>,
    list_up_to: usize,
) -> Report {
    // A plan's lines are breakdown when its programme has lines of its own of the same
    // kind: decided on every line in scope, before `--period` narrows them, so that a
    // period never turns breakdown into a second count.
    let with_lines: FxHashSet<(&str, LineKind)> =
        lines.iter().map(|l| (&*l.plan, l.kind)).collect();
    let is_breakdown = |line: &LineRow| {
        line.programme
            .as_deref()
            .is_some_and(|p| *p != *line.plan && with_lines.contains(&(p, line.kind)))
    };
    let breakdown_flags: Vec<bool> = lines.iter().map(is_breakdown).collect();
    drop(with_lines);
    let in_period = |line: &LineRow| {
        period.is_none_or(|wanted| {
            line.period
                .as_deref()
                .is_some_and(|label| period_matches(label, wanted))
        })
    };
    let mut counted: Vec<&LineRow> = Vec::with_capacity(lines.len());
    let mut breakdown: Vec<&LineRow> = Vec::new();
    for (line, is_part) in lines.iter().zip(breakdown_flags) {
        if !in_period(line) {
            continue;
        }
        if is_part {
            breakdown.push(line);
        } else {
            counted.push(line);
        }
    }
    let mut lines_of_plan: FxHashMap<&str, Vec<&LineRow>> = FxHashMap::default();
    for line in counted.iter().chain(&breakdown) {
        lines_of_plan.entry(&*line.plan).or_default().push(line);
    }
    unreadable.sort_by(|a, b| a.plan.cmp(&b.plan).then(a.line.cmp(&b.line)));
    let incomplete_plans: FxHashSet<&str> =
        unreadable.iter().map(|line| line.plan.as_str()).collect();
    let mut declared: Vec<DeclaredCheck> = totals
        .into_iter()
        .filter(|total| period.is_none_or(|wanted| period_matches(&total.period, wanted)))
        .map(|total| {
            let mut computed = AmountSum::default();
            let (mut incl, mut excl) = (false, false);
            let own = lines_of_plan
                .get(&*total.plan)
                .map_or(&[][..], Vec::as_slice);
            for line in own.iter().filter(|line| {
                line.kind == total.kind
                    && line
                        .period
                        .as_deref()
                        .is_some_and(|p| crate::model::same_period(p, &total.period))
                    && total.vat.is_none_or(|vat| line.vat == Some(vat))
            }) {
                computed.merge(&line.amount);
                incl |= line.vat == Some(Vat::Incl);
                excl |= line.vat == Some(Vat::Excl);
            }
            // A total that does not say which VAT must not add incl. and excl. together.
            let mixed_vat = incl && excl;
            let incomplete = incomplete_plans.contains(&*total.plan);
            DeclaredCheck {
                matches: computed.count > 0
                    && !mixed_vat
                    && !incomplete
                    && computed.admits(&total.amount),
                incomplete,
                mixed_vat,
                plan: total.plan.to_string(),
                period: total.period.to_string(),
                kind: total.kind,
                vat: total.vat,
                declared: total.amount,
                computed,
                path: None,
                line: total.line,
            }
        })
        .collect();
    // In file order, whatever order the index returned them in.
    declared.sort_by(|a, b| a.plan.cmp(&b.plan).then(a.line.cmp(&b.line)));
    let lines = counted
        .iter()
        .chain(&breakdown)
        .map(|line| line.amount.count)
        .sum();
    let breakdown_plans = breakdown
        .iter()
        .map(|line| &*line.plan)
        .collect::<FxHashSet<&str>>()
        .len();
    let breakdown_listed = breakdown_plans <= list_up_to;
    let breakdown = if breakdown_listed {
        grids(breakdown, GroupBy::Plan)
    } else {
        grids(breakdown, GroupBy::Period)
    };
    Report {
        by,
        grids: grids(counted, by),
        breakdown,
        breakdown_plans,
        breakdown_listed,
        declared,
        lines,
        unreadable,
        rates: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Money;

    fn euros(n: i64) -> Amount {
        Amount::Exact(Money::from_euros(n).unwrap())
    }

    fn line(plan: &str, team: &str, period: &str, amount: Amount) -> LineRow {
        LineRow {
            plan: plan.into(),
            programme: None,
            team: Some(team.into()),
            period: Some(period.into()),
            responsible: Vec::new(),
            org: None,
            item: None,
            kind: LineKind::Cost,
            vat: Some(Vat::Incl),
            amount: AmountSum::of(&amount),
        }
    }

    fn sum(grid: &Grid) -> String {
        grid.total.to_string()
    }

    #[test]
    fn rows_are_groups_and_columns_are_periods_in_time_order() {
        let lines = vec![
            line("p", "OT2", "2022-2023", euros(100)),
            line("p", "OT1", "2021", euros(50)),
            line("p", "OT1", "2022-2023", euros(450)),
        ];
        let report = report(lines, Vec::new(), Vec::new(), GroupBy::Team, None);
        let grid = &report.grids[0];
        assert_eq!(grid.periods, ["2021", "2022-2023"]);
        assert_eq!(grid.rows[0].key, "OT1");
        assert_eq!(grid.rows[0].total.to_string(), "€ 500");
        assert_eq!(grid.rows[1].cells[0].count, 0);
        assert_eq!(grid.column_totals[1].to_string(), "€ 550");
        assert_eq!(sum(grid), "€ 600");
    }

    #[test]
    fn ranges_stay_ranges_and_tbd_is_counted_not_summed() {
        let range = Amount::range(
            Money::from_euros(50_000).unwrap(),
            Money::from_euros(60_000).unwrap(),
        )
        .unwrap();
        let lines = vec![
            line("p", "A", "2021", range),
            line("p", "A", "2021", euros(30_000)),
            line("p", "A", "2021", Amount::Tbd),
        ];
        let report = report(lines, Vec::new(), Vec::new(), GroupBy::Team, None);
        assert_eq!(sum(&report.grids[0]), "€ 80.000 – 90.000 (+1 tbd)");
    }

    #[test]
    fn vat_settings_and_income_are_separate_grids() {
        let mut excl = line("p", "A", "2021", euros(10));
        excl.vat = Some(Vat::Excl);
        let mut income = line("p", "A", "2021", euros(7));
        income.kind = LineKind::Income;
        let lines = vec![line("p", "A", "2021", euros(5)), excl, income];
        let report = report(lines, Vec::new(), Vec::new(), GroupBy::Team, None);
        let shapes: Vec<_> = report
            .grids
            .iter()
            .map(|g| (g.kind, g.vat, sum(g)))
            .collect();
        assert_eq!(
            shapes,
            [
                (LineKind::Cost, Some(Vat::Incl), "€ 5".to_string()),
                (LineKind::Cost, Some(Vat::Excl), "€ 10".to_string()),
                (LineKind::Income, Some(Vat::Incl), "€ 7".to_string()),
            ]
        );
    }

    #[test]
    fn parts_of_a_programme_with_its_own_lines_are_breakdown() {
        let mut part = line("ot5", "OT5", "2021", euros(40));
        part.programme = Some("overview".into());
        let mut own = line("overview", "OT5", "2021", euros(55));
        own.programme = None;
        let report = report(
            vec![part.clone(), own],
            Vec::new(),
            Vec::new(),
            GroupBy::Team,
            None,
        );
        assert_eq!(sum(&report.grids[0]), "€ 55");
        assert_eq!(report.breakdown[0].rows[0].key, "ot5");
        assert_eq!(sum(&report.breakdown[0]), "€ 40");
        // Without the programme's lines, the part counts.
        let alone = super::report(vec![part], Vec::new(), Vec::new(), GroupBy::Team, None);
        assert_eq!(sum(&alone.grids[0]), "€ 40");
        assert!(alone.breakdown.is_empty());
    }

    #[test]
    fn declared_totals_are_checked_against_their_plans_lines() {
        let lines = vec![
            line("p", "A", "2021", euros(10)),
            line("p", "A", "2021", euros(20)),
            line("q", "A", "2021", euros(1000)),
        ];
        let total = |amount| TotalRow {
            plan: "p".into(),
            period: "2021".into(),
            kind: LineKind::Cost,
            vat: None,
            amount,
            line: 9,
        };
        let report = report(
            lines,
            vec![total(euros(30)), total(euros(31))],
            Vec::new(),
            GroupBy::Plan,
            None,
        );
        assert!(report.declared[0].matches);
        assert!(!report.declared[1].matches);
        assert_eq!(report.declared[1].computed.to_string(), "€ 30");
    }

    #[test]
    fn unreadable_lines_keep_a_total_from_passing() {
        let lines = vec![line("p", "A", "2021", euros(1000))];
        let total = TotalRow {
            plan: "p".into(),
            period: "2021".into(),
            kind: LineKind::Cost,
            vat: None,
            amount: euros(1000),
            line: 9,
        };
        let unreadable = vec![UnreadableLine {
            plan: "p".into(),
            line: 14,
            path: None,
        }];
        let complete = report(
            lines.clone(),
            vec![total.clone()],
            Vec::new(),
            GroupBy::Plan,
            None,
        );
        assert!(complete.declared[0].matches);
        let short = report(lines, vec![total], unreadable, GroupBy::Plan, None);
        assert!(!short.declared[0].matches && short.declared[0].incomplete);
        assert_eq!(short.unreadable[0].line, 14);
        assert_eq!(short.plans_shown(false), ["p"]);
    }

    #[test]
    fn a_period_filter_never_turns_breakdown_into_a_second_count() {
        let mut part = line("part", "A", "2026", euros(7));
        part.programme = Some("prog".into());
        let own = line("prog", "A", "2024", euros(100));
        let whole = report(
            vec![part.clone(), own.clone()],
            Vec::new(),
            Vec::new(),
            GroupBy::Team,
            None,
        );
        assert_eq!(sum(&whole.grids[0]), "€ 100");
        let narrowed = report(
            vec![part, own],
            Vec::new(),
            Vec::new(),
            GroupBy::Team,
            Some("2026"),
        );
        assert!(narrowed.grids.is_empty(), "{narrowed:?}");
        assert_eq!(sum(&narrowed.breakdown[0]), "€ 7");
    }

    #[test]
    fn income_of_a_part_counts_when_the_programme_budgets_only_costs() {
        let mut income = line("part", "A", "2024", euros(9));
        income.programme = Some("prog".into());
        income.kind = LineKind::Income;
        let own = line("prog", "A", "2024", euros(100));
        let report = report(
            vec![income, own],
            Vec::new(),
            Vec::new(),
            GroupBy::Team,
            None,
        );
        assert_eq!(report.grids.len(), 2);
        assert_eq!(sum(&report.grids[1]), "€ 9");
        assert!(report.breakdown.is_empty());
    }

    #[test]
    fn a_total_without_vat_over_mixed_lines_does_not_match() {
        let mut excl = line("p", "A", "2021", euros(10));
        excl.vat = Some(Vat::Excl);
        let total = TotalRow {
            plan: "p".into(),
            period: "2021".into(),
            kind: LineKind::Cost,
            vat: None,
            amount: euros(15),
            line: 3,
        };
        let report = report(
            vec![line("p", "A", "2021", euros(5)), excl],
            vec![total],
            Vec::new(),
            GroupBy::Team,
            None,
        );
        assert!(report.declared[0].mixed_vat);
        assert!(!report.declared[0].matches);
    }

    #[test]
    fn period_columns_are_the_same_whatever_the_spacing() {
        let lines = vec![
            line("p", "A", "2022 - 2023", euros(1)),
            line("p", "A", "2022-2023", euros(2)),
            line("p", "A", "najaar", euros(4)),
        ];
        let report = report(lines, Vec::new(), Vec::new(), GroupBy::Team, None);
        assert_eq!(report.grids[0].periods, ["2022-2023", "najaar"]);
        assert_eq!(report.grids[0].rows[0].cells[0].to_string(), "€ 3");
    }

    proptest::proptest! {
        #[test]
        fn natural_order_is_a_total_order(
            a in "[0-9a-c. —]{0,6}|[0-9]{30,45}",
            b in "[0-9a-c. —]{0,6}|[0-9]{30,45}",
            c in "[0-9a-c. —]{0,6}|[0-9]{30,45}",
        ) {
            use std::cmp::Ordering::*;
            proptest::prop_assert_eq!(natural_order(&a, &b), natural_order(&b, &a).reverse());
            proptest::prop_assert_eq!(natural_order(&a, &b) == Equal, a == b);
            if natural_order(&a, &b) != Greater && natural_order(&b, &c) != Greater {
                proptest::prop_assert_ne!(natural_order(&a, &c), Greater);
            }
        }
    }

    #[test]
    fn long_numbers_sort_by_value() {
        let long = format!("1{}", "0".repeat(39));
        let mut keys = vec![long.as_str(), "10", "2", "007", "7"];
        keys.sort_by(|a, b| natural_order(a, b));
        assert_eq!(keys, ["2", "7", "007", "10", long.as_str()]);
        assert_eq!(
            canonical_period(&Rc::from("2022-\u{a0}2023")).as_ref(),
            "2022-2023"
        );
    }

    #[test]
    fn rows_are_in_natural_order_with_no_value_last() {
        let mut keys = vec![
            "10. Algoritme",
            "—",
            "2. Kluitmodel",
            "1. Toolkit",
            "Ontwikkelteam 10",
            "Ontwikkelteam 2",
        ];
        keys.sort_by(|a, b| natural_order(a, b));
        assert_eq!(
            keys,
            [
                "1. Toolkit",
                "2. Kluitmodel",
                "10. Algoritme",
                "Ontwikkelteam 2",
                "Ontwikkelteam 10",
                "—"
            ]
        );
    }

    #[test]
    fn a_period_filter_takes_overlapping_years() {
        assert!(period_matches("2022-2023", "2022"));
        assert!(period_matches("2022 - 2023", "2022-2023"));
        assert!(!period_matches("2021", "2022-2023"));
        assert!(!period_matches("najaar", "2021"));
        let lines = vec![
            line("p", "A", "2021", euros(1)),
            line("p", "A", "2022-2023", euros(2)),
        ];
        let report = report(lines, Vec::new(), Vec::new(), GroupBy::Period, Some("2023"));
        assert_eq!(report.grids[0].rows.len(), 1);
        assert_eq!(report.grids[0].rows[0].key, "2022-2023");
        assert!(report.grids[0].periods.is_empty());
    }
}

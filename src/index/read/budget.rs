//! `kb budget`: budget lines and declared totals, from columns only.

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use anyhow::Result;
use rustc_hash::{FxHashMap, FxHashSet};
use tantivy::query::{BooleanQuery, Occur};

use super::{IdResolver, Numbers, Texts, all_of, amount_of, any_of, term};
use crate::index::KbIndex;
use crate::index::search::stored_json;
use crate::model::{AmountSum, LineKind, Money, Vat};
use crate::query::budget::{GroupBy, LineRow, RateLine, TotalRow, UnreadableLine};

/// What the index holds for a budget: the lines (or the sums a plan keeps of them), the
/// declared totals, the lines that could not be read and the rates.
#[derive(Debug, Default)]
pub struct BudgetEntries {
    /// Budget lines, or sums of a plan's lines, as the grouping needs.
    pub lines: Vec<LineRow>,
    /// Declared totals.
    pub totals: Vec<TotalRow>,
    /// Lines that could not be read.
    pub unreadable: Vec<UnreadableLine>,
    /// Prices per unit (lines with `per`), in no sum.
    pub rates: Vec<RateLine>,
}

/// Which budget lines `kb budget` reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BudgetScope {
    /// Every plan.
    All,
    /// One plan.
    Plan(String),
    /// A programme: its plan (the id) and the plans whose `programme` names it, by id or
    /// by one of its names (as written).
    Programme {
        /// The programme plan's id.
        id: String,
        /// Its title and aliases.
        names: Vec<String>,
    },
}

/// Organisation ids, and each person's first organisation.
#[derive(Debug, Default)]
struct OrganisationMap {
    organisations: HashSet<String>,
    person_org: HashMap<String, String>,
}

impl OrganisationMap {
    /// The organisation responsible: the first value that is an organisation, else the
    /// first organisation of the first value that is a person with one.
    fn organisation_of<'a>(&'a self, responsible: &'a [Rc<str>]) -> Option<&'a str> {
        responsible
            .iter()
            .find(|r| self.organisations.contains(&***r))
            .map(|r| &**r)
            .or_else(|| {
                responsible
                    .iter()
                    .find_map(|r| self.person_org.get(&**r).map(String::as_str))
            })
    }
}

impl KbIndex {
    /// The budget lines and declared totals of `scope`. Only `group` decides which
    /// columns beyond the sums are read: items and organisations cost more.
    pub fn budget(&self, scope: &BudgetScope, group: GroupBy) -> Result<BudgetEntries> {
        let fields = &self.fields;
        // Grouped by team, plan or period, a plan's lines are read as the sums the index
        // keeps per team, period, kind and VAT; other groupings need every line. Rates
        // are in no sum: they are read as lines.
        let by_sums = matches!(group, GroupBy::Team | GroupBy::Plan | GroupBy::Period);
        let lines_kind = if by_sums { "budget-sum" } else { "budget" };
        let rates = all_of(vec![
            term(fields.kind, "budget"),
            term(fields.state, "rate"),
        ]);
        let mut clauses: Vec<Box<dyn tantivy::query::Query>> =
            vec![Box::new(BooleanQuery::new(vec![
                (
                    Occur::Should,
                    any_of(fields.kind, &[lines_kind, "total", "budget-unreadable"]),
                ),
                (Occur::Should, Box::new(rates)),
            ]))];
        match scope {
            BudgetScope::All => {}
            BudgetScope::Plan(plan) => clauses.push(self.of_documents(&[plan.as_str()])?),
            BudgetScope::Programme { id, names } => {
                let mut either = vec![
                    (Occur::Should, self.of_documents(&[id.as_str()])?),
                    (Occur::Should, term(fields.programme, id)),
                ];
                for name in names {
                    either.push((Occur::Should, term(fields.programme, name)));
                }
                clauses.push(Box::new(BooleanQuery::new(either)));
            }
        }
        let org_of = if group == GroupBy::Org {
            Some(self.organisation_map()?)
        } else {
            None
        };
        let searcher = self.searcher();
        let mut resolver = IdResolver::new(self);
        let matches = self.matches(&searcher, &all_of(clauses))?;
        let entries: usize = matches.iter().map(|(_, docs)| docs.len()).sum();
        let mut lines = Vec::with_capacity(entries);
        let mut totals = Vec::new();
        let mut unreadable = Vec::new();
        let mut rates = Vec::new();
        for (segment_ord, docs) in matches {
            let segment = searcher.segment_reader(segment_ord);
            let mut kind = Texts::open(segment, "kind")?;
            let mut id = Texts::open(segment, "id")?;
            let mut programme = Texts::open(segment, "programme")?;
            let mut team = Texts::open(segment, "team")?;
            let mut period = Texts::open(segment, "period")?;
            let mut state = Texts::open(segment, "state")?;
            let mut responsible = Texts::open(segment, "responsible")?;
            for texts in [
                &mut kind,
                &mut id,
                &mut programme,
                &mut team,
                &mut period,
                &mut state,
            ] {
                texts.load(&docs)?;
            }
            if matches!(group, GroupBy::Responsible | GroupBy::Org) {
                responsible.load(&docs)?;
            }
            let line = Numbers::<u64>::open(segment, "line")?;
            let min = Numbers::<i64>::open(segment, "amount_min")?;
            let max = Numbers::<i64>::open(segment, "amount_max")?;
            let no_value: Rc<str> = Rc::from("");
            // Lines that differ only in amount are summed here, by the ordinals of their
            // texts: 90,000 lines of a large base become a row per plan and period.
            let by_ordinals = by_sums;
            let line_count = Numbers::<u64>::open(segment, "line_count")?;
            let tbd_count = Numbers::<u64>::open(segment, "tbd_count")?;
            let mut groups: FxHashMap<[u64; 6], AmountSum> = FxHashMap::default();
            for doc in docs {
                let mut line_kind = LineKind::Cost;
                let mut vat = None;
                let mut is_rate = false;
                state.each(doc, |state| match state {
                    "income" => line_kind = LineKind::Income,
                    "incl" => vat = Some(Vat::Incl),
                    "excl" => vat = Some(Vat::Excl),
                    "rate" => is_rate = true,
                    _ => {}
                });
                let amount = amount_of(min.first(doc), max.first(doc));
                if is_rate {
                    // Few, and shown whole: item and unit come from the stored line.
                    let stored = self.stored(&searcher, segment_ord, doc)?;
                    let data = stored_json(&stored, fields.data);
                    let text = |key: &str| data[key].as_str().unwrap_or_default().to_string();
                    rates.push(RateLine {
                        plan: id.first_string(doc).unwrap_or_default(),
                        item: text("item"),
                        amount,
                        per: text("per"),
                        kind: line_kind,
                        vat,
                        period: period.first_string(doc),
                        line: line.first(doc).unwrap_or(1) as u32,
                        path: None,
                    });
                    continue;
                }
                let entry_kind = kind.first(doc);
                if entry_kind.as_deref() == Some("budget-unreadable") {
                    unreadable.push(UnreadableLine {
                        plan: id.first_string(doc).unwrap_or_default(),
                        line: line.first(doc).unwrap_or(1) as u32,
                        path: None,
                    });
                    continue;
                }
                if entry_kind.is_some_and(|k| &*k == "total") {
                    totals.push(TotalRow {
                        plan: id.first(doc).unwrap_or_else(|| no_value.clone()),
                        period: period.first(doc).unwrap_or_else(|| no_value.clone()),
                        kind: line_kind,
                        vat,
                        amount,
                        line: line.first(doc).unwrap_or(1) as u32,
                    });
                    continue;
                }
                if by_ordinals {
                    let key = [
                        id.first_ord(doc),
                        programme.first_ord(doc),
                        team.first_ord(doc),
                        period.first_ord(doc),
                        line_kind as u64,
                        match vat {
                            None => 0,
                            Some(Vat::Incl) => 1,
                            Some(Vat::Excl) => 2,
                        },
                    ];
                    let count = line_count.first(doc).unwrap_or(1) as usize;
                    let tbd = tbd_count.first(doc).unwrap_or(0) as usize;
                    let (low, high) = amount.bounds().unwrap_or((Money::ZERO, Money::ZERO));
                    groups.entry(key).or_default().merge(&AmountSum {
                        min: low,
                        max: high,
                        tbd,
                        count,
                    });
                    continue;
                }
                let who = if matches!(group, GroupBy::Responsible | GroupBy::Org) {
                    responsible.all(doc)
                } else {
                    Vec::new()
                };
                let item = if group == GroupBy::Item {
                    let stored = self.stored(&searcher, segment_ord, doc)?;
                    stored_json(&stored, fields.data)["item"]
                        .as_str()
                        .map(Rc::from)
                } else {
                    None
                };
                let org = match &org_of {
                    Some(map) => {
                        // Responsibles may be written as ids, names or aliases.
                        let mut ids: Vec<Rc<str>> = Vec::with_capacity(who.len());
                        for value in &who {
                            ids.push(match resolver.id_of(value)? {
                                Some(id) => Rc::from(id),
                                None => value.clone(),
                            });
                        }
                        map.organisation_of(&ids).map(Rc::from)
                    }
                    None => None,
                };
                lines.push(LineRow {
                    plan: id.first(doc).unwrap_or_else(|| no_value.clone()),
                    programme: programme.first(doc),
                    team: team.first(doc),
                    period: period.first(doc),
                    responsible: who,
                    org,
                    item,
                    kind: line_kind,
                    vat,
                    amount: AmountSum::of(&amount),
                });
            }
            for ([plan, in_programme, of_team, of_period, line_kind, vat], amount) in groups {
                lines.push(LineRow {
                    plan: id.text(plan).unwrap_or_else(|| no_value.clone()),
                    programme: programme.text(in_programme),
                    team: team.text(of_team),
                    period: period.text(of_period),
                    responsible: Vec::new(),
                    org: None,
                    item: None,
                    kind: if line_kind == LineKind::Income as u64 {
                        LineKind::Income
                    } else {
                        LineKind::Cost
                    },
                    vat: match vat {
                        1 => Some(Vat::Incl),
                        2 => Some(Vat::Excl),
                        _ => None,
                    },
                    amount,
                });
            }
        }
        self.programmes_as_ids(&mut lines)?;
        Ok(BudgetEntries {
            lines,
            totals,
            unreadable,
            rates,
        })
    }

    /// Rewrites `programme` values that name a plan by title or alias (as `kb check`
    /// allows) to that plan's id, so that breakdown is recognised. Only values that are
    /// not already the id of a plan with lines are looked up, each once.
    fn programmes_as_ids(&self, lines: &mut [LineRow]) -> Result<()> {
        let plans: FxHashSet<Rc<str>> = lines.iter().map(|l| l.plan.clone()).collect();
        let mut resolved: HashMap<Rc<str>, Option<Rc<str>>> = HashMap::new();
        for line in lines.iter_mut() {
            let Some(programme) = &line.programme else {
                continue;
            };
            if plans.contains(programme) {
                continue;
            }
            if !resolved.contains_key(programme) {
                let ids: Vec<String> = self
                    .documents_named(programme)?
                    .into_iter()
                    .map(|(id, _)| id)
                    .filter(|id| plans.contains(id.as_str()))
                    .collect();
                let id = match ids.as_slice() {
                    [one] => Some(Rc::from(one.as_str())),
                    _ => None,
                };
                resolved.insert(programme.clone(), id);
            }
            if let Some(Some(id)) = resolved.get(programme) {
                line.programme = Some(id.clone());
            }
        }
        Ok(())
    }

    /// Which ids are organisations, and each person's first organisation.
    fn organisation_map(&self) -> Result<OrganisationMap> {
        let fields = &self.fields;
        let searcher = self.searcher();
        let mut map = OrganisationMap::default();
        let orgs = all_of(vec![
            term(fields.kind, "doc"),
            term(fields.doc_type, "organisation"),
        ]);
        for (segment_ord, docs) in self.matches(&searcher, &orgs)? {
            let mut id = Texts::open(searcher.segment_reader(segment_ord), "id")?;
            id.load(&docs)?;
            for doc in docs {
                map.organisations.extend(id.first_string(doc));
            }
        }
        let memberships = term(fields.kind, "membership");
        let mut resolver = IdResolver::new(self);
        let mut first: HashMap<String, (u64, String)> = HashMap::new();
        for (segment_ord, docs) in self.matches(&searcher, memberships.as_ref())? {
            let segment = searcher.segment_reader(segment_ord);
            let mut person = Texts::open(segment, "id")?;
            let mut org = Texts::open(segment, "orgs")?;
            person.load(&docs)?;
            org.load(&docs)?;
            let line = Numbers::<u64>::open(segment, "line")?;
            for doc in docs {
                let (Some(person), Some(org)) = (person.first_string(doc), org.first_string(doc))
                else {
                    continue;
                };
                // A membership may name its organisation by a name or alias.
                let org = resolver.id_of(&org)?.unwrap_or(org);
                let line = line.first(doc).unwrap_or(u64::MAX);
                let slot = first.entry(person).or_insert((u64::MAX, String::new()));
                if line < slot.0 {
                    *slot = (line, org);
                }
            }
        }
        map.person_org = first.into_iter().map(|(p, (_, o))| (p, o)).collect();
        Ok(map)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lines_organisation_is_named_or_comes_through_its_person() {
        let map = OrganisationMap {
            organisations: ["cob".to_string()].into(),
            person_org: [("jan".to_string(), "gemeente-x".to_string())].into(),
        };
        let owners = |v: &[&str]| v.iter().map(|s| Rc::from(*s)).collect::<Vec<Rc<str>>>();
        assert_eq!(map.organisation_of(&owners(&["jan", "cob"])), Some("cob"));
        assert_eq!(map.organisation_of(&owners(&["jan"])), Some("gemeente-x"));
        assert_eq!(map.organisation_of(&owners(&["Alle gemeenten"])), None);
    }
}

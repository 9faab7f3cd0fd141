//! The best entries for a query, in an order that does not depend on how the index is cut
//! into segments.
//!
//! tantivy's `TopDocs` breaks ties in score by address (segment, then document), and which
//! segment a file lands in depends on which indexing thread took it. Queries with tied
//! scores are common (a search with only filters scores every hit alike), so `TopDocs`
//! could show another ten of sixteen hits after each rebuild. [`Best`] breaks ties by the
//! entry's document id, then by address (two documents share an id only in a base that
//! `kb check` rejects).

use std::cmp::{Ordering, Reverse};
use std::collections::{BTreeMap, BinaryHeap};

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::{DocAddress, DocId, Score, SegmentReader};

/// Collects the `limit` best entries: highest score first, ties by document id, then by
/// address.
///
/// Ids are read only where more entries tie than the cut lets through: reading every
/// hit's id made a search at 100,000 documents 2 ms slower.
pub struct Best {
    limit: usize,
    newest_first: bool,
}

impl Best {
    /// The best `limit` entries.
    pub fn with_limit(limit: usize) -> Best {
        Best {
            limit,
            newest_first: false,
        }
    }

    /// Ranks by date instead of score: the latest first day of the entry's date first,
    /// undated entries last (for a search with only filters, whose hits all score alike).
    /// The score each entry comes with is then its [`date_rank`].
    pub fn newest_first(self) -> Best {
        Best {
            newest_first: true,
            ..self
        }
    }
}

/// A score that orders days as their dates do (`YYYYMMDD` in the `date_start` column;
/// `None`, undated, before every day). Exact in an `f32`, which holds whole numbers up to
/// 2^24: 10,000 years are below 3.8 million.
pub fn date_rank(day: Option<i64>) -> Score {
    match day {
        Some(day) if day > 0 => {
            let (year, month, day) = (day / 10_000, day / 100 % 100, day % 100);
            (year * 372 + month * 31 + day) as Score
        }
        _ => 0.0,
    }
}

/// A score that orders (tantivy's scores are never NaN; `total_cmp` orders them anyway).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Ranked(Score);

impl Eq for Ranked {}

impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Ranked) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Ranked {
    fn cmp(&self, other: &Ranked) -> Ordering {
        self.0.total_cmp(&other.0)
    }
}

/// [`Best`] for one segment: every entry scoring at least the `limit`-th best score, ties
/// included (which of them make the cut, only ids decide).
pub struct BestInSegment {
    limit: usize,
    segment: u32,
    reader: SegmentReader,
    /// The `limit` best scores so far; the least of them is the bar.
    best_scores: BinaryHeap<Reverse<Ranked>>,
    /// Entries that met the bar when they came, with the ordinal of their id once read.
    kept: Vec<(Score, DocId, Option<u64>)>,
    /// Length of `kept` that triggers the next pruning.
    prune_at: usize,
    /// The segment's `id` column, opened when more than `limit` entries tie at the bar.
    ids: Option<Option<StrColumn>>,
    /// When entries are ranked by date: the segment's `date_start` column (`None` when
    /// no entry of the segment has a date).
    dates: Option<Option<Column<i64>>>,
}

impl BestInSegment {
    fn bar(&self) -> Option<Score> {
        (self.best_scores.len() == self.limit)
            .then(|| self.best_scores.peek().map(|Reverse(Ranked(score))| *score))
            .flatten()
    }

    /// Drops the entries below the bar and, of more than `limit` at it, all but the
    /// `limit` with the first ids: within a segment, the order of the id column's
    /// ordinals is the order of the ids.
    fn prune(&mut self) {
        let Some(bar) = self.bar() else {
            return;
        };
        self.kept.retain(|&(score, _, _)| score >= bar);
        let at_bar = self
            .kept
            .iter()
            .filter(|(score, _, _)| *score == bar)
            .count();
        if at_bar > self.limit {
            let reader = &self.reader;
            let ids = self
                .ids
                .get_or_insert_with(|| reader.fast_fields().str("id").ok().flatten());
            for (score, doc, ord) in &mut self.kept {
                if *score == bar && ord.is_none() {
                    let first = ids.as_ref().and_then(|ids| ids.term_ords(*doc).next());
                    *ord = Some(first.unwrap_or(u64::MAX));
                }
            }
            // Above the bar first, then the ties by id ordinal.
            let limit = self.limit;
            let rank = |entry: &(Score, DocId, Option<u64>)| (entry.0 == bar, entry.2, entry.1);
            self.kept.select_nth_unstable_by_key(limit, rank);
            self.kept.truncate(limit);
        }
    }
}

/// What a segment found: its reader and `id` column, if opened (to read ids where scores
/// tie), its ordinal and its entries that met the bar.
pub struct SegmentBest {
    reader: SegmentReader,
    ids: Option<Option<StrColumn>>,
    segment: u32,
    kept: Vec<(Score, DocId, Option<u64>)>,
}

impl SegmentBest {
    /// The segment's `id` column: the one opened while collecting, else opened now.
    fn ids(&self) -> tantivy::Result<Option<StrColumn>> {
        match &self.ids {
            Some(ids) => Ok(ids.clone()),
            None => self.reader.fast_fields().str("id"),
        }
    }
}

impl Collector for Best {
    type Fruit = Vec<(Score, DocAddress)>;
    type Child = BestInSegment;

    fn for_segment(&self, segment: u32, reader: &SegmentReader) -> tantivy::Result<BestInSegment> {
        Ok(BestInSegment {
            limit: self.limit,
            segment,
            reader: reader.clone(),
            best_scores: BinaryHeap::with_capacity(self.limit + 1),
            kept: Vec::new(),
            prune_at: 2 * self.limit + 64,
            ids: None,
            dates: if self.newest_first {
                Some(reader.fast_fields().column_opt::<i64>("date_start")?)
            } else {
                None
            },
        })
    }

    fn requires_scoring(&self) -> bool {
        !self.newest_first
    }

    fn merge_fruits(&self, fruits: Vec<SegmentBest>) -> tantivy::Result<Self::Fruit> {
        let segments: BTreeMap<u32, &SegmentBest> = fruits.iter().map(|f| (f.segment, f)).collect();
        let mut above: Vec<(Score, DocAddress)> = fruits
            .iter()
            .flat_map(|fruit| {
                let segment = fruit.segment;
                (fruit.kept.iter())
                    .map(move |&(score, doc, _)| (score, DocAddress::new(segment, doc)))
            })
            .collect();
        // More than `limit`: those above the `limit`-th best score are in, and of those at
        // it (the bar), as many as are left, by id.
        let mut at_bar = Vec::new();
        if above.len() > self.limit {
            if self.limit == 0 {
                return Ok(Vec::new());
            }
            above.select_nth_unstable_by(self.limit - 1, |a, b| b.0.total_cmp(&a.0));
            let bar = above[self.limit - 1].0;
            (above, at_bar) = (above.into_iter())
                .filter(|(score, _)| *score >= bar)
                .partition(|(score, _)| *score > bar);
        }
        above.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let mut start = 0;
        while start < above.len() {
            let score = above[start].0;
            let run = above[start..]
                .iter()
                .take_while(|(s, _)| *s == score)
                .count();
            if run > 1 {
                order_by_id(&mut above[start..start + run], &segments, run)?;
            }
            start += run;
        }
        let slots = self.limit.saturating_sub(above.len());
        if slots > 0 && !at_bar.is_empty() {
            order_by_id(&mut at_bar, &segments, slots)?;
            above.extend(at_bar.into_iter().take(slots));
        }
        Ok(above)
    }
}

/// Puts the first `slots` of entries of equal score first, ordered by their document's id
/// and then by address; the others follow in no set order. Within a segment, the order of
/// the id column's ordinals is the order of the ids, so only each segment's first `slots`
/// ids are read: a search with only filters ties every undated hit.
fn order_by_id(
    tied: &mut [(Score, DocAddress)],
    fruits: &BTreeMap<u32, &SegmentBest>,
    slots: usize,
) -> tantivy::Result<()> {
    let Some(&(score, _)) = tied.first() else {
        return Ok(());
    };
    let mut segments: BTreeMap<u32, Vec<DocId>> = BTreeMap::new();
    for (_, address) in tied.iter() {
        segments
            .entry(address.segment_ord)
            .or_default()
            .push(address.doc_id);
    }
    let mut contenders: Vec<(String, DocAddress)> = Vec::new();
    for (segment, docs) in segments {
        let Some(column) = (match fruits.get(&segment) {
            Some(fruit) => fruit.ids()?,
            None => None,
        }) else {
            continue;
        };
        let mut by_ord: Vec<(u64, DocId)> = docs
            .into_iter()
            .map(|doc| (column.term_ords(doc).next().unwrap_or(u64::MAX), doc))
            .collect();
        if by_ord.len() > slots {
            by_ord.select_nth_unstable(slots);
            by_ord.truncate(slots);
        }
        for (ord, doc) in by_ord {
            let mut id = String::new();
            if ord != u64::MAX && column.ord_to_str(ord, &mut id)? {
                contenders.push((id, DocAddress::new(segment, doc)));
            }
        }
    }
    contenders.sort();
    contenders.truncate(slots);
    let chosen: std::collections::HashSet<DocAddress> =
        contenders.iter().map(|(_, address)| *address).collect();
    let rest: Vec<DocAddress> = (tied.iter())
        .map(|(_, address)| *address)
        .filter(|address| !chosen.contains(address))
        .collect();
    let order = contenders
        .into_iter()
        .map(|(_, address)| address)
        .chain(rest);
    for (slot, address) in tied.iter_mut().zip(order) {
        *slot = (score, address);
    }
    Ok(())
}

impl SegmentCollector for BestInSegment {
    type Fruit = SegmentBest;

    fn collect(&mut self, doc: DocId, score: Score) {
        let score = match &self.dates {
            Some(dates) => date_rank(dates.as_ref().and_then(|dates| dates.first(doc))),
            None => score,
        };
        if self.limit == 0 || self.bar().is_some_and(|bar| score < bar) {
            return;
        }
        self.best_scores.push(Reverse(Ranked(score)));
        if self.best_scores.len() > self.limit {
            self.best_scores.pop();
        }
        self.kept.push((score, doc, None));
        if self.kept.len() >= self.prune_at {
            self.prune();
            self.prune_at = (2 * self.kept.len()).max(2 * self.limit + 64);
        }
    }

    fn harvest(mut self) -> SegmentBest {
        self.prune();
        SegmentBest {
            reader: self.reader,
            ids: self.ids,
            segment: self.segment,
            kept: self.kept,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::query::AllQuery;
    use tantivy::schema::{FAST, STORED, STRING, Schema, Value};
    use tantivy::{Index, IndexWriter, Searcher, TantivyDocument, doc};

    /// A searcher over an index with one segment per list of ids, in that order.
    fn segments(ids: &[&[&str]]) -> Searcher {
        let mut builder = Schema::builder();
        let id = builder.add_text_field("id", STRING | FAST | STORED);
        let index = Index::create_in_ram(builder.build());
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
        for segment in ids {
            for value in *segment {
                writer.add_document(doc!(id => *value)).unwrap();
            }
            writer.commit().unwrap();
        }
        let searcher = index.reader().unwrap().searcher();
        assert_eq!(searcher.segment_readers().len(), ids.len());
        searcher
    }

    fn ids_of(searcher: &Searcher, found: Vec<(Score, DocAddress)>) -> Vec<String> {
        let id = searcher.schema().get_field("id").unwrap();
        found
            .into_iter()
            .map(|(_, address)| {
                let doc: TantivyDocument = searcher.doc(address).unwrap();
                doc.get_first(id).unwrap().as_str().unwrap().to_string()
            })
            .collect()
    }

    #[test]
    fn date_ranks_order_days_as_dates_and_undated_last() {
        let days = [
            20240101, 20231231, 20231230, 20231201, 20231130, 20230228, 20221231, 10101,
        ];
        for pair in days.windows(2) {
            assert!(
                date_rank(Some(pair[0])) > date_rank(Some(pair[1])),
                "{} after {}",
                pair[0],
                pair[1]
            );
        }
        assert!(date_rank(Some(10101)) > date_rank(None));
        assert_eq!(date_rank(Some(0)), date_rank(None));
    }

    #[test]
    fn newest_first_ranks_by_date_then_by_id_whatever_the_segments() {
        let mut builder = Schema::builder();
        let id = builder.add_text_field("id", STRING | FAST | STORED);
        let date = builder.add_i64_field("date_start", FAST);
        let index = Index::create_in_ram(builder.build());
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
        let segments: [&[(&str, Option<i64>)]; 2] = [
            &[("e", None), ("c", Some(20220101)), ("b", None)],
            &[("a", None), ("d", Some(20230101)), ("f", Some(20220101))],
        ];
        for segment in segments {
            for &(value, day) in segment {
                let mut entry = doc!(id => value);
                if let Some(day) = day {
                    entry.add_i64(date, day);
                }
                writer.add_document(entry).unwrap();
            }
            writer.commit().unwrap();
        }
        let searcher = index.reader().unwrap().searcher();
        let best = |limit| {
            ids_of(
                &searcher,
                searcher
                    .search(&AllQuery, &Best::with_limit(limit).newest_first())
                    .unwrap(),
            )
        };
        assert_eq!(best(4), ["d", "c", "f", "a"]);
        assert_eq!(best(6), ["d", "c", "f", "a", "b", "e"]);
        assert_eq!(best(1), ["d"]);
    }

    #[test]
    fn equal_scores_go_by_id_whatever_the_segments() {
        let searcher = segments(&[&["c", "b"], &["a"]]);
        let best = |limit| {
            ids_of(
                &searcher,
                searcher
                    .search(&AllQuery, &Best::with_limit(limit))
                    .unwrap(),
            )
        };
        // By address, the first two would be `c` and `b`.
        assert_eq!(best(2), ["a", "b"]);
        assert_eq!(best(1), ["a"]);
        assert_eq!(best(3), ["a", "b", "c"]);
        assert_eq!(best(5), ["a", "b", "c"]);
        assert!(best(0).is_empty());
    }

    #[test]
    fn a_higher_score_goes_first_and_ties_at_the_bar_are_kept() {
        let searcher = segments(&[&["f", "e", "d", "c", "b", "a"]]);
        let best = Best::with_limit(2);
        let mut segment = best.for_segment(0, searcher.segment_reader(0)).unwrap();
        for (doc, score) in [(0, 1.0), (1, 3.0), (2, 2.0), (3, 1.0), (4, 2.0), (5, 0.5)] {
            segment.collect(doc, score);
        }
        let fruit = segment.harvest();
        // The bar is the second best score, 2.0: both entries scoring 2.0 stay.
        let mut kept: Vec<(Score, DocId)> = fruit.kept.iter().map(|&(s, d, _)| (s, d)).collect();
        kept.sort_by_key(|&(_, doc)| doc);
        assert_eq!(kept, [(3.0, 1), (2.0, 2), (2.0, 4)]);
        // Of the two at 2.0, `b` (doc 4) goes before `d` (doc 2).
        let found = best.merge_fruits(vec![fruit]).unwrap();
        assert_eq!(ids_of(&searcher, found), ["e", "b"]);
    }

    #[test]
    fn many_ties_are_pruned_without_losing_any() {
        let ids: Vec<String> = (0..500).rev().map(|n| format!("id-{n:03}")).collect();
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        let searcher = segments(&[&ids[..250], &ids[250..]]);
        let found = searcher.search(&AllQuery, &Best::with_limit(3)).unwrap();
        assert_eq!(ids_of(&searcher, found), ["id-000", "id-001", "id-002"]);
    }
}

//! Searching the index: a parsed [`SearchQuery`] into a tantivy query, hits out.
//!
//! Each word matches its Dutch stem, its exact folded form, any longer word of the base
//! that contains it (so "biodiversiteit" finds "bodembiodiversiteitsindex": compound
//! parts, found on the index's own vocabulary), and, when it is a name, alias or
//! abbreviation of a document, that document's other names and every reference to it.

use std::ops::Bound;

use anyhow::{Result, bail};
use serde::Serialize;
use tantivy::collector::Count;
use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, Occur, PhraseQuery, Query, RangeQuery,
    RegexPhraseQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{TantivyDocument, Term};

use super::KbIndex;
use super::analysis::{stem, stem_family_prefix, with_stem};
use super::best::Best;
use super::infix::{Infix, InfixQuery};
use super::schema::{FOLDED, analyze};
use crate::index::records::day_number;
use crate::model::text::fold;
use crate::query::search::{QueryTerm, SearchQuery};

/// One matching document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    /// Its id.
    pub id: String,
    /// Its type.
    #[serde(rename = "type")]
    pub doc_type: String,
    /// Its title or name.
    pub title: String,
    /// Its date, as written.
    pub date: Option<String>,
    /// Path relative to the base root.
    pub path: String,
    /// Relevance (higher is better).
    pub score: f32,
}

/// The result of a search.
#[derive(Debug, Clone, Default)]
pub struct Found {
    /// The best hits, best first.
    pub hits: Vec<Hit>,
    /// How many documents matched in all.
    pub total: usize,
    /// Folded forms to highlight in snippets.
    pub highlight: Vec<String>,
}

/// Words shorter than this are not searched inside compounds (too many false hits).
const MIN_PART_LEN: usize = 5;

/// What the document a query names (by id, name or alias) adds to its score: more than
/// any text match gives, so that it comes first.
const NAMED_SCORE: f32 = 100.0;

/// A phrase whose words' stem families make at most this many phrases is searched as
/// those phrases; a longer one as a phrase of alternations.
const MAX_PHRASES: usize = 32;

/// A word that starts with a searched stem is a compound of it when this many letters or
/// more follow the stem; shorter endings are inflections.
const COMPOUND_TAIL: usize = 4;

/// The stem with its last vowel doubled ("strat": "straat"), when it ends in a single a, e,
/// o or u between consonants: the form the stemmer may have shortened it from.
fn with_long_vowel(stem: &str) -> Option<String> {
    let is_vowel = |byte: u8| matches!(byte, b'a' | b'e' | b'i' | b'o' | b'u' | b'y');
    let [.., before, vowel, last] = *stem.as_bytes() else {
        return None;
    };
    let shortened = !is_vowel(before)
        && matches!(vowel, b'a' | b'e' | b'o' | b'u')
        && !is_vowel(last)
        && last.is_ascii_lowercase();
    shortened.then(|| {
        let (head, tail) = stem.split_at(stem.len() - 1);
        format!("{head}{}{tail}", vowel as char)
    })
}

/// Any of `words` in `field`.
fn any_term(field: Field, words: &[String]) -> Box<dyn Query> {
    Box::new(BooleanQuery::new(
        words
            .iter()
            .map(|word| {
                (
                    Occur::Should,
                    term_query(Term::from_field_text(field, word)),
                )
            })
            .collect(),
    ))
}

/// `words` in a row in `field` (one word: that word); `None` for no words.
fn phrase_or_term(field: Field, words: &[String]) -> Option<Box<dyn Query>> {
    match words {
        [] => None,
        [one] => Some(term_query(Term::from_field_text(field, one))),
        many => Some(Box::new(PhraseQuery::new(
            many.iter()
                .map(|word| Term::from_field_text(field, word))
                .collect(),
        ))),
    }
}

/// Any word of each stem family, the families in a row (a phrase of several): `None` when
/// a family is empty (the base has no word of that stem).
fn family_query(field: Field, families: &[Vec<String>]) -> Option<Box<dyn Query>> {
    if families.is_empty() || families.iter().any(Vec::is_empty) {
        return None;
    }
    if let [family] = families {
        return Some(any_term(field, family));
    }
    // Every phrase the families make, while they are few: a phrase query each reads
    // exact postings, where a regular expression per position walks the dictionary.
    let combinations = families
        .iter()
        .try_fold(1usize, |count, family| count.checked_mul(family.len()));
    if combinations.is_some_and(|count| count <= MAX_PHRASES) {
        let mut phrases: Vec<Vec<String>> = vec![Vec::new()];
        for family in families {
            phrases = phrases
                .iter()
                .flat_map(|phrase| {
                    family.iter().map(move |word| {
                        let mut longer = phrase.clone();
                        longer.push(word.clone());
                        longer
                    })
                })
                .collect();
        }
        return Some(Box::new(BooleanQuery::new(
            phrases
                .iter()
                .filter_map(|words| phrase_or_term(field, words))
                .map(|phrase| (Occur::Should, phrase))
                .collect(),
        )));
    }
    // Any word of the family at each position: an alternation of the words as written.
    let alternations = families
        .iter()
        .map(|family| {
            let words: Vec<String> = family.iter().map(|word| regex_literal(word)).collect();
            format!("({})", words.join("|"))
        })
        .collect();
    Some(Box::new(RegexPhraseQuery::new(field, alternations)))
}

/// `word` as a regular expression that matches only itself.
fn regex_literal(word: &str) -> String {
    let mut literal = String::with_capacity(word.len());
    for ch in word.chars() {
        if ch.is_ascii_punctuation() {
            literal.push('\\');
        }
        literal.push(ch);
    }
    literal
}

fn term_query(term: Term) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        term,
        IndexRecordOption::WithFreqsAndPositions,
    ))
}

/// Document entries only, adding nothing to the score.
fn documents_only(fields: &super::schema::Fields) -> Box<dyn Query> {
    Box::new(BoostQuery::new(
        term_query(Term::from_field_text(fields.kind, "doc")),
        0.0,
    ))
}

impl KbIndex {
    /// The words of `field` whose Dutch stem is `stem` (its stem family: "samenwerk" is
    /// "samenwerken", "samenwerking", ...), sorted: one range of each segment's term
    /// dictionary, the words under [`stem_family_prefix`].
    fn stem_family(&self, field: Field, stem: &str) -> Vec<String> {
        let prefix = match stem_family_prefix(stem) {
            "" => stem,
            prefix => prefix,
        };
        let mut family = Vec::new();
        for segment in self.searcher().segment_readers() {
            let Ok(inverted) = segment.inverted_index(field) else {
                continue;
            };
            let Ok(mut words) = inverted.terms().range().ge(prefix.as_bytes()).into_stream() else {
                continue;
            };
            while words.advance() {
                let key = words.key();
                if !key.starts_with(prefix.as_bytes()) {
                    break;
                }
                if let Ok(word) = std::str::from_utf8(key)
                    && with_stem(word, |word_stem| word_stem == stem)
                {
                    family.push(word.to_string());
                }
            }
        }
        family.sort();
        family.dedup();
        family
    }

    /// Whether some word of `field` is `word` or holds it as a compound part.
    fn vocabulary_holds(&self, field: Field, word: &str) -> bool {
        let searcher = self.searcher();
        searcher.segment_readers().iter().any(|segment| {
            let Ok(inverted) = segment.inverted_index(field) else {
                return false;
            };
            let terms = inverted.terms();
            if terms.get(word.as_bytes()).ok().flatten().is_some() {
                return true;
            }
            let compounds = Infix::compound(word, word.len(), word);
            terms
                .search(compounds)
                .into_stream()
                .is_ok_and(|mut stream| stream.advance())
        })
    }

    /// Documents whose name, alias, abbreviation or id is exactly `text` (folded):
    /// (id, names).
    pub fn documents_named(&self, text: &str) -> Result<Vec<(String, Vec<String>)>> {
        Ok(self
            .named(text)?
            .into_iter()
            .map(|doc| {
                let names = doc.names();
                (doc.id, names)
            })
            .collect())
    }

    /// Resolves a `person:`/`org:` value (id, name or alias) to the keys under which
    /// `people`/`orgs` hold references to the documents it names.
    fn filter_ids(&self, value: &str, what: &str) -> Result<Vec<String>> {
        let ids: Vec<String> = self
            .documents_named(value)?
            .into_iter()
            .map(|(id, _)| id)
            .collect();
        if ids.is_empty() {
            bail!("{what}:{value} matches no document (give an id, a name or an alias)");
        }
        self.person_keys_of(&ids)
    }

    /// The query for one word or phrase, and the folded forms to highlight.
    fn term_clause(&self, term: &QueryTerm, highlight: &mut Vec<String>) -> Result<Box<dyn Query>> {
        let fields = &self.fields;
        let mut should: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let folded = analyze(&self.index, FOLDED, &term.text);
        let plain_stems: Vec<String> = folded.iter().map(|word| stem(word)).collect();
        highlight.extend(folded.iter().cloned());
        highlight.extend(plain_stems.iter().filter(|s| s.len() >= 3).cloned());
        for (field, stem_boost, word_boost) in [(fields.title, 3.0, 3.0), (fields.text, 1.0, 1.5)] {
            let families: Vec<Vec<String>> = plain_stems
                .iter()
                .map(|stem| self.stem_family(field, stem))
                .collect();
            if field == fields.text {
                highlight.extend(families.iter().flatten().cloned());
            }
            if let Some(query) = family_query(field, &families) {
                should.push((Occur::Should, Box::new(BoostQuery::new(query, stem_boost))));
            }
            if let Some(query) = phrase_or_term(field, &folded) {
                should.push((Occur::Should, Box::new(BoostQuery::new(query, word_boost))));
            }
        }
        if let [word] = folded.as_slice()
            && word.chars().count() >= MIN_PART_LEN
            && word.chars().all(|c| c.is_ascii_lowercase())
        {
            // Longer words that hold the word: letters only, so that the automaton never
            // walks the numbers, codes and marked stems of the vocabulary. The word itself
            // is left out: its own clause above finds it, and in a large base its postings
            // are the longest the automaton would read.
            // Compounds of the stem count: "samenwerken" finds "ketensamenwerking" and
            // "samenwerkingsverband" as "samenwerking" does. At the start of a word, only
            // words that go on for four letters or more past the stem, or every short
            // inflection (which the stem clause finds) would count as a compound too.
            // Counted from the stem, not the word, so that every form of a word finds
            // the same compounds ("gemeente" and "gemeenten" both find "gemeentewet").
            let stem = plain_stems[0].as_str();
            // Only a stem that begins the word stands for it: "klimaat" (stem "klimat")
            // is looked for as written.
            let stem_begins_word = stem.len() >= MIN_PART_LEN
                && stem.len() < word.len()
                && word.starts_with(stem)
                && stem.bytes().all(|b| b.is_ascii_lowercase());
            // A stem the stemmer shortened ("straten" and "straat" both "strat") stands
            // for its long form where the base has it ("klimaatstraat"), else "straten"
            // would find "strategie" and miss what "straat" finds.
            let long_form = stem_begins_word
                .then(|| with_long_vowel(stem))
                .flatten()
                .filter(|long| {
                    with_stem(long, |long_stem| long_stem == stem)
                        && self.vocabulary_holds(fields.text, long)
                });
            let infix = match &long_form {
                Some(long) => {
                    highlight.push(long.clone());
                    InfixQuery::new(long, long.len(), long, fields.text)
                }
                None if stem_begins_word => {
                    InfixQuery::new(stem, stem.len() + COMPOUND_TAIL - 1, stem, fields.text)
                }
                None => InfixQuery::new(word, word.len(), word, fields.text),
            };
            should.push((
                Occur::Should,
                Box::new(BoostQuery::new(Box::new(infix), 0.5)),
            ));
        }
        for (id, names) in self.documents_named(&term.text)? {
            // These fields are also set on records: only document entries count here, so
            // that the whole query needs no `kind:doc` clause (see `build_query`).
            let mentions: Vec<(Occur, Box<dyn Query>)> =
                [fields.refs, fields.parties, fields.doc_id]
                    .into_iter()
                    .map(|field| (Occur::Should, term_query(Term::from_field_text(field, &id))))
                    .collect();
            should.push((
                Occur::Should,
                Box::new(BooleanQuery::new(vec![
                    (Occur::Must, Box::new(BooleanQuery::new(mentions))),
                    (Occur::Must, documents_only(fields)),
                ])),
            ));
            // Whoever searches for a document's id or name looks for it first, before the
            // documents that mention it.
            should.push((
                Occur::Should,
                Box::new(ConstScoreQuery::new(
                    Box::new(BooleanQuery::new(vec![
                        (
                            Occur::Must,
                            term_query(Term::from_field_text(fields.doc_id, &id)),
                        ),
                        (Occur::Must, documents_only(fields)),
                    ])),
                    NAMED_SCORE,
                )),
            ));
            for name in names {
                let tokens = analyze(&self.index, FOLDED, &name);
                highlight.push(fold(&name));
                if let Some(query) = phrase_or_term(fields.text, &tokens) {
                    should.push((Occur::Should, query));
                }
            }
        }
        if should.is_empty() {
            bail!("`{}` holds no word to search for", term.text);
        }
        Ok(Box::new(BooleanQuery::new(should)))
    }

    /// Runs a search: the best `limit` documents.
    pub fn search(&self, query: &SearchQuery, limit: usize) -> Result<Found> {
        let fields = &self.fields;
        let (tantivy_query, mut highlight) = self.build_query(query)?;
        let searcher = self.searcher();
        // With only filters every hit scores alike: the newest come first.
        let only_filters = query.terms.iter().all(|term| term.negated);
        let best = if only_filters {
            Best::with_limit(limit.max(1)).newest_first()
        } else {
            Best::with_limit(limit.max(1))
        };
        let (top, total) = searcher.search(&tantivy_query, &(best, Count))?;
        let mut hits = Vec::with_capacity(top.len());
        let mut ranks = Vec::with_capacity(top.len());
        for (rank, address) in top {
            let doc: TantivyDocument = searcher.doc(address)?;
            let data = stored_json(&doc, fields.data);
            let path = doc
                .get_first(fields.path)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_string();
            hits.push(Hit {
                id: data["id"].as_str().unwrap_or_default().to_string(),
                doc_type: data["type"].as_str().unwrap_or_default().to_string(),
                title: data["title"].as_str().unwrap_or_default().to_string(),
                date: data["date"].as_str().map(String::from),
                path,
                score: if only_filters { 0.0 } else { rank },
            });
            ranks.push(rank);
        }
        // Best first; equal ranks in a stable order.
        let mut ranked: Vec<(f32, Hit)> = ranks.into_iter().zip(hits).collect();
        ranked.sort_by(|(a_rank, a), (b_rank, b)| {
            b_rank.total_cmp(a_rank).then_with(|| a.path.cmp(&b.path))
        });
        let hits: Vec<Hit> = ranked.into_iter().map(|(_, hit)| hit).collect();
        highlight.sort();
        highlight.dedup();
        Ok(Found {
            hits,
            total,
            highlight,
        })
    }

    /// The tantivy query for a parsed search (documents only), and the folded forms to
    /// highlight.
    pub(crate) fn build_query(&self, query: &SearchQuery) -> Result<(BooleanQuery, Vec<String>)> {
        let fields = &self.fields;
        // Words are searched in fields only document entries have (`term_clause`), so a
        // query with words needs no `kind:doc` clause: at 100,000 documents, intersecting
        // with it cost a third of a search.
        let mut must: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut highlight = Vec::new();
        let mut positive = 0;
        for term in &query.terms {
            let mut ignored = Vec::new();
            let clause = self.term_clause(
                term,
                if term.negated {
                    &mut ignored
                } else {
                    &mut highlight
                },
            )?;
            if term.negated {
                must.push((Occur::MustNot, clause));
            } else {
                positive += 1;
                must.push((Occur::Must, clause));
            }
        }
        if positive == 0 {
            // Only filters (kb asks for a word or a filter), which score the hits.
            must.push((Occur::Must, documents_only(fields)));
        }
        let filters = &query.filters;
        if !filters.doc_types.is_empty() {
            let types: Vec<String> = filters
                .doc_types
                .iter()
                .map(|t| t.as_str().to_string())
                .collect();
            must.push((Occur::Must, any_term(fields.doc_type, &types)));
        }
        for tag in &filters.tags {
            must.push((Occur::Must, any_term(fields.tags, &[fold(tag)])));
        }
        for person in &filters.people {
            must.push((
                Occur::Must,
                any_term(fields.parties, &self.filter_ids(person, "person")?),
            ));
        }
        for org in &filters.orgs {
            must.push((
                Occur::Must,
                any_term(fields.parties, &self.filter_ids(org, "org")?),
            ));
        }
        if let Some(since) = filters.since {
            let lower = Term::from_field_i64(fields.date_end, day_number(since.first_day()));
            must.push((
                Occur::Must,
                Box::new(RangeQuery::new(Bound::Included(lower), Bound::Unbounded)),
            ));
        }
        if let Some(until) = filters.until {
            let upper = Term::from_field_i64(fields.date_start, day_number(until.last_day()));
            must.push((
                Occur::Must,
                Box::new(RangeQuery::new(Bound::Unbounded, Bound::Included(upper))),
            ));
        }
        Ok((BooleanQuery::new(must), highlight))
    }

    /// Words of the base near `word` (typos): best first.
    pub fn near_terms(&self, word: &str, limit: usize) -> Result<Vec<String>> {
        let Some(folded) = analyze(&self.index, FOLDED, word).into_iter().next() else {
            return Ok(Vec::new());
        };
        let searcher = self.searcher();
        let mut scored: Vec<(f64, u32, String)> = Vec::new();
        for segment in searcher.segment_readers() {
            let inverted = segment.inverted_index(self.fields.text)?;
            let mut stream = inverted.terms().stream()?;
            while stream.advance() {
                let Ok(term) = std::str::from_utf8(stream.key()) else {
                    continue;
                };
                if term == folded || term.len().abs_diff(folded.len()) > 3 {
                    continue;
                }
                let similarity = strsim::normalized_damerau_levenshtein(&folded, term);
                if similarity >= 0.7 {
                    scored.push((similarity, stream.value().doc_freq, term.to_string()));
                }
            }
        }
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
        let mut words: Vec<String> = Vec::new();
        for (_, _, term) in scored {
            if !words.contains(&term) {
                words.push(term);
            }
            if words.len() == limit {
                break;
            }
        }
        Ok(words)
    }
}

/// The stored JSON of an entry.
pub fn stored_json(doc: &TantivyDocument, field: tantivy::schema::Field) -> serde_json::Value {
    doc.get_first(field)
        .and_then(|v| v.as_str())
        .and_then(|text| serde_json::from_str(text).ok())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shortened_stem_gets_its_long_vowel_back() {
        assert_eq!(with_long_vowel("strat").as_deref(), Some("straat"));
        assert_eq!(with_long_vowel("klimat").as_deref(), Some("klimaat"));
        assert_eq!(with_long_vowel("regel").as_deref(), Some("regeel"));
        // A doubled vowel, a vowel before it, or a vowel or other end: not shortened.
        for stem in ["straat", "bouw", "samenwerk", "gemeent", "kabel2", "ai", ""] {
            assert_eq!(with_long_vowel(stem), None, "{stem}");
        }
        // Each long form stems back to the short one (checked again at search time).
        for (long, short) in [("straat", "strat"), ("klimaat", "klimat")] {
            assert_eq!(stem(long), short);
        }
    }
}

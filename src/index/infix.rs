//! Compound parts: an automaton over the term dictionary that accepts the words made of
//! letters `a`-`z` only that hold a given word and are longer than it ("biodiversiteit"
//! in "bodembiodiversiteitsindex"). The same language as the regular expression
//! `[a-z]+inner[a-z]*|head[a-z]{n,}`, without building its DFA on every search (a seventh of
//! a search's instructions on 100,000 documents): a Knuth-Morris-Pratt matcher for `inner`
//! beside a prefix matcher for `head`. Both are the searched word, or both its stem: then
//! "samenwerken" (stem "samenwerk") finds "ketensamenwerking" and, at the start, words
//! longer than the word by more than two letters ("samenwerkingsverband"), so that its
//! short inflections ("samenwerking", which the stem clause finds) do not count as
//! compounds.

use std::sync::Arc;

use tantivy::query::{AutomatonWeight, EnableScoring, Query, Weight};
use tantivy::schema::Field;
use tantivy_fst::Automaton;

/// Accepts the letter-only words that hold `inner` after at least one letter, or that
/// start with `head` and are longer.
#[derive(Debug, Clone)]
pub struct Infix {
    inner: Vec<u8>,
    /// Knuth-Morris-Pratt: for each prefix length `n` of `inner`, the length of the longest
    /// proper prefix of `inner` that is also a suffix of its first `n` bytes.
    fallback: Vec<usize>,
    head: Vec<u8>,
    /// A term that starts with `head` must be longer than this.
    longer_than: usize,
}

/// Where the automaton is after some bytes of a term.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InfixState {
    /// A byte other than `a`-`z` was read: no match can follow.
    Dead,
    /// Letters so far.
    Letters {
        /// How many bytes of `inner` the last bytes read match (`inner.len()`: found after
        /// the first letter, for good).
        matched: usize,
        /// How many bytes of `head` the term starts with ([`NOT_HEAD`]: it does not).
        head: usize,
        /// How many bytes were read, counted up to one more than `inner` has or than a
        /// term with `head` must have.
        read: usize,
    },
}

/// [`InfixState::Letters::head`] of a term that does not start with `head`.
const NOT_HEAD: usize = usize::MAX;

impl Infix {
    /// The automaton for `word` (letters `a`-`z`) as head and as inner part.
    pub fn new(word: &str) -> Infix {
        Infix::compound(word, word.len(), word)
    }

    /// The automaton for words longer than `longer_than` bytes that start with `head`, and
    /// for words that hold `inner` after a letter.
    pub fn compound(head: &str, longer_than: usize, inner: &str) -> Infix {
        let word = inner.as_bytes().to_vec();
        let mut fallback = vec![0; word.len() + 1];
        let mut length = 0;
        for at in 1..word.len() {
            while length > 0 && word[at] != word[length] {
                length = fallback[length];
            }
            if word[at] == word[length] {
                length += 1;
            }
            fallback[at + 1] = length;
        }
        Infix {
            inner: word,
            fallback,
            head: head.as_bytes().to_vec(),
            longer_than: longer_than.max(head.len()),
        }
    }
}

impl Automaton for Infix {
    type State = InfixState;

    fn start(&self) -> InfixState {
        InfixState::Letters {
            matched: 0,
            head: 0,
            read: 0,
        }
    }

    fn is_match(&self, state: &InfixState) -> bool {
        matches!(*state, InfixState::Letters { matched, head, read }
            if matched == self.inner.len() || (head == self.head.len() && read > self.longer_than))
    }

    fn can_match(&self, state: &InfixState) -> bool {
        *state != InfixState::Dead
    }

    fn accept(&self, state: &InfixState, byte: u8) -> InfixState {
        let InfixState::Letters {
            mut matched,
            mut head,
            read,
        } = *state
        else {
            return InfixState::Dead;
        };
        if !byte.is_ascii_lowercase() {
            return InfixState::Dead;
        }
        if head != NOT_HEAD && head < self.head.len() {
            head = if self.head[head] == byte {
                head + 1
            } else {
                NOT_HEAD
            };
        }
        let read = (read + 1).min(self.inner.len().max(self.longer_than) + 1);
        if matched < self.inner.len() {
            while matched > 0 && self.inner[matched] != byte {
                matched = self.fallback[matched];
            }
            if self.inner[matched] == byte {
                matched += 1;
            }
            // Found at the very start: not after a letter. Look on for a later one.
            if matched == self.inner.len() && read == self.inner.len() {
                matched = self.fallback[matched];
            }
        }
        InfixState::Letters {
            matched,
            head,
            read,
        }
    }
}

/// Terms of `field` that [`Infix`] accepts for `word`, each scored as a constant (like a
/// `RegexQuery`).
#[derive(Debug, Clone)]
pub struct InfixQuery {
    automaton: Arc<Infix>,
    field: Field,
}

impl InfixQuery {
    /// The letter-only words of `field` longer than `longer_than` that start with `head`,
    /// or that hold `inner` after a letter ([`Infix::compound`]).
    pub fn new(head: &str, longer_than: usize, inner: &str, field: Field) -> InfixQuery {
        InfixQuery {
            automaton: Arc::new(Infix::compound(head, longer_than, inner)),
            field,
        }
    }
}

impl Query for InfixQuery {
    fn weight(&self, _scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(AutomatonWeight::<Infix>::new(
            self.field,
            self.automaton.clone(),
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn accepts(automaton: &Infix, term: &str) -> bool {
        let mut state = automaton.start();
        for &byte in term.as_bytes() {
            state = automaton.accept(&state, byte);
        }
        automaton.is_match(&state)
    }

    /// The regular expression the automaton replaces: `[a-z]+word[a-z]*|word[a-z]+`.
    fn reference(word: &str, term: &str) -> bool {
        term.bytes().all(|b| b.is_ascii_lowercase())
            && term.len() > word.len()
            && term.contains(word)
    }

    #[test]
    fn finds_compound_parts() {
        let part = Infix::new("biodiversiteit");
        assert!(accepts(&part, "bodembiodiversiteitsindex"));
        assert!(accepts(&part, "biodiversiteitsindex"));
        assert!(accepts(&part, "bodembiodiversiteit"));
        assert!(
            !accepts(&part, "biodiversiteit"),
            "the word itself has its own clause"
        );
        assert!(!accepts(&part, "biodiversiteit2"));
        assert!(!accepts(&part, "bodem-biodiversiteit"));
        assert!(!accepts(&part, "biodiversitei"));
        // A partial match that must fall back: "aab" in "aaab".
        assert!(accepts(&Infix::new("aab"), "aaab"));
        assert!(accepts(&Infix::new("abab"), "ababab"));
        // Two fallbacks in a row, in matching and in the table.
        assert!(!accepts(&Infix::new("aaa"), "aabaa"));
        assert!(!accepts(&Infix::new("aaabb"), "aaabaabb"));
        // A word and its stem: compounds, not inflections.
        let samenwerken = Infix::compound("samenwerk", "samenwerken".len() + 2, "samenwerk");
        assert!(accepts(&samenwerken, "ketensamenwerking"));
        assert!(accepts(&samenwerken, "samenwerkingsverband"));
        assert!(!accepts(&samenwerken, "samenwerking"));
        assert!(!accepts(&samenwerken, "samenwerken"));
        assert!(!accepts(&samenwerken, "samenwerkte"));
        // The stem found at the start, then again after a letter.
        assert!(accepts(&Infix::compound("abc", 3, "ab"), "abab"));
    }

    /// Every word over three letters against every term of a dictionary, streamed as
    /// tantivy streams a term dictionary (`can_match` prunes), compared with the regular
    /// expression itself.
    #[test]
    fn streams_the_same_terms_as_the_regular_expression() {
        use tantivy_fst::{IntoStreamer, Map, Regex, Streamer};
        fn strings(alphabet: &[u8], up_to: usize) -> Vec<String> {
            let mut all = vec![String::new()];
            let mut last = vec![String::new()];
            for _ in 0..up_to {
                last = last
                    .iter()
                    .flat_map(|s| alphabet.iter().map(move |&c| format!("{s}{}", c as char)))
                    .collect();
                all.extend(last.iter().cloned());
            }
            all
        }
        let mut terms = strings(b"ab1c", 6);
        terms.retain(|t| !t.is_empty());
        terms.sort();
        let dictionary = Map::from_iter(terms.iter().map(|t| (t.as_str(), 0))).unwrap();
        fn keys<A: Automaton>(mut stream: tantivy_fst::map::Stream<'_, A>) -> Vec<String> {
            let mut keys = Vec::new();
            while let Some((key, _)) = stream.next() {
                keys.push(String::from_utf8(key.to_vec()).unwrap());
            }
            keys
        }
        for word in strings(b"abc", 4).iter().filter(|w| !w.is_empty()) {
            let regex = Regex::new(&format!("[a-z]+{word}[a-z]*|{word}[a-z]+")).unwrap();
            let expected = keys(dictionary.search(&regex).into_stream());
            let found = keys(dictionary.search(Infix::new(word)).into_stream());
            assert_eq!(found, expected, "{word}");
        }
        // A stem as head and inner part, with terms longer than the word by two.
        for word in strings(b"abc", 4).iter().filter(|w| w.len() >= 2) {
            let stem = &word[..word.len() - 1];
            let regex = Regex::new(&format!("[a-z]+{stem}[a-z]*|{stem}[a-z]{{4,}}")).unwrap();
            let expected = keys(dictionary.search(&regex).into_stream());
            let automaton = Infix::compound(stem, word.len() + 2, stem);
            let found = keys(dictionary.search(automaton).into_stream());
            assert_eq!(found, expected, "{word} / {stem}");
        }
    }

    proptest! {
        #[test]
        fn a_head_and_an_inner_part_as_the_regular_expression(
            head in "[ab]{1,5}",
            longer_than in 0usize..9,
            inner in "[ab]{1,4}",
            term in "[ab]{0,12}|[abé1]{0,8}",
        ) {
            let letters = term.bytes().all(|b| b.is_ascii_lowercase());
            let after_a_letter =
                (1..term.len()).any(|at| term.as_bytes()[at..].starts_with(inner.as_bytes()));
            let long_head = term.starts_with(&head) && term.len() > longer_than.max(head.len());
            let expected = letters && (after_a_letter || long_head);
            let automaton = Infix::compound(&head, longer_than, &inner);
            prop_assert_eq!(accepts(&automaton, &term), expected);
        }

        #[test]
        fn accepts_what_the_regular_expression_does(
            word in "[ab]{1,5}",
            term in "[ab]{0,12}|[abé1]{0,8}",
        ) {
            prop_assert_eq!(accepts(&Infix::new(&word), &term), reference(&word, &term));
        }

        #[test]
        fn dead_states_never_match_again(word in "[ab]{1,4}", term in "[ab]{0,4}[^a-z][ab]{0,6}") {
            let automaton = Infix::new(&word);
            let mut state = automaton.start();
            let mut dead = false;
            for &byte in term.as_bytes() {
                state = automaton.accept(&state, byte);
                dead |= !automaton.can_match(&state);
                prop_assert!(!(dead && automaton.is_match(&state)));
            }
            prop_assert!(dead);
        }
    }
}

//! Dutch text analysis. Words are indexed folded (lower case, diacritics removed:
//! "kovács" as "kovacs"), with positions, and nothing else: stems are a matter of the
//! query. A searched word stands for every word of the index's vocabulary with the same
//! Snowball Dutch stem (its stem family, see [`stem_family_prefix`]), so "samenwerken"
//! finds "samenwerking". Indexing a marked stem beside every word cost a seventh of a full
//! index (1.0 of 7.4 s at 100,000 documents); finding a family in the term dictionary costs
//! a search microseconds. Stems are cached per thread: a base repeats its words.

use rustc_hash::FxHashMap;
use std::cell::RefCell;

use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer, Token,
    TokenStream, Tokenizer,
};

/// How many stems each thread keeps before it starts over.
const CACHE_LIMIT: usize = 200_000;

/// Word → its stem.
type StemCache = FxHashMap<Box<str>, Box<str>>;

thread_local! {
    static STEMS: RefCell<(frostem::Stemmer, StemCache)> =
        RefCell::new((frostem::Stemmer::new(frostem::Algorithm::DutchPorter), StemCache::default()));
}

/// Calls `with` with the Dutch stem of a folded word.
pub fn with_stem<R>(word: &str, with: impl FnOnce(&str) -> R) -> R {
    STEMS.with(|cell| {
        let (stemmer, cache) = &mut *cell.borrow_mut();
        if let Some(stem) = cache.get(word) {
            return with(stem);
        }
        let stem: Box<str> = stemmer.stem(word).into();
        if cache.len() >= CACHE_LIMIT {
            cache.clear();
        }
        let result = with(&stem);
        cache.insert(word.into(), stem);
        result
    })
}

/// The Dutch stem of a folded word.
pub fn stem(word: &str) -> String {
    with_stem(word, |stem| stem.to_string())
}

/// The prefix that every word with the stem `stem` begins with, so that a stem family is
/// found by walking one range of the term dictionary. The stemmer only cuts a word's end,
/// with two exceptions: it undoubles a vowel before the last consonant ("straten" and
/// "straat" are both "strat": the words share the stem less its last letter), and it makes
/// "heden" "heid" ("mogelijkheden", "mogelijkheid": the stem less its last two letters).
pub fn stem_family_prefix(stem: &str) -> &str {
    let cut = if stem.ends_with("heid") { 2 } else { 1 };
    let mut end = stem.len();
    for _ in 0..cut {
        end = stem[..end]
            .char_indices()
            .next_back()
            .map_or(0, |(at, _)| at);
    }
    &stem[..end]
}

/// Words at least this many bytes long are not indexed (as tantivy's `RemoveLongFilter`).
pub const MAX_WORD_BYTES: usize = 60;

/// The reference chain the fused [`FoldingTokenizer`] reproduces: tantivy's
/// `SimpleTokenizer`, `RemoveLongFilter`, `LowerCaser` and `AsciiFoldingFilter`.
pub fn reference_folding() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_WORD_BYTES))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// Splits text into words (runs of letters and digits), drops overlong ones, and folds
/// them to lower-case ASCII: the same tokens, offsets and positions as
/// [`reference_folding`], in one pass over the bytes for the common all-ASCII word
/// (tokenizing was a tenth of indexing). Words with other characters go through the
/// reference chain, so folding rules stay tantivy's.
#[derive(Clone)]
pub struct FoldingTokenizer {
    token: Token,
    reference: TextAnalyzer,
}

impl Default for FoldingTokenizer {
    fn default() -> Self {
        FoldingTokenizer {
            token: Token::default(),
            reference: reference_folding(),
        }
    }
}

/// The token stream of [`FoldingTokenizer`].
pub struct FoldingStream<'a> {
    text: &'a str,
    at: usize,
    token: &'a mut Token,
    reference: &'a mut TextAnalyzer,
}

impl Tokenizer for FoldingTokenizer {
    type TokenStream<'a> = FoldingStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> FoldingStream<'a> {
        self.token.reset();
        FoldingStream {
            text,
            at: 0,
            token: &mut self.token,
            reference: &mut self.reference,
        }
    }
}

impl FoldingStream<'_> {
    /// The next run of alphanumeric characters from `self.at`: (start, end, all ASCII).
    fn next_word(&mut self) -> Option<(usize, usize, bool)> {
        let bytes = self.text.as_bytes();
        let len = bytes.len();
        let mut at = self.at;
        // Separators: ASCII ones byte by byte, others decoded.
        loop {
            while at < len && BYTE_CLASS[bytes[at] as usize] == SEPARATOR {
                at += 1;
            }
            if at >= len {
                self.at = len;
                return None;
            }
            if BYTE_CLASS[bytes[at] as usize] == WORD {
                break;
            }
            let ch = self.text[at..].chars().next().expect("a char boundary");
            if ch.is_alphanumeric() {
                break;
            }
            at += ch.len_utf8();
        }
        // The word.
        let start = at;
        let mut ascii = true;
        loop {
            while at < len && BYTE_CLASS[bytes[at] as usize] == WORD {
                at += 1;
            }
            if at >= len || BYTE_CLASS[bytes[at] as usize] == SEPARATOR {
                break;
            }
            let ch = self.text[at..].chars().next().expect("a char boundary");
            if !ch.is_alphanumeric() {
                break;
            }
            ascii = false;
            at += ch.len_utf8();
        }
        self.at = at;
        Some((start, at, ascii))
    }
}

/// [`BYTE_CLASS`]: an ASCII letter or digit.
const WORD: u8 = 0;
/// [`BYTE_CLASS`]: any other ASCII byte.
const SEPARATOR: u8 = 1;
/// [`BYTE_CLASS`]: a byte of a non-ASCII character (decoded to classify).
const OTHER: u8 = 2;

/// The class of every byte value.
static BYTE_CLASS: [u8; 256] = {
    let mut classes = [OTHER; 256];
    let mut byte = 0;
    while byte < 128 {
        classes[byte] = if (byte as u8).is_ascii_alphanumeric() {
            WORD
        } else {
            SEPARATOR
        };
        byte += 1;
    }
    classes
};

impl TokenStream for FoldingStream<'_> {
    fn advance(&mut self) -> bool {
        while let Some((start, end, ascii)) = self.next_word() {
            self.token.position = self.token.position.wrapping_add(1);
            if end - start >= MAX_WORD_BYTES {
                continue;
            }
            let word = &self.text[start..end];
            self.token.offset_from = start;
            self.token.offset_to = end;
            self.token.text.clear();
            if ascii {
                self.token.text.push_str(word);
                self.token.text.make_ascii_lowercase();
            } else {
                let mut stream = self.reference.token_stream(word);
                while let Some(folded) = stream.next() {
                    self.token.text.push_str(&folded.text);
                }
            }
            return true;
        }
        false
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn tokens(mut analyzer: TextAnalyzer, text: &str) -> Vec<(String, usize, usize, usize)> {
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while let Some(token) = stream.next() {
            out.push((
                token.text.clone(),
                token.offset_from,
                token.offset_to,
                token.position,
            ));
        }
        out
    }

    fn fused() -> TextAnalyzer {
        TextAnalyzer::builder(FoldingTokenizer::default()).build()
    }

    #[test]
    fn folds_like_the_reference_chain() {
        let text = "Wil Kovács: CO2-neutraal, Straße ÆØÅ 2024-11-29 ½ café-vóór ".to_string()
            + &"x".repeat(70)
            + " eind";
        assert_eq!(tokens(fused(), &text), tokens(reference_folding(), &text));
        assert_eq!(
            tokens(fused(), "Kovács")[0].0,
            "kovacs",
            "diacritics are folded"
        );
    }

    #[test]
    fn names_fold_as_search_folds_them() {
        // kb who, references and ids fold with model::text::fold; search with the chain
        // above. A name must read the same to both.
        for name in [
            "Ayşe Yıldız",
            "Łukasz Wąsowski",
            "Straße",
            "Øresund",
            "Æbeltoft",
            "Kovács",
            "Casuïstiek",
            "ĲSSEL",
            "François Müller-Lüdenscheidt",
        ] {
            let words: Vec<String> = tokens(reference_folding(), name)
                .into_iter()
                .map(|(text, ..)| text)
                .collect();
            let folded = crate::model::text::fold(name);
            let folded_words: Vec<&str> = folded
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .collect();
            assert_eq!(words, folded_words, "{name}");
        }
    }

    #[test]
    fn words_of_one_stem_share_its_family_prefix() {
        for words in [
            &["samenwerken", "samenwerking", "samenwerk"][..],
            &["straat", "straten"],
            &["mogelijkheden", "mogelijkheid"],
            &["gemeente", "gemeenten"],
            &["kabel", "kabels"],
            &["gemaal", "gemalen"],
        ] {
            let family = stem(words[0]);
            for word in words {
                assert_eq!(stem(word), family, "{word}");
                assert!(word.starts_with(stem_family_prefix(&family)), "{word}");
            }
        }
        assert_eq!(stem_family_prefix("strat"), "stra");
        assert_eq!(stem_family_prefix("vrijheid"), "vrijhe");
        assert_eq!(stem_family_prefix("é"), "");
    }

    proptest! {
        #[test]
        fn same_tokens_as_the_reference_chain(
            text in "([a-zA-Z0-9 ,.;:!?'()\\-]|[éÉáÀüÜöçñßæøåĳ½²]|\\PC){0,120}",
        ) {
            prop_assert_eq!(tokens(fused(), &text), tokens(reference_folding(), &text));
        }

        #[test]
        fn every_word_begins_with_its_family_prefix(
            word in "(ge|ver|be)?[a-z]{1,8}(heden|heid|en|ene|e|s|se|ing|lijk|baar|aat|oot|eet|uut|ingen|ten|den)?",
        ) {
            let family = stem(&word);
            prop_assert!(word.starts_with(stem_family_prefix(&family)), "{} / {}", word, family);
        }
    }
}

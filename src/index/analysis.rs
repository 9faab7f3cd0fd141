//! Dutch text analysis in one pass: every word is indexed folded (lower case, diacritics
//! removed: "kovács" as "kovacs") and, at the same position, as its Snowball Dutch stem
//! marked with [`STEM_MARK`] ("samenwerking" also as "~samenwerk") when the stem differs
//! from the word. One field then serves exact words, phrases and stems, and the text is
//! tokenized once. A search for stem `s` asks for `~s` or the plain word `s`. Stems are
//! cached per thread: a base repeats its words, and stemming was a tenth of indexing time.

use rustc_hash::FxHashMap;
use std::cell::RefCell;

use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer, Token,
    TokenFilter, TokenStream, Tokenizer,
};

/// Marks a stem term; the tokenizer never makes it, so stems and words never collide.
pub const STEM_MARK: char = '~';

/// How many stems each thread keeps before it starts over.
const CACHE_LIMIT: usize = 200_000;

/// Word → its marked stem (`~stem`), or `None` when the stem is the word itself.
type StemCache = FxHashMap<Box<str>, Option<Box<str>>>;

thread_local! {
    static STEMS: RefCell<(frostem::Stemmer, StemCache)> =
        RefCell::new((frostem::Stemmer::new(frostem::Algorithm::DutchPorter), StemCache::default()));
}

/// Calls `with` with the marked stem of a folded word (`~stem`), or with `None` when the
/// stem is the word itself.
fn with_marked_stem<R>(word: &str, with: impl FnOnce(Option<&str>) -> R) -> R {
    STEMS.with(|cell| {
        let (stemmer, cache) = &mut *cell.borrow_mut();
        if let Some(marked) = cache.get(word) {
            return with(marked.as_deref());
        }
        let stem = stemmer.stem(word);
        let marked = (stem != word).then(|| format!("{STEM_MARK}{stem}").into_boxed_str());
        if cache.len() >= CACHE_LIMIT {
            cache.clear();
        }
        let result = with(marked.as_deref());
        cache.insert(word.into(), marked);
        result
    })
}

/// The stem term of a folded word: `~` and the stem.
pub fn stem_term(word: &str) -> String {
    with_marked_stem(word, |marked| {
        marked.map_or_else(|| format!("{STEM_MARK}{word}"), String::from)
    })
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

/// Adds each token's marked stem right after it, at the same position.
#[derive(Debug, Clone, Copy, Default)]
pub struct WithStems;

impl TokenFilter for WithStems {
    type Tokenizer<T: Tokenizer> = WithStemsFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> WithStemsFilter<T> {
        WithStemsFilter { inner: tokenizer }
    }
}

/// The tokenizer [`WithStems`] makes.
#[derive(Debug, Clone)]
pub struct WithStemsFilter<T> {
    inner: T,
}

impl<T: Tokenizer> Tokenizer for WithStemsFilter<T> {
    type TokenStream<'a> = WithStemsStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        WithStemsStream {
            tail: self.inner.token_stream(text),
            stem: Token::default(),
            stem_pending: false,
            showing_stem: false,
        }
    }
}

/// The token stream of [`WithStemsFilter`].
pub struct WithStemsStream<T> {
    tail: T,
    stem: Token,
    stem_pending: bool,
    showing_stem: bool,
}

impl<T: TokenStream> TokenStream for WithStemsStream<T> {
    fn advance(&mut self) -> bool {
        if self.stem_pending {
            self.stem_pending = false;
            self.showing_stem = true;
            return true;
        }
        self.showing_stem = false;
        if !self.tail.advance() {
            return false;
        }
        let word = self.tail.token();
        let stem = &mut self.stem.text;
        let differs = with_marked_stem(&word.text, |marked| {
            if let Some(marked) = marked {
                stem.clear();
                stem.push_str(marked);
            }
            marked.is_some()
        });
        if !differs {
            return true;
        }
        self.stem.offset_from = word.offset_from;
        self.stem.offset_to = word.offset_to;
        self.stem.position = word.position;
        self.stem.position_length = word.position_length;
        self.stem_pending = true;
        true
    }

    fn token(&self) -> &Token {
        if self.showing_stem {
            &self.stem
        } else {
            self.tail.token()
        }
    }

    fn token_mut(&mut self) -> &mut Token {
        if self.showing_stem {
            &mut self.stem
        } else {
            self.tail.token_mut()
        }
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

    proptest! {
        #[test]
        fn same_tokens_as_the_reference_chain(
            text in "([a-zA-Z0-9 ,.;:!?'()\\-]|[éÉáÀüÜöçñßæøåĳ½²]|\\PC){0,120}",
        ) {
            prop_assert_eq!(tokens(fused(), &text), tokens(reference_folding(), &text));
        }
    }
}

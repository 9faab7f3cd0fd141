//! Dutch text analysis in one pass: every word is indexed folded (lower case, diacritics
//! removed: "kovács" as "kovacs") and, at the same position, as its Snowball Dutch stem
//! marked with [`STEM_MARK`] ("samenwerking" also as "~samenwerk") when the stem differs
//! from the word. One field then serves exact words, phrases and stems, and the text is
//! tokenized once. A search for stem `s` asks for `~s` or the plain word `s`. Stems are
//! cached per thread: a base repeats its words, and stemming was a tenth of indexing time.

use rustc_hash::FxHashMap;
use std::cell::RefCell;

use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// Marks a stem term; the tokenizer never makes it, so stems and words never collide.
pub const STEM_MARK: char = '~';

/// How many stems each thread keeps before it starts over.
const CACHE_LIMIT: usize = 200_000;

thread_local! {
    static STEMS: RefCell<(frostem::Stemmer, FxHashMap<String, String>)> =
        RefCell::new((frostem::Stemmer::new(frostem::Algorithm::Dutch), FxHashMap::default()));
}

/// Appends the Dutch stem of a folded word to `out`.
fn push_stem(word: &str, out: &mut String) {
    STEMS.with(|cell| {
        let (stemmer, cache) = &mut *cell.borrow_mut();
        if let Some(stem) = cache.get(word) {
            out.push_str(stem);
            return;
        }
        let stem = stemmer.stem(word).into_owned();
        out.push_str(&stem);
        if cache.len() >= CACHE_LIMIT {
            cache.clear();
        }
        cache.insert(word.to_string(), stem);
    });
}

/// The stem term of a folded word: `~` and the stem.
pub fn stem_term(word: &str) -> String {
    let mut term = String::with_capacity(word.len() + 1);
    term.push(STEM_MARK);
    push_stem(word, &mut term);
    term
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
        self.stem.text.clear();
        self.stem.text.push(STEM_MARK);
        push_stem(&word.text, &mut self.stem.text);
        if self.stem.text[STEM_MARK.len_utf8()..] == word.text {
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

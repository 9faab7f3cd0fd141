//! The tantivy schema and the Dutch analyzers. Tokenizers are not stored in an index, so
//! [`register_analyzers`] runs on every open.

use tantivy::schema::{
    FAST, Field, IndexRecordOption, STORED, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::TextAnalyzer;

use super::analysis::FoldingTokenizer;

/// Bumped whenever the schema or the analysis changes: an index of another version is
/// rebuilt.
pub const SCHEMA_VERSION: u32 = 18;

/// Lower case and diacritics folded, with positions: how `title` and `text` are indexed
/// and query words read. Stems are found at query time (see `analysis`).
pub const FOLDED: &str = "kb_folded";

/// The fields of the index.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// `doc` for a document; `action`, `budget`, `activity`, `attendance`, `statement`,
    /// `session`, `membership`, `partner`, `milestone` for records; `budget-sum` for the
    /// sum of a plan's lines of one team, period, kind and VAT setting; `budget-unreadable`
    /// for a budget line that could not be read (its line only).
    pub kind: Field,
    /// Path relative to the base root: every entry of a file carries it (for deletes).
    pub path: Field,
    /// The document's id, on every entry: a column and stored, not searched (see
    /// [`Fields::doc_id`]).
    pub id: Field,
    /// The document's id, searchable: document entries only. A record is found by its
    /// document's `path` (every entry carries it), so records need no searchable id.
    pub doc_id: Field,
    /// The document's type (document entries only: records are found by `kind`).
    pub doc_type: Field,
    /// Title: folded words.
    pub title: Field,
    /// All searchable text: folded words.
    pub text: Field,
    /// Folded names, aliases and short names of the document (whole), for query expansion.
    pub name_key: Field,
    /// What this document refers to, each reference as written and folded, where
    /// [`Fields::parties`] does not hold it already: a document's references are its
    /// `refs` and its `parties` together.
    pub refs: Field,
    /// People involved: attendees, owners, responsibles, `people`; each an id, or a name
    /// or alias as written, folded (resolved when read: `read::IdResolver`). A column, read
    /// per entry; searched as [`Fields::parties`].
    pub people: Field,
    /// Organisations involved, held as [`Fields::people`] holds people.
    pub orgs: Field,
    /// The values of [`Fields::people`] and [`Fields::orgs`] together, each once: what
    /// queries search for a person or organisation (ids are unique across both, and an
    /// owner or responsible, which may be either, is indexed once).
    pub parties: Field,
    /// Tags, folded.
    pub tags: Field,
    /// First day of the date, as YYYYMMDD.
    pub date_start: Field,
    /// Last day of the date, as YYYYMMDD.
    pub date_end: Field,
    /// Budget lines and totals: the lower bound of the amount in cents (absent for tbd).
    pub amount_min: Field,
    /// Budget lines and totals: the upper bound of the amount in cents (absent for tbd).
    pub amount_max: Field,
    /// Budget lines and totals: the period label ("2021", "2022-2023").
    pub period: Field,
    /// Budget lines (the line's team, else the plan's) and activities (the plan's team).
    pub team: Field,
    /// States to filter and group on: actions `open` or `done`; budget lines and totals
    /// `cost` or `income`, `incl` or `excl` (VAT, when given) and `tbd` (no amount yet);
    /// budget lines `rate` (a price per unit, in no `budget-sum`).
    pub state: Field,
    /// Actions: the last day of the date they were done (YYYYMMDD).
    pub done_day: Field,
    /// Budget sums (`budget-sum`): how many lines the sum holds, and how many of them are
    /// tbd (not in `amount_min`/`amount_max`).
    pub line_count: Field,
    /// See [`Fields::line_count`].
    pub tbd_count: Field,
    /// Plans (the document), their budget lines, totals and activities: the plan's
    /// `programme` (a plan id, as written).
    pub programme: Field,
    /// Budget lines and activities: each `responsible` value as written (ids and free
    /// text alike, where `people` and `orgs` hold only ids).
    pub responsible: Field,
    /// Line in the file.
    pub line: Field,
    /// The record itself, as JSON (documents: title, type, date, names).
    pub data: Field,
}

fn text_field(analyzer: &str) -> TextOptions {
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(analyzer)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    )
}

/// An exact-value field: indexed whole, without the field norms only scoring on text
/// needs (they cost a byte per entry and field, and entries are mostly records).
fn keyword() -> TextOptions {
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer("raw")
            .set_fieldnorms(false)
            .set_index_option(IndexRecordOption::Basic),
    )
}

/// A column of text values read per entry (grouping, sums), never searched: not indexed.
fn column() -> TextOptions {
    TextOptions::default().set_fast("raw")
}

/// The schema and its fields.
pub fn schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let fields = Fields {
        kind: builder.add_text_field("kind", keyword() | FAST | STORED),
        path: builder.add_text_field("path", keyword() | STORED),
        id: builder.add_text_field("id", column() | STORED),
        doc_id: builder.add_text_field("doc_id", keyword()),
        doc_type: builder.add_text_field("doc_type", keyword() | STORED),
        title: builder.add_text_field("title", text_field(FOLDED)),
        text: builder.add_text_field("text", text_field(FOLDED)),
        name_key: builder.add_text_field("name_key", keyword()),
        refs: builder.add_text_field("refs", keyword()),
        people: builder.add_text_field("people", column()),
        orgs: builder.add_text_field("orgs", column()),
        parties: builder.add_text_field("parties", keyword()),
        tags: builder.add_text_field("tags", keyword()),
        // Numbers are columns only: a range query on a fast field reads the column, so
        // indexing them would only cost time.
        date_start: builder.add_i64_field("date_start", FAST | STORED),
        date_end: builder.add_i64_field("date_end", FAST | STORED),
        amount_min: builder.add_i64_field("amount_min", FAST),
        amount_max: builder.add_i64_field("amount_max", FAST),
        period: builder.add_text_field("period", column()),
        team: builder.add_text_field("team", column()),
        state: builder.add_text_field("state", keyword() | FAST),
        done_day: builder.add_i64_field("done_day", FAST),
        line_count: builder.add_u64_field("line_count", FAST),
        tbd_count: builder.add_u64_field("tbd_count", FAST),
        programme: builder.add_text_field("programme", keyword() | FAST),
        responsible: builder.add_text_field("responsible", column()),
        line: builder.add_u64_field("line", FAST | STORED),
        data: builder.add_text_field("data", STORED),
    };
    (builder.build(), fields)
}

/// Registers kb's analyzers on an index (needed on every open).
pub fn register_analyzers(index: &tantivy::Index) {
    let folded = TextAnalyzer::builder(FoldingTokenizer::default()).build();
    index.tokenizers().register(FOLDED, folded);
}

/// The tokens `analyzer` makes of `text` (used to analyse query words the same way).
pub fn analyze(index: &tantivy::Index, analyzer: &str, text: &str) -> Vec<String> {
    let Some(mut analyzer) = index.tokenizers().get(analyzer) else {
        return Vec::new();
    };
    let mut stream = analyzer.token_stream(text);
    let mut tokens = Vec::new();
    while let Some(token) = stream.next() {
        tokens.push(token.text.clone());
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_folded_with_positions() {
        let (schema, _) = schema();
        let index = tantivy::Index::create_in_ram(schema);
        register_analyzers(&index);
        assert_eq!(analyze(&index, FOLDED, "Wil Kovács"), ["wil", "kovacs"]);
        let mut analyzer = index.tokenizers().get(FOLDED).unwrap();
        let mut stream = analyzer.token_stream("samenwerking van gemeenten");
        let mut tokens = Vec::new();
        while let Some(token) = stream.next() {
            tokens.push((token.text.clone(), token.position));
        }
        assert_eq!(
            tokens,
            [
                ("samenwerking".to_string(), 0),
                ("van".to_string(), 1),
                ("gemeenten".to_string(), 2),
            ]
        );
    }

    #[test]
    fn dutch_stems_join_inflections_and_keep_ge_words_apart() {
        use super::super::analysis::stem;
        assert_eq!(stem("kovacs"), "kovac");
        assert_eq!(stem("data"), "data");
        assert_eq!(stem("samenwerken"), stem("samenwerking"));
        assert_eq!(stem("gemeenten"), stem("gemeente"));
        assert_eq!(stem("gemalen"), stem("gemaal"));
        // Words of the field that a stemmer removing "ge" would join to others.
        for (word, other) in [
            ("gemeente", "mening"),
            ("gebied", "bieden"),
            ("gemaal", "malen"),
        ] {
            assert_ne!(stem(word), stem(other), "{word} / {other}");
        }
    }
}

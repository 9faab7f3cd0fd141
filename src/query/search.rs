//! The search language: words (ANDed), "phrases", `-word` to exclude, and `field:value`
//! filters; and snippets: the best line of a document for the words searched.

use std::fmt;

use crate::model::text::fold;
use crate::model::{DocType, PartialDate};

/// A parsed search.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchQuery {
    /// Words and phrases.
    pub terms: Vec<QueryTerm>,
    /// Restrictions.
    pub filters: Filters,
}

/// A word or phrase of a search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryTerm {
    /// As typed (without quotes or `-`).
    pub text: String,
    /// Written in quotes.
    pub phrase: bool,
    /// Written with a leading `-`: documents holding it are left out.
    pub negated: bool,
}

/// Restrictions on which documents match.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    /// `type:`
    pub doc_types: Vec<DocType>,
    /// `tag:`
    pub tags: Vec<String>,
    /// `person:` (id, name or alias)
    pub people: Vec<String>,
    /// `org:` (id, name or abbreviation)
    pub orgs: Vec<String>,
    /// `since:` the document's date ends on or after this.
    pub since: Option<PartialDate>,
    /// `until:` the document's date starts on or before this.
    pub until: Option<PartialDate>,
}

/// A malformed search: where (1-based character position) and what was expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryError {
    /// 1-based character position in the query.
    pub position: usize,
    /// What is wrong and what was expected.
    pub message: String,
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at position {}: {}", self.position, self.message)
    }
}

impl std::error::Error for QueryError {}

/// The filter names `field:value` accepts.
pub const FILTER_NAMES: &[&str] = &["type", "tag", "person", "org", "since", "until", "date"];

impl Filters {
    /// Adds one `name:value` filter; `Err` holds the message.
    pub fn add(&mut self, name: &str, value: &str) -> Result<(), String> {
        let date = |value: &str| {
            value.parse::<PartialDate>().map_err(|err| {
                // Most date errors say how to write one already.
                let message = err.to_string();
                if message.contains("write YYYY") {
                    message
                } else {
                    format!("{message} (write YYYY-MM-DD, YYYY-MM or YYYY)")
                }
            })
        };
        match name {
            // `org` as `kb new org` takes it.
            "type" if value == "org" => self.doc_types.push(DocType::Organisation),
            "type" => self.doc_types.push(value.parse()?),
            "tag" => self.tags.push(value.to_string()),
            "person" => self.people.push(value.to_string()),
            "org" => self.orgs.push(value.to_string()),
            "since" => self.since = Some(date(value)?),
            "until" => self.until = Some(date(value)?),
            "date" => {
                let date = date(value)?;
                self.since = Some(date);
                self.until = Some(date);
            }
            other => {
                return Err(format!(
                    "unknown filter `{other}:`; expected one of {}",
                    FILTER_NAMES
                        .iter()
                        .map(|name| format!("`{name}:`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
        }
        Ok(())
    }

    /// True when nothing is restricted.
    pub fn is_empty(&self) -> bool {
        *self == Filters::default()
    }
}

/// One command-line argument as query text. Several words in one argument were quoted
/// in the shell, so they are a phrase (`kb search "wie doet wat"`), unless the argument
/// uses the query language itself (`kb search 'kovacs -rotterdam'`, `'type:meeting
/// kovacs'`, `'"wie doet" wat'`): then it is taken as written.
pub fn argument_text(argument: &str) -> String {
    let plain_words = parse(argument).is_ok_and(|query| {
        query.filters.is_empty() && query.terms.iter().all(|t| !t.negated && !t.phrase)
    });
    if plain_words && argument.trim().contains(char::is_whitespace) {
        format!("\"{}\"", argument.trim())
    } else {
        argument.to_string()
    }
}

/// Parses a search.
pub fn parse(query: &str) -> Result<SearchQuery, QueryError> {
    let chars: Vec<char> = query.chars().collect();
    let mut parsed = SearchQuery::default();
    let mut index = 0;
    while index < chars.len() {
        if chars[index].is_whitespace() {
            index += 1;
            continue;
        }
        let start = index;
        let negated =
            chars[index] == '-' && index + 1 < chars.len() && !chars[index + 1].is_whitespace();
        if negated {
            index += 1;
        }
        let (text, phrase, end) = read_token(&chars, index)?;
        index = end;
        if !phrase
            && let Some((name, value)) = text.split_once(':')
            && !name.is_empty()
            && name.chars().all(|c| c.is_ascii_alphabetic())
        {
            if negated {
                return Err(QueryError {
                    position: start + 1,
                    message: format!(
                        "a filter cannot be excluded: remove the `-` before `{name}:`"
                    ),
                });
            }
            let value_start = start + name.chars().count() + 1;
            let (value, _, value_end) =
                if value.is_empty() && index < chars.len() && chars[index] == '"' {
                    read_token(&chars, index)?
                } else {
                    (value.to_string(), false, index)
                };
            index = value_end;
            if value.is_empty() {
                return Err(QueryError {
                    position: value_start + 1,
                    message: format!("expected a value after `{name}:`"),
                });
            }
            parsed
                .filters
                .add(&name.to_lowercase(), &value)
                .map_err(|message| QueryError {
                    position: start + 1,
                    message,
                })?;
            continue;
        }
        if text.trim().is_empty() {
            return Err(QueryError {
                position: start + 1,
                message: "expected words between the quotes".to_string(),
            });
        }
        parsed.terms.push(QueryTerm {
            text,
            phrase,
            negated,
        });
    }
    Ok(parsed)
}

/// Reads a word or a quoted phrase starting at `index`: (text, quoted, next index).
fn read_token(chars: &[char], index: usize) -> Result<(String, bool, usize), QueryError> {
    if chars[index] == '"' {
        let Some(close) = chars[index + 1..].iter().position(|&c| c == '"') else {
            return Err(QueryError {
                position: index + 1,
                message: "this quote is never closed; expected a closing `\"`".to_string(),
            });
        };
        let text: String = chars[index + 1..index + 1 + close].iter().collect();
        return Ok((text, true, index + close + 2));
    }
    let mut end = index;
    while end < chars.len() && !chars[end].is_whitespace() {
        if chars[end] == '"' && end > index {
            break;
        }
        end += 1;
    }
    Ok((chars[index..end].iter().collect(), false, end))
}

/// The best line of a document for some words: the line (1-based, in `text`) holding the
/// most of them, with the byte ranges of the matches in that line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    /// Line number in the text.
    pub line: u32,
    /// The line, shortened around the first match.
    pub text: String,
    /// Byte ranges of matched words in `text`.
    pub matches: Vec<(usize, usize)>,
}

/// Finds the snippet for `words` (folded, stems or parts) in `text`, skipping the first
/// `skip_lines` lines (front matter). `None` when no line matches.
pub fn snippet(text: &str, words: &[String], skip_lines: usize, width: usize) -> Option<Snippet> {
    let mut best: Option<(usize, usize)> = None;
    for (index, line) in text.lines().enumerate().skip(skip_lines) {
        let folded = fold(line);
        let found = words
            .iter()
            .filter(|w| !w.is_empty() && folded.contains(w.as_str()))
            .count();
        if found > 0 && best.is_none_or(|(_, count)| found > count) {
            best = Some((index, found));
        }
    }
    let (index, _) = best?;
    let line = text.lines().nth(index)?.trim();
    let chars: Vec<char> = line.chars().collect();
    let folded_chars: Vec<String> = chars.iter().map(|c| fold(&c.to_string())).collect();
    // Positions (in chars) of matches, using the folded form char by char.
    let mut folded = String::new();
    let mut owner = Vec::new();
    for (position, part) in folded_chars.iter().enumerate() {
        for _ in 0..part.len() {
            owner.push(position);
        }
        folded.push_str(part);
    }
    let mut char_matches: Vec<(usize, usize)> = Vec::new();
    for word in words.iter().filter(|w| !w.is_empty()) {
        for (at, _) in folded.match_indices(word.as_str()) {
            let first = owner[at];
            let last = owner[at + word.len() - 1];
            char_matches.push((first, last + 1));
        }
    }
    char_matches.sort();
    let first = char_matches.first().map_or(0, |m| m.0);
    let start = if chars.len() > width && first > width / 3 {
        first - width / 3
    } else {
        0
    };
    let end = (start + width).min(chars.len());
    let mut shown = String::new();
    let mut byte_of = Vec::with_capacity(end - start + 1);
    if start > 0 {
        shown.push('…');
    }
    for ch in &chars[start..end] {
        byte_of.push(shown.len());
        shown.push(*ch);
    }
    byte_of.push(shown.len());
    if end < chars.len() {
        shown.push('…');
    }
    let matches = char_matches
        .into_iter()
        .filter(|(a, b)| *a >= start && *b <= end)
        .map(|(a, b)| (byte_of[a - start], byte_of[b - start]))
        .collect();
    Some(Snippet {
        line: index as u32 + 1,
        text: shown,
        matches,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_org_and_date_messages() {
        let query = parse("type:org kovacs").unwrap();
        assert_eq!(query.filters.doc_types, [DocType::Organisation]);
        let err = parse("since:gisteren").unwrap_err();
        assert_eq!(
            err.message.matches("write YYYY").count(),
            1,
            "{}",
            err.message
        );
        let err = parse("since:2022-13").unwrap_err();
        assert!(
            err.message.ends_with("(write YYYY-MM-DD, YYYY-MM or YYYY)"),
            "{}",
            err.message
        );
    }

    #[test]
    fn an_argument_of_plain_words_is_a_phrase() {
        assert_eq!(argument_text("kovacs"), "kovacs");
        assert_eq!(argument_text(" wie doet wat "), "\"wie doet wat\"");
        assert_eq!(argument_text("kovacs -rotterdam"), "kovacs -rotterdam");
        assert_eq!(argument_text("type:meeting kovacs"), "type:meeting kovacs");
        assert_eq!(argument_text("\"wie doet\" wat"), "\"wie doet\" wat");
        // Malformed as query text: kept as written, so the error shows its position.
        assert_eq!(argument_text("\"open quote"), "\"open quote");
    }

    #[test]
    fn words_phrases_exclusions_and_filters() {
        let query = parse(
            r#"kovacs "wie doet wat" -zwolle type:meeting since:2022-01 tag:"kabels en leidingen""#,
        )
        .unwrap();
        assert_eq!(query.terms.len(), 3);
        assert!(query.terms[1].phrase);
        assert!(query.terms[2].negated);
        assert_eq!(query.filters.doc_types, [DocType::Meeting]);
        assert_eq!(query.filters.since.unwrap().to_string(), "2022-01");
        assert_eq!(query.filters.tags, ["kabels en leidingen"]);
    }

    #[test]
    fn malformed_queries_say_where() {
        let err = parse(r#"kovacs "wie doet"#).unwrap_err();
        assert_eq!(err.position, 8);
        assert!(err.message.contains("never closed"));
        let err = parse("x soort:meeting").unwrap_err();
        assert_eq!(err.position, 3);
        assert!(err.message.starts_with("unknown filter `soort:`"));
        let err = parse("since:2022-13").unwrap_err();
        assert!(
            err.message.contains("there is no month 13"),
            "{}",
            err.message
        );
        let err = parse("type:").unwrap_err();
        assert_eq!(err.message, "expected a value after `type:`");
        assert!(parse("type:memo").is_err());
    }

    #[test]
    fn colons_in_words_are_words() {
        let query = parse("10:30 a:b:c").unwrap_err();
        assert!(query.message.contains("unknown filter `a:`"));
        let query = parse("10:30").unwrap();
        assert_eq!(query.terms[0].text, "10:30");
    }

    #[test]
    fn snippets_pick_the_best_line() {
        let text = "---\ntitle: x\n---\nEerste regel over data.\nWil Kovács en data samen.\n";
        let snippet = snippet(text, &["kovacs".into(), "data".into()], 3, 80).unwrap();
        assert_eq!(snippet.line, 5);
        assert_eq!(snippet.text, "Wil Kovács en data samen.");
        assert_eq!(
            &snippet.text[snippet.matches[0].0..snippet.matches[0].1],
            "Kovács"
        );
        assert_eq!(
            &snippet.text[snippet.matches[1].0..snippet.matches[1].1],
            "data"
        );
    }

    proptest::proptest! {
        #[test]
        fn parse_never_panics(query in "[-a-z\": 0-9é]{0,40}") {
            let _ = parse(&query);
        }

        #[test]
        fn snippet_never_panics(text in "[a-zé\n ]{0,80}", word in "[a-z]{1,4}") {
            let _ = snippet(&text, &[word], 0, 20);
        }
    }
}

//! Text helpers shared by every layer: folding for comparison and slugs for ids.
//!
//! Users type "kovacs" and mean "Kovács"; ids are ASCII slugs made from titles. Both need
//! the same notion of "the same letters", which lives here.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Folds text for comparison: Unicode-decomposed, combining marks dropped, lower case.
///
/// `fold("Kovács") == "kovacs"`; `fold("ĲSSEL") == "ijssel"`.
pub fn fold(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    let mut folded = String::with_capacity(text.len());
    for ch in text.nfkd() {
        if is_combining_mark(ch) {
            continue;
        }
        folded.extend(ch.to_lowercase());
    }
    folded
}

/// Turns a title into an id: folded, every run of other characters a single hyphen.
///
/// `slugify("Overleg Koplopergemeenten 29-11") == "overleg-koplopergemeenten-29-11"`.
/// Returns an empty string when the title holds no letter or digit.
pub fn slugify(title: &str) -> String {
    let mut slug = String::with_capacity(title.len());
    let mut pending_hyphen = false;
    for ch in fold(title).chars() {
        if ch.is_ascii_alphanumeric() {
            if pending_hyphen && !slug.is_empty() {
                slug.push('-');
            }
            pending_hyphen = false;
            slug.push(ch);
        } else {
            pending_hyphen = true;
        }
    }
    slug
}

/// True when `text` is a valid id: `[a-z0-9]` followed by `[a-z0-9-]*`.
pub fn is_id(text: &str) -> bool {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) if first.is_ascii_lowercase() || first.is_ascii_digit() => {}
        _ => return false,
    }
    chars.all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-')
}

/// Line number (1-based) of byte `offset` in a text whose line starts are `line_starts`.
pub fn line_at(line_starts: &[usize], offset: usize) -> u32 {
    let index = line_starts.partition_point(|&start| start <= offset);
    index.max(1) as u32
}

/// Byte offsets where each line of `text` starts (always begins with 0).
pub fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(index, _)| index + 1))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_drops_diacritics_and_case() {
        assert_eq!(fold("Kovács"), "kovacs");
        assert_eq!(fold("Boonsma"), "boonsma");
        assert_eq!(fold("Casuïstiek"), "casuistiek");
        assert_eq!(fold("ÉÉN"), "een");
    }

    #[test]
    fn slugify_makes_ids() {
        assert_eq!(slugify("Wil Kovács"), "wil-kovacs");
        assert_eq!(
            slugify("  Overleg: Koplopers (2022) "),
            "overleg-koplopers-2022"
        );
        assert_eq!(slugify("../../etc/passwd"), "etc-passwd");
        assert_eq!(slugify("€ !"), "");
    }

    #[test]
    fn is_id_accepts_slugs_only() {
        assert!(is_id("wil-kovacs"));
        assert!(is_id("2022-11-29-overleg"));
        assert!(!is_id("Wil"));
        assert!(!is_id("-x"));
        assert!(!is_id(""));
        assert!(!is_id("a b"));
    }

    #[test]
    fn line_at_counts_from_one() {
        let starts = line_starts("a\nbc\n\nd");
        assert_eq!(line_at(&starts, 0), 1);
        assert_eq!(line_at(&starts, 2), 2);
        assert_eq!(line_at(&starts, 5), 3);
        assert_eq!(line_at(&starts, 6), 4);
    }
}

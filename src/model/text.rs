//! Text helpers shared by every layer: folding for comparison and slugs for ids.
//!
//! Users type "kovacs" and mean "Kovács"; ids are ASCII slugs made from titles. Both need
//! the same notion of "the same letters", which lives here.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Folds text for comparison: Unicode-decomposed, combining marks dropped, letters that
/// have no decomposition spelled in ASCII (as search folds them), lower case.
///
/// `fold("Kovács") == "kovacs"`; `fold("ĲSSEL") == "ijssel"`; `fold("Yıldız") == "yildiz"`.
pub fn fold(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    let mut folded = String::with_capacity(text.len());
    for ch in text.nfkd() {
        if is_combining_mark(ch) {
            continue;
        }
        if ch.is_ascii() {
            folded.push(ch.to_ascii_lowercase());
            continue;
        }
        // ß, ø, ł, ı, æ: letters of their own that Unicode does not decompose.
        match deunicode::deunicode_char(ch) {
            Some(ascii) if ch.is_alphabetic() && !ascii.is_empty() => {
                folded.push_str(&ascii.to_ascii_lowercase());
            }
            _ => folded.extend(ch.to_lowercase()),
        }
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

/// True for a character a terminal acts on instead of showing: the C0 controls except
/// tab, line feed and carriage return, DEL, and the C1 controls (U+0080 to U+009F, which
/// some terminals read as escapes too).
pub fn is_terminal_control(ch: char) -> bool {
    matches!(ch, '\0'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{7f}'..='\u{9f}')
}

/// False when `bytes` (UTF-8) surely holds no [`is_terminal_control`] character: such a
/// character is a byte below space, DEL, or starts with 0xC2 (U+0080 to U+00BF). A
/// branch-free test per byte, folded over blocks, which the compiler turns into vector
/// compares: nearly every file is clean, and this runs on every file kb parses.
fn may_hold_terminal_controls(bytes: &[u8]) -> bool {
    let suspect = |byte: u8| {
        ((byte < b' ') & (byte != b'\t') & (byte != b'\n') & (byte != b'\r'))
            | (byte == 0x7f)
            | (byte == 0xc2)
    };
    bytes.chunks(64).any(|block| {
        block
            .iter()
            .fold(false, |found, &byte| found | suspect(byte))
    })
}

/// Where `text` holds characters a terminal acts on ([`is_terminal_control`]): for each
/// line that has one, its line number (1-based), the column (1-based, in characters) and
/// the character of the first.
pub fn terminal_controls(text: &str) -> Vec<(u32, u32, char)> {
    if !may_hold_terminal_controls(text.as_bytes()) {
        return Vec::new();
    }
    text.split('\n')
        .enumerate()
        .filter_map(|(index, line)| {
            let (column, ch) = line
                .chars()
                .enumerate()
                .find(|(_, ch)| is_terminal_control(*ch))?;
            Some((index as u32 + 1, column as u32 + 1, ch))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_controls_by_line_and_column() {
        assert_eq!(terminal_controls("gewoon\ttekst\r\nmet é en €\n"), []);
        assert_eq!(
            terminal_controls("a\nbé\u{1b}[2J\u{7}\nc\u{7f}\n\u{9b}31m\u{a0}"),
            [(2, 3, '\u{1b}'), (3, 2, '\u{7f}'), (4, 1, '\u{9b}')]
        );
        assert!(!is_terminal_control('\u{a0}'));
        assert!(is_terminal_control('\u{0}'));
    }

    #[test]
    fn fold_drops_diacritics_and_case() {
        assert_eq!(fold("Kovács"), "kovacs");
        assert_eq!(fold("Boonsma"), "boonsma");
        assert_eq!(fold("Casuïstiek"), "casuistiek");
        assert_eq!(fold("ÉÉN"), "een");
        // Letters Unicode does not decompose.
        assert_eq!(fold("Ayşe Yıldız"), "ayse yildiz");
        assert_eq!(fold("Łukasz Wąsowski"), "lukasz wasowski");
        assert_eq!(
            fold("Straße, Øresund, Æbeltoft"),
            "strasse, oresund, aebeltoft"
        );
        // Other characters stay as they were.
        assert_eq!(fold("€ 50 – “x”"), "€ 50 – “x”");
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
        assert_eq!(slugify("Ayşe Yıldız"), "ayse-yildiz");
        assert_eq!(slugify("Straße"), "strasse");
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

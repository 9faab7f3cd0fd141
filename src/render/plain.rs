//! Output cleaned of the control characters a terminal would act on.

use std::borrow::Cow;
use std::io::{self, Write};

use crate::model::text::is_terminal_control;

/// `text` without the characters a terminal would act on ([`is_terminal_control`]): for
/// document text in messages on stderr, which no [`ControlFree`] stands in front of.
pub fn clean(text: &str) -> Cow<'_, str> {
    if text.chars().any(is_terminal_control) {
        Cow::Owned(
            text.chars()
                .filter(|ch| !is_terminal_control(*ch))
                .collect(),
        )
    } else {
        Cow::Borrowed(text)
    }
}

/// Passes bytes on to `W` without the control characters a terminal would act on: all
/// below space but tab, line feed and carriage return, DEL, and the C1 controls (U+0080
/// to U+009F). A title in a document must not move the cursor, clear the screen, set the
/// window title or write the clipboard of whoever reads kb's output.
///
/// [`ControlFree::new`] drops colour sequences (SGR: `ESC [` digits and `;` `m`) whole, as
/// they hold no text (the table library closes a line that has one with `ESC [0m`), and
/// the escape of any other sequence; [`ControlFree::keeping_colour`] lets colour through,
/// which is all kb's own styles write, and drops the escape of any other sequence. A sequence split between two writes is held
/// until the next; [`Write::flush`] settles what is held.
pub struct ControlFree<W: Write> {
    inner: W,
    keep_colour: bool,
    /// The start of a sequence whose end has not been seen yet: `ESC`, `ESC [` and
    /// parameters, or the first byte of a two-byte character that may be a C1 control.
    held: Vec<u8>,
}

/// An SGR sequence longer than this is no style of kb's: its escape is dropped.
const MAX_SGR: usize = 32;

const ESC: u8 = 0x1b;
/// The first byte of U+0080 to U+00BF in UTF-8 (C1 controls are U+0080 to U+009F).
const C1_LEAD: u8 = 0xc2;

impl<W: Write> ControlFree<W> {
    /// Wraps `inner`, dropping every control character and colour sequence (no colour).
    pub fn new(inner: W) -> ControlFree<W> {
        ControlFree {
            inner,
            keep_colour: false,
            held: Vec::new(),
        }
    }

    /// Wraps `inner`, letting colour sequences through.
    pub fn keeping_colour(inner: W) -> ControlFree<W> {
        ControlFree {
            keep_colour: true,
            ..ControlFree::new(inner)
        }
    }

    /// Takes `byte` after the held bytes; returns whether `byte` is used up (else it is
    /// to be read again as the start of something new).
    fn continue_held(&mut self, byte: u8) -> io::Result<bool> {
        match self.held.as_slice() {
            [C1_LEAD] => {
                self.held.clear();
                if (0x80..=0x9f).contains(&byte) {
                    return Ok(true);
                }
                self.inner.write_all(&[C1_LEAD])?;
                Ok(false)
            }
            [ESC] if byte == b'[' => {
                self.held.push(byte);
                Ok(true)
            }
            [ESC, b'[', ..]
                if (byte.is_ascii_digit() || byte == b';') && self.held.len() < MAX_SGR =>
            {
                self.held.push(byte);
                Ok(true)
            }
            [ESC, b'[', ..] if byte == b'm' => {
                if self.keep_colour {
                    self.held.push(byte);
                    self.inner.write_all(&self.held)?;
                }
                self.held.clear();
                Ok(true)
            }
            _ => {
                // Not a colour: the escape goes, what followed it is shown as text.
                self.settle()?;
                Ok(false)
            }
        }
    }

    /// Writes what is held, as the start of no sequence: without its escape.
    fn settle(&mut self) -> io::Result<()> {
        let held = std::mem::take(&mut self.held);
        match held.as_slice() {
            [ESC, rest @ ..] => self.inner.write_all(rest)?,
            other => self.inner.write_all(other)?,
        }
        Ok(())
    }
}

/// A byte a terminal would act on, or that may start something it would act on.
fn needs_a_look(byte: u8) -> bool {
    (byte < b' ' && !matches!(byte, b'\t' | b'\n' | b'\r')) || byte == 0x7f || byte == C1_LEAD
}

impl<W: Write> Write for ControlFree<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut at = 0;
        while at < buf.len() {
            if !self.held.is_empty() {
                if self.continue_held(buf[at])? {
                    at += 1;
                }
                continue;
            }
            // Clean text goes out in one write.
            let clean = buf[at..]
                .iter()
                .position(|&byte| needs_a_look(byte))
                .unwrap_or(buf.len() - at);
            self.inner.write_all(&buf[at..at + clean])?;
            at += clean;
            if let Some(&byte) = buf.get(at) {
                if byte == C1_LEAD || byte == ESC {
                    self.held.push(byte);
                }
                at += 1;
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.settle()?;
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn cleaned(keep_colour: bool, parts: &[&[u8]]) -> String {
        let mut out = if keep_colour {
            ControlFree::keeping_colour(Vec::new())
        } else {
            ControlFree::new(Vec::new())
        };
        for part in parts {
            out.write_all(part).unwrap();
        }
        out.flush().unwrap();
        String::from_utf8(out.inner).unwrap()
    }

    #[test]
    fn clean_text_for_messages() {
        assert!(matches!(clean("Kovács § \t"), Cow::Borrowed(_)));
        assert_eq!(clean("a\u{1b}]0;x\u{7}b\u{9b}c"), "a]0;xbc");
    }

    #[test]
    fn drops_control_characters_only() {
        let text = "a\u{1b}[2Jb\u{7}\tc\r\nd\u{7f}é\u{0}\u{9b}2J\u{a0}§";
        assert_eq!(
            cleaned(false, &[text.as_bytes()]),
            "a[2Jb\tc\r\ndé2J\u{a0}§"
        );
        // A colour sequence holds no text: it goes whole.
        assert_eq!(cleaned(false, &["\u{1b}[1mvet\u{1b}[0m".as_bytes()]), "vet");
    }

    #[test]
    fn keeps_colour_and_nothing_else() {
        let text =
            "\u{1b}[1m\u{1b}[31moverdue\u{1b}[0m \u{1b}[2J\u{1b}]0;titel\u{7}\u{1b}[38;5;9mx\u{1b}";
        assert_eq!(
            cleaned(true, &[text.as_bytes()]),
            "\u{1b}[1m\u{1b}[31moverdue\u{1b}[0m [2J]0;titel\u{1b}[38;5;9mx"
        );
        // A run of parameters too long for a style of kb's.
        let long = format!("\u{1b}[{}m", "1;".repeat(20));
        assert_eq!(cleaned(true, &[long.as_bytes()]), &long[1..]);
    }

    #[test]
    fn sequences_split_between_writes() {
        let text = "é\u{1b}[31mrood\u{1b}[0m\u{9b}1m\u{1b}[2J";
        let whole = cleaned(true, &[text.as_bytes()]);
        assert_eq!(whole, "é\u{1b}[31mrood\u{1b}[0m1m[2J");
        let bytes = text.as_bytes();
        for cut in 0..=bytes.len() {
            assert_eq!(
                cleaned(true, &[&bytes[..cut], &bytes[cut..]]),
                whole,
                "cut {cut}"
            );
            assert_eq!(
                cleaned(false, &[&bytes[..cut], &bytes[cut..]]),
                cleaned(false, &[bytes]),
                "cut {cut}"
            );
        }
    }

    /// `text` without its SGR sequences.
    fn strip_colour(text: &str) -> String {
        let mut out = String::new();
        let mut rest = text;
        while let Some(at) = rest.find("\u{1b}[") {
            out.push_str(&rest[..at]);
            let params = rest[at + 2..]
                .find(|ch: char| !(ch.is_ascii_digit() || ch == ';'))
                .map(|len| at + 2 + len);
            match params {
                Some(end) if rest[end..].starts_with('m') => rest = &rest[end + 1..],
                _ => {
                    out.push('\u{1b}');
                    rest = &rest[at + 1..];
                }
            }
        }
        out.push_str(rest);
        out
    }

    proptest! {
        /// Whatever goes in, no control character comes out but colour, and valid UTF-8
        /// stays valid UTF-8, however it is cut into writes.
        #[test]
        fn nothing_a_terminal_acts_on_comes_out(
            text in "[a-z é\u{1b}\\[\\];0-9m\u{7}\u{9b}\u{85}\u{a0}\t\n]{0,60}",
            cut in 0usize..64,
            keep_colour: bool,
        ) {
            let bytes = text.as_bytes();
            let cut = cut.min(bytes.len());
            let out = cleaned(keep_colour, &[&bytes[..cut], &bytes[cut..]]);
            let without_colour = if keep_colour { strip_colour(&out) } else { out.clone() };
            prop_assert!(
                !without_colour.chars().any(crate::model::text::is_terminal_control),
                "{:?} gave {:?}", text, out
            );
        }
    }
}

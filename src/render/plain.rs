//! Output without colour, cleaned of control characters.

use std::io::{self, Write};

/// Passes bytes on to `W` without the control characters a terminal would act on (all
/// below space but tab, line feed and carriage return, and DEL): a title in a document
/// must not move the cursor or clear the screen of whoever reads kb's output. Used where
/// no colour is written, so kb's own styles are never among them.
pub struct ControlFree<W> {
    inner: W,
}

impl<W: Write> ControlFree<W> {
    /// Wraps `inner`.
    pub fn new(inner: W) -> ControlFree<W> {
        ControlFree { inner }
    }
}

/// A byte a terminal would act on.
fn is_control(byte: u8) -> bool {
    (byte < b' ' && !matches!(byte, b'\t' | b'\n' | b'\r')) || byte == 0x7f
}

impl<W: Write> Write for ControlFree<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut start = 0;
        for (at, &byte) in buf.iter().enumerate() {
            if is_control(byte) {
                self.inner.write_all(&buf[start..at])?;
                start = at + 1;
            }
        }
        self.inner.write_all(&buf[start..])?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_control_characters_only() {
        let mut out = ControlFree::new(Vec::new());
        out.write_all("a\u{1b}[2Jb\u{7}\tc\r\nd\u{7f}é\u{0}".as_bytes())
            .unwrap();
        assert_eq!(String::from_utf8(out.inner).unwrap(), "a[2Jb\tc\r\ndé");
    }
}

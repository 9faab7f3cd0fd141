//! Splitting a file into its YAML front matter and its Markdown body.
//!
//! Done by hand rather than with pulldown-cmark's metadata blocks, which would also take a
//! `---` block in the middle of a body for front matter.

/// A file cut in two.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split<'a> {
    /// The YAML between the fences, when the file opens with `---`.
    pub yaml: Option<&'a str>,
    /// File line of the YAML's first line (2 when the file opens with the fence).
    pub yaml_first_line: u32,
    /// The Markdown after the closing fence (the whole text without front matter).
    pub body: &'a str,
    /// File line of the body's first line.
    pub body_first_line: u32,
}

/// The opening `---` has no closing `---`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unclosed;

/// Splits `text`. The first line must be exactly `---` (trailing spaces and `\r` allowed);
/// the front matter ends at the next line that is exactly `---` or `...`.
pub fn split(text: &str) -> Result<Split<'_>, Unclosed> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let no_front_matter = Split {
        yaml: None,
        yaml_first_line: 0,
        body: text,
        body_first_line: 1,
    };
    let Some((first, rest)) = text.split_once('\n') else {
        return Ok(no_front_matter);
    };
    if first.trim_end() != "---" {
        return Ok(no_front_matter);
    }
    let yaml_start = first.len() + 1;
    let mut offset = yaml_start;
    for (line, raw) in (2u32..).zip(rest.split_inclusive('\n')) {
        let content = raw.trim_end_matches(['\n', '\r']).trim_end();
        if content == "---" || content == "..." {
            return Ok(Split {
                yaml: Some(&text[yaml_start..offset]),
                yaml_first_line: 2,
                body: &text[offset + raw.len()..],
                body_first_line: line + 1,
            });
        }
        offset += raw.len();
    }
    Err(Unclosed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter() {
        let split = split("---\ntype: note\n---\n# Hi\n").unwrap();
        assert_eq!(split.yaml, Some("type: note\n"));
        assert_eq!(split.body, "# Hi\n");
        assert_eq!(split.body_first_line, 4);
    }

    #[test]
    fn no_front_matter_without_opening_fence() {
        let split = split("# Title\n---\nx: 1\n---\n").unwrap();
        assert_eq!(split.yaml, None);
        assert_eq!(split.body_first_line, 1);
    }

    #[test]
    fn accepts_bom_crlf_and_dots() {
        let split = split("\u{feff}---\r\ntype: note\r\n...\r\nbody").unwrap();
        assert_eq!(split.yaml, Some("type: note\r\n"));
        assert_eq!(split.body, "body");
    }

    #[test]
    fn empty_front_matter() {
        let split = split("---\n---\n").unwrap();
        assert_eq!(split.yaml, Some(""));
        assert_eq!(split.body, "");
    }

    #[test]
    fn unclosed() {
        assert_eq!(split("---\ntype: note\n"), Err(Unclosed));
    }

    proptest::proptest! {
        #[test]
        fn never_panics_and_body_is_a_suffix(text in "(---\n)?[-a-z: \n.]{0,60}") {
            if let Ok(split) = split(&text) {
                proptest::prop_assert!(text.ends_with(split.body));
            }
        }
    }
}

//! Parsing: one file's bytes into a [`Document`] and the findings on the way.
//!
//! Pure functions: the caller reads the file; nothing here touches the file system.

mod body;
mod fields;
pub mod frontmatter;
mod plain_yaml;

use crate::model::text::terminal_controls;
use crate::model::{Code, Document, Finding};

/// What one file yields.
#[derive(Debug, Clone)]
pub struct ParsedFile {
    /// Path relative to the base root, `/` separators.
    pub path: String,
    /// The id the file claims, even when the document itself could not be read (so that
    /// references to a broken file do not pile up as unresolved).
    pub id: Option<String>,
    /// Line of `id:`, or 0 when the id comes from the file name.
    pub id_line: u32,
    /// The document, when its front matter could be read.
    pub doc: Option<Document>,
    /// Problems found while parsing.
    pub findings: Vec<Finding>,
}

impl ParsedFile {
    /// A file that could not be read at all.
    pub fn failed(path: &str, finding: Finding) -> ParsedFile {
        ParsedFile {
            path: path.to_string(),
            id: None,
            id_line: 0,
            doc: None,
            findings: vec![finding],
        }
    }
}

/// True for `README.md` in any case: such files may go without front matter.
fn is_readme(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.eq_ignore_ascii_case("readme.md")
}

/// The file name without `.md`.
fn stem(path: &str) -> &str {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.strip_suffix(".md").unwrap_or(name)
}

/// Parses one file. `path` is relative to the base root and is used in findings.
pub fn parse_file(path: &str, content: &[u8]) -> ParsedFile {
    match std::str::from_utf8(content) {
        Ok(text) => {
            let mut parsed = parse_text(path, text);
            parsed.findings.extend(control_characters(path, text));
            parsed
        }
        Err(err) => {
            let valid = &content[..err.valid_up_to()];
            let line = valid.iter().filter(|&&b| b == b'\n').count() as u32 + 1;
            ParsedFile {
                path: path.to_string(),
                id: None,
                id_line: 0,
                doc: None,
                findings: vec![
                    Finding::new(Code::NotUtf8, path, line, "the file is not valid UTF-8")
                        .with_help("save the file as UTF-8"),
                ],
            }
        }
    }
}

/// A finding for the first line of `text` that holds a character a terminal acts on (an
/// escape pasted from a terminal, a bell), counting the other lines that hold one.
fn control_characters(path: &str, text: &str) -> Option<Finding> {
    let lines = terminal_controls(text);
    let &(line, column, ch) = lines.first()?;
    let more = match lines.len() - 1 {
        0 => String::new(),
        1 => " (and on 1 more line)".to_string(),
        n => format!(" (and on {n} more lines)"),
    };
    Some(
        Finding::new(
            Code::ControlCharacter,
            path,
            line,
            format!(
                "control character U+{:04X}, which a terminal acts on instead of showing{more}",
                u32::from(ch)
            ),
        )
        .at_column(column)
        .with_help("remove it; kb leaves such characters out of what it prints"),
    )
}

/// Parses the text of one file (valid UTF-8).
fn parse_text(path: &str, text: &str) -> ParsedFile {
    let mut parsed = ParsedFile {
        path: path.to_string(),
        id: None,
        id_line: 0,
        doc: None,
        findings: Vec::new(),
    };
    if text.trim().is_empty() {
        parsed.findings.push(
            Finding::new(Code::EmptyFile, path, 0, "the file is empty")
                .with_help("delete it, or start it with front matter (`kb new` writes one)"),
        );
        return parsed;
    }
    let split = match frontmatter::split(text) {
        Ok(split) => split,
        Err(frontmatter::Unclosed) => {
            parsed.id = Some(stem(path).to_string());
            parsed.findings.push(
                Finding::new(
                    Code::UnclosedFrontMatter,
                    path,
                    1,
                    "front matter opened with `---` is never closed",
                )
                .with_help("end the front matter with a line that is exactly `---`"),
            );
            return parsed;
        }
    };
    let Some(yaml) = split.yaml else {
        if !is_readme(path) {
            parsed.findings.push(
                Finding::new(
                    Code::MissingFrontMatter,
                    path,
                    1,
                    "the file has no front matter, so it is not a document",
                )
                .with_help("start it with `---`, `type: note`, `title: ...`, `---`"),
            );
        }
        return parsed;
    };
    let reader = match fields::FieldReader::new(path, yaml, split.yaml_first_line) {
        Ok(reader) => reader,
        Err(finding) => {
            parsed.id = Some(stem(path).to_string());
            parsed.findings.push(finding);
            return parsed;
        }
    };
    let (head, findings) = reader.read(stem(path));
    parsed.id = Some(head.id);
    parsed.id_line = head.id_line;
    parsed.findings = findings;
    if let Some(mut doc) = head.doc {
        let scanned = body::scan(path, split.body, split.body_first_line);
        doc.body = scanned.body;
        doc.references.extend(scanned.references);
        parsed.findings.extend(scanned.findings);
        parsed.doc = Some(doc);
    }
    parsed
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::*;

    /// Each reference of a document: its target and line.
    fn targets_and_lines(doc: &Document) -> Vec<(&str, u32)> {
        doc.references
            .iter()
            .map(|r| (r.target.as_str(), r.line))
            .collect()
    }

    fn codes(parsed: &ParsedFile) -> Vec<(Code, u32)> {
        parsed.findings.iter().map(|f| (f.code, f.line)).collect()
    }

    #[test]
    fn a_meeting() {
        let parsed = parse_file(
            "meetings/m.md",
            "---\ntype: meeting\ntitle: Overleg\ndate: 2022-11-29\nattendees:\n  - person: wil-kovacs\n    mode: online\n  - edith-boonsma\n---\n\n- [ ] Actie @edith-boonsma 📅 2023-03-01\n".as_bytes(),
        );
        assert_eq!(codes(&parsed), []);
        let doc = parsed.doc.unwrap();
        assert_eq!(doc.id, "m");
        assert_eq!(doc.doc_type, DocType::Meeting);
        let Details::Meeting(meeting) = &doc.details else {
            panic!()
        };
        assert_eq!(meeting.attendees.len(), 2);
        assert_eq!(meeting.attendees[0].mode, Some(AttendanceMode::Online));
        assert_eq!(meeting.attendees[0].line, 6);
        assert_eq!(meeting.attendees[1].line, 8);
        assert_eq!(doc.body.actions[0].line, 11);
        let refs = targets_and_lines(&doc);
        assert_eq!(
            refs,
            [
                ("wil-kovacs", 6),
                ("edith-boonsma", 8),
                ("edith-boonsma", 11)
            ]
        );
    }

    #[test]
    fn a_value_found_in_its_keys_name_still_gets_its_own_line() {
        // `a` and `e` are letters of `attendees`: the key's name is no value of it.
        let parsed = parse_file(
            "meetings/m.md",
            "---\ntype: meeting\ntitle: M\ndate: 2023-01-01\nattendees:\n  - person: a\n    mode: online\n  - e\n---\n".as_bytes(),
        );
        let doc = parsed.doc.unwrap();
        assert_eq!(targets_and_lines(&doc), [("a", 6), ("e", 8)]);
        // In a flow list on the key's line, the values stand on that line.
        let parsed = parse_file(
            "meetings/m.md",
            "---\ntype: meeting\ntitle: M\ndate: 2023-01-01\nattendees: [a, e]\n---\n".as_bytes(),
        );
        let doc = parsed.doc.unwrap();
        assert_eq!(targets_and_lines(&doc), [("a", 5), ("e", 5)]);
    }

    #[test]
    fn values_are_found_at_their_lines_however_they_are_written() {
        let parsed = parse_file(
            "meetings/m.md",
            concat!(
                "---\ntype: meeting\ntitle: M\ndate: 2023-01-01\nattendees:\n",
                // 6: a comment naming the next attendee is not its line.
                "  # x1 zit voor\n",
                "  - x1\n",
                "  - \"Zoë Çelik\"\n",
                "  - {person: x2, on-behalf-of: gemeente-oost}\n",
                // Two values alike in their first 24 characters.
                "  - een-heel-lange-naam-van-iemand-een\n",
                "  - een-heel-lange-naam-van-iemand-twee\n",
                "---\n"
            )
            .as_bytes(),
        );
        let doc = parsed.doc.unwrap();
        assert_eq!(
            targets_and_lines(&doc),
            [
                ("x1", 7),
                ("Zoë Çelik", 8),
                ("x2", 9),
                ("gemeente-oost", 9),
                ("een-heel-lange-naam-van-iemand-een", 10),
                ("een-heel-lange-naam-van-iemand-twee", 11),
            ]
        );
    }

    #[test]
    fn an_item_with_a_bad_field_still_has_its_references_checked() {
        let parsed = parse_file(
            "plans/p.md",
            "---\ntype: plan\ntitle: P\nactivities:\n  - title: Eerste\n    responsible: [piet-x, vrije tekst]\n    start: 2023-13\n  - {title: Tweede, responsible: jan-y}\npartners:\n  - org: org-z\n    contact: kees-q\n    role: [1, 2]\n---\n".as_bytes(),
        );
        let doc = parsed.doc.as_ref().expect("a plan");
        let Details::Plan(plan) = &doc.details else {
            panic!()
        };
        // The readable activity is read; each unreadable item is one finding.
        assert_eq!(plan.activities.len(), 1);
        assert_eq!(plan.partners.len(), 0);
        assert_eq!(parsed.findings.len(), 2, "{:?}", parsed.findings);
        let refs = targets_and_lines(doc);
        // Ids only where the readers take ids only: "vrije tekst" is no reference.
        assert_eq!(
            refs,
            [("piet-x", 6), ("jan-y", 8), ("org-z", 10), ("kees-q", 11)]
        );
    }

    #[test]
    fn a_number_beyond_64_bits_is_an_invalid_field_not_a_syntax_error() {
        let parsed = parse_file(
            "plans/h.md",
            b"---\ntype: plan\ntitle: H\nbudget:\n  - {item: a, amount: 99999999999999999999}\n---\n",
        );
        assert_eq!(codes(&parsed), [(Code::InvalidField, 5)]);
        assert_eq!(
            parsed.findings[0].message,
            "`99999999999999999999` is too large a number for kb to read (the front matter is skipped)"
        );
    }

    #[test]
    fn an_empty_type_or_meeting_date_is_missing() {
        let parsed = parse_file("n.md", b"---\ntype:\ntitle: Verslag\n---\n");
        assert_eq!(codes(&parsed), [(Code::MissingField, 2)]);
        assert!(parsed.findings[0].message.contains("`type` is empty"));
        let parsed = parse_file("m.md", b"---\ntype: meeting\ntitle: O\ndate:\n---\n");
        assert_eq!(codes(&parsed), [(Code::MissingField, 4)]);
    }

    #[test]
    fn items_that_read_alike_get_their_own_lines() {
        let parsed = parse_file(
            "plans/t.md",
            "---\ntype: plan\ntitle: T\nbudget:\n  - {item: a, amount: 100, period: 2022}\n  - {item: a, amount: 9, per: uur, period: 2023}\n  - {item: b, amount: 200, period: 2022, kind: income}\ntotals:\n  - {period: 2022, amount: 200, kind: income}\n  - {period: 2022, amount: 100}\nactivities: [{title: x}, {title: x}]\n---\n".as_bytes(),
        );
        assert_eq!(codes(&parsed), []);
        let Details::Plan(plan) = &parsed.doc.unwrap().details else {
            panic!()
        };
        let lines = |lines: Vec<u32>| lines;
        assert_eq!(
            lines(plan.budget.iter().map(|l| l.line).collect()),
            [5, 6, 7]
        );
        assert_eq!(lines(plan.totals.iter().map(|t| t.line).collect()), [9, 10]);
        // Items of one flow collection share its line.
        assert_eq!(
            lines(plan.activities.iter().map(|a| a.line).collect()),
            [11, 11]
        );
    }

    #[test]
    fn dutch_thousands_dots_without_quotes_are_invalid_amounts() {
        let parsed = parse_file(
            "plans/b.md",
            "---\ntype: plan\ntitle: B\nsummary: |\n  kosten: 50.000 euro\nbudget:\n  - {item: a, amount: 50.000, period: 2022}\n  - {item: c, amount: \"50.000\", period: 2022}\n  - {item: d, amount: 1.250.000, period: 2022} # 1.000 in a comment\n  - {item: e, amount: 12.5}\ntotals:\n  2022: 100.000\n---\n".as_bytes(),
        );
        let found: Vec<(Code, u32, Option<u32>)> = parsed
            .findings
            .iter()
            .map(|f| (f.code, f.line, f.column))
            .collect();
        assert_eq!(
            found,
            [
                (Code::InvalidAmount, 7, Some(23)),
                (Code::InvalidAmount, 12, Some(9))
            ]
        );
        assert_eq!(
            parsed.findings[0].message,
            "`50.000` without quotes is the decimal number 50 to YAML, not 50000 as in Dutch"
        );
    }

    #[test]
    fn bad_values_are_located() {
        let parsed = parse_file(
            "plans/p.md",
            "---\ntype: plan\ntitle: P\ndate: 2022-13-45\nbudget:\n  - item: a\n    amount: vijftig\n---\n".as_bytes(),
        );
        assert_eq!(
            codes(&parsed),
            [(Code::InvalidDate, 4), (Code::InvalidAmount, 7)]
        );
        assert_eq!(
            parsed.findings[0].message,
            "date: invalid date `2022-13-45`: there is no month 13"
        );
        assert!(parsed.doc.is_some());
    }

    #[test]
    fn a_value_outside_a_fixed_set_names_the_choices() {
        let parsed = parse_file(
            "plans/p.md",
            "---\ntype: plan\ntitle: P\nbudget:\n  - item: a\n    amount: 5\n    vat: inclusief\n---\n".as_bytes(),
        );
        assert_eq!(codes(&parsed), [(Code::InvalidField, 7)]);
        assert_eq!(
            parsed.findings[0].message,
            "budget[0].vat: `inclusief` is not a value kb knows here; write `incl` or `excl`"
        );
    }

    #[test]
    fn yaml_reader_errors_get_a_line_and_column() {
        let parsed = parse_file("n.md", "---\ntype: note\ntitle: é\u{1b}b\n---\n".as_bytes());
        let yaml = &parsed.findings[0];
        assert_eq!(
            (yaml.code, yaml.line, yaml.column),
            (Code::YamlSyntax, 3, Some(9))
        );
        assert_eq!(
            yaml.message,
            "front matter is not valid YAML: control characters are not allowed"
        );
        assert_eq!(parsed.findings[1].code, Code::ControlCharacter);
    }

    #[test]
    fn yaml_errors_shift_to_file_lines() {
        let parsed = parse_file("n.md", b"---\ntype: note\ntitle: [unclosed\n---\n");
        assert_eq!(parsed.findings[0].code, Code::YamlSyntax);
        assert!(parsed.findings[0].line >= 3, "{:?}", parsed.findings[0]);
        assert_eq!(parsed.id.as_deref(), Some("n"));
    }

    #[test]
    fn files_without_front_matter() {
        assert_eq!(
            codes(&parse_file("x.md", b"# Hi\n")),
            [(Code::MissingFrontMatter, 1)]
        );
        assert_eq!(codes(&parse_file("a/README.md", b"# Hi\n")), []);
        assert_eq!(codes(&parse_file("e.md", b"  \n")), [(Code::EmptyFile, 0)]);
        assert_eq!(
            codes(&parse_file("u.md", b"---\ntype: note\n")),
            [(Code::UnclosedFrontMatter, 1)]
        );
        assert_eq!(
            codes(&parse_file("b.md", b"ok\n\xff\xfe")),
            [(Code::NotUtf8, 2)]
        );
    }

    #[test]
    fn control_characters_are_a_finding_on_their_first_line() {
        let parsed = parse_file(
            "n.md",
            "---\ntype: note\ntitle: \"Scherm\\e[2J\"\n---\n\nTekst é\u{7}\nbel\u{7} \u{9b}\n"
                .as_bytes(),
        );
        // The escape in the title is YAML's `\e`, not a character in the file.
        assert_eq!(codes(&parsed), [(Code::ControlCharacter, 6)]);
        let finding = &parsed.findings[0];
        assert_eq!(finding.column, Some(8));
        assert_eq!(
            finding.message,
            "control character U+0007, which a terminal acts on instead of showing (and on 1 more line)"
        );
        // Also where nothing else could be read.
        assert_eq!(
            codes(&parse_file("x.md", b"# \x1b[2J\n")),
            [(Code::MissingFrontMatter, 1), (Code::ControlCharacter, 1)]
        );
        assert_eq!(
            codes(&parse_file("e.md", "Tekst met \u{a0} en §\n".as_bytes())).len(),
            1
        );
    }

    #[test]
    fn missing_and_unknown_fields() {
        let parsed = parse_file("p.md", b"---\ntype: person\nfoo: 1\n---\n");
        assert_eq!(codes(&parsed), [(Code::MissingField, 2)]);
        assert_eq!(parsed.doc.unwrap().unknown_fields, [("foo".to_string(), 3)]);
        let parsed = parse_file("q.md", b"---\ntype: memo\n---\n");
        assert_eq!(codes(&parsed), [(Code::UnknownType, 2)]);
        let parsed = parse_file("r.md", b"---\ntitle: x\n---\n");
        assert_eq!(codes(&parsed), [(Code::MissingField, 2)]);
        let parsed = parse_file("m.md", b"---\ntype: meeting\ntitle: x\n---\n");
        assert_eq!(codes(&parsed), [(Code::MissingField, 2)]);
    }

    #[test]
    fn invalid_ids() {
        let parsed = parse_file("Mijn Notitie.md", b"---\ntype: note\ntitle: x\n---\n");
        assert_eq!(codes(&parsed), [(Code::InvalidId, 0)]);
        assert_eq!(
            parsed.findings[0].help.as_deref(),
            Some("ids are lower-case letters, digits and hyphens: `mijn-notitie`")
        );
    }

    #[test]
    fn alias_bomb_and_deep_nesting_are_findings() {
        let mut bomb = String::from(
            "---\ntype: note\ntitle: x\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
        );
        for (index, previous) in ["a", "b", "c", "d", "e", "f", "g", "h"].iter().enumerate() {
            let name = ["b", "c", "d", "e", "f", "g", "h", "i"][index];
            bomb.push_str(&format!("{name}: &{name} [*{previous},*{previous},*{previous},*{previous},*{previous},*{previous},*{previous},*{previous},*{previous}]\n"));
        }
        bomb.push_str("---\n");
        let parsed = parse_file("bomb.md", bomb.as_bytes());
        assert_eq!(parsed.findings.len(), 1, "{:?}", parsed.findings);
        assert_eq!(parsed.findings[0].code, Code::YamlSyntax);

        let deep = format!(
            "---\ntype: note\ntitle: x\nd: {}{}\n---\n",
            "[".repeat(10_000),
            "]".repeat(10_000)
        );
        let parsed = parse_file("deep.md", deep.as_bytes());
        assert_eq!(parsed.findings[0].code, Code::YamlSyntax);
        assert!(
            parsed.findings[0].message.contains("recursion limit"),
            "{}",
            parsed.findings[0].message
        );
    }

    proptest::proptest! {
        #[test]
        fn never_panics(text in "(---\n)?[-a-z:\\[\\]{}&* \n0-9'\"]{0,200}(\n---\n)?[-\\[\\] x@a-z\n]{0,40}") {
            let _ = parse_file("p.md", text.as_bytes());
        }
    }
}

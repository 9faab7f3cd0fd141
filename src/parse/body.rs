//! The Markdown body: sections, actions, statements and references, each with its line.

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

use crate::model::text::{line_at, line_starts};
use crate::model::*;

/// What a body scan yields.
pub(crate) struct ScannedBody {
    pub body: Body,
    pub references: Vec<Reference>,
    pub findings: Vec<Finding>,
}

/// Text being collected for one block (a list item or a paragraph).
#[derive(Default)]
struct Block {
    line: u32,
    task: Option<bool>,
    text: String,
    /// References in this block: byte offset in `text` where each starts, and its target.
    refs: Vec<(usize, String)>,
    /// Byte ranges of `text` that are reference text (to drop from a statement's lead).
    ref_spans: Vec<(usize, usize)>,
}

/// Scans `text`, a body whose first line is file line `first_line`.
pub(crate) fn scan(path: &str, text: &str, first_line: u32) -> ScannedBody {
    let starts = line_starts(text);
    let line_of = |offset: usize| first_line + line_at(&starts, offset) - 1;
    // Body lines are whole file lines, so a column in the body is one in the file.
    let column_of = |offset: usize| {
        let start = starts[line_at(&starts, offset) as usize - 1];
        text.get(start..offset)
            .map(|before| before.chars().count() as u32 + 1)
    };
    let options = Options::ENABLE_TASKLISTS
        | Options::ENABLE_WIKILINKS
        | Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH;
    let mut body = Body {
        first_line,
        ..Body::default()
    };
    let mut references = Vec::new();
    let mut findings = Vec::new();
    let mut items: Vec<Block> = Vec::new();
    let mut paragraph: Option<Block> = None;
    let mut heading: Option<(u8, u32, String)> = None;
    let mut wikilink: Option<usize> = None;
    let mut current_section: Option<String> = None;
    let mut in_code_block = false;

    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                heading = Some((level as u8, line_of(range.start), String::new()));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, line, title)) = heading.take() {
                    let title = title.trim().to_string();
                    current_section = Some(title.clone());
                    body.sections.push(Section { level, title, line });
                }
                body.text.push('\n');
            }
            Event::Start(Tag::Item) => items.push(Block {
                line: line_of(range.start),
                ..Block::default()
            }),
            Event::TaskListMarker(checked) => {
                if let Some(item) = items.last_mut() {
                    item.task = Some(checked);
                }
            }
            Event::End(TagEnd::Item) => {
                if let Some(item) = items.pop() {
                    match item.task {
                        Some(done) => body.actions.push(action(
                            path,
                            item,
                            done,
                            current_section.clone(),
                            &mut findings,
                        )),
                        None => body.statements.extend(statement(&item)),
                    }
                }
                body.text.push('\n');
            }
            Event::Start(Tag::Paragraph) if items.is_empty() => {
                paragraph = Some(Block {
                    line: line_of(range.start),
                    ..Block::default()
                });
            }
            Event::End(TagEnd::Paragraph) => {
                if let Some(block) = paragraph.take() {
                    body.statements.extend(statement(&block));
                }
                body.text.push('\n');
            }
            Event::Start(Tag::Link {
                link_type: LinkType::WikiLink { .. },
                dest_url,
                ..
            }) => {
                let target = dest_url.trim().to_string();
                let line = line_of(range.start);
                if let Some(block) = collecting(&mut items, &mut paragraph) {
                    wikilink = Some(block.text.len());
                    block.refs.push((block.text.len(), target.clone()));
                }
                references.push(Reference {
                    target,
                    origin: RefOrigin::WikiLink,
                    line,
                    column: column_of(range.start),
                });
            }
            Event::End(TagEnd::Link) => {
                if let (Some(start), Some(block)) =
                    (wikilink.take(), collecting(&mut items, &mut paragraph))
                {
                    block.ref_spans.push((start, block.text.len()));
                }
            }
            Event::Text(content) => {
                let before = text[..range.start].chars().next_back();
                let line = line_of(range.start);
                let in_wikilink = wikilink.is_some() || in_code_block;
                if let Some((_, _, title)) = heading.as_mut() {
                    title.push_str(&content);
                }
                let block = collecting(&mut items, &mut paragraph);
                let base = block.as_ref().map_or(0, |b| b.text.len());
                let mut mentions = Vec::new();
                if !in_wikilink {
                    for (offset, len, id) in find_mentions(&content, before) {
                        mentions.push((base + offset, base + offset + len, id.clone()));
                        // The text as written, unless escapes changed it.
                        let column = (text.get(range.clone()) == Some(&*content))
                            .then(|| column_of(range.start + offset))
                            .flatten();
                        references.push(Reference {
                            target: id,
                            origin: RefOrigin::Mention,
                            line,
                            column,
                        });
                    }
                }
                if let Some(block) = block {
                    block.text.push_str(&content);
                    for (start, end, id) in mentions {
                        block.refs.push((start, id));
                        block.ref_spans.push((start, end));
                    }
                }
                body.text.push_str(&content);
            }
            Event::Code(content) => {
                if let Some((_, _, title)) = heading.as_mut() {
                    title.push_str(&content);
                }
                if let Some(block) = collecting(&mut items, &mut paragraph) {
                    block.text.push_str(&content);
                }
                body.text.push_str(&content);
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(block) = collecting(&mut items, &mut paragraph) {
                    block.text.push(' ');
                }
                body.text.push(' ');
            }
            Event::Start(Tag::CodeBlock(_)) => in_code_block = true,
            Event::End(TagEnd::CodeBlock) => {
                in_code_block = false;
                body.text.push('\n');
            }
            Event::End(TagEnd::TableCell) => body.text.push(' '),
            Event::End(TagEnd::TableRow | TagEnd::TableHead) => body.text.push('\n'),
            _ => {}
        }
    }
    ScannedBody {
        body,
        references,
        findings,
    }
}

/// The block whose text is being collected: the innermost list item, else the paragraph.
fn collecting<'b>(
    items: &'b mut [Block],
    paragraph: &'b mut Option<Block>,
) -> Option<&'b mut Block> {
    match items.last_mut() {
        Some(item) => Some(item),
        None => paragraph.as_mut(),
    }
}

/// `@id` mentions in `text`: (byte offset, length, id). `before` is the character in front
/// of the text, so that `jan@example.nl` is no mention.
fn find_mentions(text: &str, before: Option<char>) -> Vec<(usize, usize, String)> {
    let mut found = Vec::new();
    for (at, _) in text.match_indices('@') {
        let previous = text[..at].chars().next_back().or(before);
        if previous.is_some_and(|ch| ch.is_alphanumeric() || matches!(ch, '.' | '_' | '-' | '/')) {
            continue;
        }
        let rest = &text[at + 1..];
        let len = rest
            .find(|ch: char| !(ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-'))
            .unwrap_or(rest.len());
        let id = rest[..len].trim_end_matches('-');
        if id.is_empty() || id.starts_with('-') {
            continue;
        }
        found.push((at, id.len() + 1, id.to_string()));
    }
    found
}

/// A task-list item into an action: owners from its references, dates from its markers.
fn action(
    path: &str,
    item: Block,
    done: bool,
    section: Option<String>,
    findings: &mut Vec<Finding>,
) -> Action {
    let mut owners: Vec<String> = Vec::new();
    for (_, target) in &item.refs {
        if !owners.contains(target) {
            owners.push(target.clone());
        }
    }
    let mut due = None;
    let mut done_on = None;
    // Whether a marker of each kind came already: kb reads the first, even one it cannot
    // read (then the action has no such date, and the error says why).
    let mut due_marked = false;
    let mut done_marked = false;
    let mut words: Vec<&str> = Vec::new();
    let mut tokens = item.text.split_whitespace().peekable();
    while let Some(token) = tokens.next() {
        let (slot, marked, value) = match token {
            "📅" | "🗓" | "🗓️" => (&mut due, &mut due_marked, tokens.next()),
            "✅" => (&mut done_on, &mut done_marked, tokens.next()),
            _ => {
                // `due: 2023-03-01`, with a space, reads as `due:2023-03-01`.
                if let Some(value) = token.strip_prefix("due:") {
                    let value = if value.is_empty() {
                        tokens.next()
                    } else {
                        Some(value)
                    };
                    (&mut due, &mut due_marked, value)
                } else if let Some(value) = token.strip_prefix("done:") {
                    let value = if value.is_empty() {
                        tokens.next()
                    } else {
                        Some(value)
                    };
                    (&mut done_on, &mut done_marked, value)
                } else if let Some(value) = token.strip_prefix('📅') {
                    (&mut due, &mut due_marked, Some(value))
                } else if let Some(value) = token.strip_prefix('✅') {
                    (&mut done_on, &mut done_marked, Some(value))
                } else {
                    words.push(token);
                    continue;
                }
            }
        };
        let first = !std::mem::replace(marked, true);
        let value = value.unwrap_or("").trim_end_matches([',', ';', ')']);
        match value.parse::<PartialDate>() {
            // After a first marker kb could not read: that one stands (and is reported).
            Ok(_) if !first && slot.is_none() => {}
            // Two different dates of one kind: which one holds, only the writer knows.
            Ok(date) if slot.is_some_and(|earlier| earlier != date) => {
                let earlier = slot.expect("checked");
                findings.push(
                    Finding::new(
                        Code::InvalidDate,
                        path,
                        item.line,
                        format!(
                            "action has two {} dates: {earlier} and {date}",
                            marker_kind(token)
                        ),
                    )
                    .with_help("keep one of them (kb reads the first)"),
                );
            }
            Ok(date) => *slot = Some(date),
            Err(err) => findings.push(
                Finding::new(
                    Code::InvalidDate,
                    path,
                    item.line,
                    if value.is_empty() {
                        format!("action date: `{token}` without a date after it")
                    } else {
                        format!("action date: {err}")
                    },
                )
                .with_help(
                    "write due dates as `📅 2023-03-01` or `due:2023-03-01` (or `due:2023-03`)",
                ),
            ),
        }
    }
    Action {
        text: words.join(" "),
        done,
        owners,
        due,
        done_on,
        section,
        line: item.line,
    }
}

/// Whether a date marker gives a due date or a done date, as a finding names it.
fn marker_kind(token: &str) -> &'static str {
    if token.starts_with('✅') || token.starts_with("done:") {
        "done"
    } else {
        "due"
    }
}

/// A block whose lead-in before the first colon holds a reference is a statement.
fn statement(block: &Block) -> Option<Statement> {
    let colon = block.text.find(':')?;
    let speakers: Vec<String> = block
        .refs
        .iter()
        .filter(|(offset, _)| *offset < colon)
        .map(|(_, target)| target.clone())
        .collect();
    if speakers.is_empty() || colon > 120 {
        return None;
    }
    let mut lead = String::new();
    for (index, ch) in block.text[..colon].char_indices() {
        let in_ref = block
            .ref_spans
            .iter()
            .any(|(start, end)| (*start..*end).contains(&index));
        if !in_ref && !matches!(ch, '(' | ')' | '[' | ']' | '*') {
            lead.push(ch);
        }
    }
    let lead = lead.split_whitespace().collect::<Vec<_>>().join(" ");
    let lead = lead.trim_matches([',', '-', '–', ' ']).to_string();
    Some(Statement {
        speakers,
        lead,
        text: block.text[colon + 1..].trim().to_string(),
        line: block.line,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan_text(text: &str) -> ScannedBody {
        scan("doc.md", text, 5)
    }

    #[test]
    fn actions_with_owners_and_dates() {
        let scanned = scan_text(
            "## Acties\n\n- [ ] 'Wie doet wat' inzichtelijk maken @edith-boonsma 📅 2023-03-01\n\
             - [x] Gesprekken [[pieter-van-leeuwen]] ✅ 2022-12-20\n- [ ] Uitnodigen due:2023\n",
        );
        let actions = &scanned.body.actions;
        assert_eq!(actions.len(), 3);
        assert_eq!(
            actions[0].text,
            "'Wie doet wat' inzichtelijk maken @edith-boonsma"
        );
        assert_eq!(actions[0].owners, ["edith-boonsma"]);
        assert_eq!(actions[0].due.unwrap().to_string(), "2023-03-01");
        assert_eq!(actions[0].line, 7);
        assert_eq!(actions[0].section.as_deref(), Some("Acties"));
        assert!(actions[1].done);
        assert_eq!(actions[1].owners, ["pieter-van-leeuwen"]);
        assert_eq!(actions[1].done_on.unwrap().to_string(), "2022-12-20");
        assert_eq!(actions[2].due.unwrap().to_string(), "2023");
        assert!(actions[2].owners.is_empty());
        assert!(scanned.findings.is_empty());
    }

    #[test]
    fn two_different_dates_of_one_kind_are_a_finding() {
        let scanned = scan_text(
            "- [ ] iets @a 📅 2023-03-01 due:2023-04-01\n\
             - [x] klaar @a ✅ 2023-01-02 done:2023-01-02\n\
             - [x] ook klaar @a done:2023-01 ✅ 2023-02\n",
        );
        let actions = &scanned.body.actions;
        assert_eq!(actions[0].due.unwrap().to_string(), "2023-03-01");
        assert_eq!(actions[2].done_on.unwrap().to_string(), "2023-01");
        let messages: Vec<(u32, &str)> = scanned
            .findings
            .iter()
            .map(|f| (f.line, f.message.as_str()))
            .collect();
        assert_eq!(
            messages,
            [
                (5, "action has two due dates: 2023-03-01 and 2023-04-01"),
                (7, "action has two done dates: 2023-01 and 2023-02"),
            ]
        );
        assert!(scanned.findings.iter().all(|f| f.code == Code::InvalidDate));
    }

    #[test]
    fn bad_due_date_is_a_finding() {
        let scanned = scan_text("- [ ] iets @a due:2023-13-01\n");
        assert_eq!(scanned.findings.len(), 1);
        assert_eq!(scanned.findings[0].code, Code::InvalidDate);
        assert_eq!(scanned.findings[0].line, 5);
    }

    #[test]
    fn a_marker_without_a_date_says_so() {
        let scanned = scan_text("- [ ] iets @a due:\n");
        assert_eq!(
            scanned.findings[0].message,
            "action date: `due:` without a date after it"
        );
    }

    #[test]
    fn a_space_after_due_or_done_is_allowed() {
        let scanned = scan_text("- [x] iets @a due: 2023-03-01 done: 2023-02\n");
        assert!(scanned.findings.is_empty(), "{:?}", scanned.findings);
        let action = &scanned.body.actions[0];
        assert_eq!(action.due.unwrap().to_string(), "2023-03-01");
        assert_eq!(action.done_on.unwrap().to_string(), "2023-02");
        assert_eq!(action.text, "iets @a");
    }

    #[test]
    fn a_first_date_kb_cannot_read_still_stands_before_a_later_one() {
        let scanned = scan_text("- [ ] iets @a due:2023-13-01 📅 2023-04-01\n");
        // Not silently overdue since 2023-04-01: the first marker holds, and is wrong.
        assert_eq!(scanned.body.actions[0].due, None);
        assert_eq!(scanned.findings.len(), 1, "{:?}", scanned.findings);
        assert!(scanned.findings[0].message.starts_with("action date:"));
    }

    #[test]
    fn mentions_skip_emails_and_code() {
        let scanned =
            scan_text("Mail jan@example.nl of @wil-kovacs. Niet `@code`.\n\n```\n@block\n```\n");
        let targets: Vec<_> = scanned
            .references
            .iter()
            .map(|r| r.target.as_str())
            .collect();
        assert_eq!(targets, ["wil-kovacs"]);
    }

    #[test]
    fn references_have_columns() {
        let scanned = scan_text("Eerst\nMét [[wil-kovacs]] en @jan-jansen.\n\n- [ ] bel *@els*\n");
        let at: Vec<(&str, u32, Option<u32>)> = scanned
            .references
            .iter()
            .map(|r| (r.target.as_str(), r.line, r.column))
            .collect();
        assert_eq!(
            at,
            [
                ("wil-kovacs", 6, Some(5)),
                ("jan-jansen", 6, Some(23)),
                ("els", 8, Some(12))
            ]
        );
    }

    #[test]
    fn wikilinks_with_labels() {
        let scanned = scan_text("Zie [[cdor-ot5|OT5]] en [[wil-kovacs]].\n");
        let targets: Vec<_> = scanned
            .references
            .iter()
            .map(|r| r.target.as_str())
            .collect();
        assert_eq!(targets, ["cdor-ot5", "wil-kovacs"]);
        assert_eq!(scanned.references[0].origin, RefOrigin::WikiLink);
    }

    #[test]
    fn statements_by_lead_in() {
        let scanned = scan_text(
            "- **Leiden** ([[jos-van-wersch]]): goed om over na te denken.\n\
             - **Zwolle**: waardevol.\n\n@wil-kovacs: doorontwikkelen.\n\nHiervoor: [[a]].\n",
        );
        let statements = &scanned.body.statements;
        assert_eq!(statements.len(), 2);
        assert_eq!(statements[0].speakers, ["jos-van-wersch"]);
        assert_eq!(statements[0].lead, "Leiden");
        assert_eq!(statements[0].text, "goed om over na te denken.");
        assert_eq!(statements[1].speakers, ["wil-kovacs"]);
        assert_eq!(statements[1].line, 8);
    }

    #[test]
    fn sections_and_text() {
        let scanned = scan_text("# Titel\n\nTekst met *nadruk*.\n");
        assert_eq!(scanned.body.sections[0].title, "Titel");
        assert_eq!(scanned.body.sections[0].line, 5);
        assert!(scanned.body.text.contains("Tekst met nadruk."));
    }

    proptest::proptest! {
        #[test]
        fn never_panics(text in "[-\\[\\]@a-z0-9 :*#\n`📅✅x]{0,120}") {
            let _ = scan_text(&text);
        }
    }
}

use super::*;
use proptest::prelude::*;

/// serde_yaml's reading of `yaml`, shown with the order of mapping keys.
fn reference(yaml: &str) -> Option<String> {
    serde_yaml::from_str::<Value>(yaml)
        .ok()
        .map(|value| format!("{value:?}"))
}

/// Fails when the fast path reads `yaml` differently from serde_yaml; true when it read it.
fn agrees(yaml: &str) -> Result<bool, TestCaseError> {
    let Some(fast) = parse(yaml) else {
        return Ok(false);
    };
    prop_assert_eq!(
        Some(format!("{fast:?}")),
        reference(yaml),
        "front matter:\n{}",
        yaml
    );
    Ok(true)
}

#[track_caller]
fn assert_read(yaml: &str) {
    match agrees(yaml) {
        Ok(true) => {}
        Ok(false) => panic!("not read by the fast path:\n{yaml}"),
        Err(err) => panic!("{err}"),
    }
}

#[track_caller]
fn assert_left_to_serde(yaml: &str) {
    assert_eq!(parse(yaml), None, "read by the fast path:\n{yaml}");
}

#[test]
fn reads_front_matter_as_serde_yaml_does() {
    assert_read(
        "type: plan\ntitle: Plan infiltratie 1291\nprogramme: plan-1280\n\
         budget:\n  - {item: afstemming 0, amount: 51000, period: 2021, vat: incl}\n\
         totals:\n  2021: 115000\n  2022: 168000\n\
         activities:\n  - {title: wijk, when: \"najaar '21\", start: 2021-09, \
         estimate: {min: 10000, max: 20000}}\n",
    );
    assert_read(
        "type: meeting # a comment\ndate: 2022-11-29\n\n# a line of comment\n\
         attendees:\n- person: wil-kovacs\n  mode: online\n-   person: 'it''s'\n    \
         roles: [voorzitter, notulist]\ntags: []\npeople: {}\nempty:\nnone: ~\n\
         yes: true\nno: FALSE\nzeros: 007\nneg: -12\nurl: https://cob.nl/a?b=c#d\n\
         \"quoted key\": Kovács\nlist:\n  - a\n  - 'b: c'\n  - \"d # e\"\n",
    );
    // A sequence at the top is read (the caller says it is not a mapping).
    assert_read("- a\n- b\n");
    // A sequence under a key of a sequence item, at the key's own indent.
    assert_read("- a:\n  - x\n  b: y\n");
    assert_read("a : b\n\"c\" : d\nf: {g : h}\n");
}

/// Found by a review that ran libyaml on a port of the fast path.
#[test]
fn review_findings_are_left_to_serde_yaml() {
    // In a flow collection, `:` before `?` ends a plain scalar, and libyaml then fails.
    assert_left_to_serde("a: [x:?]\n");
    assert_left_to_serde("a: {x:?y: 1}\n");
    // libyaml gives up on a key whose `:` is 1,024 bytes or more past its start.
    let long = "k".repeat(1100);
    for yaml in [
        format!("{long}: 1\n"),
        format!("a: 1\n{long}: 1\n"),
        format!("a: {{{long}: 1}}\n"),
        format!("- {long}: 1\n"),
        format!("'{long}': 1\n"),
    ] {
        assert!(reference(&yaml).is_none(), "serde_yaml reads {yaml}");
        assert_left_to_serde(&yaml);
    }
    // A long value is no key, and is read.
    assert_read(&format!("a: {long}\nb: [{long}]\n"));
}

#[test]
fn leaves_everything_else_to_serde_yaml() {
    for yaml in [
        "summary: >-\n  folded\n  text\n",
        "summary: |\n  literal\n",
        "a: &x 1\nb: *x\n",
        "a: !tag x\n",
        "a: 1.5\n",
        "a: 1e3\n",
        "a: 0x1F\n",
        "a: +5\n",
        "a: .inf\n",
        "a: \"escape \\n\"\n",
        "a: 'multi\n  line'\n",
        "a: plain\n  continued\n",
        "a: [1,\n  2]\n",
        "a:\tb\n",
        "a: b\r\n",
        "a: b: c\n",
        "a: 1\na: 2\n",
        "? a\n: b\n",
        "  a: 1\n",
        "---\na: 1\n",
        "a: [b, ]\n",
        "a: {b: 1, b: 2}\n",
        "a: [b: c]\n",
        "a:\n  - \n",
        "a: 18446744073709551616\n",
        "",
        "# only a comment\n",
        "a: x\u{85}y\n",
        "a: x\u{2028}y\n",
        "a: \u{feff}x\n",
    ] {
        assert_left_to_serde(yaml);
    }
}

#[test]
fn deep_nesting_is_left_to_serde_yaml() {
    let flow = format!("a: {}1{}\n", "[".repeat(10_000), "]".repeat(10_000));
    assert_left_to_serde(&flow);
    let mut block = String::new();
    for depth in 0..10_000 {
        block.push_str(&" ".repeat(depth));
        block.push_str("a:\n");
    }
    assert_left_to_serde(&block);
}

/// Scalars for the generators, many of them tricky: the fast path reads each of them
/// somewhere (as a value, a key, or in a flow collection), if not everywhere.
const READ: &[&str] = &[
    "a",
    "Plan 1",
    "C#",
    "a #b",
    "http://x.nl/a?b=c",
    "2021",
    "2021-09",
    "2020-08-13",
    "0",
    "0123",
    "-5",
    "-05",
    "-0",
    "12:30",
    "null",
    "Null",
    "NULL",
    "~",
    "true",
    "False",
    "TRUE",
    "yes",
    "no",
    "on",
    "inf",
    "nan",
    "é",
    "Kovács",
    "najaar '21",
    "it's",
    "a, b",
    "a]b",
    "x}",
    "a:b",
    "a  b",
    "18446744073709551615",
    "9223372036854775807",
    "-9223372036854775808",
    "-9223372036854775809",
    "_x",
    "(x)",
    "/x",
    "$x",
    "<<",
    "=",
    "a\\b",
    "ĳ",
    "½",
    "€ 150.000",
    "x,y",
    "a'b\"c",
    "3b",
    "2021-Q1",
    "a:",
    "a: b",
    "x:?",
    "a ?b",
    "a\u{a0}b",
    "\u{a0}",
    "𝄞 noot",
    "x\u{a0}:",
    "01",
    "1",
];

/// Scalars it leaves to serde_yaml, wherever they stand.
const LEFT: &[&str] = &[
    "+5",
    "1.5",
    "1e3",
    "0x1F",
    "0o7",
    "0b1",
    "1_000",
    "-inf",
    ".inf",
    ".NaN",
    "{x}",
    "[x]",
    "-x",
    "- x",
    ":a",
    "?",
    "? a",
    "|",
    ">",
    "&a",
    "*a",
    "!t",
    "%x",
    "@x",
    "`x",
    "#",
    " ",
    "",
    "18446744073709551616",
    "a\\tb",
    "a\u{85}b",
    "a\u{2028}b",
    "\u{feff}a",
];

/// A scalar as written: plain, single-quoted or double-quoted.
fn scalar() -> impl Strategy<Value = String> {
    let read = proptest::sample::select(READ);
    prop_oneof![
        40 => read.clone().prop_map(String::from),
        8 => read.clone().prop_map(|s| format!("'{}'", s.replace('\'', "''"))),
        8 => read.prop_map(|s| format!("\"{}\"", s.replace(['"', '\\'], ""))),
        1 => proptest::sample::select(LEFT).prop_map(String::from),
        1 => "[a-zA-Z0-9 éü:#,'?\\-]{0,12}",
    ]
}

/// A one-line flow collection or scalar.
fn flow() -> impl Strategy<Value = String> {
    let leaf = scalar();
    leaf.prop_recursive(3, 12, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4)
                .prop_map(|items| format!("[{}]", items.join(", "))),
            proptest::collection::vec((scalar(), inner), 0..4).prop_map(|pairs| {
                let pairs: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}: {v}")).collect();
                format!("{{{}}}", pairs.join(", "))
            }),
        ]
    })
}

/// A block node, as lines at `indent` (the first line without its indent).
#[derive(Debug, Clone)]
enum Block {
    Inline(String),
    Mapping(Vec<(String, Block)>),
    Sequence(Vec<Block>),
}

fn block() -> impl Strategy<Value = Block> {
    flow()
        .prop_map(Block::Inline)
        .prop_recursive(3, 24, 5, |inner| {
            prop_oneof![
                proptest::collection::vec((scalar(), inner.clone()), 1..5).prop_map(Block::Mapping),
                proptest::collection::vec(inner, 1..4).prop_map(Block::Sequence),
            ]
        })
}

/// How [`render`] writes front matter.
#[derive(Debug, Clone, Copy)]
struct Style {
    /// Spaces per level.
    step: usize,
    /// Comment lines, blank lines (some with spaces) and trailing comments.
    comments: bool,
    /// Sequences under a key at the key's own indent.
    indentless: bool,
    /// A space before each block key's colon.
    spaced_colon: bool,
}

/// Writes `node` as the value of a key or item whose own lines stand at `indent` (a
/// sequence under a key may stand at `key_indent`).
fn render(node: &Block, indent: usize, key_indent: usize, style: Style, out: &mut String) {
    let step = style.step;
    let colon = if style.spaced_colon { " :" } else { ":" };
    match node {
        Block::Inline(text) => {
            out.push(' ');
            out.push_str(text);
            if style.comments {
                out.push_str(" # note");
            }
            out.push('\n');
        }
        Block::Mapping(pairs) => {
            let pad = " ".repeat(indent);
            out.push('\n');
            for (key, value) in pairs {
                if style.comments {
                    out.push_str(&format!("{pad}# about {key}\n\n   \n"));
                }
                out.push_str(&format!("{pad}{key}{colon}"));
                render(value, indent + step, indent, style, out);
            }
        }
        Block::Sequence(items) => {
            let indent = if style.indentless { key_indent } else { indent };
            let pad = " ".repeat(indent);
            out.push('\n');
            for item in items {
                match item {
                    Block::Mapping(pairs) => {
                        // `- key: value` with the next keys under the first.
                        let inner = " ".repeat(indent + step);
                        for (at, (key, value)) in pairs.iter().enumerate() {
                            let lead = if at == 0 {
                                format!("{pad}-{}", " ".repeat(step - 1))
                            } else {
                                inner.clone()
                            };
                            out.push_str(&format!("{lead}{key}{colon}"));
                            render(value, indent + 2 * step, indent + step, style, out);
                        }
                    }
                    _ => {
                        out.push_str(&format!("{pad}-"));
                        render(item, indent + step, indent + step, style, out);
                    }
                }
            }
        }
    }
}

/// Front matter: a block mapping at the top.
fn front_matter() -> impl Strategy<Value = String> {
    (
        proptest::collection::vec((scalar(), block()), 1..6),
        2usize..5,
        any::<(bool, bool, bool)>(),
    )
        .prop_map(|(pairs, step, (comments, indentless, spaced_colon))| {
            let style = Style {
                step,
                comments,
                indentless,
                spaced_colon,
            };
            let colon = if spaced_colon { " :" } else { ":" };
            let mut out = String::new();
            for (key, value) in &pairs {
                out.push_str(&format!("{key}{colon}"));
                render(value, step, 0, style, &mut out);
            }
            out
        })
}

/// Keys and values the fast path is meant to read.
fn plain_front_matter() -> impl Strategy<Value = String> {
    let key = proptest::sample::select(&["type", "title", "date", "2021", "a-b", "\"x y\""][..]);
    let value = proptest::sample::select(
        &[
            "note",
            "Plan 1",
            "2021-09",
            "12",
            "-3",
            "true",
            "~",
            "'it''s'",
            "[a, b]",
            "{min: 1, max: 2}",
            "Kovács",
        ][..],
    );
    proptest::collection::btree_map(key, value, 1..6).prop_map(|pairs| {
        pairs
            .iter()
            .map(|(key, value)| format!("{key}: {value}\n"))
            .collect()
    })
}

/// The property tests below compare only what the fast path reads: it must read a fair
/// share of what they generate, or they would prove nothing.
#[test]
fn the_generated_front_matter_is_often_read() {
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let tries = 2000;
    let mut read = 0;
    for _ in 0..tries {
        let yaml = front_matter()
            .new_tree(&mut runner)
            .expect("a generated value")
            .current();
        match agrees(&yaml) {
            Ok(true) => read += 1,
            Ok(false) => {}
            Err(err) => panic!("{err}"),
        }
    }
    assert!(read * 20 >= tries, "the fast path read {read} of {tries}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn whatever_it_reads_serde_yaml_reads_alike(yaml in front_matter()) {
        agrees(&yaml)?;
    }

    #[test]
    fn damaged_front_matter_is_read_alike_or_left(
        yaml in front_matter(),
        at in any::<proptest::sample::Index>(),
        insert in proptest::sample::select(&[":", " ", "\n", "-", "#", "'", "\"", "[", "]", "{", "}", ",", "?", "  ", "\n  ", "\n- ", "x: ", "\u{a0}", "\u{85}"][..]),
    ) {
        let mut yaml = yaml;
        let mut at = at.index(yaml.len() + 1);
        while !yaml.is_char_boundary(at) {
            at -= 1;
        }
        yaml.insert_str(at, insert);
        agrees(&yaml)?;
    }

    #[test]
    fn plain_front_matter_takes_the_fast_path(yaml in plain_front_matter()) {
        prop_assert!(agrees(&yaml)?, "left to serde_yaml:\n{}", yaml);
    }
}

/// Every front matter in the example base and the test fixtures is read alike, and the
/// fast path reads most of them.
#[test]
fn the_repository_bases_are_read_alike() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let (mut read, mut total) = (0, 0);
    for base in ["kb", "tests/fixtures"] {
        for entry in walkdir::WalkDir::new(root.join(base)) {
            let entry = entry.expect("a readable folder");
            if entry.path().extension().is_none_or(|ext| ext != "md") {
                continue;
            }
            let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
            let Ok(split) = crate::parse::frontmatter::split(&text) else {
                continue;
            };
            let Some(yaml) = split.yaml else {
                continue;
            };
            total += 1;
            match agrees(yaml) {
                Ok(true) => read += 1,
                Ok(false) => {}
                Err(err) => panic!("{}: {err}", entry.path().display()),
            }
        }
    }
    assert!(read * 2 > total, "the fast path read {read} of {total}");
}

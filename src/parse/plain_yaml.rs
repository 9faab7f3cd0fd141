//! A fast path for front matter written in plain YAML: block mappings and sequences,
//! one-line flow collections, one-line quoted scalars and plain scalars that are text,
//! whole numbers, booleans or null. Such front matter is read straight into the
//! `serde_yaml::Value` that serde_yaml would give; anything else (block scalars, anchors,
//! tags, multi-line scalars, escapes, floats, tabs, `\r`, keys of 1,000 bytes or more,
//! anything in doubt) makes [`parse`] return `None`, and serde_yaml reads the text as
//! before, errors included.
//!
//! Why: serde_yaml (libyaml) was a sixth of a full index and most of `kb check`. Property
//! tests hold the fast path to serde_yaml's answer on the front matter they generate, and
//! on every file of the example base and the test fixtures.

use serde_yaml::{Mapping, Number, Value};

/// The value serde_yaml would read from `yaml`, when `yaml` is in the plain subset.
pub fn parse(yaml: &str) -> Option<Value> {
    // Printable ASCII and `\n` byte by byte; characters are decoded only when there are
    // others.
    let ascii = yaml
        .bytes()
        .all(|b| b == b'\n' || (b' '..=b'~').contains(&b));
    if !ascii && !yaml.chars().all(plain_char) {
        return None;
    }
    let mut lines = Vec::new();
    for line in yaml.split('\n') {
        let content = line.trim_start_matches(' ');
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        let indent = line.len() - content.len();
        // Directives and document markers.
        if indent == 0 && (content.starts_with('%') || is_marker(content)) {
            return None;
        }
        lines.push(Line { indent, content });
    }
    if lines.is_empty() || lines[0].indent != 0 {
        return None;
    }
    let mut reader = Reader {
        lines,
        at: 0,
        depth: 0,
    };
    let value = reader.block_node(0)?;
    (reader.at == reader.lines.len()).then_some(value)
}

/// Characters libyaml reads as printable, less the tab, `\r` and the line breaks and
/// byte-order mark YAML knows beyond `\n`.
fn plain_char(ch: char) -> bool {
    matches!(ch, '\n' | ' '..='~' | '\u{A0}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
        && !matches!(ch, '\u{2028}' | '\u{2029}' | '\u{FEFF}')
}

/// `---` or `...` starting a line (a document marker).
fn is_marker(content: &str) -> bool {
    (content.starts_with("---") || content.starts_with("..."))
        && matches!(content.as_bytes().get(3), None | Some(b' '))
}

/// A line that holds more than a comment.
#[derive(Debug, Clone, Copy)]
struct Line<'a> {
    /// Spaces before the content.
    indent: usize,
    /// The rest of the line.
    content: &'a str,
}

/// Reads nodes from the lines, one at a time.
struct Reader<'a> {
    lines: Vec<Line<'a>>,
    at: usize,
    /// Block nodes entered and not yet left.
    depth: usize,
}

/// How deep collections may nest before the fast path gives up (serde_yaml itself stops
/// at 128): recursion stays far from the stack's end on any input.
const MAX_DEPTH: usize = 32;

/// Keys this long or longer are left to serde_yaml: libyaml stops looking for the `:` of
/// a key 1,024 bytes after the key starts, and then fails.
const MAX_KEY_BYTES: usize = 1000;

/// A block sequence entry: `-` and a space, or `-` ending the line.
fn is_entry(content: &str) -> bool {
    content == "-" || content.starts_with("- ")
}

impl<'a> Reader<'a> {
    fn current(&self) -> Option<Line<'a>> {
        self.lines.get(self.at).copied()
    }

    /// The block node whose first line is the current one, at `indent`.
    fn block_node(&mut self, indent: usize) -> Option<Value> {
        let line = self.current()?;
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return None;
        }
        let node = if is_entry(line.content) {
            self.block_sequence(indent)
        } else {
            self.block_mapping(indent)
        };
        self.depth -= 1;
        node
    }

    /// A mapping whose keys stand at `indent`.
    fn block_mapping(&mut self, indent: usize) -> Option<Value> {
        let mut map = Mapping::new();
        while let Some(line) = self.current() {
            if line.indent < indent {
                break;
            }
            if line.indent > indent || is_entry(line.content) {
                return None;
            }
            let (key, rest) = split_key(line.content)?;
            self.at += 1;
            let value = if rest.is_empty() {
                match self.current() {
                    Some(next) if next.indent > indent => self.block_node(next.indent)?,
                    Some(next) if next.indent == indent && is_entry(next.content) => {
                        self.block_sequence(indent)?
                    }
                    _ => Value::Null,
                }
            } else {
                self.inline_value(rest)?
            };
            if map.insert(key, value).is_some() {
                return None;
            }
        }
        Some(Value::Mapping(map))
    }

    /// A sequence whose `-` stand at `indent`.
    fn block_sequence(&mut self, indent: usize) -> Option<Value> {
        let mut items = Vec::new();
        while let Some(line) = self.current() {
            if line.indent < indent {
                break;
            }
            if line.indent > indent || !is_entry(line.content) {
                // Under a key, a sequence may stand at the key's own indent.
                if line.indent == indent {
                    break;
                }
                return None;
            }
            let item = line.content.get(2..)?;
            let content = item.trim_start_matches(' ');
            if content.is_empty() || content.starts_with('#') || is_entry(content) {
                return None;
            }
            let column = indent + 2 + (item.len() - content.len());
            if starts_key(content) {
                // `- key: value`: a mapping whose keys stand at the item's column.
                self.lines[self.at] = Line {
                    indent: column,
                    content,
                };
                items.push(self.block_node(column)?);
            } else {
                self.at += 1;
                items.push(self.inline_value(content)?);
            }
        }
        Some(Value::Sequence(items))
    }

    /// A value written on its key's or item's line. (A next line indented deeper, which
    /// would continue it, ends the enclosing block with `None`.)
    fn inline_value(&mut self, text: &str) -> Option<Value> {
        let mut cursor = Cursor {
            text,
            at: 0,
            depth: self.depth,
        };
        let value = cursor.node(false)?;
        cursor.end_of_line()?;
        Some(value)
    }
}

/// True when `content` starts with a plain or quoted key and `:`.
fn starts_key(content: &str) -> bool {
    match content.as_bytes()[0] {
        b'{' | b'[' => false,
        b'"' | b'\'' => {
            let mut cursor = Cursor::new(content);
            if cursor.quoted().is_none() {
                return false;
            }
            cursor.skip_spaces();
            cursor.rest().starts_with(':')
        }
        _ => find_key_colon(content).is_some(),
    }
}

/// The byte offset of the `:` that ends a plain key: followed by a space or the end.
fn find_key_colon(content: &str) -> Option<usize> {
    let bytes = content.as_bytes();
    (0..bytes.len()).find(|&at| bytes[at] == b':' && matches!(bytes.get(at + 1), None | Some(b' ')))
}

/// A block mapping line cut into its key and the rest after `: ` (empty for `key:`).
fn split_key(content: &str) -> Option<(Value, &str)> {
    let (key, rest) = match content.as_bytes()[0] {
        b'"' | b'\'' => {
            let mut cursor = Cursor::new(content);
            let key = Value::String(cursor.quoted()?);
            cursor.skip_spaces();
            if cursor.at >= MAX_KEY_BYTES {
                return None;
            }
            (key, cursor.rest().strip_prefix(':')?)
        }
        _ => {
            let colon = find_key_colon(content)?;
            if colon >= MAX_KEY_BYTES {
                return None;
            }
            let raw = content[..colon].trim_end_matches(' ');
            if raw.is_empty() || !plain_start(raw) || raw.contains(" #") {
                return None;
            }
            (resolve(raw)?, &content[colon + 1..])
        }
    };
    if !(rest.is_empty() || rest.starts_with(' ')) {
        return None;
    }
    let rest = rest.trim_start_matches(' ');
    let rest = if rest.starts_with('#') { "" } else { rest };
    Some((key, rest))
}

/// True when a plain scalar may start with `text`'s first character.
fn plain_start(text: &str) -> bool {
    let bytes = text.as_bytes();
    match bytes[0] {
        b'-' => bytes.get(1).is_some_and(u8::is_ascii_digit),
        b'?' | b':' | b',' | b'[' | b']' | b'{' | b'}' | b'#' | b'&' | b'*' | b'!' | b'|'
        | b'>' | b'\'' | b'"' | b'%' | b'@' | b'`' => false,
        _ => true,
    }
}

/// The value of a plain scalar as serde_yaml reads it: null, a boolean, a whole number or
/// text. `None` for what may be read otherwise (floats, other notations of numbers).
fn resolve(plain: &str) -> Option<Value> {
    let bytes = plain.as_bytes();
    match bytes[0] {
        b'0'..=b'9' => {
            if bytes.iter().all(u8::is_ascii_digit) {
                if bytes.len() > 1 && bytes[0] == b'0' {
                    // Leading zeros: text in YAML 1.2.
                    return Some(Value::String(plain.to_string()));
                }
                return plain
                    .parse::<u64>()
                    .ok()
                    .map(|n| Value::Number(Number::from(n)));
            }
            // Not a whole number, and nothing a float or another base could read.
            let other_notation = bytes
                .iter()
                .any(|b| matches!(b, b'.' | b'e' | b'E' | b'_' | b'x' | b'o' | b'b'));
            (!other_notation).then(|| Value::String(plain.to_string()))
        }
        b'-' => {
            let digits = &bytes[1..];
            let whole = !digits.is_empty()
                && digits.iter().all(u8::is_ascii_digit)
                && (digits[0] != b'0' || digits.len() == 1);
            if !whole {
                return None;
            }
            plain
                .parse::<i64>()
                .ok()
                .map(|n| Value::Number(Number::from(n)))
        }
        b'a'..=b'z' | b'A'..=b'Z' => Some(match plain {
            "null" | "Null" | "NULL" => Value::Null,
            "true" | "True" | "TRUE" => Value::Bool(true),
            "false" | "False" | "FALSE" => Value::Bool(false),
            _ => Value::String(plain.to_string()),
        }),
        b'~' if plain.len() == 1 => Some(Value::Null),
        b'+' | b'.' | b'~' => None,
        // Neither a number nor a word YAML knows.
        _ => Some(Value::String(plain.to_string())),
    }
}

/// Reads one line's worth of flow nodes and scalars.
struct Cursor<'t> {
    text: &'t str,
    at: usize,
    /// Collections entered and not yet left, the block ones around the line included.
    depth: usize,
}

impl<'t> Cursor<'t> {
    fn new(text: &'t str) -> Cursor<'t> {
        Cursor {
            text,
            at: 0,
            depth: 0,
        }
    }

    fn rest(&self) -> &'t str {
        &self.text[self.at..]
    }

    fn skip_spaces(&mut self) {
        while self.text.as_bytes().get(self.at) == Some(&b' ') {
            self.at += 1;
        }
    }

    /// Only spaces or a comment may follow.
    fn end_of_line(&mut self) -> Option<()> {
        let before = self.at;
        self.skip_spaces();
        let rest = self.rest();
        (rest.is_empty() || (rest.starts_with('#') && self.at > before)).then_some(())
    }

    /// A node: a flow collection, a quoted scalar or a plain scalar (`flow`: inside a flow
    /// collection).
    fn node(&mut self, flow: bool) -> Option<Value> {
        match self.text.as_bytes().get(self.at)? {
            b'[' | b'{' => {
                self.depth += 1;
                if self.depth > MAX_DEPTH {
                    return None;
                }
                let node = if self.text.as_bytes()[self.at] == b'[' {
                    self.flow_sequence()
                } else {
                    self.flow_mapping()
                };
                self.depth -= 1;
                node
            }
            b'"' | b'\'' => self.quoted().map(Value::String),
            _ => self.plain(flow),
        }
    }

    /// A quoted scalar on this line: single quotes with `''`, or double quotes without
    /// escapes.
    fn quoted(&mut self) -> Option<String> {
        let quote = self.text.as_bytes()[self.at];
        let body = &self.text[self.at + 1..];
        if quote == b'"' {
            let end = body.find(['"', '\\'])?;
            if body.as_bytes()[end] != b'"' {
                return None;
            }
            self.at += end + 2;
            return Some(body[..end].to_string());
        }
        let mut text = String::new();
        let mut from = 0;
        loop {
            let end = from + body[from..].find('\'')?;
            text.push_str(&body[from..end]);
            if body.as_bytes().get(end + 1) == Some(&b'\'') {
                text.push('\'');
                from = end + 2;
            } else {
                self.at += end + 2;
                return Some(text);
            }
        }
    }

    /// A plain scalar: up to the end of the line or a comment, and in a flow collection up
    /// to `,`, `]`, `}` or `: `.
    fn plain(&mut self, flow: bool) -> Option<Value> {
        let rest = self.rest();
        if rest.is_empty() || !plain_start(rest) {
            return None;
        }
        let bytes = rest.as_bytes();
        let mut end = bytes.len();
        for (at, &byte) in bytes.iter().enumerate() {
            let stop = match byte {
                b'#' => bytes[at - 1] == b' ',
                b':' => match bytes.get(at + 1) {
                    None | Some(b' ') => true,
                    Some(b',' | b']' | b'}' | b'[' | b'{' | b'?') => flow,
                    _ => false,
                },
                b',' | b']' | b'}' | b'[' | b'{' => flow,
                _ => false,
            };
            if stop {
                end = at;
                break;
            }
        }
        let scalar = rest[..end].trim_end_matches(' ');
        if scalar.is_empty() {
            return None;
        }
        let value = resolve(scalar);
        self.at += scalar.len();
        value
    }

    /// The entries of a flow collection on this line, from its opening bracket to `close`:
    /// `entry` reads each one (none in an empty collection).
    fn flow_entries(
        &mut self,
        close: u8,
        mut entry: impl FnMut(&mut Self) -> Option<()>,
    ) -> Option<()> {
        self.at += 1;
        self.skip_spaces();
        if self.text.as_bytes().get(self.at) == Some(&close) {
            self.at += 1;
            return Some(());
        }
        loop {
            self.skip_spaces();
            entry(self)?;
            self.skip_spaces();
            match *self.text.as_bytes().get(self.at)? {
                b',' => self.at += 1,
                byte if byte == close => {
                    self.at += 1;
                    return Some(());
                }
                _ => return None,
            }
        }
    }

    /// `[a, b]` on this line.
    fn flow_sequence(&mut self) -> Option<Value> {
        let mut items = Vec::new();
        self.flow_entries(b']', |cursor| {
            items.push(cursor.node(true)?);
            Some(())
        })?;
        Some(Value::Sequence(items))
    }

    /// `{a: 1, b: 2}` on this line.
    fn flow_mapping(&mut self) -> Option<Value> {
        let mut map = Mapping::new();
        self.flow_entries(b'}', |cursor| {
            let key_start = cursor.at;
            let key = cursor.node(true)?;
            if !matches!(key, Value::String(_) | Value::Number(_) | Value::Bool(_)) {
                return None;
            }
            cursor.skip_spaces();
            // `key: value`, with a space after the colon.
            if !cursor.rest().starts_with(": ") || cursor.at - key_start >= MAX_KEY_BYTES {
                return None;
            }
            cursor.at += 2;
            cursor.skip_spaces();
            let value = cursor.node(true)?;
            map.insert(key, value).is_none().then_some(())
        })?;
        Some(Value::Mapping(map))
    }
}

#[cfg(test)]
mod tests;

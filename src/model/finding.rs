//! Findings: what `kb check` reports. Data, not errors.

use std::fmt;

use serde::Serialize;

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth a look; does not fail a check unless `--deny warnings`.
    Warning,
    /// Fails the check (exit 1).
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

macro_rules! codes {
    ($($variant:ident = $name:literal, $severity:ident, $summary:literal;)*) => {
        /// The stable code of a finding; docs/format.md lists them all.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $(#[doc = $summary] $variant,)*
        }

        impl Code {
            /// Every code, in documentation order.
            pub const ALL: &[Code] = &[$(Code::$variant,)*];

            /// The code as written in output and in kb.toml.
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $name,)* }
            }

            /// The severity unless kb.toml says otherwise.
            pub fn default_severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$severity,)* }
            }

            /// One line on what the code means.
            pub fn summary(self) -> &'static str {
                match self { $(Code::$variant => $summary,)* }
            }

            /// The code with this name.
            pub fn from_name(name: &str) -> Option<Code> {
                match name { $($name => Some(Code::$variant),)* _ => None }
            }
        }
    };
}

codes! {
    UnreadableFile = "unreadable-file", Error, "the file or folder could not be read";
    NotUtf8 = "not-utf8", Error, "the file is not UTF-8";
    FileTooLarge = "file-too-large", Error, "the file is larger than max-file-size";
    ControlCharacter = "control-character", Warning, "a character a terminal would act on";
    EmptyFile = "empty-file", Warning, "the file is empty";
    MissingFrontMatter = "missing-front-matter", Warning, "a Markdown file without front matter";
    UnclosedFrontMatter = "unclosed-front-matter", Error, "front matter that never closes";
    YamlSyntax = "yaml-syntax", Error, "the front matter is not valid YAML";
    InvalidFrontMatter = "invalid-front-matter", Error, "the front matter is not a mapping";
    MissingField = "missing-field", Error, "a required field is absent";
    UnknownType = "unknown-type", Error, "type is not one of the five";
    InvalidField = "invalid-field", Error, "a value of the wrong shape";
    InvalidDate = "invalid-date", Error, "not a date, or an impossible one";
    InvalidAmount = "invalid-amount", Error, "not an amount";
    InvalidId = "invalid-id", Error, "an id that is not a slug";
    DuplicateId = "duplicate-id", Error, "two documents with one id";
    UnresolvedReference = "unresolved-reference", Error, "a reference to nothing";
    BudgetTotalMismatch = "budget-total-mismatch", Error, "a declared total differs from its lines";
    BudgetTotalUnmatched = "budget-total-unmatched", Warning, "a declared total for a period without lines";
    MixedVat = "mixed-vat", Warning, "lines of one total mix incl. and excl. VAT";
    RateInPeriod = "rate-in-period", Warning, "a budget period that names a unit (`per jaar`): a rate?";
    ActionWithoutOwner = "action-without-owner", Warning, "an action without an owner";
    ActionOverdue = "action-overdue", Warning, "an open action past its due date";
    UnknownField = "unknown-field", Warning, "a field kb does not know (strict mode)";
    InvalidConfig = "invalid-config", Error, "kb.toml cannot be used";
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// One problem in one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The stable rule code.
    pub code: Code,
    /// Error or warning, after kb.toml and `--deny warnings`.
    pub severity: Severity,
    /// The file, relative to the base root, with `/` separators.
    pub path: String,
    /// 1-based line in the file; 0 when the finding is about the whole file.
    pub line: u32,
    /// 1-based column, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<u32>,
    /// What is wrong, in one sentence.
    pub message: String,
    /// What to do about it, when kb can tell (a did-you-mean, a hint).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

impl Finding {
    /// A finding with the code's default severity.
    pub fn new(code: Code, path: &str, line: u32, message: impl Into<String>) -> Finding {
        Finding {
            code,
            severity: code.default_severity(),
            path: path.to_string(),
            line,
            column: None,
            message: message.into(),
            help: None,
        }
    }

    /// Sets the column.
    pub fn at_column(mut self, column: u32) -> Finding {
        self.column = Some(column);
        self
    }

    /// Adds a hint.
    pub fn with_help(mut self, help: impl Into<String>) -> Finding {
        self.help = Some(help.into());
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_by_name() {
        for code in Code::ALL {
            assert_eq!(Code::from_name(code.as_str()), Some(*code));
        }
        assert_eq!(Code::from_name("nope"), None);
    }
}

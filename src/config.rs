//! `kb.toml`: the base's settings. Parsing only; the caller reads the file.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::model::{Code, Finding, Severity};

/// The name of the settings file, which also marks a base root.
pub const CONFIG_FILE: &str = "kb.toml";

/// Default for `max-file-size`: 8 MiB.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 8 * 1024 * 1024;

/// Settings of one base.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The base's name, shown in reports.
    #[serde(default)]
    pub name: Option<String>,
    /// Language of the content (`nl`).
    #[serde(default)]
    pub language: Option<String>,
    /// `[check]`.
    #[serde(default)]
    pub check: CheckConfig,
    /// `[index]`.
    #[serde(default)]
    pub index: IndexConfig,
    /// `[rules]`: a level per rule code.
    #[serde(default)]
    pub rules: BTreeMap<String, RuleLevel>,
}

/// `[check]` settings.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct CheckConfig {
    /// Warn about unknown front-matter fields.
    #[serde(default)]
    pub strict: bool,
    /// Files above this many bytes are reported and skipped.
    #[serde(default = "default_max_file_size")]
    pub max_file_size: u64,
    /// Globs, relative to the root, of files that are not documents.
    #[serde(default)]
    pub exclude: Vec<String>,
}

impl Default for CheckConfig {
    fn default() -> Self {
        CheckConfig {
            strict: false,
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            exclude: Vec::new(),
        }
    }
}

/// Default for `verify-in-background-above`: up to this many files, every query checks
/// every file's size and modification time itself (about 15 ms for 10,000 files).
pub const DEFAULT_BACKGROUND_VERIFY_ABOVE: usize = 20_000;

/// `[index]` settings.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct IndexConfig {
    /// In bases with more files than this, a query checks only the folders (new, removed
    /// and renamed files) and leaves the size and time check of every file, which catches
    /// edits made in place, to a `kb index` it starts in the background.
    #[serde(default = "default_background_verify_above")]
    pub verify_in_background_above: usize,
}

impl Default for IndexConfig {
    fn default() -> Self {
        IndexConfig {
            verify_in_background_above: DEFAULT_BACKGROUND_VERIFY_ABOVE,
        }
    }
}

fn default_background_verify_above() -> usize {
    DEFAULT_BACKGROUND_VERIFY_ABOVE
}

fn default_max_file_size() -> u64 {
    DEFAULT_MAX_FILE_SIZE
}

/// What kb.toml can make of a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleLevel {
    /// Report as an error.
    Error,
    /// Report as a warning.
    Warning,
    /// Do not report.
    Off,
}

impl Config {
    /// Parses kb.toml's text. The error is a finding with the line of the problem.
    pub fn parse(text: &str) -> Result<Config, Finding> {
        let config: Config = toml::from_str(text).map_err(|err| {
            let line = err
                .span()
                .map(|span| text[..span.start.min(text.len())].matches('\n').count() as u32 + 1)
                .unwrap_or(1);
            Finding::new(
                Code::InvalidConfig,
                CONFIG_FILE,
                line,
                format!("kb.toml: {}", err.message()),
            )
        })?;
        if let Some(language) = config.language.as_deref().filter(|l| *l != "nl") {
            return Err(Finding::new(
                Code::InvalidConfig,
                CONFIG_FILE,
                line_of_key(text, "language"),
                format!("kb.toml: language `{language}` is not one kb can analyse"),
            )
            .with_help("kb searches Dutch only: write `language = \"nl\"` or leave it out"));
        }
        for name in config.rules.keys() {
            if Code::from_name(name).is_none() {
                return Err(Finding::new(
                    Code::InvalidConfig,
                    CONFIG_FILE,
                    line_of_key(text, name),
                    format!("kb.toml: [rules] names `{name}`, which is not a rule code"),
                )
                .with_help("the codes are listed in docs/format.md and by `kb check --explain`"));
            }
        }
        Ok(config)
    }

    /// The severity of `code` under this configuration; `None` when turned off.
    pub fn severity(&self, code: Code) -> Option<Severity> {
        match self.rules.get(code.as_str()) {
            Some(RuleLevel::Off) => None,
            Some(RuleLevel::Error) => Some(Severity::Error),
            Some(RuleLevel::Warning) => Some(Severity::Warning),
            None => Some(code.default_severity()),
        }
    }
}

/// The 1-based line of kb.toml that sets `key` (1 when none does).
fn line_of_key(text: &str, key: &str) -> u32 {
    text.lines()
        .position(|line| line.trim_start().starts_with(key))
        .map_or(1, |index| index as u32 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_is_default() {
        assert_eq!(Config::parse("").unwrap(), Config::default());
    }

    #[test]
    fn reads_every_setting() {
        let config = Config::parse(
            "name = \"x\"\nlanguage = \"nl\"\n[check]\nstrict = true\nmax-file-size = 10\nexclude = [\"drafts/**\"]\n[rules]\naction-without-owner = \"error\"\naction-overdue = \"off\"\n",
        )
        .unwrap();
        assert!(config.check.strict);
        assert_eq!(config.check.max_file_size, 10);
        assert_eq!(
            config.severity(Code::ActionWithoutOwner),
            Some(Severity::Error)
        );
        assert_eq!(config.severity(Code::ActionOverdue), None);
        assert_eq!(config.severity(Code::DuplicateId), Some(Severity::Error));
    }

    #[test]
    fn unknown_keys_and_rules_are_errors() {
        let err = Config::parse("name = \"x\"\nstrictt = true\n").unwrap_err();
        assert_eq!(err.line, 2);
        assert!(err.message.contains("strictt"), "{}", err.message);
        let err = Config::parse("[rules]\nno-such-rule = \"off\"\n").unwrap_err();
        assert_eq!(err.line, 2);
    }

    #[test]
    fn a_language_other_than_dutch_is_an_error() {
        let err = Config::parse("name = \"x\"\nlanguage = \"en\"\n").unwrap_err();
        assert_eq!(err.line, 2);
        assert_eq!(
            err.message,
            "kb.toml: language `en` is not one kb can analyse"
        );
        assert!(Config::parse("language = \"nl\"\n").is_ok());
    }
}

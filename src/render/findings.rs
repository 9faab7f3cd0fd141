//! Findings as text (grouped by file, for people), JSON (for machines) and GitHub
//! workflow annotations (for CI).

use std::io::{self, Write};

use anstyle::{AnsiColor, Style};
use serde::Serialize;

use crate::model::{Code, Finding, Severity};

/// How `kb check` prints its findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FindingsFormat {
    /// `path:line:col: severity[code]: message`, grouped by file, with a summary.
    #[default]
    Text,
    /// A JSON array of findings (docs/cli.md describes the shape).
    Json,
    /// GitHub Actions workflow commands (`::error file=...,line=...::...`).
    Github,
}

/// Totals for the summary line.
#[derive(Debug, Clone, Copy, Default)]
pub struct CheckSummary {
    /// How many files were checked.
    pub files_checked: usize,
    /// They are the staged files (`--staged`): references to them from anywhere in the
    /// snapshot were checked too.
    pub staged: bool,
}

const ERROR: Style = AnsiColor::Red.on_default().bold();
const WARNING: Style = AnsiColor::Yellow.on_default().bold();
const PATH: Style = Style::new().bold();
const DIM: Style = Style::new().dimmed();
const HELP: Style = AnsiColor::Cyan.on_default().bold();

/// Writes `findings` in `format`; `prefix` is prepended to every path.
pub fn write_findings(
    out: &mut dyn Write,
    findings: &[Finding],
    format: FindingsFormat,
    prefix: &str,
    summary: CheckSummary,
) -> io::Result<()> {
    match format {
        FindingsFormat::Text => write_text(out, findings, prefix, summary),
        FindingsFormat::Json => write_json(out, findings, prefix),
        FindingsFormat::Github => write_github(out, findings, prefix),
    }
}

/// One code as `kb check --explain` lists it.
#[derive(Serialize)]
struct CodeRow {
    code: &'static str,
    severity: Severity,
    summary: &'static str,
}

/// Writes every finding code with its default severity and what it means
/// (`kb check --explain`): aligned columns, or with [`FindingsFormat::Json`] an array of
/// `{code, severity, summary}`.
pub fn write_codes(out: &mut dyn Write, format: FindingsFormat) -> io::Result<()> {
    let rows: Vec<CodeRow> = Code::ALL
        .iter()
        .map(|code| CodeRow {
            code: code.as_str(),
            severity: code.default_severity(),
            summary: code.summary(),
        })
        .collect();
    if format == FindingsFormat::Json {
        serde_json::to_writer_pretty(&mut *out, &rows)?;
        return writeln!(out);
    }
    let width = rows.iter().map(|row| row.code.len()).max().unwrap_or(0);
    for row in &rows {
        writeln!(
            out,
            "{:<width$}  {:<7}  {}",
            row.code,
            row.severity.to_string(),
            row.summary
        )?;
    }
    writeln!(
        out,
        "\nkb.toml's [rules] sets a code to \"error\", \"warning\" or \"off\"; docs/format.md says more."
    )
}

fn location(finding: &Finding, prefix: &str) -> String {
    let mut location = format!("{prefix}{}", finding.path);
    if finding.line > 0 {
        location.push_str(&format!(":{}", finding.line));
        if let Some(column) = finding.column {
            location.push_str(&format!(":{column}"));
        }
    }
    location
}

fn write_text(
    out: &mut dyn Write,
    findings: &[Finding],
    prefix: &str,
    summary: CheckSummary,
) -> io::Result<()> {
    let mut previous_path: Option<&str> = None;
    for finding in findings {
        if previous_path.is_some_and(|path| path != finding.path) {
            writeln!(out)?;
        }
        previous_path = Some(&finding.path);
        let style = match finding.severity {
            Severity::Error => ERROR,
            Severity::Warning => WARNING,
        };
        writeln!(
            out,
            "{PATH}{}{PATH:#}: {style}{}{style:#}{DIM}[{}]{DIM:#}: {}",
            location(finding, prefix),
            finding.severity,
            finding.code,
            finding.message
        )?;
        if let Some(help) = &finding.help {
            writeln!(out, "  {HELP}help{HELP:#}: {help}")?;
        }
    }
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let warnings = findings.len() - errors;
    let files = {
        let mut paths: Vec<&str> = findings.iter().map(|f| f.path.as_str()).collect();
        paths.dedup();
        paths.len()
    };
    if !findings.is_empty() {
        writeln!(out)?;
    }
    let checked = if summary.staged {
        let them = if summary.files_checked == 1 {
            "it"
        } else {
            "them"
        };
        format!(
            "{} and the references to {them}",
            plural(summary.files_checked, "staged file")
        )
    } else {
        plural(summary.files_checked, "file")
    };
    if findings.is_empty() {
        writeln!(out, "{checked} checked: no problems")
    } else {
        writeln!(
            out,
            "{checked} checked: {}, {} in {}",
            plural(errors, "error"),
            plural(warnings, "warning"),
            plural(files, "file")
        )
    }
}

fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    code: &'a str,
    severity: Severity,
    path: String,
    line: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    column: Option<u32>,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<&'a str>,
}

fn write_json(out: &mut dyn Write, findings: &[Finding], prefix: &str) -> io::Result<()> {
    let rows: Vec<JsonFinding> = findings
        .iter()
        .map(|f| JsonFinding {
            code: f.code.as_str(),
            severity: f.severity,
            path: format!("{prefix}{}", f.path),
            line: f.line,
            column: f.column,
            message: &f.message,
            help: f.help.as_deref(),
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &rows)?;
    writeln!(out)
}

/// Escapes a workflow command's message.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command's property value.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

fn write_github(out: &mut dyn Write, findings: &[Finding], prefix: &str) -> io::Result<()> {
    for finding in findings {
        let level = match finding.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut properties = format!(
            "file={}",
            escape_property(&format!("{prefix}{}", finding.path))
        );
        if finding.line > 0 {
            properties.push_str(&format!(",line={}", finding.line));
        }
        if let Some(column) = finding.column {
            properties.push_str(&format!(",col={column}"));
        }
        properties.push_str(&format!(
            ",title={}",
            escape_property(finding.code.as_str())
        ));
        let mut message = finding.message.clone();
        if let Some(help) = &finding.help {
            message.push_str(&format!("\nhelp: {help}"));
        }
        writeln!(out, "::{level} {properties}::{}", escape_data(&message))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Code;

    fn sample() -> Vec<Finding> {
        vec![
            Finding::new(Code::YamlSyntax, "a.md", 3, "bad: yaml").at_column(7),
            Finding::new(Code::ActionOverdue, "b.md", 9, "late, 100%").with_help("tick it"),
        ]
    }

    fn render(format: FindingsFormat) -> String {
        let mut out = Vec::new();
        write_findings(
            &mut out,
            &sample(),
            format,
            "kb/",
            CheckSummary {
                files_checked: 4,
                staged: false,
            },
        )
        .unwrap();
        anstream::adapter::strip_str(&String::from_utf8(out).unwrap()).to_string()
    }

    #[test]
    fn text() {
        assert_eq!(
            render(FindingsFormat::Text),
            "kb/a.md:3:7: error[yaml-syntax]: bad: yaml\n\nkb/b.md:9: warning[action-overdue]: late, 100%\n  help: tick it\n\n4 files checked: 1 error, 1 warning in 2 files\n"
        );
    }

    #[test]
    fn github() {
        assert_eq!(
            render(FindingsFormat::Github),
            "::error file=kb/a.md,line=3,col=7,title=yaml-syntax::bad: yaml\n::warning file=kb/b.md,line=9,title=action-overdue::late, 100%25%0Ahelp: tick it\n"
        );
    }

    #[test]
    fn json() {
        let value: serde_json::Value = serde_json::from_str(&render(FindingsFormat::Json)).unwrap();
        assert_eq!(value[0]["code"], "yaml-syntax");
        assert_eq!(value[0]["path"], "kb/a.md");
        assert_eq!(value[0]["column"], 7);
        assert_eq!(value[1]["severity"], "warning");
        assert_eq!(value[1]["help"], "tick it");
        assert!(value[0].get("help").is_none());
    }
}

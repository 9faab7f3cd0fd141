//! `unknown-field`: front-matter keys kb does not know, in strict mode.

use crate::check::{CheckContext, Rule};
use crate::model::{Code, Finding};

/// Reports unknown fields when kb.toml sets `strict = true`.
pub struct UnknownFields;

impl Rule for UnknownFields {
    fn check(&self, context: &CheckContext<'_>, findings: &mut Vec<Finding>) {
        if !context.strict {
            return;
        }
        for doc in context.documents() {
            for (field, line) in &doc.unknown_fields {
                findings.push(
                    Finding::new(
                        Code::UnknownField,
                        &doc.path,
                        *line,
                        format!("`{field}` is not a field of a {}", doc.doc_type),
                    )
                    .with_help("see docs/format.md for the fields of each type"),
                );
            }
        }
    }
}

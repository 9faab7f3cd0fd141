//! `duplicate-id`: two documents claiming one id.

use std::collections::HashMap;

use crate::check::{CheckContext, Rule};
use crate::model::{Code, Finding};

/// Reports every file whose id another file also claims.
pub struct DuplicateIds;

impl Rule for DuplicateIds {
    fn check(&self, context: &CheckContext<'_>, findings: &mut Vec<Finding>) {
        // Every claim: (path, line) of parsed files, then known documents (line 0).
        let mut claims: HashMap<&str, Vec<(&str, u32)>> = HashMap::new();
        for file in context.files {
            if let Some(id) = file.id.as_deref() {
                claims
                    .entry(id)
                    .or_default()
                    .push((&file.path, file.id_line));
            }
        }
        for doc in context.known {
            claims.entry(&doc.id).or_default().push((&doc.path, 0));
        }
        for (id, holders) in claims {
            if holders.len() < 2 {
                continue;
            }
            for &(path, line) in &holders {
                let others: Vec<&str> = holders
                    .iter()
                    .filter(|(other, _)| *other != path)
                    .map(|(other, _)| *other)
                    .collect();
                findings.push(
                    Finding::new(
                        Code::DuplicateId,
                        path,
                        line,
                        format!("id `{id}` is also used by {}", others.join(", ")),
                    )
                    .with_help("give one of them another `id:` (or another file name)"),
                );
            }
        }
    }
}

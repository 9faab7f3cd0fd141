//! `duplicate-id`: two documents claiming one id.

use std::collections::HashMap;

use crate::check::{CheckContext, Rule};
use crate::model::{Code, Finding};

/// Reports every file whose id another file also claims.
pub struct DuplicateIds;

impl Rule for DuplicateIds {
    fn check(&self, context: &CheckContext<'_>, findings: &mut Vec<Finding>) {
        let mut claims: HashMap<&str, Vec<usize>> = HashMap::new();
        for (index, file) in context.files.iter().enumerate() {
            if let Some(id) = file.id.as_deref() {
                claims.entry(id).or_default().push(index);
            }
        }
        for (id, holders) in claims {
            if holders.len() < 2 {
                continue;
            }
            for &holder in &holders {
                let file = &context.files[holder];
                let others: Vec<&str> = holders
                    .iter()
                    .filter(|&&other| other != holder)
                    .map(|&other| context.files[other].path.as_str())
                    .collect();
                findings.push(
                    Finding::new(
                        Code::DuplicateId,
                        &file.path,
                        file.id_line,
                        format!("id `{id}` is also used by {}", others.join(", ")),
                    )
                    .with_help("give one of them another `id:` (or another file name)"),
                );
            }
        }
    }
}

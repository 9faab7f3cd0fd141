//! `action-without-owner` and `action-overdue`.

use crate::check::{CheckContext, Rule};
use crate::model::{Code, Finding};

/// Reports task-list items that name no owner.
pub struct ActionOwners;

impl Rule for ActionOwners {
    fn check(&self, context: &CheckContext<'_>, findings: &mut Vec<Finding>) {
        for doc in context.documents() {
            for action in doc.body.actions.iter().filter(|a| a.owners.is_empty()) {
                findings.push(
                    Finding::new(
                        Code::ActionWithoutOwner,
                        &doc.path,
                        action.line,
                        format!("action has no owner: {}", action.text),
                    )
                    .with_help("add the owner as @id or [[id]]"),
                );
            }
        }
    }
}

/// Reports open actions whose due date (or whole due period) has passed.
pub struct OverdueActions;

impl Rule for OverdueActions {
    fn check(&self, context: &CheckContext<'_>, findings: &mut Vec<Finding>) {
        for doc in context.documents() {
            for action in &doc.body.actions {
                let Some(due) = action.due else { continue };
                if action.done || due.last_day() >= context.today {
                    continue;
                }
                findings.push(
                    Finding::new(
                        Code::ActionOverdue,
                        &doc.path,
                        action.line,
                        format!("open action was due {due}: {}", action.text),
                    )
                    .with_help("tick it off (`- [x]`), or move the due date"),
                );
            }
        }
    }
}

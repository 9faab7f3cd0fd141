//! `unresolved-reference`: references to nothing, with a did-you-mean.

use crate::check::{CheckContext, Rule};
use crate::model::{Code, Finding, RefOrigin};

/// Reports references that resolve to no id, name or alias.
pub struct UnresolvedReferences;

impl Rule for UnresolvedReferences {
    fn check(&self, context: &CheckContext<'_>, findings: &mut Vec<Finding>) {
        for doc in context.documents() {
            for reference in &doc.references {
                if context.resolver.resolve(&reference.target).is_some() {
                    continue;
                }
                let written = match reference.origin {
                    RefOrigin::WikiLink => format!("[[{}]]", reference.target),
                    RefOrigin::Mention => format!("@{}", reference.target),
                    RefOrigin::Field(field) => format!("`{}` in `{field}`", reference.target),
                };
                let mut finding = Finding::new(
                    Code::UnresolvedReference,
                    &doc.path,
                    reference.line,
                    format!("{written} refers to no document"),
                );
                finding.column = reference.column;
                let suggestions = context.resolver.suggest(&reference.target, 3);
                if !suggestions.is_empty() {
                    let names: Vec<String> = suggestions
                        .iter()
                        .map(|(id, title)| format!("`{id}` ({title})"))
                        .collect();
                    finding = finding.with_help(format!("did you mean {}?", names.join(" or ")));
                } else {
                    finding = finding.with_help(format!(
                        "create the document ({}) or fix the id",
                        new_command(reference.origin)
                    ));
                }
                findings.push(finding);
            }
        }
    }
}

/// The `kb new` command that makes what a reference from `origin` refers to.
fn new_command(origin: RefOrigin) -> &'static str {
    match origin {
        RefOrigin::Field("organisations" | "organisation" | "parent" | "organiser") => {
            "`kb new organisation \"Name\"`"
        }
        RefOrigin::Field("programme") => "`kb new plan \"Title\"`",
        RefOrigin::Field("people") => "`kb new person \"Name\"`",
        _ => "`kb new person \"Name\"` or `kb new organisation \"Name\"`",
    }
}

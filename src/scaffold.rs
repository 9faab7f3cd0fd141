//! New documents and new bases: templates, file names and the files `kb init` writes.
//! Pure: the caller writes what this returns.

use crate::model::DocType;
use crate::model::text::{is_id, slugify};

/// The templates shipped with kb (copied into a base by `kb init`).
pub const TEMPLATES: [(DocType, &str); 5] = [
    (DocType::Meeting, include_str!("../templates/meeting.md")),
    (DocType::Plan, include_str!("../templates/plan.md")),
    (DocType::Person, include_str!("../templates/person.md")),
    (
        DocType::Organisation,
        include_str!("../templates/organisation.md"),
    ),
    (DocType::Note, include_str!("../templates/note.md")),
];

/// The shipped template for `doc_type`.
pub fn builtin_template(doc_type: DocType) -> &'static str {
    TEMPLATES
        .iter()
        .find(|(t, _)| *t == doc_type)
        .map(|(_, text)| *text)
        .expect("every type has a template")
}

/// The kb.toml `kb init` writes.
pub fn default_config(name: &str) -> String {
    format!(
        "# Settings of this knowledge base; see docs/format.md of kb.\nname = {}\nlanguage = \"nl\"\n\n[check]\nstrict = false\n",
        toml_string(name)
    )
}

fn toml_string(text: &str) -> String {
    serde_json::to_string(text).expect("strings serialize")
}

/// The id and file path (relative to the root) of a new document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDoc {
    /// Its id.
    pub id: String,
    /// Its path, relative to the base root.
    pub path: String,
    /// Its content.
    pub content: String,
}

/// Plans a new document of `doc_type` titled `title`. `date` is the meeting or note date
/// (already validated); `id` overrides the id made from the title (and date, for meetings).
pub fn new_document(
    doc_type: DocType,
    title: &str,
    date: &str,
    id: Option<&str>,
    template: &str,
) -> Result<NewDoc, String> {
    let title = title.trim();
    if title.chars().any(char::is_control) {
        return Err("the title must be one line of text".to_string());
    }
    let id = match id {
        Some(id) if is_id(id) => id.to_string(),
        Some(id) => {
            return Err(format!(
                "`{id}` is not a valid id: use lower-case letters, digits and hyphens, like `{}`",
                slugify(id)
            ));
        }
        None => {
            let slug = slugify(title);
            if slug.is_empty() {
                return Err("the title needs at least one letter or digit".to_string());
            }
            if doc_type == DocType::Meeting && !date.is_empty() && !slug.starts_with(date) {
                format!("{date}-{slug}")
            } else {
                slug
            }
        }
    };
    let content = template
        .replace("{{title_yaml}}", &toml_string(title))
        .replace("{{title}}", title)
        .replace("{{id}}", &id)
        .replace("{{date}}", date)
        .replace("{{type}}", doc_type.as_str());
    Ok(NewDoc {
        path: format!("{}/{id}.md", doc_type.folder()),
        id,
        content,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_file;

    #[test]
    fn every_template_gives_a_clean_document() {
        for (doc_type, template) in TEMPLATES {
            let new = new_document(
                doc_type,
                "Wil \"Kovács\": test #1",
                "2024-01-02",
                None,
                template,
            )
            .unwrap();
            let parsed = parse_file(&new.path, new.content.as_bytes());
            assert!(
                parsed.findings.is_empty(),
                "{doc_type}: {:?}",
                parsed.findings
            );
            let doc = parsed.doc.unwrap();
            assert_eq!(doc.title, "Wil \"Kovács\": test #1");
            assert_eq!(doc.doc_type, doc_type);
        }
    }

    #[test]
    fn ids_and_paths() {
        let new = new_document(DocType::Meeting, "Overleg", "2024-01-02", None, "").unwrap();
        assert_eq!(new.path, "meetings/2024-01-02-overleg.md");
        let new = new_document(DocType::Person, "Wil Kovács", "", None, "").unwrap();
        assert_eq!(new.path, "contacts/people/wil-kovacs.md");
        let new = new_document(DocType::Note, "../../etc/passwd", "", None, "").unwrap();
        assert_eq!(new.path, "notes/etc-passwd.md");
        assert!(new_document(DocType::Note, "x", "", Some("../x"), "").is_err());
        assert!(new_document(DocType::Note, "!!", "", None, "").is_err());
        assert!(new_document(DocType::Note, "a\nb", "", None, "").is_err());
    }
}

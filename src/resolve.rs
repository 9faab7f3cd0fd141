//! Resolving references: an id, a name or an alias to a document, and the nearest known
//! names when nothing matches.

use std::collections::HashMap;

use crate::model::text::{fold, slugify};

/// Looks references up among the ids and names of a base.
#[derive(Debug, Default)]
pub struct Resolver {
    ids: HashMap<String, usize>,
    names: HashMap<String, usize>,
    /// (folded key, document index, what to show) for suggestions.
    candidates: Vec<(String, usize, String)>,
    labels: Vec<(String, String)>,
}

impl Resolver {
    /// Builds a resolver from `(id, names)` pairs, the first name being the title; files
    /// whose front matter could not be read come with no names.
    pub fn new<'a, N>(entries: impl IntoIterator<Item = (&'a str, N)>) -> Resolver
    where
        N: IntoIterator<Item = &'a str>,
    {
        let mut resolver = Resolver::default();
        for (index, (id, names)) in entries.into_iter().enumerate() {
            resolver.ids.entry(id.to_string()).or_insert(index);
            resolver
                .candidates
                .push((id.to_string(), index, id.to_string()));
            let mut title = None;
            for name in names {
                title.get_or_insert(name);
                let folded = fold(name.trim());
                if folded.is_empty() {
                    continue;
                }
                resolver.names.entry(folded.clone()).or_insert(index);
                for word in folded.split_whitespace().filter(|w| w.len() >= 4) {
                    resolver
                        .candidates
                        .push((word.to_string(), index, name.to_string()));
                }
                resolver.candidates.push((folded, index, name.to_string()));
            }
            resolver
                .labels
                .push((id.to_string(), title.unwrap_or(id).to_string()));
        }
        resolver
    }

    /// The index (in the order given to [`Resolver::new`]) of the document `target`
    /// names: by id, then by name or alias (case and diacritics folded), then by the
    /// name's slug.
    pub fn resolve(&self, target: &str) -> Option<usize> {
        let target = target.trim();
        if let Some(&index) = self.ids.get(target) {
            return Some(index);
        }
        let folded = fold(target);
        if let Some(&index) = self.names.get(&folded) {
            return Some(index);
        }
        self.ids.get(&slugify(target)).copied()
    }

    /// The id of the document at `index`.
    pub fn id(&self, index: usize) -> &str {
        &self.labels[index].0
    }

    /// The nearest known documents to an unresolved `target`, best first: `(id, title)`.
    pub fn suggest(&self, target: &str, limit: usize) -> Vec<(&str, &str)> {
        let folded = fold(target);
        let words: Vec<&str> = folded
            .split(|ch: char| !ch.is_alphanumeric())
            .filter(|w| w.len() >= 3)
            .collect();
        let mut scored: HashMap<usize, f64> = HashMap::new();
        for (key, index, _) in &self.candidates {
            let mut score = strsim::normalized_damerau_levenshtein(&folded, key);
            for word in &words {
                score = score.max(strsim::normalized_damerau_levenshtein(word, key) - 0.05);
            }
            let best = scored.entry(*index).or_insert(0.0);
            if score > *best {
                *best = score;
            }
        }
        let mut ranked: Vec<(usize, f64)> = scored.into_iter().filter(|(_, s)| *s >= 0.6).collect();
        ranked.sort_by(|a, b| {
            b.1.total_cmp(&a.1)
                .then(self.labels[a.0].0.cmp(&self.labels[b.0].0))
        });
        ranked
            .into_iter()
            .take(limit)
            .map(|(index, _)| (self.labels[index].0.as_str(), self.labels[index].1.as_str()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Document;
    use crate::parse::parse_file;

    fn doc(path: &str, yaml: &str) -> Document {
        parse_file(path, format!("---\n{yaml}\n---\n").as_bytes())
            .doc
            .unwrap()
    }

    #[test]
    fn resolves_ids_names_and_aliases() {
        let docs = [
            doc(
                "wil-kovacs.md",
                "type: person\nname: Wil Kovács\naliases: [Wil Kovacs]",
            ),
            doc(
                "cob.md",
                "type: organisation\nname: Centrum Ondergronds Bouwen\nshort: COB",
            ),
        ];
        let resolver = Resolver::new(docs.iter().map(|d| (d.id.as_str(), d.names())));
        assert_eq!(resolver.resolve("wil-kovacs"), Some(0));
        assert_eq!(resolver.resolve("Wil Kovacs"), Some(0));
        assert_eq!(resolver.resolve("wil kovács"), Some(0));
        assert_eq!(resolver.resolve("COB"), Some(1));
        assert_eq!(resolver.resolve("centrum ondergronds bouwen"), Some(1));
        assert_eq!(resolver.resolve("kovacs"), None);
    }

    #[test]
    fn suggests_the_nearest() {
        let docs = [
            doc("edith-boonsma.md", "type: person\nname: Edith Boonsma"),
            doc("hugo-hoenders.md", "type: person\nname: Hugo Hoenders"),
        ];
        let resolver = Resolver::new(docs.iter().map(|d| (d.id.as_str(), d.names())));
        assert_eq!(resolver.suggest("Boomsma", 3)[0].0, "edith-boonsma");
        assert_eq!(resolver.suggest("edith-boomsma", 3)[0].0, "edith-boonsma");
        assert_eq!(resolver.suggest("hoenderz", 3)[0].0, "hugo-hoenders");
        assert!(resolver.suggest("xyzzy", 3).is_empty());
    }
}

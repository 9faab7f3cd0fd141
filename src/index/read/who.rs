//! `kb who`: a card, every record naming someone, and the people behind a topic.

use std::collections::HashMap;

use anyhow::Result;
use tantivy::query::{BooleanQuery, Occur};

use super::{IdResolver, StoredDoc, Texts, any_of, reference_keys, strings, text_of};
use crate::index::KbIndex;
use crate::index::best::Best;
use crate::query::search::SearchQuery;
use crate::query::who::{Card, Evidence, Involvement, Record, Referent, TopicHit};

impl KbIndex {
    /// A person's or organisation's card, from its document.
    pub fn card(&self, doc: &StoredDoc) -> Result<Card> {
        let data = &doc.data;
        let mut fields: Vec<(String, String)> = Vec::new();
        let mut push = |label: &str, value: String| {
            if !value.is_empty() {
                fields.push((label.to_string(), value));
            }
        };
        let aliases: Vec<String> = doc.names().into_iter().skip(1).collect();
        if doc.doc_type == "person" {
            let memberships = data["organisations"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            let org_ids: Vec<String> = memberships
                .iter()
                .filter_map(|m| m["org"].as_str().map(String::from))
                .collect();
            let id_refs: Vec<&str> = org_ids.iter().map(String::as_str).collect();
            let names = self.documents(&id_refs)?;
            let shown: Vec<String> = memberships
                .iter()
                .filter_map(|m| {
                    let org = m["org"].as_str()?;
                    let name = names.get(org).map_or(org, |d| d.title.as_str());
                    Some(match m["role"].as_str() {
                        Some(role) => format!("{name} ({role})"),
                        None => name.to_string(),
                    })
                })
                .collect();
            push("organisations", shown.join("; "));
            for key in ["role", "city", "email", "phone"] {
                push(key, data[key].as_str().unwrap_or_default().to_string());
            }
            push("topics", strings(&data["topics"]).join(", "));
        } else {
            push("short", strings(&data["short"]).join(", "));
            for key in ["kind", "city", "website", "parent"] {
                push(key, data[key].as_str().unwrap_or_default().to_string());
            }
        }
        push("aliases", aliases.join(", "));
        Ok(Card {
            id: doc.id.clone(),
            doc_type: doc.doc_type.clone(),
            name: doc.title.clone(),
            fields,
            path: doc.path.clone(),
        })
    }

    /// Everything `target` (a person's or organisation's document) does or is named in,
    /// each with its source.
    pub fn involvement(&self, target: &StoredDoc) -> Result<Vec<Involvement>> {
        let fields = &self.fields;
        let id = target.id.as_str();
        let names = reference_keys(target);
        let keys: Vec<&str> = names.iter().map(String::as_str).collect();
        // Records may name the target by id, name or alias.
        let referent = Referent {
            id: target.id.clone(),
            keys: self.person_keys(target)?,
        };
        let person_keys: Vec<&str> = referent.keys.iter().map(String::as_str).collect();
        let query = BooleanQuery::new(vec![
            (Occur::Should, any_of(fields.parties, &person_keys)),
            (Occur::Should, any_of(fields.refs, &keys)),
        ]);
        let searcher = self.searcher();
        let mut entries = Vec::new();
        for (segment, docs) in self.matches(&searcher, &query)? {
            for doc in docs {
                let stored = self.stored(&searcher, segment, doc)?;
                let kind = text_of(&stored, fields.kind);
                let doc_id = text_of(&stored, fields.id);
                if kind == "doc" && doc_id == id {
                    continue;
                }
                let path = text_of(&stored, fields.path);
                for (line, data) in self.records_in(&kind, &stored) {
                    if crate::query::who::concerns(&referent, &kind, &data) {
                        entries.push((kind.clone(), doc_id.clone(), path.clone(), line, data));
                    }
                }
            }
        }
        let doc_ids: Vec<&str> = entries.iter().map(|e| e.1.as_str()).collect();
        let mut related: Vec<String> = Vec::new();
        for (kind, _, _, _, data) in &entries {
            match kind.as_str() {
                "attendance" => {
                    // Who attended for the target, or for whom the target attended.
                    for key in ["person", "on_behalf_of"] {
                        related.extend(data[key].as_str().map(String::from));
                    }
                }
                "membership" => related.push(data["org"].as_str().unwrap_or_default().into()),
                _ => {}
            }
        }
        // Who represented the target, or which organisation, and for whom the target
        // attended: written as an id, a name or an alias, named by their title.
        let mut resolver = IdResolver::new(self);
        let mut related_ids: HashMap<String, String> = HashMap::new();
        for value in &related {
            if let Some(found) = resolver.id_of(value)? {
                related_ids.insert(value.clone(), found);
            }
        }
        let mut wanted: Vec<&str> = doc_ids.clone();
        wanted.extend(related_ids.values().map(String::as_str));
        // One read serves both: titles by id, and a record's own document by its path
        // (also where two share its id).
        let mut docs: HashMap<String, StoredDoc> = HashMap::new();
        let mut at_path: HashMap<String, StoredDoc> = HashMap::new();
        for doc in self.documents_with_ids(&wanted)? {
            docs.entry(doc.id.clone()).or_insert_with(|| doc.clone());
            at_path.insert(doc.path.clone(), doc);
        }
        let title_of = |value: &str| {
            let id = related_ids.get(value).map_or(value, String::as_str);
            docs.get(id).map_or(value.to_string(), |d| d.title.clone())
        };
        let mut rows = Vec::new();
        for (kind, doc, path, line, data) in entries {
            let own = at_path.get(&path).filter(|own| own.id == doc);
            let record_title_of = |value: &str| match own {
                Some(own) if value == own.id => own.title.clone(),
                _ => title_of(value),
            };
            let record = Record {
                kind,
                doc_date: own.or_else(|| docs.get(&doc)).and_then(StoredDoc::date),
                doc,
                path,
                line,
                data,
            };
            rows.extend(crate::query::who::involvement(
                &referent,
                record,
                &record_title_of,
            ));
        }
        crate::query::who::drop_bare_mentions(&mut rows);
        crate::query::who::sort(&mut rows);
        Ok(rows)
    }

    /// The best `limit` documents for `query`, each with the people involved in it.
    pub fn topic_hits(&self, query: &SearchQuery, limit: usize) -> Result<Vec<TopicHit>> {
        let (tantivy_query, _) = self.build_query(query)?;
        let searcher = self.searcher();
        let top = searcher.search(&tantivy_query, &Best::with_limit(limit))?;
        let mut hits = Vec::new();
        let mut resolver = IdResolver::new(self);
        for (score, address) in top {
            let segment = searcher.segment_reader(address.segment_ord);
            // A person's own document counts for them: it holds their own id. Others may
            // name them by a name or alias.
            let people =
                resolver.ids_of(&Texts::open(segment, "people")?.strings(address.doc_id))?;
            let stored = self.stored_doc(&searcher.doc(address)?);
            hits.push(TopicHit {
                score,
                doc: Evidence {
                    id: stored.id,
                    title: stored.title,
                    path: stored.path,
                },
                people,
            });
        }
        Ok(hits)
    }
}

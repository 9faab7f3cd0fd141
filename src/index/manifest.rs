//! The manifest: what the index holds, file by file (size, modification time, content
//! hash), tied to the index commit it describes.

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};

/// What kb knew of one file when it indexed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileState {
    /// Size in bytes.
    pub size: u64,
    /// Modification time, nanoseconds since the epoch.
    pub mtime_ns: i128,
    /// Hash of the content.
    pub hash: u64,
    /// The id the file claims (empty when it could not be read).
    pub id: String,
    /// Its title or name, aliases and short names (empty when it is no document).
    pub names: Vec<String>,
}

/// Separates names in a manifest line.
const NAME_SEPARATOR: char = '\u{1f}';

/// A name as it can stand in a manifest line.
fn clean(name: &str) -> String {
    name.replace(['\t', '\n', '\r', NAME_SEPARATOR], " ")
}

/// Every indexed file, and the index commit (opstamp) this describes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Manifest {
    /// The opstamp of the index commit that holds exactly these files.
    pub opstamp: u64,
    /// Path relative to the root -> state.
    pub files: HashMap<String, FileState>,
}

const HEADER: &str = "kb-manifest";

impl Manifest {
    /// Reads a manifest; `None` when missing or unreadable (the caller rebuilds).
    pub fn read(path: &Path, schema_version: u32) -> Option<Manifest> {
        let text = std::fs::read_to_string(path).ok()?;
        let mut lines = text.lines();
        let mut header = lines.next()?.split(' ');
        if header.next()? != HEADER || header.next()?.parse::<u32>().ok()? != schema_version {
            return None;
        }
        let opstamp = header.next()?.parse().ok()?;
        let mut files = HashMap::new();
        for line in lines {
            let mut parts = line.splitn(6, '\t');
            let size = parts.next()?.parse().ok()?;
            let mtime_ns = parts.next()?.parse().ok()?;
            let hash = u64::from_str_radix(parts.next()?, 16).ok()?;
            let id = parts.next()?.to_string();
            let names = parts.next()?;
            let names = if names.is_empty() {
                Vec::new()
            } else {
                names.split(NAME_SEPARATOR).map(String::from).collect()
            };
            let path = parts.next()?.to_string();
            files.insert(
                path,
                FileState {
                    size,
                    mtime_ns,
                    hash,
                    id,
                    names,
                },
            );
        }
        Some(Manifest { opstamp, files })
    }

    /// Writes the manifest atomically (a temporary file renamed over the old one).
    pub fn write(&self, path: &Path, schema_version: u32) -> Result<()> {
        let mut text = format!("{HEADER} {schema_version} {}\n", self.opstamp);
        let mut paths: Vec<&String> = self.files.keys().collect();
        paths.sort();
        for file in paths {
            let state = &self.files[file];
            let names: Vec<String> = state.names.iter().map(|n| clean(n)).collect();
            text.push_str(&format!(
                "{}\t{}\t{:016x}\t{}\t{}\t{file}\n",
                state.size,
                state.mtime_ns,
                state.hash,
                clean(&state.id),
                names.join(&NAME_SEPARATOR.to_string())
            ));
        }
        let temp = path.with_extension(format!("tmp{}", std::process::id()));
        let mut out = std::fs::File::create(&temp)
            .with_context(|| format!("cannot write {}", temp.display()))?;
        out.write_all(text.as_bytes())?;
        out.sync_all()?;
        std::fs::rename(&temp, path).with_context(|| format!("cannot write {}", path.display()))?;
        Ok(())
    }
}

/// Hash of a file's content (change detection only).
pub fn content_hash(content: &[u8]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    content.hash(&mut hasher);
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("manifest");
        let mut manifest = Manifest {
            opstamp: 7,
            files: HashMap::new(),
        };
        manifest.files.insert(
            "notes/a b.md".into(),
            FileState {
                size: 3,
                mtime_ns: 1_700_000_000_123_456_789,
                hash: 42,
                id: "a-b".into(),
                names: vec!["Wil Kovács".into(), "Kovacs".into()],
            },
        );
        manifest.files.insert(
            "notes/kapot.md".into(),
            FileState {
                size: 1,
                mtime_ns: 2,
                hash: 3,
                id: String::new(),
                names: Vec::new(),
            },
        );
        manifest.write(&path, 1).unwrap();
        assert_eq!(Manifest::read(&path, 1), Some(manifest));
        assert_eq!(Manifest::read(&path, 2), None);
        std::fs::write(&path, "garbage").unwrap();
        assert_eq!(Manifest::read(&path, 1), None);
    }
}

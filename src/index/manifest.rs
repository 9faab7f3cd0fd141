//! The manifest: what the index holds, file by file (size, modification time, content
//! hash), tied to the index commit it describes.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::Result;

/// What kb knew of one file when it indexed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileState {
    /// Size in bytes.
    pub size: u64,
    /// Modification time, nanoseconds since the epoch; 0 when it was too recent to trust
    /// (a change in the same clock tick could hide behind it), so that the next refresh
    /// hashes the file again.
    pub mtime_ns: i128,
    /// Inode number (0 where unknown): a file replaced by a rename gets a new one.
    pub ino: u64,
    /// Hash of the content.
    pub hash: u64,
    /// The id the file claims (empty when it could not be read).
    pub id: String,
    /// Its title or name, aliases and short names, joined by [`NAME_SEPARATOR`] (split
    /// only when asked for: most refreshes never need them).
    names: String,
}

impl FileState {
    /// A file's state.
    pub fn new(
        size: u64,
        mtime_ns: i128,
        ino: u64,
        hash: u64,
        id: String,
        names: &[String],
    ) -> FileState {
        let names: Vec<String> = names.iter().map(|n| clean(n)).collect();
        FileState {
            size,
            mtime_ns,
            ino,
            hash,
            id: clean(&id),
            names: names.join(&NAME_SEPARATOR.to_string()),
        }
    }

    /// Title or name first, then aliases and short names.
    pub fn names(&self) -> Vec<String> {
        if self.names.is_empty() {
            return Vec::new();
        }
        self.names.split(NAME_SEPARATOR).map(String::from).collect()
    }
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
    /// Hash of the settings the files were indexed under (`max-file-size`): when they
    /// change, files the manifest calls unchanged may need reading again.
    pub settings: u64,
    /// (path relative to the root, state), sorted by path.
    files: Vec<(String, FileState)>,
}

const HEADER: &str = "kb-manifest";

impl Manifest {
    /// Reads a manifest; `None` when missing or unreadable (the caller rebuilds).
    pub fn read(path: &Path, schema_version: u32) -> Option<Manifest> {
        let text = std::fs::read_to_string(path).ok()?;
        let (header, body) = text.split_once('\n').unwrap_or((&text, ""));
        let mut header = header.trim_end_matches('\r').split(' ');
        if header.next()? != HEADER || header.next()?.parse::<u32>().ok()? != schema_version {
            return None;
        }
        let opstamp = header.next()?.parse().ok()?;
        let settings = u64::from_str_radix(header.next()?, 16).ok()?;
        // Every query of a base up to 20,000 files reads this first: fields are split by
        // hand with memchr and numbers read without `str::parse` (with `splitn` and
        // `parse`, reading it took two thirds of a refresh with nothing changed).
        let mut files = Vec::with_capacity(memchr::memchr_iter(b'\n', body.as_bytes()).count() + 1);
        for line in body.lines().filter(|line| !line.is_empty()) {
            files.push(parse_line(line)?);
        }
        if !files.is_sorted_by(|a, b| a.0 < b.0) {
            files.sort_by(|a, b| a.0.cmp(&b.0));
            files.dedup_by(|a, b| a.0 == b.0);
        }
        Some(Manifest {
            opstamp,
            settings,
            files,
        })
    }

    /// The state of the file at `path`.
    pub fn get(&self, path: &str) -> Option<&FileState> {
        self.files
            .binary_search_by(|(probe, _)| probe.as_str().cmp(path))
            .ok()
            .map(|index| &self.files[index].1)
    }

    /// Every file, sorted by path.
    pub fn files(&self) -> &[(String, FileState)] {
        &self.files
    }

    /// How many files it describes.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// True when it describes no file.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Removes `removed` and sets the states in `updates`.
    pub fn apply(&mut self, removed: &[String], updates: Vec<(String, FileState)>) {
        // A first index: the updates come in path order (as files are walked), so they
        // are the list as it is.
        if self.files.is_empty() && updates.is_sorted_by(|a, b| a.0 < b.0) {
            self.files = updates;
            return;
        }
        let mut all: BTreeMap<String, FileState> =
            std::mem::take(&mut self.files).into_iter().collect();
        for path in removed {
            all.remove(path);
        }
        all.extend(updates);
        self.files = all.into_iter().collect();
    }

    /// Writes the manifest atomically (a temporary file renamed over the old one).
    pub fn write(&self, path: &Path, schema_version: u32) -> Result<()> {
        use std::fmt::Write as _;
        let mut text = String::with_capacity(64 + self.files.len() * 128);
        let _ = writeln!(
            text,
            "{HEADER} {schema_version} {} {:016x}",
            self.opstamp, self.settings
        );
        for (file, state) in &self.files {
            // Writing to a String cannot fail.
            let _ = write!(
                text,
                "{}\t{}\t{}\t{:016x}\t{}\t{}\t",
                state.size, state.mtime_ns, state.ino, state.hash, state.id, state.names,
            );
            if file.contains(['\n', '\r']) {
                text.push_str(&file.replace(['\n', '\r'], " "));
            } else {
                text.push_str(file);
            }
            text.push('\n');
        }
        crate::repo::write_whole(path, text.as_bytes(), false)
    }
}

/// One file's line: size, mtime, inode, hash (hex), id, names and path, separated by tabs
/// (the path, last, may hold tabs itself).
fn parse_line(line: &str) -> Option<(String, FileState)> {
    let mut rest = line;
    let mut field = || -> Option<&str> {
        let at = memchr::memchr(b'\t', rest.as_bytes())?;
        let value = &rest[..at];
        rest = &rest[at + 1..];
        Some(value)
    };
    let size = decimal(field()?)?;
    let mtime_ns = field()?;
    let mtime_ns = match decimal(mtime_ns) {
        Some(ns) => i128::from(ns),
        None => mtime_ns.parse().ok()?,
    };
    let ino = decimal(field()?)?;
    let hash = u64::from_str_radix(field()?, 16).ok()?;
    let id = field()?.to_string();
    let names = field()?.to_string();
    Some((
        rest.to_string(),
        FileState {
            size,
            mtime_ns,
            ino,
            hash,
            id,
            names,
        },
    ))
}

/// A decimal number of digits only (`None` otherwise, or when it overflows).
fn decimal(text: &str) -> Option<u64> {
    if text.is_empty() {
        return None;
    }
    text.bytes().try_fold(0u64, |value, byte| {
        let digit = byte.wrapping_sub(b'0');
        if digit > 9 {
            return None;
        }
        value.checked_mul(10)?.checked_add(u64::from(digit))
    })
}

/// The folders the last walk went through, with their modification times, tied to the
/// manifest they completed. While no folder's time changes, no file was added, removed or
/// renamed, and the next refresh can skip the walk.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Folders {
    /// The opstamp of the manifest these folders were walked for.
    pub opstamp: u64,
    /// Hash of the settings that decide which files are documents (`exclude`).
    pub filter: u64,
    /// How many files the manifest holds.
    pub files: usize,
    /// (folder relative to the root, `""` for the root; modification time in nanoseconds,
    /// 0 when too recent to trust).
    pub folders: Vec<(String, i128)>,
}

const FOLDERS_HEADER: &str = "kb-folders";

impl Folders {
    /// Reads the folders file; `None` when missing or unreadable (the caller walks).
    pub fn read(path: &Path, schema_version: u32) -> Option<Folders> {
        let text = std::fs::read_to_string(path).ok()?;
        let mut lines = text.lines();
        let mut header = lines.next()?.split(' ');
        if header.next()? != FOLDERS_HEADER || header.next()?.parse::<u32>().ok()? != schema_version
        {
            return None;
        }
        let opstamp = header.next()?.parse().ok()?;
        let filter = u64::from_str_radix(header.next()?, 16).ok()?;
        let files = header.next()?.parse().ok()?;
        let mut folders = Vec::new();
        for line in lines {
            let (mtime, folder) = line.split_once('\t')?;
            folders.push((folder.to_string(), mtime.parse().ok()?));
        }
        Some(Folders {
            opstamp,
            filter,
            files,
            folders,
        })
    }

    /// Writes the folders file atomically.
    pub fn write(&self, path: &Path, schema_version: u32) -> Result<()> {
        let mut text = format!(
            "{FOLDERS_HEADER} {schema_version} {} {:016x} {}\n",
            self.opstamp, self.filter, self.files
        );
        for (folder, mtime) in &self.folders {
            text.push_str(&format!("{mtime}\t{}\n", folder.replace(['\n', '\r'], " ")));
        }
        crate::repo::write_whole(path, text.as_bytes(), false)
    }
}

/// Hash of a file's content (change detection only).
pub fn content_hash(content: &[u8]) -> u64 {
    use std::hash::BuildHasher;
    // foldhash with a fixed seed: the same bytes give the same hash in every process, at
    // a fraction of SipHash's cost (a full index hashes every file). Its output may change
    // between versions (it is pinned): bump SCHEMA_VERSION when upgrading it.
    foldhash::quality::FixedState::with_seed(0x6b62_2d68_6173_6821).hash_one(content)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::any;

    #[test]
    fn round_trips() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("manifest");
        let mut manifest = Manifest {
            opstamp: 7,
            settings: 0xfeed,
            files: Vec::new(),
        };
        let names = ["Wil Kovács".to_string(), "Kovacs\tmet tab".to_string()];
        manifest.apply(
            &[],
            vec![
                (
                    "notes/kapot.md".into(),
                    FileState::new(1, 2, 0, 3, String::new(), &[]),
                ),
                (
                    "notes/a b.md".into(),
                    FileState::new(3, 1_700_000_000_123_456_789, 77, 42, "a-b".into(), &names),
                ),
            ],
        );
        manifest.write(&path, 1).unwrap();
        let read = Manifest::read(&path, 1).unwrap();
        assert_eq!(read, manifest);
        assert_eq!(read.files()[0].0, "notes/a b.md");
        assert_eq!(
            read.get("notes/a b.md").unwrap().names(),
            ["Wil Kovács", "Kovacs met tab"]
        );
        assert!(read.get("notes/kapot.md").unwrap().names().is_empty());
        assert_eq!(read.get("nope.md"), None);
        assert_eq!(Manifest::read(&path, 2), None);
        std::fs::write(&path, "garbage").unwrap();
        assert_eq!(Manifest::read(&path, 1), None);
        let folders = Folders {
            opstamp: 7,
            filter: 0xabc,
            files: 2,
            folders: vec![(String::new(), 5), ("notes/a b".into(), 0)],
        };
        let folders_path = dir.path().join("folders");
        folders.write(&folders_path, 1).unwrap();
        assert_eq!(Folders::read(&folders_path, 1), Some(folders));
        assert_eq!(Folders::read(&folders_path, 2), None);
        let mut shrunk = read.clone();
        shrunk.apply(&["notes/kapot.md".to_string()], Vec::new());
        assert_eq!(shrunk.len(), 1);
    }

    #[test]
    fn damaged_lines_are_no_manifest() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("manifest");
        let header = "kb-manifest 1 7 000000000000feed\n";
        let good = "3\t17\t77\t000000000000002a\ta-b\tA B\tnotes/a\tb.md\n";
        std::fs::write(&path, format!("{header}{good}\r\n")).unwrap();
        let read = Manifest::read(&path, 1).unwrap();
        assert_eq!(read.files()[0].0, "notes/a\tb.md");
        assert_eq!(read.files()[0].1.mtime_ns, 17);
        for bad in [
            "x3\t17\t77\t2a\tid\tnames\tpath\n",
            "3\t17\t77\t2a\tid\tnames\n",
            "3\t\t77\t2a\tid\tnames\tpath\n",
            "3\t17\t-77\t2a\tid\tnames\tpath\n",
            "3\t17\t77\tzz\tid\tnames\tpath\n",
            "99999999999999999999\t17\t77\t2a\tid\tnames\tpath\n",
        ] {
            std::fs::write(&path, format!("{header}{good}{bad}")).unwrap();
            assert_eq!(Manifest::read(&path, 1), None, "{bad:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn any_manifest_round_trips(
            files in proptest::collection::btree_map(
                "[a-zé/ \t._-]{1,24}",
                (any::<u64>(), 0i128..=i128::from(u64::MAX) * 4, any::<u64>(), any::<u64>(),
                 "[a-z0-9-]{0,12}", proptest::collection::vec("[^\n\r]{0,12}", 0..3)),
                0..8,
            ),
            opstamp in any::<u64>(),
        ) {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("manifest");
            let mut manifest = Manifest { opstamp, settings: 1, files: Vec::new() };
            manifest.apply(&[], files.into_iter().map(|(file, (size, mtime, ino, hash, id, names))| {
                (file, FileState::new(size, mtime, ino, hash, id, &names))
            }).collect());
            manifest.write(&path, 3).unwrap();
            proptest::prop_assert_eq!(Manifest::read(&path, 3), Some(manifest));
        }
    }
}

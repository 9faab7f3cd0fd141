//! Walking the base for documents.

use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use walkdir::WalkDir;

use crate::model::{Code, Finding};

/// Which paths under the root are documents.
#[derive(Debug, Clone)]
pub struct FileFilter {
    exclude: GlobSet,
}

impl FileFilter {
    /// A filter excluding the given globs (relative to the root).
    pub fn new(exclude: &[String]) -> Result<FileFilter, String> {
        let mut builder = GlobSetBuilder::new();
        for pattern in exclude {
            let glob = Glob::new(pattern).map_err(|err| format!("exclude `{pattern}`: {err}"))?;
            builder.add(glob);
        }
        let exclude = builder.build().map_err(|err| err.to_string())?;
        Ok(FileFilter { exclude })
    }

    /// True when a folder at `rel` (relative, `/` separators) is never walked into.
    pub fn skips_dir(&self, rel: &str) -> bool {
        let name = rel.rsplit('/').next().unwrap_or(rel);
        name.starts_with('.')
            || (!rel.contains('/') && matches!(name, "target" | "templates" | "node_modules"))
            || self.exclude.is_match(rel)
    }

    /// True when the file at `rel`, in a folder the walk already accepted, is a candidate
    /// document: Markdown and not excluded.
    fn takes_walked_file(&self, rel: &str) -> bool {
        let is_markdown = rel
            .rsplit_once('.')
            .is_some_and(|(_, ext)| ext.eq_ignore_ascii_case("md"));
        is_markdown && !self.exclude.is_match(rel)
    }

    /// True when the file at `rel` is a candidate document.
    pub fn takes_file(&self, rel: &str) -> bool {
        if !self.takes_walked_file(rel) {
            return false;
        }
        let mut folders = rel.split('/').collect::<Vec<_>>();
        folders.pop();
        let mut prefix = String::new();
        for folder in folders {
            if !prefix.is_empty() {
                prefix.push('/');
            }
            prefix.push_str(folder);
            if self.skips_dir(&prefix) {
                return false;
            }
        }
        true
    }
}

/// The documents found under a root.
#[derive(Debug, Default)]
pub struct Discovered {
    /// Paths relative to the root, `/` separators, sorted.
    pub files: Vec<String>,
    /// Folders or links that could not be read.
    pub problems: Vec<Finding>,
}

/// Path of `path` relative to `root`, with `/` separators.
pub fn relative(root: &Path, path: &Path) -> String {
    // A walk's paths are `root` joined with names: cut the prefix as bytes, which costs a
    // fraction of comparing component by component (a quarter of a walk's time).
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let (whole, prefix) = (path.as_os_str().as_bytes(), root.as_os_str().as_bytes());
        if let Some(rest) = whole
            .strip_prefix(prefix)
            .and_then(|r| r.strip_prefix(b"/"))
            && !prefix.is_empty()
            && !prefix.ends_with(b"/")
            && !rest.is_empty()
            && !rest.starts_with(b"/")
            && let Ok(text) = std::str::from_utf8(rest)
            && !text.split('/').any(|part| part.is_empty() || part == ".")
        {
            return text.to_string();
        }
    }
    let rel = path.strip_prefix(root).unwrap_or(path);
    match rel.to_str() {
        Some(text) if std::path::MAIN_SEPARATOR == '/' => text.to_string(),
        _ => rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/"),
    }
}

/// A walk's full result: the documents with their inode numbers, and every folder walked
/// with its modification time (what the index refresh needs to skip the next walk).
#[derive(Debug, Default)]
pub struct Walked {
    /// (path relative to the root, inode number or 0 where there is none), sorted by path.
    pub files: Vec<(String, u64)>,
    /// (folder relative to the root, `""` for the root itself; modification time in
    /// nanoseconds since the epoch), in walk order.
    pub folders: Vec<(String, i128)>,
    /// Folders or links that could not be read.
    pub problems: Vec<Finding>,
}

/// Walks `root` (following links, reporting loops) for Markdown files.
pub fn discover(root: &Path, filter: &FileFilter) -> Discovered {
    let walked = walk(root, filter);
    Discovered {
        files: walked.files.into_iter().map(|(path, _)| path).collect(),
        problems: walked.problems,
    }
}

/// Modification time of a file's metadata, in nanoseconds since the epoch (0 when unknown).
pub fn mtime_ns(meta: &std::fs::Metadata) -> i128 {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos() as i128)
}

/// Inode number of a file (0 where the platform has none).
pub fn inode(meta: &std::fs::Metadata) -> u64 {
    #[cfg(unix)]
    {
        std::os::unix::fs::MetadataExt::ino(meta)
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        0
    }
}

/// Walks `root` like [`discover`], also keeping inode numbers and folder times.
pub fn walk(root: &Path, filter: &FileFilter) -> Walked {
    let mut found = Walked::default();
    let walker = WalkDir::new(root)
        .follow_links(true)
        .into_iter()
        .filter_entry(|entry| {
            entry.depth() == 0
                || !entry.file_type().is_dir()
                || !filter.skips_dir(&relative(root, entry.path()))
        });
    for entry in walker {
        match entry {
            Ok(entry) => {
                if entry.file_type().is_dir() {
                    let mtime = entry.metadata().map_or(0, |meta| mtime_ns(&meta));
                    found.folders.push((relative(root, entry.path()), mtime));
                } else if entry.file_type().is_file()
                    && entry
                        .path()
                        .extension()
                        .is_some_and(|ext| ext.eq_ignore_ascii_case("md"))
                {
                    let rel = relative(root, entry.path());
                    if filter.takes_walked_file(&rel) {
                        #[cfg(unix)]
                        let ino = if entry.path_is_symlink() {
                            0
                        } else {
                            walkdir::DirEntryExt::ino(&entry)
                        };
                        #[cfg(not(unix))]
                        let ino = 0;
                        found.files.push((rel, ino));
                    }
                }
            }
            Err(err) => {
                let path: PathBuf = err.path().map(Path::to_path_buf).unwrap_or_default();
                let rel = relative(root, &path);
                let message = if let Some(ancestor) = err.loop_ancestor() {
                    format!(
                        "symbolic link loop: `{rel}` leads back to `{}`; skipped",
                        relative(root, ancestor)
                    )
                } else {
                    let cause = err
                        .io_error()
                        .map(|io| io.to_string())
                        .unwrap_or_else(|| err.to_string());
                    format!("cannot read `{rel}`: {cause}")
                };
                if rel.is_empty()
                    || filter.takes_file(&rel)
                    || path.is_dir()
                    || err.loop_ancestor().is_some()
                    || path.symlink_metadata().is_ok()
                {
                    found
                        .problems
                        .push(Finding::new(Code::UnreadableFile, &rel, 0, message));
                }
            }
        }
    }
    // Paths are unique: no order among equals to keep.
    found.files.sort_unstable();
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_are_the_same_by_bytes_and_by_components() {
        let by_components = |root: &str, path: &str| {
            let rel = Path::new(path)
                .strip_prefix(root)
                .unwrap_or(Path::new(path));
            rel.to_string_lossy().into_owned()
        };
        for (root, path) in [
            ("/base", "/base/notes/a.md"),
            ("/base/", "/base/notes/a.md"),
            ("base", "base/a.md"),
            ("./base", "./base/x/y/z.md"),
            ("/base", "/base/./a.md"),
            ("/base", "/base//a.md"),
            ("/base", "/base/notes/"),
            ("/base", "/basement/a.md"),
            ("", "notes/a.md"),
            ("/base", "/base"),
        ] {
            assert_eq!(
                relative(Path::new(root), Path::new(path)),
                by_components(root, path)
            );
        }
    }

    #[test]
    fn skips_hidden_target_templates_and_excluded() {
        let filter = FileFilter::new(&["drafts/**".to_string()]).unwrap();
        assert!(filter.takes_file("notes/a.md"));
        assert!(filter.takes_file("README.MD"));
        assert!(!filter.takes_file("notes/a.txt"));
        assert!(!filter.takes_file(".git/x.md"));
        assert!(!filter.takes_file("a/.hidden/x.md"));
        assert!(!filter.takes_file("templates/note.md"));
        assert!(filter.takes_file("notes/templates/note.md"));
        assert!(!filter.takes_file("target/x.md"));
        assert!(!filter.takes_file("drafts/x.md"));
    }

    #[test]
    fn walks_and_reports_link_loops() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("notes/sub")).unwrap();
        std::fs::create_dir_all(root.join(".kb")).unwrap();
        std::fs::write(root.join("notes/a.md"), "x").unwrap();
        std::fs::write(root.join("notes/sub/b.md"), "x").unwrap();
        std::fs::write(root.join(".kb/c.md"), "x").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(root.join("notes"), root.join("notes/sub/loop")).unwrap();
        let found = discover(root, &FileFilter::new(&[]).unwrap());
        assert_eq!(found.files, ["notes/a.md", "notes/sub/b.md"]);
        #[cfg(unix)]
        {
            assert_eq!(found.problems.len(), 1, "{:?}", found.problems);
            assert!(found.problems[0].message.starts_with("symbolic link loop"));
        }
    }
}

//! What `git commit` is about to record: the documents in the git index, and what the
//! commit changes against HEAD.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use anyhow::{Context, Result, bail};
use git2::{Delta, Repository};

use super::discover::FileFilter;

/// The staged documents of a base, not yet read.
#[derive(Debug)]
pub struct StagedSnapshot {
    /// Every staged document.
    pub files: Vec<StagedFile>,
    /// Paths (relative to the base root) that the commit adds or changes.
    pub changed: HashSet<String>,
    /// The HEAD versions of documents the commit changes or deletes: (path, blob).
    pub replaced: Vec<(String, git2::Oid)>,
    /// Where to read the blobs from.
    pub blobs: BlobSource,
}

/// One staged document.
#[derive(Debug, Clone)]
pub struct StagedFile {
    /// Path relative to the base root.
    pub path: String,
    /// Its blob.
    pub blob: git2::Oid,
    /// Its size in bytes, as the index records it.
    pub size: u64,
    /// Its modification time when it was staged, nanoseconds since the epoch.
    pub mtime_ns: i128,
    /// Its inode when it was staged (truncated to 32 bits, as git keeps it).
    ino: u32,
    /// Where it is in the working tree.
    worktree_path: PathBuf,
}

/// The object database blobs are read from; each thread opens its own reader.
#[derive(Debug, Clone)]
pub struct BlobSource {
    git_dir: PathBuf,
    /// When the git index file was last written (for git's "racily clean" rule).
    index_written: Option<SystemTime>,
}

/// Reads blobs; not shared between threads.
pub struct BlobReader {
    repo: Repository,
    index_written: Option<SystemTime>,
}

impl BlobSource {
    /// A reader for this thread.
    pub fn reader(&self) -> Result<BlobReader> {
        let repo = Repository::open(&self.git_dir)
            .with_context(|| format!("cannot open {}", self.git_dir.display()))?;
        Ok(BlobReader {
            repo,
            index_written: self.index_written,
        })
    }
}

impl BlobReader {
    /// The staged content of a file. When git's stat cache shows the working-tree file
    /// still holds exactly the staged content, it is read from there (cheaper than
    /// inflating the blob).
    pub fn read(&self, file: &StagedFile) -> Result<Vec<u8>> {
        if stat_clean(file, self.index_written)
            && let Ok(content) = std::fs::read(&file.worktree_path)
            && content.len() as u64 == file.size
        {
            return Ok(content);
        }
        self.read_blob(file.blob, &file.path)
    }

    /// The content of a blob (`path` names it in errors).
    pub fn read_blob(&self, blob: git2::Oid, path: &str) -> Result<Vec<u8>> {
        let blob = self
            .repo
            .find_blob(blob)
            .with_context(|| format!("cannot read the git blob of {path}"))?;
        Ok(blob.content().to_vec())
    }
}

/// The repository holding `path`; `Err` says why there is none in words (libgit2's own
/// message carries its error class and code, which mean nothing to a user).
pub fn discover(path: &Path) -> std::result::Result<Repository, String> {
    Repository::discover(path).map_err(|err| match err.code() {
        git2::ErrorCode::NotFound => "in no git repository (run `git init` first)".to_string(),
        _ => format!("not readable as a git repository ({})", err.message()),
    })
}

/// Opens the repository holding `root` (the innermost one, when repositories nest). When
/// the environment names that same repository, as git does for a hook, it is opened from
/// the environment so that `GIT_INDEX_FILE` is honoured (git points it at a temporary
/// index during `git commit -a` and `git commit PATHS`).
fn open_repository(root: &Path) -> Result<Repository> {
    let discovered = discover(root).map_err(|why| {
        anyhow::anyhow!(
            "`--staged` checks what git is about to commit, but {} is {why}",
            root.display()
        )
    })?;
    let workdir_of = |repo: &Repository| repo.workdir().and_then(|dir| dir.canonicalize().ok());
    if let Ok(from_env) = Repository::open_from_env()
        && workdir_of(&from_env).is_some()
        && workdir_of(&from_env) == workdir_of(&discovered)
    {
        return Ok(from_env);
    }
    Ok(discovered)
}

/// Lists the staged documents under `root` and what the commit changes.
pub fn staged_snapshot(root: &Path, filter: &FileFilter) -> Result<StagedSnapshot> {
    let repo = open_repository(root)?;
    let Some(workdir) = repo.workdir() else {
        bail!(
            "the repository at {} is bare: there is nothing staged to check",
            repo.path().display()
        );
    };
    let workdir: PathBuf = workdir
        .canonicalize()
        .unwrap_or_else(|_| workdir.to_path_buf());
    let prefix = root
        .strip_prefix(&workdir)
        .map(|p| super::discover::relative(Path::new(""), p))
        .unwrap_or_default();
    let prefix = if prefix.is_empty() {
        String::new()
    } else {
        format!("{prefix}/")
    };
    let index = repo.index().context("cannot read the git index")?;
    let index_written = index
        .path()
        .and_then(|path| std::fs::metadata(path).ok())
        .and_then(|meta| meta.modified().ok());
    let mut snapshot = StagedSnapshot {
        files: Vec::new(),
        changed: HashSet::new(),
        replaced: Vec::new(),
        blobs: BlobSource {
            git_dir: repo.path().to_path_buf(),
            index_written,
        },
    };
    for entry in index.iter() {
        let stage = (entry.flags >> 12) & 0x3;
        if stage > 1 {
            continue;
        }
        let Ok(path) = std::str::from_utf8(&entry.path) else {
            continue;
        };
        let Some(rel) = path.strip_prefix(prefix.as_str()) else {
            continue;
        };
        if !filter.takes_file(rel) {
            continue;
        }
        snapshot.files.push(StagedFile {
            path: rel.to_string(),
            blob: entry.id,
            size: u64::from(entry.file_size),
            mtime_ns: i128::from(entry.mtime.seconds()) * 1_000_000_000
                + i128::from(entry.mtime.nanoseconds()),
            ino: entry.ino,
            worktree_path: workdir.join(path),
        });
    }

    let head_tree = repo.head().ok().and_then(|head| head.peel_to_tree().ok());
    let mut options = git2::DiffOptions::new();
    if !prefix.is_empty() {
        options.pathspec(&prefix);
    }
    let diff = repo
        .diff_tree_to_index(head_tree.as_ref(), Some(&index), Some(&mut options))
        .context("cannot compare the index with HEAD")?;
    for delta in diff.deltas() {
        if let Some(path) = delta.new_file().path().and_then(Path::to_str)
            && let Some(rel) = path.strip_prefix(prefix.as_str())
            && delta.status() != Delta::Deleted
        {
            snapshot.changed.insert(rel.to_string());
        }
        if matches!(
            delta.status(),
            Delta::Modified | Delta::Deleted | Delta::Renamed | Delta::Typechange
        ) && let Some(path) = delta.old_file().path().and_then(Path::to_str)
            && let Some(rel) = path.strip_prefix(prefix.as_str())
            && filter.takes_file(rel)
        {
            snapshot
                .replaced
                .push((rel.to_string(), delta.old_file().id()));
        }
    }
    Ok(snapshot)
}

/// True when the working-tree file still has the size, inode and modification time the
/// git index recorded for it, and was not modified in the same instant the index was
/// written (git's "racily clean" case): then its content is the staged blob.
#[cfg(unix)]
fn stat_clean(file: &StagedFile, index_written: Option<SystemTime>) -> bool {
    use std::os::unix::fs::MetadataExt;
    let (Ok(meta), Some(index_written)) = (
        std::fs::symlink_metadata(&file.worktree_path),
        index_written,
    ) else {
        return false;
    };
    let Ok(modified) = meta.modified() else {
        return false;
    };
    meta.is_file()
        && meta.len() == file.size
        && meta.ino() as u32 == file.ino
        && i128::from(meta.mtime()) * 1_000_000_000 + i128::from(meta.mtime_nsec()) == file.mtime_ns
        && modified < index_written
}

/// Without unix metadata kb always reads the blob.
#[cfg(not(unix))]
fn stat_clean(_: &StagedFile, _: Option<SystemTime>) -> bool {
    false
}

//! What `git commit` is about to record: the documents in the git index.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use git2::{Repository, RepositoryOpenFlags};

use super::discover::FileFilter;

/// The staged snapshot of a base.
#[derive(Debug, Default)]
pub struct StagedSnapshot {
    /// Every staged document: path relative to the base root, and its blob (`None` when
    /// it is larger than the size limit and was not read).
    pub files: Vec<(String, Option<Vec<u8>>)>,
    /// Paths (relative to the base root) that the commit adds or changes.
    pub changed: HashSet<String>,
}

/// Opens the repository as git itself would for a hook (honouring `GIT_DIR` and
/// `GIT_INDEX_FILE`), falling back to discovering it from the base root.
fn open_repository(root: &Path) -> Result<Repository> {
    if let Ok(repo) = Repository::open_from_env()
        && let Some(workdir) = repo.workdir()
        && let Ok(workdir) = workdir.canonicalize()
        && root.starts_with(&workdir)
    {
        return Ok(repo);
    }
    Repository::open_ext(
        root,
        RepositoryOpenFlags::FROM_ENV,
        std::iter::empty::<&Path>(),
    )
    .or_else(|_| Repository::discover(root))
    .with_context(|| {
        format!(
            "`--staged` needs a git repository, and {} is in none",
            root.display()
        )
    })
}

/// Reads the staged documents under `root`.
pub fn staged_snapshot(
    root: &Path,
    filter: &FileFilter,
    max_file_size: u64,
) -> Result<StagedSnapshot> {
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

    let mut snapshot = StagedSnapshot::default();
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
        let content = if u64::from(entry.file_size) > max_file_size {
            None
        } else {
            let blob = repo
                .find_blob(entry.id)
                .with_context(|| format!("cannot read the staged blob of {path}"))?;
            Some(blob.content().to_vec())
        };
        snapshot.files.push((rel.to_string(), content));
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
        {
            snapshot.changed.insert(rel.to_string());
        }
    }
    Ok(snapshot)
}

//! Finding the base root: `kb.toml`, else the git work tree, else the folder itself.

use std::path::{Path, PathBuf};

use crate::config::CONFIG_FILE;

/// The base root for `start` (a folder or a file): the nearest ancestor holding
/// `kb.toml`; failing that, the root of the git work tree; failing that, the folder.
pub fn find_root(start: &Path) -> PathBuf {
    let folder = if start.is_dir() {
        start
    } else {
        start.parent().unwrap_or(start)
    };
    let folder = folder
        .canonicalize()
        .unwrap_or_else(|_| folder.to_path_buf());
    if let Some(with_config) = folder
        .ancestors()
        .find(|dir| dir.join(CONFIG_FILE).is_file())
    {
        return with_config.to_path_buf();
    }
    if let Ok(repo) = git2::Repository::discover(&folder)
        && let Some(workdir) = repo.workdir()
    {
        return workdir
            .canonicalize()
            .unwrap_or_else(|_| workdir.to_path_buf());
    }
    folder
}

/// True for a root that was found by falling back to the folder itself and is the file
/// system's root or the home folder: indexing that whole is never what was meant (`kb
/// search` run from `~` by mistake).
pub fn is_unlikely_base(root: &Path) -> bool {
    if root.join(CONFIG_FILE).is_file() || root.join(".git").exists() {
        return false;
    }
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .and_then(|home| home.canonicalize().ok());
    root.parent().is_none() || home.as_deref() == Some(root)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_config_wins() {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path().join("base");
        std::fs::create_dir_all(base.join("notes")).unwrap();
        std::fs::write(base.join(CONFIG_FILE), "").unwrap();
        let root = find_root(&base.join("notes"));
        assert_eq!(root, base.canonicalize().unwrap());
        let root = find_root(&base.join("notes/x.md"));
        assert_eq!(root, base.canonicalize().unwrap());
    }

    #[test]
    fn root_and_home_are_no_bases_without_kb_toml() {
        assert!(is_unlikely_base(Path::new("/")));
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().canonicalize().unwrap();
        assert!(!is_unlikely_base(&folder));
    }

    #[test]
    fn git_root_without_config() {
        let dir = tempfile::tempdir().unwrap();
        git2::Repository::init(dir.path()).unwrap();
        std::fs::create_dir_all(dir.path().join("a/b")).unwrap();
        assert_eq!(
            find_root(&dir.path().join("a/b")),
            dir.path().canonicalize().unwrap()
        );
    }
}

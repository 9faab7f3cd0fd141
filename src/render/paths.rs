//! Showing base-relative paths relative to where the user stands.

use std::path::{Component, Path};

/// The prefix that turns a base-relative path into one relative to `cwd`: `""` when the
/// base root is `cwd`, `kb/` below it, `../` above it, else the absolute root.
pub fn display_prefix(root: &Path, cwd: &Path) -> String {
    let cwd = cwd.canonicalize().unwrap_or_else(|_| cwd.to_path_buf());
    let root_parts: Vec<Component> = root.components().collect();
    let cwd_parts: Vec<Component> = cwd.components().collect();
    let common = root_parts
        .iter()
        .zip(&cwd_parts)
        .take_while(|(a, b)| a == b)
        .count();
    if common == 0 || (common == 1 && root_parts.len() > 1 && cwd_parts.len() > 1) {
        return format!("{}/", root.display());
    }
    let mut prefix = String::new();
    for _ in common..cwd_parts.len() {
        prefix.push_str("../");
    }
    for part in &root_parts[common..] {
        prefix.push_str(&part.as_os_str().to_string_lossy());
        prefix.push('/');
    }
    prefix
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes() {
        let root = Path::new("/work/repo/kb");
        assert_eq!(display_prefix(root, Path::new("/work/repo/kb")), "");
        assert_eq!(display_prefix(root, Path::new("/work/repo")), "kb/");
        assert_eq!(
            display_prefix(root, Path::new("/work/repo/kb/notes")),
            "../"
        );
        assert_eq!(
            display_prefix(root, Path::new("/work/other")),
            "../repo/kb/"
        );
        assert_eq!(
            display_prefix(root, Path::new("/elsewhere")),
            "/work/repo/kb/"
        );
    }
}

//! Helpers shared by the CLI tests.

use std::path::{Path, PathBuf};
use std::process::Command;

/// `kb` with a pinned today, no colour and no git variables from the outside.
pub fn kb(cwd: &Path) -> assert_cmd::Command {
    let mut command = assert_cmd::Command::cargo_bin("kb").expect("kb is built");
    command
        .current_dir(cwd)
        .env("KB_TODAY", "2024-06-01")
        .env("NO_COLOR", "1")
        .env_remove("KB_DIR")
        .env_remove("GIT_DIR")
        .env_remove("GIT_INDEX_FILE")
        .env_remove("GIT_WORK_TREE");
    command
}

/// Runs git in `cwd`, panicking with its output when it fails.
pub fn git(cwd: &Path, args: &[&str]) -> std::process::Output {
    let output = git_command(cwd).args(args).output().expect("git runs");
    assert!(
        output.status.success(),
        "git {args:?} failed: {}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// A git command with a fixed identity and no outside configuration.
pub fn git_command(cwd: &Path) -> Command {
    let mut command = Command::new("git");
    command
        .current_dir(cwd)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.nl")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.nl")
        .env("KB_TODAY", "2024-06-01")
        .env("NO_COLOR", "1")
        .env_remove("GIT_DIR")
        .env_remove("GIT_INDEX_FILE")
        .env_remove("GIT_WORK_TREE");
    command
}

/// Writes `content` to `root/rel`, making folders.
pub fn write(root: &Path, rel: &str, content: &str) -> PathBuf {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, content).unwrap();
    path
}

/// A small valid note.
pub fn note(title: &str, body: &str) -> String {
    format!("---\ntype: note\ntitle: {title}\n---\n\n{body}\n")
}

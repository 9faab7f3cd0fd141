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
        .env_remove("CLICOLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("COLUMNS")
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

/// A fresh copy of kb/ in a temporary folder (each test its own, so that tests running at
/// once do not share an index): the folder to keep alive, and the copy's root.
pub fn example_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    copy_base("kb", &dir.path().join("kb"));
    let root = dir.path().join("kb");
    (dir, root)
}

/// A fresh copy of the fixture base `tests/fixtures/NAME`.
pub fn fixture_copy(name: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join(name);
    copy_base(&format!("tests/fixtures/{name}"), &root);
    (dir, root)
}

fn copy_base(from: &str, to: &Path) {
    copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join(from), to);
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        if name == ".kb" {
            continue;
        }
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &to.join(&name));
        } else {
            std::fs::copy(entry.path(), to.join(&name)).unwrap();
        }
    }
}

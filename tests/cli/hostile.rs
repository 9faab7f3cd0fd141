//! Bad input from the file system: huge files, link loops, unreadable files. Each gives a
//! finding naming the file, and the other files are still checked.

use crate::support::{kb, note, write};

#[test]
fn a_50_mb_file_is_reported_and_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "kb.toml", "");
    write(root, "notes/ok.md", &note("Ok", "[[nope]]"));
    let mut huge = note("Groot", "");
    huge.push_str(&"x".repeat(50 * 1024 * 1024));
    write(root, "notes/groot.md", &huge);
    let output = kb(root).arg("check").output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.contains("notes/groot.md: error[file-too-large]: the file is larger than max-file-size (8388608 bytes) and was skipped"), "{stdout}");
    assert!(
        stdout.contains("notes/ok.md:6:1: error[unresolved-reference]"),
        "{stdout}"
    );
}

#[test]
fn a_large_file_within_a_raised_limit_is_checked() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "kb.toml", "[check]\nmax-file-size = 100000000\n");
    let mut huge = note("Groot", "");
    huge.push_str(&"woord ".repeat(9 * 1024 * 1024));
    write(root, "notes/groot.md", &huge);
    kb(root).arg("check").assert().code(0);
}

#[cfg(unix)]
#[test]
fn symlink_loops_and_dangling_links_are_findings() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "kb.toml", "");
    write(root, "notes/ok.md", &note("Ok", ""));
    write(root, "notes/bad.md", &note("Bad", "[[nope]]"));
    std::os::unix::fs::symlink(root.join("notes"), root.join("notes/loop")).unwrap();
    std::os::unix::fs::symlink(root.join("nowhere.md"), root.join("notes/dangling.md")).unwrap();
    let output = kb(root).arg("check").output().unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("notes/loop: error[unreadable-file]: symbolic link loop: `notes/loop` leads back to `notes`; skipped"), "{stdout}");
    assert!(
        stdout.contains("notes/dangling.md: error[unreadable-file]"),
        "{stdout}"
    );
    assert!(
        stdout.contains("notes/bad.md:6:1: error[unresolved-reference]"),
        "{stdout}"
    );
}

#[cfg(unix)]
#[test]
fn an_unreadable_file_is_a_finding() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "kb.toml", "");
    write(root, "notes/ok.md", &note("Ok", ""));
    let secret = write(root, "notes/geheim.md", &note("Geheim", ""));
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&secret).is_ok() {
        // Running as root: permissions do not stop reading; the dangling-link test above
        // covers unreadable files.
        return;
    }
    let output = kb(root).arg("check").output().unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stdout.contains("notes/geheim.md: error[unreadable-file]: cannot read the file"),
        "{stdout}"
    );
}

#[test]
fn no_document_is_ever_written_by_check() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "kb.toml", "");
    let path = write(root, "notes/a.md", "---\ntype: note\ntitle: [\n---\n");
    let before = std::fs::read(&path).unwrap();
    kb(root).arg("check").assert().code(1);
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert!(!root.join(".kb").exists() || root.join(".kb").is_dir());
}

#[test]
fn usage_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    kb(dir.path())
        .args(["check", "--deny", "everything"])
        .assert()
        .code(2);
    kb(dir.path()).args(["frobnicate"]).assert().code(2);
    kb(dir.path())
        .arg("check")
        .env("KB_TODAY", "gisteren")
        .assert()
        .code(2)
        .stderr("kb: error: KB_TODAY=`gisteren` is not a date: write YYYY-MM-DD\n");
}

#[test]
fn colour_follows_the_flag_and_no_color() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "kb.toml", "");
    write(root, "notes/a.md", &note("A", "[[nope]]"));
    let coloured = kb(root)
        .args(["--color", "always", "check"])
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    assert!(
        String::from_utf8(coloured.stdout)
            .unwrap()
            .contains("\u{1b}[")
    );
    let plain = kb(root)
        .args(["--color", "never", "check"])
        .output()
        .unwrap();
    assert!(!String::from_utf8(plain.stdout).unwrap().contains('\u{1b}'));
    // Not a terminal, NO_COLOR set: plain by default.
    let auto = kb(root).arg("check").output().unwrap();
    assert!(!String::from_utf8(auto.stdout).unwrap().contains('\u{1b}'));
}

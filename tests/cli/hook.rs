//! The pre-commit hook: a real `git commit` is rejected for a broken staged file and
//! accepted once it is fixed, also with `git commit -a`.

use std::path::Path;

use crate::support::{git, git_command, kb, note, write};

fn new_repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    git(root, &["init", "-q", "-b", "main"]);
    kb(root).arg("init").assert().code(0);
    write(
        root,
        "contacts/people/edith-boonsma.md",
        "---\ntype: person\nname: Edith Boonsma\n---\n",
    );
    git(root, &["add", "-A"]);
    git(root, &["commit", "-q", "-m", "begin"]);
    kb(root).args(["hook", "install"]).assert().code(0);
    dir
}

fn commit(root: &Path, args: &[&str]) -> (bool, String) {
    let output = git_command(root).arg("commit").args(args).output().unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.success(), text)
}

#[test]
fn commit_is_rejected_until_the_staged_file_is_fixed() {
    let dir = new_repo();
    let root = dir.path();
    write(root, "notes/n.md", &note("N", "Met [[boomsma]]."));
    git(root, &["add", "notes/n.md"]);
    let (ok, output) = commit(root, &["-q", "-m", "kapot"]);
    assert!(!ok, "{output}");
    assert!(
        output.contains(
            "notes/n.md:6:5: error[unresolved-reference]: [[boomsma]] refers to no document"
        ),
        "{output}"
    );
    assert!(
        output.contains("did you mean `edith-boonsma` (Edith Boonsma)?"),
        "{output}"
    );

    write(root, "notes/n.md", &note("N", "Met [[edith-boonsma]]."));
    git(root, &["add", "notes/n.md"]);
    let (ok, output) = commit(root, &["-q", "-m", "heel"]);
    assert!(ok, "{output}");
}

#[test]
fn commit_a_checks_the_temporary_index() {
    let dir = new_repo();
    let root = dir.path();
    write(root, "notes/n.md", &note("N", "Goed."));
    git(root, &["add", "notes/n.md"]);
    git(root, &["commit", "-q", "-m", "goed"]);
    // Broken only in the working tree: `git commit -a` stages it into a temporary index.
    write(root, "notes/n.md", "---\ntype: note\ntitle: [kapot\n---\n");
    let (ok, output) = commit(root, &["-a", "-q", "-m", "kapot"]);
    assert!(!ok, "{output}");
    assert!(
        output.contains("notes/n.md:4:1: error[yaml-syntax]"),
        "{output}"
    );
    // `git commit PATH` too.
    let (ok, _) = commit(root, &["-q", "-m", "kapot", "notes/n.md"]);
    assert!(!ok);
    write(root, "notes/n.md", &note("N", "Weer goed."));
    let (ok, output) = commit(root, &["-a", "-q", "-m", "heel"]);
    assert!(ok, "{output}");
}

#[test]
fn staged_ignores_the_working_tree() {
    let dir = new_repo();
    let root = dir.path();
    // Staged file refers to a document that exists only in the working tree.
    write(root, "notes/n.md", &note("N", "Zie [[alleen-hier]]."));
    write(root, "notes/alleen-hier.md", &note("Alleen hier", ""));
    git(root, &["add", "notes/n.md"]);
    let output = kb(root).args(["check", "--staged"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        "notes/n.md:6:5: error[unresolved-reference]: [[alleen-hier]] refers to no document\n  help: create the document (`kb new person \"Name\"` or `kb new organisation \"Name\"`) or fix the id\n\n1 staged file and the references to it checked: 1 error, 0 warnings in 1 file\n"
    );
    // The working tree itself is fine.
    kb(root).arg("check").assert().code(0);
    // Deleting a referenced document in the commit breaks an unchanged file.
    git(root, &["add", "notes/alleen-hier.md"]);
    git(root, &["commit", "-q", "--no-verify", "-m", "beide"]);
    git(root, &["rm", "-q", "notes/alleen-hier.md"]);
    let output = kb(root).args(["check", "--staged"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(
        String::from_utf8(output.stdout)
            .unwrap()
            .contains("notes/n.md:6:5: error[unresolved-reference]")
    );
}

#[test]
fn hook_install_respects_foreign_hooks() {
    let dir = new_repo();
    let root = dir.path();
    let hook = root.join(".git/hooks/pre-commit");
    let ours = std::fs::read_to_string(&hook).unwrap();
    assert!(ours.contains("check --staged"), "{ours}");
    kb(root).args(["hook", "install"]).assert().code(0);
    std::fs::write(&hook, "#!/bin/sh\necho eigen\n").unwrap();
    kb(root)
        .args(["hook", "install"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("was not written by kb"));
    assert_eq!(
        std::fs::read_to_string(&hook).unwrap(),
        "#!/bin/sh\necho eigen\n"
    );
    kb(root)
        .args(["hook", "install", "--force"])
        .assert()
        .code(0);
    assert!(
        std::fs::read_to_string(&hook)
            .unwrap()
            .contains("check --staged")
    );
}

#[test]
fn hook_for_a_base_in_a_subfolder() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    git(root, &["init", "-q", "-b", "main"]);
    kb(root).args(["init", "docs/kb"]).assert().code(0);
    let base = root.join("docs/kb");
    kb(&base).args(["hook", "install"]).assert().code(0);
    let hook = std::fs::read_to_string(root.join(".git/hooks/pre-commit")).unwrap();
    assert!(hook.contains("--kb 'docs/kb' check --staged"), "{hook}");
    write(&base, "notes/n.md", "---\ntype: note\n---\n");
    git(root, &["add", "-A"]);
    let (ok, output) = commit(root, &["-q", "-m", "x"]);
    assert!(!ok);
    assert!(
        output.contains("docs/kb/notes/n.md:2: error[missing-field]"),
        "{output}"
    );
}

#[test]
fn staged_uses_the_innermost_repository() {
    // A base in its own repository inside another repository (as benches/ makes them).
    let dir = new_repo();
    let outer = dir.path();
    let inner = outer.join("sub/base");
    std::fs::create_dir_all(&inner).unwrap();
    git(&inner, &["init", "-q", "-b", "main"]);
    write(&inner, "kb.toml", "");
    write(&inner, "notes/n.md", &note("N", "[[nope]]"));
    git(&inner, &["add", "-A"]);
    let output = kb(outer)
        .args(["--kb", "sub/base", "check", "--staged"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(
        String::from_utf8(output.stdout)
            .unwrap()
            .contains("sub/base/notes/n.md:6:1: error[unresolved-reference]")
    );
}

#[test]
fn staged_check_takes_unchanged_documents_from_the_index() {
    let dir = new_repo();
    let root = dir.path();
    write(
        root,
        "notes/verwijst.md",
        &note("Verwijst", "Zie [[Edith Boonsma]] en [[doel]]."),
    );
    write(root, "notes/doel.md", &note("Doel", ""));
    git(root, &["add", "-A"]);
    git(root, &["commit", "-q", "-m", "twee"]);
    kb(root).arg("index").assert().code(0);

    // A new file: its references resolve against the documents the index knows.
    write(
        root,
        "notes/nieuw.md",
        &note("Nieuw", "Met [[edith-boonsma]] en [[boomsma]]."),
    );
    git(root, &["add", "notes/nieuw.md"]);
    let output = kb(root)
        .args(["check", "--staged"])
        .env("KB_TIMING", "1")
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&output.stderr)
            .contains("staged: 3 documents from the index, 1 parsed"),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        "notes/nieuw.md:6:26: error[unresolved-reference]: [[boomsma]] refers to no document\n  help: did you mean `edith-boonsma` (Edith Boonsma)?\n\n1 staged file and the references to it checked: 1 error, 0 warnings in 1 file\n"
    );
    // An id the index already knows is a duplicate.
    write(
        root,
        "notes/nieuw.md",
        "---\ntype: note\nid: doel\ntitle: Nieuw\n---\n",
    );
    git(root, &["add", "notes/nieuw.md"]);
    let output = kb(root).args(["check", "--staged"]).output().unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        stdout.contains(
            "notes/nieuw.md:3: error[duplicate-id]: id `doel` is also used by notes/doel.md"
        ),
        "{stdout}"
    );
    git(root, &["rm", "-q", "--cached", "notes/nieuw.md"]);

    // Deleting a document that an unchanged file refers to is caught.
    git(root, &["rm", "-q", "notes/doel.md"]);
    let output = kb(root).args(["check", "--staged"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        stdout.contains(
            "notes/verwijst.md:6:26: error[unresolved-reference]: [[doel]] refers to no document"
        ),
        "{stdout}"
    );
    git(root, &["reset", "-q", "--hard"]);

    // So is renaming a person that an unchanged file refers to by name.
    write(
        root,
        "contacts/people/edith-boonsma.md",
        "---\ntype: person\nid: edith-b\nname: Edith B.\n---\n",
    );
    git(root, &["add", "-A"]);
    let output = kb(root).args(["check", "--staged"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(
        String::from_utf8(output.stdout)
            .unwrap()
            .contains("notes/verwijst.md:6:5: error[unresolved-reference]: [[Edith Boonsma]]")
    );
    git(root, &["reset", "-q", "--hard"]);

    // An unstaged edit of an unchanged file does not count: the staged version does.
    write(
        root,
        "notes/doel.md",
        "---\ntype: note\ntitle: [kapot\n---\n",
    );
    kb(root).args(["check", "--staged"]).assert().code(0);
}

#[test]
fn staged_summary_counts_documents_not_other_files() {
    // Regression: the count included every changed path, kb.toml and templates too.
    let dir = new_repo();
    let root = dir.path();
    write(root, "notes/n.md", &note("N", "Goed."));
    write(root, "kb.toml", "name = \"ander\"\n");
    write(
        root,
        "templates/note.md",
        "---\ntype: note\ntitle: x\n---\n",
    );
    git(root, &["add", "-A"]);
    kb(root)
        .args(["check", "--staged"])
        .assert()
        .code(0)
        .stdout("1 staged file and the references to it checked: no problems\n");
}

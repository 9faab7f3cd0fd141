//! `kb init`, `kb new`, completions and the manual page.

use crate::support::{kb, write};

#[test]
fn init_makes_a_base_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("mijn-kb");
    kb(dir.path())
        .args(["init", "mijn-kb"])
        .assert()
        .code(0)
        .stdout(predicates::str::contains("created  kb.toml"));
    for rel in [
        "kb.toml",
        "templates/meeting.md",
        "templates/person.md",
        ".gitignore",
        ".git",
        "meetings",
        "contacts/people",
    ] {
        assert!(root.join(rel).exists(), "{rel}");
    }
    assert_eq!(
        std::fs::read_to_string(root.join(".gitignore")).unwrap(),
        ".kb/\n"
    );
    std::fs::write(root.join("kb.toml"), "name = \"eigen\"\n").unwrap();
    kb(dir.path())
        .args(["init", "mijn-kb"])
        .assert()
        .code(0)
        .stdout(predicates::str::contains("kept     kb.toml"));
    assert_eq!(
        std::fs::read_to_string(root.join("kb.toml")).unwrap(),
        "name = \"eigen\"\n"
    );
    kb(&root)
        .arg("check")
        .assert()
        .code(0)
        .stdout("0 files checked: no problems\n");
}

#[test]
fn new_writes_from_the_template_and_checks_clean() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    kb(root).arg("init").assert().code(0);
    kb(root)
        .args([
            "new",
            "meeting",
            "Overleg Koplopergemeenten",
            "--date",
            "2022-11-29",
        ])
        .assert()
        .code(0)
        .stdout("meetings/2022-11-29-overleg-koplopergemeenten.md\n");
    kb(root)
        .args(["new", "person", "Wil Kovács"])
        .assert()
        .code(0)
        .stdout("contacts/people/wil-kovacs.md\n");
    kb(root)
        .args(["new", "org", "Centrum Ondergronds Bouwen", "--id", "cob"])
        .assert()
        .code(0);
    kb(root.join("meetings").as_path())
        .args(["new", "note", "Notitie: \"data\" #1"])
        .assert()
        .code(0)
        .stdout("../notes/notitie-data-1.md\n");
    let person = std::fs::read_to_string(root.join("contacts/people/wil-kovacs.md")).unwrap();
    assert!(
        person.starts_with("---\ntype: person\nname: \"Wil Kovács\"\n"),
        "{person}"
    );
    kb(root)
        .args(["check", "--deny", "warnings"])
        .assert()
        .code(0)
        .stdout("4 files checked: no problems\n");
}

#[test]
fn new_refuses_reused_ids_bad_input_and_escapes() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    kb(root).arg("init").assert().code(0);
    write(
        root,
        "notes/elders.md",
        "---\ntype: note\nid: wil-kovacs\ntitle: x\n---\n",
    );
    kb(root)
        .args(["new", "person", "Wil Kovacs"])
        .assert()
        .code(2)
        .stderr("kb: error: the id `wil-kovacs` is already used by notes/elders.md; choose another with --id\n");
    kb(root).args(["new", "note", "Eerste"]).assert().code(0);
    kb(root).args(["new", "note", "Eerste"]).assert().code(2);
    kb(root)
        .args(["new", "note", "x", "--id", "../../buiten"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("is not a valid id"));
    kb(root)
        .args(["new", "note", "../../../tmp/ontsnapt"])
        .assert()
        .code(0)
        .stdout("notes/tmp-ontsnapt.md\n");
    kb(root)
        .args(["new", "meeting", "x", "--date", "2022-13-01"])
        .assert()
        .code(2)
        .stderr("kb: error: --date: invalid date `2022-13-01`: there is no month 13\n");
    kb(root).args(["new", "memo", "x"]).assert().code(2);
}

#[test]
fn new_edit_opens_the_editor() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    kb(root).arg("init").assert().code(0);
    let log = root.join("editor.log");
    kb(root)
        .args(["new", "note", "Bewerk mij", "--edit"])
        .env("EDITOR", format!("sh -c 'echo \"$0\" > {}'", log.display()))
        .env_remove("VISUAL")
        .assert()
        .code(0);
    let opened = std::fs::read_to_string(&log).unwrap();
    assert!(opened.trim().ends_with("notes/bewerk-mij.md"), "{opened}");
    kb(root)
        .args(["new", "note", "Zonder editor", "--edit"])
        .env_remove("EDITOR")
        .env_remove("VISUAL")
        .assert()
        .code(2)
        .stderr(predicates::str::contains("set $EDITOR"));
    assert!(root.join("notes/zonder-editor.md").exists());
}

#[test]
fn completions_and_manual() {
    let dir = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish"] {
        kb(dir.path())
            .args(["completions", shell])
            .assert()
            .code(0)
            .stdout(predicates::str::contains("check"));
    }
    kb(dir.path())
        .arg("man")
        .assert()
        .code(0)
        .stdout(predicates::str::contains(".TH kb 1"))
        .stdout(predicates::str::contains("kb\\-search(1)"));
}

#[test]
fn man_prints_a_commands_page_and_writes_every_page_the_main_page_names() {
    let dir = tempfile::tempdir().unwrap();
    let search = kb(dir.path()).args(["man", "search"]).output().unwrap();
    assert_eq!(search.status.code(), Some(0));
    let page = String::from_utf8(search.stdout).unwrap();
    assert!(page.starts_with(".ie"), "{page}");
    let version = env!("CARGO_PKG_VERSION");
    assert!(
        page.contains(&format!(".TH kb-search 1  \"kb {version}\"")),
        "{page}"
    );
    assert!(
        page.contains("\\-\\-format"),
        "the options are on the page: {page}"
    );
    kb(dir.path())
        .args(["man", "hook", "install"])
        .assert()
        .code(0)
        .stdout(predicates::str::contains(".TH kb-hook-install 1"));
    kb(dir.path())
        .args(["man", "serch"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicates::str::contains(
            "`kb` has no command `serch`; it has: search, index,",
        ));

    let pages = dir.path().join("man/man1");
    let written = kb(dir.path())
        .args(["man", "--dir", "man/man1"])
        .output()
        .unwrap();
    assert_eq!(written.status.code(), Some(0));
    let listed: Vec<String> = String::from_utf8(written.stdout)
        .unwrap()
        .lines()
        .map(|line| line.rsplit('/').next().unwrap().to_string())
        .collect();
    let mut on_disk: Vec<String> = std::fs::read_dir(&pages)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    let mut sorted = listed.clone();
    sorted.sort();
    assert_eq!(
        sorted, on_disk,
        "every page written is listed, nothing else is left"
    );
    assert_eq!(listed[0], "kb.1");
    // Every page the main page refers to exists.
    let main = std::fs::read_to_string(pages.join("kb.1")).unwrap();
    for name in ["search", "who", "budget", "actions", "check", "hook", "man"] {
        assert!(main.contains(&format!("kb\\-{name}(1)")), "{name}");
        assert!(pages.join(format!("kb-{name}.1")).exists(), "{name}");
    }
    assert!(pages.join("kb-hook-install.1").exists());
    assert!(!pages.join("kb-help.1").exists());
}

//! `kb search` and `kb index` over a copy of the example base (each test its own copy, so
//! that tests running at once do not share an index).

use std::path::Path;

use crate::support::{example_copy, kb, note, write};

/// A base with one note, `notes/a.md`, about "grondwater".
fn one_note_base() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "kb.toml", "");
    write(dir.path(), "notes/a.md", &note("Eerste", "over grondwater"));
    dir
}

/// `kb search grondwater --format paths` in a one-note base: it must succeed and find
/// exactly notes/a.md. The assertion is returned for checks on stderr.
fn finds_only_a(root: &Path) -> assert_cmd::assert::Assert {
    kb(root)
        .args(["search", "grondwater", "--format", "paths"])
        .assert()
        .code(0)
        .stdout("notes/a.md\n")
}

#[test]
fn paths_are_relative_to_where_you_stand_but_json_to_the_base() {
    let dir = one_note_base();
    let root = dir.path();
    std::fs::create_dir(root.join("notes/sub")).unwrap();
    let in_sub = || kb(&root.join("notes/sub"));
    in_sub()
        .args(["search", "grondwater", "--format", "paths"])
        .assert()
        .code(0)
        .stdout("../../notes/a.md\n");
    let output = in_sub()
        .args(["search", "grondwater", "--format", "json"])
        .output()
        .unwrap();
    let hits: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(hits[0]["path"], "notes/a.md");
}

/// The hits of `kb search ARGS --format json` (null when it printed none), and what it
/// said on stderr.
fn search_json(root: &Path, args: &[&str]) -> (serde_json::Value, String) {
    let output = kb(root)
        .arg("search")
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    (
        serde_json::from_slice(&output.stdout).unwrap_or_default(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// The ids `kb search ARGS --format json` finds (at most 50), and what it said on stderr.
fn search_ids(root: &Path, args: &[&str]) -> (Vec<String>, String) {
    let (hits, stderr) = search_json(root, &[args, &["--limit", "50"]].concat());
    (ids_of(&hits), stderr)
}

/// The ids of search hits in JSON, in their order.
fn ids_of(hits: &serde_json::Value) -> Vec<String> {
    hits.as_array()
        .map(|hits| {
            hits.iter()
                .map(|h| h["id"].as_str().unwrap().to_string())
                .collect()
        })
        .unwrap_or_default()
}

/// The ids `kb search ARGS --format json` finds.
fn found(root: &Path, args: &[&str]) -> Vec<String> {
    search_ids(root, args).0
}

fn assert_finds(root: &Path, args: &[&str], expected: &[&str]) {
    let ids = found(root, args);
    for id in expected {
        assert!(
            ids.iter().any(|found| found == id),
            "{args:?} should find {id}; found {ids:?}"
        );
    }
}

#[test]
fn diacritics_stems_compounds_and_abbreviations() {
    let (_dir, root) = example_copy();
    // "Kovacs" finds "Kovács".
    assert_finds(
        &root,
        &["kovacs"],
        &["wil-kovacs", "2022-11-29-overleg-koplopergemeenten"],
    );
    // Stemming: "samenwerken" finds documents that only say "samenwerking".
    assert_finds(
        &root,
        &["samenwerken"],
        &["2023-dag-van-de-kennisuitwisseling"],
    );
    // A compound part finds the compound: the plan says "bodembiodiversiteitsindex".
    assert_finds(&root, &["biodiversiteit"], &["cdor-ot1"]);
    // Compounds of the stem: "ketensamenwerking" (john-driessen), "samenwerkingspartner"
    // (g4); the word finds what its inflection finds.
    assert_finds(&root, &["samenwerken"], &["john-driessen", "g4"]);
    let mut by_word = found(&root, &["samenwerken"]);
    let mut by_inflection = found(&root, &["samenwerking"]);
    by_word.sort();
    by_inflection.sort();
    assert_eq!(by_word, by_inflection);
    assert_finds(
        &root,
        &["ondergrond"],
        &["2022-11-29-overleg-koplopergemeenten"],
    );
    // The abbreviation finds the full name and everything referring to it, and back.
    assert_finds(
        &root,
        &["COB"],
        &["cob", "2023-dag-van-de-kennisuitwisseling"],
    );
    assert_finds(
        &root,
        &["\"Centrum Ondergronds Bouwen\""],
        &["cob", "2023-dag-van-de-kennisuitwisseling"],
    );
}

#[test]
fn the_stem_joins_a_words_forms_and_keeps_other_words_apart() {
    let (_dir, root) = example_copy();
    let all = |word: &str| {
        let mut ids = ids_of(&search_json(&root, &[word, "--limit", "500"]).0);
        ids.sort();
        ids
    };
    let gemeente = all("gemeente");
    assert!(gemeente.len() > 50, "{gemeente:?}");
    assert_eq!(all("gemeenten"), gemeente);
    // Snowball's newer Dutch stemmer takes "ge" off: "gemeente" and "mening" both became
    // "meen", and every document about a municipality was an opinion. No document of the
    // example base says "mening".
    assert_eq!(all("mening"), Vec::<String>::new());
    // Its stem "klimat" does not begin "klimaat": the word itself is looked for inside
    // compounds, and the plans that only say "klimaatadaptatie" are found.
    assert_finds(&root, &["klimaat"], &["cdor-ot1", "cdor-ot2", "cdor-ot6"]);
    // The plural's stem "klimat" begins "klimaten", but the base holds the long form in
    // its compounds: both forms find the same documents, and "straten" finds the streets
    // of "straat" ("klimaatstraat"), not "strategie" or "basisregistraties".
    let klimaat = all("klimaat");
    assert_eq!(klimaat.len(), 14, "{klimaat:?}");
    assert_eq!(all("klimaten"), klimaat);
    let straat = all("straat");
    assert!(!straat.is_empty());
    assert_eq!(all("straten"), straat);
    let straten = all("straten");
    for unrelated in ["cdor-ot3", "rebel-group", "ministerie-bzk", "cdor-ot5"] {
        assert!(!straten.contains(&unrelated.to_string()), "{unrelated}");
    }
    // A stem whose long form the base lacks ("regel": no "regeel") keeps its compounds.
    let regels = all("regels");
    for id in all("regelgeving") {
        assert!(regels.contains(&id), "{id} says regelgeving: {regels:?}");
    }
}

/// Stems are found at query time, in the base's own vocabulary: a phrase matches other
/// forms of its words, in its order only, also when its words have so many forms that
/// their phrases are searched as one phrase of alternatives.
#[test]
fn a_phrase_matches_other_forms_of_its_words() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "kb.toml", "");
    write(
        root,
        "notes/a.md",
        &note("A", "De samenwerking van gemeenten ging goed."),
    );
    write(
        root,
        "notes/b.md",
        &note("B", "Zoeken gemeenten samenwerking?"),
    );
    write(
        root,
        "notes/c.md",
        &note("C", "kabels leidingen gemeenten straten bomen samenwerken"),
    );
    write(
        root,
        "notes/d.md",
        &note(
            "D",
            "kabel leiding gemeente straat boom samenwerking, los van elkaar",
        ),
    );
    assert_eq!(found(root, &["\"samenwerken van gemeente\""]), ["a"]);
    assert_eq!(found(root, &["\"gemeente samenwerken\""]), ["b"]);
    let mut both = found(root, &["samenwerken", "gemeente"]);
    both.sort();
    assert_eq!(both, ["a", "b", "c", "d"]);
    // Two forms of six words: 64 phrases, searched as one of alternatives.
    assert_eq!(
        found(
            root,
            &["\"kabel leiding gemeente straat boom samenwerking\""]
        ),
        ["d", "c"],
        "the words as written first"
    );
    assert!(found(root, &["\"kabel leiding gemeente straat samenwerking\""]).is_empty());
}

#[test]
fn filters_and_date_ranges() {
    let (_dir, root) = example_copy();
    assert_eq!(
        found(&root, &["type:meeting", "since:2023"]),
        ["2023-dag-van-de-kennisuitwisseling"]
    );
    assert_eq!(
        found(&root, &["--type", "meeting", "--until", "2022-12"]),
        ["2022-11-29-overleg-koplopergemeenten"]
    );
    assert_eq!(
        found(
            &root,
            &["koplopergemeenten", "type:meeting", "date:2022-11-29"]
        ),
        ["2022-11-29-overleg-koplopergemeenten"]
    );
    let ids = found(&root, &["person:kovacs", "type:meeting"]);
    assert_eq!(ids, ["2022-11-29-overleg-koplopergemeenten"]);
    let ids = found(&root, &["proeftuin", "-koplopergemeenten"]);
    assert!(
        !ids.iter()
            .any(|id| id == "2022-11-29-overleg-koplopergemeenten"),
        "{ids:?}"
    );
}

#[test]
fn no_hit_suggests_and_exits_1() {
    let (_dir, root) = example_copy();
    kb(&root)
        .args(["search", "samenwerkng"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicates::str::contains(
            "no documents match `samenwerkng`",
        ))
        .stderr(predicates::str::contains("did you mean: samenwerking"));
}

#[test]
fn malformed_query_says_where() {
    let (_dir, root) = example_copy();
    kb(&root)
        .args(["search", "kovacs", "soort:plan"])
        .assert()
        .code(2)
        .stderr("kb: error: malformed query at position 8: unknown filter `soort:`; expected one of `type:`, `tag:`, `person:`, `org:`, `since:`, `until:`, `date:`\n  kovacs soort:plan\n         ^\n");
    kb(&root)
        .args(["search", "x", "--since", "2022-13"])
        .assert()
        .code(2);
    kb(&root)
        .args(["search", "x", "--person", "niemand-bekend"])
        .assert()
        .code(2);
}

#[test]
fn paths_and_table_formats() {
    let (_dir, root) = example_copy();
    kb(&root)
        .args([
            "search",
            "vervolggroep",
            "type:meeting",
            "--format",
            "paths",
        ])
        .assert()
        .code(0)
        .stdout("meetings/2022-11-29-overleg-koplopergemeenten.md\n");
    let output = kb(&root)
        .args(["search", "Kovács", "type:person"])
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.contains("Wil Kovács"), "{stdout}");
    assert!(
        stdout.contains("contacts/people/wil-kovacs.md:"),
        "{stdout}"
    );
    assert!(!stdout.contains('\u{1b}'), "no colour in a pipe: {stdout}");
}

#[test]
fn the_index_follows_edits_and_deletes() {
    let dir = one_note_base();
    let root = dir.path();
    assert_eq!(found(root, &["grondwater"]), ["a"]);
    write(root, "notes/b.md", &note("Tweede", "ook grondwater"));
    write(root, "notes/a.md", &note("Eerste", "nu over riolering"));
    assert_eq!(found(root, &["grondwater"]), ["b"]);
    assert_eq!(found(root, &["riolering"]), ["a"]);
    std::fs::remove_file(root.join("notes/b.md")).unwrap();
    assert!(found(root, &["grondwater"]).is_empty());
    kb(root)
        .arg("index")
        .assert()
        .code(0)
        .stdout(predicates::str::starts_with(
            "1 files indexed: 0 added, 0 changed, 0 removed",
        ));
}

#[test]
fn a_damaged_index_is_rebuilt_with_one_line() {
    let dir = one_note_base();
    let root = dir.path();
    kb(root).arg("index").assert().code(0);
    std::fs::write(root.join(".kb/index/meta.json"), "{ kapot").unwrap();
    finds_only_a(root).stderr(predicates::str::starts_with(
        "kb: rebuilding the index in .kb/index: it cannot be opened",
    ));
    // A segment file damaged.
    for entry in std::fs::read_dir(root.join(".kb/index")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "idx" || e == "term") {
            std::fs::write(&path, b"rommel").unwrap();
        }
    }
    finds_only_a(root).stderr(predicates::str::starts_with(
        "kb: rebuilding the index in .kb/index:",
    ));
    // The manifest lost.
    std::fs::remove_file(root.join(".kb/manifest")).unwrap();
    finds_only_a(root);
}

#[test]
fn a_held_writer_lock_stops_index_but_not_search() {
    let dir = one_note_base();
    let root = dir.path();
    kb(root).arg("index").assert().code(0);
    // Hold the writer lock the way another kb process would.
    let index = tantivy::Index::open_in_dir(root.join(".kb/index")).unwrap();
    let writer: tantivy::IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
    write(root, "notes/b.md", &note("Tweede", "ook grondwater"));
    kb(root)
        .arg("index")
        .assert()
        .code(2)
        .stderr(predicates::str::contains(".tantivy-writer.lock"));
    finds_only_a(root).stderr(predicates::str::contains("may miss the latest changes"));
    drop(writer);
    let mut paths = found(root, &["grondwater"]);
    paths.sort();
    assert_eq!(paths, ["a", "b"]);
}

#[cfg(unix)]
#[test]
fn killing_kb_while_indexing_leaves_the_previous_index_usable() {
    let dir = one_note_base();
    let root = dir.path();
    kb(root).arg("index").assert().code(0);
    for index in 0..3000 {
        write(
            root,
            &format!("notes/n{index}.md"),
            &note(&format!("Notitie {index}"), &"tekst ".repeat(200)),
        );
    }
    let binary = assert_cmd::cargo::cargo_bin("kb");
    for delay in [20, 60, 150] {
        let mut child = std::process::Command::new(&binary)
            .args(["index", "--full"])
            .current_dir(root)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        finds_only_a(root);
    }
}

#[test]
fn search_works_where_no_index_can_be_kept() {
    let dir = one_note_base();
    let root = dir.path();
    std::fs::write(root.join(".kb"), "a file where the index folder would go").unwrap();
    finds_only_a(root).stderr(predicates::str::starts_with(
        "kb: cannot keep an index in .kb/index (",
    ));
    kb(root).arg("index").assert().code(2);
}

/// Sets the modification time of a file or folder to `seconds_ago` seconds before now.
fn age(path: &Path, seconds_ago: u64) {
    let when = std::time::SystemTime::now() - std::time::Duration::from_secs(seconds_ago);
    std::fs::File::open(path)
        .unwrap()
        .set_modified(when)
        .unwrap();
}

/// The ids found, sorted.
fn found_sorted(root: &Path, args: &[&str]) -> Vec<String> {
    let mut ids = found(root, args);
    ids.sort();
    ids
}

/// Like [`found`], but asked again while a background `kb index` holds the writer lock
/// (the search then says its results may be stale): what a query finds by itself.
fn found_fresh(root: &Path, args: &[&str]) -> Vec<String> {
    for _ in 0..50 {
        let (mut ids, said) = search_ids(root, args);
        if said.contains("another kb process") {
            std::thread::sleep(std::time::Duration::from_millis(100));
            continue;
        }
        ids.sort();
        return ids;
    }
    panic!("the writer lock stayed held");
}

/// Indexes the base with `paths` (files and folders) a minute old, as if nothing had
/// happened for a while (times of the last two seconds are not trusted).
fn settle(root: &Path, paths: &[&str]) {
    kb(root).arg("index").assert().code(0);
    for path in paths {
        age(&root.join(path), 60);
    }
    kb(root).arg("index").assert().code(0);
}

/// The timing phases a refresh before `kb search WORD` went through.
fn refresh_phases(root: &Path, word: &str) -> String {
    let output = kb(root)
        .args(["search", word, "--format", "paths"])
        .env("KB_TIMING", "1")
        .output()
        .unwrap();
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn a_same_size_edit_in_the_same_clock_tick_is_still_seen() {
    let dir = one_note_base();
    let root = dir.path();
    kb(root).arg("index").assert().code(0);
    // The same number of bytes, and the very same modification time: only the content
    // hash can tell. The index took the time as too recent to trust.
    let path = root.join("notes/a.md");
    let before = std::fs::metadata(&path).unwrap().modified().unwrap();
    std::fs::write(&path, note("Eerste", "over rioleringx")).unwrap();
    std::fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(before)
        .unwrap();
    assert_eq!(found(root, &["rioleringx"]), ["a"]);
}

#[test]
fn a_quiet_base_is_refreshed_without_walking_it() {
    let dir = one_note_base();
    let root = dir.path();
    write(root, "notes/b.md", &note("Tweede", "over bomen"));
    settle(root, &["", "notes", "notes/a.md", "notes/b.md"]);
    // No folder changed: the files are statted, the folders not walked.
    let phases = refresh_phases(root, "grondwater");
    assert!(phases.contains("timing: stat"), "{phases}");
    assert!(!phases.contains("timing: walk"), "{phases}");
    // An edit in place is seen by the stat.
    write(
        root,
        "notes/b.md",
        &note("Tweede", "over bomen en grondwater"),
    );
    assert_eq!(found_sorted(root, &["grondwater"]), ["a", "b"]);
    // A new file changes its folder: the walk finds it.
    write(root, "notes/c.md", &note("Derde", "ook grondwater"));
    assert_eq!(found_sorted(root, &["grondwater"]), ["a", "b", "c"]);
    assert!(refresh_phases(root, "grondwater").contains("timing: walk"));
}

#[test]
fn a_large_base_checks_folders_now_and_edits_in_place_in_the_background() {
    let dir = one_note_base();
    let root = dir.path();
    // Every base counts as large.
    write(root, "kb.toml", "[index]\nverify-in-background-above = 0\n");
    settle(root, &["", "notes", "notes/a.md"]);
    let phases = refresh_phases(root, "grondwater");
    assert!(!phases.contains("timing: stat"), "{phases}");
    assert!(!phases.contains("timing: walk"), "{phases}");
    // New and renamed-over files change their folder, so the query sees them itself.
    write(root, "notes/b.md", &note("Tweede", "ook grondwater"));
    assert_eq!(found_fresh(root, &["grondwater"]), ["a", "b"]);
    write(root, "notes/a.md.tmp", &note("Eerste", "nu over riolering"));
    std::fs::rename(root.join("notes/a.md.tmp"), root.join("notes/a.md")).unwrap();
    assert_eq!(found_fresh(root, &["riolering"]), ["a"]);
    // An edit in place leaves the folder alone: a background `kb index`, started by the
    // queries, finds it within moments.
    use std::io::Write as _;
    std::fs::File::options()
        .append(true)
        .open(root.join("notes/b.md"))
        .unwrap()
        .write_all(b"\nen kwel\n")
        .unwrap();
    let started = std::time::Instant::now();
    while found(root, &["kwel"]) != ["b"] {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(20),
            "the background refresh never indexed the edit"
        );
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    assert!(root.join(".kb/verify-started").exists());
}

#[test]
fn the_commit_payload_names_the_schema_and_the_files() {
    let dir = one_note_base();
    let root = dir.path();
    write(root, "notes/b.md", &note("Tweede", "over bomen"));
    kb(root).arg("index").assert().code(0);
    let meta: serde_json::Value =
        serde_json::from_slice(&std::fs::read(root.join(".kb/index/meta.json")).unwrap()).unwrap();
    let payload: serde_json::Value =
        serde_json::from_str(meta["payload"].as_str().unwrap()).unwrap();
    assert!(payload["schema"].as_u64().is_some(), "{payload}");
    assert_eq!(payload["files"], 2);
    std::fs::remove_file(root.join("notes/b.md")).unwrap();
    kb(root).arg("index").assert().code(0);
    let meta: serde_json::Value =
        serde_json::from_slice(&std::fs::read(root.join(".kb/index/meta.json")).unwrap()).unwrap();
    let payload: serde_json::Value =
        serde_json::from_str(meta["payload"].as_str().unwrap()).unwrap();
    assert_eq!(payload["files"], 1);
}

#[test]
fn files_new_to_the_index_are_recorded_with_the_stat_of_the_file_read() {
    let dir = one_note_base();
    let root = dir.path();
    write(
        root,
        "notes/b.md",
        &note("Tweede", "over bomen en meer bomen"),
    );
    kb(root).arg("index").assert().code(0);
    // Manifest lines: size, mtime, inode, hash, id, names, path (docs/index.md).
    let manifest = std::fs::read_to_string(root.join(".kb/manifest")).unwrap();
    let mut recorded: Vec<(String, u64, u64)> = manifest
        .lines()
        .skip(1)
        .map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            let path = fields[6..].join("\t");
            (path, fields[0].parse().unwrap(), fields[2].parse().unwrap())
        })
        .collect();
    recorded.sort();
    let on_disk: Vec<(String, u64, u64)> = ["notes/a.md", "notes/b.md"]
        .into_iter()
        .map(|path| {
            let meta = std::fs::metadata(root.join(path)).unwrap();
            #[cfg(unix)]
            let ino = std::os::unix::fs::MetadataExt::ino(&meta);
            #[cfg(not(unix))]
            let ino = 0;
            (path.to_string(), meta.len(), ino)
        })
        .collect();
    assert_eq!(recorded, on_disk);
}

#[test]
fn a_held_write_lock_stops_writers_but_not_searches() {
    let dir = one_note_base();
    let root = dir.path();
    kb(root).arg("index").assert().code(0);
    // Another kb process writing: it holds .kb/write.lock.
    let lock = std::fs::File::options()
        .write(true)
        .open(root.join(".kb/write.lock"))
        .unwrap();
    lock.lock().unwrap();
    write(root, "notes/b.md", &note("Tweede", "ook grondwater"));
    kb(root)
        .arg("index")
        .assert()
        .code(2)
        .stderr(predicates::str::contains(".kb/write.lock"));
    kb(root)
        .args(["index", "--full"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(".kb/write.lock"));
    finds_only_a(root).stderr(predicates::str::contains("may miss the latest changes"));
    // A manifest out of step (here: lost) while another process writes: the query does
    // not wait to rebuild, it answers from the index it has.
    std::fs::remove_file(root.join(".kb/manifest")).unwrap();
    finds_only_a(root).stderr(predicates::str::contains("may miss the latest changes"));
    lock.unlock().unwrap();
    assert_eq!(found_sorted(root, &["grondwater"]), ["a", "b"]);
}

#[test]
fn raising_max_file_size_indexes_files_that_were_too_large() {
    let dir = one_note_base();
    let root = dir.path();
    write(root, "kb.toml", "[check]\nmax-file-size = 200\n");
    let long = format!("zeldzaamwoord {}", "vulling ".repeat(60));
    write(root, "notes/groot.md", &note("Groot", &long));
    kb(root).args(["search", "zeldzaamwoord"]).assert().code(1);
    // Unchanged since: its size and time alone would not get it read again.
    settle(root, &["", "notes", "notes/a.md", "notes/groot.md"]);
    write(root, "kb.toml", "[check]\nmax-file-size = 100000\n");
    assert_eq!(found(root, &["zeldzaamwoord"]), ["groot"]);
}

#[cfg(unix)]
#[test]
fn a_dangling_folder_link_is_followed_once_its_target_appears() {
    let dir = one_note_base();
    let root = dir.path();
    let outside = tempfile::tempdir().unwrap();
    let target = outside.path().join("elders");
    std::os::unix::fs::symlink(&target, root.join("notes/elders")).unwrap();
    settle(root, &["", "notes", "notes/a.md"]);
    // The target appears: no folder of the base changes its time.
    write(&target, "c.md", &note("Derde", "ook grondwater"));
    assert_eq!(found_sorted(root, &["grondwater"]), ["a", "c"]);
}

#[test]
fn a_broken_kb_toml_is_named_and_the_search_goes_on() {
    let dir = one_note_base();
    let root = dir.path();
    write(
        root,
        "kb.toml",
        "[index]\nverify-in-background-above = \"veel\"\n",
    );
    finds_only_a(root).stderr(predicates::str::contains(
        "kb: warning: kb.toml:2: kb.toml: invalid type",
    ));
}

#[test]
fn searches_find_documents_never_their_records() {
    let (_dir, root) = example_copy();
    // Records (attendances, actions, budget lines) carry the ids of people and of their
    // document too: a search must still list each document once, and documents only.
    let queries: [&[&str]; 5] = [
        &["kovacs"],
        &["wil-kovacs"],
        &["person:kovacs"],
        &["org:cob"],
        &["since:2022"],
    ];
    for args in queries {
        let (hits, _) = search_json(&root, &[args, &["--limit", "500"]].concat());
        let hits = hits.as_array().unwrap();
        assert!(!hits.is_empty(), "{args:?} finds nothing");
        for hit in hits {
            assert!(
                hit["type"].as_str().is_some_and(|t| !t.is_empty())
                    && hit["title"].as_str().is_some_and(|t| !t.is_empty()),
                "{args:?}: not a document: {hit}"
            );
        }
        let mut ids: Vec<&str> = hits.iter().map(|h| h["id"].as_str().unwrap()).collect();
        let listed = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), listed, "{args:?}: a document listed twice");
    }
}

/// One shell argument of plain words is a phrase; one that uses the query language is
/// query text. `--format paths` and `json` say on stderr when `--limit` cut the list;
/// `--limit 0` is a usage error.
#[test]
fn arguments_limits_and_cut_lists() {
    let (_dir, root) = example_copy();
    let both = found(&root, &["kovacs"]);
    assert!(both.contains(&"wil-kovacs".to_string()), "{both:?}");
    let without = found(&root, &["kovacs -rotterdam"]);
    assert!(!without.is_empty() && !without.contains(&"wil-kovacs".to_string()));
    assert_eq!(
        found(&root, &["kovacs -rotterdam"]),
        found(&root, &["kovacs", "-rotterdam"])
    );
    let meetings = found(&root, &["type:meeting kovacs"]);
    assert!(!meetings.is_empty(), "{meetings:?}");
    assert_eq!(meetings, found(&root, &["type:meeting", "kovacs"]));
    // Plain words in one argument: next to each other.
    assert_eq!(
        found(&root, &["wil kovács"]),
        found(&root, &["\"wil kovács\""])
    );

    let cut = kb(&root)
        .args(["search", "COB", "--format", "paths", "--limit", "3"])
        .output()
        .unwrap();
    assert_eq!(cut.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&cut.stdout).lines().count(), 3);
    let stderr = String::from_utf8_lossy(&cut.stderr);
    assert!(stderr.starts_with("kb: 3 of "), "{stderr}");
    assert!(stderr.contains("shows them all"), "{stderr}");
    let (_, stderr) = search_json(&root, &["COB", "--limit", "500"]);
    assert_eq!(stderr, "");
    kb(&root)
        .args(["search", "kovacs", "--limit", "0"])
        .assert()
        .code(2);
}

/// Run from the home folder, with no kb.toml and no git repository around, kb does not
/// index the whole home folder: it says what to do (exit 2) and writes nothing.
#[test]
fn the_home_folder_is_no_base_by_accident() {
    let home = tempfile::tempdir().unwrap();
    write(
        home.path(),
        "notities/a.md",
        &note("Eerste", "over grondwater"),
    );
    let out = kb(home.path())
        .env("HOME", home.path())
        .args(["search", "grondwater"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("no knowledge base here"), "{stderr}");
    assert!(stderr.contains("your home folder"), "{stderr}");
    assert!(!home.path().join(".kb").exists());
    // A kb.toml makes it a base after all.
    write(home.path(), "kb.toml", "");
    kb(home.path())
        .env("HOME", home.path())
        .args(["search", "grondwater", "--format", "paths"])
        .assert()
        .code(0)
        .stdout("notities/a.md\n");
}

#[test]
fn the_document_a_query_names_comes_first() {
    let (_dir, root) = example_copy();
    for (query, first) in [
        ("slimme-stad-fase-2", "slimme-stad-fase-2"),
        ("cdor-ot1", "cdor-ot1"),
        (
            "2022-11-29-overleg-koplopergemeenten",
            "2022-11-29-overleg-koplopergemeenten",
        ),
        ("COB", "cob"),
        ("Kovacs", "wil-kovacs"),
    ] {
        let ids = found(&root, &[query]);
        assert_eq!(
            ids.first().map(String::as_str),
            Some(first),
            "{query}: {ids:?}"
        );
        assert!(
            ids.len() > 1,
            "the documents that mention it follow: {ids:?}"
        );
    }
}

#[test]
fn person_and_org_filters_take_what_kb_who_takes() {
    let (_dir, root) = example_copy();
    // A surname, a place name: words of a name, as `kb who boonsma` reads them.
    let ids = found(&root, &["ondergrond", "person:boonsma"]);
    assert!(
        ids.contains(&"2022-11-29-overleg-koplopergemeenten".to_string()),
        "{ids:?}"
    );
    let ids = found(&root, &["ondergrond", "--org", "rotterdam"]);
    assert!(ids.contains(&"wil-kovacs".to_string()), "{ids:?}");
    // Several candidates: listed, exit 1, as every query command does.
    let output = kb(&root)
        .args(["search", "ondergrond", "org:gemeente", "--format", "paths"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("org:`gemeente` names 23 documents"),
        "{stderr}"
    );
    assert!(stderr.contains("  gemeente-rotterdam "), "{stderr}");
}

/// Every hit of a search with only a filter scores alike: which ten of sixteen are shown
/// goes by id (the ten first), the same after every rebuild, however the indexing threads
/// split the files between them (before, it changed with the split).
#[test]
fn a_search_with_only_filters_lists_the_newest_first_and_cuts_ties_by_id_after_every_rebuild() {
    let (_dir, root) = example_copy();
    // Three dated documents, newest first; of the 13 undated ones, the 7 with the first
    // ids (cdor-ot1 ... cdor-overzicht, city-deal-openbare-ruimte), listed by path.
    let expected = "\
plans/slimme-stad-fase-2.md
meetings/2022-11-29-overleg-koplopergemeenten.md
plans/cdor-ot5.md
contacts/orgs/city-deal-openbare-ruimte.md
plans/cdor-ot1.md
plans/cdor-ot2.md
plans/cdor-ot3.md
plans/cdor-ot4.md
plans/cdor-ot6.md
plans/cdor-overzicht.md
";
    for _ in 0..4 {
        kb(&root).args(["index", "--full"]).assert().code(0);
        kb(&root)
            .args([
                "search",
                "--org",
                "city-deal-openbare-ruimte",
                "--format",
                "paths",
            ])
            .assert()
            .code(0)
            .stdout(expected)
            .stderr("kb: 10 of 16 documents shown; --limit 16 shows them all\n");
    }
    // No word, no relevance: the JSON says so with a score of 0.
    let output = kb(&root)
        .args([
            "search",
            "--org",
            "city-deal-openbare-ruimte",
            "--limit",
            "3",
        ])
        .args(["--format", "json"])
        .output()
        .unwrap();
    let hits: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let hits = hits.as_array().unwrap();
    let dates: Vec<&str> = hits.iter().map(|h| h["date"].as_str().unwrap()).collect();
    assert_eq!(dates, ["2022-12-01", "2022-11-29", "2021-09-21"]);
    assert!(hits.iter().all(|h| h["score"] == 0.0), "{hits:?}");
}

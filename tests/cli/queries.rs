//! `kb who`, `kb budget`, `kb actions`, `kb show` and `kb graph` over copies of the example
//! base kb/ (facts from the seeds) and of tests/fixtures/queries (ranges, tbd, VAT,
//! income, programmes, ambiguous names).

use std::path::Path;

use serde_json::Value;

use crate::support::{example_copy, fixture_copy, kb, write};

/// Runs `kb ARGS --format json` in `root` and parses stdout.
fn json(root: &Path, args: &[&str]) -> Value {
    let output = kb(root)
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "kb {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

/// Runs `kb ARGS` in `root`: its exit code, stdout and stderr.
fn run(root: &Path, args: &[&str]) -> (i32, String, String) {
    let output = kb(root).args(args).output().unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// `kb show --format json`: its references as (target as written, resolved id or `?`).
fn references(shown: &Value) -> Vec<(&str, &str)> {
    shown["references"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["target"].as_str().unwrap(),
                r["id"].as_str().unwrap_or("?"),
            )
        })
        .collect()
}

/// `kb show --format json`: the ids of the documents that refer to it.
fn backlinks(shown: &Value) -> Vec<&str> {
    shown["backlinks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["id"].as_str().unwrap())
        .collect()
}

/// A grid row as `(key, [(period, min euros, max euros)], total min euros)`.
type RowView = (String, Vec<(String, i64, i64)>, i64);

/// Every row of a grid.
fn grid_rows(grid: &Value) -> Vec<RowView> {
    let periods: Vec<String> = grid["periods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap().to_string())
        .collect();
    grid["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| {
            let cells = periods
                .iter()
                .zip(row["cells"].as_array().unwrap())
                .filter(|(_, cell)| cell["lines"].as_u64() != Some(0))
                .map(|(period, cell)| {
                    (
                        period.clone(),
                        cell["min"].as_i64().unwrap() / 100,
                        cell["max"].as_i64().unwrap() / 100,
                    )
                })
                .collect();
            (
                row["key"].as_str().unwrap().to_string(),
                cells,
                row["total"]["min"].as_i64().unwrap() / 100,
            )
        })
        .collect()
}

fn column_totals(grid: &Value) -> Vec<i64> {
    grid["column_totals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|sum| sum["min"].as_i64().unwrap() / 100)
        .collect()
}

#[test]
fn the_city_deal_programme_sums_to_its_declared_totals_per_team() {
    let (_dir, root) = example_copy();
    let report = json(&root, &["budget", "--programme", "cdor-overzicht"]);
    assert_eq!(report["by"], "team");
    assert_eq!(report["currency"], "EUR");
    let grids = report["grids"].as_array().unwrap();
    assert_eq!(grids.len(), 1, "one grid: costs incl. VAT");
    assert_eq!(
        (&grids[0]["kind"], &grids[0]["vat"]),
        (&"cost".into(), &"incl".into())
    );
    assert_eq!(
        grids[0]["periods"],
        serde_json::json!(["2021", "2022-2023"])
    );
    assert_eq!(column_totals(&grids[0]), [150_000, 1_360_000]);
    let teams: Vec<(String, i64)> = grid_rows(&grids[0])
        .into_iter()
        .map(|(team, _, total)| (team, total))
        .collect();
    assert_eq!(
        teams,
        [
            ("Ontwikkelteam 1".to_string(), 500_000),
            ("Ontwikkelteam 2".to_string(), 100_000),
            ("Ontwikkelteam 3".to_string(), 80_000),
            ("Ontwikkelteam 4".to_string(), 140_000),
            ("Ontwikkelteam 5".to_string(), 375_000),
            ("Ontwikkelteam 6".to_string(), 315_000),
        ]
    );
    // The team plans detail the programme's lines: shown, never added again.
    let breakdown = grid_rows(&report["breakdown"][0]);
    assert_eq!(breakdown[0].0, "cdor-ot3");
    assert_eq!(breakdown[1].0, "cdor-ot5");
    let declared: Vec<(String, String, bool)> = report["declared"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["plan"].as_str().unwrap().to_string(),
                d["period"].as_str().unwrap().to_string(),
                d["matches"].as_bool().unwrap(),
            )
        })
        .collect();
    assert!(declared.contains(&("cdor-overzicht".into(), "2021".into(), true)));
    assert!(declared.contains(&("cdor-overzicht".into(), "2022-2023".into(), true)));
}

#[test]
fn the_programme_can_be_named_by_the_organisation_that_owns_it() {
    let (_dir, root) = example_copy();
    let by_id = json(&root, &["budget", "--programme", "cdor-overzicht"]);
    for name in ["CDOR", "city-deal-openbare-ruimte", "CDOR-bundel"] {
        assert_eq!(
            json(&root, &["budget", "--programme", name]),
            by_id,
            "{name}"
        );
    }
}

#[test]
fn the_city_deal_budget_table_in_dutch_money() {
    let (_dir, root) = example_copy();
    let (code, stdout, _) = run(&root, &["budget", "--programme", "cdor-overzicht"]);
    assert_eq!(code, 0);
    let expected = "\
Costs, incl. VAT, by team
─────────────────────────────────────────────────────────
 team                   2021     2022-2023         total 
═════════════════════════════════════════════════════════
 Ontwikkelteam 1    € 50.000     € 450.000     € 500.000 
─────────────────────────────────────────────────────────
 Ontwikkelteam 2         € 0     € 100.000     € 100.000 
─────────────────────────────────────────────────────────
 Ontwikkelteam 3     € 5.000      € 75.000      € 80.000 
─────────────────────────────────────────────────────────
 Ontwikkelteam 4    € 40.000     € 100.000     € 140.000 
─────────────────────────────────────────────────────────
 Ontwikkelteam 5    € 55.000     € 320.000     € 375.000 
─────────────────────────────────────────────────────────
 Ontwikkelteam 6         € 0     € 315.000     € 315.000 
─────────────────────────────────────────────────────────
 total             € 150.000   € 1.360.000   € 1.510.000 
─────────────────────────────────────────────────────────
";
    assert!(stdout.starts_with(expected), "{stdout}");
}

#[test]
fn ot5s_cases_add_up_to_40000_and_250000() {
    let (_dir, root) = example_copy();
    let report = json(&root, &["budget", "--plan", "cdor-ot5"]);
    assert_eq!(report["by"], "item");
    let grid = &report["grids"][0];
    assert_eq!(column_totals(grid), [40_000, 250_000]);
    assert_eq!(grid["rows"].as_array().unwrap().len(), 14, "14 cases");
    let declared = report["declared"].as_array().unwrap();
    assert_eq!(declared.len(), 2);
    assert!(declared.iter().all(|d| d["matches"] == true));
    assert!(report["breakdown"].as_array().unwrap().is_empty());
}

#[test]
fn kovacs_is_reached_by_id_name_part_and_diacritics() {
    let (_dir, root) = example_copy();
    for name in ["kovacs", "Wil", "Kovács", "wil-kovacs", "KOVACS"] {
        let who = json(&root, &["who", name]);
        assert_eq!(who["card"]["id"], "wil-kovacs", "{name}");
        assert_eq!(who["card"]["name"], "Wil Kovács");
    }
}

#[test]
fn the_six_people_of_the_follow_up_group_appear_with_that_role() {
    let (_dir, root) = example_copy();
    let meeting = "2022-11-29-overleg-koplopergemeenten";
    let shown = json(&root, &["show", meeting]);
    let mut group: Vec<String> = shown["attendees"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["role"] == "vervolggroep")
        .map(|a| a["person"].as_str().unwrap().to_string())
        .collect();
    group.sort();
    assert_eq!(
        group,
        [
            "alex-schipperheijn",
            "hugo-hoenders",
            "jakob-harke",
            "jos-van-wersch",
            "sander-van-der-heijden",
            "wil-kovacs",
        ]
    );
    for person in &group {
        let who = json(&root, &["who", person]);
        let attended = who["involvement"]
            .as_array()
            .unwrap()
            .iter()
            .find(|row| row["role"] == "attended" && row["doc"] == meeting)
            .unwrap_or_else(|| panic!("{person} attended {meeting}"));
        assert!(
            attended["what"]
                .as_str()
                .unwrap()
                .contains("as vervolggroep"),
            "{person}: {attended}"
        );
    }
}

#[test]
fn open_actions_list_the_koplopergemeenten_follow_ups_with_their_owners() {
    let (_dir, root) = example_copy();
    let actions = json(&root, &["actions", "--open"]);
    let rows: Vec<(u64, String, Vec<String>)> = actions
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["doc"] == "2022-11-29-overleg-koplopergemeenten")
        .map(|a| {
            (
                a["line"].as_u64().unwrap(),
                a["status"].as_str().unwrap().to_string(),
                a["owners"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|o| o.as_str().unwrap().to_string())
                    .collect(),
            )
        })
        .collect();
    let owners = |ids: &[&str]| ids.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(
        rows,
        [
            // Due "2023", overdue on KB_TODAY 2024-06-01: first, by due date.
            (138, "overdue".to_string(), owners(&["pieter-van-leeuwen"])),
            (
                136,
                "open".to_string(),
                owners(&[
                    "edith-boonsma",
                    "alex-schipperheijn",
                    "sander-van-der-heijden",
                    "wil-kovacs",
                    "hugo-hoenders",
                    "jos-van-wersch",
                    "jakob-harke"
                ])
            ),
            (137, "open".to_string(), owners(&["koplopergemeenten"])),
        ]
    );
}

#[test]
fn who_by_organisation_lists_its_people_and_its_roles() {
    let (_dir, root) = example_copy();
    let who = json(&root, &["who", "--org", "COB"]);
    assert_eq!(who["card"]["id"], "cob");
    let rows = who["involvement"].as_array().unwrap();
    let roles = |role: &str| rows.iter().filter(|r| r["role"] == role).count();
    assert!(roles("member") >= 3, "{rows:?}");
    assert!(roles("partner") >= 1);
    assert!(roles("organiser") >= 1);
    assert!(
        rows.iter()
            .any(|r| r["role"] == "member" && r["what"].as_str().unwrap().starts_with("Wil Kovács"))
    );
}

#[test]
fn topic_ranks_the_people_behind_soil_biodiversity() {
    let (_dir, root) = example_copy();
    let people = json(&root, &["who", "--topic", "bodembiodiversiteit"]);
    assert_eq!(people[0]["id"], "caroline-van-impelen");
    assert!(!people[0]["evidence"].as_array().unwrap().is_empty());
}

#[test]
fn ranges_tbd_vat_and_income_are_never_summed_together() {
    let (_dir, root) = fixture_copy("queries");
    let report = json(&root, &["budget"]);
    let shapes: Vec<(String, Value, i64, i64, u64)> = report["grids"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["kind"].as_str().unwrap().to_string(),
                g["vat"].clone(),
                g["total"]["min"].as_i64().unwrap() / 100,
                g["total"]["max"].as_i64().unwrap() / 100,
                g["total"]["tbd"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        shapes,
        [
            ("cost".into(), "incl".into(), 15_000, 17_500, 1),
            ("cost".into(), "excl".into(), 2_000, 2_000, 0),
            ("income".into(), Value::Null, 4_000, 4_000, 0),
        ]
    );
    let (code, stdout, _) = run(&root, &["budget"]);
    assert_eq!(code, 0);
    assert!(
        stdout.contains(" programma   € 15.000 – 17.500   +1 tbd   € 15.000 – 17.500 +1 tbd "),
        "{stdout}"
    );
    assert!(stdout.contains("Costs, excl. VAT, by plan"));
    assert!(stdout.contains("Income, VAT not stated, by plan"));
    assert!(
        stdout.contains(
            " bomen       2024             € 11.000   € 10.000            ≠ differs   plans/bomen.md:10 "
        ),
        "{stdout}"
    );
}

#[test]
fn budget_by_responsible_org_and_period() {
    let (_dir, root) = fixture_copy("queries");
    let keys = |report: &Value| -> Vec<String> {
        grid_rows(&report["grids"][0])
            .into_iter()
            .map(|(key, _, _)| key)
            .collect()
    };
    let responsible = json(
        &root,
        &["budget", "--programme", "PG", "--by", "responsible"],
    );
    assert_eq!(keys(&responsible), ["jan-de-vries", "waterschap-west", "—"]);
    // Jan de Vries works for Waterschap West: his line counts for it.
    let org = json(&root, &["budget", "--by", "org"]);
    let rows = grid_rows(&org["grids"][0]);
    assert_eq!(rows[0].0, "waterschap-west");
    assert_eq!(rows[0].1, [("2024".to_string(), 15_000, 17_500)]);
    let period = json(&root, &["budget", "--by", "period", "--period", "2024"]);
    assert_eq!(keys(&period), ["2024"]);
    assert_eq!(period["grids"][0]["total"]["min"], 1_500_000);
}

/// Overdue actions are red only when colour is on; in a pipe the table has no escapes
/// (the renderer writes none, and nothing strips them).
#[test]
fn overdue_actions_are_red_only_with_colour() {
    let (_dir, root) = fixture_copy("queries");
    let output = |colour: &str| {
        let out = kb(&root)
            .args(["--color", colour, "actions", "--overdue"])
            .env_remove("NO_COLOR")
            .output()
            .unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap()
    };
    let coloured = output("always");
    assert!(
        coloured.contains("\u{1b}[1m\u{1b}[31moverdue\u{1b}[0m"),
        "{coloured}"
    );
    for plain in [output("never"), output("auto")] {
        assert!(!plain.contains('\u{1b}'), "{plain}");
        assert!(plain.contains(" overdue "), "{plain}");
    }
}

/// A meeting that names people and organisations by name or alias, as `kb check`
/// accepts: every query finds them as it finds ids.
#[test]
fn records_may_name_people_and_organisations_by_name_or_alias() {
    let (_dir, root) = fixture_copy("queries");
    write(
        &root,
        "meetings/2024-06-01-namen.md",
        "---\ntype: meeting\ntitle: Overleg met namen\ndate: 2024-06-01\nattendees:\n  \
         - {person: \"J. de Vries\", mode: in-person}\n  \
         - {person: \"Jan Jansen\", on-behalf-of: \"WW\"}\n---\n\n\
         - [ ] Bomenkaart bijwerken [[J. de Vries]] due:2024-07-01\n\
         - [ ] Peilbuizen plaatsen [[Waterschap West]] due:2024-05-01\n",
    );
    let (code, _, _) = run(&root, &["check", "meetings/2024-06-01-namen.md"]);
    assert_eq!(code, 0, "the references resolve");
    let lines_of = |rows: &Value| -> Vec<(String, u64)> {
        rows.as_array()
            .unwrap()
            .iter()
            .map(|row| {
                (
                    row["path"].as_str().unwrap().to_string(),
                    row["line"].as_u64().unwrap(),
                )
            })
            .collect()
    };
    let named = "meetings/2024-06-01-namen.md".to_string();
    let jan = lines_of(&json(&root, &["actions", "--owner", "jan-de-vries"]));
    assert!(jan.contains(&(named.clone(), 10)), "{jan:?}");
    let water = lines_of(&json(&root, &["actions", "--owner", "WW", "--overdue"]));
    assert_eq!(water, [(named.clone(), 11)]);
    let who = json(&root, &["who", "jan-de-vries"]);
    let roles: Vec<(&str, &str)> = who["involvement"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|row| row["path"] == named.as_str())
        .map(|row| (row["role"].as_str().unwrap(), row["what"].as_str().unwrap()))
        .collect();
    assert_eq!(
        roles,
        [
            ("attended", "in person"),
            ("action", "[open] Bomenkaart bijwerken J. de Vries")
        ]
    );
    let org = json(&root, &["who", "--org", "waterschap-west"]);
    assert!(
        org["involvement"].as_array().unwrap().iter().any(|row| {
            row["path"] == named.as_str()
                && row["role"] == "represented"
                && row["what"] == "by Jan Jansen"
        }),
        "{org}"
    );
    let (_, paths, _) = run(
        &root,
        &["search", "person:jan-de-vries", "--format", "paths"],
    );
    assert!(paths.lines().any(|line| line == named), "{paths}");
    let graph = json(&root, &["graph"]);
    let edges: Vec<(&str, &str, &str)> = graph["edges"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|edge| edge["to"] == "2024-06-01-namen")
        .map(|edge| {
            (
                edge["from"].as_str().unwrap(),
                edge["to"].as_str().unwrap(),
                edge["kind"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        edges,
        [
            ("jan-de-vries", "2024-06-01-namen", "attended"),
            ("jan-jansen", "2024-06-01-namen", "attended")
        ]
    );
}

/// A closed stderr (`kb ... 2>&1 | head -1` after head is gone) loses the message, not
/// the exit code: no panic (101).
#[test]
fn closed_stderr_keeps_the_exit_code() {
    let (_dir, root) = fixture_copy("queries");
    let exit_code = |args: &[&str]| {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        std::process::Command::new(assert_cmd::cargo::cargo_bin!("kb"))
            .current_dir(&root)
            .env("KB_TODAY", "2024-06-01")
            .env_remove("KB_DIR")
            .args(args)
            .stdout(writer.try_clone().unwrap())
            .stderr(writer)
            .status()
            .unwrap()
            .code()
    };
    assert_eq!(exit_code(&["search", "zzzqqq"]), Some(1));
    assert_eq!(exit_code(&["show", "niemand-bestaat"]), Some(2));
    assert_eq!(exit_code(&["index"]), Some(0));
}

/// Control characters in a document's text never reach a pipe or a terminal without
/// colour (JSON escapes them).
#[test]
fn control_characters_in_documents_are_not_printed() {
    let (_dir, root) = fixture_copy("queries");
    write(
        &root,
        "notes/escape.md",
        "---\ntype: note\ntitle: \"Scherm\\e[2Jwissen\\a\"\n---\n\nTekst.\n",
    );
    let (code, stdout, _) = run(&root, &["show", "escape"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("Scherm[2Jwissen"), "{stdout}");
    assert!(
        !stdout.contains('\u{1b}') && !stdout.contains('\u{7}'),
        "{stdout}"
    );
    let (_, json, _) = run(&root, &["show", "escape", "--format", "json"]);
    assert!(json.contains("Scherm\\u001b[2Jwissen\\u0007"), "{json}");
}

/// With colour on, kb's own colours go out and nothing else that a terminal acts on:
/// no screen clearing, window title or clipboard write from a document, in the output of
/// a query, of a search (its snippet) or of a check; and on stderr.
#[test]
fn colour_lets_only_colour_through() {
    let (_dir, root) = fixture_copy("queries");
    write(
        &root,
        "notes/escape.md",
        "---\ntype: note\ntitle: \"Scherm\\e[2Jwissen\\e]0;titel\\a\"\n---\n\n\
         Kwaadaardig \u{1b}]52;c;aGFsbG8=\u{7} klembord \u{9b}2J en \u{1b}[31mrood\u{1b}[0m.\n",
    );
    write(
        &root,
        "notes/escape-twee.md",
        "---\ntype: note\ntitle: \"Scherm\\e[2Jtwee\"\n---\n\nTekst.\n",
    );
    let coloured = |args: &[&str]| {
        let out = kb(&root)
            .arg("--color")
            .arg("always")
            .args(args)
            .env_remove("NO_COLOR")
            .output()
            .unwrap();
        (
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    };
    let acts = |text: &str| {
        text.contains("\u{1b}[2J")
            || text.contains("\u{1b}]")
            || text.contains('\u{7}')
            || text.contains('\u{9b}')
    };
    let (show, _) = coloured(&["show", "escape"]);
    assert!(show.contains("Scherm[2Jwissen]0;titel"), "{show}");
    assert!(!acts(&show), "{show}");
    let (search, _) = coloured(&["search", "kwaadaardig"]);
    assert!(
        search.contains("\u{1b}["),
        "the match is highlighted: {search}"
    );
    assert!(search.contains("]52;c;aGFsbG8="), "{search}");
    assert!(!acts(&search), "{search}");
    let (check, _) = coloured(&["check", "notes"]);
    assert!(
        check.contains("warning[control-character]") || check.contains("control-character"),
        "{check}"
    );
    assert!(!acts(&check), "{check}");
    // Two documents answer to "scherm": the candidates are listed on stderr.
    let (_, stderr) = coloured(&["show", "scherm"]);
    assert!(stderr.contains("Scherm[2Jtwee"), "{stderr}");
    assert!(!acts(&stderr), "{stderr}");
}

#[test]
fn actions_filter_by_owner_state_and_date() {
    let (_dir, root) = fixture_copy("queries");
    let lines = |args: &[&str]| -> Vec<u64> {
        json(&root, args)
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["line"].as_u64().unwrap())
            .collect()
    };
    assert_eq!(
        lines(&["actions"]),
        [16, 17, 19],
        "open by default, undated last"
    );
    assert_eq!(lines(&["actions", "--all"]), [16, 17, 18, 19]);
    assert_eq!(lines(&["actions", "--done"]), [18]);
    assert_eq!(lines(&["actions", "--overdue"]), [16]);
    assert_eq!(lines(&["actions", "--owner", "Jan Jansen"]), [17]);
    assert_eq!(lines(&["actions", "--owner", "WW"]), [19]);
    assert_eq!(lines(&["actions", "--due-before", "2024-06"]), [16]);
    let (code, stdout, _) = run(&root, &["actions", "--all"]);
    assert_eq!(code, 0);
    assert_eq!(
        stdout,
        "\
─────────────────────────────────────────────────────────────────────────────────────────────────────────────────
 status    due          owners            action                               where                             
═════════════════════════════════════════════════════════════════════════════════════════════════════════════════
 overdue   2024-05-15   jan-de-vries      Offerte opvragen @jan-de-vries       meetings/2024-05-01-overleg.md:16 
─────────────────────────────────────────────────────────────────────────────────────────────────────────────────
 open      2024-09      jan-jansen        Kaart maken @jan-jansen              meetings/2024-05-01-overleg.md:17 
─────────────────────────────────────────────────────────────────────────────────────────────────────────────────
 done                   jan-de-vries      Verslag rondsturen @jan-de-vries     meetings/2024-05-01-overleg.md:18 
─────────────────────────────────────────────────────────────────────────────────────────────────────────────────
 open                   waterschap-west   Evaluatie plannen @waterschap-west   meetings/2024-05-01-overleg.md:19 
─────────────────────────────────────────────────────────────────────────────────────────────────────────────────
4 actions: 2 open, 1 overdue, 1 done
"
    );
    let (_, csv, _) = run(&root, &["actions", "--done", "--format", "csv"]);
    assert_eq!(
        csv,
        "status,due,done_on,owners,text,doc,section,path,line\n\
         done,,2024-05-02,jan-de-vries,Verslag rondsturen @jan-de-vries,2024-05-01-overleg,Acties,meetings/2024-05-01-overleg.md,18\n"
    );
}

#[test]
fn who_shows_a_card_and_every_record_with_its_source() {
    let (_dir, root) = fixture_copy("queries");
    let who = json(&root, &["who", "J. de Vries"]);
    assert_eq!(
        who["card"]["fields"]["organisations"],
        "Waterschap West (adviseur)"
    );
    let rows: Vec<(String, String, String)> = who["involvement"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["role"].as_str().unwrap().to_string(),
                r["what"].as_str().unwrap().to_string(),
                format!("{}:{}", r["path"].as_str().unwrap(), r["line"]),
            )
        })
        .collect();
    let row =
        |role: &str, what: &str, at: &str| (role.to_string(), what.to_string(), at.to_string());
    assert_eq!(
        rows,
        [
            row(
                "member",
                "Waterschap West (adviseur)",
                "contacts/people/jan-de-vries.md:6"
            ),
            row(
                "attended",
                "in person, as voorzitter",
                "meetings/2024-05-01-overleg.md:6"
            ),
            row(
                "action",
                "[open] Offerte opvragen @jan-de-vries",
                "meetings/2024-05-01-overleg.md:16"
            ),
            row(
                "action",
                "[done] Verslag rondsturen @jan-de-vries",
                "meetings/2024-05-01-overleg.md:18"
            ),
            row("budget", "Inventarisatie: € 4.000", "plans/bomen.md:7"),
            row("budget", "Team Bomen: € 10.000", "plans/programma.md:8"),
        ]
    );
    // Jan Jansen stated a position and represented Waterschap West.
    let jansen = json(&root, &["who", "jansen"]);
    let roles: Vec<&str> = jansen["involvement"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["role"].as_str().unwrap())
        .collect();
    assert_eq!(
        roles,
        [
            "member",
            "attended",
            "stated",
            "action",
            "budget",
            "mentioned"
        ]
    );
    // A meeting's attendees and a body's statements share one index entry each: every
    // record keeps its own line, and the others in it are not the target's.
    let at = |who: &Value, role: &str| -> Vec<String> {
        who["involvement"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["role"] == role)
            .map(|r| {
                format!(
                    "{} {}:{}",
                    r["what"].as_str().unwrap(),
                    r["path"].as_str().unwrap(),
                    r["line"]
                )
            })
            .collect()
    };
    assert_eq!(
        at(&jansen, "attended"),
        ["online, for Waterschap West meetings/2024-05-01-overleg.md:7"]
    );
    assert_eq!(
        at(&jansen, "stated"),
        ["Waterschap: meer water vasthouden in de wijk. meetings/2024-05-01-overleg.md:12"]
    );
    let waterschap = json(&root, &["who", "--org", "waterschap-west"]);
    assert_eq!(
        at(&waterschap, "represented"),
        ["by Jan Jansen meetings/2024-05-01-overleg.md:7"]
    );
    assert_eq!(at(&waterschap, "attended"), Vec::<String>::new());
}

#[test]
fn ambiguous_names_list_the_candidates_and_exit_1() {
    let (_dir, root) = fixture_copy("queries");
    let (code, stdout, stderr) = run(&root, &["who", "jan"]);
    assert_eq!(code, 1);
    assert_eq!(stdout, "");
    assert!(stderr.contains("`jan` names 2 documents"), "{stderr}");
    assert!(stderr.contains("jan-de-vries"));
    assert!(stderr.contains("jan-jansen"));
    // An organisation narrows the candidates down to its people.
    assert_eq!(
        json(&root, &["who", "jan", "--org", "WW"])["card"]["id"],
        "jan-de-vries"
    );
}

#[test]
fn bad_input_gets_a_message_and_exit_2() {
    let (_dir, root) = fixture_copy("queries");
    for (args, message) in [
        (&["who", "janneke"][..], "`janneke` names no person"),
        (&["who", "vries"][..], ""),
        (
            &["who", "jn de vrie"][..],
            "did you mean: Jan de Vries (jan-de-vries)",
        ),
        (&["show", "nergens"][..], "`nergens` names no document"),
        (
            &["budget", "--plan", "nergens"][..],
            "--plan `nergens` names no plan",
        ),
        (
            &["budget", "--by", "colour"][..],
            "invalid value 'colour' for '--by <BY>'",
        ),
        (
            &["actions", "--due-before", "2024-13-01"][..],
            "--due-before `2024-13-01`",
        ),
        (
            &["actions", "--owner", "niemand"][..],
            "--owner `niemand` names no person or organisation",
        ),
        (
            &["graph", "--around", "nergens"][..],
            "--around `nergens` names no document",
        ),
        (&["who"][..], "give a person"),
    ] {
        let (code, _, stderr) = run(&root, args);
        if message.is_empty() {
            assert_eq!(code, 0, "{args:?}: {stderr}");
            continue;
        }
        assert_eq!(code, 2, "{args:?}: {stderr}");
        assert!(stderr.contains(message), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
}

#[test]
fn show_lists_fields_actions_references_and_backlinks() {
    let (_dir, root) = fixture_copy("queries");
    let shown = json(&root, &["show", "bomen"]);
    assert_eq!(shown["fields"]["programme"], "programma");
    let references = references(&shown);
    assert!(
        references.contains(&("programma", "programma")),
        "{references:?}"
    );
    assert!(references.contains(&("jan-de-vries", "jan-de-vries")));
    let person = json(&root, &["show", "jan-de-vries"]);
    let backlinks = backlinks(&person);
    assert_eq!(backlinks, ["2024-05-01-overleg", "bomen", "programma"]);
    let (code, stdout, _) = run(&root, &["show", "2024-05-01-overleg"]);
    assert_eq!(code, 0);
    assert!(stdout.starts_with("Overleg groen (2024-05-01-overleg, meeting)\nmeetings/2024-05-01-overleg.md\n\n  type: meeting\n"), "{stdout}");
    assert!(
        stdout.contains(" Jan de Vries (jan-de-vries)   in-person   voorzitter "),
        "{stdout}"
    );
}

#[test]
fn the_graph_around_a_person_as_mermaid_and_dot() {
    let (_dir, root) = fixture_copy("queries");
    let (code, stdout, _) = run(&root, &["graph", "--around", "jan-jansen"]);
    assert_eq!(code, 0);
    assert_eq!(
        stdout,
        "\
flowchart LR
    n0([\"Jan Jansen\"])
    n1[\"Gemeente Oost\"]
    n2{{\"Overleg groen\"}}
    n3[/\"Plan Bomen\"/]
    n0 -->|attended| n2
    n0 -->|responsible for| n3
    n0 -->|member of| n1
    classDef person fill:#dbeafe,stroke:#1d4ed8,color:#0f172a
    classDef organisation fill:#dcfce7,stroke:#15803d,color:#0f172a
    classDef meeting fill:#fef3c7,stroke:#b45309,color:#0f172a
    classDef plan fill:#f3e8ff,stroke:#7e22ce,color:#0f172a
    class n0 person
    class n1 organisation
    class n2 meeting
    class n3 plan
"
    );
    let (_, dot, _) = run(
        &root,
        &["graph", "--format", "dot", "--around", "WW", "--depth", "0"],
    );
    assert_eq!(
        dot,
        "digraph kb {\n  rankdir=LR;\n  node [fontname=\"Helvetica\"];\n  \"waterschap-west\" [label=\"Waterschap West\", shape=box];\n}\n"
    );
}

#[test]
fn a_programme_named_by_its_title_still_has_its_parts_as_breakdown() {
    let (_dir, root) = fixture_copy("queries");
    // plans/water.md says `programme: Programma Groen`, the title, not the id.
    for args in [&["budget"][..], &["budget", "--programme", "PG"][..]] {
        let report = json(&root, args);
        let parts: Vec<String> = report["breakdown"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|grid| grid_rows(grid).into_iter().map(|(plan, _, _)| plan))
            .collect();
        assert!(parts.contains(&"water".to_string()), "{args:?}: {parts:?}");
        assert_eq!(report["grids"][0]["total"]["min"], 1_500_000, "{args:?}");
    }
}

#[test]
fn declared_totals_keep_their_order_when_a_plan_is_indexed_again() {
    let (_dir, root) = fixture_copy("queries");
    let order = |report: &Value| -> Vec<(String, u64)> {
        report["declared"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                (
                    d["plan"].as_str().unwrap().to_string(),
                    d["line"].as_u64().unwrap(),
                )
            })
            .collect()
    };
    let before = order(&json(&root, &["budget"]));
    assert_eq!(
        before,
        [
            ("bomen".to_string(), 10),
            ("programma".to_string(), 14),
            ("programma".to_string(), 15)
        ]
    );
    // The programme is indexed again, into a segment of its own.
    let path = root.join("plans/programma.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("{text}\nNog een regel.\n")).unwrap();
    assert_eq!(order(&json(&root, &["budget"])), before);
}

#[test]
fn a_name_is_found_by_a_word_after_a_hyphen_and_references_by_name_are_backlinks() {
    let (_dir, root) = fixture_copy("queries");
    assert_eq!(
        json(&root, &["who", "bakker"])["card"]["id"],
        "els-van-dijk-bakker"
    );
    assert_eq!(
        json(&root, &["who", "dijk"])["card"]["id"],
        "els-van-dijk-bakker"
    );
    // plans/water.md refers to `[[jan jansen]]`: the name, folded.
    let shown = json(&root, &["show", "jan-jansen"]);
    let backlinks = backlinks(&shown);
    assert!(backlinks.contains(&"water"), "{backlinks:?}");
    let water = json(&root, &["show", "water"]);
    let resolved = references(&water);
    assert!(
        resolved.contains(&("jan jansen", "jan-jansen")),
        "{resolved:?}"
    );
}

#[test]
fn a_topic_nobody_is_involved_in_exits_1() {
    let (_dir, root) = fixture_copy("queries");
    let (code, stdout, _) = run(&root, &["who", "--topic", "peilbuizen"]);
    assert_eq!(code, 1, "{stdout}");
    assert_eq!(
        stdout,
        "nobody is involved in documents about `peilbuizen`\n"
    );
    let (code, _, stderr) = run(&root, &["who", "--topic", "water", "--limit", "0"]);
    assert_eq!(code, 2, "{stderr}");
}

#[test]
fn csv_and_json_shapes_are_the_documented_ones() {
    let (_dir, root) = fixture_copy("queries");
    let (_, csv, _) = run(&root, &["budget", "--plan", "bomen", "--format", "csv"]);
    assert_eq!(
        csv,
        "part,kind,vat,group,period,min_cents,max_cents,tbd,lines,currency\n\
         counted,cost,,Aanplant,2024,600000,600000,0,1,EUR\n\
         counted,cost,,Inventarisatie,2024,400000,400000,0,1,EUR\n"
    );
    let (_, csv, _) = run(&root, &["who", "jan-jansen", "--format", "csv"]);
    assert!(
        csv.starts_with("who,role,what,when,doc,title,path,line\n"),
        "{csv}"
    );
    let (_, csv, _) = run(&root, &["show", "bomen", "--format", "csv"]);
    assert!(csv.starts_with("relation,id,title,path,line\n"), "{csv}");
    let shown = json(&root, &["show", "bomen"]);
    let mut keys: Vec<&str> = shown
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "actions",
            "attendees",
            "backlinks",
            "fields",
            "id",
            "path",
            "references",
            "title",
            "type"
        ]
    );
    let graph = json(&root, &["graph", "--around", "bomen"]);
    assert_eq!(graph["edges"][0]["kind"], "responsible-for");
    let budget = json(&root, &["budget"]);
    let mut keys: Vec<&str> = budget
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "breakdown",
            "breakdown_listed",
            "breakdown_plans",
            "by",
            "currency",
            "declared",
            "grids",
            "lines",
            "rates",
            "unreadable"
        ]
    );
    assert_eq!(budget["breakdown_listed"], true, "JSON lists every plan");
    assert_eq!(
        budget["declared"][0]["path"], "plans/bomen.md",
        "JSON carries every declared total's path"
    );
}

#[test]
fn sums_the_index_keeps_per_plan_match_the_lines_they_sum() {
    // --by team, plan and period read the index's per-plan sums; --by item and
    // responsible read every line. Both must come to the same totals.
    for (dir, root) in [example_copy(), fixture_copy("queries")] {
        // Per grid: kind, VAT, periods, every column total and the total, whole.
        let totals = |by: &str| -> (Vec<Value>, Value) {
            let report = json(&root, &["budget", "--by", by]);
            let grids = report["grids"]
                .as_array()
                .unwrap()
                .iter()
                .chain(report["breakdown"].as_array().unwrap())
                .map(|g| {
                    serde_json::json!([
                        g["kind"],
                        g["vat"],
                        g["periods"],
                        g["column_totals"],
                        g["total"]
                    ])
                })
                .collect();
            (grids, report["declared"].clone())
        };
        let by_item = totals("item");
        assert!(!by_item.0.is_empty());
        // (--by period has one amount column, so its columns differ by design.)
        for by in ["team", "plan", "responsible"] {
            assert_eq!(totals(by), by_item, "--by {by} in {}", dir.path().display());
        }
        let lines = |by: &str| json(&root, &["budget", "--by", by])["lines"].clone();
        assert_eq!(lines("team"), lines("item"));
    }
}

/// Budget lines kb cannot read are in no sum, and the report says so: a declared total
/// that the readable lines happen to match does not pass.
#[test]
fn unreadable_budget_lines_are_named_not_hidden() {
    let (_dir, root) = fixture_copy("queries");
    write(
        &root,
        "plans/geld.md",
        "---\ntype: plan\ntitle: Geld\nbudget:\n  - {item: Een, amount: 1000, period: \"2021\"}\n  \
         - {item: Twee, amount: vijftig, period: \"2021\"}\n  \
         - {item: Drie, amount: 500, period: \"2021\", vat: inclusief}\ntotals:\n  2021: 1000\n---\n",
    );
    let (code, table, _) = run(&root, &["budget", "--plan", "geld"]);
    assert_eq!(code, 0);
    assert!(table.contains("? lines unreadable"), "{table}");
    assert!(!table.contains('✓'), "{table}");
    assert!(
        table.contains(
            "2 budget lines could not be read and are in no sum above (kb check says why): plans/geld.md:6, plans/geld.md:7"
        ),
        "{table}"
    );
    let report = json(&root, &["budget", "--plan", "geld"]);
    assert_eq!(report["declared"][0]["matches"], false);
    assert_eq!(report["declared"][0]["incomplete"], true);
    let lines: Vec<u64> = report["unreadable"]
        .as_array()
        .unwrap()
        .iter()
        .map(|line| line["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, [6, 7]);
    let (_, _, stderr) = run(&root, &["budget", "--plan", "geld", "--format", "csv"]);
    assert!(
        stderr.starts_with("kb: 2 budget lines could not be read"),
        "{stderr}"
    );
    // A whole-base report names them too; other plans' totals are unaffected.
    let (_, whole, _) = run(&root, &["budget"]);
    assert!(
        whole.contains("plans/geld.md:6, plans/geld.md:7"),
        "{whole}"
    );
}

/// A document that only mentions someone points to the line of the mention, not line 1.
#[test]
fn mentions_point_to_their_line() {
    let (_dir, root) = fixture_copy("queries");
    write(
        &root,
        "notes/vermelding.md",
        "---\ntype: note\ntitle: Vermelding\n---\n\nEerst iets anders.\n\nDan [[J. de Vries]] en later @jan-de-vries.\n",
    );
    let who = json(&root, &["who", "jan-de-vries"]);
    let mention: Vec<(&str, u64)> = who["involvement"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|row| row["path"] == "notes/vermelding.md")
        .map(|row| (row["role"].as_str().unwrap(), row["line"].as_u64().unwrap()))
        .collect();
    assert_eq!(mention, [("mentioned", 8)]);
}

#[test]
fn columns_narrows_a_table_in_a_pipe_and_keeps_a_path_whole_where_there_is_room() {
    let (_dir, root) = example_copy();
    let table = |columns: Option<&str>| {
        let mut command = kb(&root);
        command.args(["actions", "--open"]);
        if let Some(columns) = columns {
            command.env("COLUMNS", columns);
        }
        let output = command.output().unwrap();
        assert_eq!(output.status.code(), Some(0));
        String::from_utf8(output.stdout).unwrap()
    };
    let wide = table(None);
    let roomy = table(Some("120"));
    let narrow = table(Some("90"));
    let widest = |text: &str| text.lines().map(|l| l.chars().count()).max().unwrap();
    assert!(widest(&wide) > 120, "{wide}");
    assert!(widest(&roomy) <= 120, "{roomy}");
    assert!(widest(&narrow) <= 90, "{narrow}");
    let path = "meetings/2022-11-29-overleg-koplopergemeenten.md:138";
    assert!(wide.contains(path) && roomy.contains(path), "{roomy}");
    // At 90 a whole path would leave the action a few letters a line: the path wraps,
    // and the action keeps whole words.
    assert!(!narrow.contains(path), "{narrow}");
    assert!(narrow.contains("uitnodigen voor de"), "{narrow}");
}

#[test]
fn rates_per_partner_are_listed_and_in_no_sum() {
    let (_dir, root) = example_copy();
    let report = json(&root, &["budget", "--plan", "slimme-stad-fase-2"]);
    // Only the expected income of € 300.000 is money: the contributions per partner and
    // per ministry (€ 9.000, € 30.000, € 9.000) are rates.
    let grids = report["grids"].as_array().unwrap();
    assert_eq!(grids.len(), 1, "{grids:?}");
    assert_eq!(
        (grids[0]["kind"].as_str(), grids[0]["vat"].as_str()),
        (Some("income"), Some("excl"))
    );
    assert_eq!(grids[0]["total"]["min"], 30_000_000);
    assert_eq!(report["declared"][0]["matches"], true);
    let mut rate_keys: Vec<&str> = report["rates"][0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    rate_keys.sort_unstable();
    assert_eq!(
        rate_keys,
        [
            "amount", "item", "kind", "line", "path", "per", "period", "plan", "vat"
        ]
    );
    let rates: Vec<(String, i64, u64)> = report["rates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            assert_eq!(r["path"], "plans/slimme-stad-fase-2.md");
            (
                r["per"].as_str().unwrap().to_string(),
                r["amount"].as_i64().unwrap(),
                r["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        rates,
        [
            ("partner per jaar".to_string(), 900_000, 70),
            ("ministerie per jaar".to_string(), 3_000_000, 76),
            ("partner".to_string(), 900_000, 82),
        ]
    );
    // The whole base adds none of them either, and the table names them.
    let (code, table, _) = run(&root, &["budget", "--by", "plan"]);
    assert_eq!(code, 0);
    assert!(
        table.contains("Rates: prices per unit, in no sum"),
        "{table}"
    );
    assert!(table.contains("partner per jaar"), "{table}");
    let (_, csv, stderr) = run(
        &root,
        &["budget", "--plan", "slimme-stad-fase-2", "--format", "csv"],
    );
    assert!(!csv.contains("900000"), "{csv}");
    assert!(stderr.contains("3 budget lines are rates"), "{stderr}");
}

#[test]
fn rates_keep_their_ranges_periods_and_units_apart_from_the_sums() {
    let (_dir, root) = example_copy();
    write(
        &root,
        "plans/tarieven.md",
        "---\ntype: plan\ntitle: Tarieven\nbudget:\n  - {item: Advies, amount: {min: 100, max: 200}, per: uur, period: 2024, responsible: wil-kovacs}\n  - {item: Reiskosten, amount: tbd, per: dag, period: 2025}\ntotals:\n  2024: 150\n---\n\nTarieven voor advies.\n",
    );
    let report = json(&root, &["budget", "--plan", "tarieven"]);
    assert_eq!(report["lines"], 0, "{report}");
    let amounts: Vec<&serde_json::Value> = report["rates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|rate| &rate["amount"])
        .collect();
    assert_eq!(
        amounts,
        [
            &serde_json::json!({"min": 10000, "max": 20000}),
            &serde_json::json!("tbd")
        ]
    );
    // A period keeps only its own rates.
    let in_2024 = json(&root, &["budget", "--plan", "tarieven", "--period", "2024"]);
    assert_eq!(in_2024["rates"].as_array().unwrap().len(), 1, "{in_2024}");
    // The table: the declared total, then a blank line, then the rates.
    let (code, table, _) = run(&root, &["budget", "--plan", "tarieven"]);
    assert_eq!(code, 0);
    assert!(
        table.contains("\n\nRates: prices per unit, in no sum"),
        "{table}"
    );
    // kb who names the unit beside the price.
    let (code, who, _) = run(&root, &["who", "wil-kovacs"]);
    assert_eq!(code, 0);
    assert!(who.contains("per uur"), "{who}");
    // kb check warns that the total has only rates.
    let (code, check, _) = run(&root, &["check", "plans/tarieven.md"]);
    assert_eq!(code, 0, "{check}");
    assert!(
        check.contains("warning[budget-total-unmatched]: declared cost total for `2024` (€ 150) has only rates with that period"),
        "{check}"
    );
}

#[test]
fn a_documents_escape_sequences_leave_no_trace_of_the_tables_own_resets() {
    let (_dir, root) = example_copy();
    write(
        &root,
        "notes/evil.md",
        "---\ntype: note\ntitle: Evil\n---\n- [ ] doe iets @wil-kovacs \u{1b}[31mrood\n[[no\u{1b}[2Jpe]]\n",
    );
    for args in [&["actions", "--doc", "evil"][..], &["show", "evil"][..]] {
        let (_, out, _) = run(&root, args);
        assert!(!out.contains('\u{1b}'), "{args:?}: {out:?}");
        // The table library closes a styled line with ESC [0m; without colour it goes whole.
        assert!(
            !out.contains("[0m") && !out.contains("[31m"),
            "{args:?}: {out}"
        );
        // What is not a colour is shown as text, without its escape.
        assert!(out.contains("no[2Jpe"), "{args:?}: {out}");
    }
}

#[test]
fn two_documents_with_one_id_are_both_named_and_never_mixed() {
    let (_dir, root) = example_copy();
    write(
        &root,
        "notes/dup1.md",
        "---\ntype: note\nid: dup\ntitle: Dup one\n---\nNiets.\n",
    );
    write(
        &root,
        "notes/dup2.md",
        "---\ntype: note\nid: dup\ntitle: Dup two\n---\nMet @wil-kovacs gesproken.\n",
    );
    let (code, out, stderr) = run(&root, &["show", "dup"]);
    assert_eq!((code, out.as_str()), (1, ""), "{stderr}");
    assert!(stderr.contains("share the id `dup`"), "{stderr}");
    assert!(
        stderr.contains("notes/dup1.md") && stderr.contains("notes/dup2.md"),
        "{stderr}"
    );
    // A record of one of them carries its own title, never the other's.
    let who = json(&root, &["who", "wil-kovacs"]);
    let rows: Vec<(String, String)> = who["involvement"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|row| row["path"] == "notes/dup2.md")
        .map(|row| {
            (
                row["title"].as_str().unwrap().into(),
                row["path"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(rows, [("Dup two".to_string(), "notes/dup2.md".to_string())]);
}

#[test]
fn a_tab_in_a_document_keeps_the_columns_of_a_table_in_line() {
    let (_dir, root) = example_copy();
    write(
        &root,
        "notes/tab.md",
        "---\ntype: note\ntitle: \"Tab\\tnotitie\"\n---\n\nDe zinkputten\tin de wijk.\n",
    );
    let (code, out, _) = run(&root, &["search", "zinkputten"]);
    assert_eq!(code, 0, "{out}");
    assert!(!out.contains('\t'), "{out:?}");
    assert!(
        out.contains("Tab notitie") || out.contains("Tab  notitie"),
        "{out}"
    );
    assert!(out.contains("zinkputten  in de wijk"), "{out}");
}

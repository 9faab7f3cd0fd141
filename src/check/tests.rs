use super::*;
use crate::model::Code;
use crate::parse::parse_file;

/// The findings of a check of `files` (path, text) on 2024-01-01.
fn findings_of(files: &[(&str, &str)]) -> Vec<crate::model::Finding> {
    let parsed: Vec<ParsedFile> = files
        .iter()
        .map(|(path, text)| parse_file(path, text.as_bytes()))
        .collect();
    let options = CheckOptions {
        today: jiff::civil::date(2024, 1, 1),
        deny_warnings: false,
        scope: Scope::All,
    };
    run(&parsed, &[], Vec::new(), &Config::default(), &options)
}

/// Each finding of [`findings_of`] as (path, code, line).
fn check(files: &[(&str, &str)]) -> Vec<(String, Code, u32)> {
    findings_of(files)
        .into_iter()
        .map(|f| (f.path, f.code, f.line))
        .collect()
}

#[test]
fn duplicate_ids_in_two_folders() {
    let found = check(&[
        ("a/x.md", "---\ntype: note\ntitle: A\n---\n"),
        ("b/x.md", "---\ntype: note\ntitle: B\n---\n"),
    ]);
    assert_eq!(
        found,
        [
            ("a/x.md".into(), Code::DuplicateId, 0),
            ("b/x.md".into(), Code::DuplicateId, 0)
        ]
    );
}

#[test]
fn references_resolve_through_aliases_and_loops_are_fine() {
    let found = check(&[
        (
            "a.md",
            "---\ntype: note\ntitle: A\n---\nZie [[b]] en [[Wil Kovacs]].\n",
        ),
        ("b.md", "---\ntype: note\ntitle: B\n---\nZie [[a]].\n"),
        (
            "wil-kovacs.md",
            "---\ntype: person\nname: Wil Kovács\naliases: [Wil Kovacs]\n---\n",
        ),
    ]);
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn unresolved_reference_with_suggestion() {
    let parsed: Vec<ParsedFile> = [
        (
            "m.md",
            "---\ntype: note\ntitle: M\npeople: [boomsma]\n---\n",
        ),
        (
            "edith-boonsma.md",
            "---\ntype: person\nname: Edith Boonsma\n---\n",
        ),
    ]
    .iter()
    .map(|(p, t)| parse_file(p, t.as_bytes()))
    .collect();
    let options = CheckOptions {
        today: jiff::civil::date(2024, 1, 1),
        deny_warnings: false,
        scope: Scope::All,
    };
    let findings = run(&parsed, &[], Vec::new(), &Config::default(), &options);
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].line, 4);
    assert_eq!(
        findings[0].help.as_deref(),
        Some("did you mean `edith-boonsma` (Edith Boonsma)?")
    );
}

#[test]
fn broken_files_still_claim_their_id() {
    let found = check(&[
        ("a.md", "---\ntype: note\ntitle: A\n---\nZie [[b]].\n"),
        ("b.md", "---\ntype: note\ntitle: [\n---\n"),
    ]);
    assert_eq!(found, [("b.md".into(), Code::YamlSyntax, 4)]);
}

#[test]
fn budget_totals_are_range_aware() {
    let plan = |total: &str| {
        format!(
            "---\ntype: plan\ntitle: P\nbudget:\n  - {{item: a, amount: 100, period: 2021}}\n  - {{item: b, amount: {{min: 50, max: 80}}, period: 2021}}\n  - {{item: c, amount: 7, period: 2022}}\ntotals:\n  2021: {total}\n  2023: 5\n---\n"
        )
    };
    let ok = check(&[("p.md", &plan("170"))]);
    assert_eq!(ok, [("p.md".into(), Code::BudgetTotalUnmatched, 10)]);
    let wrong = check(&[("p.md", &plan("200"))]);
    assert_eq!(
        wrong,
        [
            ("p.md".into(), Code::BudgetTotalMismatch, 9),
            ("p.md".into(), Code::BudgetTotalUnmatched, 10)
        ]
    );
}

#[test]
fn rates_are_in_no_declared_total() {
    let plan = |total: &str| {
        format!(
            "---\ntype: plan\ntitle: P\nbudget:\n  - {{item: a, amount: 100, period: 2021}}\n  - {{item: uur, amount: 95, per: uur, period: 2021}}\ntotals:\n  2021: {total}\n---\n"
        )
    };
    assert_eq!(check(&[("p.md", &plan("100"))]), []);
    assert_eq!(
        check(&[("p.md", &plan("195"))]),
        [("p.md".into(), Code::BudgetTotalMismatch, 8)]
    );
}

#[test]
fn a_total_of_rates_only_says_so() {
    let findings = findings_of(&[(
        "p.md",
        "---\ntype: plan\ntitle: P\nbudget:\n  - {item: uur, amount: 95, per: uur, period: 2024}\ntotals:\n  2024: 95\n---\n",
    )]);
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0].code, Code::BudgetTotalUnmatched);
    assert!(
        findings[0].message.contains("only rates"),
        "{}",
        findings[0].message
    );
}

#[test]
fn a_period_that_names_a_unit_is_a_warning() {
    let found = findings_of(&[(
        "p.md",
        "---\ntype: plan\ntitle: P\nbudget:\n  - {item: a, amount: 9000, period: partner per jaar}\n  - {item: b, amount: 9000, per: partner, period: 2024}\n  - {item: c, amount: 100, period: 2024}\n---\n",
    )]);
    let codes: Vec<(Code, u32)> = found.iter().map(|f| (f.code, f.line)).collect();
    assert_eq!(codes, [(Code::RateInPeriod, 5)]);
    assert!(
        found[0].message.contains("`partner per jaar`"),
        "{}",
        found[0].message
    );
}

#[test]
fn an_empty_per_is_an_invalid_field() {
    let found = check(&[(
        "p.md",
        "---\ntype: plan\ntitle: P\nbudget:\n  - {item: a, amount: 100, per: \"\"}\n---\n",
    )]);
    assert_eq!(found, [("p.md".into(), Code::InvalidField, 5)]);
}

#[test]
fn actions_owner_and_overdue() {
    let found = check(&[(
        "m.md",
        "---\ntype: note\ntitle: M\n---\n- [ ] zonder eigenaar\n- [ ] te laat @m 📅 2023-12-31\n- [ ] dit jaar @m due:2024\n- [x] klaar @m due:2020-01-01\n",
    )]);
    assert_eq!(
        found,
        [
            ("m.md".into(), Code::ActionWithoutOwner, 5),
            ("m.md".into(), Code::ActionOverdue, 6)
        ]
    );
}

#[test]
fn scope_and_deny_warnings() {
    let parsed = vec![
        parse_file("a.md", b"---\ntype: note\ntitle: A\n---\n- [ ] x\n"),
        parse_file("b.md", b"---\ntype: note\ntitle: B\n---\n[[nope]]\n"),
    ];
    let mut options = CheckOptions {
        today: jiff::civil::date(2024, 1, 1),
        deny_warnings: true,
        scope: Scope::Staged(["a.md".to_string()].into()),
    };
    let findings = run(&parsed, &[], Vec::new(), &Config::default(), &options);
    assert_eq!(findings.len(), 2);
    assert!(findings.iter().all(|f| f.severity == Severity::Error));
    options.scope = Scope::Paths(vec!["b.md".into()]);
    let findings = run(&parsed, &[], Vec::new(), &Config::default(), &options);
    assert_eq!(findings.len(), 1);
}

#[test]
fn an_organisation_reference_is_found_at_its_own_key_and_says_how_to_make_one() {
    let found = findings_of(&[(
        "p.md",
        "---\ntype: person\nname: P\norganisations:\n  - gemeente-x\norganisation: bestaat-niet\n---\n",
    )]);
    let lines: Vec<(u32, &str)> = found.iter().map(|f| (f.line, f.message.as_str())).collect();
    assert_eq!(
        lines,
        [
            (5, "`gemeente-x` in `organisations` refers to no document"),
            (6, "`bestaat-niet` in `organisation` refers to no document"),
        ]
    );
    assert_eq!(
        found[0].help.as_deref(),
        Some("create the document (`kb new organisation \"Name\"`) or fix the id")
    );
}

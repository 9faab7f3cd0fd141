//! The example base kb/ against facts read straight from the seed documents, through the
//! public parsing API, so the base cannot drift from its sources. Line numbers are those of
//! the seed files in shared/seeds/.

use std::path::Path;

use kb::base::Base;
use kb::model::*;

use crate::support::kb;

struct Example {
    docs: Vec<Document>,
}

impl Example {
    fn load() -> Example {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("kb");
        let base = Base::open(Some(&root), &root).unwrap();
        let snapshot = base.load();
        let docs = snapshot.files.into_iter().filter_map(|f| f.doc).collect();
        Example { docs }
    }

    fn doc(&self, id: &str) -> &Document {
        self.docs
            .iter()
            .find(|d| d.id == id)
            .unwrap_or_else(|| panic!("no document `{id}`"))
    }

    fn meeting(&self, id: &str) -> &Meeting {
        match &self.doc(id).details {
            Details::Meeting(meeting) => meeting,
            _ => panic!("{id} is not a meeting"),
        }
    }

    fn plan(&self, id: &str) -> &Plan {
        match &self.doc(id).details {
            Details::Plan(plan) => plan,
            _ => panic!("{id} is not a plan"),
        }
    }

    fn person(&self, id: &str) -> &Person {
        match &self.doc(id).details {
            Details::Person(person) => person,
            _ => panic!("{id} is not a person"),
        }
    }

    fn org(&self, id: &str) -> &Organisation {
        match &self.doc(id).details {
            Details::Organisation(org) => org,
            _ => panic!("{id} is not an organisation"),
        }
    }
}

fn euros(amount: i64) -> Amount {
    Amount::Exact(Money::from_euros(amount).unwrap())
}

/// Sum of a plan's cost lines in one period, in euros.
fn period_sum(plan: &Plan, period: &str) -> i64 {
    plan.budget
        .iter()
        .filter(|l| l.period.as_deref() == Some(period) && l.kind == LineKind::Cost)
        .map(|l| l.amount.bounds().expect("no tbd").0.cents())
        .sum::<i64>()
        / 100
}

fn line_for_team<'a>(plan: &'a Plan, period: &str, team: &str) -> &'a BudgetLine {
    plan.budget
        .iter()
        .find(|l| l.period.as_deref() == Some(period) && l.team.as_deref() == Some(team))
        .unwrap_or_else(|| panic!("no {period} line for {team}"))
}

#[test]
fn seed_000_koplopergemeenten() {
    let base = Example::load();
    let id = "2022-11-29-overleg-koplopergemeenten";
    let doc = base.doc(id);
    assert_eq!(doc.date.unwrap().to_string(), "2022-11-29"); // l.5
    let meeting = base.meeting(id);
    assert_eq!(meeting.location.as_deref(), Some("Movares, Utrecht")); // l.5
    let mode = |m| {
        meeting
            .attendees
            .iter()
            .filter(|a| a.mode == Some(m))
            .count()
    };
    assert_eq!(mode(AttendanceMode::InPerson), 9); // l.7-17
    assert_eq!(mode(AttendanceMode::Online), 10); // l.19-30
    let mut follow_up: Vec<&str> = meeting
        .attendees
        .iter()
        .filter(|a| a.role.as_deref() == Some("vervolggroep"))
        .map(|a| a.person.as_str())
        .collect();
    follow_up.sort();
    assert_eq!(
        follow_up,
        [
            "alex-schipperheijn",
            "hugo-hoenders",
            "jakob-harke",
            "jos-van-wersch",
            "sander-van-der-heijden",
            "wil-kovacs"
        ]
    ); // l.62-69
    let behalf = |person: &str| {
        meeting
            .attendees
            .iter()
            .find(|a| a.person == person)
            .and_then(|a| a.on_behalf_of.as_deref())
    };
    assert_eq!(behalf("jos-van-wersch"), Some("gemeente-leiden")); // l.40 "Leiden (Jos)"
    assert_eq!(behalf("sander-van-der-heijden"), Some("gemeente-tilburg")); // l.60
    let statement = doc
        .body
        .statements
        .iter()
        .find(|s| s.speakers == ["jos-van-wersch"])
        .expect("Leiden's position");
    assert_eq!(statement.lead, "Leiden");
    let invite = doc
        .body
        .actions
        .iter()
        .find(|a| a.owners == ["pieter-van-leeuwen"])
        .expect("Pieter invites the Koplopergemeenten"); // l.73-77
    assert_eq!(invite.due.unwrap().to_string(), "2023");
    assert!(!invite.done);
    assert!(
        doc.body
            .actions
            .iter()
            .any(|a| a.owners == ["koplopergemeenten"])
    ); // 'Wie doet wat', l.71
    assert_eq!(base.doc("wil-kovacs").title, "Wil Kovács"); // l.27
    assert!(
        base.doc("wil-kovacs")
            .aliases
            .iter()
            .any(|a| a == "Wil Kovacs")
    );
    assert_eq!(base.org("city-deal-openbare-ruimte").short, ["CDOR"]);
}

#[test]
fn seed_001_dag_van_de_kennisuitwisseling() {
    let base = Example::load();
    let id = "2023-dag-van-de-kennisuitwisseling";
    assert_eq!(base.doc(id).date.unwrap().to_string(), "2023"); // l.1, no day given
    let meeting = base.meeting(id);
    assert_eq!(meeting.organiser, ["cob", "stichting-mijn-aansluiting"]); // l.3
    assert_eq!(meeting.sessions.len(), 5);
    let round = |r: &str| {
        meeting
            .sessions
            .iter()
            .filter(|s| s.round.as_deref() == Some(r))
            .count()
    };
    assert_eq!((round("1"), round("2")), (3, 2));
    let session = |title: &str| meeting.sessions.iter().find(|s| s.title == title).unwrap();
    assert_eq!(
        session("Data uitwisselen").facilitators,
        ["thomas-diemel", "henri-van-de-zande", "rudi-zoet"]
    ); // l.17
    assert_eq!(
        session("Hoe houden we regie op de ondergrond?").facilitators,
        ["jarko-van-bloois", "wiljen-veldhuis"]
    ); // l.36
}

#[test]
fn seed_002_city_deal_openbare_ruimte() {
    let base = Example::load();
    let overview = base.plan("cdor-overzicht");
    assert_eq!(period_sum(overview, "2021"), 150_000); // l.75
    assert_eq!(period_sum(overview, "2022-2023"), 1_360_000); // l.130
    let declared = |period: &str| {
        overview
            .totals
            .iter()
            .find(|t| t.period == period)
            .unwrap()
            .amount
    };
    assert_eq!(declared("2021"), euros(150_000));
    assert_eq!(declared("2022-2023"), euros(1_360_000));
    assert_eq!(
        line_for_team(overview, "2021", "Ontwikkelteam 1").amount,
        euros(50_000)
    ); // l.37
    assert_eq!(
        line_for_team(overview, "2021", "Ontwikkelteam 5").amount,
        euros(55_000)
    ); // l.64
    assert_eq!(
        line_for_team(overview, "2022-2023", "Ontwikkelteam 6").amount,
        euros(315_000)
    ); // l.124
    assert!(overview.budget.iter().all(|l| l.vat == Some(Vat::Incl))); // "INC BTW"

    let ot5 = base.plan("cdor-ot5");
    assert_eq!(ot5.programme.as_deref(), Some("cdor-overzicht"));
    assert_eq!(period_sum(ot5, "2021"), 40_000); // l.1358
    assert_eq!(period_sum(ot5, "2022-2023"), 250_000); // l.1358
    let kluitmodel = ot5
        .activities
        .iter()
        .find(|a| {
            a.title
                .starts_with("Opdracht doorontwikkeling (standaard) 3D")
        })
        .unwrap(); // l.1385-1393
    assert_eq!(
        kluitmodel.responsible,
        ["marco-scheffers", "lilian-harteveld"]
    );
    assert_eq!(kluitmodel.start.unwrap().to_string(), "2021-10");
    assert_eq!(kluitmodel.end.unwrap().to_string(), "2022-03");
    assert!(
        base.person("lilian-harteveld")
            .organisations
            .iter()
            .any(|m| m.org == "gemeente-zoetermeer")
    );
    assert!(
        base.person("marco-hoogvliet")
            .organisations
            .iter()
            .any(|m| m.org == "deltares")
    ); // l.1409

    let ot1 = base.plan("cdor-ot1");
    let index = ot1
        .activities
        .iter()
        .find(|a| a.title == "Proefproject bodembiodiversiteitsindex")
        .unwrap();
    assert_eq!(index.responsible, ["caroline-van-impelen"]); // l.301
    assert_eq!(index.estimate, Some(euros(30_000))); // "ca. 30k"
    let research = ot1
        .activities
        .iter()
        .find(|a| a.title == "Verkennend onderzoek behoefte en bestaande initiatieven")
        .unwrap(); // l.186-203
    assert_eq!(
        research.estimate,
        Some(
            Amount::range(
                Money::from_euros(50_000).unwrap(),
                Money::from_euros(60_000).unwrap()
            )
            .unwrap()
        )
    );

    let ot3 = base.plan("cdor-ot3");
    assert_eq!(period_sum(ot3, "2022-2023"), 75_000); // l.673, 683
    assert_eq!(
        base.person("gijsbert-schuur").email.as_deref(),
        Some("gijsbert.schuur@cob.nl")
    ); // OT3 partners
    let ot6 = base.plan("cdor-ot6");
    assert_eq!(ot6.activities.len(), 6); // l.1662-1720
    for team in 1..=6 {
        let org = base.org(&format!("ontwikkelteam-{team}"));
        assert_eq!(org.short, [format!("OT{team}")]);
        assert_eq!(org.parent.as_deref(), Some("city-deal-openbare-ruimte"));
    }
}

#[test]
fn seed_003_slimme_stad_fase_2() {
    let base = Example::load();
    let manager = base.person("jan-willem-wesselink"); // l.42
    assert_eq!(manager.email.as_deref(), Some("jan-willem@future-city.nl"));
    assert_eq!(manager.phone.as_deref(), Some("+31628638426"));
    assert_eq!(manager.role.as_deref(), Some("projectmanager"));
    let plan = base.plan("slimme-stad-fase-2");
    assert!(plan.budget.iter().all(|l| l.kind == LineKind::Income));
    // l.313: contributions per partner and per ministry a year are rates, in no sum.
    let rate = |amount: i64, per: &str| {
        plan.budget
            .iter()
            .any(|l| l.amount == euros(amount) && l.per.as_deref() == Some(per))
    };
    assert!(rate(9_000, "partner per jaar"));
    assert!(rate(30_000, "ministerie per jaar"));
    assert!(rate(9_000, "partner"));
    let income = plan
        .totals
        .iter()
        .find(|t| t.kind == LineKind::Income)
        .unwrap(); // l.315
    assert_eq!(income.amount, euros(300_000));
    let milestone = |date: &str| plan.milestones.iter().any(|m| m.date.to_string() == date);
    assert!(milestone("2023-01-19")); // Prettige Voortzetting, l.323-328
    assert!(milestone("2022-12-01"));
    let showcases = [
        "gemeente-almere",
        "gemeente-deventer",
        "gemeente-s-hertogenbosch",
        "gemeente-roeselare",
        "gemeente-sittard-geleen",
    ]; // l.350
    let doc = base.doc("slimme-stad-fase-2");
    for id in showcases {
        assert!(doc.organisations.iter().any(|o| o == id), "{id}");
        assert_eq!(base.org(id).kind, Some(OrgKind::Gemeente));
    }
    assert_eq!(base.org("ministerie-bzk").short, ["BZK"]);
}

#[test]
fn seed_004_g40_rondetafel() {
    let base = Example::load();
    let note = base.doc("g40-rondetafelgesprek");
    assert_eq!(note.doc_type, DocType::Note);
    assert_eq!(note.people, ["wim-willems"]); // l.1-2
    let willems = base.person("wim-willems");
    assert_eq!(willems.role.as_deref(), Some("wethouder"));
    assert!(
        willems
            .organisations
            .iter()
            .any(|m| m.org == "gemeente-apeldoorn")
    );
    assert!(willems.organisations.iter().any(|m| m.org == "g40"));
    for org in ["g4", "m50", "p10", "vng", "ipo", "cbs"] {
        assert!(note.organisations.iter().any(|o| o == org), "{org}");
    }
    assert!(note.body.text.contains("GreenFlow"));
    assert!(note.body.text.contains("Talking Traffic"));
}

#[test]
fn example_base_checks_clean_but_for_the_seeds_own_overdue_action() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let output = kb(root)
        .args(["check", "kb", "--deny", "warnings"])
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let problems: Vec<&str> = stdout
        .lines()
        .filter(|l| l.contains(": error[") || l.contains(": warning["))
        .collect();
    assert_eq!(
        problems,
        [
            "kb/meetings/2022-11-29-overleg-koplopergemeenten.md:138: error[action-overdue]: open action was due 2023: De Koplopergemeenten uitnodigen voor de start van de proeftuin (eventueel samen met een bijeenkomst nieuwe stijl) @pieter-van-leeuwen"
        ],
        "{stdout}"
    );
    kb(root).args(["check", "kb"]).assert().code(0);
}

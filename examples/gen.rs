//! Generates a deterministic synthetic knowledge base for benchmarks.
//!
//! `cargo run --release --example gen -- DIR --docs 10000 [--seed 1]`
//!
//! The mix follows a real base: people and organisations, meetings with attendees,
//! statements and actions, plans with budget lines and declared totals that add up, and
//! notes, all referring to each other. Every 20th plan is a programme of the 19 after it. The same arguments always give the same files.

use std::fmt::Write as _;
use std::path::PathBuf;

/// Plans per programme: the first of each group is the programme.
const PROGRAMME_SIZE: usize = 20;

const WORDS: &[&str] = &[
    "ondergrond",
    "samenwerking",
    "gemeente",
    "kabels",
    "leidingen",
    "openbare",
    "ruimte",
    "bodembiodiversiteit",
    "klimaatadaptatie",
    "warmtetransitie",
    "netbeheerder",
    "waterschap",
    "regie",
    "afstemming",
    "uitvoering",
    "programmeren",
    "datagedreven",
    "sturen",
    "kennis",
    "uitwisseling",
    "planning",
    "begroting",
    "casus",
    "werkgroep",
    "proeftuin",
    "innovatie",
    "integraal",
    "ontwerp",
    "beheer",
    "onderhoud",
    "riolering",
    "bomen",
    "kluitmodel",
    "infiltratie",
    "grondwater",
    "energie",
    "mobiliteit",
    "digitalisering",
    "stedelijk",
    "wijkgericht",
    "participatie",
    "instrument",
    "toolkit",
    "handreiking",
    "verkenning",
    "ondergrondexperts",
    "samenwerken",
    "afwegingskader",
    "regelgeving",
    "omgevingswet",
];
const FIRST: &[&str] = &[
    "Anna", "Bram", "Chantal", "Daan", "Edith", "Fleur", "Gijs", "Hanneke", "Ismail", "Jos",
    "Karin", "Lisette", "Marco", "Noor", "Olav", "Pieter", "Ruben", "Sander", "Thomas", "Wil",
];
const LAST: &[&str] = &[
    "de Vries",
    "Jansen",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "Kovács",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "van Leeuwen",
    "Dekker",
    "Brouwer",
    "de Wit",
    "Dijkstra",
];

/// xorshift64*: small, fast and the same everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &'a [&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    fn sentence(&mut self, words: usize) -> String {
        let mut text = String::new();
        for index in 0..words {
            if index > 0 {
                text.push(' ');
            }
            text.push_str(self.pick(WORDS));
        }
        text
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let mut dir: Option<PathBuf> = None;
    let mut docs = 10_000usize;
    let mut seed = 1u64;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--docs" => docs = args.next().and_then(|v| v.parse().ok()).expect("--docs N"),
            "--seed" => seed = args.next().and_then(|v| v.parse().ok()).expect("--seed N"),
            other if !other.starts_with('-') => dir = Some(PathBuf::from(other)),
            other => panic!("unknown argument {other}"),
        }
    }
    let dir = dir.expect("usage: gen DIR [--docs N] [--seed N]");
    let mut rng = Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    let people = (docs / 10).max(2);
    let orgs = (docs / 50).max(2);
    let plans = docs * 15 / 100;
    let meetings = docs * 40 / 100;
    let notes = docs.saturating_sub(people + orgs + plans + meetings);
    for folder in [
        "contacts/people",
        "contacts/orgs",
        "plans",
        "meetings",
        "notes",
    ] {
        std::fs::create_dir_all(dir.join(folder)).expect("create folders");
    }
    std::fs::write(
        dir.join("kb.toml"),
        "name = \"synthetisch\"\nlanguage = \"nl\"\n",
    )
    .unwrap();
    std::fs::write(dir.join(".gitignore"), ".kb/\n").unwrap();
    let write = |rel: String, text: String| std::fs::write(dir.join(rel), text).expect("write");

    for index in 0..orgs {
        let name = format!("Gemeente {}{}", rng.pick(WORDS), index);
        write(
            format!("contacts/orgs/org-{index}.md"),
            format!(
                "---\ntype: organisation\nname: {name}\nshort: O{index}\nkind: gemeente\n---\n\n{}.\n",
                rng.sentence(20)
            ),
        );
    }
    for index in 0..people {
        let name = format!("{} {} {index}", rng.pick(FIRST), rng.pick(LAST));
        let org = rng.below(orgs);
        write(
            format!("contacts/people/person-{index}.md"),
            format!(
                "---\ntype: person\nname: {name}\norganisations:\n  - {{org: org-{org}, role: adviseur {}}}\ncity: {}\nemail: p{index}@example.nl\n---\n\n{}.\n",
                rng.pick(WORDS),
                rng.pick(WORDS),
                rng.sentence(30)
            ),
        );
    }
    for index in 0..meetings {
        let mut text = format!(
            "---\ntype: meeting\ntitle: Overleg {} {index}\ndate: 20{:02}-{:02}-{:02}\nlocation: {}\nattendees:\n",
            rng.pick(WORDS),
            20 + rng.below(6),
            1 + rng.below(12),
            1 + rng.below(28),
            rng.pick(WORDS)
        );
        let count = 3 + rng.below(8);
        for _ in 0..count {
            let mode = if rng.below(2) == 0 {
                "in-person"
            } else {
                "online"
            };
            let _ = writeln!(
                text,
                "  - {{person: person-{}, mode: {mode}}}",
                rng.below(people)
            );
        }
        let _ = writeln!(
            text,
            "tags: [{}, {}]\n---\n\n# Overleg {index}\n",
            rng.pick(WORDS),
            rng.pick(WORDS)
        );
        for _ in 0..4 {
            let _ = writeln!(text, "{}.\n", rng.sentence(40));
        }
        let _ = writeln!(text, "## Rondje\n");
        for _ in 0..3 {
            let _ = writeln!(
                text,
                "- **{}** ([[person-{}]]): {}.",
                rng.pick(WORDS),
                rng.below(people),
                rng.sentence(15)
            );
        }
        let _ = writeln!(text, "\n## Acties\n");
        for _ in 0..3 {
            let done = if rng.below(3) == 0 { "x" } else { " " };
            let _ = writeln!(
                text,
                "- [{done}] {} @person-{} 📅 20{:02}-{:02}-{:02}",
                rng.sentence(6),
                rng.below(people),
                22 + rng.below(5),
                1 + rng.below(12),
                1 + rng.below(28)
            );
        }
        write(format!("meetings/meeting-{index}.md"), text);
    }
    for index in 0..plans {
        // Every 20th plan is a programme (an overview with its own lines); the 19 after
        // it are its parts.
        let programme = if index % PROGRAMME_SIZE == 0 {
            String::new()
        } else {
            format!("programme: plan-{}\n", index - index % PROGRAMME_SIZE)
        };
        let mut text = format!(
            "---\ntype: plan\ntitle: Plan {} {index}\n{programme}team: Ontwikkelteam {}\nowner: org-{}\nbudget:\n",
            rng.pick(WORDS),
            1 + rng.below(6),
            rng.below(orgs)
        );
        let mut totals = [0u64; 2];
        for line in 0..6 {
            let amount = 1_000 * (1 + rng.below(90)) as u64;
            totals[line % 2] += amount;
            let _ = writeln!(
                text,
                "  - {{item: {} {line}, amount: {amount}, period: {}, vat: incl, responsible: person-{}}}",
                rng.pick(WORDS),
                2021 + line % 2,
                rng.below(people)
            );
        }
        let _ = writeln!(
            text,
            "totals:\n  2021: {}\n  2022: {}",
            totals[0], totals[1]
        );
        let _ = writeln!(text, "activities:");
        for _ in 0..3 {
            let _ = writeln!(
                text,
                "  - {{title: {}, when: \"najaar '21\", start: 2021-09, responsible: person-{}, estimate: {{min: 10000, max: 20000}}}}",
                rng.sentence(3),
                rng.below(people)
            );
        }
        let _ = writeln!(text, "---\n\n# Plan {index}\n");
        for _ in 0..5 {
            let _ = writeln!(text, "{}.\n", rng.sentence(50));
        }
        write(format!("plans/plan-{index}.md"), text);
    }
    for index in 0..notes {
        let mut text = format!(
            "---\ntype: note\ntitle: Notitie {} {index}\npeople: [person-{}]\norganisations: [org-{}]\n---\n\n",
            rng.pick(WORDS),
            rng.below(people),
            rng.below(orgs)
        );
        for _ in 0..6 {
            let _ = writeln!(
                text,
                "{} [[meeting-{}]].\n",
                rng.sentence(40),
                rng.below(meetings.max(1))
            );
        }
        write(format!("notes/note-{index}.md"), text);
    }
    println!(
        "{}: {docs} documents ({people} people, {orgs} organisations, {meetings} meetings, {plans} plans, {notes} notes)",
        dir.display()
    );
}

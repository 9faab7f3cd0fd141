//! Documents and the typed front matter of each document type.
//!
//! These types are what the parser produces and what checks, queries and renderers read.
//! They do no I/O. Every record that a user may want to find again keeps its line.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::de::{self, FromBareString};
use super::{Amount, PartialDate};

/// The five kinds of document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DocType {
    /// Meeting notes, events and their sessions.
    Meeting,
    /// Plans of approach, with budgets and activities.
    Plan,
    /// A person.
    Person,
    /// An organisation, programme or team.
    Organisation,
    /// Anything else: position papers, reports.
    Note,
}

impl DocType {
    /// Every type, in documentation order.
    pub const ALL: [DocType; 5] = [
        DocType::Meeting,
        DocType::Plan,
        DocType::Person,
        DocType::Organisation,
        DocType::Note,
    ];

    /// The name used in `type:`.
    pub fn as_str(self) -> &'static str {
        match self {
            DocType::Meeting => "meeting",
            DocType::Plan => "plan",
            DocType::Person => "person",
            DocType::Organisation => "organisation",
            DocType::Note => "note",
        }
    }

    /// The folder `kb new` writes this type into, relative to the base root.
    pub fn folder(self) -> &'static str {
        match self {
            DocType::Meeting => "meetings",
            DocType::Plan => "plans",
            DocType::Person => "contacts/people",
            DocType::Organisation => "contacts/orgs",
            DocType::Note => "notes",
        }
    }

    /// Person and organisation documents are named by `name`, the others by `title`.
    pub fn title_field(self) -> &'static str {
        match self {
            DocType::Person | DocType::Organisation => "name",
            _ => "title",
        }
    }
}

impl fmt::Display for DocType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for DocType {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text {
            "meeting" => Ok(DocType::Meeting),
            "plan" => Ok(DocType::Plan),
            "person" => Ok(DocType::Person),
            "organisation" | "organization" => Ok(DocType::Organisation),
            "note" => Ok(DocType::Note),
            other => Err(format!(
                "unknown type `{other}`: use meeting, plan, person, organisation or note"
            )),
        }
    }
}

/// One parsed document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Document {
    /// Path relative to the base root, with `/` separators.
    pub path: String,
    /// The id: `id:` or the file name without `.md`.
    pub id: String,
    /// The type.
    #[serde(rename = "type")]
    pub doc_type: DocType,
    /// `title`, or `name` for people and organisations; the id when both are missing.
    pub title: String,
    /// `date`.
    pub date: Option<PartialDate>,
    /// `tags`.
    pub tags: Vec<String>,
    /// `people`: ids of people involved.
    pub people: Vec<String>,
    /// `organisations`: ids of organisations involved.
    pub organisations: Vec<String>,
    /// `aliases`: other names and spellings.
    pub aliases: Vec<String>,
    /// `source`: where the content came from.
    pub source: Option<String>,
    /// `summary`.
    pub summary: Option<String>,
    /// The fields of the document's type.
    pub details: Details,
    /// What the body holds.
    pub body: Body,
    /// Every reference in front matter and body, in file order.
    pub references: Vec<Reference>,
    /// Front-matter keys kb does not know, with their lines.
    pub unknown_fields: Vec<(String, u32)>,
}

impl Document {
    /// Names this document answers to besides its id: title/name, aliases, short names.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        let short = match &self.details {
            Details::Organisation(org) => org.short.as_slice(),
            _ => &[],
        };
        std::iter::once(self.title.as_str())
            .chain(self.aliases.iter().map(String::as_str))
            .chain(short.iter().map(String::as_str))
    }
}

/// The type-specific part of a document.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Details {
    /// A meeting's fields.
    Meeting(Meeting),
    /// A plan's fields.
    Plan(Plan),
    /// A person's fields.
    Person(Person),
    /// An organisation's fields.
    Organisation(Organisation),
    /// Notes have only the common fields.
    Note,
}

/// How someone attended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AttendanceMode {
    /// Physically present.
    InPerson,
    /// Joined online.
    Online,
}

/// One attendee of a meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Attendee {
    /// The person's id.
    pub person: String,
    /// In person or online.
    #[serde(default)]
    pub mode: Option<AttendanceMode>,
    /// The organisation they represented.
    #[serde(default)]
    pub on_behalf_of: Option<String>,
    /// A role at this meeting (chair, minutes, `vervolggroep`).
    #[serde(default)]
    pub role: Option<String>,
    /// Line in the file.
    #[serde(skip)]
    pub line: u32,
}

impl FromBareString for Attendee {
    fn from_bare(person: String) -> Self {
        Attendee {
            person,
            mode: None,
            on_behalf_of: None,
            role: None,
            line: 0,
        }
    }
}

/// A sub-session of an event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Session {
    /// Its title.
    pub title: String,
    /// The round it was part of.
    #[serde(default, deserialize_with = "de::opt_label")]
    pub round: Option<String>,
    /// Ids of the people who led it.
    #[serde(default, deserialize_with = "de::one_or_many")]
    pub facilitators: Vec<String>,
    /// One line on what happened.
    #[serde(default)]
    pub summary: Option<String>,
    /// Line in the file.
    #[serde(skip)]
    pub line: u32,
}

/// A meeting's own fields.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Meeting {
    /// Last day of an event over several days.
    pub end: Option<PartialDate>,
    /// Where it took place.
    pub location: Option<String>,
    /// Who organised it (references).
    pub organiser: Vec<String>,
    /// Who attended.
    pub attendees: Vec<Attendee>,
    /// Sub-sessions.
    pub sessions: Vec<Session>,
}

/// A person's membership of an organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Membership {
    /// The organisation's id.
    pub org: String,
    /// The person's role there.
    #[serde(default)]
    pub role: Option<String>,
    /// Line in the file.
    #[serde(skip)]
    pub line: u32,
}

impl FromBareString for Membership {
    fn from_bare(org: String) -> Self {
        Membership {
            org,
            role: None,
            line: 0,
        }
    }
}

/// A person's own fields.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Person {
    /// `organisation` and `organisations` together.
    pub organisations: Vec<Membership>,
    /// The city they work in or for.
    pub city: Option<String>,
    /// Their role.
    pub role: Option<String>,
    /// E-mail address.
    pub email: Option<String>,
    /// Phone number.
    pub phone: Option<String>,
    /// Topics they work on.
    pub topics: Vec<String>,
}

/// Kinds of organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OrgKind {
    /// A municipality.
    Gemeente,
    /// A province.
    Provincie,
    /// A water board.
    Waterschap,
    /// A ministry.
    Ministerie,
    /// A network operator.
    Netbeheerder,
    /// A knowledge institute or university.
    Kennisinstelling,
    /// A company.
    Bedrijf,
    /// A network or association.
    Netwerk,
    /// A programme, City Deal or team.
    Programma,
    /// Anything else.
    Overig,
}

/// An organisation's own fields.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Organisation {
    /// Abbreviations: COB, CDOR, BZK.
    pub short: Vec<String>,
    /// What kind of organisation.
    pub kind: Option<OrgKind>,
    /// Its city.
    pub city: Option<String>,
    /// Its website.
    pub website: Option<String>,
    /// The organisation it belongs to.
    pub parent: Option<String>,
}

/// Incl. or excl. VAT.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Vat {
    /// Including VAT ("INC BTW").
    Incl,
    /// Excluding VAT.
    Excl,
}

/// Costs and income are never added together.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum LineKind {
    /// Money spent (the default).
    #[default]
    Cost,
    /// Money received: contributions, expected revenue.
    Income,
}

/// One budget line of a plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BudgetLine {
    /// What the money is for.
    pub item: String,
    /// How much.
    pub amount: Amount,
    /// The period it is grouped under (`2021`, `2022-2023`).
    #[serde(default, deserialize_with = "de::opt_label")]
    pub period: Option<String>,
    /// What the amount is a rate of (`uur`, `partner per jaar`): then the line is a price
    /// per unit, listed but never added to a sum.
    #[serde(
        default,
        deserialize_with = "de::opt_unit",
        skip_serializing_if = "Option::is_none"
    )]
    pub per: Option<String>,
    /// Incl. or excl. VAT.
    #[serde(default)]
    pub vat: Option<Vat>,
    /// Cost or income.
    #[serde(default)]
    pub kind: LineKind,
    /// The team, when it differs from the plan's.
    #[serde(default)]
    pub team: Option<String>,
    /// Who is responsible (references or free text).
    #[serde(default, deserialize_with = "de::one_or_many")]
    pub responsible: Vec<String>,
    /// A remark.
    #[serde(default)]
    pub note: Option<String>,
    /// Line in the file.
    #[serde(skip)]
    pub line: u32,
}

impl BudgetLine {
    /// A price per unit (`per` given): listed, never added to a sum.
    pub fn is_rate(&self) -> bool {
        self.per.is_some()
    }
}

/// A total a plan declares, checked against its lines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeclaredTotal {
    /// The period it totals.
    #[serde(deserialize_with = "label")]
    pub period: String,
    /// The declared amount.
    pub amount: Amount,
    /// Costs or income.
    #[serde(default)]
    pub kind: LineKind,
    /// Only lines with this VAT setting, when given.
    #[serde(default)]
    pub vat: Option<Vat>,
    /// A remark.
    #[serde(default)]
    pub note: Option<String>,
    /// Line in the file.
    #[serde(skip)]
    pub line: u32,
}

fn label<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    de::Label::deserialize(deserializer).map(|l| l.0)
}

/// Status of an activity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Not started.
    Planned,
    /// Under way.
    Running,
    /// Finished.
    Done,
    /// Called off.
    Cancelled,
}

/// An activity of a plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Activity {
    /// What is done.
    pub title: String,
    /// When, as the source writes it.
    #[serde(default, deserialize_with = "de::opt_label")]
    pub when: Option<String>,
    /// Start, where it can be pinned down.
    #[serde(default)]
    pub start: Option<PartialDate>,
    /// End, where it can be pinned down.
    #[serde(default)]
    pub end: Option<PartialDate>,
    /// Who is responsible (references or free text).
    #[serde(default, deserialize_with = "de::one_or_many")]
    pub responsible: Vec<String>,
    /// The estimated cost.
    #[serde(default)]
    pub estimate: Option<Amount>,
    /// What it is for.
    #[serde(default)]
    pub goal: Option<String>,
    /// Where it stands.
    #[serde(default)]
    pub status: Option<Status>,
    /// A remark.
    #[serde(default)]
    pub note: Option<String>,
    /// Line in the file.
    #[serde(skip)]
    pub line: u32,
}

/// A dated milestone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Milestone {
    /// When.
    pub date: PartialDate,
    /// What.
    pub title: String,
    /// Line in the file.
    #[serde(skip)]
    pub line: u32,
}

/// A partner of a plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Partner {
    /// The organisations' ids, when they have documents.
    #[serde(default, deserialize_with = "de::one_or_many")]
    pub org: Vec<String>,
    /// The partner as the source names it.
    #[serde(default)]
    pub name: Option<String>,
    /// The project or initiative the partnership is about.
    #[serde(default)]
    pub initiative: Option<String>,
    /// What they partner on.
    #[serde(default)]
    pub topic: Option<String>,
    /// Their role.
    #[serde(default)]
    pub role: Option<String>,
    /// Contact people (references or free text).
    #[serde(default, deserialize_with = "de::one_or_many")]
    pub contact: Vec<String>,
    /// A remark.
    #[serde(default)]
    pub note: Option<String>,
    /// Line in the file.
    #[serde(skip)]
    pub line: u32,
}

/// A plan's start and end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Span {
    /// First period.
    #[serde(default)]
    pub start: Option<PartialDate>,
    /// Last period.
    #[serde(default)]
    pub end: Option<PartialDate>,
}

/// A plan's own fields.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Plan {
    /// The umbrella plan.
    pub programme: Option<String>,
    /// The team.
    pub team: Option<String>,
    /// Who owns it (references or free text).
    pub owner: Vec<String>,
    /// Start and end.
    pub period: Option<Span>,
    /// Budget lines.
    pub budget: Vec<BudgetLine>,
    /// The lines of budget entries that could not be read (each is a finding): sums
    /// leave them out, and must say so.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unreadable_budget: Vec<u32>,
    /// Declared totals.
    pub totals: Vec<DeclaredTotal>,
    /// Activities.
    pub activities: Vec<Activity>,
    /// Milestones.
    pub milestones: Vec<Milestone>,
    /// Partners.
    pub partners: Vec<Partner>,
}

/// `totals:` as a mapping `{period: amount}` or a list of [`DeclaredTotal`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Totals(pub Vec<DeclaredTotal>);

impl<'de> Deserialize<'de> for Totals {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        totals(deserializer).map(Totals)
    }
}

fn totals<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<DeclaredTotal>, D::Error> {
    struct TotalsVisitor;

    impl<'de> serde::de::Visitor<'de> for TotalsVisitor {
        type Value = Vec<DeclaredTotal>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a mapping of period to amount, or a list of {period, amount}")
        }

        fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(Vec::new())
        }

        fn visit_map<M: serde::de::MapAccess<'de>>(
            self,
            mut map: M,
        ) -> Result<Self::Value, M::Error> {
            let mut totals = Vec::new();
            while let Some((period, amount)) = map.next_entry::<de::Label, Amount>()? {
                totals.push(DeclaredTotal {
                    period: period.0,
                    amount,
                    kind: LineKind::Cost,
                    vat: None,
                    note: None,
                    line: 0,
                });
            }
            Ok(totals)
        }

        fn visit_seq<S: serde::de::SeqAccess<'de>>(
            self,
            mut seq: S,
        ) -> Result<Self::Value, S::Error> {
            let mut totals = Vec::new();
            while let Some(total) = seq.next_element::<DeclaredTotal>()? {
                totals.push(total);
            }
            Ok(totals)
        }
    }

    deserializer.deserialize_any(TotalsVisitor)
}

/// A heading in the body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Section {
    /// 1 for `#`, 2 for `##` ...
    pub level: u8,
    /// The heading's text.
    pub title: String,
    /// Line in the file.
    pub line: u32,
}

/// A task-list item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Action {
    /// The text, without the date markers.
    pub text: String,
    /// `[x]`.
    pub done: bool,
    /// Ids (or names) of the owners.
    pub owners: Vec<String>,
    /// When it is due.
    pub due: Option<PartialDate>,
    /// When it was done.
    pub done_on: Option<PartialDate>,
    /// The heading it stands under.
    pub section: Option<String>,
    /// Line in the file.
    pub line: u32,
}

/// A statement a person made in a meeting: `**Leiden** ([[jos]]): ...`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Statement {
    /// Who said it.
    pub speakers: Vec<String>,
    /// The lead-in before the colon, without the references ("Leiden").
    pub lead: String,
    /// What they said.
    pub text: String,
    /// Line in the file.
    pub line: u32,
}

/// What the body holds.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Body {
    /// Headings.
    pub sections: Vec<Section>,
    /// Task-list items.
    pub actions: Vec<Action>,
    /// Statements by people.
    pub statements: Vec<Statement>,
    /// The body as plain text, for search.
    pub text: String,
    /// File line of the body's first line.
    pub first_line: u32,
}

/// Where a reference stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RefOrigin {
    /// A `[[id]]` in the body.
    WikiLink,
    /// An `@id` in the body.
    Mention,
    /// A front-matter field, named.
    Field(&'static str),
}

/// A reference from a document to another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reference {
    /// What was written: an id, a name or an alias.
    pub target: String,
    /// Where it stands.
    pub origin: RefOrigin,
    /// Line in the file.
    pub line: u32,
    /// Column in the line (1-based, in characters), where known: in the body, not in the
    /// front matter.
    pub column: Option<u32>,
}

/// A document known only by its path, id and names (read from the index's manifest rather
/// than parsed): checks resolve references to it and see its id, but do not check it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownDoc {
    /// Path relative to the base root.
    pub path: String,
    /// Its id.
    pub id: String,
    /// Its title or name first, then aliases and short names.
    pub names: Vec<String>,
}

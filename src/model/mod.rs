//! The typed, validated plan: districts, themes, budget, results and rich
//! text, with every total computed from its rows. No file system here.

pub mod budget;
pub mod build;
pub mod links;
pub mod markdown;
pub mod richtext;
pub mod text;

use serde::Serialize;

pub use crate::source::types::{Status, Unit};
pub use crate::source::values::{Euro, Fte, OpenOr};
use richtext::{Inline, RichText};

/// The whole plan.
#[derive(Debug, Clone)]
pub struct Plan {
    pub meta: Meta,
    pub board: Board,
    pub districts: Vec<District>,
    pub themes: Vec<Theme>,
    pub organisation: Organisation,
    pub budget: budget::Budget,
    pub results: Results,
    /// Every value the sources leave open, in file order.
    pub open_items: Vec<OpenItem>,
}

/// A value left open in the sources, with where it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OpenItem {
    /// `file:line`
    pub place: String,
    pub what: String,
}

#[derive(Debug, Clone)]
pub struct Meta {
    pub title: String,
    pub slogan: String,
    pub region: String,
    pub organisation: String,
    pub period_from: i32,
    pub period_to: i32,
    pub lookback_year: i32,
    /// `None` while the date is open.
    pub publication_date: Option<chrono::NaiveDate>,
    pub programme: String,
    pub programme_short: String,
    pub status: Status,
    pub intro: RichText,
    /// `[ronde]`: where the section documents go back to, and by when.
    pub round: Option<Round>,
}

/// The current round of revisions (`[ronde]` in `plan.toml`).
#[derive(Debug, Clone)]
pub struct Round {
    pub contact: String,
    pub return_by: Option<chrono::NaiveDate>,
}

#[derive(Debug, Clone)]
pub struct Board {
    pub title: String,
    pub intro: RichText,
    pub members: Vec<BoardMember>,
    /// The note under the table (explains uncertain pairings).
    pub note: Option<String>,
}

#[derive(Debug, Clone)]
pub struct BoardMember {
    pub function: Option<String>,
    pub role: String,
    /// The source does not confirm that `function` belongs to `role`.
    pub uncertain: bool,
}

#[derive(Debug, Clone)]
pub struct District {
    pub id: String,
    pub name: String,
    pub plan_url: Option<String>,
    pub partner_url: Option<String>,
    pub partners: Vec<String>,
    pub lookback: RichText,
    pub outlook: RichText,
    pub themes: Vec<DistrictTheme>,
    pub matrix: Option<Matrix>,
    pub targets: Vec<Target>,
    pub figures: Vec<Figure>,
    pub reference: Option<Reference>,
}

/// What the previous plan said (`[referentie]`): guidance for the author,
/// shown only in the section document.
#[derive(Debug, Clone)]
pub struct Reference {
    /// The title of the previous plan, when the source names it.
    pub plan: Option<String>,
    pub outlook: RichText,
}

/// An image with its alt text, checked and ready to embed.
#[derive(Debug, Clone)]
pub struct Figure {
    /// Path relative to the sources folder.
    pub path: String,
    pub alt: String,
    pub caption: Option<String>,
    pub width: u32,
    pub height: u32,
}

#[derive(Debug, Clone)]
pub struct DistrictTheme {
    pub id: String,
    pub title: String,
    pub regional_theme: Option<String>,
    pub text: RichText,
}

#[derive(Debug, Clone)]
pub struct Matrix {
    pub note: Option<String>,
    pub columns: Vec<MatrixColumn>,
    pub rows: Vec<MatrixRow>,
}

#[derive(Debug, Clone)]
pub struct MatrixColumn {
    pub id: String,
    pub title: String,
    pub group: Option<String>,
    pub theme: Option<String>,
}

#[derive(Debug, Clone)]
pub struct MatrixRow {
    pub partner: String,
    /// One mark per column, in column order.
    pub marks: Vec<Mark>,
}

/// A cell of the partner x theme matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Mark {
    Yes,
    No,
    Open,
}

#[derive(Debug, Clone)]
pub struct Target {
    pub description: String,
    pub count: OpenOr<u64>,
    pub term: Option<String>,
    pub theme: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Theme {
    pub id: String,
    pub title: String,
    pub nav: String,
    pub intro: RichText,
    pub lookback: RichText,
    pub outlook: RichText,
    pub outlook_title: Option<String>,
    pub goals: Vec<Vec<Inline>>,
    pub full_plan: Option<FullPlan>,
    pub sections: Vec<Section>,
    pub in_districts: Option<InDistricts>,
    pub figures: Vec<Figure>,
    pub reference: Option<Reference>,
}

#[derive(Debug, Clone)]
pub struct FullPlan {
    pub text: String,
    pub url: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Section {
    pub title: Option<String>,
    pub text: RichText,
}

#[derive(Debug, Clone)]
pub struct InDistricts {
    pub title: String,
    pub intro: RichText,
    /// (district id, text), in the plan's district order.
    pub per_district: Vec<(String, RichText)>,
}

#[derive(Debug, Clone)]
pub struct Organisation {
    pub title: String,
    pub intro: RichText,
    pub parts: Vec<OrganisationPart>,
}

#[derive(Debug, Clone)]
pub struct OrganisationPart {
    pub id: String,
    pub title: String,
    pub text: RichText,
    pub lookback: RichText,
    pub outlook: RichText,
    pub budget: bool,
    pub closing: RichText,
}

/// The results appendix: figures per measure for one or more years.
///
/// Every value is a [`PerYear`]: one entry per year of `years`, in order.
/// Every measure, row, part and footnote amount has a stable `id` (see
/// [`Measure::id`]) by which the results spreadsheet finds it.
#[derive(Debug, Clone)]
pub struct Results {
    pub title: String,
    /// The years the figures cover, ascending (`jaar` or `jaren`), at least one.
    pub years: Vec<i32>,
    pub measures: Vec<Measure>,
    pub footnotes: Vec<Footnote>,
}

/// A value for each year of `Results::years`, in the same order.
pub type PerYear<T> = Vec<OpenOr<T>>;

#[derive(Debug, Clone)]
pub struct Measure {
    /// The measure's id: its number, such as `"2"`. A row's id adds its
    /// label (`"2a"`) or, without a label, its position (`"3.1"`); a part of
    /// a row adds its position in the row's `uitsplitsing` followed by its
    /// `deel`s (`"2b.3"`, `"2a.1"`); a footnote amount is
    /// `"voetnoot<position>.<name>"` (`"voetnoot3.opgelegd"`). Positions
    /// count from 1. Ids are unique (`check` refuses duplicate numbers and
    /// labels).
    pub id: String,
    pub number: u32,
    pub description: Option<String>,
    pub value: Option<PerYear<u64>>,
    pub unit: Unit,
    pub footnote: Option<String>,
    pub rows: Vec<MeasureRow>,
}

#[derive(Debug, Clone)]
pub struct MeasureRow {
    /// See [`Measure::id`].
    pub id: String,
    pub label: Option<String>,
    pub description: Option<String>,
    pub value: Option<PerYear<u64>>,
    pub unit: Unit,
    pub footnote: Option<String>,
    pub breakdown: Vec<MeasurePart>,
    /// The value in the plan's own words, with the numbers as placeholders.
    pub wording: Option<Vec<WordingSegment>>,
    pub parts: Vec<MeasurePart>,
}

/// A piece of a value's wording.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WordingSegment {
    Text(String),
    /// `{waarde}`: the row's value.
    Value,
    /// `{1}`, `{2}`, ...: the part of the breakdown with this index (from 0).
    Part(usize),
    /// `{jaar}`: the year whose values the wording shows.
    Year,
}

#[derive(Debug, Clone)]
pub struct MeasurePart {
    /// See [`Measure::id`].
    pub id: String,
    pub description: String,
    pub value: PerYear<u64>,
    pub footnote: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Footnote {
    pub sign: String,
    pub segments: Vec<FootnoteSegment>,
}

#[derive(Debug, Clone)]
pub enum FootnoteSegment {
    Text(String),
    /// A `{naam}` placeholder: its id (see [`Measure::id`]) and amounts.
    Amount {
        id: String,
        values: PerYear<Euro>,
    },
}

impl Plan {
    /// True when the plan may be called final: status definitief, nothing open.
    pub fn is_final(&self) -> bool {
        self.meta.status == Status::Definitief && self.open_items.is_empty()
    }

    pub fn district(&self, id: &str) -> Option<&District> {
        self.districts.iter().find(|d| d.id == id)
    }

    pub fn theme(&self, id: &str) -> Option<&Theme> {
        self.themes.iter().find(|t| t.id == id)
    }
}

//! The serde types of the source files, one struct per kind of file, with the
//! editors' Dutch keys. These docs are the editors' reference (see also
//! `sources/README.md`).

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use super::values::{Euro, Fte, OpenOr, Yearly};

/// A prose field: Markdown in the plan's subset, with its place in the file.
pub type Prose = Spanned<String>;
/// A reference to another section or item by id, with its place.
pub type Ref = Spanned<String>;

/// `plan.toml`: the plan as a whole.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanFile {
    /// `titel`: the plan's title, on the cover and in every header.
    #[serde(rename = "titel")]
    pub title: Spanned<String>,
    /// `slogan`: the line under the title.
    pub slogan: Spanned<String>,
    /// `regio`: the region the plan covers.
    #[serde(rename = "regio")]
    pub region: Spanned<String>,
    /// `organisatie`: the organisation that publishes it (the document's author).
    #[serde(rename = "organisatie")]
    pub organisation: Spanned<String>,
    /// `periode`: first and last year, `{ van = 2023, tot = 2024 }`.
    #[serde(rename = "periode")]
    pub period: Spanned<Period>,
    /// `terugblikjaar`: the year the look-back (terugblik) covers.
    #[serde(rename = "terugblikjaar")]
    pub lookback_year: Spanned<i64>,
    /// `publicatiedatum`: date of publication, `2023-03-01`, or `"open"`.
    #[serde(rename = "publicatiedatum")]
    pub publication_date: Spanned<OpenOr<toml::value::Datetime>>,
    /// `programma`: the multi-year programme this plan works out.
    #[serde(rename = "programma")]
    pub programme: Spanned<String>,
    /// `programma_afkorting`: its abbreviation, such as `WPDG 3.0`.
    #[serde(rename = "programma_afkorting")]
    pub programme_short: Spanned<String>,
    /// `status`: `"concept"` or `"definitief"`.
    pub status: Spanned<Status>,
    /// `inleiding`: the plan's introduction (Markdown).
    #[serde(rename = "inleiding", default)]
    pub intro: Option<Prose>,
    /// `volgorde`: the order of districts and themes in the plan.
    #[serde(rename = "volgorde")]
    pub order: Order,
    /// `[ronde]` (optional): the current round of revisions by the districts
    /// and themes. Every section document (`build --format docx --section`)
    /// says in its instruction block whom to send it back to, and by when;
    /// without `[ronde]` it says to send it back to the plan's editors.
    #[serde(rename = "ronde", default)]
    pub round: Option<Round>,
}

/// `[ronde]` in `plan.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Round {
    /// `contact`: whom the section documents go back to, with an address,
    /// such as `"de redactie, plan@riec-mn.nl"`.
    pub contact: Spanned<String>,
    /// `retour_voor` (optional): the date they should be back by, `2023-02-15`.
    #[serde(rename = "retour_voor", default)]
    pub return_by: Option<Spanned<toml::value::Datetime>>,
}

/// `periode` in `plan.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Period {
    /// `van`: first year.
    #[serde(rename = "van")]
    pub from: i64,
    /// `tot`: last year (inclusive).
    #[serde(rename = "tot")]
    pub to: i64,
}

/// `status` in `plan.toml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// `concept`: a draft; every page carries a CONCEPT mark.
    Concept,
    /// `definitief`: final; only possible when nothing is open.
    Definitief,
}

/// `[volgorde]` in `plan.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Order {
    /// `districten`: district ids (file names in `districten/`), in order.
    #[serde(rename = "districten")]
    pub districts: Vec<Ref>,
    /// `themas`: theme ids (file names in `themas/`), in order.
    #[serde(rename = "themas")]
    pub themes: Vec<Ref>,
}

/// `bestuur.toml`: the board and its roles.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BoardFile {
    /// `titel`: the heading of the board table.
    #[serde(rename = "titel")]
    pub title: Spanned<String>,
    /// `inleiding`: optional text above the table (Markdown).
    #[serde(rename = "inleiding", default)]
    pub intro: Option<Prose>,
    /// `[[lid]]`: one row per board member, in order.
    #[serde(rename = "lid", default)]
    pub members: Vec<BoardMember>,
    /// `toelichting`: optional note printed under the table; required when
    /// a member's `functie_onzeker` is true (it explains the mark).
    #[serde(rename = "toelichting", default)]
    pub note: Option<Spanned<String>>,
}

/// `[[lid]]` in `bestuur.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BoardMember {
    /// `functie`: the member's function; left out where the source gives none.
    #[serde(rename = "functie", default)]
    pub function: Option<Spanned<String>>,
    /// `rol`: the member's role in the board.
    #[serde(rename = "rol")]
    pub role: Spanned<String>,
    /// `functie_onzeker`: true when the source does not confirm that this
    /// `functie` belongs to this `rol`; the plan marks the function with `*`
    /// and prints `toelichting` under the table.
    #[serde(rename = "functie_onzeker", default)]
    pub uncertain: Option<Spanned<bool>>,
}

/// `districten/<id>.toml`: one district.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DistrictFile {
    /// `naam`: the district's name.
    #[serde(rename = "naam")]
    pub name: Spanned<String>,
    /// `districtsplan`: link to the full district plan.
    #[serde(rename = "districtsplan", default)]
    pub plan_url: Option<Spanned<String>>,
    /// `partnerdeel`: link to the partner part of the district plan.
    #[serde(rename = "partnerdeel", default)]
    pub partner_url: Option<Spanned<String>>,
    /// `partners`: municipalities and partners that may appear in the matrix.
    #[serde(default)]
    pub partners: Vec<Spanned<String>>,
    /// `terugblik`: look-back on the previous year (Markdown).
    #[serde(rename = "terugblik")]
    pub lookback: Prose,
    /// `vooruitblik`: outlook on the plan period (Markdown).
    #[serde(rename = "vooruitblik")]
    pub outlook: Prose,
    /// `[[thema]]`: the district's themes, in order.
    #[serde(rename = "thema", default)]
    pub themes: Vec<DistrictTheme>,
    /// `[matrix]`: which partner takes up which theme.
    #[serde(default)]
    pub matrix: Option<Matrix>,
    /// `[[doel]]`: numeric targets.
    #[serde(rename = "doel", default)]
    pub targets: Vec<Target>,
    /// `[[afbeelding]]`: images after the district's text.
    #[serde(rename = "afbeelding", default)]
    pub figures: Vec<Figure>,
    /// `[referentie]` (optional): what the previous plan said, as guidance
    /// for the author of this one (see [`Reference`]).
    #[serde(rename = "referentie", default)]
    pub reference: Option<Reference>,
}

/// `[referentie]` in a district or theme file: the previous plan's outlook,
/// kept by `new-period` as guidance for whoever writes the new one. Only the
/// section document (`build --format docx --section <id>`) shows it, in a
/// marked block ("Uit het vorige plan, ter referentie") that `import`
/// ignores; the plan itself (PDF, DOCX, web edition) never prints it.
/// Remove it once the new texts are written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reference {
    /// `plan`: the title of the plan the text comes from, such as
    /// `Uitvoeringsplan Midden-Nederland 2023-2024`.
    #[serde(default)]
    pub plan: Option<Spanned<String>>,
    /// `vooruitblik`: that plan's outlook (Markdown).
    #[serde(rename = "vooruitblik")]
    pub outlook: Prose,
}

/// `[[afbeelding]]`: an image with its alt text.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Figure {
    /// `bestand`: path from the sources folder, such as `afbeeldingen/kaart.png` (PNG or JPEG).
    #[serde(rename = "bestand")]
    pub file: Spanned<String>,
    /// `alt`: what the image shows, for screen readers; required.
    #[serde(default)]
    pub alt: Option<Spanned<String>>,
    /// `bijschrift`: the caption printed under the image.
    #[serde(rename = "bijschrift", default)]
    pub caption: Option<Spanned<String>>,
}

/// `[[thema]]` in a district file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DistrictTheme {
    /// `id`: unique within the district; used by `[matrix]` and `[[doel]]`.
    pub id: Ref,
    /// `titel`: the theme's heading.
    #[serde(rename = "titel")]
    pub title: Spanned<String>,
    /// `regiothema`: id of the regional theme this belongs to, if any.
    #[serde(rename = "regiothema", default)]
    pub regional_theme: Option<Ref>,
    /// `tekst`: the theme's text (Markdown).
    #[serde(rename = "tekst")]
    pub text: Prose,
}

/// `[matrix]` in a district file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Matrix {
    /// `toelichting`: a note printed under the table.
    #[serde(rename = "toelichting", default)]
    pub note: Option<Spanned<String>>,
    /// `[[matrix.kolom]]`: the columns (themes), in order.
    #[serde(rename = "kolom", default)]
    pub columns: Vec<MatrixColumn>,
    /// `[[matrix.rij]]`: the rows (partners), in order.
    #[serde(rename = "rij", default)]
    pub rows: Vec<MatrixRow>,
}

/// `[[matrix.kolom]]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MatrixColumn {
    /// `id`: used in `ja` and `nee` of the rows.
    pub id: Ref,
    /// `titel`: the column heading.
    #[serde(rename = "titel")]
    pub title: Spanned<String>,
    /// `groep`: a heading spanning this and neighbouring columns.
    #[serde(rename = "groep", default)]
    pub group: Option<Spanned<String>>,
    /// `thema`: id of the district `[[thema]]` this column is about.
    #[serde(rename = "thema", default)]
    pub theme: Option<Ref>,
}

/// `[[matrix.rij]]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MatrixRow {
    /// `partner`: a name from the district's `partners`.
    pub partner: Spanned<String>,
    /// `ja`: columns this partner takes up (a mark).
    #[serde(rename = "ja", default)]
    pub yes: Vec<Ref>,
    /// `nee`: columns this partner does not take up. Columns in neither list are open.
    #[serde(rename = "nee", default)]
    pub no: Vec<Ref>,
}

/// `[[doel]]` in a district file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Target {
    /// `omschrijving`: what is counted.
    #[serde(rename = "omschrijving")]
    pub description: Spanned<String>,
    /// `aantal`: the number aimed at, or `"open"`.
    #[serde(rename = "aantal")]
    pub count: Spanned<OpenOr<u64>>,
    /// `termijn`: by when, such as `eind 2024` or `per jaar`.
    #[serde(rename = "termijn", default)]
    pub term: Option<Spanned<String>>,
    /// `thema`: id of the district `[[thema]]` it belongs to.
    #[serde(rename = "thema", default)]
    pub theme: Option<Ref>,
}

/// `themas/<id>.toml`: one regional theme.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThemeFile {
    /// `titel`: the chapter heading.
    #[serde(rename = "titel")]
    pub title: Spanned<String>,
    /// `navigatie`: short name in the navigation; defaults to the title.
    #[serde(rename = "navigatie", default)]
    pub nav: Option<Spanned<String>>,
    /// `inleiding`: text before the look-back (Markdown).
    #[serde(rename = "inleiding", default)]
    pub intro: Option<Prose>,
    /// `terugblik`: look-back (Markdown).
    #[serde(rename = "terugblik", default)]
    pub lookback: Option<Prose>,
    /// `vooruitblik`: outlook (Markdown).
    #[serde(rename = "vooruitblik", default)]
    pub outlook: Option<Prose>,
    /// `vooruitblik_titel`: heading of the outlook, if not the default.
    #[serde(rename = "vooruitblik_titel", default)]
    pub outlook_title: Option<Spanned<String>>,
    /// `doelen`: numbered goals (Markdown, one line each).
    #[serde(rename = "doelen", default)]
    pub goals: Vec<Prose>,
    /// `[uitvoeringsplan]`: the theme's full plan.
    #[serde(rename = "uitvoeringsplan", default)]
    pub full_plan: Option<FullPlan>,
    /// `[[paragraaf]]`: further sections.
    #[serde(rename = "paragraaf", default)]
    pub sections: Vec<Section>,
    /// `[in_de_districten]`: how the districts take the theme up.
    #[serde(rename = "in_de_districten", default)]
    pub in_districts: Option<InDistricts>,
    /// `[[afbeelding]]`: images after the theme's text.
    #[serde(rename = "afbeelding", default)]
    pub figures: Vec<Figure>,
    /// `[referentie]` (optional): the previous plan's outlook, as guidance
    /// for the author of this one (see [`Reference`]).
    #[serde(rename = "referentie", default)]
    pub reference: Option<Reference>,
}

/// `[uitvoeringsplan]` in a theme file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FullPlan {
    /// `tekst`: the sentence pointing at the plan.
    #[serde(rename = "tekst")]
    pub text: Spanned<String>,
    /// `url`: the link; left out while the plan is not published.
    #[serde(default)]
    pub url: Option<Spanned<String>>,
}

/// `[[paragraaf]]`: a titled piece of text.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// `titel`: the heading; left out for a paragraph that continues the text.
    #[serde(rename = "titel", default)]
    pub title: Option<Spanned<String>>,
    /// `tekst`: the text (Markdown).
    #[serde(rename = "tekst")]
    pub text: Prose,
}

/// `[in_de_districten]` in a theme file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InDistricts {
    /// `titel`: heading; defaults to "<titel> in de districten".
    #[serde(rename = "titel", default)]
    pub title: Option<Spanned<String>>,
    /// `inleiding`: text for all districts (Markdown).
    #[serde(rename = "inleiding", default)]
    pub intro: Option<Prose>,
    /// `[in_de_districten.per_district]`: Markdown keyed by district id.
    #[serde(rename = "per_district", default)]
    pub per_district: BTreeMap<Spanned<String>, Prose>,
}

/// `organisatie.toml`: Organisatie en middelen.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrganisationFile {
    /// `titel`: the chapter heading.
    #[serde(rename = "titel")]
    pub title: Spanned<String>,
    /// `inleiding`: the chapter's introduction (Markdown).
    #[serde(rename = "inleiding", default)]
    pub intro: Option<Prose>,
    /// `[[onderdeel]]`: the parts, in order.
    #[serde(rename = "onderdeel", default)]
    pub parts: Vec<OrganisationPart>,
}

/// `[[onderdeel]]` in `organisatie.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrganisationPart {
    /// `id`: unique within the file.
    pub id: Ref,
    /// `titel`: the heading.
    #[serde(rename = "titel")]
    pub title: Spanned<String>,
    /// `tekst`: text without look-back/outlook split (Markdown).
    #[serde(rename = "tekst", default)]
    pub text: Option<Prose>,
    /// `terugblik`: look-back (Markdown).
    #[serde(rename = "terugblik", default)]
    pub lookback: Option<Prose>,
    /// `vooruitblik`: outlook (Markdown).
    #[serde(rename = "vooruitblik", default)]
    pub outlook: Option<Prose>,
    /// `begroting`: `true` places the funding streams and the budget table here.
    #[serde(rename = "begroting", default)]
    pub budget: bool,
    /// `slot`: text after the funding streams, before the table (Markdown).
    #[serde(rename = "slot", default)]
    pub closing: Option<Prose>,
}

/// `begroting.toml`: the budget table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BudgetFile {
    /// `titel`: the table's caption.
    #[serde(rename = "titel")]
    pub title: Spanned<String>,
    /// `totaal_label`: the label of the grand total row.
    #[serde(rename = "totaal_label")]
    pub total_label: Spanned<String>,
    /// `[tolerantie]`: rounding tolerance for stated totals.
    #[serde(rename = "tolerantie")]
    pub tolerance: Tolerance,
    /// `[[kolom]]`: the funding streams, one column each.
    #[serde(rename = "kolom")]
    pub columns: Vec<BudgetColumn>,
    /// `[[groep]]`: groups of rows with a subtotal.
    #[serde(rename = "groep", default)]
    pub groups: Vec<BudgetGroup>,
    /// `[[regel]]`: single rows after the groups.
    #[serde(rename = "regel", default)]
    pub rows: Vec<BudgetRow>,
    /// `[opgegeven]`: the grand total as the source states it.
    #[serde(rename = "opgegeven", default)]
    pub stated: Option<Stated>,
    /// `[[financiering]]`: the funding rows.
    #[serde(rename = "financiering", default)]
    pub funding: Vec<FundingRow>,
    /// `[subsidie]`: the total of the funding rows.
    #[serde(rename = "subsidie")]
    pub subsidy: LabelledStated,
    /// `[verschil]`: funding minus spending.
    #[serde(rename = "verschil")]
    pub difference: LabelledStated,
}

/// `[tolerantie]` in `begroting.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tolerance {
    /// `bedrag`: a difference up to this many euros is a warning, beyond it an error.
    #[serde(rename = "bedrag")]
    pub amount: Euro,
    /// `fte`: the same for FTE, such as `"0,05"`.
    pub fte: Fte,
}

/// `[[kolom]]` in `begroting.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BudgetColumn {
    /// `id`: used as key in `verdeling`.
    pub id: Ref,
    /// `naam`: the column heading and the stream's name.
    #[serde(rename = "naam")]
    pub name: Spanned<String>,
    /// `bedrag`: the amount the text names for this stream, in whole
    /// euros, or `"open"` while it is not known (as `new-period` leaves it:
    /// the plan then prints the open mark, and `check` lists it).
    #[serde(rename = "bedrag")]
    pub amount: Spanned<OpenOr<Euro>>,
    /// `toelichting`: what the text says about the stream (Markdown).
    #[serde(rename = "toelichting", default)]
    pub note: Option<Prose>,
}

/// `[[groep]]` in `begroting.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BudgetGroup {
    /// `naam`: the group's name; its subtotal reads "Totaal <naam>".
    #[serde(rename = "naam")]
    pub name: Spanned<String>,
    /// `opgegeven`: the subtotal as the source states it.
    #[serde(rename = "opgegeven", default)]
    pub stated: Option<Stated>,
    /// `[[groep.regel]]`: the rows.
    #[serde(rename = "regel", default)]
    pub rows: Vec<BudgetRow>,
}

/// A row of the budget table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BudgetRow {
    /// `functie`: the function or cost item.
    #[serde(rename = "functie")]
    pub function: Spanned<String>,
    /// `schaal`: the salary scale, or `"open"`; left out for non-staff costs.
    #[serde(rename = "schaal", default)]
    pub scale: Option<Spanned<OpenOr<String>>>,
    /// `fte`: the staff size, or `"open"`; left out for non-staff costs.
    #[serde(default)]
    pub fte: Option<Spanned<OpenOr<Fte>>>,
    /// `bedrag`: the row's total in whole euros, or `"open"` where the
    /// source does not show it legibly.
    #[serde(rename = "bedrag")]
    pub amount: Spanned<OpenOr<Euro>>,
    /// `verdeling`: the split over the columns; must add up to `bedrag`.
    /// `"open"` where the source does not show which column holds what.
    #[serde(rename = "verdeling")]
    pub split: Spanned<OpenOr<Split>>,
    /// `nieuw`: new compared with the programme's first edition (marked *).
    #[serde(rename = "nieuw", default)]
    pub new: bool,
    /// `niet_leesbaar`: a remainder row for what the source does not show legibly.
    #[serde(rename = "niet_leesbaar", default)]
    pub illegible: bool,
}

/// A `verdeling`: an amount per column id.
pub type Split = BTreeMap<Spanned<String>, Spanned<Euro>>;

/// A `verdeling` that may be `"open"`.
impl<'de> Deserialize<'de> for OpenOr<Split> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::{self, Visitor, value::MapAccessDeserializer};
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = OpenOr<Split>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("een verdeling zoals { kolom = 1000 }, of \"open\" als de bron de kolommen niet leesbaar toont")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                if v == "open" {
                    Ok(OpenOr::Open)
                } else {
                    Err(E::invalid_value(de::Unexpected::Str(v), &self))
                }
            }
            fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                Split::deserialize(MapAccessDeserializer::new(map)).map(OpenOr::Known)
            }
        }
        d.deserialize_any(V)
    }
}

/// Totals as the source states them (`opgegeven`). A stated figure is
/// never `"open"`: a total the source does not state is left out (the
/// plan prints its computed total); `new-period` removes them all.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stated {
    /// `fte`: stated FTE total.
    #[serde(default)]
    pub fte: Option<Spanned<Fte>>,
    /// `bedrag`: stated amount.
    #[serde(rename = "bedrag")]
    pub amount: Spanned<Euro>,
    /// `verdeling`: stated column totals (a column may be left out).
    #[serde(rename = "verdeling", default)]
    pub split: BTreeMap<Spanned<String>, Spanned<Euro>>,
}

/// `[[financiering]]` in `begroting.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FundingRow {
    /// `omschrijving`: what the money is.
    #[serde(rename = "omschrijving")]
    pub description: Spanned<String>,
    /// `bedrag`: total in whole euros, or `"open"` while it is not known;
    /// the subsidy total then counts it apart, as a row's open amount.
    #[serde(rename = "bedrag")]
    pub amount: Spanned<OpenOr<Euro>>,
    /// `verdeling`: the split over the columns; must add up to `bedrag`.
    /// `"open"` while it is not known which stream pays what.
    #[serde(rename = "verdeling")]
    pub split: Spanned<OpenOr<Split>>,
}

/// `[subsidie]` and `[verschil]` in `begroting.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LabelledStated {
    /// `label`: the row's label.
    pub label: Spanned<String>,
    /// `opgegeven`: the row as the source states it.
    #[serde(rename = "opgegeven", default)]
    pub stated: Option<Stated>,
}

/// `resultaten.toml`: the results appendix.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResultsFile {
    /// `titel`: the appendix heading.
    #[serde(rename = "titel")]
    pub title: Spanned<String>,
    /// `jaar`: the one year the figures cover, such as `2022`; every value
    /// is then written as it is (`waarde = 103`). Write either `jaar` or
    /// `jaren`, not both.
    #[serde(rename = "jaar", default)]
    pub year: Option<Spanned<i64>>,
    /// `jaren`: the years the figures cover, ascending, such as
    /// `[2022, 2023]` (at most six); the appendix has a column per year.
    /// Every value is then a table with a value per year:
    /// `waarde = { 2022 = 103, 2023 = "open" }`; a year that is missing or
    /// not in `jaren` is an error. `jaren = [2022]` is the same as
    /// `jaar = 2022`.
    #[serde(rename = "jaren", default)]
    pub years: Option<Spanned<Vec<Spanned<i64>>>>,
    /// `[[maat]]`: the numbered measures.
    #[serde(rename = "maat", default)]
    pub measures: Vec<Measure>,
    /// `[[voetnoot]]`: footnotes referred to by their sign.
    #[serde(rename = "voetnoot", default)]
    pub footnotes: Vec<Footnote>,
}

/// `[[maat]]` in `resultaten.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Measure {
    /// `nummer`: the measure's number.
    #[serde(rename = "nummer")]
    pub number: Spanned<u32>,
    /// `omschrijving`: what is measured.
    #[serde(rename = "omschrijving", default)]
    pub description: Option<Spanned<String>>,
    /// `waarde`: the value, or `"open"`; with `jaren`, a table with a value
    /// per year (`{ 2022 = 103, 2023 = "open" }`); left out when the measure
    /// has rows.
    #[serde(rename = "waarde", default)]
    pub value: Option<Spanned<Yearly<u64>>>,
    /// `eenheid`: `"aantal"` (default) or `"euro"`.
    #[serde(rename = "eenheid", default)]
    pub unit: Option<Spanned<Unit>>,
    /// `voetnoot`: sign of a footnote, such as `"*"`.
    #[serde(rename = "voetnoot", default)]
    pub footnote: Option<Ref>,
    /// `[[maat.regel]]`: the rows a., b., ...
    #[serde(rename = "regel", default)]
    pub rows: Vec<MeasureRow>,
}

/// The unit of a measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    /// `aantal`: a count.
    #[default]
    Aantal,
    /// `euro`: an amount in whole euros.
    Euro,
}

/// `[[maat.regel]]` in `resultaten.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeasureRow {
    /// `label`: the row's letter, such as `"a"`.
    #[serde(default)]
    pub label: Option<Spanned<String>>,
    /// `omschrijving`: what the row counts.
    #[serde(rename = "omschrijving", default)]
    pub description: Option<Spanned<String>>,
    /// `waarde`: the value, or `"open"`; with `jaren`, a table with a value
    /// per year; left out for a heading row.
    #[serde(rename = "waarde", default)]
    pub value: Option<Spanned<Yearly<u64>>>,
    /// `eenheid`: `"aantal"` (default) or `"euro"`.
    #[serde(rename = "eenheid", default)]
    pub unit: Option<Spanned<Unit>>,
    /// `voetnoot`: sign of a footnote.
    #[serde(rename = "voetnoot", default)]
    pub footnote: Option<Ref>,
    /// `uitsplitsing`: parts that must add up exactly to `waarde` (with
    /// `jaren`: in every year where all of them are known).
    #[serde(rename = "uitsplitsing", default)]
    pub breakdown: Vec<Part>,
    /// `waarde_tekst`: the value in the plan's own words, printed instead of
    /// the bare value and the `uitsplitsing` rows; `{waarde}` stands for the
    /// value and `{1}`, `{2}`, ... for the parts of `uitsplitsing`, each
    /// exactly once, so the words always match the numbers; `{jaar}` (may
    /// be left out) stands for the year. With `jaren` the wording is printed
    /// once per year whose value is known, under the description and
    /// preceded by the year ("2023: 120 (waarvan ...)"), filled in with that
    /// year's values; the year columns then show the bare values.
    #[serde(rename = "waarde_tekst", default)]
    pub wording: Option<Spanned<String>>,
    /// `[[maat.regel.deel]]`: sub-rows that need not add up.
    #[serde(rename = "deel", default)]
    pub parts: Vec<Part>,
}

/// A part of a results row.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Part {
    /// `omschrijving`: what the part counts.
    #[serde(rename = "omschrijving")]
    pub description: Spanned<String>,
    /// `waarde`: the value, or `"open"`; with `jaren`, a table with a value
    /// per year.
    #[serde(rename = "waarde")]
    pub value: Spanned<Yearly<u64>>,
    /// `voetnoot`: sign of a footnote.
    #[serde(rename = "voetnoot", default)]
    pub footnote: Option<Ref>,
}

/// `[[voetnoot]]` in `resultaten.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Footnote {
    /// `teken`: the sign, such as `"*"` or `"**"`.
    #[serde(rename = "teken")]
    pub sign: Spanned<String>,
    /// `tekst`: the footnote; `{naam}` is replaced by the amount in `waarden`.
    #[serde(rename = "tekst")]
    pub text: Spanned<String>,
    /// `waarden`: amounts in whole euros (or `"open"`) for the placeholders;
    /// with `jaren`, each a table with an amount per year
    /// (`opgelegd = { 2022 = 1000, 2023 = "open" }`), printed as
    /// "€ 1.000 (2022), open (2023)".
    #[serde(rename = "waarden", default)]
    pub values: BTreeMap<String, Spanned<Yearly<Euro>>>,
}

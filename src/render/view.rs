//! The presentation view of the plan: every number already formatted (by
//! `format`), every label composed, every quote and apostrophe typographic
//! (by [`Typography`], once, over all its texts). The PDF layouts read it as
//! JSON; the DOCX writer walks the same structure, so both print the same
//! strings.

use serde::Serialize;
use serde::ser::{SerializeStruct, Serializer};

use crate::format;
use crate::model::budget::{self, Amounts, Totals, Weight};
use crate::model::richtext::{ATTRIBUTION_DASH, Block, Inline, RichText, plain};
use crate::model::{self, Mark, OpenOr, Plan, Status, Unit};
use crate::render::quotes;

/// The mark a partner x theme cell prints for "yes".
pub const YES: &str = "✓";

/// What a partner x theme cell prints: ✓ yes, – no, ? still open.
pub fn mark_sign(m: &Mark) -> &'static str {
    match m {
        Mark::Yes => YES,
        Mark::No => "–",
        Mark::Open => "?",
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct View {
    /// The fixed Dutch texts around the plan's own.
    pub labels: Labels,
    pub meta: Meta,
    pub nav: Nav,
    pub board: Board,
    pub districts: Vec<District>,
    pub themes: Vec<Theme>,
    pub organisation: Organisation,
    pub budget: Budget,
    pub results: Results,
    /// What changed since an earlier version (`build --since`), over the
    /// rest: None in every other build, which then is what it was before.
    #[serde(skip)]
    pub marks: Option<crate::render::marks::Marks>,
}

/// The fixed texts both documents print around the plan's own (labels,
/// link texts, table headers), so the PDF and the DOCX say the same. Every
/// fixed text is here once: the renderers print these (`lb.<name>` in the
/// layout), and the view composes its other texts from them (headers,
/// titles); only sentences built around values are written where they are
/// composed.
#[derive(Debug, Clone, Serialize)]
pub struct Labels {
    pub contents: &'static str,
    pub region: &'static str,
    pub period: &'static str,
    pub programme: &'static str,
    pub status: &'static str,
    pub date: &'static str,
    /// Before the link to a district's full plan, and the link's text.
    pub district_plan: &'static str,
    pub district_plan_link: &'static str,
    /// Before the link to a district's partner part, and the link's text
    /// (followed by the district's name).
    pub partner_part: &'static str,
    pub partner_part_link: &'static str,
    pub targets: &'static str,
    pub target_count: &'static str,
    pub target_goal: &'static str,
    pub target_term: &'static str,
    pub matrix: &'static str,
    /// Before a matrix in words.
    pub in_words: &'static str,
    /// Before the link from a district theme to its regional theme.
    pub see_regional: &'static str,
    /// The mark of a draft: in the footer (and across every PDF page).
    pub concept: &'static str,
    /// The page number in the footer: "Pagina 3 van 39".
    pub page: &'static str,
    pub page_of: &'static str,
    /// Before the attribution under a quote.
    pub attribution: &'static str,
    /// After a budget function that is new (explained in the budget's legend).
    pub new_mark: &'static str,
    /// The heading of the budget's funding rows.
    pub funding: &'static str,
    /// The header of the table of differences between stated and computed totals.
    pub differences_header: [&'static str; 5],
    /// In the PDF's margin navigation, before the number of parts not shown
    /// ("… nog 4").
    pub nav_more: &'static str,
    /// Atop a district's own DOCX, before its name ("District Flevoland").
    pub district: &'static str,
    /// The chapters that group the districts and the themes, and the appendix
    /// with the results (its name in the navigation).
    pub districts_title: &'static str,
    pub themes_title: &'static str,
    pub appendix_title: &'static str,
    pub results_nav: &'static str,
    /// Before the year of the look back and the period of the outlook.
    pub lookback: &'static str,
    pub outlook: &'static str,
    /// The plan's status, as the cover prints it.
    pub status_concept: &'static str,
    pub status_final: &'static str,
    /// After the cover's date while the sources give none.
    pub date_open: &'static str,
    /// The instruction block atop a section document (DOCX only; the
    /// importer ignores it): its title, what to change, what to leave,
    /// how tracked changes and comments are treated, that the block
    /// itself is ignored, and where to send the document back.
    pub instructions_title: &'static str,
    pub instructions_edit: &'static str,
    /// What to change, in a theme's document (it has no tables).
    pub instructions_edit_theme: &'static str,
    pub instructions_keep: &'static str,
    pub instructions_review: &'static str,
    pub instructions_ignored: &'static str,
    /// Where to send the document when the plan names no contact.
    pub instructions_return: &'static str,
    /// Before the contact of the round (`[ronde] contact`).
    pub instructions_return_to: &'static str,
    /// Before the return date of the round (`[ronde] retour_voor`).
    pub instructions_return_by: &'static str,
    /// Before the number of this section's open values (and after the
    /// draft sentence atop a section document).
    pub section_open: &'static str,
    /// How the open values are marked, before their list.
    pub section_open_where: &'static str,
    /// A section without open values.
    pub section_open_none: &'static str,
    /// The draft sentence atop a section document.
    pub section_draft: &'static str,
    /// The title of the reference block in a section document: the previous
    /// plan's outlook (`[referentie]`), which the import ignores.
    pub reference_title: &'static str,
    /// What the reference block is, under its title.
    pub reference_note: &'static str,
    /// Above a theme's goals.
    pub goals: &'static str,
    /// The board table's header.
    pub board_header: [&'static str; 2],
    /// The top left cell of the partner x theme matrix.
    pub matrix_corner: &'static str,
    /// The budget table's header (before the columns of the plan's streams).
    pub budget_header: [&'static str; 4],
    /// The title of the table of differences between stated and computed totals.
    pub differences_title: &'static str,
    /// What a difference is: rounding, an error, or not to be checked (open values).
    pub difference_rounding: &'static str,
    pub difference_error: &'static str,
    pub difference_unverifiable: &'static str,
    /// The results table's first header (the second is the year).
    pub results_header: &'static str,
    // Only the web publication (`render::html`) prints these.
    /// The skip link at the top of every page, to the page's content.
    pub skip_to_content: &'static str,
    /// The name of the navigation between the pages.
    pub navigation: &'static str,
    /// The first page in the navigation: the cover and the board.
    pub cover: &'static str,
    /// The name of the links to the page before and after, and their texts.
    pub paging: &'static str,
    pub previous: &'static str,
    pub next: &'static str,
    /// What a table that scrolls sideways on a narrow screen is called
    /// (followed by its title).
    pub scroll_table: &'static str,
    /// Shown above such a table on a narrow screen.
    pub scroll_hint: &'static str,
    /// The cover's line in a build with change marks (`build --since`),
    /// around the earlier version's name.
    pub changes_since: &'static str,
    pub changes_marked: &'static str,
    /// The column headers of the table beside a chart.
    pub chart_label: &'static str,
    pub chart_value: &'static str,
    /// The caption of the table beside a chart, after the chart's title.
    pub chart_data: &'static str,
    /// What changed since an earlier version: the names of the values
    /// compared and the change report's texts (`crate::changes::labels`);
    /// not in the plan's data: the change report carries them.
    #[serde(skip)]
    pub changes: crate::changes::labels::ChangeLabels,
}

/// The fixed texts of the plan's documents.
pub const LABELS: Labels = Labels {
    contents: "Inhoud",
    region: "Regio",
    period: "Periode",
    programme: "Programma",
    status: "Status",
    date: "Datum",
    district_plan: "Het volledige districtelijke uitvoeringsplan:",
    district_plan_link: "download volledig plan",
    partner_part: "Het partnerdeel:",
    partner_part_link: "partnerdeel van district",
    targets: "Doelen in cijfers",
    target_count: "Aantal",
    target_goal: "Doel",
    target_term: "Termijn",
    matrix: "Partners en thema’s",
    in_words: "In woorden:",
    see_regional: "Zie ook het regiobrede thema",
    concept: "CONCEPT",
    page: PAGE,
    page_of: "van",
    attribution: ATTRIBUTION_DASH,
    new_mark: NEW_MARK,
    funding: "Financiering",
    differences_header: [TOTAL, "Opgegeven", "Berekend", "Verschil", "Soort"],
    nav_more: "… nog",
    district: "District",
    districts_title: "Districtelijke uitvoeringsplannen",
    themes_title: "Regiobrede aanpak",
    appendix_title: "Bijlage",
    results_nav: "Resultaten",
    lookback: "Terugblik",
    outlook: "Vooruitblik",
    status_concept: "Concept",
    status_final: "Definitief",
    date_open: "publicatiedatum nog open",
    instructions_title: "Zo werkt u met dit document",
    instructions_edit: "Wijzig: de tekst onder de koppen, het aantal in de tabel Doelen in cijfers en de tekens in de matrix (✓ ja, – nee, ? nog open).",
    instructions_edit_theme: "Wijzig: de tekst onder de koppen, ook de doelstellingen en de alinea’s per district.",
    instructions_keep: "Laat staan: de koppen, de vaste teksten en de vorm van de tabellen. Een gewijzigde kop, een nieuwe tabel, een rij of kolom erbij of eraf, of tekst buiten de tekst onder de koppen kan niet worden ingelezen.",
    instructions_review: "Wijzigingen bijhouden en opmerkingen zijn welkom. De redactie bekijkt de bijgehouden wijzigingen en neemt ze bij het inlezen in één keer over (of legt ze aan u voor); opmerkingen leest de redactie, ze komen niet in het plan.",
    instructions_ignored: "Dit kader wordt niet ingelezen: u mag het laten staan, wijzigen of verwijderen.",
    instructions_return: "Stuur het document terug aan de redactie van het plan.",
    instructions_return_to: "Stuur het document terug aan",
    instructions_return_by: "vóór",
    section_open: "Nog open in dit onderdeel:",
    section_open_where: "Ze staan in het document in een gekleurd vlak met het teken ? (matrix) of — (aantal), een tekst als lege alinea onder zijn kop; vul ze daar in:",
    section_open_none: "In dit onderdeel is geen waarde meer open.",
    section_draft: "Dit is een concept.",
    reference_title: "Uit het vorige plan, ter referentie",
    reference_note: "De vooruitblik uit het vorige plan, als hulp bij het schrijven van de nieuwe. Dit kader wordt niet ingelezen: schrijf de nieuwe tekst onder de koppen hieronder.",
    goals: "Doelstellingen",
    board_header: [FUNCTION, "Rol"],
    matrix_corner: "Partner",
    budget_header: [FUNCTION, "Schaal", "Fte", TOTAL],
    differences_title: "Verschillen tussen opgegeven en berekende totalen",
    difference_rounding: "afronding",
    difference_error: "fout",
    difference_unverifiable: "niet te controleren",
    results_header: "Maatstaf",
    skip_to_content: "Direct naar de inhoud",
    navigation: "Delen van het plan",
    cover: "Voorblad en bestuur",
    paging: "Vorige en volgende pagina",
    previous: "Vorige",
    next: "Volgende",
    scroll_table: "Tabel, schuif opzij voor alle kolommen:",
    scroll_hint: "Schuif de tabel opzij voor alle kolommen →",
    changes_since: "Wijzigingen sinds",
    changes_marked: "zijn in de marge gemarkeerd",
    chart_label: "Onderdeel",
    chart_value: "Aantal",
    chart_data: "in cijfers",
    changes: crate::changes::labels::CHANGE_LABELS,
};

/// The mark after a budget function that is new.
const NEW_MARK: &str = "*";
/// Words in more than one header.
const FUNCTION: &str = "Functie";
/// "Pagina 3 van 39" in the footer; the page column of the change report.
pub const PAGE: &str = "Pagina";
const TOTAL: &str = "Totaal";

#[derive(Debug, Clone, Serialize)]
pub struct Meta {
    pub title: String,
    pub slogan: String,
    pub region: String,
    pub organisation: String,
    pub period: String,
    pub programme: String,
    pub programme_short: String,
    pub status: String,
    /// Every page carries a CONCEPT mark when true.
    pub concept: bool,
    pub open_count: usize,
    /// The sentence under the cover's facts (and atop a section document)
    /// while the plan is a draft.
    pub concept_note: Option<String>,
    /// The date printed on the cover, Dutch.
    pub date: String,
    /// Why the date is provisional ("publicatiedatum nog open"), while it is.
    pub date_note: Option<String>,
    /// ISO date for the PDF metadata.
    pub date_iso: String,
    pub intro: RichText,
    pub lookback_title: String,
    pub outlook_title: String,
    pub keywords: Vec<String>,
    /// Where the section documents go back to, and by when (`[ronde]`).
    pub round: Option<Round>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Round {
    pub contact: String,
    /// The return date, Dutch (`15 februari 2023`).
    pub return_by: Option<String>,
}

impl Meta {
    /// The date as the PDF's cover shows it: with its note while it is
    /// open (`1 januari 2023 (publicatiedatum nog open)`).
    pub fn shown_date(&self) -> String {
        match &self.date_note {
            Some(note) => format!("{} ({note})", self.date),
            None => self.date.clone(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Nav {
    pub districts_title: String,
    pub themes_title: String,
    pub organisation: NavItem,
    pub appendix_title: String,
    pub districts: Vec<NavItem>,
    pub themes: Vec<NavItem>,
    pub appendix: NavItem,
}

#[derive(Debug, Clone, Serialize)]
pub struct NavItem {
    /// Label target in the layout: `district-<id>`, `thema-<id>`, ...
    pub anchor: String,
    pub label: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Board {
    pub title: String,
    pub intro: RichText,
    pub header: [String; 2],
    pub members: Vec<BoardMember>,
    /// The note under the table, starting with the mark when a pairing is uncertain.
    pub note: Option<String>,
    /// What the open mark in the table means.
    pub open_legend: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct BoardMember {
    /// The function, followed by [`UNCERTAIN`] when its pairing is uncertain.
    pub function: String,
    pub role: String,
}

/// The mark after a board function whose pairing with the role is uncertain.
pub const UNCERTAIN: &str = "*";

#[derive(Debug, Clone, Serialize)]
pub struct District {
    pub anchor: String,
    pub id: String,
    pub name: String,
    pub plan_url: Option<String>,
    pub partner_url: Option<String>,
    pub lookback: RichText,
    pub outlook: RichText,
    pub themes: Vec<DistrictTheme>,
    pub matrix: Option<Matrix>,
    pub targets: Vec<Target>,
    pub figures: Vec<Figure>,
    /// This section's open values (what `check` and `status` list for its file).
    pub open: Vec<String>,
    /// The previous plan's outlook (`[referentie]`): only the section
    /// document shows it, so the layouts' data leaves it out.
    #[serde(skip)]
    pub reference: Option<Reference>,
}

/// What the previous plan said (`[referentie]`), for the section document's
/// reference block: its title (with the plan's name when the source gives
/// it) and the outlook.
#[derive(Debug, Clone, Serialize)]
pub struct Reference {
    pub title: String,
    pub outlook: RichText,
}

fn reference(labels: &Labels, r: &Option<model::Reference>) -> Option<Reference> {
    r.as_ref().map(|r| Reference {
        title: match &r.plan {
            Some(plan) => format!("{} ({plan})", labels.reference_title),
            None => labels.reference_title.to_string(),
        },
        outlook: r.outlook.clone(),
    })
}

/// An image: `src` is the path the layouts load (`sources/<path>`).
#[derive(Debug, Clone, Serialize)]
pub struct Figure {
    pub src: String,
    pub alt: String,
    pub caption: Option<String>,
    pub width: u32,
    pub height: u32,
}

fn figures(figures: &[model::Figure]) -> Vec<Figure> {
    figures
        .iter()
        .map(|f| Figure {
            src: format!("sources/{}", f.path),
            alt: f.alt.clone(),
            caption: f.caption.clone(),
            width: f.width,
            height: f.height,
        })
        .collect()
}

#[derive(Debug, Clone, Serialize)]
pub struct DistrictTheme {
    pub anchor: String,
    pub title: String,
    /// The regional theme it belongs to: (anchor, title).
    pub regional: Option<NavItem>,
    pub text: RichText,
}

#[derive(Debug, Clone, Serialize)]
pub struct Matrix {
    pub caption: String,
    pub note: Option<String>,
    pub corner: String,
    /// Column group headings with the number of columns they span (`""` for none).
    pub groups: Vec<(String, usize)>,
    pub has_groups: bool,
    pub columns: Vec<String>,
    pub rows: Vec<MatrixRow>,
    pub legend: String,
    /// The whole table in words, for screen readers and as the figure's alt text.
    pub summary: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct MatrixRow {
    pub partner: String,
    /// Printed marks: `✓`, `–` (no) or `?` (open).
    pub cells: Vec<String>,
    pub marks: Vec<Mark>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Target {
    pub count: String,
    pub description: String,
    pub term: String,
    pub theme: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Theme {
    pub anchor: String,
    pub id: String,
    pub title: String,
    pub intro: RichText,
    pub lookback: RichText,
    pub outlook: RichText,
    pub outlook_title: String,
    pub goals_title: String,
    pub goals: Vec<Vec<Inline>>,
    pub full_plan: Option<FullPlan>,
    pub sections: Vec<Section>,
    pub in_districts: Option<InDistricts>,
    pub figures: Vec<Figure>,
    /// This section's open values (what `check` and `status` list for its file).
    pub open: Vec<String>,
    /// The previous plan's outlook (`[referentie]`), as for a district.
    #[serde(skip)]
    pub reference: Option<Reference>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FullPlan {
    pub text: String,
    pub url: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Section {
    pub title: Option<String>,
    pub text: RichText,
}

#[derive(Debug, Clone, Serialize)]
pub struct InDistricts {
    pub title: String,
    pub intro: RichText,
    pub districts: Vec<InDistrict>,
}

#[derive(Debug, Clone, Serialize)]
pub struct InDistrict {
    pub anchor: String,
    pub name: String,
    pub text: RichText,
}

#[derive(Debug, Clone, Serialize)]
pub struct Organisation {
    pub anchor: String,
    pub title: String,
    pub intro: RichText,
    pub parts: Vec<OrganisationPart>,
}

#[derive(Debug, Clone, Serialize)]
pub struct OrganisationPart {
    pub anchor: String,
    pub title: String,
    pub text: RichText,
    pub lookback: RichText,
    pub outlook: RichText,
    pub budget: bool,
    pub streams: Vec<Stream>,
    pub closing: RichText,
}

#[derive(Debug, Clone, Serialize)]
pub struct Stream {
    pub name: String,
    pub amount: String,
    pub note: RichText,
}

#[derive(Debug, Clone, Serialize)]
pub struct Budget {
    pub anchor: String,
    pub title: String,
    pub header: Vec<String>,
    pub columns: Vec<String>,
    pub groups: Vec<BudgetGroup>,
    pub rows: Vec<BudgetRow>,
    pub total: BudgetTotal,
    pub funding: Vec<BudgetTotal>,
    pub subsidy: BudgetTotal,
    pub difference: BudgetTotal,
    pub legend: Vec<String>,
    pub differences_title: String,
    pub differences: Vec<BudgetDifference>,
}

#[derive(Debug, Clone, Serialize)]
pub struct BudgetGroup {
    pub name: String,
    pub rows: Vec<BudgetRow>,
    pub total: BudgetTotal,
}

#[derive(Debug, Clone, Serialize)]
pub struct BudgetRow {
    pub function: String,
    pub new: bool,
    pub illegible: bool,
    pub scale: String,
    pub fte: String,
    pub amount: String,
    pub split: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct BudgetTotal {
    pub label: String,
    pub fte: String,
    pub amount: String,
    pub split: Vec<String>,
    /// True when a stated figure differs from this computed one.
    pub differs: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct BudgetDifference {
    pub what: String,
    pub stated: String,
    pub computed: String,
    pub delta: String,
    pub kind: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Results {
    pub anchor: String,
    pub title: String,
    /// The column heads: "Maatstaf", then one per year.
    pub header: Vec<String>,
    /// The years of the figures, as printed, one column each.
    pub years: Vec<String>,
    pub rows: Vec<ResultRow>,
    /// Every figure the sources hold, by id, in the table's order: the
    /// table's rows, also the breakdown that a worded value gives in words,
    /// then the footnotes' amounts (number: the footnote's sign). What the
    /// results spreadsheet lists.
    pub figures: Vec<ResultRow>,
    pub footnotes: Vec<String>,
    pub open_note: Option<String>,
    /// A chart per group of figures (a row's breakdown) with a known value,
    /// comparing the years; printed beside the table that holds its data.
    pub charts: Vec<Chart>,
}

/// A row of the results table, flattened with its level of indentation.
#[derive(Debug, Clone, Serialize)]
pub struct ResultRow {
    /// The measure's, row's or part's id (`model::Measure::id`), by which
    /// the results spreadsheet finds it.
    pub id: String,
    pub number: String,
    pub label: String,
    pub description: String,
    /// One cell per year. Empty for a heading row, and for a value in the
    /// plan's own words in a one-year table (it is in `wording`).
    pub values: Vec<ResultCell>,
    /// The value in the plan's own words (`waarde_tekst`), set under the
    /// description rather than in the narrow value column: one line for
    /// one year; with several years a line per year with a known value,
    /// preceded by the year.
    pub wording: Vec<String>,
    /// Something in the row is open.
    pub open: bool,
    pub level: u8,
    /// The values are whole euros (else counts).
    pub euro: bool,
    /// For a part of a breakdown (`uitsplitsing`): the id of the row whose
    /// value it adds up to with its siblings (the sources state both; `check`
    /// compares them).
    pub sums_to: Option<String>,
}

/// A cell of the results table.
#[derive(Debug, Clone, Serialize)]
pub struct ResultCell {
    /// As printed: a number, the open sign, or empty.
    pub text: String,
    pub open: bool,
    /// The known value (for the spreadsheet), none when open or absent.
    pub amount: Option<u64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Chart {
    pub title: String,
    pub alt: String,
    /// The years compared, one bar per year in each group.
    pub series: Vec<String>,
    pub bars: Vec<Bar>,
}

/// A labelled group of bars: one per year.
#[derive(Debug, Clone, Serialize)]
pub struct Bar {
    pub label: String,
    pub values: Vec<BarValue>,
}

#[derive(Debug, Clone, Serialize)]
pub struct BarValue {
    /// The value (0 when open).
    pub value: u64,
    pub open: bool,
    pub display: String,
    /// `display` beside its bar: with several years preceded by the year
    /// ("2023: 120"), so the colours are not the only way to tell them apart.
    pub beside: String,
}

/// The fixed texts of the results spreadsheet (`render::xlsx`), which only
/// it prints (kept apart from [`Labels`], which the PDF and DOCX print).
pub struct SheetLabels {
    /// The sheet's name, as the import's messages name it ("blad Resultaten").
    pub sheet: &'static str,
    /// The head of the hidden id column.
    pub id: &'static str,
    /// The head of the number column.
    pub number: &'static str,
    /// The instruction row above the table.
    pub instruction: &'static str,
    /// A footnote's amount as a row: followed by its name.
    pub footnote_amount: &'static str,
    /// The message of the whole-number and euro validation.
    pub whole_title: &'static str,
    pub whole_count: &'static str,
    pub whole_euro: &'static str,
}

pub const SHEET: SheetLabels = SheetLabels {
    sheet: "Resultaten",
    id: "kenmerk",
    number: "Nr.",
    instruction: "Vul per jaar de cijfers in: hele getallen, bedragen in hele euro's. Laat een cel leeg als het cijfer nog niet bekend is. Verander de grijze cellen, de kolommen en de volgorde niet; lees het blad daarna in met uitvoeringsplan import.",
    footnote_amount: "Bedrag in de voetnoot:",
    whole_title: "Heel getal",
    whole_count: "Vul een heel getal in (0 of meer), of laat de cel leeg als het cijfer nog niet bekend is.",
    whole_euro: "Vul een bedrag in hele euro's in (0 of meer), of laat de cel leeg als het nog niet bekend is.",
};

/// The open values of the section whose file is `<dir>/<id>.toml`, in the
/// order `check` lists them (`status` counts them by the same file).
pub fn section_open(plan: &Plan, dir: &str, id: &str) -> Vec<String> {
    let file = format!("{dir}/{id}.toml");
    plan.open_items
        .iter()
        .filter(|o| {
            let f = o
                .place
                .rsplit_once(':')
                .map_or(o.place.as_str(), |(f, _)| f);
            f == file || f.ends_with(&format!("/{file}"))
        })
        .map(|o| o.what.clone())
        .collect()
}

/// The sentence on a draft: how many values are open, and how they show.
fn concept_note(open: usize) -> String {
    match open {
        0 => "Dit is een concept.".to_string(),
        n => format!(
            "Dit is een concept: {} waarden zijn nog open en staan in dit document als “{}”.",
            format::thousands(n as u64),
            format::OPEN
        ),
    }
}

/// Whether a block leads in to what follows: a paragraph that is bold
/// throughout (such as "**Voor de komende twee jaren**" above a list). Both
/// renderers keep it with the next block, never alone at the foot of a
/// page: the DOCX asks this function, the PDF layout reads its answer from
/// the data (`leads_in` on every paragraph).
pub fn leads_in(block: &Block) -> bool {
    matches!(block, Block::Paragraph { inlines }
        if matches!(inlines.as_slice(), [Inline::Strong { .. }]))
}

/// A block as the layouts read it: `kind` and its content, and on a
/// paragraph whether it [leads in](leads_in).
impl Serialize for Block {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Block::Paragraph { inlines } => {
                let mut m = s.serialize_struct("Block", 3)?;
                m.serialize_field("kind", "paragraph")?;
                m.serialize_field("inlines", inlines)?;
                m.serialize_field("leads_in", &leads_in(self))?;
                m.end()
            }
            Block::List {
                ordered,
                start,
                items,
            } => {
                let mut m = s.serialize_struct("Block", 4)?;
                m.serialize_field("kind", "list")?;
                m.serialize_field("ordered", ordered)?;
                m.serialize_field("start", start)?;
                m.serialize_field("items", items)?;
                m.end()
            }
            Block::Quote {
                blocks,
                attribution,
            } => {
                let mut m = s.serialize_struct("Block", 3)?;
                m.serialize_field("kind", "quote")?;
                m.serialize_field("blocks", blocks)?;
                m.serialize_field("attribution", attribution)?;
                m.end()
            }
        }
    }
}

/// The plan's date: the publication date, else SOURCE_DATE_EPOCH, else the
/// first day of the plan period. Never the clock. The flag says whether the
/// date came from the sources.
pub fn plan_date(plan: &Plan) -> (chrono::NaiveDate, bool) {
    if let Some(d) = plan.meta.publication_date {
        return (d, true);
    }
    let from_env = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|secs| chrono::DateTime::from_timestamp(secs, 0))
        .map(|dt| dt.date_naive());
    let fallback = chrono::NaiveDate::from_ymd_opt(plan.meta.period_from, 1, 1)
        .unwrap_or_else(|| chrono::NaiveDate::from_ymd_opt(2000, 1, 1).expect("valid date"));
    (from_env.unwrap_or(fallback), false)
}

/// Composes the view from a validated plan.
pub fn view(plan: &Plan, date: chrono::NaiveDate, date_from_sources: bool) -> View {
    let m = &plan.meta;
    let l = &LABELS;
    let lookback_title = format!("{} {}", l.lookback, m.lookback_year);
    let period = format::period(m.period_from, m.period_to);
    let outlook_title = format!("{} {period}", l.outlook);
    let district_anchor = |id: &str| format!("district-{id}");
    let theme_anchor = |id: &str| format!("thema-{id}");
    let theme_nav = |id: &str| {
        plan.theme(id).map(|t| NavItem {
            anchor: theme_anchor(&t.id),
            label: t.title.clone(),
        })
    };
    let meta = Meta {
        title: m.title.clone(),
        slogan: m.slogan.clone(),
        region: m.region.clone(),
        organisation: m.organisation.clone(),
        period: period.clone(),
        programme: m.programme.clone(),
        programme_short: m.programme_short.clone(),
        status: match m.status {
            Status::Concept => l.status_concept.into(),
            Status::Definitief => l.status_final.into(),
        },
        concept: !plan.is_final(),
        open_count: plan.open_items.len(),
        concept_note: (!plan.is_final()).then(|| concept_note(plan.open_items.len())),
        date: format::date(date),
        date_note: (!date_from_sources).then(|| l.date_open.to_string()),
        date_iso: date.format("%Y-%m-%d").to_string(),
        intro: m.intro.clone(),
        lookback_title: lookback_title.clone(),
        outlook_title: outlook_title.clone(),
        keywords: vec![
            m.region.clone(),
            m.programme.clone(),
            "ondermijning".into(),
            "uitvoeringsplan".into(),
        ],
        round: m.round.as_ref().map(|r| Round {
            contact: r.contact.clone(),
            return_by: r.return_by.map(format::date),
        }),
    };
    let nav = Nav {
        districts_title: l.districts_title.into(),
        themes_title: l.themes_title.into(),
        organisation: NavItem {
            anchor: "organisatie".into(),
            label: plan.organisation.title.clone(),
        },
        appendix_title: l.appendix_title.into(),
        districts: plan
            .districts
            .iter()
            .map(|d| NavItem {
                anchor: district_anchor(&d.id),
                label: d.name.clone(),
            })
            .collect(),
        themes: plan
            .themes
            .iter()
            .map(|t| NavItem {
                anchor: theme_anchor(&t.id),
                label: t.nav.clone(),
            })
            .collect(),
        appendix: NavItem {
            anchor: "resultaten".into(),
            label: l.results_nav.into(),
        },
    };
    let board = Board {
        title: plan.board.title.clone(),
        intro: plan.board.intro.clone(),
        header: l.board_header.map(String::from),
        members: plan
            .board
            .members
            .iter()
            .map(|b| BoardMember {
                function: match &b.function {
                    Some(f) if b.uncertain => format!("{f} {UNCERTAIN}"),
                    Some(f) => f.clone(),
                    None => format::OPEN.to_string(),
                },
                role: b.role.clone(),
            })
            .collect(),
        note: plan.board.note.as_ref().map(|n| {
            if plan.board.members.iter().any(|m| m.uncertain) {
                format!("{UNCERTAIN} {n}")
            } else {
                n.clone()
            }
        }),
        open_legend: format!("{} = niet vermeld in de bron.", format::OPEN),
    };
    let districts = plan
        .districts
        .iter()
        .map(|d| District {
            anchor: district_anchor(&d.id),
            id: d.id.clone(),
            name: d.name.clone(),
            plan_url: d.plan_url.clone(),
            partner_url: d.partner_url.clone(),
            lookback: d.lookback.clone(),
            outlook: d.outlook.clone(),
            themes: d
                .themes
                .iter()
                .map(|t| DistrictTheme {
                    anchor: format!("{}-{}", district_anchor(&d.id), t.id),
                    title: t.title.clone(),
                    regional: t.regional_theme.as_deref().and_then(theme_nav),
                    text: t.text.clone(),
                })
                .collect(),
            matrix: d.matrix.as_ref().map(|mx| matrix(d, mx)),
            targets: d
                .targets
                .iter()
                .map(|t| Target {
                    count: format::count_or_open(&t.count),
                    description: t.description.clone(),
                    term: t.term.clone().unwrap_or_default(),
                    theme: t
                        .theme
                        .as_ref()
                        .and_then(|id| d.themes.iter().find(|x| &x.id == id))
                        .map(|x| x.title.clone())
                        .unwrap_or_default(),
                })
                .collect(),
            figures: figures(&d.figures),
            open: section_open(plan, crate::source::DISTRICT_DIR, &d.id),
            reference: reference(l, &d.reference),
        })
        .collect();
    let themes = plan
        .themes
        .iter()
        .map(|t| Theme {
            anchor: theme_anchor(&t.id),
            id: t.id.clone(),
            title: t.title.clone(),
            intro: t.intro.clone(),
            lookback: t.lookback.clone(),
            outlook: t.outlook.clone(),
            outlook_title: t
                .outlook_title
                .clone()
                .unwrap_or_else(|| outlook_title.clone()),
            goals_title: l.goals.into(),
            goals: t.goals.clone(),
            full_plan: t.full_plan.as_ref().map(|f| FullPlan {
                text: f.text.clone(),
                url: f.url.clone(),
            }),
            sections: t
                .sections
                .iter()
                .map(|s| Section {
                    title: s.title.clone(),
                    text: s.text.clone(),
                })
                .collect(),
            in_districts: t.in_districts.as_ref().map(|ind| InDistricts {
                title: ind.title.clone(),
                intro: ind.intro.clone(),
                districts: ind
                    .per_district
                    .iter()
                    .map(|(id, text)| InDistrict {
                        anchor: district_anchor(id),
                        name: plan
                            .district(id)
                            .map_or_else(|| id.clone(), |d| d.name.clone()),
                        text: text.clone(),
                    })
                    .collect(),
            }),
            figures: figures(&t.figures),
            open: section_open(plan, crate::source::THEME_DIR, &t.id),
            reference: reference(l, &t.reference),
        })
        .collect();
    let organisation = Organisation {
        anchor: "organisatie".into(),
        title: plan.organisation.title.clone(),
        intro: plan.organisation.intro.clone(),
        parts: plan
            .organisation
            .parts
            .iter()
            .map(|p| OrganisationPart {
                anchor: format!("organisatie-{}", p.id),
                title: p.title.clone(),
                text: p.text.clone(),
                lookback: p.lookback.clone(),
                outlook: p.outlook.clone(),
                budget: p.budget,
                streams: if p.budget {
                    plan.budget
                        .columns
                        .iter()
                        .map(|c| Stream {
                            name: c.name.clone(),
                            amount: format::euro(c.amount),
                            note: c.note.clone(),
                        })
                        .collect()
                } else {
                    Vec::new()
                },
                closing: p.closing.clone(),
            })
            .collect(),
    };
    let mut view = View {
        labels: LABELS,
        meta,
        nav,
        board,
        districts,
        themes,
        organisation,
        budget: budget_view(&plan.budget),
        results: results_view(&plan.results),
        marks: None,
    };
    view.typeset();
    view
}

/// Typographic quotes and apostrophes ([`quotes::smart`]) in every text of
/// the view that a reader sees; addresses, anchors, ids and paths are left
/// out. The fixed [`LABELS`] are written typographically (a test checks).
trait Typography {
    fn typeset(&mut self);
}

impl Typography for String {
    fn typeset(&mut self) {
        *self = quotes::smart(self, None);
    }
}

impl<T: Typography> Typography for Option<T> {
    fn typeset(&mut self) {
        if let Some(x) = self {
            x.typeset();
        }
    }
}

impl<T: Typography> Typography for Vec<T> {
    fn typeset(&mut self) {
        self.iter_mut().for_each(T::typeset);
    }
}

impl<T: Typography, const N: usize> Typography for [T; N] {
    fn typeset(&mut self) {
        self.iter_mut().for_each(T::typeset);
    }
}

impl Typography for (String, usize) {
    fn typeset(&mut self) {
        self.0.typeset();
    }
}

/// A rich-text block; its paragraphs are read as wholes, across runs.
impl Typography for model::richtext::Block {
    fn typeset(&mut self) {
        quotes::smart_blocks(std::slice::from_mut(self));
    }
}

/// The text fields of each view type (the others hold addresses, anchors,
/// ids, paths or numbers).
macro_rules! typography {
    ($($ty:ty => [$($field:ident),* $(,)?];)*) => {$(
        impl Typography for $ty {
            fn typeset(&mut self) {
                $(self.$field.typeset();)*
            }
        }
    )*};
}

typography! {
    View => [meta, nav, board, districts, themes, organisation, budget, results];
    Meta => [title, slogan, region, organisation, period, programme, programme_short,
        status, concept_note, date, date_note, intro, lookback_title, outlook_title, keywords];
    Nav => [districts_title, themes_title, organisation, appendix_title, districts, themes, appendix];
    NavItem => [label];
    Board => [title, intro, header, members, note, open_legend];
    BoardMember => [function, role];
    District => [name, lookback, outlook, themes, matrix, targets, figures, reference];
    Reference => [title, outlook];
    Figure => [alt, caption];
    DistrictTheme => [title, regional, text];
    Matrix => [caption, note, corner, groups, columns, rows, legend, summary];
    MatrixRow => [partner, cells];
    Target => [count, description, term, theme];
    FullPlan => [text];
    Section => [title, text];
    InDistricts => [title, intro, districts];
    InDistrict => [name, text];
    Organisation => [title, intro, parts];
    OrganisationPart => [title, text, lookback, outlook, streams, closing];
    Stream => [name, amount, note];
    Budget => [title, header, columns, groups, rows, total, funding, subsidy, difference,
        legend, differences_title, differences];
    BudgetGroup => [name, rows, total];
    BudgetRow => [function, scale, fte, amount, split];
    BudgetTotal => [label, fte, amount, split];
    BudgetDifference => [what, stated, computed, delta, kind];
    Results => [title, header, rows, figures, footnotes, open_note, charts];
    ResultRow => [number, label, description, values, wording];
    ResultCell => [text];
    Chart => [title, alt, bars];
    Bar => [label, values];
    BarValue => [display, beside];
}

/// A theme: its goals are paragraphs of runs, read as wholes.
impl Typography for Theme {
    fn typeset(&mut self) {
        for field in [
            &mut self.title,
            &mut self.outlook_title,
            &mut self.goals_title,
        ] {
            field.typeset();
        }
        for rich in [&mut self.intro, &mut self.lookback, &mut self.outlook] {
            rich.typeset();
        }
        for goal in &mut self.goals {
            quotes::smart_inlines(goal, &mut None);
        }
        self.full_plan.typeset();
        self.sections.typeset();
        self.in_districts.typeset();
        self.figures.typeset();
        self.reference.typeset();
    }
}

fn matrix(d: &model::District, mx: &model::Matrix) -> Matrix {
    let mut groups: Vec<(String, usize)> = Vec::new();
    for c in &mx.columns {
        let g = c.group.clone().unwrap_or_default();
        match groups.last_mut() {
            Some((last, n)) if *last == g && !g.is_empty() => *n += 1,
            _ => groups.push((g, 1)),
        }
    }
    let cell = |m: &Mark| mark_sign(m).to_string();
    let rows: Vec<MatrixRow> = mx
        .rows
        .iter()
        .map(|r| MatrixRow {
            partner: r.partner.clone(),
            cells: r.marks.iter().map(cell).collect(),
            marks: r.marks.clone(),
        })
        .collect();
    let title_of = |i: usize| mx.columns[i].title.clone();
    let mut sentences: Vec<String> = mx
        .rows
        .iter()
        .filter_map(|r| {
            let list = |mark: Mark| {
                r.marks
                    .iter()
                    .enumerate()
                    .filter(|(_, m)| **m == mark)
                    .map(|(i, _)| title_of(i))
                    .collect::<Vec<_>>()
            };
            let (yes, no) = (list(Mark::Yes), list(Mark::No));
            let mut parts = Vec::new();
            if !yes.is_empty() {
                parts.push(format!("pakt op: {}", yes.join(", ")));
            }
            if !no.is_empty() {
                parts.push(format!("niet: {}", no.join(", ")));
            }
            (!parts.is_empty()).then(|| format!("{} {}.", r.partner, parts.join("; ")))
        })
        .collect();
    let open = mx
        .rows
        .iter()
        .flat_map(|r| &r.marks)
        .filter(|m| **m == Mark::Open)
        .count();
    if open > 0 {
        sentences.push(format!("{open} cellen zijn onbekend."));
    }
    let summary = sentences.join(" ");
    Matrix {
        caption: format!("Partners en districtelijke thema's in {}", d.name),
        note: mx.note.clone(),
        corner: LABELS.matrix_corner.into(),
        has_groups: groups.iter().any(|(g, _)| !g.is_empty()),
        groups,
        columns: mx.columns.iter().map(|c| c.title.clone()).collect(),
        rows,
        legend: format!(
            "{YES} = pakt dit thema op; – = niet; ? = onbekend (de markering ontbreekt in de bron)"
        ),
        summary,
    }
}

/// What a computed figure with open values among its parts is.
#[derive(Clone, Copy)]
enum Bound {
    /// A sum: the known part is a lower bound, printed with `+`.
    Lower,
    /// A difference: unknown, printed as open.
    Unknown,
}

/// A computed figure: exact, a lower bound (`+`), or open.
fn bounded(text: String, known_is_zero: bool, open: usize, bound: Bound) -> String {
    match (open, bound) {
        (0, _) => text,
        (_, Bound::Lower) if !known_is_zero => format!("{text}+"),
        _ => format::OPEN.to_string(),
    }
}

fn total_view(
    label: String,
    t: &Amounts,
    fte: Option<&Totals>,
    bound: Bound,
    differs: bool,
) -> BudgetTotal {
    let euro = |e: model::Euro, open: usize| bounded(format::euro(e), e.0 == 0, open, bound);
    BudgetTotal {
        label,
        fte: fte.map_or_else(String::new, |t| {
            bounded(format::fte(t.fte), t.fte.0 == 0, t.fte_open, Bound::Lower)
        }),
        amount: euro(t.amount, t.amount_open),
        split: t.split.iter().map(|e| euro(*e, t.split_open)).collect(),
        differs,
    }
}

fn row_view(r: &budget::Row, columns: usize) -> BudgetRow {
    let open_or = |v: Option<String>| v.unwrap_or_else(|| format::OPEN.to_string());
    BudgetRow {
        function: r.function.clone(),
        new: r.new,
        illegible: r.illegible,
        scale: match &r.scale {
            None => String::new(),
            Some(s) => open_or(s.known().cloned()),
        },
        fte: match &r.fte {
            None => String::new(),
            Some(f) => open_or(f.known().map(|f| format::fte(*f))),
        },
        amount: open_or(r.amount.known().map(|a| format::euro(*a))),
        split: match &r.split {
            OpenOr::Open => vec![format::OPEN.to_string(); columns],
            OpenOr::Known(split) => split
                .iter()
                .map(|e| {
                    if e.0 == 0 {
                        String::new()
                    } else {
                        format::euro(*e)
                    }
                })
                .collect(),
        },
    }
}

fn budget_view(b: &budget::Budget) -> Budget {
    let columns = b.columns.len();
    let groups = b
        .groups
        .iter()
        .enumerate()
        .map(|(i, g)| {
            let label = budget::group_total_label(&g.name);
            BudgetGroup {
                name: g.name.clone(),
                rows: g.rows.iter().map(|r| row_view(r, columns)).collect(),
                total: total_view(
                    label.clone(),
                    &g.total.amounts,
                    Some(&g.total),
                    Bound::Lower,
                    b.differs(budget::Total::Group(i)),
                ),
            }
        })
        .collect();
    let mut legend = vec!["* = nieuw ten opzichte van wpdg 1.0".to_string()];
    if b.groups
        .iter()
        .flat_map(|g| &g.rows)
        .chain(&b.rows)
        .any(|r| r.illegible)
    {
        legend.push("Cursief: restregel voor wat de bron in de groep niet leesbaar toont: het opgegeven groepstotaal min de leesbare waarden erboven (dus met de open fte's en bedragen erboven).".into());
    }
    let open = &b.total.amounts;
    if b.total.fte_open + open.amount_open + open.split_open > 0 {
        legend.push(format!(
            "{} = open (nog niet bekend); + achter een totaal: er tellen nog open waarden mee, het totaal is dan een ondergrens.",
            format::OPEN
        ));
    }
    Budget {
        anchor: "begroting".into(),
        title: b.title.clone(),
        header: LABELS.budget_header.map(String::from).to_vec(),
        columns: b.columns.iter().map(|c| c.name.clone()).collect(),
        groups,
        rows: b.rows.iter().map(|r| row_view(r, columns)).collect(),
        total: total_view(
            b.total_label.clone(),
            &b.total.amounts,
            Some(&b.total),
            Bound::Lower,
            b.differs(budget::Total::Spending),
        ),
        funding: b
            .funding
            .iter()
            .map(|f| {
                total_view(
                    f.description.clone(),
                    &Amounts::exact(f.amount, f.split.clone()),
                    None,
                    Bound::Lower,
                    false,
                )
            })
            .collect(),
        subsidy: total_view(
            b.subsidy_label.clone(),
            &b.subsidy,
            None,
            Bound::Lower,
            b.differs(budget::Total::Subsidy),
        ),
        difference: total_view(
            b.difference_label.clone(),
            &b.difference,
            None,
            Bound::Unknown,
            b.differs(budget::Total::Balance),
        ),
        legend,
        differences_title: LABELS.differences_title.into(),
        differences: b
            .differences
            .iter()
            .map(|d| {
                let [stated, computed, delta] = format::difference(d);
                BudgetDifference {
                    what: d.what(&b.total_label(d.total), &b.columns),
                    stated,
                    computed,
                    delta,
                    kind: match d.weight {
                        Weight::Rounding => LABELS.difference_rounding.into(),
                        Weight::Error => LABELS.difference_error.into(),
                        Weight::Unverifiable(_) => LABELS.difference_unverifiable.into(),
                    },
                }
            })
            .collect(),
    }
}

fn value_text(v: &Option<OpenOr<u64>>, unit: Unit) -> (String, bool) {
    match v {
        None => (String::new(), false),
        Some(OpenOr::Open) => (format::OPEN.to_string(), true),
        Some(OpenOr::Known(n)) => (
            match unit {
                Unit::Aantal => format::thousands(*n),
                Unit::Euro => format::euro(model::Euro(i64::try_from(*n).unwrap_or(i64::MAX))),
            },
            false,
        ),
    }
}

/// The cells of a value, one per year: the text and whether it is open.
fn value_cells(v: &Option<model::PerYear<u64>>, unit: Unit, years: usize) -> Vec<ResultCell> {
    (0..years)
        .map(|i| {
            let (text, open) = value_text(&v.as_ref().map(|v| v[i]), unit);
            let amount = v.as_ref().and_then(|v| v[i].known().copied());
            ResultCell { text, open, amount }
        })
        .collect()
}

/// A group of figures the appendix charts: its title and its labelled values.
type ChartGroup<'a> = (String, Vec<(&'a str, &'a model::PerYear<u64>)>);

fn results_view(r: &model::Results) -> Results {
    let n = r.years.len();
    let several = n > 1;
    let mut rows = Vec::new();
    let mut figures = Vec::new();
    let mut groups: Vec<ChartGroup> = Vec::new();
    let with_sign = |text: &str, sign: &Option<String>| match sign {
        Some(s) => format!("{text}{s}"),
        None => text.to_string(),
    };
    for m in &r.measures {
        let values = value_cells(&m.value, m.unit, n);
        let measure = ResultRow {
            id: m.id.clone(),
            number: m.number.to_string(),
            label: String::new(),
            description: with_sign(m.description.as_deref().unwrap_or(""), &m.footnote),
            open: values.iter().any(|c| c.open),
            values,
            wording: Vec::new(),
            level: 0,
            euro: m.unit == Unit::Euro,
            sums_to: None,
        };
        figures.push(measure.clone());
        rows.push(measure);
        for row in &m.rows {
            let mut values = value_cells(&row.value, row.unit, n);
            let mut wording = Vec::new();
            let mut open = values.iter().any(|c| c.open);
            if let Some(segments) = &row.wording {
                for (i, year) in r.years.iter().enumerate() {
                    let value = row.value.as_ref().map(|v| v[i]);
                    if several && value.is_none_or(|v| v.is_open()) {
                        // The year's column says it is open.
                        continue;
                    }
                    let text: String = segments
                        .iter()
                        .map(|s| match s {
                            model::WordingSegment::Text(t) => t.clone(),
                            model::WordingSegment::Value => value_text(&value, row.unit).0,
                            model::WordingSegment::Part(k) => row
                                .breakdown
                                .get(*k)
                                .map(|p| value_text(&Some(p.value[i]), row.unit).0)
                                .unwrap_or_default(),
                            model::WordingSegment::Year => year.to_string(),
                        })
                        .collect();
                    wording.push(if several {
                        format!("{year}: {text}")
                    } else {
                        text
                    });
                }
                open |= row
                    .breakdown
                    .iter()
                    .any(|p| p.value.iter().any(|v| v.is_open()));
                if !several {
                    // One year: the words take the place of the bare value.
                    values[0].text = String::new();
                }
            }
            let line = ResultRow {
                id: row.id.clone(),
                number: String::new(),
                label: row
                    .label
                    .as_ref()
                    .map(|l| format!("{l}."))
                    .unwrap_or_default(),
                description: with_sign(row.description.as_deref().unwrap_or(""), &row.footnote),
                values,
                wording,
                open,
                level: 1,
                euro: row.unit == Unit::Euro,
                sums_to: None,
            };
            figures.push(line.clone());
            rows.push(line);
            let in_breakdown = row.breakdown.iter().map(|_| Some(row.id.clone()));
            let parts = row.breakdown.iter().chain(&row.parts);
            for (p, sums_to) in parts.zip(in_breakdown.chain(std::iter::repeat(None))) {
                // A worded value already says what its breakdown holds: the
                // table leaves those rows out; the spreadsheet has them.
                let shown = sums_to.is_none() || row.wording.is_none();
                let values = value_cells(&Some(p.value.clone()), row.unit, n);
                let part = ResultRow {
                    id: p.id.clone(),
                    number: String::new(),
                    label: String::new(),
                    description: with_sign(&p.description, &p.footnote),
                    open: values.iter().any(|c| c.open),
                    values,
                    wording: Vec::new(),
                    level: 2,
                    euro: row.unit == Unit::Euro,
                    sums_to: sums_to.clone(),
                };
                if shown {
                    rows.push(part.clone());
                }
                figures.push(part);
            }
            if !row.breakdown.is_empty() {
                let title = row
                    .description
                    .clone()
                    .unwrap_or_else(|| format!("Maat {}", m.number));
                groups.push((
                    title,
                    row.breakdown
                        .iter()
                        .map(|p| (p.description.as_str(), &p.value))
                        .collect(),
                ));
            }
        }
    }
    let years: Vec<String> = r.years.iter().map(i32::to_string).collect();
    let charts = groups
        .into_iter()
        .filter_map(|(title, members)| chart(title, &members, &years))
        .collect();
    for f in &r.footnotes {
        for s in &f.segments {
            if let model::FootnoteSegment::Amount { id, values } = s {
                let name = id.split_once('.').map_or(id.as_str(), |(_, n)| n);
                let cells: Vec<ResultCell> = values
                    .iter()
                    .map(|v| ResultCell {
                        text: format::euro_or_open(v),
                        open: v.is_open(),
                        amount: v.known().and_then(|e| u64::try_from(e.0).ok()),
                    })
                    .collect();
                figures.push(ResultRow {
                    id: id.clone(),
                    number: f.sign.clone(),
                    label: String::new(),
                    description: format!("{} {name}", SHEET.footnote_amount),
                    open: cells.iter().any(|c| c.open),
                    values: cells,
                    wording: Vec::new(),
                    level: 0,
                    euro: true,
                    sums_to: None,
                });
            }
        }
    }
    let any_open = rows.iter().any(|r| r.open);
    let footnotes = r
        .footnotes
        .iter()
        .map(|f| {
            let text: String = f
                .segments
                .iter()
                .map(|s| match s {
                    model::FootnoteSegment::Text(t) => t.clone(),
                    model::FootnoteSegment::Amount { values, .. } if several => values
                        .iter()
                        .zip(&years)
                        .map(|(a, y)| format!("{} ({y})", format::euro_or_open(a)))
                        .collect::<Vec<_>>()
                        .join(", "),
                    model::FootnoteSegment::Amount { values, .. } => {
                        format::euro_or_open(&values[0])
                    }
                })
                .collect();
            format!("{} {text}", f.sign)
        })
        .collect();
    let mut header = vec![LABELS.results_header.to_string()];
    header.extend(years.iter().cloned());
    Results {
        anchor: "resultaten".into(),
        title: r.title.clone(),
        header,
        years,
        rows,
        figures,
        footnotes,
        open_note: any_open.then(|| {
            format!(
                "{} = nog niet bekend: de bron laat deze waarde open.",
                format::OPEN
            )
        }),
        charts,
    }
}

/// A chart of a group of figures: a bar per member and year, for the
/// members with a known value in some year; none when nothing is known.
fn chart(
    title: String,
    members: &[(&str, &model::PerYear<u64>)],
    years: &[String],
) -> Option<Chart> {
    let known: Vec<&(&str, &model::PerYear<u64>)> = members
        .iter()
        .filter(|(_, v)| v.iter().any(|v| !v.is_open()))
        .collect();
    if known.is_empty() {
        return None;
    }
    let several = years.len() > 1;
    let shown = |v: &OpenOr<u64>| match v {
        OpenOr::Known(v) => format::thousands(*v),
        OpenOr::Open => "nog niet bekend".to_string(),
    };
    // The alt text names the first bars (a PDF string is bounded; the
    // table above the chart holds every value). The title is quoted as
    // written: no case is changed, so acronyms (RIEC) stay as they are.
    const NAMED: usize = 20;
    let mut named: Vec<String> = known
        .iter()
        .take(NAMED)
        .map(|(l, v)| {
            if several {
                let per_year: Vec<String> = years
                    .iter()
                    .zip(v.iter())
                    .map(|(y, v)| format!("{y} {}", shown(v)))
                    .collect();
                format!("{l}: {}", per_year.join(", "))
            } else {
                format!("{l}: {}", shown(&v[0]))
            }
        })
        .collect();
    if known.len() > NAMED {
        named.push(format!("en nog {} (zie de tabel)", known.len() - NAMED));
    }
    let alt = if several {
        format!(
            "Staafdiagram: {title}, per jaar ({}). {}.",
            years.join(", "),
            named.join("; ")
        )
    } else {
        format!("Staafdiagram: {title}. {}.", named.join("; "))
    };
    Some(Chart {
        title,
        alt,
        series: years.to_vec(),
        bars: known
            .iter()
            .map(|(l, v)| Bar {
                label: l.to_string(),
                values: v
                    .iter()
                    .zip(years)
                    .map(|(v, year)| {
                        let display = match v {
                            OpenOr::Known(v) => format::thousands(*v),
                            OpenOr::Open => format::OPEN.to_string(),
                        };
                        BarValue {
                            value: v.known().copied().unwrap_or(0),
                            open: v.is_open(),
                            beside: if several {
                                format!("{year}: {display}")
                            } else {
                                display.clone()
                            },
                            display,
                        }
                    })
                    .collect(),
            })
            .collect(),
    })
}

/// Plain text of a rich-text value (for tests and summaries).
pub fn rich_plain(rt: &RichText) -> String {
    let mut out = Vec::new();
    for b in rt {
        match b {
            Block::Paragraph { inlines } => out.push(plain(inlines)),
            Block::List { items, .. } => {
                for item in items {
                    out.push(rich_plain(item));
                }
            }
            Block::Quote {
                blocks,
                attribution,
            } => {
                out.push(rich_plain(blocks));
                if let Some(a) = attribution {
                    out.push(plain(a));
                }
            }
        }
    }
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fixed_labels_are_typographic() {
        // The plan's, and those of changes (not in the plan's data).
        let plan = serde_json::to_value(LABELS).unwrap();
        let changes = serde_json::to_value(LABELS.changes).unwrap();
        let all = plan.as_object().unwrap().iter();
        for (name, value) in all.chain(changes.as_object().unwrap()) {
            let texts = match value {
                serde_json::Value::Array(xs) => xs.iter().collect(),
                x => vec![x],
            };
            for text in texts {
                let text = text.as_str().unwrap();
                assert_eq!(quotes::smart(text, None), text, "label {name}");
            }
        }
    }

    #[test]
    fn chart_alt_texts_quote_their_title_unchanged() {
        let (plan, report, _) = crate::load_plan(std::path::Path::new("sources"), "sources");
        let plan = plan.unwrap_or_else(|| panic!("{}", report.render()));
        let v = view(&plan, chrono::NaiveDate::MIN, true);
        assert!(!v.results.charts.is_empty());
        for c in &v.results.charts {
            assert!(
                c.alt.starts_with(&format!("Staafdiagram: {}. ", c.title)),
                "{}",
                c.alt
            );
        }
        assert!(
            v.results.charts[0].alt.contains("RIEC"),
            "{}",
            v.results.charts[0].alt
        );
    }
}

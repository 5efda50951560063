//! The DOCX renderer: the whole plan, or one district or theme for the
//! district staff to revise in Word. Builds the document with docx-rs from
//! the same view as the PDF (every number already formatted), then fills
//! docx-rs's gaps in one patch step and packs the parts deterministically:
//! the same sources give the same bytes.
//!
//! `content` walks the view; `blocks` and `tables` turn rich text and
//! tables into Word, `figures` the images (with their alt text); `styles`
//! holds the house style; `body` collects what is written (a `Composer`);
//! `patch` fixes the XML parts (and defines what the others hand it:
//! `TableFix`, `PictureFix`, `Media`); `package` writes the zip. The
//! modules depend on each other in one direction: `content` → `blocks`,
//! `tables`, `figures` → `body` → `patch` → `xml`.

mod blocks;
mod body;
mod content;
mod embed;
pub mod fields;
mod figures;
mod package;
mod patch;
pub mod report;
mod revisions;
pub(crate) mod styles;
mod tables;
#[cfg(test)]
mod tests;
mod theme;
mod xml;

use std::collections::BTreeMap;

use docx_rs::{
    AlignmentType, Docx, Footer, Header, Paragraph, Table, TableCell, TableCellMargins, TableRow,
    WidthType,
};

use crate::error::Error;
use crate::render::view::View;
use crate::source::SourceSet;
use crate::source::images::ImageFile;
use body::{Composer, text};
use content::Scope;
use styles::{FOOTER, HEADER, hex};

pub use figures::ChartImage;
pub use styles::House;

/// Where a document comes from, for the importer: written as custom
/// document properties.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Provenance {
    /// The section id, or `plan` for the whole plan.
    pub section: String,
    /// A fingerprint of the section's source file(s).
    pub fingerprint: String,
}

/// Custom property names (and [`fields::PROP_FORMAT`], the export's
/// format version). `PROP_VERSION` is the tool's version, for people.
pub const PROP_SECTION: &str = "uitvoeringsplan.sectie";
pub const PROP_FINGERPRINT: &str = "uitvoeringsplan.vingerafdruk";
pub const PROP_VERSION: &str = "uitvoeringsplan.versie";

/// The styles of a quote's paragraphs and of its source, which the
/// importer reads back as a quote.
pub use styles::{CITAAT as QUOTE_STYLE, CITAATBRON as QUOTE_SOURCE_STYLE};

/// The style of the instruction block atop a section document, which the
/// importer skips.
pub use styles::INSTRUCTIE as INSTRUCTION_STYLE;
/// The style of the reference block (the previous plan's outlook) in a
/// section document, which the importer skips as well.
pub use styles::REFERENTIE as REFERENCE_STYLE;

/// The paragraph styles the importer skips, wherever they are: what the
/// section document says for the district staff, not what the plan says.
pub const IGNORED_STYLES: [&str; 2] = [INSTRUCTION_STYLE, REFERENCE_STYLE];

/// The section value of the whole plan.
pub const WHOLE_PLAN: &str = "plan";

/// Renders the whole plan (`section` None) or one district or theme.
/// `images` are the checked (and downscaled) images of the sources
/// (`SourceSet::images`), by path under the sources folder: what is embedded.
/// The DOCX of the whole plan or of one section, with the provenance the
/// importer checks: the section and the fingerprint of its sources.
pub fn render_sources(
    view: &View,
    section: Option<&str>,
    sources: &SourceSet,
) -> Result<Vec<u8>, String> {
    let provenance = Provenance {
        section: section.unwrap_or(WHOLE_PLAN).to_string(),
        fingerprint: sources.section_fingerprint(section),
    };
    render(view, section, &provenance, &sources.images)
}

/// [`render_sources`] in a given house style (a designer's `--layouts`),
/// with the results' charts as images (`charts`, in the view's order;
/// written in the whole plan, next to the charts' tables).
pub fn render_sources_styled(
    view: &View,
    section: Option<&str>,
    sources: &SourceSet,
    house: &House,
    charts: &[ChartImage],
) -> Result<Vec<u8>, String> {
    let provenance = Provenance {
        section: section.unwrap_or(WHOLE_PLAN).to_string(),
        fingerprint: sources.section_fingerprint(section),
    };
    render_styled(view, section, &provenance, &sources.images, house, charts)
}

/// The DOCX in the built-in house style.
pub fn render(
    view: &View,
    section: Option<&str>,
    provenance: &Provenance,
    images: &BTreeMap<String, ImageFile>,
) -> Result<Vec<u8>, String> {
    render_styled(view, section, provenance, images, &House::load()?, &[])
}

/// The DOCX in the house style `house`, with the results' charts as
/// images when `charts` holds them.
pub fn render_styled(
    view: &View,
    section: Option<&str>,
    provenance: &Provenance,
    images: &BTreeMap<String, ImageFile>,
    house: &House,
    charts: &[ChartImage],
) -> Result<Vec<u8>, String> {
    let part = match section {
        None => Scope::Plan,
        Some(id) => find(view, id).map_err(|e| e.to_string())?,
    };
    let whole = part == Scope::Plan;
    let mut body = Composer::new(house.clone(), whole, images);
    body.marks = view.marks.as_ref();
    body.charts = charts;
    content::write(&mut body, view, part);
    if let Some(rel) = body.missing_images.first() {
        return Err(format!(
            "afbeelding `{rel}` is niet geladen; de DOCX kan haar niet bevatten"
        ));
    }
    let media = std::mem::take(&mut body.media);
    let pictures = std::mem::take(&mut body.pictures);
    let title_page = whole && !body.title_page_done;
    let tables = std::mem::take(&mut body.tables);
    let bookmarks = body.bookmarks.clone();

    let mut docx = Docx::new()
        .styles(styles::styles(house))
        .header(header(view))
        .footer(footer(view, house));
    if whole {
        // The cover has no header or footer: an empty first-page pair.
        docx = docx
            .first_header(Header::new().add_paragraph(Paragraph::new().style(HEADER)))
            .first_footer(Footer::new().add_paragraph(Paragraph::new().style(FOOTER)));
    }
    docx = body.into_docx(docx);
    // The last section: page setup; the first-page pair only if it is also the first.
    let last = content::section_property(house, false, title_page);
    let sp = &mut docx.document.section_property;
    sp.page_size = last.page_size;
    sp.page_margin = last.page_margin;
    sp.title_pg = last.title_pg;
    sp.first_header_reference = last.first_header_reference;
    sp.first_footer_reference = last.first_footer_reference;

    let mut parts = docx.build();
    let m = &view.meta;
    let fixes = patch::Fixes {
        tables,
        bookmarks,
        media,
        pictures,
        core: patch::Core {
            title: m.title.clone(),
            creator: m.organisation.clone(),
            subject: if m.slogan.is_empty() {
                format!("Uitvoeringsplan {}", m.period)
            } else {
                m.slogan.clone()
            },
            description: describe(view, section),
            keywords: m.keywords.join("; "),
            date: format!("{}T00:00:00Z", m.date_iso),
        },
        custom: vec![
            (PROP_SECTION.to_string(), provenance.section.clone()),
            (PROP_FINGERPRINT.to_string(), provenance.fingerprint.clone()),
            (
                PROP_VERSION.to_string(),
                env!("CARGO_PKG_VERSION").to_string(),
            ),
            (
                fields::PROP_FORMAT.to_string(),
                fields::FORMAT_VERSION.to_string(),
            ),
        ],
        font: house.lettertype.familie.clone(),
        extra: vec![patch::ExtraPart {
            id: "rIdTheme1".into(),
            target: theme::TARGET.into(),
            rel_type: theme::REL_TYPE.into(),
            bytes: theme::theme(house),
        }],
    };
    let extra = patch::apply(&mut parts, &fixes)?;
    let fonts = embed::embed(&house.lettertype.familie)?.map(|e| e.fonts.as_slice());
    package::pack(parts, extra, fonts)
}

/// Finds a district or theme by id; an unknown id names the closest one.
fn find(view: &View, id: &str) -> Result<Scope, Error> {
    if let Some(i) = view.districts.iter().position(|d| d.id == id) {
        return Ok(Scope::District(i));
    }
    if let Some(i) = view.themes.iter().position(|t| t.id == id) {
        return Ok(Scope::Theme(i));
    }
    let ids = section_ids(view);
    let closest = ids
        .iter()
        .min_by_key(|c| strsim::damerau_levenshtein(id, c))
        .cloned()
        .unwrap_or_default();
    Err(
        Error::input(format!("onbekend onderdeel `{id}`; bedoel je `{closest}`?"))
            .with_hint(format!("kies een district of thema: {}", ids.join(", "))),
    )
}

/// Checks a section id before anything is built.
pub fn check_section(view: &View, id: &str) -> Result<(), Error> {
    find(view, id).map(|_| ())
}

/// Every section id a document can be built for: districts, then themes.
pub fn section_ids(view: &View) -> Vec<String> {
    view.districts
        .iter()
        .map(|d| d.id.clone())
        .chain(view.themes.iter().map(|t| t.id.clone()))
        .collect()
}

/// What a document holds, in words: `hele plan`, `district Flevoland`, `thema Mensenhandel`.
pub fn describe(view: &View, section: Option<&str>) -> String {
    match section.map(|id| find(view, id)) {
        None => "hele plan".into(),
        Some(Ok(Scope::District(i))) => format!("district {}", view.districts[i].name),
        Some(Ok(Scope::Theme(i))) => format!("thema {}", view.themes[i].title),
        Some(Ok(Scope::Plan)) | Some(Err(_)) => section.unwrap_or_default().to_string(),
    }
}

/// A header or footer line: `left` at the left margin, `right` at the right
/// one. A borderless full-width table, so it fits portrait and landscape
/// sections alike (Word's positional tabs are not understood everywhere).
fn band(left: Paragraph, right: Paragraph) -> Table {
    let cell = |p: Paragraph| {
        TableCell::new()
            .add_paragraph(p)
            .width(2500, WidthType::Pct)
    };
    Table::without_borders(vec![TableRow::new(vec![
        cell(left),
        cell(right.align(AlignmentType::Right)),
    ])])
    .set_grid(vec![4706, 4706])
    .width(5000, WidthType::Pct)
    .margins(TableCellMargins::new().margin(0, 0, 0, 0))
}

/// The plan's title, and the current chapter on the right.
fn header(view: &View) -> Header {
    let left = Paragraph::new()
        .style(HEADER)
        .add_run(text(&view.meta.title));
    let mut right = Paragraph::new().style(HEADER);
    for r in content::field(r#"STYLEREF "heading 1""#, "", false) {
        right = right.add_run(r);
    }
    // A story ends with a paragraph.
    Header::new()
        .add_table(band(left, right))
        .add_paragraph(Paragraph::new().style(HEADER))
}

/// The slogan, and "Pagina n van N" (with CONCEPT while the plan is one).
fn footer(view: &View, house: &House) -> Footer {
    let left = Paragraph::new()
        .style(FOOTER)
        .add_run(text(&view.meta.slogan));
    let mut right = Paragraph::new().style(FOOTER);
    let labels = &view.labels;
    if view.meta.concept {
        right = right
            .add_run(
                text(labels.concept)
                    .bold()
                    .color(hex(&house.kleur.concept))
                    .character_spacing(20),
            )
            .add_run(text("   "));
    }
    right = right.add_run(text(&format!("{} ", labels.page)));
    for r in content::field("PAGE", "1", false) {
        right = right.add_run(r);
    }
    right = right.add_run(text(&format!(" {} ", labels.page_of)));
    for r in content::field("NUMPAGES", "1", false) {
        right = right.add_run(r);
    }
    Footer::new()
        .add_table(band(left, right))
        .add_paragraph(Paragraph::new().style(FOOTER))
}

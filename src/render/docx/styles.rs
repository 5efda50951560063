//! The house style in Word terms: `huisstijl.toml` (the values the PDF
//! layout uses too; built in, or a designer's from `--layouts`), the
//! document defaults, and every
//! paragraph and character style the writer uses, by id.
//!
//! Headings use Word's built-in ids and names (`Heading1` / `heading 1`), so
//! the navigation pane and a table of contents work in any language version
//! of Word; the plan's own parts get named Dutch styles.

use docx_rs::{
    AlignmentType, BorderType, LineSpacing, LineSpacingType, ParagraphBorder,
    ParagraphBorderPosition, ParagraphBorders, RunFonts, Shading, Style, StyleType, Styles, Tab,
    TabLeaderType, TabValueType,
};
use serde::Deserialize;

/// The shared house style, compiled in.
const HUISSTIJL: &str = include_str!("../../../layouts/huisstijl.toml");

pub const NORMAL: &str = "Normal";
pub const HEADINGS: [&str; 4] = ["Heading1", "Heading2", "Heading3", "Heading4"];
pub const TITEL: &str = "Titel";
pub const TERUGBLIK: &str = "Terugblik";
pub const VOORUITBLIK: &str = "Vooruitblik";
pub const CITAAT: &str = "Citaat";
pub const CITAATBRON: &str = "Citaatbron";
pub const VOETNOOT: &str = "Voetnoot";
pub const TABELTEKST: &str = "Tabeltekst";
pub const GELDCEL: &str = "Geldcel";
/// The instruction block atop a section document: a shaded, framed box
/// the importer skips (by this style).
pub const INSTRUCTIE: &str = "Instructie";
/// The reference block of a section document (the previous plan's
/// outlook, `[referentie]`): a box framed in the accent colour, which the
/// importer skips (by this style) as it skips the instruction block.
pub const REFERENTIE: &str = "Referentie";
/// Built-in: table and figure captions.
pub const CAPTION: &str = "Caption";
/// Built-in: the heading above the table of contents (not itself in it).
pub const TOC_HEADING: &str = "TOCHeading";
/// Built-in: the entries of the table of contents, by level.
pub const TOC: [&str; 2] = ["TOC1", "TOC2"];
/// Built-in: header and footer paragraphs.
pub const HEADER: &str = "Header";
pub const FOOTER: &str = "Footer";
/// Built-in character style of links.
pub const HYPERLINK: &str = "Hyperlink";

/// `huisstijl.toml`. Unknown keys are allowed: the PDF layout may use more.
#[derive(Debug, Clone, Deserialize)]
pub struct House {
    pub lettertype: Lettertype,
    pub omslag: Omslag,
    pub afbeelding: Afbeelding,
    pub kleur: Kleur,
    pub pagina: Pagina,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Lettertype {
    pub familie: String,
    /// Body size in points.
    pub grootte: f64,
    /// Gap between lines in em (typst's `leading`).
    pub regelafstand: f64,
    pub kop1: f64,
    pub kop2: f64,
    pub kop3: f64,
    pub kop4: f64,
    pub tabel: f64,
    /// The partner x theme matrix.
    pub matrix: f64,
    /// Notes, legends and explanations under tables.
    pub voetnoot: f64,
    /// Captions of tables and figures.
    pub bijschrift: f64,
    pub citaat: f64,
    pub citaatbron: f64,
    /// Header and footer.
    pub kopregel: f64,
}

/// Sizes on the cover, in points.
#[derive(Debug, Clone, Deserialize)]
pub struct Omslag {
    pub organisatie: f64,
    pub titel: f64,
    pub slogan: f64,
    /// The sentence on a draft (also atop a section document).
    pub concept: f64,
}

/// How images are sized: from `volle_breedte_vanaf` pixels wide across the
/// text width, narrower ones at `punt_per_beeldpunt` points per pixel.
#[derive(Debug, Clone, Deserialize)]
pub struct Afbeelding {
    pub volle_breedte_vanaf: u32,
    pub punt_per_beeldpunt: f64,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Kleur {
    pub primair: String,
    pub accent: String,
    pub licht: String,
    pub lijn: String,
    pub tekst: String,
    pub grijs: String,
    pub concept: String,
    /// The fill behind an open value in a section document (beside its sign).
    pub open: String,
}

impl Kleur {
    /// Every colour is `#RRGGBB`: Word, the stylesheet and the spreadsheet
    /// take nothing else.
    fn check(&self, text: &str, name: &str) -> Result<(), String> {
        let all = [
            ("primair", &self.primair),
            ("accent", &self.accent),
            ("licht", &self.licht),
            ("lijn", &self.lijn),
            ("tekst", &self.tekst),
            ("grijs", &self.grijs),
            ("concept", &self.concept),
            ("open", &self.open),
        ];
        match all.into_iter().find(|(_, v)| rgb(v).is_none()) {
            Some((key, v)) => Err(format!(
                "{name}{}: [kleur] {key} = \"{v}\" is geen kleur; schrijf een kleur als #RRGGBB, zoals #154273",
                key_place(text, "kleur", key).unwrap_or_default()
            )),
            None => Ok(()),
        }
    }
}

/// `:line:column` of `key = ...` in the table `[table]` of a TOML text
/// written as `huisstijl.toml` is (a key per line).
fn key_place(text: &str, table: &str, key: &str) -> Option<String> {
    let header = format!("[{table}]");
    let lines = text.lines().enumerate();
    let mut inside = false;
    for (n, line) in lines {
        let trimmed = line.trim_start();
        if trimmed.starts_with('[') {
            inside = trimmed.starts_with(&header);
            continue;
        }
        let rest = trimmed.strip_prefix(key).map(str::trim_start);
        if inside && rest.is_some_and(|r| r.starts_with('=')) {
            let column = line.len() - trimmed.len() + 1;
            return Some(format!(":{}:{column}", n + 1));
        }
    }
    None
}

/// `#154273` as the number `0x154273`; none when it is not `#RRGGBB`.
pub fn rgb(colour: &str) -> Option<u32> {
    let digits = colour.strip_prefix('#')?;
    if digits.len() != 6 || !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u32::from_str_radix(digits, 16).ok()
}

/// Page format and margins in mm. `marge_rechts` (room for the PDF's
/// navigation column) is not read: see `House::margins`.
#[derive(Debug, Clone, Deserialize)]
pub struct Pagina {
    pub formaat: String,
    pub marge_links: f64,
    pub marge_boven: f64,
    pub marge_onder: f64,
}

/// A4 in twips (portrait).
pub const A4: (u32, u32) = (11906, 16838);

impl House {
    /// The compiled-in house style (`layouts/huisstijl.toml`).
    pub fn load() -> Result<House, String> {
        House::parse(HUISSTIJL, "layouts/huisstijl.toml")
    }

    /// A house style from the text of a `huisstijl.toml`; `name` says in
    /// messages where it comes from (a designer's `--layouts` folder).
    pub fn parse(text: &str, name: &str) -> Result<House, String> {
        let house: House = toml::from_str(text).map_err(|e| {
            let at = e.span().map(|span| {
                let before = &text[..span.start.min(text.len())];
                let line = before.matches('\n').count() + 1;
                let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
                format!(":{line}:{column}")
            });
            format!(
                "{name}{}: de huisstijl klopt hier niet ({})",
                at.unwrap_or_default(),
                e.message().trim()
            )
        })?;
        house.kleur.check(text, name)?;
        if !house.pagina.formaat.eq_ignore_ascii_case("a4") {
            return Err(format!(
                "{name}: paginaformaat `{}` wordt in de DOCX niet ondersteund (alleen a4)",
                house.pagina.formaat
            ));
        }
        Ok(house)
    }

    /// Margins in twips: (top, right, bottom, left). The PDF keeps a wide
    /// right margin for its navigation column; Word has its own navigation
    /// pane, so the DOCX uses the left margin on both sides.
    pub fn margins(&self) -> (i32, i32, i32, i32) {
        let p = &self.pagina;
        (
            mm(p.marge_boven),
            mm(p.marge_links),
            mm(p.marge_onder),
            mm(p.marge_links),
        )
    }

    /// Text width in twips, portrait or landscape.
    pub fn text_width(&self, landscape: bool) -> usize {
        let (_, right, _, left) = self.margins();
        let page = if landscape { A4.1 } else { A4.0 };
        (page as i32 - right - left).max(1440) as usize
    }
}

/// Millimetres to twips.
pub fn mm(v: f64) -> i32 {
    (v * 1440.0 / 25.4).round() as i32
}

/// Points to half-points (w:sz).
pub fn half_points(pt: f64) -> usize {
    (pt * 2.0).round() as usize
}

/// `#154273` to `154273`.
pub fn hex(colour: &str) -> String {
    colour.trim_start_matches('#').to_ascii_uppercase()
}

/// Line pitch for `w:spacing w:line` (240 = single). typst measures the gap
/// between lines (`regelafstand`, em) from the cap height; Word's single
/// spacing for Inter is about 1.21 em. This keeps the PDF's rhythm.
fn line(house: &House) -> i32 {
    ((0.73 + house.lettertype.regelafstand) / 1.21 * 240.0).round() as i32
}

/// Every style of the document, with the document defaults (font, size).
pub fn styles(house: &House) -> Styles {
    let lt = &house.lettertype;
    let k = &house.kleur;
    let body = half_points(lt.grootte);
    let font = RunFonts::new()
        .ascii(&lt.familie)
        .hi_ansi(&lt.familie)
        .cs(&lt.familie)
        .east_asia(&lt.familie);
    let spacing_at = |before: u32, after: u32, line: i32| {
        LineSpacing::new()
            .before(before)
            .after(after)
            .line(line)
            .line_rule(LineSpacingType::Auto)
    };
    let spacing = |before: u32, after: u32| spacing_at(before, after, line(house));
    // Paragraph spacing: 1.05 em after a paragraph, as in the PDF.
    let after_par = (lt.grootte * 1.05 * 20.0).round() as u32;

    let paragraph = |id: &str, name: &str| {
        Style::new(id, StyleType::Paragraph)
            .name(name)
            .based_on(NORMAL)
            .next(NORMAL)
    };
    let normal = Style::new(NORMAL, StyleType::Paragraph)
        .name("Normal")
        .color(hex(&k.tekst))
        .line_spacing(spacing(0, after_par));

    let heading = |level: usize, size: f64, before: u32, after: u32| {
        let mut s = paragraph(HEADINGS[level - 1], &format!("heading {level}"))
            .size(half_points(size))
            .color(hex(&k.primair))
            .bold()
            .outline_lvl(level - 1)
            .ui_priority(9)
            .line_spacing(spacing_at(before, after, 240));
        s.paragraph_property = s.paragraph_property.keep_next(true).keep_lines(true);
        s
    };

    let citaat = {
        let mut s = paragraph(CITAAT, "Citaat")
            .next(CITAAT)
            .italic()
            .size(half_points(lt.citaat))
            .color(hex(&k.primair))
            .indent(Some(mm(4.0)), None, None, None)
            .line_spacing(spacing(120, 60));
        s.paragraph_property = s.paragraph_property.set_borders(
            ParagraphBorders::with_empty().set(
                ParagraphBorder::new(ParagraphBorderPosition::Left)
                    .val(BorderType::Single)
                    .size(24)
                    .space(8)
                    .color(hex(&k.accent)),
            ),
        );
        s
    };

    let header_footer = |id: &str, name: &str| {
        paragraph(id, name)
            .size(half_points(lt.kopregel))
            .color(hex(&k.grijs))
            .line_spacing(spacing_at(0, 0, 240))
    };

    let mut caption = paragraph(CAPTION, "caption")
        .size(half_points(lt.bijschrift))
        .bold()
        .color(hex(&k.primair))
        .line_spacing(spacing(160, 80));
    caption.paragraph_property = caption.paragraph_property.keep_next(true);

    let toc_heading = paragraph(TOC_HEADING, "TOC Heading")
        .size(half_points(lt.kop1))
        .bold()
        .color(hex(&k.primair))
        .line_spacing(spacing_at(0, 360, 240))
        .ui_priority(39);

    // Entries of the contents: title, dot leader, page number at the right
    // margin; level 1 semibold in the primary colour, level 2 indented, as
    // the PDF's outline.
    let toc = |level: usize| {
        let mut s = paragraph(TOC[level - 1], &format!("toc {level}"))
            .ui_priority(39)
            .line_spacing(spacing(0, 60));
        if level == 1 {
            s = s.bold().color(hex(&k.primair));
        } else {
            s = s.indent(Some(mm(4.0)), None, None, None);
        }
        s.paragraph_property = s.paragraph_property.add_tab(
            Tab::new()
                .val(TabValueType::Right)
                .leader(TabLeaderType::Dot)
                .pos(house.text_width(false)),
        );
        s
    };

    let instructie = {
        let mut s = paragraph(INSTRUCTIE, "Instructie")
            .size(half_points(lt.voetnoot.max(lt.grootte - 1.0)))
            .line_spacing(spacing(0, 60));
        let side = |pos| {
            ParagraphBorder::new(pos)
                .val(BorderType::Single)
                .size(6)
                .space(4)
                .color(hex(&k.lijn))
        };
        s.paragraph_property = s
            .paragraph_property
            .shading(Shading::new().fill(hex(&k.licht)))
            .set_borders(
                ParagraphBorders::with_empty()
                    .set(side(ParagraphBorderPosition::Top))
                    .set(side(ParagraphBorderPosition::Left))
                    .set(side(ParagraphBorderPosition::Bottom))
                    .set(side(ParagraphBorderPosition::Right)),
            );
        s
    };
    let referentie = {
        let mut s = paragraph(REFERENTIE, "Referentie")
            .size(half_points(lt.voetnoot.max(lt.grootte - 1.0)))
            .color(hex(&k.grijs))
            .line_spacing(spacing(0, 60));
        let side = |pos| {
            ParagraphBorder::new(pos)
                .val(BorderType::Dashed)
                .size(8)
                .space(4)
                .color(hex(&k.accent))
        };
        s.paragraph_property = s.paragraph_property.set_borders(
            ParagraphBorders::with_empty()
                .set(side(ParagraphBorderPosition::Top))
                .set(side(ParagraphBorderPosition::Left))
                .set(side(ParagraphBorderPosition::Bottom))
                .set(side(ParagraphBorderPosition::Right)),
        );
        s
    };
    let list = [
        normal,
        heading(1, lt.kop1, 0, 360),
        heading(2, lt.kop2, 240, 240),
        heading(3, lt.kop3, 300, 120),
        heading(4, lt.kop4, 200, 80),
        paragraph(TITEL, "Titel")
            .size(half_points(house.omslag.titel))
            .bold()
            .color(hex(&k.primair))
            .line_spacing(spacing_at(0, 240, 240)),
        instructie,
        referentie,
        paragraph(TERUGBLIK, "Terugblik").next(TERUGBLIK),
        paragraph(VOORUITBLIK, "Vooruitblik").next(VOORUITBLIK),
        citaat,
        paragraph(CITAATBRON, "Citaatbron")
            .size(half_points(lt.citaatbron))
            .color(hex(&k.grijs))
            .align(AlignmentType::Right)
            .line_spacing(spacing(0, after_par)),
        paragraph(VOETNOOT, "Voetnoot")
            .size(half_points(lt.voetnoot))
            .color(hex(&k.grijs))
            .line_spacing(spacing(0, 60)),
        paragraph(TABELTEKST, "Tabeltekst")
            .size(half_points(lt.tabel))
            .line_spacing(spacing_at(0, 0, 240)),
        paragraph(GELDCEL, "Geldcel")
            .based_on(TABELTEKST)
            .next(TABELTEKST)
            .align(AlignmentType::Right),
        caption,
        toc_heading,
        toc(1),
        toc(2),
        header_footer(HEADER, "header"),
        header_footer(FOOTER, "footer"),
        Style::new(HYPERLINK, StyleType::Character)
            .name("Hyperlink")
            .color(hex(&k.accent))
            .underline("single")
            .ui_priority(99)
            .unhide_when_used(),
    ];
    let mut styles = Styles::new()
        .default_fonts(font)
        .default_size(body)
        .default_line_spacing(spacing(0, after_par));
    for s in list {
        styles = styles.add_style(s);
    }
    styles
}

/// Indentation of a list level in twips (left, hanging).
pub fn list_indent(level: usize) -> (i32, i32) {
    (360 * (level as i32 + 1), 360)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn house_style_reads() {
        let h = House::load().unwrap();
        assert_eq!(h.lettertype.familie, "Inter");
        assert_eq!(hex(&h.kleur.primair), "154273");
        assert_eq!(half_points(h.lettertype.kop3), 25);
        assert!(h.text_width(true) > h.text_width(false));
    }

    #[test]
    fn colours_are_rgb_hex() {
        assert_eq!(rgb("#154273"), Some(0x154273));
        assert_eq!(rgb("#ffe08a"), Some(0xFFE08A));
        for bad in [
            "154273", "#15427", "#1542733", "blauw", "#12345g", "#+12345",
        ] {
            assert_eq!(rgb(bad), None, "{bad}");
        }
        let text = HUISSTIJL.replace("tekst = \"#1A1A1A\"", "tekst = \"zwart\"");
        let e = House::parse(&text, "huisstijl.toml").unwrap_err();
        assert!(e.starts_with("huisstijl.toml:"), "{e}");
        assert!(
            e.contains(": [kleur] tekst = \"zwart\" is geen kleur"),
            "{e}"
        );
    }
}

//! The bundled fonts (see `fonts/README.md`) and what they can print.
//!
//! The PDF is set in Inter; DejaVu Sans is the fallback for what Inter
//! lacks (ligatures pasted from a PDF, check boxes, Greek, Cyrillic,
//! Hebrew, Arabic, many symbols). Which characters can be printed is read
//! from the fonts' own character maps, so `check` refuses exactly what the
//! PDF could not show; that needs no typst, so the check also runs in the
//! library without the `pdf` feature (the fuzz targets).

use std::sync::OnceLock;

/// The bundled font files: (file name under `fonts/`, bytes). typst gets
/// all of them; the first family (Inter) is the plan's letter, the others
/// are found by typst's font fallback for characters Inter lacks.
pub const FONTS: &[(&str, &[u8])] = &[
    (
        "Inter-Regular.otf",
        include_bytes!("../fonts/Inter-Regular.otf"),
    ),
    (
        "Inter-Italic.otf",
        include_bytes!("../fonts/Inter-Italic.otf"),
    ),
    (
        "Inter-SemiBold.otf",
        include_bytes!("../fonts/Inter-SemiBold.otf"),
    ),
    (
        "Inter-SemiBoldItalic.otf",
        include_bytes!("../fonts/Inter-SemiBoldItalic.otf"),
    ),
    ("Inter-Bold.otf", include_bytes!("../fonts/Inter-Bold.otf")),
    (
        "Inter-BoldItalic.otf",
        include_bytes!("../fonts/Inter-BoldItalic.otf"),
    ),
    ("DejaVuSans.ttf", include_bytes!("../fonts/DejaVuSans.ttf")),
];

/// The faces the DOCX embeds (Word's four style slots of the house font:
/// regular, bold, italic, bold italic), as TrueType-outline copies of the
/// Inter files above: Word on Windows loads embedded fonts only with
/// TrueType outlines. Made once by `fonts/otf2ttf.py`; the same names,
/// metrics, character map and features (a test compares them).
pub const DOCX_FACES: [(&str, &[u8]); 4] = [
    (
        "Inter-Regular.ttf",
        include_bytes!("../fonts/Inter-Regular.ttf"),
    ),
    ("Inter-Bold.ttf", include_bytes!("../fonts/Inter-Bold.ttf")),
    (
        "Inter-Italic.ttf",
        include_bytes!("../fonts/Inter-Italic.ttf"),
    ),
    (
        "Inter-BoldItalic.ttf",
        include_bytes!("../fonts/Inter-BoldItalic.ttf"),
    ),
];

/// The families, as named in messages.
pub const FAMILIES: &str = "Inter en DejaVu Sans";

/// One bundled face, read in place (no copy, nothing computed up front:
/// a lookup in its character map is a binary search).
struct Face {
    /// Inter, the plan's letter (the first family typst is given).
    primary: bool,
    face: ttf_parser::Face<'static>,
}

impl Face {
    /// Does the face's character map give `c` a glyph (not .notdef)?
    fn has(&self, c: char) -> bool {
        self.face.glyph_index(c).is_some_and(|g| g.0 != 0)
    }
}

fn faces() -> &'static [Face] {
    static FACES: OnceLock<Vec<Face>> = OnceLock::new();
    FACES.get_or_init(|| {
        FONTS
            .iter()
            .map(|(name, data)| Face {
                primary: name.starts_with("Inter-"),
                face: ttf_parser::Face::parse(data, 0)
                    .unwrap_or_else(|e| panic!("bundled font {name} does not parse: {e}")),
            })
            .collect()
    })
}

/// Every character some bundled face has a glyph for, in order.
pub fn glyph_chars() -> Vec<char> {
    let mut all: Vec<u32> = Vec::new();
    for f in faces() {
        if let Some(cmap) = f.face.tables().cmap {
            for sub in cmap.subtables.into_iter().filter(|s| s.is_unicode()) {
                sub.codepoints(|cp| all.push(cp));
            }
        }
    }
    all.sort_unstable();
    all.dedup();
    all.into_iter()
        .filter_map(char::from_u32)
        .filter(|c| faces().iter().any(|f| f.has(*c)))
        .collect()
}

/// Can the PDF print this grapheme cluster (a character with its combining
/// marks)? This follows what typst does with the bundled fonts:
/// - text is set in Inter: a cluster every Inter face has prints;
/// - otherwise typst falls back to the font that has the cluster's first
///   character that is not white space, and never to Inter again: the
///   cluster prints when that character is not in Inter and the fallback
///   (DejaVu Sans) has the whole cluster. So a letter with a mark that only
///   DejaVu Sans has does not print, nor does white space Inter lacks.
///
/// Default-ignorable characters (soft hyphen, zero-width joiner, variation
/// selectors, ...) need no glyph: typst leaves them out of the PDF, and
/// they stay in the DOCX.
pub fn printable(cluster: &str) -> bool {
    let mut chars = cluster.chars();
    match (chars.next(), chars.next()) {
        (None, _) => true,
        (Some(c), None) => printable_char(c),
        _ => printable_cluster(cluster),
    }
}

/// [`printable`] for one character, remembered (most text is a few
/// hundred distinct characters, looked up again and again).
fn printable_char(c: char) -> bool {
    use std::sync::atomic::{AtomicU8, Ordering};
    const UNKNOWN: u8 = 0;
    const YES: u8 = 1;
    const NO: u8 = 2;
    static SEEN: OnceLock<Vec<AtomicU8>> = OnceLock::new();
    let seen = SEEN.get_or_init(|| (0..0x1_0000).map(|_| AtomicU8::new(UNKNOWN)).collect());
    let Some(slot) = seen.get(c as usize) else {
        return printable_cluster(c.encode_utf8(&mut [0; 4]));
    };
    match slot.load(Ordering::Relaxed) {
        YES => true,
        NO => false,
        _ => {
            let yes = printable_cluster(c.encode_utf8(&mut [0; 4]));
            slot.store(if yes { YES } else { NO }, Ordering::Relaxed);
            yes
        }
    }
}

fn printable_cluster(cluster: &str) -> bool {
    let needed: Vec<char> = cluster
        .chars()
        .filter(|c| !is_default_ignorable(*c))
        .collect();
    if needed.is_empty() {
        return true;
    }
    let faces = faces();
    let covers = |f: &Face| needed.iter().all(|c| f.has(*c));
    if faces.iter().filter(|f| f.primary).all(covers) {
        return true;
    }
    let Some(&first) = needed.iter().find(|c| !c.is_whitespace()) else {
        return false;
    };
    if faces.iter().any(|f| f.primary && f.has(first)) {
        return false;
    }
    faces
        .iter()
        .find(|f| !f.primary && f.has(first))
        .is_some_and(covers)
}

/// The default-ignorable characters (Unicode's Default_Ignorable_Code_Point)
/// that editors meet and typst drops before shaping: soft hyphen, the
/// combining grapheme joiner, zero-width space and (non-)joiners, direction
/// marks and embeddings, word joiner and invisible operators, direction
/// isolates, variation selectors and the zero-width no-break space. The
/// rest of the property (Hangul fillers, Mongolian selectors, tags, ...) is
/// treated as any other character; the test that prints every accepted
/// character holds this list to what typst does.
pub fn is_default_ignorable(c: char) -> bool {
    matches!(c as u32,
        0x00AD | 0x034F | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x2064
        | 0x2066..=0x2069 | 0xFE00..=0xFE0F | 0xFEFF)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inter_and_the_fallback_cover_what_they_should() {
        // Inter: all of printable ASCII (`model::text` relies on it),
        // Dutch, the euro, dashes, the matrix's check mark.
        for c in ' '..='~' {
            assert!(printable(&c.to_string()), "{c}");
        }
        for c in "ëéïĳĲ€–—‘’“”…•×✓".chars() {
            assert!(printable(&c.to_string()), "{c}");
        }
        // DejaVu Sans: what Inter lacks and editors paste.
        for s in ["ﬁ", "☐", "☑", "✔", "✘", "ש", "ж", "α"] {
            assert!(printable(s), "{s}");
        }
        // Neither: Chinese, most emoji. (Inter's private-use glyphs print,
        // but `model::text` refuses private use: it has no fixed meaning.)
        for s in ["中", "👍", "Ａ"] {
            assert!(!printable(s), "{s:?}");
        }
        // Ignorables need no glyph; a mark needs one face with its base.
        assert!(printable("\u{200D}"));
        assert!(printable("e\u{301}"));
        // typst falls back by a cluster's first character: a letter Inter
        // has with a mark only DejaVu Sans has does not print, nor does
        // white space Inter lacks.
        assert!(!printable("a\u{20E1}"));
        assert!(printable("\u{20E1}"));
        assert!(!printable("\u{1680}"));
    }

    /// The DOCX's TrueType copies are the PDF's Inter: the same family and
    /// style names, embedding permission, character map, advance widths
    /// and kerning, so Word lays out lines as the PDF does.
    #[test]
    fn the_docx_faces_are_the_pdf_faces_with_truetype_outlines() {
        for (ttf_name, ttf) in DOCX_FACES {
            let otf_name = ttf_name.replace(".ttf", ".otf");
            let (_, otf) = FONTS.iter().find(|(n, _)| *n == otf_name).unwrap();
            let (t, o) = (
                ttf_parser::Face::parse(ttf, 0).unwrap(),
                ttf_parser::Face::parse(otf, 0).unwrap(),
            );
            assert!(t.tables().glyf.is_some() && t.tables().cff.is_none());
            assert!(o.tables().cff.is_some(), "{otf_name}");
            assert_eq!(t.number_of_glyphs(), o.number_of_glyphs());
            assert_eq!(t.units_per_em(), o.units_per_em());
            assert_eq!(t.permissions(), o.permissions(), "{ttf_name}");
            assert_eq!(t.style(), o.style());
            assert_eq!(t.weight(), o.weight());
            let name = |f: &ttf_parser::Face, id| {
                f.names()
                    .into_iter()
                    .find(|n| n.name_id == id && n.is_unicode())
                    .and_then(|n| n.to_string())
            };
            for id in [1, 2, 4, 6] {
                assert_eq!(name(&t, id), name(&o, id), "{ttf_name}: name {id}");
            }
            assert_eq!(name(&t, 1).as_deref(), Some("Inter"));
            let mut chars = 0;
            for c in (0..0x3_0000).filter_map(char::from_u32) {
                let g = o.glyph_index(c);
                assert_eq!(t.glyph_index(c), g, "{ttf_name}: {c:?}");
                if let Some(g) = g {
                    chars += 1;
                    assert_eq!(t.glyph_hor_advance(g), o.glyph_hor_advance(g));
                }
            }
            assert!(chars > 2000, "{ttf_name}: {chars}");
            assert_eq!(t.tables().gpos.is_some(), o.tables().gpos.is_some());
            assert_eq!(t.tables().gsub.is_some(), o.tables().gsub.is_some());
        }
    }
}

//! The house font embedded the way Word embeds fonts, so Word and
//! LibreOffice show the PDF's letter on a computer without Inter: the
//! TrueType copies of its four faces (`fonts::DOCX_FACES`) as obfuscated
//! font parts (`word/fonts/fontN.odttf`, ISO/IEC 29500-1 §17.8.1), reached
//! from the font table (`w:embedRegular` … `w:embedBoldItalic`, each with
//! its `r:id` and `w:fontKey`), with the facts Word matches a substitute by
//! (`w:panose1`, `w:sig`, read from the font itself) and a named
//! substitute (`w:altName`) for a reader that cannot load embedded fonts.
//!
//! The keys are derived from the font bytes (never random), so the same
//! sources still give the same bytes.

use std::sync::OnceLock;

use super::package;
use super::xml::{self, Element, Node};

/// The relationship type of an embedded font, from the font table.
pub const REL_TYPE: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/font";
/// The content type of an obfuscated font part.
pub const CONTENT_TYPE: &str = "application/vnd.openxmlformats-officedocument.obfuscatedFont";
/// The extension of an obfuscated font part.
pub const EXTENSION: &str = "odttf";
/// The font table's relationships part.
pub const RELS_PART: &str = "word/_rels/fontTable.xml.rels";

/// The substitute a reader that cannot load the embedded faces is told to
/// use: Windows' own interface letter, like Inter a sober sans-serif with
/// a large x-height and open shapes, on every Windows computer.
pub const ALT_NAME: &str = "Segoe UI";

/// Word's four style slots, in the order of `fonts::DOCX_FACES`.
const SLOTS: [&str; 4] = [
    "w:embedRegular",
    "w:embedBold",
    "w:embedItalic",
    "w:embedBoldItalic",
];

/// The embedded font: its font-table entry and the parts it needs.
pub struct Embedded {
    /// `w:font` for the family, with its embedding elements.
    pub entry: Element,
    /// The font table's relationships part (`RELS_PART`).
    pub rels: Vec<u8>,
    /// The font parts (`word/fonts/fontN.odttf`), already deflated: an
    /// archive made once per process (`package::archive`), which every
    /// package takes over as it is (2 MB take about 0.1 s to deflate).
    pub fonts: Vec<u8>,
}

/// The family the bundled faces belong to (name id 1 of the regular face).
pub fn family() -> String {
    face(crate::fonts::DOCX_FACES[0].1)
        .names()
        .into_iter()
        .find(|n| n.name_id == ttf_parser::name_id::FAMILY && n.is_unicode())
        .and_then(|n| n.to_string())
        .unwrap_or_default()
}

fn face(bytes: &'static [u8]) -> ttf_parser::Face<'static> {
    ttf_parser::Face::parse(bytes, 0).expect("the bundled DOCX faces parse (a test checks)")
}

/// The embedded `family`, or None when the house style names a family
/// that is not bundled (then the font table only names it). Made once.
pub fn embed(family: &str) -> Result<Option<&'static Embedded>, String> {
    static BUNDLED: OnceLock<Result<Embedded, String>> = OnceLock::new();
    if !family.eq_ignore_ascii_case(&self::family()) {
        return Ok(None);
    }
    match BUNDLED.get_or_init(make) {
        Ok(e) => Ok(Some(e)),
        Err(e) => Err(e.clone()),
    }
}

fn make() -> Result<Embedded, String> {
    let faces = crate::fonts::DOCX_FACES;
    let mut entry = describe(&family(), faces[0].1);
    let mut rels = Element::new("Relationships").with_attr(
        "xmlns",
        "http://schemas.openxmlformats.org/package/2006/relationships",
    );
    let mut parts = Vec::new();
    for (i, ((_, bytes), slot)) in faces.iter().zip(SLOTS).enumerate() {
        let id = format!("rId{}", i + 1);
        let target = format!("fonts/font{}.{EXTENSION}", i + 1);
        let key = font_key(bytes);
        entry = entry.with_child(
            Element::new(slot)
                .with_attr("r:id", &id)
                .with_attr("w:fontKey", &key),
        );
        rels = rels.with_child(
            Element::new("Relationship")
                .with_attr("Id", &id)
                .with_attr("Type", REL_TYPE)
                .with_attr("Target", &target),
        );
        parts.push((format!("word/{target}"), obfuscate(bytes, &key)));
    }
    Ok(Embedded {
        entry,
        rels: xml::serialize(&rels),
        fonts: package::archive(parts)?,
    })
}

/// `w:font` for a family, with what Word and LibreOffice match a
/// substitute by when the font cannot be had: the substitute's name, the
/// PANOSE classification, the character set, family and pitch, and the
/// Unicode and code-page ranges, read from `bytes`' OS/2 table.
fn describe(family: &str, bytes: &'static [u8]) -> Element {
    let mut font = Element::new("w:font")
        .with_attr("w:name", family)
        .with_child(Element::new("w:altName").with_attr("w:val", ALT_NAME));
    let os2 = face(bytes)
        .raw_face()
        .table(ttf_parser::Tag::from_bytes(b"OS/2"))
        .filter(|t| t.len() >= 86);
    if let Some(os2) = os2 {
        let panose: String = os2[32..42].iter().map(|b| format!("{b:02X}")).collect();
        font = font
            .with_child(Element::new("w:panose1").with_attr("w:val", &panose))
            .with_child(Element::new("w:charset").with_attr("w:val", "00"));
    }
    font = font
        .with_child(Element::new("w:family").with_attr("w:val", "swiss"))
        .with_child(Element::new("w:pitch").with_attr("w:val", "variable"));
    if let Some(os2) = os2 {
        let word = |at: usize| {
            format!(
                "{:08X}",
                u32::from_be_bytes([os2[at], os2[at + 1], os2[at + 2], os2[at + 3]])
            )
        };
        let mut sig = Element::new("w:sig");
        for (attr, at) in [
            ("w:usb0", 42),
            ("w:usb1", 46),
            ("w:usb2", 50),
            ("w:usb3", 54),
            ("w:csb0", 78),
            ("w:csb1", 82),
        ] {
            sig = sig.with_attr(attr, &word(at));
        }
        font = font.with_child(sig);
    }
    font
}

/// Puts `entry` first in the font table, replacing an entry of the same name.
pub fn set_entry(fonts: &mut Element, entry: Element) {
    let name = entry.attr("w:name").unwrap_or_default().to_string();
    fonts
        .children
        .retain(|n| !matches!(n, Node::Element(f) if f.attr("w:name") == Some(name.as_str())));
    fonts.children.insert(0, Node::Element(entry));
}

/// A GUID derived from the font's bytes: `{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}`.
fn font_key(bytes: &[u8]) -> String {
    let hex = format!(
        "{:016X}{:016X}",
        fnv1a(0xcbf2_9ce4_8422_2325, bytes),
        fnv1a(0x8422_2325_cbf2_9ce4, bytes)
    );
    format!(
        "{{{}-{}-{}-{}-{}}}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

fn fnv1a(offset: u64, bytes: &[u8]) -> u64 {
    bytes.iter().fold(offset, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// The key's 16 bytes, as the obfuscation uses them: the GUID's hex digits
/// read as bytes, last first.
fn key_bytes(key: &str) -> [u8; 16] {
    let digits: Vec<u8> = key
        .bytes()
        .filter(u8::is_ascii_hexdigit)
        .map(|d| match d {
            b'0'..=b'9' => d - b'0',
            _ => (d | 0x20) - b'a' + 10,
        })
        .collect();
    let mut out = [0u8; 16];
    for (i, pair) in digits.chunks(2).take(16).enumerate() {
        out[15 - i] = pair[0] << 4 | pair.get(1).copied().unwrap_or(0);
    }
    out
}

/// The font with its first 32 bytes XORed with the key (twice over): the
/// obfuscation of ISO/IEC 29500-1 §17.8.1, its own inverse.
fn obfuscate(font: &[u8], key: &str) -> Vec<u8> {
    let key = key_bytes(key);
    let mut out = font.to_vec();
    for (i, b) in out.iter_mut().take(32).enumerate() {
        *b ^= key[i % 16];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_guids_derived_from_the_font() {
        let faces = crate::fonts::DOCX_FACES;
        let keys: Vec<String> = faces.iter().map(|(_, b)| font_key(b)).collect();
        for k in &keys {
            assert_eq!(k.len(), 38, "{k}");
            let shape: String = k
                .chars()
                .map(|c| if c.is_ascii_hexdigit() { 'X' } else { c })
                .collect();
            assert_eq!(shape, "{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}");
            assert!(!k.chars().any(|c| c.is_ascii_lowercase()), "{k}");
        }
        let mut distinct = keys.clone();
        distinct.sort();
        distinct.dedup();
        assert_eq!(distinct.len(), 4);
        assert_eq!(
            keys[0],
            font_key(faces[0].1),
            "the same bytes, the same key"
        );
    }

    #[test]
    fn obfuscation_follows_the_standard() {
        // The key's bytes, last first: 0x00 … 0x0F reads as 0F 0E … 00.
        let key = "{00010203-0405-0607-0809-0A0B0C0D0E0F}";
        assert_eq!(
            key_bytes(key),
            [15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0]
        );
        let font: Vec<u8> = (0..40).map(|_| 0xFF).collect();
        let hidden = obfuscate(&font, key);
        assert_eq!(hidden[0], 0xFF ^ 0x0F);
        assert_eq!(hidden[15], 0xFF);
        assert_eq!(hidden[16], 0xFF ^ 0x0F);
        assert_eq!(&hidden[32..], &font[32..], "only the first 32 bytes");
        assert_eq!(obfuscate(&hidden, key), font, "its own inverse");
        // A real face comes back whole and parses.
        let (_, bytes) = crate::fonts::DOCX_FACES[1];
        let key = font_key(bytes);
        let hidden = obfuscate(bytes, &key);
        assert_ne!(&hidden[..32], &bytes[..32]);
        assert!(ttf_parser::Face::parse(&hidden, 0).is_err());
        assert_eq!(obfuscate(&hidden, &key), bytes);
    }

    #[test]
    fn the_house_font_is_embedded_in_four_faces_and_another_is_only_named() {
        assert_eq!(family(), "Inter");
        let e = embed("Inter").unwrap().unwrap();
        let names: Vec<&str> = e.entry.elements().map(|c| c.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "w:altName",
                "w:panose1",
                "w:charset",
                "w:family",
                "w:pitch",
                "w:sig",
                "w:embedRegular",
                "w:embedBold",
                "w:embedItalic",
                "w:embedBoldItalic"
            ]
        );
        // Inter's PANOSE: sans (2), medium weight (5), modern proportions.
        assert_eq!(
            e.entry.child("w:panose1").unwrap().attr("w:val"),
            Some("02000503000000020004")
        );
        let archive = zip::ZipArchive::new(std::io::Cursor::new(&e.fonts)).unwrap();
        let paths: Vec<&str> = archive.file_names().collect();
        assert_eq!(
            paths,
            [
                "word/fonts/font1.odttf",
                "word/fonts/font2.odttf",
                "word/fonts/font3.odttf",
                "word/fonts/font4.odttf",
            ]
        );
        let rels = String::from_utf8(e.rels.clone()).unwrap();
        assert_eq!(rels.matches(REL_TYPE).count(), 4, "{rels}");
        assert!(
            std::ptr::eq(e, embed("inter").unwrap().unwrap()),
            "made once"
        );
        assert!(embed("Arial").unwrap().is_none());
    }
}

//! Opening a DOCX that came from outside, defensively: the zip is checked
//! and every part inflated under hard limits before any XML is parsed, so a
//! truncated file, corrupt deflate data, a zip bomb, an entity declaration,
//! a part in another encoding than UTF-8 or absurdly nested elements end in
//! a clear error, never a panic, a stack overflow or a runaway allocation.
//! Parts the importer never reads (embedded fonts, thumbnails) are left
//! packed: only the XML and relationship parts and the images are inflated.

use std::collections::BTreeMap;
use std::io::{Cursor, Read};

use crate::format::file_size;

/// Largest DOCX file accepted, in bytes.
pub const MAX_FILE_BYTES: u64 = 50 * 1024 * 1024;
/// Most entries a DOCX may have.
pub const MAX_ENTRIES: usize = 2_000;
/// Most bytes all parts together may inflate to.
pub const MAX_TOTAL_BYTES: u64 = 200 * 1024 * 1024;
/// Most bytes one part may inflate to.
pub const MAX_PART_BYTES: u64 = 64 * 1024 * 1024;
/// Deepest element nesting accepted in an XML part.
pub const MAX_XML_DEPTH: usize = 256;
/// Deepest table nesting accepted.
pub const MAX_TABLE_DEPTH: usize = 20;

/// The parts of a DOCX, inflated: path → bytes. XML and relationship parts
/// are kept by name; media (images) apart, to compare with an export's.
#[derive(Debug, Default)]
pub struct Package {
    pub parts: BTreeMap<String, Vec<u8>>,
    /// Media parts (images), name and bytes, in archive order: an import
    /// cannot map them, only recognise the ones the export itself holds.
    pub media: Vec<(String, Vec<u8>)>,
}

impl Package {
    pub fn text(&self, name: &str) -> Option<&str> {
        self.parts
            .get(name)
            .and_then(|b| std::str::from_utf8(b).ok())
    }
}

/// Reads a DOCX from bytes under the limits above.
pub fn open(bytes: &[u8]) -> Result<Package, String> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(format!(
            "het bestand is te groot ({}; hoogstens {})",
            file_size(bytes.len()),
            file_size(MAX_FILE_BYTES)
        ));
    }
    if !bytes.starts_with(b"PK\x03\x04") {
        return Err("dit is geen DOCX-bestand (geen zip-archief)".into());
    }
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| format!("het zip-archief is beschadigd of afgebroken ({e})"))?;
    if archive.len() > MAX_ENTRIES {
        return Err(format!(
            "het archief heeft {} onderdelen; een DOCX heeft er hoogstens {MAX_ENTRIES}",
            archive.len()
        ));
    }
    // Refuse on the declared sizes before inflating anything.
    let mut declared: u64 = 0;
    for i in 0..archive.len() {
        let entry = archive
            .by_index_raw(i)
            .map_err(|e| format!("het zip-archief is beschadigd ({e})"))?;
        declared = declared.saturating_add(entry.size());
        if entry.size() > MAX_PART_BYTES || declared > MAX_TOTAL_BYTES {
            return Err(bomb());
        }
    }
    let mut package = Package::default();
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let mut entry = archive
            .by_index(i)
            .map_err(|e| format!("het zip-archief is beschadigd ({e})"))?;
        let name = entry.name().to_string();
        if entry.is_dir() {
            continue;
        }
        let keep = name.ends_with(".xml") || name.ends_with(".rels");
        let media = name.starts_with("word/media/");
        if !keep && !media {
            // Never read, so never inflated: embedded fonts (Word and
            // LibreOffice keep or add them, 0.4 MB a face), thumbnails,
            // printer settings. Their declared sizes counted above.
            continue;
        }
        // Inflate with a cap: the declared size may lie.
        let mut data = Vec::new();
        let limit = MAX_PART_BYTES.min(MAX_TOTAL_BYTES - total) + 1;
        let read = (&mut entry)
            .take(limit)
            .read_to_end(&mut data)
            .map_err(|e| format!("onderdeel {name} is beschadigd en niet uit te pakken ({e})"))?;
        total += read as u64;
        if read as u64 >= limit {
            return Err(bomb());
        }
        if media {
            package.media.push((name, data));
        } else if keep {
            if !READ.contains(&name.as_str()) && foreign_encoding(&data).is_some() {
                // Never read (customXml items may be UTF-16): not kept.
                continue;
            }
            check_xml(&name, &data)?;
            package.parts.insert(name, data);
        }
    }
    Ok(package)
}

fn bomb() -> String {
    format!(
        "het archief pakt uit tot meer dan {} (een zip-bom?); zo'n bestand wordt niet gelezen",
        file_size(MAX_TOTAL_BYTES)
    )
}

/// The XML parts the importer reads: each must be UTF-8 (other parts that
/// are not are left out, as they are never read).
const READ: [&str; 5] = [
    "word/document.xml",
    "word/_rels/document.xml.rels",
    "word/numbering.xml",
    "word/comments.xml",
    "docProps/custom.xml",
];

/// Refuses what is not UTF-8, entity declarations and absurd nesting
/// before any tree is built. The nesting is measured by a real (streaming)
/// parser, so markup inside attribute values or comments cannot hide it;
/// the importer's own walk over the tree then recurses at most
/// [`MAX_XML_DEPTH`] deep.
fn check_xml(name: &str, data: &[u8]) -> Result<(), String> {
    use quick_xml::events::Event;
    if let Some(encoding) = foreign_encoding(data) {
        return Err(format!(
            "onderdeel {name} is opgeslagen als {encoding}; alleen UTF-8 wordt gelezen (zoals Word en LibreOffice het opslaan)"
        ));
    }
    let mut reader = quick_xml::Reader::from_reader(data);
    let (mut depth, mut tables) = (Vec::<bool>::new(), 0usize);
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("onderdeel {name} is geen geldige XML ({e})"))?;
        match event {
            Event::DocType(_) => {
                return Err(format!(
                    "onderdeel {name} bevat een DOCTYPE- of ENTITY-declaratie; zo'n bestand wordt niet gelezen"
                ));
            }
            Event::Start(e) => {
                let table = e.local_name().as_ref() == b"tbl";
                depth.push(table);
                tables += usize::from(table);
                if tables > MAX_TABLE_DEPTH {
                    return Err(format!(
                        "onderdeel {name} heeft tabellen die meer dan {MAX_TABLE_DEPTH} lagen diep in elkaar zitten; zo'n bestand wordt niet gelezen"
                    ));
                }
                if depth.len() > MAX_XML_DEPTH {
                    return Err(format!(
                        "onderdeel {name} is meer dan {MAX_XML_DEPTH} lagen diep genest; zo'n bestand wordt niet gelezen"
                    ));
                }
            }
            Event::End(_) => tables -= usize::from(depth.pop() == Some(true)),
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

/// The encoding of an XML part when it is not UTF-8: a UTF-16 byte order
/// mark or layout, bytes that are not UTF-8, or a declaration naming
/// another encoding over text that is not plain ASCII.
fn foreign_encoding(data: &[u8]) -> Option<String> {
    if data.starts_with(&[0xFF, 0xFE]) || data.starts_with(b"<\0") {
        return Some("UTF-16 (little-endian)".into());
    }
    if data.starts_with(&[0xFE, 0xFF]) || data.starts_with(b"\0<") {
        return Some("UTF-16 (big-endian)".into());
    }
    // The declaration is ASCII in every encoding that is not UTF-16.
    if let Some(declared) = declared_encoding(data)
        && !declared.eq_ignore_ascii_case("utf-8")
        && !declared.eq_ignore_ascii_case("utf8")
        && !data.is_ascii()
    {
        return Some(declared);
    }
    std::str::from_utf8(data)
        .is_err()
        .then(|| "een tekenset die geen UTF-8 is".to_string())
}

/// The encoding an XML declaration at the start of `data` names.
fn declared_encoding(data: &[u8]) -> Option<String> {
    let data = data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data);
    let decl = data.strip_prefix(b"<?xml")?;
    let decl = &decl[..decl.windows(2).position(|w| w == b"?>")?];
    let decl = String::from_utf8_lossy(decl);
    let at = decl.find("encoding")?;
    let value = decl[at + "encoding".len()..]
        .trim_start()
        .strip_prefix('=')?
        .trim_start();
    let quote = value.chars().next().filter(|q| matches!(q, '"' | '\''))?;
    Some(value[1..].split(quote).next()?.to_string())
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    fn zip_with(entries: &[(&str, &[u8])], method: zip::CompressionMethod) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default().compression_method(method);
        for (name, data) in entries {
            w.start_file(*name, opts).unwrap();
            w.write_all(data).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    #[test]
    fn refuses_what_is_not_a_zip_or_is_cut_short() {
        assert!(open(b"hello").unwrap_err().contains("geen zip"));
        let good = zip_with(
            &[("word/document.xml", b"<w:document/>")],
            zip::CompressionMethod::Deflated,
        );
        assert!(
            open(&good[..good.len() / 2])
                .unwrap_err()
                .contains("beschadigd")
        );
    }

    #[test]
    fn refuses_corrupt_deflate_data_without_panicking() {
        let body = "<w:p>".repeat(2000);
        let mut bytes = zip_with(
            &[("word/document.xml", body.as_bytes())],
            zip::CompressionMethod::Deflated,
        );
        // Scramble the compressed stream (after the 30-byte local header and name).
        for b in &mut bytes[60..120] {
            *b = !*b;
        }
        let err = open(&bytes).unwrap_err();
        assert!(err.contains("beschadigd"), "{err}");
    }

    #[test]
    fn refuses_a_zip_bomb_before_inflating_it() {
        let big = vec![b'a'; (MAX_PART_BYTES + 1) as usize];
        let bytes = zip_with(
            &[("word/document.xml", &big)],
            zip::CompressionMethod::Deflated,
        );
        assert!(bytes.len() < 1_000_000, "compresses well");
        assert!(open(&bytes).unwrap_err().contains("zip-bom"));
    }

    #[test]
    fn refuses_entity_declarations_and_deep_tables() {
        let xxe = br#"<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><w:document>&e;</w:document>"#;
        let bytes = zip_with(
            &[("word/document.xml", xxe)],
            zip::CompressionMethod::Deflated,
        );
        assert!(open(&bytes).unwrap_err().contains("ENTITY"));
        let nested = "<w:tbl><w:tr><w:tc>".repeat(1000) + &"</w:tc></w:tr></w:tbl>".repeat(1000);
        let bytes = zip_with(
            &[("word/document.xml", nested.as_bytes())],
            zip::CompressionMethod::Deflated,
        );
        assert!(open(&bytes).unwrap_err().contains("diep"));
    }

    #[test]
    fn nesting_is_measured_by_a_parser_not_fooled_by_attribute_values() {
        // Each start tag holds "/>" in an attribute value: a scan of the
        // text took every one for an empty element.
        let deep = r#"<w:p w:x="/>">"#.repeat(200_000) + &"</w:p>".repeat(200_000);
        let bytes = zip_with(
            &[("word/document.xml", deep.as_bytes())],
            zip::CompressionMethod::Deflated,
        );
        let err = open(&bytes).unwrap_err();
        assert!(err.contains("meer dan 256 lagen diep"), "{err}");
        // Markup in comments and attribute values does not count.
        let fine = format!(
            "<a x=\"{}\"><!-- {} --><b/></a>",
            "&lt;c&gt;".repeat(300),
            "<c>".repeat(300)
        );
        let bytes = zip_with(
            &[("word/document.xml", fine.as_bytes())],
            zip::CompressionMethod::Deflated,
        );
        assert!(open(&bytes).is_ok());
    }

    #[test]
    fn a_part_in_another_encoding_is_named_as_such() {
        let utf16: Vec<u8> = "\u{feff}<?xml version=\"1.0\" encoding=\"UTF-16\"?><w:document/>"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let bytes = zip_with(
            &[("word/document.xml", &utf16)],
            zip::CompressionMethod::Deflated,
        );
        let err = open(&bytes).unwrap_err();
        assert!(
            err.contains("UTF-16") && err.contains("alleen UTF-8"),
            "{err}"
        );
        let latin1 = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a>caf\xe9</a>";
        let bytes = zip_with(
            &[("word/document.xml", latin1)],
            zip::CompressionMethod::Deflated,
        );
        assert!(
            open(&bytes)
                .unwrap_err()
                .contains("opgeslagen als ISO-8859-1")
        );
        // A declaration that is not one (found by fuzzing: a multi-byte
        // character where the quote belongs).
        let odd = "<?xml version=\"1.0\" encoding=\u{fffd}x\u{fffd}?><a>é</a>";
        let bytes = zip_with(
            &[("word/document.xml", odd.as_bytes())],
            zip::CompressionMethod::Deflated,
        );
        // Read as UTF-8 (the declaration names nothing): no panic.
        assert!(open(&bytes).is_ok());
        // A part the importer never reads may be UTF-16 (customXml items are).
        let bytes = zip_with(
            &[
                ("word/document.xml", b"<w:document/>"),
                ("customXml/item1.xml", &utf16),
            ],
            zip::CompressionMethod::Deflated,
        );
        assert!(
            !open(&bytes)
                .unwrap()
                .parts
                .contains_key("customXml/item1.xml")
        );
    }

    #[test]
    fn reads_a_sound_package() {
        let bytes = zip_with(
            &[
                ("word/document.xml", b"<w:document><w:body/></w:document>"),
                ("word/media/a.png", b"png"),
            ],
            zip::CompressionMethod::Deflated,
        );
        let p = open(&bytes).unwrap();
        assert_eq!(
            p.text("word/document.xml"),
            Some("<w:document><w:body/></w:document>")
        );
        assert_eq!(
            p.media,
            vec![("word/media/a.png".to_string(), b"png".to_vec())]
        );
    }

    #[test]
    fn parts_never_read_are_left_packed() {
        // An embedded font as Word and LibreOffice write it: not XML, not
        // an image, and not even read: its data does not match its
        // checksum, which reading it would find.
        let mut bytes = zip_with(
            &[
                ("word/document.xml", b"<w:document><w:body/></w:document>"),
                ("word/fonts/font1.odttf", &[0x5Au8; 4000]),
                ("word/_rels/fontTable.xml.rels", b"<Relationships/>"),
            ],
            zip::CompressionMethod::Stored,
        );
        let at = bytes.windows(4).position(|w| w == [0x5A; 4]).unwrap();
        bytes[at + 100] = 0;
        let mut archive = zip::ZipArchive::new(Cursor::new(&bytes)).unwrap();
        let mut font = archive.by_name("word/fonts/font1.odttf").unwrap();
        assert!(std::io::copy(&mut font, &mut std::io::sink()).is_err());
        let p = open(&bytes).unwrap();
        assert!(p.parts.contains_key("word/_rels/fontTable.xml.rels"));
        assert!(!p.parts.keys().any(|k| k.contains("odttf")));
        assert!(p.media.is_empty());
    }
}

//! Writes the package: only the parts the document uses (docx-rs always
//! renders comments, footnotes and the like), with a content-types list made
//! for exactly those parts, in a fixed order, deflated, every entry dated
//! 1980-01-01, so the same parts always give the same bytes. Nothing in the
//! archive depends on the machine that writes it: every entry says it was
//! made on Unix with mode 0644 (the zip crate would otherwise record the
//! host system, so Windows and Linux builds differed), names use `/`, and
//! no extra fields (timestamps, owners) are written.

use std::io::{Cursor, Write};

use docx_rs::XMLDocx;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, System, ZipWriter};

use super::xml::{self, Element};

const RELS: &str = "application/vnd.openxmlformats-package.relationships+xml";
const WML: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml";

/// Packs the parts, and `extra` parts (path, bytes), into a DOCX; the
/// entries of `shared` (an archive made by [`archive`]: parts that are the
/// same in every document, deflated once) are taken over as they are.
pub fn pack(
    parts: XMLDocx,
    extra: Vec<(String, Vec<u8>)>,
    shared: Option<&[u8]>,
) -> Result<Vec<u8>, String> {
    let mut entries = entries(parts)?;
    entries.extend(extra);
    let shared = shared
        .map(|bytes| zip::ZipArchive::new(Cursor::new(bytes)))
        .transpose()
        .map_err(|e| format!("zip: {e}"))?;
    let shared_names: Vec<String> = shared
        .iter()
        .flat_map(|a| a.file_names().map(str::to_string))
        .collect();
    let content_types = content_types(&entries, &shared_names);
    let mut zip =
        write(std::iter::once(("[Content_Types].xml".to_string(), content_types)).chain(entries))?;
    if let Some(shared) = shared {
        zip.merge_archive(shared).map_err(|e| format!("zip: {e}"))?;
    }
    let cursor = zip.finish().map_err(|e| format!("zip: {e}"))?;
    Ok(cursor.into_inner())
}

/// An archive of `entries`, written as every package is (for `pack`'s `shared`).
pub fn archive(entries: Vec<(String, Vec<u8>)>) -> Result<Vec<u8>, String> {
    let zip = write(entries)?;
    Ok(zip.finish().map_err(|e| format!("zip: {e}"))?.into_inner())
}

/// Writes the entries, deflated, with the fixed attributes.
fn write(
    entries: impl IntoIterator<Item = (String, Vec<u8>)>,
) -> Result<ZipWriter<Cursor<Vec<u8>>>, String> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::with_capacity(256 * 1024)));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(6))
        .last_modified_time(DateTime::default())
        // Fixed, not the host's: "version made by" and the attributes.
        .system(System::Unix)
        .unix_permissions(0o644);
    for (name, bytes) in entries {
        zip.start_file(name.as_str(), options)
            .map_err(|e| format!("zip: {e}"))?;
        zip.write_all(&bytes).map_err(|e| format!("zip: {e}"))?;
    }
    Ok(zip)
}

/// The parts to write, by name: what the package and document relationships reach.
fn entries(p: XMLDocx) -> Result<Vec<(String, Vec<u8>)>, String> {
    let targets = relationship_targets(&p.document_rels)?;
    let used = |name: &str| targets.iter().any(|t| t == name);
    let mut out = vec![
        ("_rels/.rels".to_string(), p.rels),
        ("docProps/app.xml".to_string(), p.doc_props.app),
        ("docProps/core.xml".to_string(), p.doc_props.core),
        ("docProps/custom.xml".to_string(), p.doc_props.custom),
        ("word/document.xml".to_string(), p.document),
        ("word/_rels/document.xml.rels".to_string(), p.document_rels),
        ("word/styles.xml".to_string(), p.styles),
        ("word/settings.xml".to_string(), p.settings),
        ("word/fontTable.xml".to_string(), p.font_table),
    ];
    for (name, bytes) in [
        ("numbering.xml", p.numberings),
        ("comments.xml", p.comments),
        ("footnotes.xml", p.footnotes),
    ] {
        if used(name) {
            out.push((format!("word/{name}"), bytes));
        }
    }
    for (kind, parts, rels) in [
        ("header", p.headers, p.header_rels),
        ("footer", p.footers, p.footer_rels),
    ] {
        for (i, part) in parts.into_iter().enumerate() {
            let name = format!("{kind}{}.xml", i + 1);
            if !used(&name) {
                continue;
            }
            out.push((format!("word/{name}"), part));
            if let Some(r) = rels.get(i)
                && !relationship_targets(r)?.is_empty()
            {
                out.push((format!("word/_rels/{name}.rels"), r.clone()));
            }
        }
    }
    // Media parts come from the patch step, named after their images.
    debug_assert!(p.media.is_empty(), "media not taken by the patch step");
    Ok(out)
}

fn relationship_targets(rels: &[u8]) -> Result<Vec<String>, String> {
    let root = xml::parse(rels)?;
    Ok(root
        .elements()
        .filter(|r| r.attr("TargetMode") != Some("External"))
        .filter_map(|r| r.attr("Target").map(xml::unescape))
        .collect())
}

/// `[Content_Types].xml` for exactly these parts (and the `shared` ones).
fn content_types(entries: &[(String, Vec<u8>)], shared: &[String]) -> Vec<u8> {
    let mut root = Element::new("Types").with_attr(
        "xmlns",
        "http://schemas.openxmlformats.org/package/2006/content-types",
    );
    for (ext, ty) in [
        ("rels", RELS),
        ("xml", "application/xml"),
        ("png", "image/png"),
        ("jpeg", "image/jpeg"),
        (super::embed::EXTENSION, super::embed::CONTENT_TYPE),
    ] {
        let optional = ext != "rels" && ext != "xml";
        let suffix = format!(".{ext}");
        let present = entries.iter().any(|(n, _)| n.ends_with(&suffix))
            || shared.iter().any(|n| n.ends_with(&suffix));
        if optional && !present {
            continue;
        }
        root = root.with_child(
            Element::new("Default")
                .with_attr("Extension", ext)
                .with_attr("ContentType", ty),
        );
    }
    for (name, _) in entries {
        if let Some(ty) = content_type(name) {
            root = root.with_child(
                Element::new("Override")
                    .with_attr("PartName", &format!("/{name}"))
                    .with_attr("ContentType", &ty),
            );
        }
    }
    xml::serialize(&root)
}

fn content_type(name: &str) -> Option<String> {
    let file = name.rsplit('/').next().unwrap_or(name);
    let wml = |t: &str| Some(format!("{WML}.{t}+xml"));
    match file {
        "document.xml" => wml("document.main"),
        "styles.xml" => wml("styles"),
        "settings.xml" => wml("settings"),
        "fontTable.xml" => wml("fontTable"),
        "theme1.xml" => Some("application/vnd.openxmlformats-officedocument.theme+xml".into()),
        "numbering.xml" => wml("numbering"),
        "comments.xml" => wml("comments"),
        "footnotes.xml" => wml("footnotes"),
        "core.xml" => Some("application/vnd.openxmlformats-package.core-properties+xml".into()),
        "app.xml" => {
            Some("application/vnd.openxmlformats-officedocument.extended-properties+xml".into())
        }
        "custom.xml" => {
            Some("application/vnd.openxmlformats-officedocument.custom-properties+xml".into())
        }
        f if f.starts_with("header") && f.ends_with(".xml") => wml("header"),
        f if f.starts_with("footer") && f.ends_with(".xml") => wml("footer"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use crate::render::view;

    fn u16_at(b: &[u8], i: usize) -> u16 {
        u16::from_le_bytes([b[i], b[i + 1]])
    }

    fn u32_at(b: &[u8], i: usize) -> u32 {
        u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]])
    }

    /// Every field of the central directory (and of the local headers) that
    /// a zip writer may fill from the host (system, attributes, dates, extra
    /// fields, separators) holds its fixed value, in the DOCX of the bundled
    /// plan and of a section. `.ci/windows.sh` compares the bytes that the
    /// Windows build writes under Wine with these.
    #[test]
    fn the_zip_records_nothing_of_the_host() {
        let (plan, _, set) = crate::load_plan(std::path::Path::new("sources"), "sources");
        let plan = plan.expect("the bundled plan loads");
        let (date, from_sources) = view::plan_date(&plan);
        let view = view::view(&plan, date, from_sources);
        for section in [None, Some("flevoland")] {
            let zip = crate::render::docx::render_sources(&view, section, &set).unwrap();
            // End of central directory: the last 22 bytes (no comment).
            let eocd = zip.len() - 22;
            assert_eq!(u32_at(&zip, eocd), 0x0605_4b50, "no archive comment");
            let entries = usize::from(u16_at(&zip, eocd + 10));
            let mut at = u32_at(&zip, eocd + 16) as usize;
            assert!(entries > 5);
            for _ in 0..entries {
                assert_eq!(u32_at(&zip, at), 0x0201_4b50);
                let name_len = usize::from(u16_at(&zip, at + 28));
                let name = std::str::from_utf8(&zip[at + 46..at + 46 + name_len]).unwrap();
                let fixed = [
                    // version made by: zip 2.0 on Unix (3), never the host's.
                    ("version made by", u32::from(u16_at(&zip, at + 4)), 0x0314),
                    ("version needed", u32::from(u16_at(&zip, at + 6)), 20),
                    ("flags", u32::from(u16_at(&zip, at + 8)), 0),
                    ("method (deflate)", u32::from(u16_at(&zip, at + 10)), 8),
                    ("time", u32::from(u16_at(&zip, at + 12)), 0),
                    // 1980-01-01: (0 << 9) | (1 << 5) | 1.
                    ("date", u32::from(u16_at(&zip, at + 14)), 0x21),
                    ("extra length", u32::from(u16_at(&zip, at + 30)), 0),
                    ("comment length", u32::from(u16_at(&zip, at + 32)), 0),
                    ("disk", u32::from(u16_at(&zip, at + 34)), 0),
                    ("internal attributes", u32::from(u16_at(&zip, at + 36)), 0),
                    // A regular file, rw-r--r--, no DOS attribute bits.
                    ("external attributes", u32_at(&zip, at + 38), 0o100644 << 16),
                ];
                for (field, got, want) in fixed {
                    assert_eq!(got, want, "{name}: {field}");
                }
                assert!(
                    name.is_ascii() && !name.contains('\\') && !name.starts_with('/'),
                    "{name}"
                );
                // The local header says the same.
                let local = u32_at(&zip, at + 42) as usize;
                assert_eq!(u32_at(&zip, local), 0x0403_4b50);
                assert_eq!(u16_at(&zip, local + 4), 20, "{name}: local version");
                assert_eq!(u16_at(&zip, local + 6), 0, "{name}: local flags");
                assert_eq!(u32_at(&zip, local + 10), 0x21 << 16, "{name}: local date");
                assert_eq!(u16_at(&zip, local + 28), 0, "{name}: local extra");
                at += 46 + name_len;
            }
            assert_eq!(at, eocd, "the central directory ends at its end record");
        }
    }
}

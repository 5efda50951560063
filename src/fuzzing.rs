//! The bodies of the fuzz targets, one function per target taking arbitrary
//! bytes: shared by the cargo-fuzz targets in `fuzz/` and the test suite
//! (`tests/it/fuzz.rs`), which replays the kept corpus through them. Each
//! panics only on a bug: an input the code under test does not handle.

use std::collections::BTreeMap;
use std::io::{Cursor, Write};
use std::path::Path;
use std::sync::OnceLock;

use serde::de::DeserializeOwned;

use crate::diag::Report;
use crate::import::{self, Options, document, package};
use crate::model::{self, Plan, markdown, richtext};
use crate::render::docx;
use crate::render::view::{self, View};
use crate::source::parse::parse_toml;
use crate::source::types::{
    BoardFile, BudgetFile, DistrictFile, OrganisationFile, PlanFile, ResultsFile, ThemeFile,
};
use crate::source::{Loaded, SourceSet};

pub mod word_edits;

/// The bundled sources, loaded once: what the targets put a fuzzed file
/// beside, and import into.
struct Bundled {
    set: SourceSet,
    plan: Plan,
    view: View,
    /// The parts of a real export of a district and of a theme section.
    exports: [(String, package::Package); 2],
}

/// The district and the theme whose exports seed the DOCX target.
pub const DOCX_SECTIONS: [&str; 2] = ["west-utrecht", "mensenhandel"];

fn bundled() -> &'static Bundled {
    static BUNDLED: OnceLock<Bundled> = OnceLock::new();
    BUNDLED.get_or_init(|| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("sources");
        let (plan, report, set) = crate::load_plan(&dir, "sources");
        let plan = plan.unwrap_or_else(|| panic!("the bundled sources:\n{}", report.render()));
        let (date, from_sources) = view::plan_date(&plan);
        let view = view::view(&plan, date, from_sources);
        let exports = DOCX_SECTIONS.map(|id| {
            let bytes = section_export(&view, &set, id);
            let parts = package::open(&bytes).expect("a fresh export opens");
            (id.to_string(), parts)
        });
        Bundled {
            set,
            plan,
            view,
            exports,
        }
    })
}

fn section_export(view: &View, set: &SourceSet, id: &str) -> Vec<u8> {
    docx::render_sources(view, Some(id), set).expect("the bundled section renders")
}

/// A real export of one of [`DOCX_SECTIONS`], as `import` would get it
/// back unchanged: the seed of the DOCX target's corpus.
pub fn docx_seed(id: &str) -> Vec<u8> {
    let b = bundled();
    section_export(&b.view, &b.set, id)
}

/// A source file of arbitrary bytes, read as each kind of source file. A
/// file that parses is put in place of its kind in the bundled sources
/// (in memory: the same `model::build` as `load_plan`, without the disk),
/// and every report is rendered as `check` and `build` would show it.
pub fn source_file(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let base = &bundled().set;
    if let Some(old) = &base.plan {
        one_kind::<PlanFile>(text, base, old, |set, d| set.plan = Some(d));
    }
    if let Some(old) = &base.board {
        one_kind::<BoardFile>(text, base, old, |set, d| set.board = Some(d));
    }
    if let Some(old) = &base.organisation {
        one_kind::<OrganisationFile>(text, base, old, |set, d| set.organisation = Some(d));
    }
    if let Some(old) = &base.budget {
        one_kind::<BudgetFile>(text, base, old, |set, d| set.budget = Some(d));
    }
    if let Some(old) = &base.results {
        one_kind::<ResultsFile>(text, base, old, |set, d| set.results = Some(d));
    }
    if let Some(old) = base.districts.first() {
        one_kind::<DistrictFile>(text, base, old, |set, d| set.districts[0] = d);
    }
    if let Some(old) = base.themes.first() {
        one_kind::<ThemeFile>(text, base, old, |set, d| set.themes[0] = d);
    }
}

/// Parses `text` as `T` in place of the file `old` of `base` (`put` puts
/// it there), builds the plan when it parses, and renders the report.
fn one_kind<T: DeserializeOwned>(
    text: &str,
    base: &SourceSet,
    old: &Loaded<T>,
    put: impl FnOnce(&mut SourceSet, Loaded<T>),
) {
    let mut report = Report::default();
    report.add_text(&old.file, text);
    let (parsed, problems) = parse_toml::<T>(&old.file, text);
    report.extend(problems);
    if let Some(data) = parsed {
        let mut set = base.clone();
        set.texts.insert(old.file.clone(), text.to_string());
        put(
            &mut set,
            Loaded {
                id: old.id.clone(),
                file: old.file.clone(),
                path: old.path.clone(),
                data,
            },
        );
        let _ = model::build::build(&set, &mut report);
    }
    let _ = report.render();
    let _ = report.render_short();
}

/// What [`markdown`] made of its input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkdownCase {
    /// Not UTF-8, or not in the Markdown subset.
    Outside,
    /// Written back by the importer and read again as the same text.
    RoundTrip,
    /// Refused by the importer, which cannot write it exactly.
    Inexact,
}

/// Text in the Markdown subset: what parses must read back the same after
/// the importer writes it, or the importer refuses it as inexact.
pub fn markdown(data: &[u8]) -> MarkdownCase {
    let Ok(text) = std::str::from_utf8(data) else {
        return MarkdownCase::Outside;
    };
    let Ok(rt) = richtext::parse(text) else {
        return MarkdownCase::Outside;
    };
    let written = markdown::to_markdown(&rt);
    let Ok(md) = markdown::to_markdown_exact(&rt, written) else {
        return MarkdownCase::Inexact;
    };
    let back = richtext::parse(&md).expect("to_markdown_exact read it");
    // Text in canonical form comes back exactly. Other text reads the same
    // (as `to_markdown_exact` checked): white space at the edges of bold,
    // italic and links moves outside them, and empty ones go; what it reads
    // back as, when canonical, is written again as the same Markdown. (An
    // empty link may not be: its address is not checked, it shows nothing.)
    if markdown::canonical(&rt) == rt {
        assert_eq!(back, rt, "{text:?} was written as {md:?}");
    } else if markdown::canonical(&back) == back {
        assert_eq!(
            markdown::to_markdown(&back),
            md,
            "{text:?} was written as {md:?}, and that again differently"
        );
    }
    MarkdownCase::RoundTrip
}

/// A DOCX for `import`. Input starting with `PK` is the file itself;
/// otherwise the first byte picks a section of [`DOCX_SECTIONS`] (even: the
/// district, odd: the theme) and the rest is its `word/document.xml`, put
/// into that section's real export, so mutations reach the XML and the
/// mapping onto the fields rather than stopping at the zip's checksums.
/// Both go through the whole import against the bundled plan, as `import`
/// runs it (with tracked changes accepted, so the mapping is reached).
pub fn docx_import(data: &[u8]) {
    let bundled = bundled();
    let bytes = match data.split_first() {
        Some((&pick, xml)) if !data.starts_with(b"PK") => {
            repack(&bundled.exports[usize::from(pick % 2)].1, xml)
        }
        _ => data.to_vec(),
    };
    if let Ok(p) = package::open(&bytes) {
        let _ = document::parse(&p, false);
        let _ = document::parse(&p, true);
    }
    let opts = Options {
        dry_run: true,
        accept_changes: true,
        force: false,
    };
    let Ok(outcome) = import::plan_import(&bytes, &bundled.plan, &bundled.set, &bundled.view, opts)
    else {
        return;
    };
    // What the importer would write is TOML (whether the plan then
    // validates is checked by `import` on a copy of the sources).
    if let Some(new_text) = &outcome.new_text
        && let Err(e) = new_text.parse::<toml::Table>()
    {
        panic!("the import would write invalid TOML ({e}):\n{new_text}");
    }
}

/// The word/document.xml of one of the [`DOCX_SECTIONS`] exports, with the
/// byte that picks it in front: a seed for the XML form of [`docx_import`].
pub fn docx_xml_seed(id: &str) -> Vec<u8> {
    let b = bundled();
    let pick = b
        .exports
        .iter()
        .position(|(i, _)| i == id)
        .expect("one of DOCX_SECTIONS");
    let mut out = vec![pick as u8];
    out.extend_from_slice(&b.exports[pick].1.parts["word/document.xml"]);
    out
}

/// The package `parts` with its document replaced by `xml`, zipped (stored).
fn repack(parts: &package::Package, xml: &[u8]) -> Vec<u8> {
    let mut entries: BTreeMap<&str, &[u8]> = parts
        .parts
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_slice()))
        .collect();
    entries.insert("word/document.xml", xml);
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let media = parts.media.iter().map(|(k, v)| (k.as_str(), v.as_slice()));
    for (name, data) in entries.into_iter().chain(media) {
        zip.start_file(name, opts).expect("writing into memory");
        zip.write_all(data).expect("writing into memory");
    }
    zip.finish().expect("writing into memory").into_inner()
}

/// What [`docx_word_edits`] made of its input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WordEditCase {
    /// The import refused, with this message.
    Refused(String),
    /// The import found nothing to change, and the edits changed no text.
    Unchanged,
    /// The import wrote sources whose re-export shows the edited text.
    Imported,
}

/// Word-like edits to a real section export, chosen by the input: the first
/// byte picks a section of [`DOCX_SECTIONS`] and whether tracked changes
/// are accepted, the rest the edits (text changed, runs split, new runs of
/// text, tabs, line and page breaks, symbols, hidden and struck text,
/// footnotes, tracked insertions and deletions, comments; paragraphs added
/// around tables and in fields, removed, made list items or indented;
/// counts typed in the targets table). The import must refuse (with a
/// message) what the sources cannot hold, and otherwise bring back exactly
/// what the edited document shows in each field: the re-export of the
/// imported sources shows the same text there, and every comment is listed
/// with the words it covers.
pub fn docx_word_edits(data: &[u8]) -> WordEditCase {
    use word_edits::{Choices, anchors, shown};
    let b = bundled();
    let mut c = Choices::new(data);
    let first = c.byte();
    let (section, package) = &b.exports[usize::from(first % 2)];
    let accept = first & 2 == 2;
    let original = std::str::from_utf8(&package.parts["word/document.xml"]).expect("UTF-8");
    let edited = word_edits::edit(original, &mut c, accept).expect("a fresh export parses");
    let mut parts = package::Package {
        parts: package.parts.clone(),
        media: package.media.clone(),
    };
    if let Some(comments) = &edited.comments {
        parts
            .parts
            .insert("word/comments.xml".into(), comments.clone().into_bytes());
    }
    let bytes = repack(&parts, edited.xml.as_bytes());
    let opts = Options {
        dry_run: true,
        accept_changes: accept,
        force: false,
    };
    let outcome = match import::plan_import(&bytes, &b.plan, &b.set, &b.view, opts) {
        Err(refusal) => {
            assert!(
                !refusal.message().trim().is_empty(),
                "a refusal without a message"
            );
            return WordEditCase::Refused(refusal.message().to_string());
        }
        Ok(outcome) => outcome,
    };
    if let Some(why) = edited.must_refuse {
        panic!("the import accepted {why}:\n{:?}", outcome.changes);
    }
    let want = shown(&edited.parts, accept).expect("the edited document parses");
    for (id, words) in anchors(&edited.xml, accept) {
        let note = format!("opmerking {id}");
        let Some(comment) = outcome.comments.iter().find(|c| c.text == note) else {
            continue;
        };
        let words: String = words.chars().take(60).collect();
        assert_eq!(
            comment.anchor, words,
            "the comment {id} is placed elsewhere"
        );
    }
    let Some(new_text) = outcome.new_text else {
        let before = word_edits::parts(original)
            .and_then(|p| shown(&p, accept))
            .expect("a fresh export parses");
        assert_eq!(
            before.fields, want.fields,
            "edited text was dropped: the import found no changes"
        );
        for (row, count) in &edited.counts {
            let count = count.as_ref().expect("refused when ambiguous");
            assert_eq!(&before.counts[*row], count, "a count typed was dropped");
        }
        return WordEditCase::Unchanged;
    };
    // As `import` does: the plan with the new text must still build.
    let Some(Ok(set)) = b.set.with_section_text(&outcome.file, &new_text) else {
        return WordEditCase::Refused("the new text does not parse".into());
    };
    let mut report = Report::default();
    let Some(plan) = model::build::build(&set, &mut report) else {
        return WordEditCase::Refused(format!("the sources would not build:\n{}", report.render()));
    };
    let (date, from_sources) = view::plan_date(&plan);
    let view = view::view(&plan, date, from_sources);
    let again =
        docx::render_sources(&view, Some(section), &set).expect("the imported plan renders");
    let again = package::open(&again).expect("a fresh export opens");
    let xml = std::str::from_utf8(&again.parts["word/document.xml"]).expect("UTF-8");
    let got = word_edits::parts(xml)
        .and_then(|p| shown(&p, false))
        .expect("a fresh export parses");
    for (field, text) in &want.fields {
        assert_eq!(
            got.fields.get(field),
            Some(text),
            "field {field} does not come back as edited (left: the re-export, right: the edited document)\n{new_text}"
        );
    }
    for (row, count) in &edited.counts {
        let count = count.as_ref().expect("refused when ambiguous");
        assert_eq!(&got.counts[*row], count, "the count typed in row {row}");
    }
    WordEditCase::Imported
}

/// The kinds a results sheet comes in, picked by an input's first byte.
const SHEET_KINDS: [import::sheet::read::Kind; 3] = [
    import::sheet::read::Kind::Xlsx,
    import::sheet::read::Kind::Ods,
    import::sheet::read::Kind::Csv,
];

/// A filled-in results spreadsheet through the whole sheet import (first
/// byte: `.xlsx`, `.ods` or `.csv`; the rest: the file). It refuses or
/// gives values the sources accept; what it would write is TOML, with
/// a change listed for every write. True when the import accepted it.
pub fn results_sheet(data: &[u8]) -> bool {
    let Some((&pick, bytes)) = data.split_first() else {
        return false;
    };
    let kind = SHEET_KINDS[usize::from(pick) % SHEET_KINDS.len()];
    let bundled = bundled();
    let Ok(outcome) =
        import::sheet::plan_import(bytes, kind, &bundled.set, &bundled.view, pick >= 128)
    else {
        return false;
    };
    match &outcome.new_text {
        None => assert!(outcome.changes.is_empty(), "changes without a new text"),
        Some(new_text) => {
            if let Err(e) = new_text.parse::<toml::Table>() {
                panic!("the sheet import would write invalid TOML ({e}):\n{new_text}");
            }
            assert!(!outcome.changes.is_empty(), "a new text without changes");
        }
    }
    true
}

/// The bundled plan's results template as `.xlsx` (byte 0) or its CSV form
/// (byte 2), with the byte that picks the kind in front: seeds for
/// [`results_sheet`].
pub fn results_sheet_seed(csv: bool) -> Vec<u8> {
    let bundled = bundled();
    let file = &bundled.set.results.as_ref().expect("bundled results").file;
    let text = bundled.set.texts.get(file).map_or("", String::as_str);
    let fingerprint = crate::source::fingerprint(&[text]);
    if !csv {
        let (date, _) = view::plan_date(&bundled.plan);
        let mut out = vec![0u8];
        out.extend(
            crate::render::xlsx::render(
                &bundled.view.results,
                &fingerprint,
                date,
                &docx::House::load().expect("the built-in house style"),
            )
            .expect("the template renders"),
        );
        return out;
    }
    // The CSV a spreadsheet program saves: `;`, every cell in quotes.
    let r = &bundled.view.results;
    let quote = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
    let mut lines = vec![
        format!("{};;;", quote(&crate::render::xlsx::marker(&fingerprint))),
        String::new(),
    ];
    let mut head = vec![quote("kenmerk"), quote("Nr."), quote(&r.header[0])];
    head.extend(r.years.iter().map(|y| quote(y)));
    lines.push(head.join(";"));
    for f in &r.figures {
        let mut row = vec![quote(&f.id), String::new(), quote(&f.description)];
        for cell in &f.values {
            row.push(match (crate::render::xlsx::has_value(f), cell.amount) {
                (true, Some(n)) => quote(&n.to_string()),
                _ => String::new(),
            });
        }
        lines.push(row.join(";"));
    }
    let mut out = vec![2u8];
    out.extend(lines.join("\r\n").into_bytes());
    out
}

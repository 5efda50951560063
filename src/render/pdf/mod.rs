//! The PDF renderer: hands the view to the typst layouts as JSON, compiles
//! in-process and exports a tagged PDF/A-2a + PDF/UA-1 document.
//!
//! The view reaches typst in parts (see [`data_files`]): `data.json` holds
//! what every page needs, and each chapter has its own file under `data/`.
//! A [`PdfCompiler`] keeps one typst world alive between builds, so that a
//! rebuild after an edit re-evaluates and re-lays out only what read the
//! changed part (`watch` relies on this; `build` compiles once).

pub mod charts;
pub mod report;
pub mod world;

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::Datelike;
use serde::Serialize;
use typst::diag::{Severity, SourceDiagnostic, Warned};
use typst::foundations::{Bytes, Datetime, Smart};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use super::marks;
use super::view::{Labels, Meta, Nav, View};
use crate::error::Error;
use world::{Layouts, Loader, PlanWorld};

/// What a PDF build needs besides the view.
#[derive(Debug, Clone)]
pub struct PdfSettings {
    pub layouts: Layouts,
    /// Canonical sources folder, for images.
    pub sources: Option<PathBuf>,
    /// The checked images, by path under the sources folder.
    pub images: BTreeMap<String, Vec<u8>>,
    /// A stable identifier of the plan, for the PDF's document id.
    pub ident: String,
    pub date: chrono::NaiveDate,
}

/// A finished PDF with what typst said about it.
#[derive(Debug)]
pub struct PdfOutput {
    pub bytes: Vec<u8>,
    pub pages: usize,
    /// Rendered typst warnings (empty when there were none).
    pub warnings: String,
    /// How many warnings typst gave.
    pub warning_count: usize,
}

/// Compiles the plan once, in a fresh world, and frees typst's caches.
/// Without a PDF, the error (of kind `Render`) holds typst's diagnostics,
/// rendered with their `file:line` in the layouts.
pub fn render(view: &View, settings: &PdfSettings) -> Result<PdfOutput, Error> {
    let mut compiler = PdfCompiler::new();
    let result = compiler.render(view, settings);
    drop(compiler);
    comemo::evict(0);
    result
}

/// One typst world kept between compiles. Each [`render`](Self::render)
/// replaces the virtual files whose content changed and marks every file
/// stale, so typst's memoized evaluation and layout are reused for all that
/// did not change. Call `comemo::evict(n)` between builds to bound memory.
pub struct PdfCompiler {
    world: PlanWorld,
}

impl Default for PdfCompiler {
    fn default() -> Self {
        Self::new()
    }
}

impl PdfCompiler {
    pub fn new() -> Self {
        PdfCompiler {
            world: PlanWorld::new(
                Loader {
                    layouts: Layouts::Embedded,
                    data: BTreeMap::new(),
                    sources: None,
                    images: BTreeMap::new(),
                },
                typst_date(chrono::NaiveDate::from_ymd_opt(2000, 1, 1).expect("valid date")),
            ),
        }
    }

    /// Compiles the plan with the view and settings of this build.
    pub fn render(&mut self, view: &View, settings: &PdfSettings) -> Result<PdfOutput, Error> {
        self.prepare(view, settings);
        compile(&self.world, settings)
    }

    /// Hands the world this build's view, layouts, images and date. Every
    /// file is read anew (layouts from disk too); sources typst has parsed
    /// before are edited in place, which keeps compilation warm.
    fn prepare(&mut self, view: &View, settings: &PdfSettings) {
        let loader = self.world.files.loader_mut();
        loader.layouts = settings.layouts.clone();
        loader.sources = settings.sources.clone();
        loader.data = keep_unchanged(
            std::mem::take(&mut loader.data),
            data_files(view).into_iter(),
        );
        loader.images = keep_unchanged(
            std::mem::take(&mut loader.images),
            settings.images.iter().map(|(k, v)| (k.clone(), v.clone())),
        );
        self.world.today = typst_date(settings.date);
        self.world.files.reset();
    }
}

impl PdfCompiler {
    /// The page of every labelled heading of the plan (its view anchor:
    /// `district-noord`, `begroting`), compiled with the view and settings
    /// of a build but not exported: where a change report points.
    pub fn anchor_pages(
        &mut self,
        view: &View,
        settings: &PdfSettings,
    ) -> Result<BTreeMap<String, usize>, Error> {
        use typst::introspection::Introspector as _;
        self.prepare(view, settings);
        let Warned { output, .. } = typst::compile::<PagedDocument>(&self.world);
        let document = output.map_err(|errors| {
            Error::rendered(
                render_diagnostics(&self.world, &errors),
                count(&errors, Severity::Error),
                0,
            )
        })?;
        let introspector = document.introspector();
        let mut pages = BTreeMap::new();
        for element in introspector.query_labelled() {
            if let (Some(label), Some(location)) = (element.label(), element.location())
                && let Some(page) = introspector.page(location)
            {
                pages
                    .entry(label.resolve().to_string())
                    .or_insert(page.get());
            }
        }
        Ok(pages)
    }
}

/// The new files by path, reusing the old `Bytes` where the content is the
/// same (so their hash, which typst's caches key on, is not recomputed).
fn keep_unchanged(
    mut old: BTreeMap<String, Bytes>,
    new: impl Iterator<Item = (String, Vec<u8>)>,
) -> BTreeMap<String, Bytes> {
    new.map(|(path, data)| {
        let bytes = match old.remove(&path) {
            Some(b) if b.as_slice() == data.as_slice() => b,
            _ => Bytes::new(data),
        };
        (path, bytes)
    })
    .collect()
}

/// The part of the view that every page reads: titles, dates, navigation.
#[derive(Serialize)]
struct Common<'a> {
    labels: &'a Labels,
    meta: &'a Meta,
    nav: &'a Nav,
    /// The change marks' note and navigation (`build --since` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    changes: Option<marks::Common>,
}

/// The JSON files the layouts read, by path relative to the layouts folder:
/// `data.json` (meta and navigation) and one file per chapter under `data/`,
/// named after the chapter's anchor (`data/district-<id>.json`,
/// `data/thema-<id>.json`, `data/bestuur.json`, `data/organisatie.json`,
/// `data/begroting.json`, `data/resultaten.json`). `uitvoeringsplan data`
/// writes the same files into `layouts/` for designers.
///
/// The split is what keeps rebuilds incremental: each chapter is set by a
/// layout function that reads only its own file, so typst reuses every
/// chapter whose file did not change.
pub fn data_files(view: &View) -> Vec<(String, Vec<u8>)> {
    let part = |anchor: &str| format!("{}{anchor}.json", world::DATA_DIR);
    let mut files = vec![(
        world::DATA.to_string(),
        json(&Common {
            labels: &view.labels,
            meta: &view.meta,
            nav: &view.nav,
            changes: view.marks.as_ref().map(marks::Marks::common),
        }),
    )];
    // A part with change marks gets them in its JSON (see `marks::annotate`).
    let mut chapter = |anchor: &str, value: &dyn marks::Erased| {
        let bytes = match view.marks.as_ref().and_then(|m| m.part(anchor)) {
            None => value.json(),
            Some(marked) => {
                let mut v = value.value();
                marks::annotate(&mut v, marked);
                json(&v)
            }
        };
        files.push((part(anchor), bytes));
    };
    chapter("bestuur", &view.board);
    for d in &view.districts {
        chapter(&d.anchor, d);
    }
    for t in &view.themes {
        chapter(&t.anchor, t);
    }
    chapter(&view.organisation.anchor, &view.organisation);
    chapter(&view.budget.anchor, &view.budget);
    chapter(&view.results.anchor, &view.results);
    files
}

impl<T: Serialize> marks::Erased for T {
    fn json(&self) -> Vec<u8> {
        json(self)
    }
}

fn json(value: &impl Serialize) -> Vec<u8> {
    let out = serde_json::to_string_pretty(value).expect("the view is plain data");
    let mut out = drop_idle_soft_hyphens(&out).into_bytes();
    out.push(b'\n');
    out
}

/// The JSON text without the soft hyphens (U+00AD, common in text pasted
/// from Word) that cannot hyphenate anything: at the end of a string or
/// before white space (also an escaped line break or tab). typst 0.15.1
/// fails on a paragraph that ends in a link whose text ends in one
/// ("internal error: expected link ancestor in logical tree"), and any text
/// can be that: a link in Markdown, a name in a heading (and the contents'
/// link to it), a theme's full-plan link. Within a word a soft hyphen
/// stays: there it marks where the word may break. (serde_json writes the
/// character itself, never an escape, and a quote inside a string as `\"`.)
fn drop_idle_soft_hyphens(json: &str) -> String {
    if !json.contains('\u{AD}') {
        return json.to_string();
    }
    let mut out = String::with_capacity(json.len());
    let mut rest = json;
    while let Some(at) = rest.find('\u{AD}') {
        out.push_str(&rest[..at]);
        rest = &rest[at + '\u{AD}'.len_utf8()..];
        let after = rest.trim_start_matches('\u{AD}');
        let idle = after.starts_with('"')
            || after.starts_with(char::is_whitespace)
            || ["\\n", "\\r", "\\t"].iter().any(|e| after.starts_with(e));
        if !idle {
            out.push('\u{AD}');
        }
    }
    out.push_str(rest);
    out
}

fn typst_date(d: chrono::NaiveDate) -> Datetime {
    Datetime::from_ymd(d.year(), d.month() as u8, d.day() as u8)
        .unwrap_or_else(|| Datetime::from_ymd(2000, 1, 1).expect("valid date"))
}

fn compile<W: typst::World + typst_kit::diagnostics::DiagnosticWorld>(
    world: &W,
    settings: &PdfSettings,
) -> Result<PdfOutput, Error> {
    let Warned { output, warnings } = typst::compile::<PagedDocument>(world);
    let warnings_text = render_diagnostics(world, &warnings);
    let document = output.map_err(|errors| {
        Error::rendered(
            render_diagnostics(world, &errors) + &warnings_text,
            count(&errors, Severity::Error),
            warnings.len(),
        )
    })?;
    let d = settings.date;
    let timestamp = Datetime::from_ymd_hms(d.year(), d.month() as u8, d.day() as u8, 12, 0, 0)
        .map(Timestamp::new_utc);
    let standards = PdfStandards::new(&[PdfStandard::A_2a, PdfStandard::Ua_1]).map_err(|e| {
        Error::rendered(
            format!("PDF-standaarden: {}\n", e.message()),
            1,
            warnings.len(),
        )
    })?;
    let options = PdfOptions {
        ident: Smart::Custom(settings.ident.clone()),
        creator: Smart::Custom(Some(format!(
            "uitvoeringsplan {}",
            env!("CARGO_PKG_VERSION")
        ))),
        timestamp,
        standards,
        tagged: true,
        ..PdfOptions::default()
    };
    let bytes = typst_pdf::pdf(&document, &options).map_err(|errors| {
        Error::rendered(
            render_diagnostics(world, &errors) + &warnings_text,
            count(&errors, Severity::Error),
            warnings.len(),
        )
    })?;
    Ok(PdfOutput {
        bytes,
        pages: document.pages().len(),
        warnings: warnings_text,
        warning_count: warnings.len(),
    })
}

fn count(diagnostics: &[SourceDiagnostic], severity: Severity) -> usize {
    diagnostics
        .iter()
        .filter(|d| d.severity == severity)
        .count()
        .max(usize::from(
            severity == Severity::Error && !diagnostics.is_empty(),
        ))
}

/// typst's diagnostics as text, with virtual file names and source lines.
pub fn render_diagnostics<W: typst_kit::diagnostics::DiagnosticWorld>(
    world: &W,
    diagnostics: &[SourceDiagnostic],
) -> String {
    if diagnostics.is_empty() {
        return String::new();
    }
    let mut out = typst_kit::diagnostics::termcolor::NoColor::new(Vec::new());
    let _ = typst_kit::diagnostics::emit(
        &mut out,
        world,
        diagnostics,
        typst_kit::diagnostics::DiagnosticFormat::Human,
    );
    String::from_utf8_lossy(&out.into_inner()).into_owned()
}

#[cfg(test)]
mod fixed_texts;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn soft_hyphens_stay_only_where_they_can_break_a_word() {
        let view = serde_json::json!({
            "a": "ver\u{AD}ster\u{AD}king\u{AD}",
            "b": ["link \u{AD}", "\u{AD}", "a\u{AD} b\u{AD}\u{AD}c", "x\u{AD}\ny", "q\u{AD}\"t\""],
        });
        let back: serde_json::Value = serde_json::from_slice(&json(&view)).unwrap();
        assert_eq!(
            back,
            serde_json::json!({
                "a": "ver\u{AD}ster\u{AD}king",
                "b": ["link ", "", "a b\u{AD}\u{AD}c", "x\ny", "q\u{AD}\"t\""],
            })
        );
    }
}

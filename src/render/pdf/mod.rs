//! The PDF renderer: hands the view to the typst layouts as JSON, compiles
//! in-process and exports a tagged PDF/A-2a + PDF/UA-1 document.

pub mod world;

use std::path::PathBuf;

use chrono::Datelike;
use typst::diag::{SourceDiagnostic, Warned};
use typst::foundations::{Bytes, Datetime, Smart};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use super::view::View;
use world::{Layouts, Loader, PlanWorld};

/// What a PDF build needs besides the view.
#[derive(Debug, Clone)]
pub struct PdfSettings {
    pub layouts: Layouts,
    /// Canonical sources folder, for images.
    pub sources: Option<PathBuf>,
    /// The checked images, by path under the sources folder.
    pub images: std::collections::BTreeMap<String, Vec<u8>>,
    /// A stable identifier of the plan, for the PDF's document id.
    pub ident: String,
    pub date: chrono::NaiveDate,
}

/// A finished PDF with what typst said about it.
pub struct PdfOutput {
    pub bytes: Vec<u8>,
    pub pages: usize,
    /// Rendered typst warnings (empty when there were none).
    pub warnings: String,
}

/// Compiles the plan; on failure returns typst's diagnostics, rendered with
/// their `file:line` in the layouts.
pub fn render(view: &View, settings: &PdfSettings) -> Result<PdfOutput, String> {
    let data = data_json(view);
    let mut world = new_world(data, settings);
    let result = compile(&mut world, settings);
    comemo::evict(0);
    result
}

/// The JSON view the layouts read as `data.json` (also checked in as
/// `layouts/data.json` for designers).
pub fn data_json(view: &View) -> Vec<u8> {
    let mut out = serde_json::to_vec_pretty(view).expect("the view is plain data");
    out.push(b'\n');
    out
}

fn new_world(data: Vec<u8>, settings: &PdfSettings) -> PlanWorld {
    let d = settings.date;
    let today = Datetime::from_ymd(d.year(), d.month() as u8, d.day() as u8)
        .unwrap_or_else(|| Datetime::from_ymd(2000, 1, 1).expect("valid date"));
    PlanWorld::new(
        Loader {
            layouts: settings.layouts.clone(),
            data: Bytes::new(data),
            sources: settings.sources.clone(),
            images: settings
                .images
                .iter()
                .map(|(k, v)| (k.clone(), Bytes::new(v.clone())))
                .collect(),
        },
        today,
    )
}

fn compile(world: &mut PlanWorld, settings: &PdfSettings) -> Result<PdfOutput, String> {
    let Warned { output, warnings } = typst::compile::<PagedDocument>(&*world);
    let warnings_text = render_diagnostics(world, &warnings);
    let document = output.map_err(|errors| render_diagnostics(world, &errors) + &warnings_text)?;
    let d = settings.date;
    let timestamp = Datetime::from_ymd_hms(d.year(), d.month() as u8, d.day() as u8, 12, 0, 0)
        .map(Timestamp::new_utc);
    let standards = PdfStandards::new(&[PdfStandard::A_2a, PdfStandard::Ua_1])
        .map_err(|e| format!("PDF-standaarden: {}", e.message()))?;
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
    let bytes =
        typst_pdf::pdf(&document, &options).map_err(|errors| render_diagnostics(world, &errors))?;
    world.files.reset();
    Ok(PdfOutput {
        bytes,
        pages: document.pages().len(),
        warnings: warnings_text,
    })
}

/// typst's diagnostics as text, with virtual file names and source lines.
pub fn render_diagnostics(world: &PlanWorld, diagnostics: &[SourceDiagnostic]) -> String {
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

//! The results' charts as images for the DOCX: `layouts/grafieken.typ`
//! sets each chart on a page of its own with `grafiek.typ` (the drawing the
//! plan's layout uses too, in the same house style and fonts), compiled in
//! a world of its own from the same view data as the PDF; each page is
//! rasterised by typst-render at [`DPI`] and encoded as PNG without any
//! time, name or host (same data, same bytes).

use std::collections::BTreeMap;

use typst::diag::{Severity, Warned};
use typst::foundations::Bytes;
use typst_layout::PagedDocument;
use typst_render::RenderOptions;

use super::world::{self, Layouts, Loader, PlanWorld};
use super::{count, data_files, render_diagnostics, typst_date};
use crate::error::Error;
use crate::render::docx::ChartImage;
use crate::render::view::View;

/// The layout that sets the charts, one per page.
pub const MAIN: &str = "grafieken.typ";
/// Pixels per inch of the images: sharp in print at their size on the page.
pub const DPI: f64 = 300.0;
/// Points per inch.
const POINTS_PER_INCH: f64 = 72.0;

/// The charts of the results appendix (`view.results.charts`), in order,
/// drawn with the layouts of this build (a designer's folder: its
/// `grafieken.typ`, `grafiek.typ` and `huisstijl.toml`). The typst
/// warnings come back rendered, with their number.
pub fn render(view: &View, layouts: &Layouts) -> Result<(Vec<ChartImage>, String, usize), Error> {
    let charts = view.results.charts.len();
    if charts == 0 {
        return Ok((Vec::new(), String::new(), 0));
    }
    if let Layouts::Folder(dir) = layouts
        && !dir.join(MAIN).is_file()
    {
        return Err(Error::render_failed(format!(
            "de layoutmap heeft geen {MAIN}: daarmee worden de grafieken van de DOCX getekend"
        ))
        .with_hint(format!(
            "kopieer layouts/{MAIN} en layouts/grafiek.typ naar de layoutmap (uitvoeringsplan.typ tekent de grafieken van de PDF ook met grafiek.typ)"
        )));
    }
    // What grafieken.typ reads: the common part and the appendix's file.
    let appendix = format!("{}{}.json", world::DATA_DIR, view.results.anchor);
    let data: BTreeMap<String, Bytes> = data_files(view)
        .into_iter()
        .filter(|(path, _)| path == world::DATA || *path == appendix)
        .map(|(path, bytes)| (path, Bytes::new(bytes)))
        .collect();
    let date = chrono::NaiveDate::from_ymd_opt(2000, 1, 1).expect("valid date");
    let world = PlanWorld::new(
        Loader {
            layouts: layouts.clone(),
            data,
            sources: None,
            images: BTreeMap::new(),
        },
        typst_date(date),
    )
    .with_main(MAIN);
    let Warned { output, warnings } = typst::compile::<PagedDocument>(&world);
    let warnings_text = render_diagnostics(&world, &warnings);
    let document = output.map_err(|errors| {
        Error::rendered(
            render_diagnostics(&world, &errors) + &warnings_text,
            count(&errors, Severity::Error),
            warnings.len(),
        )
    })?;
    let pages = document.pages();
    if pages.len() != charts {
        return Err(Error::render_failed(format!(
            "{MAIN} zette {} {}, voor {charts} {}",
            pages.len(),
            if pages.len() == 1 {
                "pagina"
            } else {
                "pagina's"
            },
            if charts == 1 { "grafiek" } else { "grafieken" },
        ))
        .with_hint("zet in grafieken.typ elke grafiek op een eigen pagina, en verder niets"));
    }
    let options = RenderOptions {
        pixel_per_pt: typst::utils::Scalar::new(DPI / POINTS_PER_INCH),
        render_bleed: false,
    };
    let images = pages
        .iter()
        .map(|page| {
            let size = page.frame.size();
            let pixmap = typst_render::render(page, &options);
            // The page is white, so every pixel is opaque: RGB is enough.
            let rgb: Vec<u8> = pixmap
                .pixels()
                .iter()
                .flat_map(|p| {
                    let c = p.demultiply();
                    [c.red(), c.green(), c.blue()]
                })
                .collect();
            Ok(ChartImage {
                png: png(pixmap.width(), pixmap.height(), &rgb)
                    .map_err(|e| Error::render_failed(format!("een grafiek als PNG: {e}")))?,
                width: pixmap.width(),
                height: pixmap.height(),
                width_pt: size.x.to_pt(),
            })
        })
        .collect::<Result<Vec<_>, Error>>()?;
    Ok((images, warnings_text, warnings.len()))
}

/// RGB pixels as a PNG with its resolution (`pHYs`) and nothing else: no
/// time, no text chunks.
fn png(width: u32, height: u32, rgb: &[u8]) -> Result<Vec<u8>, png::EncodingError> {
    let per_metre = (DPI / 0.0254).round() as u32;
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::High);
    encoder.set_pixel_dims(Some(png::PixelDimensions {
        xppu: per_metre,
        yppu: per_metre,
        unit: png::Unit::Meter,
    }));
    let mut writer = encoder.write_header()?;
    writer.write_image_data(rgb)?;
    writer.finish()?;
    Ok(out)
}

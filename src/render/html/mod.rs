//! The plan as a web publication: a folder with one HTML page per part of
//! the plan (the cover with the board, each district, each theme, the
//! organisation, the budget, the results), its stylesheet, fonts and
//! images, from the same view as the PDF and the DOCX. The pages are built
//! with maud, which escapes every value it prints: source text never
//! becomes markup. Same view, same bytes.

mod chart;
mod page;
mod parts;
mod rich;
mod site;
mod style;
mod tables;

use std::collections::BTreeMap;

use crate::render::docx::House;
use crate::render::view::View;
use crate::source::images::ImageFile;

pub use site::{Page, PageKind};

/// One file of the publication: its path inside the folder (with `/`) and bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct File {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// The whole publication, in a fixed order (pages first, `index.html` first).
#[derive(Debug, Clone)]
pub struct Publication {
    pub files: Vec<File>,
    /// How many HTML pages it has.
    pub pages: usize,
}

impl Publication {
    /// Bytes over all files.
    pub fn size(&self) -> usize {
        self.files.iter().map(|f| f.bytes.len()).sum()
    }
}

/// The folder the fonts and their licences go to.
pub const FONTS: &str = "fonts";
/// The stylesheet.
pub const STYLESHEET: &str = "stijl.css";

/// What every page carries (`page.rs` writes it), by which a later build
/// knows its own pages from other files in the folder.
pub const GENERATED_PAGE: &str = r#"<meta name="generator" content="uitvoeringsplan">"#;

/// Renders the publication in the built-in house style. Fails only when a
/// figure's image is not among `images` (the sources' check loads every
/// image a figure names).
pub fn render(view: &View, images: &BTreeMap<String, ImageFile>) -> Result<Publication, String> {
    render_styled(view, images, &House::load()?)
}

/// [`render`] in the house style `house` (a designer's `--layouts`).
pub fn render_styled(
    view: &View,
    images: &BTreeMap<String, ImageFile>,
    house: &House,
) -> Result<Publication, String> {
    let site = site::Site::new(view);
    let mut files = Vec::new();
    for (i, p) in site.pages.iter().enumerate() {
        let html = page::page(view, &site, i, parts::content(view, &site, p));
        files.push(File {
            path: p.file.clone(),
            bytes: html.into_string().into_bytes(),
        });
    }
    let pages = files.len();
    files.push(File {
        path: STYLESHEET.into(),
        bytes: style::stylesheet(house).into_bytes(),
    });
    for (name, bytes) in style::font_files() {
        files.push(File {
            path: format!("{FONTS}/{name}"),
            bytes: bytes.to_vec(),
        });
    }
    for src in figure_sources(view) {
        let rel = src.strip_prefix("sources/").unwrap_or(&src);
        let image = images
            .get(rel)
            .ok_or_else(|| format!("afbeelding `{rel}` ontbreekt voor de HTML-uitgave"))?;
        // At the path they have under the sources: an image (.png, .jpg)
        // cannot meet a page, the stylesheet or a font there.
        let path = rel.to_string();
        if !files.iter().any(|f| f.path == path) {
            files.push(File {
                path,
                bytes: image.data.clone(),
            });
        }
    }
    Ok(Publication { files, pages })
}

/// The image paths of every figure, in the order of the pages.
fn figure_sources(view: &View) -> Vec<String> {
    view.districts
        .iter()
        .flat_map(|d| &d.figures)
        .chain(view.themes.iter().flat_map(|t| &t.figures))
        .map(|f| f.src.clone())
        .collect()
}

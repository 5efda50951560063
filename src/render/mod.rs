//! Renderers: the shared presentation view, the PDF (typst), the DOCX
//! (docx-rs) and the web publication (maud).

pub mod docx;
pub mod html;
pub mod marks;
#[cfg(feature = "pdf")]
pub mod pdf;
pub mod quotes;
pub mod view;

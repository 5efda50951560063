//! Renderers: the shared presentation view, the PDF (typst) and the DOCX (docx-rs).

pub mod docx;
#[cfg(feature = "pdf")]
pub mod pdf;
pub mod quotes;
pub mod view;

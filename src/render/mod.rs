//! Renderers: the shared presentation view, the PDF (typst) and the DOCX (docx-rs).

pub mod docx;
pub mod pdf;
pub mod view;

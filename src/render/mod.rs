//! Renderers: the shared presentation view, the PDF (typst) and, later, the DOCX.

pub mod pdf;
pub mod view;

//! Renderers: the shared presentation view, the PDF (typst), the DOCX
//! (docx-rs), the web publication (maud) and the results spreadsheet
//! (rust_xlsxwriter).

pub mod docx;
pub mod html;
pub mod marks;
#[cfg(feature = "pdf")]
pub mod pdf;
pub mod quotes;
pub mod view;
pub mod xlsx;

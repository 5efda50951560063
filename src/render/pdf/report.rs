//! The change report's PDF (`uitvoeringsplan changes`): the layout
//! `layouts/wijzigingen.typ` with the report's data as `wijzigingen.json`,
//! compiled in a world of its own (the house style, the bundled fonts, no
//! images) and exported like the plan: PDF/A-2a + PDF/UA-1, tagged,
//! deterministic.

use std::collections::HashMap;

use typst::diag::FileResult;
use typst::foundations::{Bytes, Datetime};
use typst::syntax::{FileId, Source};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

use super::world::{LAYOUTS, file_id, fonts};
use super::{PdfOutput, PdfSettings, compile, typst_date};
use crate::error::Error;

/// The report's layout, compiled into the binary.
pub const LAYOUT: &str = include_str!("../../../layouts/wijzigingen.typ");
/// Its entry point and the data it reads.
pub const MAIN: &str = "wijzigingen.typ";
pub const DATA: &str = "wijzigingen.json";

struct ReportWorld {
    library: LazyHash<Library>,
    main: FileId,
    files: HashMap<FileId, Bytes>,
    today: Datetime,
}

impl World for ReportWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        fonts().book()
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        let bytes = self.file(id)?;
        let text = std::str::from_utf8(bytes.as_slice())
            .map_err(|_| typst::diag::FileError::InvalidUtf8)?;
        Ok(Source::new(id, text.to_string()))
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        self.files
            .get(&id)
            .cloned()
            .ok_or_else(|| typst::diag::FileError::NotFound(id.vpath().get_without_slash().into()))
    }

    fn font(&self, index: usize) -> Option<Font> {
        fonts().font(index)
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}

impl typst_kit::diagnostics::DiagnosticWorld for ReportWorld {
    fn name(&self, id: FileId) -> String {
        let path = id.vpath().get_without_slash();
        if path == DATA {
            path.to_string()
        } else {
            format!("layouts/{path}")
        }
    }
}

/// Compiles the report from its data (JSON) into a PDF.
pub fn render(data: Vec<u8>, settings: &PdfSettings) -> Result<PdfOutput, Error> {
    let mut files = HashMap::new();
    files.insert(file_id(MAIN), Bytes::new(LAYOUT.as_bytes().to_vec()));
    files.insert(file_id(DATA), Bytes::new(data));
    for (path, text) in LAYOUTS {
        if path.ends_with(".toml") {
            files.insert(file_id(path), Bytes::new(text.as_bytes().to_vec()));
        }
    }
    let world = ReportWorld {
        library: LazyHash::new(Library::default()),
        main: file_id(MAIN),
        files,
        today: typst_date(settings.date),
    };
    compile(&world, settings)
}

//! The change report's PDF (`uitvoeringsplan changes`): the layout
//! `layouts/wijzigingen.typ` with the report's data as `wijzigingen.json`,
//! compiled in the plan's kind of world (`world::PlanWorld`: the embedded
//! house style and layouts, the bundled fonts, no images) and exported like
//! the plan: PDF/A-2a + PDF/UA-1, tagged, deterministic.

use std::collections::BTreeMap;

use typst::foundations::Bytes;

use super::world::{Layouts, Loader, PlanWorld};
use super::{PdfOutput, PdfSettings, compile, typst_date};
use crate::error::Error;

/// The report's layout, compiled into the binary (one of `world::LAYOUTS`).
pub const LAYOUT: &str = include_str!("../../../layouts/wijzigingen.typ");
/// Its entry point and the data it reads.
pub const MAIN: &str = "wijzigingen.typ";
pub const DATA: &str = "wijzigingen.json";

/// Compiles the report from its data (JSON) into a PDF.
pub fn render(data: Vec<u8>, settings: &PdfSettings) -> Result<PdfOutput, Error> {
    let loader = Loader {
        layouts: Layouts::Embedded,
        data: BTreeMap::from([(DATA.to_string(), Bytes::new(data))]),
        sources: None,
        images: BTreeMap::new(),
    };
    let world = PlanWorld::new(loader, typst_date(settings.date)).with_main(MAIN);
    compile(&world, settings)
}

//! `uitvoeringsplan`: builds a regional execution plan from structured
//! sources into a typeset PDF and an editable DOCX, and reads a revised
//! DOCX section back. ARCHITECTURE.md (beside Cargo.toml) is the map of the
//! code: the pipeline, the modules, the rules; README.md is the user's guide.

pub mod backups;
pub mod changes;
pub mod cli;
#[cfg(feature = "pdf")]
pub mod commands;
pub mod console;
pub mod diag;
pub mod error;
pub mod fonts;
pub mod format;
#[doc(hidden)]
pub mod fuzzing;
pub mod import;
pub mod input;
pub mod lock;
pub mod model;
pub mod output;
pub mod render;
pub mod source;

use std::path::Path;

use diag::Report;

/// Loads and validates the sources in `dir` (shown as `shown` in messages).
/// Returns the plan when there were no errors, and the report either way.
pub fn load_plan(dir: &Path, shown: &str) -> (Option<model::Plan>, Report, source::SourceSet) {
    let mut report = Report::default();
    let set = source::load(dir, shown, &mut report);
    let plan = model::build::build(&set, &mut report);
    (plan, report, set)
}

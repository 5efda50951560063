//! The earlier version `build --since` compares with. Placeholder until the
//! changes engine (`src/changes/`) loads a folder or a git revision.

use std::path::Path;

use crate::error::Error;
use crate::model::Plan;

/// Loads and validates the earlier version of the sources: a folder.
pub fn load(since: &str) -> Result<Plan, Error> {
    let dir = Path::new(since);
    if !dir.is_dir() {
        return Err(
            Error::input(format!("de eerdere versie `{since}` is geen map"))
                .with_hint("geef met --since een map met de bronnen van toen"),
        );
    }
    let (plan, report, _) = crate::load_plan(dir, since);
    match plan {
        Some(p) if report.errors() == 0 => Ok(p),
        _ => Err(Error::sources(
            super::check::render(&report),
            "build: niets geschreven",
        )),
    }
}

//! `uitvoeringsplan data`: writes the JSON view the layouts read, so a
//! designer can run the typst CLI on `layouts/` alone: `data.json` and,
//! beside it, one file per chapter in `data/` (see `render::pdf::data_files`).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::cli::DataArgs;
use crate::error::{Error, Kind};
use crate::input::read_limited;
use crate::output::{replaceable, write_atomic};
use crate::render::pdf::{self, world};
use crate::render::view;

pub fn run(args: &DataArgs) -> Result<ExitCode, Error> {
    let shown = args.sources.to_string_lossy().into_owned();
    let (plan, report, _) = crate::load_plan(&args.sources, &shown);
    let Some(plan) = plan else {
        return Err(Error::new(Kind::Sources, "").after(super::check::render(&report)));
    };
    let (date, from_sources) = view::plan_date(&plan);
    let files = pdf::data_files(&view::view(&plan, date, from_sources));
    let base = args
        .out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf();
    let paths: Vec<PathBuf> = files
        .iter()
        .map(|(rel, _)| {
            if rel == world::DATA {
                args.out.clone()
            } else {
                base.join(rel)
            }
        })
        .collect();
    // Every target is checked before the first is written: a folder, a
    // link or a device among them stops the run with nothing written.
    for path in &paths {
        if let Err(e) = replaceable(path) {
            return Err(write_error(path, &e));
        }
    }
    let mut written = Vec::new();
    for (path, (_, bytes)) in paths.into_iter().zip(&files) {
        if let Err(e) = write_atomic(&path, bytes) {
            return Err(write_error(&path, &e));
        }
        written.push(path);
    }
    remove_stale(&base.join(world::DATA_DIR), &written);
    crate::say!("{}", args.out.display());
    let parts = written.len() - 1;
    if parts > 0 {
        crate::say!(
            "{}  {parts} onderdelen",
            base.join(world::DATA_DIR).display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn write_error(path: &Path, e: &std::io::Error) -> Error {
    Error::write(format!("kan {} niet schrijven: {e}", path.display()))
        .with_hint("kies met --out een bestand in een map waarin geschreven kan worden")
}

/// Largest file in the data folder that may be one of ours.
const MAX_PART_BYTES: u64 = 64 * 1024 * 1024;

/// Removes the parts of a district or theme that no longer exists, so the
/// folder matches the plan, and nothing else: a file is only removed when
/// this run did not write it, its name is one a chapter could have had
/// (`district-<id>.json`, `thema-<id>.json`) and it is this tool's data
/// (a regular file holding a JSON object whose `anchor` is that name).
/// Anything else a designer keeps there stays.
fn remove_stale(dir: &Path, written: &[PathBuf]) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if !written.contains(&path) && is_stale_part(&path) {
            let _ = std::fs::remove_file(&path);
        }
    }
}

fn is_stale_part(path: &Path) -> bool {
    let Some(anchor) = path
        .file_name()
        .and_then(|n| n.to_str())
        .and_then(|n| n.strip_suffix(".json"))
    else {
        return false;
    };
    let named_as_ours = ["district-", "thema-"]
        .iter()
        .any(|p| anchor.strip_prefix(p).is_some_and(crate::source::valid_id));
    if !named_as_ours || !std::fs::symlink_metadata(path).is_ok_and(|m| m.is_file()) {
        return false;
    }
    let Ok(bytes) = read_limited(path, MAX_PART_BYTES) else {
        return false;
    };
    serde_json::from_slice::<serde_json::Value>(&bytes)
        .is_ok_and(|v| v.get("anchor").and_then(|a| a.as_str()) == Some(anchor))
}

//! `uitvoeringsplan data`: writes the JSON view the layouts read, so a
//! designer can run the typst CLI on `layouts/` alone: `data.json` and,
//! beside it, one file per chapter in `data/` (see `render::pdf::data_files`).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::cli::DataArgs;
use crate::output::write_atomic;
use crate::render::pdf::{self, world};
use crate::render::view;

pub fn run(args: &DataArgs) -> ExitCode {
    let shown = args.sources.to_string_lossy().into_owned();
    let (plan, report, _) = crate::load_plan(&args.sources, &shown);
    let Some(plan) = plan else {
        eprint!("{}", super::check::render(&report));
        return ExitCode::from(super::EXIT_INPUT_ERROR);
    };
    let (date, from_sources) = view::plan_date(&plan);
    let files = pdf::data_files(&view::view(&plan, date, from_sources));
    let base = args
        .out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf();
    let mut written = Vec::new();
    for (rel, bytes) in &files {
        let path = if rel == world::DATA {
            args.out.clone()
        } else {
            base.join(rel)
        };
        if let Err(e) = write_atomic(&path, bytes) {
            eprintln!(
                "error: kan {} niet schrijven: {e}\n  = hint: kies met --out een bestand in een map waarin geschreven kan worden",
                path.display()
            );
            return ExitCode::from(super::EXIT_INPUT_ERROR);
        }
        written.push(path);
    }
    remove_stale(&base.join(world::DATA_DIR), &written);
    println!("{}", args.out.display());
    let parts = written.len() - 1;
    if parts > 0 {
        println!(
            "{}  {parts} onderdelen",
            base.join(world::DATA_DIR).display()
        );
    }
    ExitCode::SUCCESS
}

/// Removes JSON files in the data folder that this run did not write (a
/// district or theme that no longer exists), so the folder matches the plan.
fn remove_stale(dir: &Path, written: &[PathBuf]) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "json") && !written.contains(&path) {
            let _ = std::fs::remove_file(&path);
        }
    }
}

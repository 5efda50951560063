//! `uitvoeringsplan build`: validate, then write the PDF (and the DOCX) of
//! the plan, atomically, with a one-line summary per output.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use crate::cli::{BuildArgs, Format};
use crate::model::Plan;
use crate::output::{slug, write_atomic};
use crate::render::docx::{self, Provenance};
use crate::render::pdf::{self, PdfSettings, world::Layouts};
use crate::render::view::{self, View};
use crate::source::SourceSet;

pub fn run(args: &BuildArgs) -> ExitCode {
    let shown = args.sources.to_string_lossy().into_owned();
    let (plan, report, set) = crate::load_plan(&args.sources, &shown);
    let Some(plan) = plan else {
        eprint!("{}", super::check::render(&report));
        eprintln!("build: niets geschreven");
        return ExitCode::from(super::EXIT_INPUT_ERROR);
    };
    if report.warnings() > 0 {
        eprint!("{}", report.render_short());
    }
    if args.final_ && !plan.is_final() {
        eprint!("{}", final_refusal(&plan));
        return ExitCode::from(super::EXIT_INPUT_ERROR);
    }
    let layouts = match &args.layouts {
        None => Layouts::Embedded,
        Some(dir) => match dir.canonicalize() {
            Ok(p) if p.is_dir() => Layouts::Folder(p),
            _ => {
                eprintln!(
                    "error: de layoutmap {} bestaat niet\n  = hint: geef met --layouts een map met uitvoeringsplan.typ",
                    dir.display()
                );
                return ExitCode::from(super::EXIT_INPUT_ERROR);
            }
        },
    };
    let (date, from_sources) = plan_date(&plan);
    let view = view::view(&plan, date, from_sources);
    let section = args.section.as_deref();
    if let Some(id) = section {
        if args.format == Format::Pdf {
            eprintln!(
                "error: --section maakt alleen een DOCX van één onderdeel\n  = hint: laat --format pdf weg, of bouw de PDF zonder --section"
            );
            return ExitCode::from(super::EXIT_INPUT_ERROR);
        }
        if let Err(e) = docx::check_section(&view, id) {
            eprintln!("error: {e}");
            return ExitCode::from(super::EXIT_INPUT_ERROR);
        }
    }
    let stem = slug(&plan.meta.title);
    let mut failed = false;
    if section.is_none() && matches!(args.format, Format::Pdf | Format::All) {
        let started = Instant::now();
        let settings = PdfSettings {
            layouts,
            sources: args.sources.canonicalize().ok(),
            images: set
                .images
                .iter()
                .map(|(k, v)| (k.clone(), v.data.clone()))
                .collect(),
            ident: ident(&plan),
            date,
        };
        match pdf::render(&view, &settings) {
            Ok(out) => {
                eprint!("{}", out.warnings);
                let path = args.out.join(format!("{stem}.pdf"));
                failed |= !write(
                    &path,
                    &out.bytes,
                    &format!("{} pagina's", out.pages),
                    started,
                );
            }
            Err(diagnostics) => {
                eprint!("{diagnostics}");
                eprintln!("build: PDF niet geschreven (de vorige blijft staan)");
                failed = true;
            }
        }
    }
    if matches!(args.format, Format::Docx | Format::All) {
        failed |= !build_docx(&view, section, &set, &args.out, &stem);
    }
    if failed {
        ExitCode::from(super::EXIT_INPUT_ERROR)
    } else {
        ExitCode::SUCCESS
    }
}

/// Writes the DOCX of the plan or of one section; false on failure.
fn build_docx(
    view: &View,
    section: Option<&str>,
    sources: &SourceSet,
    out: &Path,
    stem: &str,
) -> bool {
    let started = Instant::now();
    let provenance = Provenance {
        section: section.unwrap_or(docx::WHOLE_PLAN).to_string(),
        fingerprint: fingerprint(sources, section),
    };
    match docx::render(view, section, &provenance) {
        Ok(bytes) => {
            let name = match section {
                Some(id) => format!("{stem}-{id}.docx"),
                None => format!("{stem}.docx"),
            };
            write(
                &out.join(name),
                &bytes,
                &docx::describe(view, section),
                started,
            )
        }
        Err(e) => {
            eprintln!("error: {e}");
            eprintln!("build: DOCX niet geschreven (de vorige blijft staan)");
            false
        }
    }
}

/// The fingerprint of a section's source file, or of every source file
/// (in name order) for the whole plan.
pub fn fingerprint(sources: &SourceSet, section: Option<&str>) -> String {
    sources.section_fingerprint(section)
}

/// Writes one output and prints its summary line; false on failure.
fn write(path: &Path, bytes: &[u8], detail: &str, started: Instant) -> bool {
    match write_atomic(path, bytes) {
        Ok(()) => {
            println!(
                "{}  {detail}  {}  {} ms",
                path.display(),
                size(bytes.len()),
                started.elapsed().as_millis()
            );
            true
        }
        Err(e) => {
            eprintln!("error: kan {} niet schrijven: {e}", path.display());
            false
        }
    }
}

fn size(bytes: usize) -> String {
    if bytes >= 1024 * 1024 {
        format!(
            "{},{} MB",
            bytes / (1024 * 1024),
            (bytes % (1024 * 1024)) * 10 / (1024 * 1024)
        )
    } else {
        format!("{} kB", bytes.div_ceil(1024))
    }
}

/// Why `build --final` refuses: the plan's status and every open value.
pub fn final_refusal(plan: &Plan) -> String {
    let mut out = String::from("error: het plan kan nog niet definitief worden gebouwd\n");
    if plan.meta.status != crate::model::Status::Definitief {
        out.push_str("  - status in plan.toml is \"concept\"\n");
    }
    if !plan.open_items.is_empty() {
        out.push_str(&format!(
            "  - {} waarden zijn nog open:\n",
            plan.open_items.len()
        ));
        for o in &plan.open_items {
            out.push_str(&format!("      {}  {}\n", o.place, o.what));
        }
    }
    out.push_str("  = hint: vul de open waarden in en zet status = \"definitief\"; zonder --final wordt een concept gebouwd\n");
    out
}

/// The plan's date: the publication date, else SOURCE_DATE_EPOCH, else the
/// first day of the plan period. Never the clock. The flag says whether the
/// date came from the sources.
pub fn plan_date(plan: &Plan) -> (chrono::NaiveDate, bool) {
    if let Some(d) = plan.meta.publication_date {
        return (d, true);
    }
    let from_env = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|secs| chrono::DateTime::from_timestamp(secs, 0))
        .map(|dt| dt.date_naive());
    let fallback = chrono::NaiveDate::from_ymd_opt(plan.meta.period_from, 1, 1)
        .unwrap_or_else(|| chrono::NaiveDate::from_ymd_opt(2000, 1, 1).expect("valid date"));
    (from_env.unwrap_or(fallback), false)
}

/// A stable id for the PDF: the same plan keeps it, another plan differs.
pub fn ident(plan: &Plan) -> String {
    format!(
        "uitvoeringsplan/{}/{}/{}/{}-{}",
        plan.meta.organisation,
        plan.meta.region,
        plan.meta.title,
        plan.meta.period_from,
        plan.meta.period_to
    )
}

/// The default output folder.
pub fn default_out() -> PathBuf {
    PathBuf::from("out")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_cover_the_section_file_or_every_file() {
        let (_, _, set) = crate::load_plan(Path::new("sources"), "sources");
        let flevoland = &set.texts["sources/districten/flevoland.toml"];
        assert_eq!(
            fingerprint(&set, Some("flevoland")),
            crate::source::fingerprint(&[flevoland])
        );
        let theme = &set.texts["sources/themas/mensenhandel.toml"];
        assert_eq!(
            fingerprint(&set, Some("mensenhandel")),
            crate::source::fingerprint(&[theme])
        );
        let every: Vec<&str> = set.texts.values().map(String::as_str).collect();
        assert!(every.len() > 10);
        assert_eq!(fingerprint(&set, None), crate::source::fingerprint(&every));
        assert_ne!(
            fingerprint(&set, None),
            fingerprint(&set, Some("flevoland"))
        );
    }
}

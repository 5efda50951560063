//! `uitvoeringsplan status`: the editors' to-do list for a plan round. One
//! row per part of the plan (plan, bestuur, each district and theme,
//! organisatie, begroting, resultaten) with its open values, errors and
//! warnings; with `--exports DIR` the state of each section's DOCX there
//! (exported and the sources unchanged since, the sources changed since, or
//! imported); a last line says what blocks `build --final`. `--json` gives
//! the same for scripts. Reads only: it writes nothing.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde::Serialize;

use crate::cli::StatusArgs;
use crate::diag::{Report, Severity};
use crate::error::Error;
use crate::import::{document, package};
use crate::input::read_limited;
use crate::render::docx::{PROP_FINGERPRINT, PROP_SECTION};
use crate::source::{DISTRICT_DIR, SourceSet, THEME_DIR};

/// How many open values a row names (the rest are counted).
const NAMED_OPEN: usize = 3;

/// Most DOCX files looked at in an exports folder.
const MAX_EXPORTS: usize = 1000;

pub fn run(args: &StatusArgs) -> Result<ExitCode, Error> {
    if !args.sources.is_dir() {
        // `check`'s own message for a missing folder.
        let shown = args.sources.to_string_lossy().into_owned();
        let (_, report, _) = crate::load_plan(&args.sources, &shown);
        return Err(Error::sources(
            report.render(),
            "status: de bronnenmap ontbreekt",
        ));
    }
    if let Some(dir) = &args.exports
        && !dir.is_dir()
    {
        return Err(Error::input(format!("de exportmap {} bestaat niet", dir.display()))
            .with_hint("geef met --exports de map met de DOCX-bestanden van `build --format docx --section all` (standaard out/)"));
    }
    let status = status(&args.sources, args.exports.as_deref());
    if args.json {
        // Serialising plain structs of strings and numbers cannot fail.
        crate::say!(
            "{}",
            serde_json::to_string_pretty(&status).unwrap_or_default()
        );
    } else {
        crate::console::write_out(format_args!("{}", render(&status)));
    }
    Ok(ExitCode::SUCCESS)
}

/// The state of a plan round.
#[derive(Debug, Serialize)]
pub struct Status {
    pub parts: Vec<Part>,
    /// Problems in files that belong to no part (stray files, images).
    pub elsewhere: Counts,
    /// What blocks `build --final` (empty when nothing does).
    pub blocks_final: Vec<String>,
    /// Whether an exports folder was looked at.
    pub exports_checked: bool,
}

/// One part of the plan and its file.
#[derive(Debug, Serialize)]
pub struct Part {
    /// `plan`, `bestuur`, `district`, `thema`, `organisatie`, `begroting`, `resultaten`.
    pub kind: &'static str,
    /// The district's or theme's id; the kind for the single files.
    pub id: String,
    /// The source file, as shown.
    pub file: String,
    /// Every open value, in file order.
    pub open: Vec<String>,
    pub errors: usize,
    pub warnings: usize,
    /// The section's DOCX in the exports folder (districts and themes,
    /// with `--exports`); `None` for the other parts or without `--exports`.
    pub export: Option<Export>,
}

#[derive(Debug, Default, Serialize)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
}

/// A section's export, as found in the exports folder.
#[derive(Debug, Serialize)]
pub struct Export {
    pub state: ExportState,
    /// The newest DOCX of the section (when there is one).
    pub file: Option<String>,
    /// How many DOCX files of this section the folder holds.
    pub documents: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ExportState {
    /// No DOCX of this section in the folder.
    Missing,
    /// Exported, and the sources have not changed since.
    Exported,
    /// The section's source changed since the export: its import would be
    /// refused without `--force`.
    SourcesChanged,
    /// This document was imported.
    Imported,
}

impl ExportState {
    fn words(self) -> &'static str {
        match self {
            ExportState::Missing => "geen export",
            ExportState::Exported => "geëxporteerd",
            ExportState::SourcesChanged => "bron gewijzigd sinds export",
            ExportState::Imported => "ingelezen",
        }
    }
}

/// Works out the status of the sources in `sources` and, when given, of
/// the section DOCX files in `exports`.
pub fn status(sources: &Path, exports: Option<&Path>) -> Status {
    let shown = sources.to_string_lossy().into_owned();
    let (plan, report, set) = crate::load_plan(sources, &shown);
    let mut parts = parts(&set, &shown);
    let mut elsewhere = Counts::default();
    count_problems(&report, &mut parts, &mut elsewhere);
    for (place, what) in &report.open {
        let file = place.rsplit_once(':').map_or(place.as_str(), |(f, _)| f);
        if let Some(part) = parts.iter_mut().find(|p| p.file == file) {
            part.open.push(what.clone());
        }
    }
    if let Some(dir) = exports {
        let documents = find_exports(dir);
        for part in parts
            .iter_mut()
            .filter(|p| matches!(p.kind, "district" | "thema"))
        {
            part.export = Some(export_state(sources, &set, &part.id, &documents));
        }
    }
    let mut blocks_final = Vec::new();
    let errors = report.errors();
    if errors > 0 {
        blocks_final.push(format!(
            "{errors} {} in de bronnen",
            if errors == 1 { "fout" } else { "fouten" }
        ));
    }
    if plan
        .as_ref()
        .is_some_and(|p| p.meta.status != crate::model::Status::Definitief)
    {
        blocks_final.push("status in plan.toml is \"concept\"".to_string());
    }
    let open = report.open.len();
    if open > 0 {
        let within = parts.iter().filter(|p| !p.open.is_empty()).count();
        blocks_final.push(format!(
            "{open} open {} in {within} {}",
            if open == 1 { "waarde" } else { "waarden" },
            if within == 1 {
                "onderdeel"
            } else {
                "onderdelen"
            }
        ));
    }
    Status {
        parts,
        elsewhere,
        blocks_final,
        exports_checked: exports.is_some(),
    }
}

/// The parts in the plan's order, each with its file as shown.
fn parts(set: &SourceSet, shown: &str) -> Vec<Part> {
    let single = |kind: &'static str| Part {
        kind,
        id: kind.to_string(),
        file: format!("{shown}/{kind}.toml"),
        open: Vec::new(),
        errors: 0,
        warnings: 0,
        export: None,
    };
    let section = |kind: &'static str, dir: &str, id: &String| Part {
        id: id.clone(),
        file: format!("{shown}/{dir}/{id}.toml"),
        ..single(kind)
    };
    let mut out = vec![single("plan"), single("bestuur")];
    out.extend(
        set.district_ids
            .iter()
            .map(|id| section("district", DISTRICT_DIR, id)),
    );
    out.extend(
        set.theme_ids
            .iter()
            .map(|id| section("thema", THEME_DIR, id)),
    );
    out.extend(["organisatie", "begroting", "resultaten"].map(single));
    out
}

/// Errors and warnings per part, by the file they are in.
fn count_problems(report: &Report, parts: &mut [Part], elsewhere: &mut Counts) {
    let mut add = |file: &str, severity: Severity, n: usize| {
        let file = strip_place(file);
        let counts = match parts.iter_mut().find(|p| p.file == file) {
            Some(p) => (&mut p.errors, &mut p.warnings),
            None => (&mut elsewhere.errors, &mut elsewhere.warnings),
        };
        match severity {
            Severity::Error => *counts.0 += n,
            Severity::Warning => *counts.1 += n,
        }
    };
    for d in &report.diagnostics {
        add(&d.file, d.severity, 1);
    }
    for ((file, severity), n) in &report.hidden {
        add(file, *severity, *n);
    }
}

/// `sources/plan.toml:3:7` → `sources/plan.toml` (a few messages carry
/// their place in the file name).
fn strip_place(file: &str) -> &str {
    let mut f = file;
    for _ in 0..2 {
        if let Some((head, tail)) = f.rsplit_once(':')
            && !tail.is_empty()
            && tail.bytes().all(|b| b.is_ascii_digit())
        {
            f = head;
        }
    }
    f
}

/// A section DOCX found in the exports folder.
struct Document {
    path: PathBuf,
    section: String,
    fingerprint: String,
    bytes: Vec<u8>,
    modified: Option<std::time::SystemTime>,
}

/// Every DOCX in `dir` that is a section export of this tool (others are
/// passed over), newest first.
fn find_exports(dir: &Path) -> Vec<Document> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("docx"))
                // Word's lock files (`~$naam.docx`) are not documents.
                && !p
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with("~$"))
        })
        .collect();
    paths.sort();
    paths.truncate(MAX_EXPORTS);
    let mut out: Vec<Document> = paths
        .into_iter()
        .filter_map(|path| {
            let bytes = read_limited(&path, package::MAX_FILE_BYTES).ok()?;
            let props = document::custom_properties(&package::open(&bytes).ok()?);
            let section = props.get(PROP_SECTION)?.clone();
            let fingerprint = props.get(PROP_FINGERPRINT).cloned().unwrap_or_default();
            let modified = std::fs::metadata(&path).and_then(|m| m.modified()).ok();
            Some(Document {
                path,
                section,
                fingerprint,
                bytes,
                modified,
            })
        })
        .collect();
    // Newest first; the same time in name order.
    out.sort_by_key(|d| std::cmp::Reverse(d.modified));
    out
}

/// The state of a section's newest DOCX.
fn export_state(sources: &Path, set: &SourceSet, id: &str, documents: &[Document]) -> Export {
    let mine: Vec<&Document> = documents.iter().filter(|d| d.section == id).collect();
    let Some(newest) = mine.first() else {
        return Export {
            state: ExportState::Missing,
            file: None,
            documents: 0,
        };
    };
    let state = if crate::backups::was_imported(sources, id, &newest.bytes) {
        ExportState::Imported
    } else if newest.fingerprint == set.section_fingerprint(Some(id)) {
        ExportState::Exported
    } else {
        ExportState::SourcesChanged
    };
    Export {
        state,
        file: Some(newest.path.display().to_string()),
        documents: mine.len(),
    }
}

/// Longest open value named in a row, in characters.
const NAME_CHARS: usize = 40;

/// An open value's name cut to [`NAME_CHARS`].
fn short(what: &str) -> String {
    if what.chars().count() <= NAME_CHARS {
        return what.to_string();
    }
    let cut: String = what.chars().take(NAME_CHARS - 1).collect();
    format!("{}…", cut.trim_end())
}

/// The status as aligned columns and the line about `build --final`.
pub fn render(status: &Status) -> String {
    let mut header = vec!["onderdeel", "fouten", "waarschuwingen", "open"];
    if status.exports_checked {
        header.push("export");
    }
    header.push("eerste open waarden");
    let mut rows: Vec<Vec<String>> = vec![header.iter().map(|s| s.to_string()).collect()];
    for p in &status.parts {
        let name = match p.kind {
            "district" | "thema" => format!("{} {}", p.kind, p.id),
            _ => p.id.clone(),
        };
        let mut row = vec![
            name,
            p.errors.to_string(),
            p.warnings.to_string(),
            p.open.len().to_string(),
        ];
        if status.exports_checked {
            row.push(match &p.export {
                Some(e) if e.documents > 1 => {
                    format!("{} ({} documenten)", e.state.words(), e.documents)
                }
                Some(e) => e.state.words().to_string(),
                None => String::new(),
            });
        }
        let mut named: Vec<String> = p.open.iter().take(NAMED_OPEN).map(|w| short(w)).collect();
        if p.open.len() > NAMED_OPEN {
            named.push(format!("… en nog {}", p.open.len() - NAMED_OPEN));
        }
        row.push(named.join("; "));
        rows.push(row);
    }
    if status.elsewhere.errors + status.elsewhere.warnings > 0 {
        let mut row = vec![
            "overige bestanden".to_string(),
            status.elsewhere.errors.to_string(),
            status.elsewhere.warnings.to_string(),
            String::new(),
        ];
        if status.exports_checked {
            row.push(String::new());
        }
        row.push(String::new());
        rows.push(row);
    }
    let columns = rows[0].len();
    let widths: Vec<usize> = (0..columns)
        .map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0))
        .collect();
    // Names and words to the left, numbers to the right.
    let numeric = |c: usize| (1..=3).contains(&c);
    let mut out = String::new();
    for row in &rows {
        let mut line = String::new();
        for (c, cell) in row.iter().enumerate() {
            if c > 0 {
                line.push_str("  ");
            }
            let pad = widths[c] - cell.chars().count();
            if numeric(c) {
                line.push_str(&" ".repeat(pad));
                line.push_str(cell);
            } else if c + 1 < columns {
                line.push_str(cell);
                line.push_str(&" ".repeat(pad));
            } else {
                line.push_str(cell);
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    if status.blocks_final.is_empty() {
        out.push_str("build --final: niets houdt het tegen\n");
    } else {
        out.push_str(&format!(
            "build --final: geweigerd zolang: {}\n",
            status.blocks_final.join("; ")
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_final_plan_says_nothing_blocks() {
        let status = Status {
            parts: Vec::new(),
            elsewhere: Counts::default(),
            blocks_final: Vec::new(),
            exports_checked: false,
        };
        assert_eq!(
            render(&status),
            "onderdeel  fouten  waarschuwingen  open  eerste open waarden\nbuild --final: niets houdt het tegen\n"
        );
    }

    #[test]
    fn places_are_cut_from_file_names() {
        assert_eq!(strip_place("sources/plan.toml:3:7"), "sources/plan.toml");
        assert_eq!(strip_place("sources/plan.toml"), "sources/plan.toml");
        assert_eq!(short(&"x".repeat(50)).chars().count(), NAME_CHARS);
    }
}

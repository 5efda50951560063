//! Reading `sources/` into the serde types of `types`, with every problem
//! located: which files exist, their encoding, their TOML, their ids.

pub mod images;
pub mod next_period;
pub mod parse;
pub mod types;
pub mod values;
pub mod write;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use crate::diag::{Diagnostic, Report};
use crate::input::{self, ReadError};
use types::{
    BoardFile, BudgetFile, DistrictFile, OrganisationFile, PlanFile, ResultsFile, ThemeFile,
};

/// Largest source file accepted, in bytes.
pub const MAX_FILE_BYTES: u64 = 2 * 1024 * 1024;

/// The folder of district files.
pub const DISTRICT_DIR: &str = "districten";
/// The folder of theme files.
pub const THEME_DIR: &str = "themas";

/// One parsed file: its id (file stem), its name as shown and its content.
#[derive(Debug, Clone)]
pub struct Loaded<T> {
    pub id: String,
    pub file: String,
    pub path: PathBuf,
    pub data: T,
}

/// Everything read from a sources folder. A file that failed to load is absent.
#[derive(Debug, Clone, Default)]
pub struct SourceSet {
    pub root: PathBuf,
    pub plan: Option<Loaded<PlanFile>>,
    pub board: Option<Loaded<BoardFile>>,
    pub organisation: Option<Loaded<OrganisationFile>>,
    pub budget: Option<Loaded<BudgetFile>>,
    pub results: Option<Loaded<ResultsFile>>,
    pub districts: Vec<Loaded<DistrictFile>>,
    pub themes: Vec<Loaded<ThemeFile>>,
    /// Raw text of every file read, by shown name (for fingerprints and import).
    pub texts: BTreeMap<String, String>,
    /// Ids of every district file present, also those that failed to load.
    pub district_ids: Vec<String>,
    /// Ids of every theme file present, also those that failed to load.
    pub theme_ids: Vec<String>,
    /// Every image the sources refer to and that passed its checks, by path.
    pub images: BTreeMap<String, images::ImageFile>,
}

/// The single files every plan has, with the folder-less id each one takes.
const SINGLE_FILES: [&str; 5] = ["plan", "bestuur", "organisatie", "begroting", "resultaten"];

impl SourceSet {
    /// A report that can show the lines of every file read.
    pub fn report(&self) -> Report {
        let mut report = Report::default();
        for (file, text) in &self.texts {
            report.add_text(file, text);
        }
        report
    }

    /// The same sources with the file of a district or theme (by shown
    /// name) holding `text` instead, parsed as that file is: what a new
    /// text would make of the plan, without writing it. The problems of
    /// the text when it does not parse; `None` when no district or theme
    /// lives in `file`.
    pub fn with_section_text(
        &self,
        file: &str,
        text: &str,
    ) -> Option<Result<SourceSet, Vec<Diagnostic>>> {
        fn replace<T: DeserializeOwned>(
            sections: &mut [Loaded<T>],
            file: &str,
            text: &str,
        ) -> Option<Result<(), Vec<Diagnostic>>> {
            let section = sections.iter_mut().find(|s| s.file == file)?;
            Some(match parse::parse_toml::<T>(file, text) {
                (Some(data), _) => {
                    section.data = data;
                    Ok(())
                }
                (None, problems) => Err(problems),
            })
        }
        let mut set = self.clone();
        let replaced = replace(&mut set.districts, file, text)
            .or_else(|| replace(&mut set.themes, file, text))
            .or_else(|| replace(set.results.as_mut_slice(), file, text))?;
        set.texts.insert(file.to_string(), text.to_string());
        Some(replaced.map(|()| set))
    }

    /// The shown name of the file a district or theme lives in.
    pub fn section_file(&self, id: &str) -> Option<&str> {
        self.districts
            .iter()
            .map(|d| (&d.id, &d.file))
            .chain(self.themes.iter().map(|t| (&t.id, &t.file)))
            .find(|(i, _)| i.as_str() == id)
            .map(|(_, file)| file.as_str())
    }

    /// The fingerprint a DOCX export records: of the section's file, or of
    /// every source file (in name order) for the whole plan.
    pub fn section_fingerprint(&self, section: Option<&str>) -> String {
        let texts: Vec<&str> = match section {
            None => self.texts.values().map(String::as_str).collect(),
            Some(id) => self
                .section_file(id)
                .and_then(|f| self.texts.get(f))
                .map(String::as_str)
                .into_iter()
                .collect(),
        };
        fingerprint(&texts)
    }
}

/// Loads every source file under `root`, reporting all problems in `report`.
/// `shown_root` is how the folder is named in messages (as the user typed it).
pub fn load(root: &Path, shown_root: &str, report: &mut Report) -> SourceSet {
    let mut set = SourceSet {
        root: root.to_path_buf(),
        ..SourceSet::default()
    };
    let shown = |rel: &str| {
        if shown_root.is_empty() || shown_root == "." {
            rel.to_string()
        } else {
            format!("{}/{rel}", shown_root.trim_end_matches('/'))
        }
    };
    if !root.is_dir() {
        report.push(
            Diagnostic::error(
                &shown(""),
                None,
                "de bronnenmap bestaat niet of is geen map",
            )
            .with_hint("geef de map met plan.toml op met --sources DIR"),
        );
        return set;
    }

    // Which section ids exist, and where: ids must be unique across folders.
    let mut ids: BTreeMap<String, String> = BTreeMap::new();
    let mut claim = |id: &str, file: &str, report: &mut Report| -> bool {
        if let Some(first) = ids.get(id) {
            report.push(
                Diagnostic::error(file, None, format!("onderdeel-id `{id}` bestaat al: {first}"))
                    .with_hint("elke bestandsnaam (zonder .toml) komt in de bronnen maar één keer voor; hernoem een van beide"),
            );
            return false;
        }
        ids.insert(id.to_string(), file.to_string());
        true
    };

    for name in SINGLE_FILES {
        let rel = format!("{name}.toml");
        let file = shown(&rel);
        let path = root.join(&rel);
        if !path.exists() {
            report.push(
                Diagnostic::error(&file, None, "bestand ontbreekt").with_hint(format!(
                    "maak {rel} aan; zie sources/README.md voor een voorbeeld"
                )),
            );
            continue;
        }
        claim(name, &file, report);
        match name {
            "plan" => set.plan = read_one(root, &path, name, &file, report, &mut set.texts),
            "bestuur" => set.board = read_one(root, &path, name, &file, report, &mut set.texts),
            "organisatie" => {
                set.organisation = read_one(root, &path, name, &file, report, &mut set.texts)
            }
            "begroting" => set.budget = read_one(root, &path, name, &file, report, &mut set.texts),
            _ => set.results = read_one(root, &path, name, &file, report, &mut set.texts),
        }
    }

    for (dir, is_district) in [(DISTRICT_DIR, true), (THEME_DIR, false)] {
        let dir_path = root.join(dir);
        if !dir_path.is_dir() {
            report.push(
                Diagnostic::error(&shown(&format!("{dir}/")), None, "map ontbreekt").with_hint(
                    format!("maak de map {dir}/ aan met één .toml-bestand per onderdeel"),
                ),
            );
            continue;
        }
        for (stem, rel) in toml_files(&dir_path, dir) {
            let file = shown(&rel);
            if !valid_id(&stem) {
                report.push(
                    Diagnostic::error(&file, None, format!("`{stem}` is geen geldige id"))
                        .with_hint(
                            "gebruik kleine letters, cijfers en streepjes, zoals west-utrecht.toml",
                        ),
                );
                continue;
            }
            if !claim(&stem, &file, report) {
                continue;
            }
            let path = root.join(&rel);
            if is_district {
                set.district_ids.push(stem.clone());
            } else {
                set.theme_ids.push(stem.clone());
            }
            if is_district {
                if let Some(d) = read_one(root, &path, &stem, &file, report, &mut set.texts) {
                    set.districts.push(d);
                }
            } else if let Some(t) = read_one(root, &path, &stem, &file, report, &mut set.texts) {
                set.themes.push(t);
            }
        }
    }

    // Images: checked once here; the renderers embed only these.
    let figures: Vec<(String, &types::Figure)> = set
        .districts
        .iter()
        .flat_map(|d| d.data.figures.iter().map(move |f| (d.file.clone(), f)))
        .chain(
            set.themes
                .iter()
                .flat_map(|t| t.data.figures.iter().map(move |f| (t.file.clone(), f))),
        )
        .collect();
    let mut images = BTreeMap::new();
    for (file, figure) in figures {
        let rel = figure.file.get_ref();
        if images.contains_key(rel) {
            continue;
        }
        match images::load(root, rel) {
            Ok(img) => {
                images.insert(rel.clone(), img);
            }
            Err(e) => report.push(e.into_diagnostic(&file, Some(figure.file.span()))),
        }
    }
    set.images = images;

    // Stray TOML files at the top level are probably misplaced.
    for (stem, rel) in toml_files(root, "") {
        if !SINGLE_FILES.contains(&stem.as_str()) {
            let file = shown(&rel);
            let mut d = Diagnostic::error(&file, None, "onbekend bronbestand");
            let names: Vec<String> = SINGLE_FILES.iter().map(|s| s.to_string()).collect();
            d = match parse::closest(&stem, &names) {
                Some(best) => d.with_hint(format!("bedoel je {best}.toml? districten en thema's horen in {DISTRICT_DIR}/ en {THEME_DIR}/")),
                None => d.with_hint(format!("districten horen in {DISTRICT_DIR}/, thema's in {THEME_DIR}/")),
            };
            report.push(d);
        }
    }
    set
}

/// The `.toml` files directly in `dir`, sorted, as (stem, path relative to the root).
fn toml_files(dir: &Path, rel_dir: &str) -> Vec<(String, String)> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<(String, String)> = entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            if is_leftover(&name) {
                return None;
            }
            let stem = name.strip_suffix(".toml")?.to_string();
            let rel = if rel_dir.is_empty() {
                name.clone()
            } else {
                format!("{rel_dir}/{name}")
            };
            Some((stem, rel))
        })
        .collect();
    out.sort();
    out
}

/// Names that are never sources: hidden files (`.#plan.toml` of Emacs,
/// `._plan.toml` of macOS, `.DS_Store`, our own temporary files) and
/// editors' and office programs' leftovers: backups (`plan.toml~`), swap
/// files (`.swp`, `.swx`), Vim's probe file `4913`, Office's owner files
/// (`~$plan.docx`), Emacs' autosave files (`#plan.toml#`) and `Thumbs.db`.
pub fn is_leftover(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with("~$")
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name == "4913"
        || (name.starts_with('#') && name.ends_with('#'))
        || name.eq_ignore_ascii_case("thumbs.db")
}

/// An id is lowercase letters, digits and dashes.
pub fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn read_one<T: DeserializeOwned>(
    root: &Path,
    path: &Path,
    id: &str,
    file: &str,
    report: &mut Report,
    texts: &mut BTreeMap<String, String>,
) -> Option<Loaded<T>> {
    if !inside_root(root, path, file, report) {
        return None;
    }
    let text = read_text(path, file, report)?;
    report.add_text(file, &text);
    texts.insert(file.to_string(), text.clone());
    let (data, problems) = parse::parse_toml::<T>(file, &text);
    report.extend(problems);
    Some(Loaded {
        id: id.to_string(),
        file: file.to_string(),
        path: path.to_path_buf(),
        data: data?,
    })
}

/// A source file must lie inside the sources folder, also when reached
/// through a symlink (a link to another file inside is fine), as images
/// must: whoever can put a file in `sources/` cannot make the tool read,
/// print or import into a file elsewhere.
fn inside_root(root: &Path, path: &Path, file: &str, report: &mut Report) -> bool {
    let (Ok(root), Ok(real)) = (root.canonicalize(), path.canonicalize()) else {
        // Not there (a dangling link): reading it says so.
        return true;
    };
    if real.starts_with(&root) {
        return true;
    }
    report.push(
        Diagnostic::error(file, None, "dit bestand verwijst naar een bestand buiten de bronnenmap")
            .with_hint("kopieer het bestand in de bronnenmap in plaats van een snelkoppeling (symlink) te gebruiken"),
    );
    false
}

/// Reads a source file as UTF-8 text, refusing what is not a usable text
/// file: not a regular file (a FIFO, a device, a folder), too large, not
/// UTF-8, empty.
pub fn read_text(path: &Path, file: &str, report: &mut Report) -> Option<String> {
    let bytes = match input::read_limited(path, MAX_FILE_BYTES) {
        Ok(b) => b,
        Err(ReadError::TooLarge(size)) => {
            report.push(
                Diagnostic::error(
                    file,
                    None,
                    format!("bestand is te groot ({size} bytes; hoogstens {MAX_FILE_BYTES})"),
                )
                .with_hint("splits de inhoud of controleer of dit wel een bronbestand is"),
            );
            return None;
        }
        Err(ReadError::NotRegular(kind)) => {
            report.push(
                Diagnostic::error(file, None, format!("dit is geen gewoon bestand maar {kind}"))
                    .with_hint("een bronbestand is een gewoon tekstbestand; zet er een .toml-bestand voor in de plaats of verwijder het"),
            );
            return None;
        }
        Err(e) => {
            report.push(Diagnostic::error(
                file,
                None,
                format!("kan het bestand niet lezen: {}", e.reason(MAX_FILE_BYTES)),
            ));
            return None;
        }
    };
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        report.push(
            Diagnostic::error(file, None, "bestand is leeg")
                .with_hint("vul het bestand aan; zie sources/README.md voor een voorbeeld"),
        );
        return None;
    }
    match String::from_utf8(bytes) {
        Ok(text) => Some(
            text.strip_prefix('\u{feff}')
                .map(str::to_string)
                .unwrap_or(text),
        ),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let valid = String::from_utf8_lossy(&e.as_bytes()[..at]).into_owned();
            let (line, col) = crate::diag::line_col(&valid, at);
            report.push(
                Diagnostic::error(
                    &format!("{file}:{line}:{col}"),
                    None,
                    format!("bestand is geen UTF-8 (ongeldige byte 0x{:02X})", e.as_bytes()[at]),
                )
                .with_hint("sla het bestand op als UTF-8 (in de meeste editors: Opslaan als → codering UTF-8)"),
            );
            None
        }
    }
}

/// A stable fingerprint of source texts: 64-bit FNV-1a over their bytes,
/// each text followed by a 0xFF byte (never part of UTF-8, so the boundaries
/// count), as 16 lowercase hex digits. The same texts always give the same
/// fingerprint, on every platform and in every version.
pub fn fingerprint(texts: &[&str]) -> String {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut hash = OFFSET;
    for text in texts {
        for &b in text.as_bytes().iter().chain(&[0xFF]) {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(PRIME);
        }
    }
    format!("{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprint_is_fnv1a_and_stable() {
        // FNV-1a of the empty input is the offset basis; of "a" + 0xFF, fixed.
        assert_eq!(fingerprint(&[]), "cbf29ce484222325");
        assert_eq!(fingerprint(&["a"]), fingerprint(&["a"]));
        assert_eq!(fingerprint(&["a"]).len(), 16);
        // Known FNV-1a 64 value of "a" (0xaf63dc4c8601ec8c), then one more byte.
        let after_a: u64 = 0xaf63_dc4c_8601_ec8c;
        let expected = (after_a ^ 0xFF).wrapping_mul(0x100000001b3);
        assert_eq!(fingerprint(&["a"]), format!("{expected:016x}"));
        // Boundaries count; order counts.
        assert_ne!(fingerprint(&["ab", "c"]), fingerprint(&["a", "bc"]));
        assert_ne!(fingerprint(&["a", "b"]), fingerprint(&["b", "a"]));
        assert_ne!(fingerprint(&["a\n"]), fingerprint(&["a"]));
    }

    #[test]
    fn fingerprints_cover_the_section_file_or_every_file() {
        let (_, _, set) = crate::load_plan(std::path::Path::new("sources"), "sources");
        let flevoland = &set.texts["sources/districten/flevoland.toml"];
        assert_eq!(
            set.section_fingerprint(Some("flevoland")),
            fingerprint(&[flevoland])
        );
        let theme = &set.texts["sources/themas/mensenhandel.toml"];
        assert_eq!(
            set.section_fingerprint(Some("mensenhandel")),
            fingerprint(&[theme])
        );
        let every: Vec<&str> = set.texts.values().map(String::as_str).collect();
        assert!(every.len() > 10);
        assert_eq!(set.section_fingerprint(None), fingerprint(&every));
        assert_ne!(
            set.section_fingerprint(None),
            set.section_fingerprint(Some("flevoland"))
        );
    }
}

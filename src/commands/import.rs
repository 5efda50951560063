//! `uitvoeringsplan import`: bring revised DOCX sections back into their
//! source files, printing what changed field by field; `--dry-run` writes
//! nothing. Several files are imported one by one, each on its own (a
//! refused one writes nothing and stops none of the others), with a line
//! per file at the end.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::cli::ImportArgs;
use crate::error::Error;
use crate::format::file_size;
use crate::import::sheet;
use crate::import::{self, Options};
use crate::input::{ReadError, read_limited};
use crate::lock;
use crate::output::write_atomic;
use crate::render::view;
use crate::source::SourceSet;

pub fn run(args: &ImportArgs) -> Result<ExitCode, Error> {
    let [file] = args.files.as_slice() else {
        return Ok(run_batch(args));
    };
    import(args, file)
        .map(|_| ExitCode::SUCCESS)
        .map_err(|e| e.with_outcome("import: niets geschreven"))
}

/// Every file on its own; a refusal is printed where it happens, and the
/// run ends with a line per file.
fn run_batch(args: &ImportArgs) -> ExitCode {
    let mut results = Vec::with_capacity(args.files.len());
    for file in &args.files {
        let result = import(args, file);
        match &result {
            Err(e) => eprintln!(
                "{}",
                e.clone()
                    .with_outcome(format!("import: {}: niets geschreven", file.display()))
                    .render()
            ),
            Ok(_) => crate::say!(),
        }
        results.push((file, result));
    }
    crate::console::write_out(format_args!("{}", batch_summary(&results, args.dry_run)));
    if results.iter().any(|(_, r)| r.is_err()) {
        ExitCode::from(super::EXIT_INPUT_ERROR)
    } else {
        ExitCode::SUCCESS
    }
}

/// What one file's import did, for the summary of a batch.
#[derive(Debug)]
struct Imported {
    /// The district or theme.
    section: String,
    /// How many fields changed.
    changed: usize,
}

/// The section a refused document says it holds, when it can be read.
fn section_of(file: &Path) -> Option<String> {
    if sheet::read::Kind::of(&file.to_string_lossy()).is_some() {
        return Some("resultaten".to_string());
    }
    let bytes = read_limited(file, MAX_DOCX_BYTES).ok()?;
    let package = import::package::open(&bytes).ok()?;
    import::document::custom_properties(&package)
        .get(crate::render::docx::PROP_SECTION)
        .filter(|s| s.as_str() != crate::render::docx::WHOLE_PLAN)
        .cloned()
}

/// `import: 3 bestanden: 2 ingelezen, 1 geweigerd` and a row per file:
/// the file, its section, what changed or why it was refused.
fn batch_summary(results: &[(&PathBuf, Result<Imported, Error>)], dry_run: bool) -> String {
    let refused = results.iter().filter(|(_, r)| r.is_err()).count();
    let mut out = format!(
        "import: {} bestanden: {} ingelezen, {refused} geweigerd{}\n",
        results.len(),
        results.len() - refused,
        if dry_run {
            " (--dry-run: niets geschreven)"
        } else {
            ""
        }
    );
    let rows: Vec<[String; 3]> = results
        .iter()
        .map(|(file, r)| {
            let (section, what) = match r {
                Ok(i) if i.changed == 0 => (i.section.clone(), "geen wijzigingen".to_string()),
                Ok(i) => {
                    let fields = if i.changed == 1 { "veld" } else { "velden" };
                    let done = if dry_run {
                        "zou veranderen"
                    } else {
                        "gewijzigd"
                    };
                    (i.section.clone(), format!("{} {fields} {done}", i.changed))
                }
                Err(e) => (
                    section_of(file).unwrap_or_else(|| "–".to_string()),
                    format!("geweigerd: {}", e.message()),
                ),
            };
            [file.display().to_string(), section, what]
        })
        .collect();
    let width = |c: usize| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0);
    let (w0, w1) = (width(0), width(1));
    for [file, section, what] in rows {
        out.push_str(&format!("  {file:<w0$}  {section:<w1$}  {what}\n"));
    }
    out
}

fn refusal(message: impl Into<String>, hint: impl Into<String>) -> Error {
    Error::input(message).with_hint(hint)
}

/// The sources an import writes into, loaded; refused while they have
/// errors (an import could not update them safely).
fn sources_without_errors(args: &ImportArgs) -> Result<(crate::model::Plan, SourceSet), Error> {
    let shown = args.sources.to_string_lossy().into_owned();
    let (plan, report, set) = crate::load_plan(&args.sources, &shown);
    match plan {
        Some(plan) => Ok((plan, set)),
        None => Err(refusal(
            "de bronnen bevatten fouten; een import zou ze niet veilig kunnen bijwerken",
            "los eerst de fouten op (`uitvoeringsplan check`)",
        )
        .after(report.render())),
    }
}

fn import(args: &ImportArgs, docx: &Path) -> Result<Imported, Error> {
    if let Some(kind) = sheet::read::Kind::of(&docx.to_string_lossy()) {
        return import_sheet(args, docx, kind);
    }
    let (plan, set) = sources_without_errors(args)?;
    let bytes = read_input(docx, Input::Docx)?;
    let (date, from_sources) = view::plan_date(&plan);
    let view = view::view(&plan, date, from_sources);
    let opts = Options {
        dry_run: args.dry_run,
        accept_changes: args.accept_changes,
        force: args.force,
    };
    let outcome = contained(|| import::plan_import(&bytes, &plan, &set, &view, opts))?;

    crate::say!("import: {} → {}", docx.display(), outcome.file);
    let imported = Imported {
        section: Path::new(&outcome.file)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default(),
        changed: outcome.changes.len(),
    };
    if outcome.accepted > 0 {
        let noun = if outcome.accepted == 1 {
            "bijgehouden wijziging"
        } else {
            "bijgehouden wijzigingen"
        };
        crate::say!("  {} {noun} geaccepteerd", outcome.accepted);
    }
    for (field, what) in &outcome.changes {
        crate::say!("  {field}: {what}");
    }
    for c in &outcome.comments {
        let author = if c.author.is_empty() {
            "onbekend"
        } else {
            &c.author
        };
        if c.anchor.trim().is_empty() {
            crate::say!("  opmerking van {author}: {}", c.text);
        } else {
            crate::say!("  opmerking van {author} bij \"{}\": {}", c.anchor, c.text);
        }
    }
    if !outcome.comments.is_empty() {
        crate::say!("  (opmerkingen worden niet in de bronnen opgenomen; verwerk ze zelf)");
    }
    if finish(args, &set, &outcome.file, outcome.new_text.as_deref())? {
        note_import(args, &imported.section, &bytes);
    }
    Ok(imported)
}

/// A results spreadsheet (`.xlsx`, `.ods`, `.csv`) into `resultaten.toml`:
/// every changed value old → new, then (unless `--dry-run`) checked,
/// backed up and written, as a DOCX section is.
fn import_sheet(
    args: &ImportArgs,
    file: &Path,
    kind: sheet::read::Kind,
) -> Result<Imported, Error> {
    let (plan, set) = sources_without_errors(args)?;
    let bytes = read_input(file, Input::Sheet)?;
    let (date, from_sources) = view::plan_date(&plan);
    let view = view::view(&plan, date, from_sources);
    let outcome = contained(|| sheet::plan_import(&bytes, kind, &set, &view, args.force))?;
    crate::say!("import: {} → {}", file.display(), outcome.file);
    for (what, change) in &outcome.changes {
        crate::say!("  {what}: {change}");
    }
    let imported = Imported {
        section: "resultaten".to_string(),
        changed: outcome.changes.len(),
    };
    finish(args, &set, &outcome.file, outcome.new_text.as_deref())?;
    Ok(imported)
}

/// The common end of every import (a DOCX section, a results sheet): no
/// change said as such; otherwise the new text checked, and unless
/// `--dry-run` backed up and written. True when the sources now hold what
/// the document says (nothing to change, or written), false on a dry run.
fn finish(
    args: &ImportArgs,
    set: &SourceSet,
    file: &str,
    new_text: Option<&str>,
) -> Result<bool, Error> {
    let Some(new_text) = new_text else {
        crate::say!("geen wijzigingen: {file} blijft zoals het was");
        return Ok(!args.dry_run);
    };
    let path = source_path(set, file)?;
    validate(set, file, new_text)?;
    if args.dry_run {
        crate::say!("--dry-run: niets geschreven");
        return Ok(false);
    }
    let backup = write_back(&args.sources, &path, file, set, new_text)?;
    crate::say!(
        "geschreven: {file} (de vorige versie staat in {})",
        backup.display()
    );
    Ok(true)
}

/// Records the imported document for `status`; a failure costs only that.
fn note_import(args: &ImportArgs, section: &str, bytes: &[u8]) {
    if let Err(e) = crate::backups::record_import(&args.sources, section, bytes) {
        eprintln!(
            "warning: kan niet vastleggen dat dit document is ingelezen ({e}); `status` toont het dan niet als ingelezen"
        );
    }
}

/// Largest DOCX or spreadsheet read.
const MAX_DOCX_BYTES: u64 = crate::import::package::MAX_FILE_BYTES;

/// What an import reads, as its refusals name it.
#[derive(Clone, Copy)]
enum Input {
    Docx,
    Sheet,
}

impl Input {
    fn give(self) -> &'static str {
        match self {
            Input::Docx => "geef het pad van het herziene .docx-bestand",
            Input::Sheet => "geef het pad van het ingevulde resultatenblad (.xlsx, .ods of .csv)",
        }
    }
}

fn read_input(path: &Path, input: Input) -> Result<Vec<u8>, Error> {
    read_limited(path, MAX_DOCX_BYTES).map_err(|e| match e {
        ReadError::Missing => refusal(format!("{} bestaat niet", path.display()), input.give()),
        ReadError::TooLarge(size) => refusal(
            format!(
                "{} is te groot ({}; hoogstens {})",
                path.display(),
                file_size(size),
                file_size(MAX_DOCX_BYTES)
            ),
            "een herzien onderdeel of ingevuld resultatenblad is hooguit enkele MB's",
        ),
        ReadError::NotRegular(kind) => refusal(
            format!("{} is geen gewoon bestand maar {kind}", path.display()),
            input.give(),
        ),
        e => refusal(
            format!(
                "kan {} niet lezen: {}",
                path.display(),
                e.reason(MAX_DOCX_BYTES)
            ),
            "",
        ),
    })
}

/// Writes the new text into the source file, with the file locked so that
/// imports into one file take turns: under the lock the file must still be
/// what this import read (and compared with the document's provenance), or
/// nothing is written; the backup holds exactly the bytes replaced. A byte
/// order mark the file began with stays. The backup goes beside the
/// sources folder (`backups`). Returns the backup's path.
fn write_back(
    sources: &Path,
    path: &Path,
    file: &str,
    set: &SourceSet,
    new_text: &str,
) -> Result<PathBuf, Error> {
    // A source reached through a link (inside the sources folder) is
    // written where it really is; the link stays.
    let target = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    let locked = lock::lock_and_read(&target, crate::source::MAX_FILE_BYTES).map_err(|e| {
        refusal(
            format!(
                "kan {file} niet lezen: {}",
                e.reason(crate::source::MAX_FILE_BYTES)
            ),
            "",
        )
    })?;
    const BOM: &str = "\u{feff}";
    let now = String::from_utf8_lossy(&locked.bytes);
    let read_before = set.texts.get(file).map(String::as_str);
    if Some(now.strip_prefix(BOM).unwrap_or(&now)) != read_before {
        return Err(refusal(
            format!(
                "{file} is gewijzigd terwijl deze import liep (door een andere import of een ander programma); importeren zou die wijziging overschrijven"
            ),
            "maak een nieuwe export, breng de wijzigingen daarin over en importeer die",
        ));
    }
    let backup = crate::backups::save(sources, path, &locked.bytes).map_err(|e| {
        Error::write(format!("kan de reservekopie niet schrijven: {e}"))
            .in_file(crate::backups::folder(sources).display().to_string())
    })?;
    let mut bytes = Vec::with_capacity(new_text.len() + BOM.len());
    if now.starts_with(BOM) {
        bytes.extend_from_slice(BOM.as_bytes());
    }
    bytes.extend_from_slice(new_text.as_bytes());
    write_atomic(&target, &bytes)
        .map_err(|e| Error::write(format!("kan {file} niet schrijven: {e}")))?;
    drop(locked);
    Ok(backup)
}

/// Runs the import with any panic contained (a bug must not become a crash
/// dump or a half-written file).
fn contained<T>(f: impl FnOnce() -> Result<T, Error> + std::panic::UnwindSafe) -> Result<T, Error> {
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = std::panic::catch_unwind(f);
    std::panic::set_hook(hook);
    result.unwrap_or_else(|_| {
        Err(Error::new(
            crate::error::Kind::Internal,
            "het document kon niet worden gelezen (interne fout)",
        )
        .with_hint("sla het document in Word of LibreOffice opnieuw op als .docx en probeer het nog eens; meld het als het blijft gebeuren"))
    })
}

fn source_path(set: &SourceSet, shown: &str) -> Result<PathBuf, Error> {
    set.districts
        .iter()
        .map(|d| (&d.file, &d.path))
        .chain(set.themes.iter().map(|t| (&t.file, &t.path)))
        .chain(set.results.iter().map(|r| (&r.file, &r.path)))
        .find(|(f, _)| f.as_str() == shown)
        .map(|(_, p)| p.clone())
        .ok_or_else(|| refusal(format!("{shown} is niet gevonden"), ""))
}

/// The imported text must leave the sources valid: the plan is built
/// again in memory with the new text in place of the old.
fn validate(set: &SourceSet, file: &str, new_text: &str) -> Result<(), Error> {
    let mut report = set.report();
    report.add_text(file, new_text);
    let plan = match set.with_section_text(file, new_text) {
        Some(Ok(changed)) => crate::model::build::build(&changed, &mut report),
        Some(Err(problems)) => {
            report.extend(problems);
            None
        }
        None => return Err(refusal(format!("{file} is niet gevonden"), "")),
    };
    if plan.is_none() {
        return Err(refusal(
            "met deze wijzigingen zouden de bronnen fouten bevatten",
            "pas het document aan (de fouten staan hierboven) en importeer opnieuw",
        )
        .after(report.render()));
    }
    Ok(())
}

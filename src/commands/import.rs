//! `uitvoeringsplan import`: bring a revised DOCX section back into its
//! source file, printing what changed field by field; `--dry-run` writes nothing.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::cli::ImportArgs;
use crate::error::Error;
use crate::format::file_size;
use crate::import::{self, Options};
use crate::input::{ReadError, read_limited};
use crate::lock;
use crate::output::write_atomic;
use crate::render::view;
use crate::source::SourceSet;

pub fn run(args: &ImportArgs) -> Result<ExitCode, Error> {
    import(args)
        .map(|()| ExitCode::SUCCESS)
        .map_err(|e| e.with_outcome("import: niets geschreven"))
}

fn refusal(message: impl Into<String>, hint: impl Into<String>) -> Error {
    Error::input(message).with_hint(hint)
}

fn import(args: &ImportArgs) -> Result<(), Error> {
    let shown = args.sources.to_string_lossy().into_owned();
    let (plan, report, set) = crate::load_plan(&args.sources, &shown);
    let Some(plan) = plan else {
        return Err(refusal(
            "de bronnen bevatten fouten; een import zou ze niet veilig kunnen bijwerken",
            "los eerst de fouten op (`uitvoeringsplan check`)",
        )
        .after(report.render()));
    };
    let bytes = read_docx(&args.file)?;
    let (date, from_sources) = view::plan_date(&plan);
    let view = view::view(&plan, date, from_sources);
    let opts = Options {
        dry_run: args.dry_run,
        accept_changes: args.accept_changes,
        force: args.force,
    };
    let outcome = contained(|| import::plan_import(&bytes, &plan, &set, &view, opts))?;

    println!("import: {} → {}", args.file.display(), outcome.file);
    if outcome.accepted > 0 {
        let noun = if outcome.accepted == 1 {
            "bijgehouden wijziging"
        } else {
            "bijgehouden wijzigingen"
        };
        println!("  {} {noun} geaccepteerd", outcome.accepted);
    }
    for (field, what) in &outcome.changes {
        println!("  {field}: {what}");
    }
    for c in &outcome.comments {
        let author = if c.author.is_empty() {
            "onbekend"
        } else {
            &c.author
        };
        if c.anchor.trim().is_empty() {
            println!("  opmerking van {author}: {}", c.text);
        } else {
            println!("  opmerking van {author} bij \"{}\": {}", c.anchor, c.text);
        }
    }
    if !outcome.comments.is_empty() {
        println!("  (opmerkingen worden niet in de bronnen opgenomen; verwerk ze zelf)");
    }
    let Some(new_text) = outcome.new_text else {
        println!("geen wijzigingen: {} blijft zoals het was", outcome.file);
        return Ok(());
    };
    let path = source_path(&set, &outcome.file)?;
    validate(&set, &outcome.file, &new_text)?;
    if args.dry_run {
        println!("--dry-run: niets geschreven");
        return Ok(());
    }
    let backup = write_back(&path, &outcome.file, &set, &new_text)?;
    println!(
        "geschreven: {} (de vorige versie staat in {})",
        outcome.file,
        backup.display()
    );
    Ok(())
}

/// Largest DOCX read.
const MAX_DOCX_BYTES: u64 = crate::import::package::MAX_FILE_BYTES;

fn read_docx(path: &Path) -> Result<Vec<u8>, Error> {
    read_limited(path, MAX_DOCX_BYTES).map_err(|e| match e {
        ReadError::Missing => refusal(
            format!("{} bestaat niet", path.display()),
            "geef het pad van het herziene .docx-bestand",
        ),
        ReadError::TooLarge(size) => refusal(
            format!(
                "{} is te groot ({}; hoogstens {})",
                path.display(),
                file_size(size),
                file_size(MAX_DOCX_BYTES)
            ),
            "een herzien onderdeel is hooguit enkele MB's",
        ),
        ReadError::NotRegular(kind) => refusal(
            format!("{} is geen gewoon bestand maar {kind}", path.display()),
            "geef het pad van het herziene .docx-bestand",
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
/// order mark the file began with stays. Returns the backup's path.
fn write_back(path: &Path, file: &str, set: &SourceSet, new_text: &str) -> Result<PathBuf, Error> {
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
    let backup = backup_path(path);
    write_atomic(&backup, &locked.bytes).map_err(|e| {
        Error::write(format!("kan de reservekopie niet schrijven: {e}"))
            .in_file(backup.display().to_string())
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

/// `flevoland.toml` → `flevoland.toml.bak`
fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".bak");
    path.with_file_name(name)
}

//! Writing files safely, for outputs, sources and backups alike: a
//! temporary file with a random name is created exclusively (never through
//! a planted symlink) in the target's folder, written, synced and renamed
//! over the target, so a failed or killed run leaves the old file or the
//! whole new one. Only a regular file (or nothing) is ever replaced: a
//! folder, a symlink, a device or a FIFO at the target is refused.
//!
//! Temporary files are named `.<name>.tmp-<pid>-<random>`: hidden, so
//! `check` and `watch` pass them by, and with the writer's process id, so
//! that the leftovers of a killed writer (`kill -9` leaves no chance to
//! clean up) are removed by the next write of the same file, and a live
//! writer's file is not.
//!
//! A file that is there but cannot be replaced (on Windows: open in Word or
//! a PDF reader, which lock it) stays as it was; the error says so
//! ([`NotReplaced`]) and [`write_hint`] tells the user what to do.

use std::fmt;
use std::fs;
use std::io::Write;
use std::path::Path;
use std::time::Duration;

/// What follows `.<name>` in the name of a temporary file.
const TEMP_MARK: &str = ".tmp-";
/// Random characters in the name of a temporary file.
const RANDOM_CHARS: usize = 10;
/// Where a writer's liveness cannot be checked (no `/proc`), a temporary
/// file untouched this long is a leftover.
const STALE_AFTER: Duration = Duration::from_secs(3600);

/// Writes `bytes` to `path` through a temporary sibling file and a rename.
/// A file that is there keeps its permissions.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if dir.exists() && !dir.is_dir() {
        return Err(std::io::Error::other(format!(
            "{} is een bestand, geen map",
            dir.display()
        )));
    }
    let existing = replaceable(path)?;
    fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    remove_stale_temps(dir, &name);
    let prefix = format!(".{name}{TEMP_MARK}{}-", std::process::id());
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).rand_bytes(RANDOM_CHARS);
    #[cfg(unix)]
    {
        // As `File::create` does (the umask applies), not tempfile's 0600.
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(dir)?;
    if let Some(meta) = existing {
        tmp.as_file().set_permissions(meta.permissions())?;
    }
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    // What is at the target now is what gets replaced: check it again.
    let existing_now = replaceable(path)?;
    // A failed rename drops (removes) the temporary file.
    tmp.persist(path).map_err(|e| match existing_now {
        Some(meta) => std::io::Error::new(
            e.error.kind(),
            NotReplaced {
                error: e.error,
                read_only: meta.permissions().readonly(),
            },
        ),
        None => e.error,
    })?;
    // The rename itself is durable once the folder is synced (best effort:
    // not every system can sync a folder).
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// The error of a write whose new file was complete but could not take the
/// place of the file that is there: that file stays as it was. On Windows
/// this is what a program that holds the file open without sharing it
/// (Word, Acrobat Reader) causes, or the file's read-only attribute.
#[derive(Debug)]
pub struct NotReplaced {
    pub error: std::io::Error,
    /// The file there is read-only (Windows does not replace such a file).
    pub read_only: bool,
}

impl NotReplaced {
    /// Windows refused because the file is read-only (not because it is open).
    fn refused_as_read_only(&self) -> bool {
        held_by_another_program(&self.error) && self.read_only
    }
}

impl fmt::Display for NotReplaced {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Windows' own texts would be in the system's language.
        if self.refused_as_read_only() {
            write!(
                f,
                "het bestaande bestand is alleen-lezen en wordt niet vervangen; het blijft zoals het was"
            )
        } else if held_by_another_program(&self.error) {
            write!(
                f,
                "het bestand is geopend in een ander programma, dat het niet laat vervangen; het bestaande bestand blijft zoals het was"
            )
        } else {
            write!(
                f,
                "het bestaande bestand kan niet worden vervangen ({}); het blijft zoals het was",
                self.error
            )
        }
    }
}

impl std::error::Error for NotReplaced {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.error)
    }
}

/// True for the errors Windows gives when a file is open elsewhere without
/// sharing: access denied (5), sharing violation (32), lock violation (33).
fn held_by_another_program(e: &std::io::Error) -> bool {
    cfg!(windows) && matches!(e.raw_os_error(), Some(5 | 32 | 33))
}

/// What to do about a failed write of an output (the `= hint:` line):
/// close the program that holds the file, or choose another folder.
pub fn write_hint(e: &std::io::Error) -> &'static str {
    match e
        .get_ref()
        .and_then(|inner| inner.downcast_ref::<NotReplaced>())
    {
        Some(n) if n.refused_as_read_only() => {
            "zet 'Alleen-lezen' uit in de eigenschappen van het bestand, of kies met --out een andere map"
        }
        Some(_) => {
            "sluit het bestand in Word of in de PDF-lezer (of het programma dat het open heeft) en bouw opnieuw"
        }
        None => "kies met --out een map waarin geschreven kan worden",
    }
}

/// The metadata of the regular file at `path`, `None` when there is
/// nothing; an error when something else is there (never replaced).
pub fn replaceable(path: &Path) -> std::io::Result<Option<fs::Metadata>> {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.is_file() => Ok(Some(meta)),
        Ok(meta) => Err(std::io::Error::other(format!(
            "dat is geen gewoon bestand maar {}; het wordt niet vervangen",
            crate::input::kind(&meta)
        ))),
        // Nothing there, or no folder to hold it: writing says which.
        Err(e)
            if matches!(
                e.kind(),
                std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
            ) =>
        {
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

/// Removes temporary files of `name` left by a writer that was killed: a
/// regular file named as ours whose process is gone (or, without `/proc`,
/// that nobody touched for [`STALE_AFTER`]).
fn remove_stale_temps(dir: &Path, name: &str) {
    let prefix = format!(".{name}{TEMP_MARK}");
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let file = entry.file_name().to_string_lossy().into_owned();
        let Some((pid, random)) = file
            .strip_prefix(&prefix)
            .and_then(|rest| rest.split_once('-'))
        else {
            continue;
        };
        let Ok(pid) = pid.parse::<u32>() else {
            continue;
        };
        if random.len() != RANDOM_CHARS || !random.bytes().all(|b| b.is_ascii_alphanumeric()) {
            continue;
        }
        let Ok(meta) = entry.metadata() else { continue };
        if meta.is_file() && writer_gone(pid, &meta) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// True when the process that made a temporary file no longer runs.
fn writer_gone(pid: u32, meta: &fs::Metadata) -> bool {
    if pid == std::process::id() {
        return false;
    }
    if Path::new("/proc/self").exists() {
        return !Path::new(&format!("/proc/{pid}")).exists();
    }
    meta.modified()
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_some_and(|age| age > STALE_AFTER)
}

/// A file name made from a title: `Uitvoeringsplan Midden-Nederland 2023-2024`
/// becomes `uitvoeringsplan-midden-nederland-2023-2024`.
pub fn slug(title: &str) -> String {
    let mut out = String::new();
    for c in title.chars().flat_map(char::to_lowercase) {
        let c = match c {
            'à' | 'á' | 'ä' | 'â' => 'a',
            'è' | 'é' | 'ë' | 'ê' => 'e',
            'ì' | 'í' | 'ï' | 'î' => 'i',
            'ò' | 'ó' | 'ö' | 'ô' => 'o',
            'ù' | 'ú' | 'ü' | 'û' => 'u',
            c => c,
        };
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() { "plan".into() } else { out }
}

/// Writes a folder of files (the web publication) around `index`, its
/// first page: every file atomically, as [`write_atomic`]; a file that
/// already holds the same bytes is left alone. The stylesheet, fonts and
/// images go first and `index` last, so a page is never there before what
/// it shows. Then the pages a previous build wrote that this one did not
/// (a district removed from the sources) are removed: only `.html` files
/// directly in the folder that contain `generated`, the mark every page
/// the publication writes carries. Returns the bytes in the folder's files.
pub fn write_folder(
    index: &Path,
    files: &[(String, Vec<u8>)],
    generated: &[u8],
) -> std::io::Result<usize> {
    let dir = index.parent().unwrap_or(Path::new("."));
    let first = index.file_name().map(|n| n.to_string_lossy().into_owned());
    let is_page = |p: &str| p.ends_with(".html") && !p.contains('/');
    let order = files
        .iter()
        .filter(|(p, _)| !is_page(p))
        .chain(
            files
                .iter()
                .filter(|(p, _)| is_page(p) && Some(p) != first.as_ref()),
        )
        .chain(files.iter().filter(|(p, _)| Some(p) == first.as_ref()));
    let mut size = 0;
    for (rel, bytes) in order {
        let path = dir.join(rel);
        size += bytes.len();
        let same = fs::symlink_metadata(&path).is_ok_and(|m| m.is_file())
            && fs::read(&path).is_ok_and(|old| old == *bytes);
        if !same {
            write_atomic(&path, bytes)?;
        }
    }
    for entry in fs::read_dir(dir)?.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.ends_with(".html") || files.iter().any(|(p, _)| *p == name) {
            continue;
        }
        let path = entry.path();
        let ours = fs::symlink_metadata(&path).is_ok_and(|m| m.is_file())
            && fs::read(&path).is_ok_and(|b| b.windows(generated.len()).any(|w| w == generated));
        if ours {
            fs::remove_file(&path)?;
        }
    }
    Ok(size)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(
            slug("Uitvoeringsplan Midden-Nederland 2023-2024"),
            "uitvoeringsplan-midden-nederland-2023-2024"
        );
        assert_eq!(slug("Financiën & één"), "financien-een");
        assert_eq!(slug("***"), "plan");
    }

    #[test]
    fn stale_temporary_files_of_dead_writers_are_removed() {
        let dir = std::env::temp_dir().join(format!("up-stale-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        // pid 4294967 does not exist: what a killed build left.
        fs::write(dir.join(".a.pdf.tmp-4294967-abcdeABCDE"), b"half").unwrap();
        // Not ours (another pattern, another file, a live writer): kept.
        let mine = format!(".a.pdf.tmp-{}-abcdeABCDE", std::process::id());
        let kept = [".a.pdf.tmp-4294967", ".b.pdf.tmp-4294967-abcdeABCDE", &mine];
        for name in kept {
            fs::write(dir.join(name), b"keep").unwrap();
        }
        write_atomic(&dir.join("a.pdf"), b"whole").unwrap();
        let mut names: Vec<_> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        let mut expected: Vec<String> = kept.iter().map(|s| s.to_string()).collect();
        expected.push("a.pdf".into());
        expected.sort();
        assert_eq!(names, expected);
        fs::remove_dir_all(dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn only_regular_files_are_replaced_and_symlinks_are_not_followed() {
        use std::os::unix::fs::FileTypeExt;
        let dir = std::env::temp_dir().join(format!("up-nonreg-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("map")).unwrap();
        fs::write(dir.join("doel"), b"doel").unwrap();
        std::os::unix::fs::symlink(dir.join("doel"), dir.join("link.pdf")).unwrap();
        let err = write_atomic(&dir.join("link.pdf"), b"x").unwrap_err();
        assert!(err.to_string().contains("symbolische koppeling"), "{err}");
        let err = write_atomic(&dir.join("map"), b"x").unwrap_err();
        assert!(err.to_string().contains("een map"), "{err}");
        // A FIFO stands for every special file (a device is not tried: a
        // regression would replace it for the whole machine).
        let fifo = dir.join("pijp");
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        // SAFETY: a valid, NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        let err = write_atomic(&fifo, b"x").unwrap_err();
        assert!(err.to_string().contains("een FIFO"), "{err}");
        assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
        assert_eq!(fs::read(dir.join("doel")).unwrap(), b"doel");
        fs::remove_dir_all(dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn a_replaced_file_keeps_its_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = std::env::temp_dir().join(format!("up-perm-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        let path = dir.join("a.toml");
        fs::write(&path, b"one").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&path, b"two").unwrap();
        let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn atomic_write_replaces_and_leaves_no_temp() {
        let dir = std::env::temp_dir().join(format!("up-atomic-{}", std::process::id()));
        let path = dir.join("a.pdf");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        assert_eq!(fs::read_dir(&dir).unwrap().count(), 1);
        fs::remove_dir_all(dir).unwrap();
    }
}

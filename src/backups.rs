//! The tool's own folder beside the sources, `.uitvoeringsplan/`: the
//! versions of source files an import replaced (`reservekopieen/`, the same
//! sub-folders as in the sources, the last [`KEEP`] per file, numbered
//! upwards) and the record of imported documents (`ingelezen`, for
//! `status`). Outside the sources, so `check`, `status` and `watch` never
//! read them as sources; the folder carries its own `.gitignore`, so git
//! leaves it alone.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::output::write_atomic;

/// The folder, relative to the folder that holds the sources folder.
pub const DIR: &str = ".uitvoeringsplan/reservekopieen";

/// How many versions of one source file are kept.
pub const KEEP: u32 = 10;

/// The record of imported documents, relative like [`DIR`].
pub const RECORD: &str = ".uitvoeringsplan/ingelezen";

/// How many imports the record remembers.
pub const RECORD_KEEP: usize = 1000;

/// The backup folder for the sources in `sources` (as the user named it).
pub fn folder(sources: &Path) -> PathBuf {
    beside(sources, DIR)
}

/// `relative` in the folder that holds `sources`.
fn beside(sources: &Path, relative: &str) -> PathBuf {
    match (sources.file_name(), sources.parent()) {
        // `sources`, `plan/sources`: beside it.
        (Some(_), Some(parent)) => parent.join(relative),
        // `.`, `..`, `/`: beside the folder it really is.
        _ => sources
            .canonicalize()
            .ok()
            .and_then(|p| p.parent().map(Path::to_path_buf))
            .unwrap_or_default()
            .join(relative),
    }
}

/// Writes `.uitvoeringsplan/.gitignore` (ignore everything) when missing.
fn ignore_in_git(sources: &Path) -> io::Result<()> {
    let top = beside(sources, ".uitvoeringsplan");
    fs::create_dir_all(&top)?;
    let ignore = top.join(".gitignore");
    if !ignore.exists() {
        write_atomic(
            &ignore,
            b"# Reservekopieen en administratie van uitvoeringsplan import; niet voor git.\n*\n",
        )?;
    }
    Ok(())
}

/// A document's identity in the record: 64-bit FNV-1a of its bytes, hex.
pub fn document_id(bytes: &[u8]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{hash:016x}")
}

/// Notes that the document with these bytes was imported into `section`
/// (also when it changed nothing): `status` shows it as imported.
pub fn record_import(sources: &Path, section: &str, bytes: &[u8]) -> io::Result<()> {
    ignore_in_git(sources)?;
    let path = beside(sources, RECORD);
    let line = format!("{section} {}", document_id(bytes));
    let old = fs::read_to_string(&path).unwrap_or_default();
    let mut lines: Vec<&str> = old.lines().filter(|l| *l != line).collect();
    lines.push(&line);
    let from = lines.len().saturating_sub(RECORD_KEEP);
    let mut text = lines[from..].join("\n");
    text.push('\n');
    write_atomic(&path, text.as_bytes())
}

/// Was the document with these bytes imported into `section`?
pub fn was_imported(sources: &Path, section: &str, bytes: &[u8]) -> bool {
    let line = format!("{section} {}", document_id(bytes));
    fs::read_to_string(beside(sources, RECORD)).is_ok_and(|text| text.lines().any(|l| l == line))
}

/// Saves `bytes` (what `source`, a file in `sources`, held before it was
/// replaced) as the next numbered version, and drops the oldest beyond
/// [`KEEP`]. Returns the backup's path.
pub fn save(sources: &Path, source: &Path, bytes: &[u8]) -> io::Result<PathBuf> {
    let root = folder(sources);
    let relative = match (sources.canonicalize(), source.canonicalize()) {
        (Ok(s), Ok(f)) => f.strip_prefix(&s).map(Path::to_path_buf).ok(),
        _ => None,
    }
    .or_else(|| source.strip_prefix(sources).ok().map(Path::to_path_buf))
    .or_else(|| source.file_name().map(PathBuf::from))
    .unwrap_or_else(|| PathBuf::from("bron.toml"));
    let dir = match relative.parent() {
        Some(p) => root.join(p),
        None => root.clone(),
    };
    ignore_in_git(sources)?;
    fs::create_dir_all(&dir)?;
    let name = relative
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut numbers = versions(&dir, &name);
    let next = numbers.last().map_or(1, |n| n + 1);
    let path = dir.join(format!("{name}.{next}"));
    write_atomic(&path, bytes)?;
    numbers.push(next);
    let drop = numbers.len().saturating_sub(KEEP as usize);
    for n in &numbers[..drop] {
        let _ = fs::remove_file(dir.join(format!("{name}.{n}")));
    }
    Ok(path)
}

/// The version numbers of `name` in `dir`, ascending.
pub fn versions(dir: &Path, name: &str) -> Vec<u32> {
    let mut out: Vec<u32> = fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let file = e.file_name().to_string_lossy().into_owned();
            file.strip_prefix(name)?.strip_prefix('.')?.parse().ok()
        })
        .collect();
    out.sort_unstable();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_folder_is_beside_the_sources() {
        assert_eq!(
            folder(Path::new("sources")),
            Path::new(".uitvoeringsplan/reservekopieen")
        );
        assert_eq!(
            folder(Path::new("plan/sources")),
            Path::new("plan/.uitvoeringsplan/reservekopieen")
        );
    }

    #[test]
    fn only_the_last_versions_are_kept() {
        let tmp = std::env::temp_dir().join(format!("up-backups-{}", std::process::id()));
        let sources = tmp.join("sources");
        fs::create_dir_all(sources.join("districten")).unwrap();
        let file = sources.join("districten/noord.toml");
        fs::write(&file, "x").unwrap();
        for i in 0..(KEEP + 3) {
            save(&sources, &file, format!("versie {i}").as_bytes()).unwrap();
        }
        let dir = tmp.join(DIR).join("districten");
        let kept = versions(&dir, "noord.toml");
        assert_eq!(kept, (4..=KEEP + 3).collect::<Vec<_>>());
        assert_eq!(
            fs::read_to_string(dir.join(format!("noord.toml.{}", KEEP + 3))).unwrap(),
            format!("versie {}", KEEP + 2)
        );
        assert!(tmp.join(".uitvoeringsplan/.gitignore").is_file());
        assert!(!sources.join("districten/noord.toml.bak").exists());
        fs::remove_dir_all(&tmp).unwrap();
    }
}

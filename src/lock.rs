//! An exclusive lock on a file that writers replace by renaming a new file
//! over it (see `output::write_atomic`): a second writer waits until the
//! first is done, and then holds the file as the first left it.
//!
//! The lock is the operating system's (`File::lock`: `flock` on Unix,
//! `LockFileEx` on Windows) on the file itself, so no lock file is left in
//! the sources. A rename puts a new file at the path while a waiting writer
//! holds the old one; after taking the lock, the holder therefore checks
//! that the path still leads to the file it locked, and otherwise takes
//! the lock again on the new one. The lock ends when [`Locked`] is dropped
//! (or the process ends, also when it is killed).
//!
//! On Windows a file cannot be replaced while any handle to it is open
//! (Wine, and Windows without POSIX rename semantics, refuse even a handle
//! that shares deletion), so the lock cannot be held on the file itself: it
//! is held on a lock file in the temporary folder named after the file's
//! path, and the file is read and closed. Imports on one machine take turns
//! the same way; nothing is left in the sources.

use std::fs::File;
use std::path::Path;
#[cfg(unix)]
use std::time::{Duration, Instant};

use crate::input::{self, ReadError};

/// How long the lock is taken again and again while the file keeps being
/// replaced under it before giving up. Each time means another writer
/// finished in between, so waiting makes progress; only a program that
/// replaces the file without end (and without the lock) stops it.
#[cfg(unix)]
const GIVE_UP_AFTER: Duration = Duration::from_secs(60);

/// A file locked exclusively and still at its path; its bytes.
#[derive(Debug)]
pub struct Locked {
    /// Holds the lock while it lives.
    _file: File,
    /// The file's content, read under the lock.
    pub bytes: Vec<u8>,
}

/// Waits for an exclusive lock on the regular file at `path` and reads it
/// (at most `limit` bytes) under that lock.
#[cfg(not(unix))]
pub fn lock_and_read(path: &Path, limit: u64) -> Result<Locked, ReadError> {
    let guard = lock_file_for(path).map_err(ReadError::Io)?;
    guard.lock().map_err(ReadError::Io)?;
    let file = input::open_regular(path)?;
    let bytes = input::read_capped(&file, limit)?;
    Ok(Locked {
        _file: guard,
        bytes,
    })
}

/// The lock file that stands for `path` (see the module's documentation):
/// `uitvoeringsplan-<hash of the real path>.lock` in the temporary folder.
/// Windows paths do not distinguish case, so neither does the name.
#[cfg(not(unix))]
fn lock_file_for(path: &Path) -> std::io::Result<File> {
    let real = path.canonicalize()?;
    let key = crate::source::fingerprint(&[&real.to_string_lossy().to_lowercase()]);
    let name = format!("uitvoeringsplan-{key}.lock");
    std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(std::env::temp_dir().join(name))
}

/// Waits for an exclusive lock on the regular file at `path` and reads it
/// (at most `limit` bytes) under that lock.
#[cfg(unix)]
pub fn lock_and_read(path: &Path, limit: u64) -> Result<Locked, ReadError> {
    let started = Instant::now();
    while started.elapsed() < GIVE_UP_AFTER {
        let file = input::open_regular(path)?;
        file.lock().map_err(ReadError::Io)?;
        if still_at(&file, path) {
            let bytes = input::read_capped(&file, limit)?;
            return Ok(Locked { _file: file, bytes });
        }
    }
    Err(ReadError::Io(std::io::Error::other(
        "het bestand werd een minuut lang steeds opnieuw vervangen",
    )))
}

/// True when `path` leads to the same file as the handle `file`.
#[cfg(unix)]
fn still_at(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Barrier};

    #[test]
    fn writers_take_turns_and_see_each_others_file() {
        let dir = std::env::temp_dir().join(format!("up-lock-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("teller");
        std::fs::write(&path, b"0").unwrap();
        // Eight writers each add one, reading and replacing under the lock:
        // without the lock (or the check after it) counts get lost.
        let barrier = Arc::new(Barrier::new(8));
        let threads: Vec<_> = (0..8)
            .map(|_| {
                let (path, barrier) = (path.clone(), Arc::clone(&barrier));
                std::thread::spawn(move || {
                    barrier.wait();
                    for _ in 0..20 {
                        let locked = lock_and_read(&path, 100).unwrap();
                        let n: u32 = String::from_utf8(locked.bytes.clone())
                            .unwrap()
                            .parse()
                            .unwrap();
                        crate::output::write_atomic(&path, (n + 1).to_string().as_bytes()).unwrap();
                        drop(locked);
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "160");
        std::fs::remove_dir_all(dir).unwrap();
    }
}

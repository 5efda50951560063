//! Reading files from disk defensively: only regular files, never more
//! than a limit. A FIFO, a device or a folder is refused before it is
//! opened, and the opened handle is checked again (it is opened without
//! blocking, so a FIFO swapped in meanwhile cannot hang the tool); the read
//! itself stops one byte past the limit, so no file can fill the memory.

use std::fs::{self, File, Metadata};
use std::io::{self, Read};
use std::path::Path;

/// Why a file was not read: the cause a caller tells apart (a missing
/// file, a folder, a size) before it words its own message, or turns it
/// into a [`crate::error::Error`] or a diagnostic with [`ReadError::reason`].
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// Nothing at the path.
    #[error("bestaat niet")]
    Missing,
    /// Something that is not a regular file; what it is, as
    /// [`kind`] names it.
    #[error("is geen gewoon bestand maar {0}")]
    NotRegular(&'static str),
    /// Larger than the limit: its size (or, when it grew while being
    /// read, the limit plus one).
    #[error("is te groot ({0} bytes)")]
    TooLarge(u64),
    /// Any other failure of the file system.
    #[error(transparent)]
    Io(#[from] io::Error),
}

impl ReadError {
    /// The reason in the words of the messages: `bestaat niet`,
    /// `is geen gewoon bestand maar een map`, `geen leesrechten`.
    pub fn reason(&self, limit: u64) -> String {
        match self {
            ReadError::TooLarge(size) => format!("is te groot ({size} bytes; hoogstens {limit})"),
            ReadError::Io(e) if e.kind() == io::ErrorKind::PermissionDenied => {
                "geen leesrechten".into()
            }
            #[cfg(unix)]
            ReadError::Io(e) if e.raw_os_error() == Some(libc::ELOOP) => {
                "de snelkoppelingen (symlinks) verwijzen in een kring naar elkaar".into()
            }
            e => e.to_string(),
        }
    }
}

/// Reads the regular file at `path` (a symlink is followed), at most
/// `limit` bytes.
pub fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let meta = fs::metadata(path).map_err(|e| match e.kind() {
        io::ErrorKind::NotFound => ReadError::Missing,
        _ => ReadError::Io(e),
    })?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular(kind(&meta)));
    }
    if meta.len() > limit {
        return Err(ReadError::TooLarge(meta.len()));
    }
    let file = open_regular(path)?;
    read_capped(&file, limit)
}

/// Opens the regular file at `path` for reading without blocking (a FIFO
/// put there after a check would otherwise wait for a writer forever),
/// and checks what was opened.
pub fn open_regular(path: &Path) -> Result<File, ReadError> {
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(|e| match e.kind() {
        io::ErrorKind::NotFound => ReadError::Missing,
        _ => ReadError::Io(e),
    })?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular(kind(&meta)));
    }
    Ok(file)
}

/// Reads an opened file from its current position to the end, at most
/// `limit` bytes.
pub fn read_capped(mut file: &File, limit: u64) -> Result<Vec<u8>, ReadError> {
    let expected = file.metadata().map(|m| m.len()).unwrap_or(0).min(limit);
    let mut bytes = Vec::with_capacity(usize::try_from(expected).unwrap_or(0));
    (&mut file)
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge(bytes.len() as u64));
    }
    Ok(bytes)
}

/// What a file system entry is, in the words of the messages (after
/// "geen gewoon bestand maar").
pub fn kind(meta: &Metadata) -> &'static str {
    let t = meta.file_type();
    if t.is_dir() {
        return "een map";
    }
    if t.is_symlink() {
        return "een symbolische koppeling";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "een FIFO (named pipe)";
        }
        if t.is_char_device() || t.is_block_device() {
            return "een apparaat";
        }
        if t.is_socket() {
            return "een socket";
        }
    }
    "iets anders"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_regular_files_within_the_limit_are_read() {
        let dir = std::env::temp_dir().join(format!("up-input-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let file = dir.join("a.toml");
        fs::write(&file, b"12345").unwrap();
        assert_eq!(read_limited(&file, 5).unwrap(), b"12345");
        assert!(matches!(
            read_limited(&file, 4),
            Err(ReadError::TooLarge(5))
        ));
        assert!(matches!(
            read_limited(&dir, 100),
            Err(ReadError::NotRegular("een map"))
        ));
        assert!(matches!(
            read_limited(&dir.join("nee"), 100),
            Err(ReadError::Missing)
        ));
        #[cfg(unix)]
        {
            assert!(matches!(
                read_limited(Path::new("/dev/zero"), 100),
                Err(ReadError::NotRegular("een apparaat"))
            ));
            let fifo = dir.join("fifo");
            let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
            // SAFETY: a valid, NUL-terminated path.
            assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
            assert!(matches!(
                read_limited(&fifo, 100),
                Err(ReadError::NotRegular("een FIFO (named pipe)"))
            ));
            // Opened directly (as after a swap), it neither blocks nor passes.
            assert!(matches!(
                open_regular(&fifo),
                Err(ReadError::NotRegular("een FIFO (named pipe)"))
            ));
        }
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_file_that_grows_past_the_limit_is_cut_off() {
        let dir = std::env::temp_dir().join(format!("up-input-grow-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let path = dir.join("a");
        fs::write(&path, b"123").unwrap();
        let file = open_regular(&path).unwrap();
        fs::write(&path, b"1234567890").unwrap();
        assert!(matches!(read_capped(&file, 5), Err(ReadError::TooLarge(6))));
        fs::remove_dir_all(dir).unwrap();
    }
}

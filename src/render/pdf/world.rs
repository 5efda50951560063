//! The typst `World`: serves the embedded (or a designer's) layouts, the
//! bundled fonts, images under `sources/` and the JSON view (in parts), and
//! nothing else. The plan and the change report (`report.rs`, its own
//! entry point and data file) compile in the same kind of world.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_kit::files::{FileLoader, FileStore};
use typst_kit::fonts::FontStore;

use crate::input::ReadError;

/// The layout files compiled into the binary: (virtual path, content).
pub const LAYOUTS: &[(&str, &str)] = &[
    (
        "uitvoeringsplan.typ",
        include_str!("../../../layouts/uitvoeringsplan.typ"),
    ),
    (
        "huisstijl.toml",
        include_str!("../../../layouts/huisstijl.toml"),
    ),
    (super::report::MAIN, super::report::LAYOUT),
];

/// The entry point of the layouts.
pub const MAIN: &str = "uitvoeringsplan.typ";
/// The virtual file holding the part of the JSON view every page needs.
pub const DATA: &str = "data.json";
/// Virtual folder holding the other parts of the JSON view, one per chapter.
pub const DATA_DIR: &str = "data/";
/// Virtual folder under which images from `sources/` are served.
pub const SOURCES_PREFIX: &str = "sources/";

/// The fonts, parsed once per process.
pub fn fonts() -> &'static FontStore {
    static STORE: OnceLock<FontStore> = OnceLock::new();
    STORE.get_or_init(|| {
        let mut store = FontStore::new();
        for (_, data) in crate::fonts::FONTS {
            for font in Font::iter(Bytes::new(*data)) {
                let info = font.info().clone();
                store.push((font, info));
            }
        }
        store
    })
}

/// Where layouts come from.
#[derive(Debug, Clone)]
pub enum Layouts {
    /// Compiled into the binary.
    Embedded,
    /// A designer's folder (canonicalized).
    Folder(PathBuf),
}

/// Loads files for typst: only what the plan may use.
pub struct Loader {
    pub layouts: Layouts,
    /// The JSON view in parts, by virtual path (`data.json`, `data/...`;
    /// the change report's `wijzigingen.json`); these paths are always
    /// served from here, never from disk.
    pub data: BTreeMap<String, Bytes>,
    /// Canonical path of the sources folder (for images), if any.
    pub sources: Option<PathBuf>,
    /// Checked (and downscaled) images by path under the sources folder;
    /// served instead of the files on disk.
    pub images: BTreeMap<String, Bytes>,
}

impl FileLoader for Loader {
    fn load(&self, id: FileId) -> FileResult<Bytes> {
        let not_found = || FileError::NotFound(PathBuf::from(id.vpath().get_with_slash()));
        if !matches!(id.root(), VirtualRoot::Project) {
            return Err(FileError::Other(Some(
                "pakketten (@preview/...) zijn niet beschikbaar".into(),
            )));
        }
        let path = id.vpath().get_without_slash();
        if let Some(data) = self.data.get(path) {
            return Ok(data.clone());
        }
        if path == DATA || path.starts_with(DATA_DIR) {
            return Err(not_found());
        }
        if let Some(rest) = path.strip_prefix(SOURCES_PREFIX) {
            if let Some(image) = self.images.get(rest) {
                return Ok(image.clone());
            }
            let root = self.sources.as_ref().ok_or_else(not_found)?;
            return read_inside(root, rest, id.vpath());
        }
        match &self.layouts {
            Layouts::Embedded => LAYOUTS
                .iter()
                .find(|(name, _)| *name == path)
                .map(|(_, text)| Bytes::from_string(*text))
                .ok_or_else(not_found),
            Layouts::Folder(root) => read_inside(root, path, id.vpath()),
        }
    }
}

/// Reads `rel` under `root`, refusing anything that resolves outside it
/// (also through symlinks). Errors name the virtual path only.
fn read_inside(root: &Path, rel: &str, vpath: &VirtualPath) -> FileResult<Bytes> {
    let shown = PathBuf::from(vpath.get_with_slash());
    let joined = root.join(rel);
    let real = joined
        .canonicalize()
        .map_err(|_| FileError::NotFound(shown.clone()))?;
    if !real.starts_with(root) {
        return Err(FileError::AccessDenied);
    }
    if real.is_dir() {
        return Err(FileError::IsDirectory);
    }
    match crate::input::read_limited(&real, MAX_FILE_BYTES) {
        Ok(bytes) => Ok(Bytes::new(bytes)),
        Err(ReadError::Missing) => Err(FileError::NotFound(shown)),
        Err(e) => Err(FileError::Other(Some(
            format!("{} {}", shown.display(), e.reason(MAX_FILE_BYTES)).into(),
        ))),
    }
}

/// Largest file read from a layouts folder (or beside the sources).
pub const MAX_FILE_BYTES: u64 = 20 * 1024 * 1024;

/// The world typst compiles the plan in.
pub struct PlanWorld {
    library: LazyHash<Library>,
    main: FileId,
    pub files: FileStore<Loader>,
    /// The plan's date (never the clock), set before each compile.
    pub today: Datetime,
}

impl PlanWorld {
    pub fn new(loader: Loader, today: Datetime) -> Self {
        PlanWorld {
            library: LazyHash::new(Library::default()),
            main: file_id(MAIN),
            files: FileStore::new(loader),
            today,
        }
    }

    /// The same world compiling another layout (the change report's).
    pub fn with_main(self, main: &str) -> Self {
        PlanWorld {
            main: file_id(main),
            ..self
        }
    }
}

/// The id of a project file by virtual path.
pub fn file_id(path: &str) -> FileId {
    let vpath = VirtualPath::new(path).unwrap_or_else(|_| VirtualPath::new(MAIN).expect("valid"));
    RootedPath::new(VirtualRoot::Project, vpath).intern()
}

impl World for PlanWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        fonts().book()
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        self.files.source(id)
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        self.files.file(id)
    }

    fn font(&self, index: usize) -> Option<Font> {
        fonts().font(index)
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}

impl typst_kit::diagnostics::DiagnosticWorld for PlanWorld {
    fn name(&self, id: FileId) -> String {
        let path = id.vpath().get_without_slash();
        if path == DATA
            || path.starts_with(DATA_DIR)
            || path.starts_with(SOURCES_PREFIX)
            || self.files.loader().data.contains_key(path)
        {
            path.to_string()
        } else {
            format!("layouts/{path}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("up-world-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir.canonicalize().unwrap()
    }

    fn loader(sources: &Path) -> Loader {
        Loader {
            layouts: Layouts::Embedded,
            data: BTreeMap::from([
                (DATA.to_string(), Bytes::from_string("{}")),
                ("data/district-a.json".to_string(), Bytes::from_string("[]")),
            ]),
            sources: Some(sources.to_path_buf()),
            images: Default::default(),
        }
    }

    #[test]
    fn serves_layouts_data_and_images_under_sources_only() {
        let dir = temp("serve");
        std::fs::write(dir.join("kaart.png"), b"png").unwrap();
        let l = loader(&dir);
        assert!(l.load(file_id(MAIN)).is_ok());
        assert_eq!(l.load(file_id(DATA)).unwrap().as_slice(), b"{}");
        assert_eq!(
            l.load(file_id("data/district-a.json")).unwrap().as_slice(),
            b"[]"
        );
        // The data folder is virtual: nothing under it comes from disk.
        assert!(matches!(
            l.load(file_id("data/district-b.json")),
            Err(FileError::NotFound(_))
        ));
        assert_eq!(
            l.load(file_id("sources/kaart.png")).unwrap().as_slice(),
            b"png"
        );
        assert!(matches!(
            l.load(file_id("elders.typ")),
            Err(FileError::NotFound(_))
        ));
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn refuses_paths_and_symlinks_that_leave_the_sources() {
        let dir = temp("escape");
        let outside = temp("outside");
        std::fs::write(outside.join("geheim.txt"), b"secret").unwrap();
        std::os::unix::fs::symlink(outside.join("geheim.txt"), dir.join("link.png")).unwrap();
        let l = loader(&dir);
        assert_eq!(
            l.load(file_id("sources/link.png")),
            Err(FileError::AccessDenied)
        );
        let vpath = VirtualPath::new("sources/x").unwrap();
        assert!(read_inside(&dir, "../../../../etc/passwd", &vpath).is_err());
        // Errors name the virtual path, never the host's.
        let err = l.load(file_id("sources/nergens.png")).unwrap_err();
        assert_eq!(
            err,
            FileError::NotFound(PathBuf::from("/sources/nergens.png"))
        );
        std::fs::remove_dir_all(dir).unwrap();
        std::fs::remove_dir_all(outside).unwrap();
    }
}

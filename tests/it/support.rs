//! Shared helpers: running the binary, preparing fixture folders.

use std::collections::BTreeMap;
use std::fs;
use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_uitvoeringsplan"))
}

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixtures() -> PathBuf {
    root().join("tests/fixtures")
}

/// A fresh, empty temporary folder, removed when dropped.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(name: &str) -> TempDir {
        static COUNTER: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let dir = std::env::temp_dir().join(format!(
            "uitvoeringsplan-it-{}-{n}-{name}",
            std::process::id()
        ));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Runs the binary in `cwd` with `args`, without SOURCE_DATE_EPOCH.
pub fn run(cwd: &Path, args: &[&str]) -> Output {
    Command::new(bin())
        .current_dir(cwd)
        .args(args)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .unwrap()
}

/// Runs the binary like [`run`] and asserts that it succeeded.
pub fn run_ok(cwd: &Path, args: &[&str]) -> Output {
    let out = run(cwd, args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{args:?}: {}",
        text(&out.stderr)
    );
    out
}

/// Starts the binary in `cwd` with `args` and kills it (SIGKILL, no chance
/// to clean up) after `delay_ms`, finished or not.
pub fn run_killed(cwd: &Path, args: &[&str], delay_ms: u64) {
    let mut child = Command::new(bin())
        .current_dir(cwd)
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(delay_ms));
    let _ = child.kill();
    let _ = child.wait();
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Prepares `<tmp>/sources` as the minimal valid plan with a case's files
/// laid over it, the files listed in its `remove` file deleted, and the
/// files in its `grow` file (`path bytes` per line) padded to that size
/// with comment lines (TOML) or zero bytes (an oversized file without
/// checking one in).
pub fn case_sources(case: &Path, tmp: &TempDir) {
    let sources = tmp.path().join("sources");
    copy_dir(&fixtures().join("valid/minimal/sources"), &sources);
    let overlay = case.join("sources");
    if overlay.is_dir() {
        copy_dir(&overlay, &sources);
    }
    if let Ok(list) = fs::read_to_string(case.join("remove")) {
        for rel in list.lines().filter(|l| !l.trim().is_empty()) {
            let p = sources.join(rel.trim());
            if p.is_dir() {
                fs::remove_dir_all(p).unwrap();
            } else {
                fs::remove_file(p).unwrap();
            }
        }
    }
    if let Ok(list) = fs::read_to_string(case.join("grow")) {
        for line in list.lines().filter(|l| !l.trim().is_empty()) {
            let (rel, size) = line.trim().rsplit_once(' ').unwrap();
            let p = sources.join(rel);
            let size: usize = size.parse().unwrap();
            let mut bytes = fs::read(&p).unwrap();
            if p.extension().is_some_and(|e| e == "toml") {
                while bytes.len() < size {
                    bytes.extend_from_slice(b"# opvulling om het bestand groot te maken\n");
                }
            } else {
                bytes.resize(size, 0);
            }
            fs::write(p, bytes).unwrap();
        }
    }
}

/// Compares with an expected file; with UPDATE_EXPECTED=1 writes it instead.
pub fn assert_expected(path: &Path, actual: &str) {
    if std::env::var_os("UPDATE_EXPECTED").is_some() {
        fs::write(path, actual).unwrap();
        return;
    }
    let expected = fs::read_to_string(path).unwrap_or_else(|_| {
        panic!(
            "{} is missing (run with UPDATE_EXPECTED=1 to create it)",
            path.display()
        )
    });
    assert!(
        expected == actual,
        "output differs from {}\n--- expected\n{expected}\n--- actual\n{actual}",
        path.display()
    );
}

/// A temporary copy of the minimal plan's sources.
pub fn minimal_copy(name: &str) -> TempDir {
    let tmp = TempDir::new(name);
    copy_dir(
        &fixtures().join("valid/minimal/sources"),
        &tmp.path().join("sources"),
    );
    tmp
}

/// A temporary copy of the bundled sources.
pub fn bundled_copy(name: &str) -> TempDir {
    let tmp = TempDir::new(name);
    copy_dir(&root().join("sources"), &tmp.path().join("sources"));
    tmp
}

/// A deflated zip archive of these entries, in order.
pub fn zip_of(entries: impl IntoIterator<Item = (String, Vec<u8>)>) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in entries {
        w.start_file(name, opts).unwrap();
        w.write_all(&data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// Rewrites the entries of a DOCX: `f` gets (name, bytes) and returns the
/// entry to write in its place (or none); `extra` entries are added.
pub fn rewrite_entries(
    path: &Path,
    target: &Path,
    f: impl Fn(&str, Vec<u8>) -> Option<(String, Vec<u8>)>,
    extra: &[(&str, &[u8])],
) {
    let mut archive = zip::ZipArchive::new(Cursor::new(fs::read(path).unwrap())).unwrap();
    let mut entries = Vec::new();
    for i in 0..archive.len() {
        let mut e = archive.by_index(i).unwrap();
        let mut data = Vec::new();
        e.read_to_end(&mut data).unwrap();
        entries.extend(f(e.name(), data));
    }
    entries.extend(extra.iter().map(|(n, d)| (n.to_string(), d.to_vec())));
    fs::write(target, zip_of(entries)).unwrap();
}

/// Rewrites the XML parts of a DOCX: `f` gets (name, text) and may change
/// the text; `extra` parts are added.
pub fn rewrite(path: &Path, target: &Path, f: impl Fn(&str, &mut String), extra: &[(&str, &[u8])]) {
    rewrite_entries(
        path,
        target,
        |name, data| {
            if !(name.ends_with(".xml") || name.ends_with(".rels")) {
                return Some((name.to_string(), data));
            }
            let mut s = String::from_utf8(data).unwrap();
            f(name, &mut s);
            Some((name.to_string(), s.into_bytes()))
        },
        extra,
    );
}

/// Rewrites `word/document.xml` of a DOCX, replacing the first `from`
/// (which must be there) with `to`.
pub fn edit_document(path: &Path, target: &Path, from: &str, to: &str) {
    rewrite(
        path,
        target,
        |name, xml| {
            if name == "word/document.xml" {
                assert!(xml.contains(from), "{from:?} is not in the export");
                *xml = xml.replacen(from, to, 1);
            }
        },
        &[],
    );
}

/// Every file and folder below `dir`, by relative path, with its bytes
/// (none for a folder).
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for entry in fs::read_dir(&d).unwrap() {
            let p = entry.unwrap().path();
            let rel = p.strip_prefix(dir).unwrap().to_path_buf();
            if p.is_dir() {
                out.insert(rel, Vec::new());
                todo.push(p);
            } else {
                out.insert(rel, fs::read(&p).unwrap_or_default());
            }
        }
    }
    out
}

/// Exports one section of the plan in `tmp/sources` to `tmp/out`.
pub fn export(tmp: &TempDir, section: &str) -> PathBuf {
    let args = [
        "build",
        "--format",
        "docx",
        "--section",
        section,
        "--out",
        "out",
    ];
    run_ok(tmp.path(), &args);
    let suffix = format!("-{section}.docx");
    fs::read_dir(tmp.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().ends_with(&suffix))
        .expect("the export is written")
}

/// The newest backup an import in `tmp` made of `file` (relative to the
/// sources, like `districten/noord.toml`): the highest number in
/// `.uitvoeringsplan/reservekopieen/`.
pub fn latest_backup(tmp: &Path, file: &str) -> Option<PathBuf> {
    let path = tmp.join(".uitvoeringsplan/reservekopieen").join(file);
    let name = path.file_name()?.to_string_lossy().into_owned();
    fs::read_dir(path.parent()?)
        .ok()?
        .filter_map(|e| {
            let p = e.ok()?.path();
            let n: u32 = p
                .file_name()?
                .to_string_lossy()
                .strip_prefix(&name)?
                .strip_prefix('.')?
                .parse()
                .ok()?;
            Some((n, p))
        })
        .max()
        .map(|(_, p)| p)
}

/// A small seeded generator (splitmix64) for the property tests.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// 0..n
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    /// True with probability 1/n.
    pub fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }
    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
    /// `big` once in `n` times, else `small`.
    pub fn sometimes(&mut self, n: usize, big: usize, small: usize) -> usize {
        if self.one_in(n) { big } else { small }
    }
    /// A length up to `max`, mostly short, sometimes at or near the limit.
    pub fn len(&mut self, max: usize) -> usize {
        match self.below(10) {
            0 => max,
            1 => max - self.below(max.min(3)),
            2..=4 => 1 + self.below(max),
            _ => 1 + self.below(max.min(12)),
        }
    }
}

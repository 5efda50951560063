//! The bad-input corpus: every folder in `tests/fixtures/invalid/` is one
//! case that must exit 1, print exactly its `expected.txt`, and leave every
//! file as it was. A case folder holds:
//!
//! - `sources/`: files laid over the minimal valid plan; `remove`: files of
//!   that plan to delete (one path per line);
//! - `command`: the command line, run in the case's folder (default
//!   `check --sources sources`);
//! - `files/`: further files copied into the case's folder (a broken
//!   layout, a file where a folder should be);
//! - `docx.toml`: how to make `document.docx` for an import case (see
//!   [`Recipe`]);
//! - `grow`: source files to pad to a size (`path bytes` per line);
//!   `links`: symbolic links to make (`path target` per line).
//!
//! `expected.txt` is what the run prints on stderr, followed by
//! `--- stdout` and stdout when that is not empty. Bless with
//! `UPDATE_EXPECTED=1`.
//!
//! [`every_message_in_the_code_has_a_case`] keeps the corpus complete: it
//! finds each message the code can print and looks for it in the cases.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::support::*;

#[test]
fn invalid_cases_print_their_exact_messages_and_change_nothing() {
    let mut cases: Vec<_> = fs::read_dir(fixtures().join("invalid"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    cases.sort();
    assert!(cases.len() >= 10, "too few invalid cases");
    let mut failures = Vec::new();
    for case in cases {
        if let Err(e) = run_case(&case) {
            failures.push(e);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Runs one case; the reason it failed, if it did.
fn run_case(case: &Path) -> Result<(), String> {
    let name = case.file_name().unwrap().to_string_lossy().into_owned();
    let tmp = TempDir::new(&format!("case-{name}"));
    let recipe = fs::read_to_string(case.join("docx.toml"))
        .ok()
        .map(|t| toml::from_str::<Recipe>(&t).unwrap_or_else(|e| panic!("{name}/docx.toml: {e}")));
    let base = tmp.path().join("sources");
    copy_dir(&fixtures().join("valid/minimal/sources"), &base);
    // An export is made from the sources as they were before the case's
    // changes: what a district received before someone edited the sources.
    let exported = recipe
        .as_ref()
        .and_then(|r| r.export.as_deref())
        .map(|section| export(tmp.path(), section));
    case_sources(case, &tmp);
    if let Some(recipe) = &recipe {
        let bytes = recipe.make(case, exported.as_deref());
        fs::write(tmp.path().join("document.docx"), bytes).unwrap();
    }
    let _ = fs::remove_dir_all(tmp.path().join("export"));
    if case.join("files").is_dir() {
        copy_dir(&case.join("files"), tmp.path());
    }
    // `links`: symbolic links to make (`path target` per line).
    if let Ok(list) = fs::read_to_string(case.join("links")) {
        for line in list.lines().filter(|l| !l.trim().is_empty()) {
            let (path, target) = line.trim().split_once(' ').unwrap();
            let path = tmp.path().join(path);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::os::unix::fs::symlink(target, path).unwrap();
        }
    }
    let command = fs::read_to_string(case.join("command"))
        .unwrap_or_else(|_| "check --sources sources".into());
    let args: Vec<&str> = command.split_whitespace().collect();
    let before = snapshot(tmp.path());
    let out = run(tmp.path(), &args);
    let mut printed = text(&out.stderr);
    if !out.stdout.is_empty() {
        printed.push_str("--- stdout\n");
        printed.push_str(&text(&out.stdout));
    }
    if out.status.code() != Some(1) {
        return Err(format!(
            "{name}: exit {:?}, expected 1\n{printed}",
            out.status.code()
        ));
    }
    if printed.contains("panicked") || printed.contains("RUST_BACKTRACE") {
        return Err(format!("{name}: panicked\n{printed}"));
    }
    let after = snapshot(tmp.path());
    if before != after {
        return Err(format!(
            "{name}: files changed: {}",
            changed(&before, &after)
        ));
    }
    std::panic::catch_unwind(|| assert_expected(&case.join("expected.txt"), &printed)).map_err(
        |e| {
            e.downcast_ref::<String>()
                .cloned()
                .unwrap_or_else(|| format!("{name}: output differs"))
        },
    )
}

/// Exports one section (or `plan`, the whole plan) of the case's sources
/// as it is now, into `<dir>/export/`.
fn export(dir: &Path, section: &str) -> PathBuf {
    let mut args = vec!["build", "--format", "docx", "--out", "export"];
    if section != "plan" {
        args.extend(["--section", section]);
    }
    run_ok(dir, &args);
    let file = fs::read_dir(dir.join("export"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "docx"))
        .unwrap();
    let path = dir.join(format!("{section}.docx"));
    fs::rename(file, &path).unwrap();
    path
}

fn changed(a: &BTreeMap<PathBuf, Vec<u8>>, b: &BTreeMap<PathBuf, Vec<u8>>) -> String {
    let mut names: Vec<String> = a
        .keys()
        .chain(b.keys())
        .filter(|k| a.get(*k) != b.get(*k))
        .map(|k| k.display().to_string())
        .collect();
    names.dedup();
    names.join(", ")
}

/// How an import case makes its `document.docx`: start from an export, a
/// file of the case, or a zip built from `entry`s; then change it in order.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Recipe {
    /// A section id (or `plan`) exported from the minimal plan before the
    /// case's `sources/` are laid over it.
    export: Option<String>,
    /// A file in the case folder, taken byte for byte.
    file: Option<String>,
    /// A zip built from these entries.
    #[serde(default)]
    entry: Vec<Entry>,
    /// Text replacements in the parts of the export (each must match).
    #[serde(default)]
    replace: Vec<Replace>,
    /// Text cut out of a part of the export: from `start` up to and
    /// including the first `end` after it.
    #[serde(default)]
    cut: Vec<Cut>,
    /// Parts added to the export.
    #[serde(default)]
    add: Vec<Entry>,
    /// Keep only the first N bytes (a download cut short).
    truncate: Option<usize>,
    /// Invert the bytes in this range (damaged compressed data).
    invert: Option<[usize; 2]>,
    /// Extend the file with zero bytes to this size (a file far too large).
    pad_to: Option<u64>,
    /// Damage the signature of the n-th local file header (from 1).
    break_local_header: Option<usize>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    name: String,
    /// The entry's text, repeated `repeat` times; `then` follows it.
    #[serde(default)]
    text: String,
    #[serde(default = "one")]
    repeat: usize,
    #[serde(default)]
    then: String,
    #[serde(default = "one")]
    then_repeat: usize,
    /// Copies of the entry, named `<name>.<n>` after the first.
    #[serde(default = "one")]
    copies: usize,
}

fn one() -> usize {
    1
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Cut {
    part: String,
    start: String,
    end: String,
    /// What comes in the place of the cut text.
    #[serde(default)]
    to: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Replace {
    part: String,
    from: String,
    to: String,
    /// `to` this many times over (a very long text).
    #[serde(default = "one")]
    to_repeat: usize,
}

impl Recipe {
    fn make(&self, case: &Path, exported: Option<&Path>) -> Vec<u8> {
        let mut bytes = match (exported, &self.file) {
            (Some(path), _) => {
                let edited = case_rewrite(path, &self.replace, &self.cut, &self.add);
                fs::read(&edited).unwrap()
            }
            (None, Some(file)) => fs::read(case.join(file)).unwrap(),
            (None, None) => zip_entries(&self.entry),
        };
        if let Some(n) = self.truncate {
            bytes.truncate(n);
        }
        if let Some([from, to]) = self.invert {
            for b in &mut bytes[from..to] {
                *b = !*b;
            }
        }
        if let Some(size) = self.pad_to {
            bytes.resize(size as usize, 0);
        }
        if let Some(n) = self.break_local_header {
            let at = bytes
                .windows(4)
                .enumerate()
                .filter(|(_, w)| *w == b"PK\x03\x04")
                .nth(n - 1)
                .map(|(i, _)| i)
                .expect("no such local header");
            bytes[at..at + 4].copy_from_slice(b"XXXX");
        }
        bytes
    }
}

/// The export with its replacements and added parts, written beside it.
fn case_rewrite(path: &Path, replace: &[Replace], cut: &[Cut], add: &[Entry]) -> PathBuf {
    let target = path.with_extension("edited.docx");
    let matched = std::cell::RefCell::new(vec![false; replace.len() + cut.len()]);
    let extra: Vec<(String, Vec<u8>)> = add.iter().map(|e| (e.name.clone(), content(e))).collect();
    let extra: Vec<(&str, &[u8])> = extra
        .iter()
        .map(|(n, d)| (n.as_str(), d.as_slice()))
        .collect();
    rewrite(
        path,
        &target,
        |name, xml| {
            for (i, r) in replace.iter().enumerate() {
                if r.part == name && xml.contains(&r.from) {
                    *xml = xml.replacen(&r.from, &r.to.repeat(r.to_repeat), 1);
                    matched.borrow_mut()[i] = true;
                }
            }
            for (i, c) in cut.iter().enumerate() {
                if c.part != name {
                    continue;
                }
                if let Some(a) = xml.find(&c.start)
                    && let Some(len) = xml[a..].find(&c.end)
                {
                    xml.replace_range(a..a + len + c.end.len(), &c.to);
                    matched.borrow_mut()[replace.len() + i] = true;
                }
            }
        },
        &extra,
    );
    let matched = matched.into_inner();
    for (r, hit) in replace.iter().zip(&matched) {
        assert!(
            hit,
            "{:?} not found in {} (the export changed?)",
            r.from, r.part
        );
    }
    for (c, hit) in cut.iter().zip(&matched[replace.len()..]) {
        assert!(
            hit,
            "{:?}…{:?} not found in {} (the export changed?)",
            c.start, c.end, c.part
        );
    }
    target
}

fn content(e: &Entry) -> Vec<u8> {
    let mut s = e.text.repeat(e.repeat);
    s.push_str(&e.then.repeat(e.then_repeat));
    s.into_bytes()
}

/// The archive of the `entry`s, each in its copies.
fn zip_entries(entries: &[Entry]) -> Vec<u8> {
    zip_of(entries.iter().flat_map(|e| {
        let data = content(e);
        (0..e.copies).map(move |n| {
            let name = if n == 0 {
                e.name.clone()
            } else {
                format!("{}.{n}", e.name)
            };
            (name, data.clone())
        })
    }))
}

/// Every message the code can print (found as string literals in the
/// places messages are made) appears in some case's `expected.txt` (of
/// an invalid case, or of a valid one for warnings), apart
/// from the few listed in [`UNREACHABLE`] with the reason no case can
/// reach them.
#[test]
fn every_message_in_the_code_has_a_case() {
    let mut expected = String::new();
    for kind in ["invalid", "valid"] {
        for entry in fs::read_dir(fixtures().join(kind)).unwrap() {
            let p = entry.unwrap().path().join("expected.txt");
            expected.push_str(&fs::read_to_string(p).unwrap_or_default());
        }
    }
    // What successful runs print, asserted by their tests.
    for entry in fs::read_dir(fixtures().join("outputs")).unwrap() {
        expected.push_str(&fs::read_to_string(entry.unwrap().path()).unwrap_or_default());
    }
    let mut missing = Vec::new();
    let mut exempt_used = vec![false; UNREACHABLE.len()];
    for (file, line, literal) in messages() {
        let fragment = longest_fragment(&literal);
        if fragment.chars().count() < 6 || expected.contains(&fragment) {
            continue;
        }
        if let Some(i) = UNREACHABLE.iter().position(|(m, _)| literal.contains(m)) {
            exempt_used[i] = true;
            continue;
        }
        missing.push(format!("{file}:{line}: {literal}"));
    }
    assert!(
        missing.is_empty(),
        "messages without a case in tests/fixtures/invalid/ ({}):\n{}",
        missing.len(),
        missing.join("\n")
    );
    for ((m, _), used) in UNREACHABLE.iter().zip(exempt_used) {
        assert!(
            used,
            "UNREACHABLE lists {m:?}, but no message without a case matches it: remove it"
        );
    }
}

/// Texts the scanner finds that no case of the corpus prints, each with
/// the reason: messages no input can reach, and what a successful run
/// prints (asserted by the tests of that command).
const UNREACHABLE: &[(&str, &str)] = &[
    (
        "kon niet naar de standaarduitvoer schrijven",
        "standard output that fails (a full disk), which a case's command cannot redirect; asserted by tests/it/platform.rs with /dev/full",
    ),
    (
        "In het vorige plan een restregel",
        "new-period: a comment it writes over a remainder row, which the minimal plan has not; asserted by tests/it/period.rs on the bundled plan",
    ),
    (
        "kan de bronnen van het nieuwe plan niet maken",
        "new-period: only on a bug; it starts from sources that loaded without errors",
    ),
    (
        "een bronbestand ontbreekt",
        "new-period: the sources loaded without errors, so every file is there",
    ),
    (
        "is niet gelezen",
        "new-period: every loaded file's text is kept by the loader",
    ),
    (
        "ligt niet in de bronnenmap",
        "new-period: the loader reads only below the sources folder",
    ),
    (
        "geen geldige TOML: {e}",
        "new-period: the file was parsed as TOML when the sources loaded",
    ),
    (
        "kan de vooruitblik niet overnemen",
        "new-period: the outlook is a text the sources already held as TOML",
    ),
    (
        "het bestaande bestand is alleen-lezen en wordt niet vervangen",
        "Windows only (Linux replaces a read-only file); .ci/windows.sh runs the Windows build",
    ),
    (
        "het bestand is geopend in een ander programma",
        "Windows only: .ci/windows.sh holds an output open under Wine and asserts the message",
    ),
    (
        "het bestaande bestand kan niet worden vervangen",
        "needs a file nobody may replace (chattr +i, as root): tests/it/platform.rs",
    ),
    (
        "zet 'Alleen-lezen' uit",
        "the hint of the Windows read-only message above",
    ),
    (
        "sluit het bestand in Word of in de PDF-lezer",
        "the hint of the two above: tests/it/platform.rs and .ci/windows.sh",
    ),
    (
        "alleen de opmaak is gewijzigd",
        "success output of import (a unit test of import::summary)",
    ),
    ("opmerking van", "success output of import"),
    (
        "opmerkingen worden niet in de bronnen opgenomen",
        "success output of import",
    ),
    ("geen wijzigingen:", "success output of import"),
    (
        "`uitvoeringsplan build --verbose` toont ze",
        "warnings of the typst renderer: the bundled layouts give none",
    ),
    (
        "kan niet vastleggen dat dit document is ingelezen",
        "the record is written beside the backup the import has just written",
    ),
    (
        "build --final: niets houdt het tegen",
        "a unit test of commands::status (no fixture plan is final)",
    ),
    ("(de vorige versie staat in", "success output of import"),
    ("watch: bewaakt", "success output of watch"),
    (
        "niets gebouwd (fouten in de bronnen)",
        "watch's status line; watch runs on",
    ),
    ("niets te schrijven", "watch's status line; watch runs on"),
    (
        "regels in een groep",
        "the noun of the row limit, as in too-many-rows",
    ),
    (
        "regels in een maat",
        "the noun of the row limit, as in too-many-rows",
    ),
    (
        "regels in een uitsplitsing",
        "the noun of the row limit, as in too-many-rows",
    ),
    (
        "value is out of range",
        "a text matched in the TOML reader's messages",
    ),
    (
        "het bronbestand is geen geldige TOML meer",
        "the importer writes into the file it has just read and checked",
    ),
    (
        "bestaat niet in het bronbestand",
        "every field the importer writes is in the file or in a table there",
    ),
    (
        "kan de nieuwe waarde niet schrijven",
        "only on a bug: a new value is plain text, numbers or lists",
    ),
    (
        "Ctrl-C wordt niet afgevangen",
        "only when the OS refuses a signal handler",
    ),
    (
        "kan de bronnen niet bewaken",
        "only when inotify is unavailable; watch runs until stopped",
    ),
    ("niet bewaken", "only when inotify refuses a path"),
    (
        "het document kon niet worden gelezen (interne fout)",
        "only on a bug (a contained panic); fuzzing looks for those",
    ),
    (
        "meld dit als fout",
        "only on a bug: our own export fails to read",
    ),
    (
        "sla het document in Word of LibreOffice opnieuw op",
        "the hint of the contained panic above",
    ),
    (
        "build: onderbroken",
        "needs Ctrl-C in the middle of a build",
    ),
    ("watch: {e}", "an error of the file watcher itself"),
    (
        "controleer de bronnenmap",
        "the hint of the defensive message below",
    ),
    (
        "het bestand is te groot ({}; hoogstens {})",
        "`import` refuses the same size before the package reader sees it",
    ),
    (
        "geen bestaande datum",
        "the TOML reader refuses a date that does not exist first",
    ),
    (
        "een onbekende opmaak",
        "the Markdown reader runs without extensions: no other construct arrives",
    ),
    (
        "in document.xml",
        "a self-check of the DOCX writer: only on a bug",
    ),
    (
        "onverwachte eindtag",
        "the DOCX writer's XML reader on its own parts: only on a bug",
    ),
    (
        "onvolledig XML-document",
        "the DOCX writer's XML reader on its own parts: only on a bug",
    ),
    (
        "document.xml zonder w:body",
        "a self-check of the DOCX writer: only on a bug",
    ),
    (
        "wordt in de DOCX niet ondersteund",
        "the house style is compiled in; a unit test loads it",
    ),
    (
        "kan de vergelijkingsexport niet maken",
        "only on a bug: our own export fails",
    ),
    (
        "het bronbestand van",
        "a section the plan knows always has a file: defensive",
    ),
    (
        "kan de reservekopie niet schrijven",
        "only on a failing disk",
    ),
    (
        "kan afbeelding `{rel}` niet lezen",
        "a file found by its real path that cannot be read: no read permission, and the tests run as root",
    ),
    (
        "is gewijzigd terwijl deze import liep",
        "needs a second import at the same moment: tests/it/files.rs",
    ),
    (
        "maak een nieuwe export, breng de wijzigingen daarin over en importeer die",
        "the hint of the message above",
    ),
    (
        "is verdwenen; watch wacht",
        "watch's status line; tests/it/watch.rs",
    ),
    (
        "is er weer en wordt opnieuw bewaakt",
        "watch's status line; tests/it/watch.rs",
    ),
    (
        "niet opnieuw bewaken",
        "only when inotify refuses a folder that came back",
    ),
    (
        "is niet gevonden",
        "the file was found moments before: defensive",
    ),
    (
        "toegevoegd, verwijderd of verplaatst",
        "success output of changes (a section's counts): tests/it/changes.rs",
    ),
    (
        "voor de totalen",
        "success output of changes (a section's counts): tests/it/changes.rs",
    ),
    (
        "onvolledige uitvoer van cat-file",
        "git's own output cut short: defensive",
    ),
    (
        "git kon versie `{since}` niet lezen",
        "a repository whose objects git cannot read (corrupt or missing packs)",
    ),
    (
        "controleer de repository met `git fsck`",
        "the hint of the message above",
    ),
    (
        "kan geen tijdelijke map maken voor versie",
        "only when the temporary folder is missing or full",
    ),
    (
        "controleer of de tijdelijke map (TMPDIR) bestaat",
        "the hint of the message above",
    ),
    (
        "de bronnen hebben geen resultaten.toml",
        "import sheet: resultaten.toml is a required file and the import runs only on sources that loaded without errors (`bestand ontbreekt` comes first): defensive",
    ),
    (
        "een resultatenblad hoort bij de bijlage met resultaten",
        "the hint of the message above",
    ),
    (
        "is niet in resultaten.toml gevonden",
        "import sheet: only on a bug; the figures and their paths both come from the loaded resultaten.toml",
    ),
    (
        "kan resultaten.toml niet bijwerken: {e}",
        "import sheet: only on a bug; every edited path was taken from the file being edited",
    ),
    (
        "het blad is geen geldige XML ({e})",
        "import sheet: import::package has parsed every XML part of the zip before the scan (a broken sheet gets its message): defensive",
    ),
    (
        "het bestand is te groot",
        "import sheet CSV: the command refuses a file over import::package::MAX_FILE_BYTES before reading it (its own message names the file and size): defensive",
    ),
];

/// The modules whose every sentence is a message to the user (the
/// renderers' sentences are document text, not messages).
const MESSAGE_MODULES: &[&str] = &[
    "src/source/",
    "src/model/build.rs",
    "src/model/text.rs",
    "src/import/",
    "src/commands/",
    "src/output.rs",
    "src/changes/reference.rs",
];

/// (file, line, literal) of every string literal in a message position:
/// the argument of a constructor of diagnostics, refusals, hints, errors
/// or of an `eprintln!`.
fn messages() -> Vec<(String, usize, String)> {
    const CALLS: &[&str] = &[
        "Diagnostic::error(",
        "Diagnostic::warning(",
        ".error(",
        ".warning(",
        "refuse(",
        "refusal(",
        "with_hint(",
        "eprintln!(",
        "eprint!(",
        "Err(",
        "custom(",
        "ok_or(",
        "map_err(|e| format!(",
        "map_err(|_| format!(",
    ];
    let mut out = Vec::new();
    for path in rust_files(&root().join("src")) {
        let source = fs::read_to_string(&path).unwrap();
        // Unit tests are not the tool's output.
        let code = source.split("#[cfg(test)]").next().unwrap();
        let rel = path.strip_prefix(root()).unwrap().display().to_string();
        for (start, literal) in literals(code) {
            let before: String = code[..start]
                .chars()
                .rev()
                .filter(|c| !c.is_whitespace())
                .take(40)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            let before = before.trim_end_matches("format!(");
            let at_call = CALLS.iter().any(|c| before.ends_with(&c.replace(' ', "")));
            // A message continues in the arguments of a call: a hint given
            // as the second argument of `refuse(message, hint)` and similar.
            let second_arg = before.ends_with(',')
                && CALLS[..6]
                    .iter()
                    .chain(&["refuse(", "refusal("])
                    .any(|c| open_call(code, start).is_some_and(|call| call.ends_with(c)));
            // In the modules that only check and report, any sentence is a
            // message, wherever it goes (a tuple, a variable, a constant).
            let sentence = MESSAGE_MODULES.iter().any(|m| rel.starts_with(m))
                && literal
                    .split_whitespace()
                    .filter(|w| w.chars().any(char::is_alphabetic))
                    .count()
                    >= 3
                && !["expect(", "panic!(", "unreachable!("]
                    .iter()
                    .any(|c| before.ends_with(c));
            if (at_call || second_arg || sentence) && literal.chars().any(|c| c.is_alphabetic()) {
                let line = code[..start].matches('\n').count() + 1;
                out.push((rel.clone(), line, unescape(&literal)));
            }
        }
    }
    assert!(out.len() > 100, "too few messages found: {}", out.len());
    out
}

/// The text before the innermost call still open at `at`.
fn open_call(code: &str, at: usize) -> Option<&str> {
    let mut depth = 0i32;
    for (i, c) in code[..at].char_indices().rev() {
        match c {
            ')' | ']' | '}' => depth += 1,
            '(' | '[' | '{' if depth > 0 => depth -= 1,
            '(' => return Some(&code[..=i]),
            _ => {}
        }
    }
    None
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let p = entry.unwrap().path();
        if p.is_dir() {
            out.extend(rust_files(&p));
        } else if p.extension().is_some_and(|e| e == "rs") && p.file_name().unwrap() != "tests.rs" {
            out.push(p);
        }
    }
    out.sort();
    out
}

/// The string literals of Rust code with their byte offsets (comments and
/// char literals skipped; raw strings read as written).
fn literals(code: &str) -> Vec<(usize, String)> {
    let b = code.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'\'' => {
                // A char literal ('x', '\n', '"') or a lifetime ('a).
                if b.get(i + 1) == Some(&b'\\') {
                    i += 2;
                    while i < b.len() && b[i] != b'\'' {
                        i += 1;
                    }
                } else if b.get(i + 2) == Some(&b'\'') {
                    i += 2;
                } else if let Some(c) = code[i + 1..].chars().next()
                    && code[i + 1 + c.len_utf8()..].starts_with('\'')
                {
                    i += c.len_utf8() + 1;
                }
                i += 1;
            }
            b'r' if b.get(i + 1) == Some(&b'#') || b.get(i + 1) == Some(&b'"') => {
                let hashes = b[i + 1..].iter().take_while(|&&c| c == b'#').count();
                if b.get(i + 1 + hashes) != Some(&b'"')
                    || (i > 0 && b[i - 1].is_ascii_alphanumeric())
                {
                    i += 1;
                    continue;
                }
                let start = i + 2 + hashes;
                let close = format!("\"{}", "#".repeat(hashes));
                let end = code[start..].find(&close).map_or(b.len(), |e| start + e);
                out.push((i, code[start..end].to_string()));
                i = end + close.len();
            }
            b'"' => {
                let start = i + 1;
                let mut j = start;
                while j < b.len() && b[j] != b'"' {
                    j += if b[j] == b'\\' { 2 } else { 1 };
                }
                out.push((i, code[start..j.min(b.len())].to_string()));
                i = j + 1;
            }
            _ => i += 1,
        }
    }
    out
}

/// A literal as printed: escapes resolved, a line continuation joined.
fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('"') => out.push('"'),
            Some('\\') => out.push('\\'),
            Some('\'') => out.push('\''),
            Some('\n') => {
                while chars.peek().is_some_and(|c| c.is_whitespace()) {
                    chars.next();
                }
            }
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => {}
        }
    }
    out
}

/// The longest piece of a message without a `{placeholder}` or line break:
/// what any output of it must contain.
fn longest_fragment(message: &str) -> String {
    let mut pieces = Vec::new();
    let mut current = String::new();
    let mut depth = 0;
    let mut chars = message.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                current.push('{');
            }
            '}' if depth == 0 && chars.peek() == Some(&'}') => {
                chars.next();
                current.push('}');
            }
            '{' => {
                depth += 1;
                pieces.push(std::mem::take(&mut current));
            }
            '}' if depth > 0 => depth -= 1,
            '\n' if depth == 0 => pieces.push(std::mem::take(&mut current)),
            _ if depth == 0 => current.push(c),
            _ => {}
        }
    }
    pieces.push(current);
    pieces
        .into_iter()
        .map(|p| p.trim().to_string())
        .max_by_key(|p| p.chars().count())
        .unwrap_or_default()
}

#[test]
fn the_message_scanner_reads_literals_and_fragments() {
    let code = r##"let c = '"'; // "not this"
        cx.error(span, format!("`{x}` is geen {{id}}"), "hint \"quoted\"");
        refuse(m, r#"raw "hint""#);"##;
    let found: Vec<String> = literals(code).into_iter().map(|(_, l)| l).collect();
    assert_eq!(
        found,
        vec![
            "`{x}` is geen {{id}}",
            r#"hint \"quoted\""#,
            r#"raw "hint""#
        ]
    );
    assert_eq!(longest_fragment("`{x}` is geen {{id}}"), "` is geen {id}");
    assert_eq!(longest_fragment("a {b}\nlonger line"), "longer line");
    assert_eq!(unescape(r#"een \"x\"\n"#), "een \"x\"\n");
}

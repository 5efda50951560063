//! Fuzzing on stable, through the same target bodies as the cargo-fuzz
//! targets in `fuzz/` (`uitvoeringsplan::fuzzing`): the kept corpus
//! (`fuzz/corpus/<target>/`) and every input that once failed
//! (`tests/fixtures/fuzz-regressions/<target>/`) are replayed, and each
//! target runs on arbitrary and mutated inputs for
//! `UITVOERINGSPLAN_FUZZ_SECONDS` (default: a couple of seconds, so the
//! suite stays quick). None may panic or take over the watchdog's limit.
//!
//! The budget is per test, and libtest runs as many tests at once as there
//! are cores: on two cores the third target starts when one of the first
//! two ends, so `UITVOERINGSPLAN_FUZZ_SECONDS=600` takes twenty minutes
//! (add `-- --test-threads=3` to run them side by side).

use std::path::Path;
use std::time::{Duration, Instant};

use uitvoeringsplan::fuzzing::{self, DOCX_SECTIONS, MarkdownCase, WordEditCase};

use crate::support::*;

/// A small, fast, deterministic generator (xorshift64*), seeded per target.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Watches one input at a time: an input that takes longer than `limit` is
/// a hang, saved to `uitvoeringsplan-fuzz-hang-<name>` in the temporary
/// folder and reported, and the test process ends.
struct Watchdog {
    current: std::sync::Arc<std::sync::Mutex<(Instant, Vec<u8>)>>,
    done: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl Watchdog {
    fn new(name: &'static str, limit: Duration) -> Watchdog {
        let current = std::sync::Arc::new(std::sync::Mutex::new((Instant::now(), Vec::new())));
        let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let (c, d) = (current.clone(), done.clone());
        std::thread::spawn(move || {
            while !d.load(std::sync::atomic::Ordering::SeqCst) {
                std::thread::sleep(Duration::from_millis(200));
                let (started, input) = c.lock().unwrap().clone();
                if started.elapsed() > limit && !d.load(std::sync::atomic::Ordering::SeqCst) {
                    let path =
                        std::env::temp_dir().join(format!("uitvoeringsplan-fuzz-hang-{name}"));
                    std::fs::write(&path, &input).unwrap();
                    eprintln!(
                        "{name}: an input took over {limit:?}; saved to {}",
                        path.display()
                    );
                    std::process::abort();
                }
            }
        });
        Watchdog { current, done }
    }

    fn start(&self, input: &[u8]) {
        *self.current.lock().unwrap() = (Instant::now(), input.to_vec());
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        self.done.store(true, std::sync::atomic::Ordering::SeqCst);
    }
}

/// Every fuzz loop runs at least this many inputs, however loaded the
/// machine is, and then on until its time budget is spent: a slow machine
/// makes the run longer, never weaker.
const MIN_RUNS: u64 = 40;

fn keep_going(start: Instant, runs: u64) -> bool {
    runs < MIN_RUNS || start.elapsed() < budget()
}

fn budget() -> Duration {
    let secs = std::env::var("UITVOERINGSPLAN_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
        .unwrap_or(2);
    Duration::from_secs(secs)
}

/// Mutates bytes: flips, inserts, deletes, duplicates slices, splices tokens.
fn mutate(rng: &mut Rng, data: &[u8], tokens: &[&[u8]]) -> Vec<u8> {
    let mut v = data.to_vec();
    for _ in 0..1 + rng.below(8) {
        let at = rng.below(v.len() + 1);
        match rng.below(6) {
            0 if !v.is_empty() => {
                let i = rng.below(v.len());
                v[i] ^= 1 << rng.below(8);
            }
            1 => v.insert(at, rng.next() as u8),
            2 if !v.is_empty() => {
                let end = (at + rng.below(64)).min(v.len());
                v.drain(at.min(end)..end);
            }
            3 if !v.is_empty() => {
                let start = rng.below(v.len());
                let end = (start + rng.below(256)).min(v.len());
                let piece = v[start..end].to_vec();
                v.splice(at..at, piece);
            }
            _ => {
                let t = tokens[rng.below(tokens.len())];
                v.splice(at..at, t.iter().copied());
            }
        }
    }
    v
}

fn seeds(dir: &str) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(root().join(dir)).unwrap() {
        let p = entry.unwrap().path();
        if p.extension().is_some_and(|e| e == "toml") {
            out.push(std::fs::read(p).unwrap());
        }
    }
    out
}

#[test]
fn fuzz_source_files() {
    let mut seeds_all = seeds("sources");
    seeds_all.extend(seeds("sources/districten"));
    seeds_all.extend(seeds("sources/themas"));
    let tokens: &[&[u8]] = &[
        b"\"",
        b"\"\"\"",
        b"'''",
        b"[",
        b"]",
        b"[[",
        b"]]",
        b"=",
        b"\n",
        b"{",
        b"}",
        b",",
        b"#",
        b"\\",
        b"open",
        b"-1",
        b"1e999",
        b"\xff",
        b"\xe2\x82",
        b"2023-13-45",
        b"\"1,855\"",
    ];
    let mut rng = Rng(0x5EED_0001);
    let watchdog = Watchdog::new("source_file", Duration::from_secs(10));
    let (start, mut runs) = (Instant::now(), 0u64);
    while keep_going(start, runs) {
        let seed = &seeds_all[rng.below(seeds_all.len())];
        let bytes = if rng.below(10) == 0 {
            (0..rng.below(512)).map(|_| rng.next() as u8).collect()
        } else {
            mutate(&mut rng, seed, tokens)
        };
        watchdog.start(&bytes);
        fuzzing::source_file(&bytes);
        runs += 1;
    }
    eprintln!("fuzz_source_files: {runs} inputs");
}

#[test]
fn fuzz_markdown_subset() {
    let alphabet: &[&str] = &[
        "a",
        "b",
        " ",
        "\n",
        "\n\n",
        "*",
        "**",
        "_",
        "[",
        "]",
        "(",
        ")",
        "https://x.nl",
        "mailto:a@b",
        "<",
        ">",
        "> ",
        "- ",
        "1. ",
        "  ",
        "    ",
        "#",
        "`",
        "```",
        "\\",
        "&amp;",
        "&#",
        "—",
        " ",
        "!",
        "|",
        "---",
        "~",
        "javascript:",
        "<div>",
        "ĳ",
    ];
    let mut rng = Rng(0x5EED_0002);
    let watchdog = Watchdog::new("markdown", Duration::from_secs(10));
    let (start, mut runs, mut accepted, mut inexact) = (Instant::now(), 0u64, 0u64, 0u64);
    while keep_going(start, runs) {
        let n = 1 + rng.below(60);
        let text: String = (0..n)
            .map(|_| alphabet[rng.below(alphabet.len())])
            .collect();
        watchdog.start(text.as_bytes());
        match fuzzing::markdown(text.as_bytes()) {
            MarkdownCase::Outside => {}
            MarkdownCase::RoundTrip => accepted += 1,
            MarkdownCase::Inexact => (accepted, inexact) = (accepted + 1, inexact + 1),
        }
        runs += 1;
    }
    eprintln!(
        "fuzz_markdown_subset: {runs} inputs, {accepted} in the subset, {inexact} refused as inexact"
    );
    // Only pathological punctuation is refused; most text round-trips.
    assert!(
        inexact * 5 < accepted.max(5),
        "{inexact} of {accepted} inexact"
    );
    assert!(accepted > 0);
}

#[test]
fn fuzz_docx_importer() {
    // Whole files (mostly stopped by the zip's checksums) and the document
    // XML of real exports (reaching the parser and the mapping).
    let seeds: Vec<Vec<u8>> = DOCX_SECTIONS
        .iter()
        .flat_map(|id| [fuzzing::docx_seed(id), fuzzing::docx_xml_seed(id)])
        .collect();
    let tokens: &[&[u8]] = &[
        b"<w:p>",
        b"</w:p>",
        b"<w:tbl>",
        b"<w:ins>",
        b"<w:del>",
        b"<w:bookmarkStart w:id=\"1\" w:name=\"f_x\"/>",
        b"<!DOCTYPE",
        b"&",
        b"\"",
        b"\x00",
        b"PK\x03\x04",
    ];
    let mut rng = Rng(0x5EED_0003);
    let watchdog = Watchdog::new("docx_import", Duration::from_secs(10));
    let (start, mut runs) = (Instant::now(), 0u64);
    while keep_going(start, runs) {
        let seed = &seeds[rng.below(seeds.len())];
        let bytes = mutate(&mut rng, seed, tokens);
        watchdog.start(&bytes);
        fuzzing::docx_import(&bytes);
        runs += 1;
    }
    eprintln!("fuzz_docx_importer: {runs} inputs");
}

#[test]
fn fuzz_word_edits_to_an_export() {
    // The input is a series of choices: random bytes are what it takes.
    let mut rng = Rng(0x5EED_0004);
    let watchdog = Watchdog::new("docx_word_edits", Duration::from_secs(10));
    let (start, mut runs) = (Instant::now(), 0u64);
    let (mut refused, mut imported) = (0u64, 0u64);
    while keep_going(start, runs) {
        let bytes: Vec<u8> = (0..2 + rng.below(40)).map(|_| rng.next() as u8).collect();
        watchdog.start(&bytes);
        match fuzzing::docx_word_edits(&bytes) {
            WordEditCase::Refused(_) => refused += 1,
            WordEditCase::Imported => imported += 1,
            WordEditCase::Unchanged => {}
        }
        runs += 1;
    }
    eprintln!(
        "fuzz_word_edits_to_an_export: {runs} inputs, {imported} imported, {refused} refused"
    );
    // Both ways are taken: the edits are not all refused.
    assert!(imported > 0 && refused > 0);
}

#[test]
fn fuzz_results_sheet_importer() {
    // The bundled plan's template as .xlsx (mostly stopped by the zip's
    // checksums) and as the CSV a spreadsheet program saves (reaching the
    // marker, the heads, the rows and the values).
    let seeds = [
        fuzzing::results_sheet_seed(false),
        fuzzing::results_sheet_seed(true),
    ];
    let tokens: &[&[u8]] = &[
        b";",
        b"\"",
        b"\r\n",
        b"\n",
        b"-",
        b",",
        b".",
        b"1.000",
        b"\xe2\x82\xac ",
        b"open",
        b"99999999999999999999",
        b"\xff",
        b"PK\x03\x04",
        b"\x82",
    ];
    // The templates themselves import (without changes).
    assert!(seeds.iter().all(|s| fuzzing::results_sheet(s)));
    let mut rng = Rng(0x5EED_0005);
    let watchdog = Watchdog::new("results_sheet", Duration::from_secs(10));
    let (start, mut runs, mut accepted) = (Instant::now(), 0u64, 0u64);
    while keep_going(start, runs) {
        let seed = &seeds[rng.below(seeds.len())];
        let bytes = mutate(&mut rng, seed, tokens);
        watchdog.start(&bytes);
        accepted += u64::from(fuzzing::results_sheet(&bytes));
        runs += 1;
    }
    eprintln!("fuzz_results_sheet_importer: {runs} inputs, {accepted} accepted");
    // The mutations reach past the checks: some sheets are accepted.
    assert!(accepted > 0);
}

/// Runs every file in `fuzz/corpus/<target>/` (which must hold some) and
/// in `tests/fixtures/fuzz-regressions/<target>/` through `body`.
fn replay(target: &'static str, body: impl Fn(&[u8]) + std::panic::RefUnwindSafe) {
    let watchdog = Watchdog::new(target, Duration::from_secs(10));
    let count = |dir: &Path| {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return 0;
        };
        let mut paths: Vec<_> = entries.map(|e| e.unwrap().path()).collect();
        paths.sort();
        for path in &paths {
            let input = std::fs::read(path).unwrap();
            watchdog.start(&input);
            let outcome = std::panic::catch_unwind(|| body(&input));
            assert!(outcome.is_ok(), "{target}: {} fails", path.display());
        }
        paths.len()
    };
    let kept = count(&root().join("fuzz/corpus").join(target));
    let regressions = count(&fixtures().join("fuzz-regressions").join(target));
    eprintln!("{target}: replayed {kept} corpus inputs and {regressions} regressions");
    assert!(kept > 0, "fuzz/corpus/{target}/ is empty");
}

#[test]
fn fuzz_corpus_source_file() {
    replay("source_file", fuzzing::source_file);
}

#[test]
fn fuzz_corpus_markdown() {
    replay("markdown", |data| {
        let _ = fuzzing::markdown(data);
    });
}

#[test]
fn fuzz_corpus_docx_import() {
    replay("docx_import", fuzzing::docx_import);
}

#[test]
fn fuzz_corpus_docx_word_edits() {
    replay("docx_word_edits", |data| {
        let _ = fuzzing::docx_word_edits(data);
    });
}

#[test]
fn fuzz_corpus_results_sheet() {
    replay("results_sheet", |data| {
        let _ = fuzzing::results_sheet(data);
    });
}

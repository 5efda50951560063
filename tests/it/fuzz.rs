//! Fuzzing in bounded time: arbitrary and mutated inputs for the source
//! parser, the Markdown subset and the DOCX importer. None may panic or hang.
//! Each target runs for `UITVOERINGSPLAN_FUZZ_SECONDS` (default: a couple of
//! seconds, so the suite stays quick; CI and long runs raise it).

use std::time::{Duration, Instant};

use uitvoeringsplan::import::{document, package};
use uitvoeringsplan::model::{markdown, richtext};
use uitvoeringsplan::source::parse::parse_toml;
use uitvoeringsplan::source::types::{BudgetFile, DistrictFile, PlanFile, ResultsFile, ThemeFile};

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
/// a hang, saved to `target/fuzz-hang-<name>` and reported.
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
    let watchdog = Watchdog::new("source", Duration::from_secs(5));
    let (start, mut runs) = (Instant::now(), 0u64);
    while start.elapsed() < budget() {
        let seed = &seeds_all[rng.below(seeds_all.len())];
        let bytes = if rng.below(10) == 0 {
            (0..rng.below(512)).map(|_| rng.next() as u8).collect()
        } else {
            mutate(&mut rng, seed, tokens)
        };
        watchdog.start(&bytes);
        let Ok(text) = String::from_utf8(bytes) else {
            continue;
        };
        let _ = parse_toml::<PlanFile>("f.toml", &text);
        let _ = parse_toml::<DistrictFile>("f.toml", &text);
        let _ = parse_toml::<ThemeFile>("f.toml", &text);
        let _ = parse_toml::<BudgetFile>("f.toml", &text);
        let _ = parse_toml::<ResultsFile>("f.toml", &text);
        runs += 1;
    }
    eprintln!("fuzz_source_files: {runs} inputs");
    assert!(runs > 10);
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
    let (start, mut runs, mut accepted, mut inexact) = (Instant::now(), 0u64, 0u64, 0u64);
    while start.elapsed() < budget() {
        let n = 1 + rng.below(60);
        let text: String = (0..n)
            .map(|_| alphabet[rng.below(alphabet.len())])
            .collect();
        if let Ok(rt) = richtext::parse(&text) {
            accepted += 1;
            // What the importer writes reads back as the same rich text, or
            // the importer refuses: it never writes text that reads otherwise.
            let written = markdown::to_markdown(&rt);
            match markdown::to_markdown_exact(&rt, written) {
                Ok(md) => assert_eq!(richtext::parse(&md).unwrap(), rt, "{text:?}"),
                Err(_) => inexact += 1,
            }
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
    let tmp = TempDir::new("fuzz-docx");
    let out = run(
        &root(),
        &[
            "build",
            "--format",
            "docx",
            "--section",
            "west-utrecht",
            "--out",
            tmp.path().to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let export = std::fs::read(
        tmp.path()
            .join("uitvoeringsplan-midden-nederland-2023-2024-west-utrecht.docx"),
    )
    .unwrap();
    // The inflated parts too: mutating XML reaches the parser, not only the zip reader.
    let parts = package::open(&export).unwrap();
    let xml = parts.parts["word/document.xml"].clone();
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
    let (start, mut runs) = (Instant::now(), 0u64);
    while start.elapsed() < budget() {
        match rng.below(3) {
            0 => {
                let bytes = mutate(&mut rng, &export, tokens);
                if let Ok(p) = package::open(&bytes) {
                    let _ = document::parse(&p, rng.below(2) == 0);
                }
            }
            _ => {
                let mut p = package::Package::default();
                p.parts
                    .insert("word/document.xml".into(), mutate(&mut rng, &xml, tokens));
                let _ = document::parse(&p, rng.below(2) == 0);
            }
        }
        runs += 1;
    }
    eprintln!("fuzz_docx_importer: {runs} inputs");
    assert!(runs > 10);
}

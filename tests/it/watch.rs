//! `watch`: rebuilds after a source edit, survives a half-typed TOML file
//! and recovers on the next save, stops cleanly on Ctrl-C; its warm rebuilds
//! give the same bytes as a cold `build`. No timing assertions: every wait
//! has a generous timeout and only the order of events is checked.

use std::fs;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::support::*;

const PDF_NAME: &str = "uitvoeringsplan-testregio-2025-2026.pdf";
const PATIENCE: Duration = Duration::from_secs(120);

/// A temporary folder holding a copy of the minimal plan's sources.
fn minimal_plan(name: &str) -> (TempDir, PathBuf) {
    let tmp = TempDir::new(name);
    let sources = tmp.path().join("sources");
    copy_dir(&minimal_sources(), &sources);
    (tmp, sources)
}

fn minimal_sources() -> PathBuf {
    fixtures().join("valid/minimal/sources")
}

/// A running `watch` with its output lines as they come.
struct Watching {
    child: Child,
    lines: Receiver<String>,
    seen: Vec<String>,
    stderr: Arc<Mutex<String>>,
}

impl Watching {
    fn start(dir: &Path) -> Watching {
        Watching::start_with(dir, "out")
    }

    /// `watch` of `sources` with `--out out_dir`, PDF only.
    fn start_with(dir: &Path, out_dir: &str) -> Watching {
        Watching::start_format(dir, out_dir, "pdf")
    }

    /// `watch` of `sources` with `--out out_dir` and `--format format`.
    fn start_format(dir: &Path, out_dir: &str, format: &str) -> Watching {
        let mut child = Command::new(bin())
            .current_dir(dir)
            .args([
                "watch",
                "--sources",
                "sources",
                "--out",
                out_dir,
                "--format",
                format,
            ])
            .env_remove("SOURCE_DATE_EPOCH")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let (tx, lines) = channel();
        let stdout = child.stdout.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let stderr = Arc::new(Mutex::new(String::new()));
        let mut pipe = child.stderr.take().unwrap();
        let sink = Arc::clone(&stderr);
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = pipe.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
        Watching {
            child,
            lines,
            seen: Vec::new(),
            stderr,
        }
    }

    /// The next output line that `matches`; panics with everything seen
    /// when none comes within the patience.
    fn expect(&mut self, what: &str, matches: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    self.seen.push(line.clone());
                    if matches(&line) {
                        return line;
                    }
                }
                Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => panic!(
                    "watch never printed {what}\n--- stdout\n{}\n--- stderr\n{}",
                    self.seen.join("\n"),
                    self.stderr()
                ),
            }
        }
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// Waits until stderr contains `needle` (it is read on its own thread,
    /// so it may trail the stdout line that follows it).
    fn expect_stderr(&self, needle: &str) {
        let deadline = Instant::now() + PATIENCE;
        while !self.stderr().contains(needle) {
            assert!(
                Instant::now() < deadline,
                "stderr never said {needle}:\n{}",
                self.stderr()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn interrupt(&self) {
        // SAFETY: sends SIGINT to the child we spawned.
        let rc = unsafe { libc::kill(self.child.id() as libc::pid_t, libc::SIGINT) };
        assert_eq!(rc, 0, "could not signal watch");
    }

    /// Waits for the process to end; its exit code.
    fn wait_exit(&mut self) -> Option<i32> {
        let deadline = Instant::now() + PATIENCE;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code();
            }
            assert!(Instant::now() < deadline, "watch did not stop");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Watching {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn written(line: &str) -> bool {
    line.contains("PDF geschreven")
}

#[test]
fn watch_rebuilds_the_web_publication_too() {
    let (tmp, sources) = minimal_plan("watch-html");
    let page = tmp
        .path()
        .join("out/uitvoeringsplan-testregio-2025-2026/district-zuid.html");
    let mut watch = Watching::start_format(tmp.path(), "out", "html");
    watch.expect("the first build", |l| {
        l.contains("HTML geschreven (7 pagina's")
    });
    assert!(!fs::read_to_string(&page).unwrap().contains("Zuidelijk"));
    let file = sources.join("districten/zuid.toml");
    let toml = fs::read_to_string(&file).unwrap();
    let (first, rest) = toml.split_once('\n').unwrap();
    assert!(first.starts_with("naam = "), "{first}");
    fs::write(&file, format!("naam = \"Zuidelijk\"\n{rest}")).unwrap();
    watch.expect("the rebuild", |l| {
        l.contains("zuid.toml") && l.contains("HTML geschreven")
    });
    assert!(
        fs::read_to_string(&page)
            .unwrap()
            .contains("<h1>Zuidelijk</h1>")
    );
    watch.interrupt();
    assert_eq!(watch.wait_exit(), Some(0));
}

#[test]
fn watch_rebuilds_after_an_edit_survives_a_broken_file_and_stops_cleanly() {
    let (tmp, sources) = minimal_plan("watch");
    let pdf = tmp.path().join("out").join(PDF_NAME);

    let mut watch = Watching::start(tmp.path());
    let first = watch.expect("the first build", |l| l.starts_with("eerste build:"));
    assert!(written(&first), "{first}");
    assert!(first.contains("geen problemen"), "{first}");
    assert!(pdf.is_file());

    // An edit to one paragraph: rebuilt, and the PDF says the new text.
    let noord = sources.join("districten/noord.toml");
    let original = fs::read_to_string(&noord).unwrap();
    fs::write(
        &noord,
        original.replace(
            "In 2024 is veel gedaan.",
            "In 2024 is bijzonder veel gedaan.",
        ),
    )
    .unwrap();
    // (A save seen half-way would give an extra line first; wait for the
    // one that built.)
    watch.expect("a rebuild after the edit", |l| {
        l.contains("districten/noord.toml") && written(l)
    });
    let printed = pdf_extract::extract_text(&pdf).unwrap();
    let printed = printed.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(printed.contains("In 2024 is bijzonder veel gedaan."));

    // A half-typed value: its diagnostics, no build, and the watcher stays.
    let plan = sources.join("plan.toml");
    let good = fs::read_to_string(&plan).unwrap();
    let before = fs::read(&pdf).unwrap();
    fs::write(
        &plan,
        good.replace("slogan = \"Samen sterk\"", "slogan = \"Samen st"),
    )
    .unwrap();
    let line = watch.expect("the broken file's line", |l| l.contains("plan.toml"));
    assert!(line.contains("niets gebouwd"), "{line}");
    assert!(line.contains("fout"), "{line}");
    watch.expect_stderr("sources/plan.toml:");
    assert!(watch.child.try_wait().unwrap().is_none(), "watch exited");
    assert_eq!(fs::read(&pdf).unwrap(), before, "the PDF was touched");

    // The next save recovers.
    fs::write(&plan, &good).unwrap();
    let line = watch.expect("the recovery", |l| l.contains("plan.toml") && written(l));
    assert!(line.contains("geen problemen"), "{line}");

    // Warm rebuilds give the bytes of a cold build of the same sources.
    run_ok(
        tmp.path(),
        &[
            "build",
            "--format",
            "pdf",
            "--sources",
            "sources",
            "--out",
            "cold",
        ],
    );
    assert!(
        fs::read(&pdf).unwrap() == fs::read(tmp.path().join("cold").join(PDF_NAME)).unwrap(),
        "watch and build differ"
    );

    // Ctrl-C: a clean stop, nothing partial left behind.
    watch.interrupt();
    watch.expect("the stop", |l| l == "watch: gestopt");
    assert_eq!(watch.wait_exit(), Some(0));
    let left: Vec<String> = fs::read_dir(tmp.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left, [PDF_NAME], "temporary files left behind");
}

#[test]
fn watch_without_a_sources_folder_says_so() {
    let tmp = TempDir::new("watch-none");
    let out = run(tmp.path(), &["watch", "--sources", "nergens"]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("de bronnenmap nergens bestaat niet"), "{err}");
}

#[test]
fn watch_follows_the_sources_folder_when_it_is_deleted_and_made_again() {
    let (tmp, sources) = minimal_plan("watch-again");
    let pdf = tmp.path().join("out").join(PDF_NAME);
    let mut watch = Watching::start(tmp.path());
    let first = watch.expect("the first build", |l| l.starts_with("eerste build:"));
    assert!(written(&first), "{first}");

    fs::remove_dir_all(&sources).unwrap();
    watch.expect("that the folder is gone", |l| {
        l == "watch: sources is verdwenen; watch wacht tot de map er weer is"
    });
    // Put back with an edit, as a restore from a copy would.
    copy_dir(&minimal_sources(), &sources);
    watch.expect("that the folder is back", |l| {
        l == "watch: sources is er weer en wordt opnieuw bewaakt"
    });
    watch.expect("the rebuild of the folder that came back", |l| {
        l.starts_with("sources") && written(l)
    });

    // And the edits after it are seen again.
    let noord = sources.join("districten/noord.toml");
    let original = fs::read_to_string(&noord).unwrap();
    fs::write(
        &noord,
        original.replace("In 2024 is veel gedaan.", "In 2024 is weer veel gedaan."),
    )
    .unwrap();
    watch.expect("a rebuild after an edit in the new folder", |l| {
        l.contains("districten/noord.toml") && written(l)
    });
    let printed = pdf_extract::extract_text(&pdf).unwrap();
    let printed = printed.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(printed.contains("In 2024 is weer veel gedaan."));
    watch.interrupt();
    assert_eq!(watch.wait_exit(), Some(0));
}

#[test]
fn watch_with_the_output_folder_above_the_sources_still_rebuilds() {
    let (tmp, sources) = minimal_plan("watch-out-above");
    let mut watch = Watching::start_with(tmp.path(), ".");
    let first = watch.expect("the first build", |l| l.starts_with("eerste build:"));
    assert!(written(&first), "{first}");
    let noord = sources.join("districten/noord.toml");
    let original = fs::read_to_string(&noord).unwrap();
    fs::write(&noord, original.replace("veel gedaan", "veel bereikt")).unwrap();
    watch.expect("a rebuild after the edit", |l| {
        l.contains("districten/noord.toml") && written(l)
    });
    assert!(tmp.path().join(PDF_NAME).is_file());
    watch.interrupt();
    assert_eq!(watch.wait_exit(), Some(0));
}

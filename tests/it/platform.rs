//! What differs between the editors' Windows laptops and Linux, checked on
//! Linux: an output that cannot be replaced (on Windows: open in Word or a
//! PDF reader) and sources saved by Windows editors (BOM, CRLF). The
//! Windows build itself runs the editors' workflow under Wine in
//! `.ci/windows.sh`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::*;

const STEM: &str = "uitvoeringsplan-testregio-2025-2026";

/// Makes a file immutable (`chattr +i`) while it lives: nobody, not even
/// root, can replace it; the closest Linux has to a file that Word holds
/// open on Windows. Undone when dropped, also when the test fails.
struct Immutable(PathBuf);

impl Immutable {
    /// `None` (with the reason printed) where the file system or the user
    /// cannot make files immutable.
    fn new(path: &Path) -> Option<Immutable> {
        match Command::new("chattr").arg("+i").arg(path).output() {
            Ok(out) if out.status.success() => Some(Immutable(path.to_path_buf())),
            Ok(out) => {
                eprintln!(
                    "skipped: chattr +i is refused here (needs root and ext4, xfs or btrfs): {}",
                    text(&out.stderr).trim()
                );
                None
            }
            Err(e) => {
                eprintln!("skipped: chattr cannot run ({e})");
                None
            }
        }
    }
}

impl Drop for Immutable {
    fn drop(&mut self) {
        let _ = Command::new("chattr").arg("-i").arg(&self.0).status();
    }
}

#[test]
fn an_output_that_cannot_be_replaced_stays_and_the_other_outputs_are_written() {
    let tmp = minimal_copy("not-replaced");
    run_ok(tmp.path(), &["build"]);
    let out = tmp.path().join("out");
    let pdf = out.join(format!("{STEM}.pdf"));
    let docx = out.join(format!("{STEM}.docx"));
    // Both outputs of the next build differ from what is there now.
    fs::write(&pdf, b"de vorige PDF").unwrap();
    fs::write(&docx, b"de vorige DOCX").unwrap();
    let Some(_held) = Immutable::new(&pdf) else {
        return;
    };
    let result = run(tmp.path(), &["build"]);
    assert_eq!(result.status.code(), Some(1), "{}", text(&result.stderr));
    assert_eq!(
        text(&result.stderr),
        format!(
            "error: kan out/{STEM}.pdf niet schrijven: het bestaande bestand kan niet worden vervangen (Operation not permitted (os error 1)); het blijft zoals het was\n  = hint: sluit het bestand in Word of in de PDF-lezer (of het programma dat het open heeft) en bouw opnieuw\n"
        )
    );
    // The old PDF is intact, the DOCX is the new one, and no temporary
    // file is left beside them.
    assert_eq!(fs::read(&pdf).unwrap(), b"de vorige PDF");
    assert!(fs::read(&docx).unwrap().starts_with(b"PK\x03\x04"));
    assert!(text(&result.stdout).contains(&format!("out/{STEM}.docx")));
    let mut names: Vec<String> = fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    // Beside them the web publication's folder and the results sheet
    // (`build` writes all four).
    assert_eq!(
        names,
        [
            STEM.to_string(),
            format!("{STEM}-resultaten.xlsx"),
            format!("{STEM}.docx"),
            format!("{STEM}.pdf")
        ]
    );
}

/// `text` as a Windows editor (Notepad, VS Code set to CRLF) saves it.
fn windows_form(text: &str) -> String {
    format!("\u{feff}{}", text.replace('\n', "\r\n"))
}

/// Every `.toml` file under `dir`.
fn toml_files(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            toml_files(&path, found);
        } else if path.extension().is_some_and(|e| e == "toml") {
            found.push(path);
        }
    }
}

/// The entries of a zip, by name.
fn zip_entries(bytes: &[u8]) -> std::collections::BTreeMap<String, Vec<u8>> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut b = Vec::new();
            f.read_to_end(&mut b).unwrap();
            (f.name().to_string(), b)
        })
        .collect()
}

#[test]
fn sources_saved_by_windows_editors_give_the_same_plan() {
    let unix = bundled_copy("form-lf");
    let windows = bundled_copy("form-crlf");
    let mut files = Vec::new();
    toml_files(&windows.path().join("sources"), &mut files);
    assert!(files.len() > 10);
    for file in &files {
        let text = fs::read_to_string(file).unwrap();
        fs::write(file, windows_form(&text)).unwrap();
    }
    // The same PDF, byte for byte; the same DOCX but for the fingerprint
    // of the sources (of their bytes, which differ).
    let built: Vec<(Vec<u8>, Vec<u8>)> = [&unix, &windows]
        .iter()
        .map(|tmp| {
            run_ok(tmp.path(), &["build"]);
            let out = tmp
                .path()
                .join("out/uitvoeringsplan-midden-nederland-2023-2024");
            (
                fs::read(out.with_extension("pdf")).unwrap(),
                fs::read(out.with_extension("docx")).unwrap(),
            )
        })
        .collect();
    assert!(built[0].0 == built[1].0, "the PDFs differ");
    let (mut a, mut b) = (zip_entries(&built[0].1), zip_entries(&built[1].1));
    assert_ne!(
        a.remove("docProps/custom.xml"),
        b.remove("docProps/custom.xml")
    );
    assert!(a == b, "the DOCX parts differ");
    // A mistake in a district is reported at the same line and column,
    // with the same line shown.
    for (tmp, newline) in [(&unix, "\n"), (&windows, "\r\n")] {
        let file = tmp.path().join("sources/districten/flevoland.toml");
        let text = fs::read_to_string(&file).unwrap();
        let broken = text.replacen(
            &format!("{newline}naam = "),
            &format!("{newline}naam = 12{newline}x = "),
            1,
        );
        assert_ne!(broken, text);
        fs::write(&file, broken).unwrap();
    }
    let checked: Vec<String> = [&unix, &windows]
        .iter()
        .map(|tmp| {
            let out = run(tmp.path(), &["check"]);
            assert_eq!(out.status.code(), Some(1));
            text(&out.stderr)
        })
        .collect();
    assert!(
        checked[0].contains("sources/districten/flevoland.toml:"),
        "{}",
        checked[0]
    );
    assert_eq!(checked[0], checked[1]);
}

/// A reader that stops reading (`uitvoeringsplan status | head -1`, or a
/// console closed under a running command) is no error: the command does
/// its work and ends as it would, without a panic on standard error.
#[test]
fn a_reader_that_stops_reading_standard_output_is_no_panic() {
    let tmp = bundled_copy("closed-stdout");
    for args in [
        &["status"][..],
        &["check"],
        &["new-period", "2025-2026", "--out", "next"],
    ] {
        let mut child = Command::new(bin())
            .args(args)
            .current_dir(tmp.path())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // The reading end closed before a line is written.
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let err = text(&out.stderr);
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert!(!err.contains("standaarduitvoer"), "{args:?}: {err}");
        assert!(out.status.success(), "{args:?}: {:?} {err}", out.status);
    }
    // new-period did its work all the same.
    assert!(tmp.path().join("next/plan.toml").exists());
}

/// Standard output that fails otherwise (a full disk under `> file`) is
/// said once on standard error, and the command still does its work.
#[test]
fn a_failing_standard_output_is_said_once_and_the_work_is_done() {
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        eprintln!("skipped: no /dev/full here");
        return;
    };
    let tmp = bundled_copy("full-stdout");
    let out = Command::new(bin())
        .args(["new-period", "2025-2026", "--out", "next"])
        .current_dir(tmp.path())
        .stdout(full)
        .output()
        .unwrap();
    let err = text(&out.stderr);
    assert_eq!(
        err.matches("waarschuwing: kon niet naar de standaarduitvoer schrijven")
            .count(),
        1,
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    assert!(out.status.success(), "{err}");
    assert!(tmp.path().join("next/plan.toml").exists());
}

//! Checks with external tools (poppler-utils, qpdf, pikepdf; LibreOffice and
//! python-docx for the DOCX). `.ci/run` installs them and sets
//! `UITVOERINGSPLAN_EXTERNAL=1`, which makes them required; run locally
//! without the tools, each check is skipped with a printed reason.

use std::process::Command;

use crate::support::*;

/// True when `tool` can run; when it cannot, skips (locally) or fails (in CI).
pub fn have(tool: &str, probe: &[&str]) -> bool {
    let ok = Command::new(tool)
        .args(probe)
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var_os("UITVOERINGSPLAN_EXTERNAL").is_none(),
            "{tool} is required here (UITVOERINGSPLAN_EXTERNAL is set) but cannot run"
        );
        eprintln!("skipped: {tool} is not installed (.ci/run installs it)");
    }
    ok
}

fn tool(cmd: &str, args: &[&str]) -> String {
    let out = Command::new(cmd).args(args).output().unwrap();
    let all = text(&out.stdout) + &text(&out.stderr);
    assert!(out.status.success(), "{cmd} {args:?} failed: {all}");
    all
}

fn bundled_pdf(tmp: &TempDir) -> std::path::PathBuf {
    let out = run(
        &root(),
        &[
            "build",
            "--format",
            "pdf",
            "--out",
            tmp.path().to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    tmp.path()
        .join("uitvoeringsplan-midden-nederland-2023-2024.pdf")
}

#[test]
fn poppler_sees_a_tagged_pdf_with_embedded_fonts_and_all_text() {
    if !have("pdfinfo", &["-v"]) {
        return;
    }
    let tmp = TempDir::new("ext-poppler");
    let pdf = bundled_pdf(&tmp);
    let p = pdf.to_str().unwrap();
    let info = tool("pdfinfo", &[p]);
    assert!(info.contains("Tagged:          yes"), "{info}");
    assert!(
        info.contains("Title:           Uitvoeringsplan Midden-Nederland 2023-2024"),
        "{info}"
    );
    assert!(
        info.contains("Author:          RIEC Midden-Nederland"),
        "{info}"
    );
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .map(|n| n.trim().parse().unwrap())
        .unwrap();
    assert!((30..=60).contains(&pages), "{pages}");
    let fonts = tool("pdffonts", &[p]);
    for line in fonts.lines().skip(2) {
        let cols: Vec<&str> = line.split_whitespace().collect();
        assert!(
            cols.len() >= 5 && cols[cols.len() - 5] == "yes",
            "font not embedded: {line}"
        );
    }
    let text = tool("pdftotext", &["-layout", p, "-"]);
    for word in [
        "Flevoland",
        "West-Utrecht",
        "Straatwaarde(n)",
        "7.056.397",
        "Pagina 1 van",
    ] {
        assert!(text.contains(word), "pdftotext lacks {word}");
    }
}

#[test]
fn qpdf_finds_no_structural_errors() {
    if !have("qpdf", &["--version"]) {
        return;
    }
    let tmp = TempDir::new("ext-qpdf");
    let pdf = bundled_pdf(&tmp);
    let out = tool("qpdf", &["--check", pdf.to_str().unwrap()]);
    assert!(
        out.contains("No syntax or stream encoding errors found"),
        "{out}"
    );
}

#[test]
fn pikepdf_walks_a_sound_structure_tree() {
    if !have("python3", &["-c", "import pikepdf"]) {
        return;
    }
    let tmp = TempDir::new("ext-pikepdf");
    let pdf = bundled_pdf(&tmp);
    let script = root().join("tests/external/pdf_structure.py");
    let out = tool(
        "python3",
        &[script.to_str().unwrap(), pdf.to_str().unwrap()],
    );
    assert!(out.contains("lang=nl"), "{out}");
    assert!(!out.contains("PROBLEM"), "{out}");
}

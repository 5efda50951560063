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
    run_ok(
        &root(),
        &[
            "build",
            "--format",
            "pdf",
            "--out",
            tmp.path().to_str().unwrap(),
        ],
    );
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

/// The case of issue 11: a list running over a page break once held the
/// margin navigation's links. Its structure tree must be as sound as the
/// bundled plan's: no link in a list, at the top or in the margin.
#[test]
fn pikepdf_finds_no_navigation_in_a_list_across_pages() {
    if !have("python3", &["-c", "import pikepdf"]) {
        return;
    }
    let tmp = bundled_copy("ext-pikepdf-list");
    let path = tmp.path().join("sources/districten/flevoland.toml");
    let bullets: String = (0..8)
        .map(|i| {
            format!(
                "- Punt {i}: {}\n",
                "we werken samen aan de aanpak van ondermijning in het district. ".repeat(8)
            )
        })
        .collect();
    let text = std::fs::read_to_string(&path).unwrap();
    let text = text.replacen(
        "vooruitblik = \"\"\"\n",
        &format!("vooruitblik = \"\"\"\n{bullets}\n"),
        1,
    );
    std::fs::write(&path, text).unwrap();
    run_ok(
        tmp.path(),
        &[
            "build",
            "--format",
            "pdf",
            "--sources",
            "sources",
            "--out",
            "out",
        ],
    );
    let pdf = tmp
        .path()
        .join("out/uitvoeringsplan-midden-nederland-2023-2024.pdf");
    let script = root().join("tests/external/pdf_structure.py");
    let out = tool(
        "python3",
        &[script.to_str().unwrap(), pdf.to_str().unwrap()],
    );
    assert!(!out.contains("PROBLEM"), "{out}");
}

/// The bundled plan's DOCX (whole, or one section) in `tmp/out`.
fn bundled_docx(tmp: &TempDir, section: Option<&str>) -> std::path::PathBuf {
    let out_dir = tmp.path().join("out");
    let mut args = vec!["build", "--format", "docx", "--sources"];
    let sources = tmp.path().join("sources");
    args.push(sources.to_str().unwrap());
    args.push("--out");
    args.push(out_dir.to_str().unwrap());
    if let Some(s) = section {
        args.push("--section");
        args.push(s);
    }
    run_ok(&root(), &args);
    let name = match section {
        Some(s) => format!("uitvoeringsplan-midden-nederland-2023-2024-{s}.docx"),
        None => "uitvoeringsplan-midden-nederland-2023-2024.docx".into(),
    };
    out_dir.join(name)
}

fn soffice(args: &[&str]) {
    // A private profile per run: parallel tests must not share one.
    static RUNS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = RUNS.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let profile =
        std::env::temp_dir().join(format!("uitvoeringsplan-lo-{}-{n}", std::process::id()));
    let profile_arg = format!("-env:UserInstallation=file://{}", profile.display());
    let mut all = vec![profile_arg.as_str(), "--headless"];
    all.extend_from_slice(args);
    tool("soffice", &all);
    let _ = std::fs::remove_dir_all(profile);
}

#[test]
fn libreoffice_opens_the_plan_and_a_section_and_shows_every_part() {
    if !have("soffice", &["--version"]) || !have("pdftotext", &["-v"]) {
        return;
    }
    let tmp = bundled_copy("ext-lo-pdf");
    let plan = bundled_docx(&tmp, None);
    let section = bundled_docx(&tmp, Some("gooi-en-vechtstreek"));
    let pdfs = tmp.path().join("pdf");
    soffice(&[
        "--convert-to",
        "pdf",
        "--outdir",
        pdfs.to_str().unwrap(),
        plan.to_str().unwrap(),
        section.to_str().unwrap(),
    ]);
    let text = tool(
        "pdftotext",
        &[
            pdfs.join("uitvoeringsplan-midden-nederland-2023-2024.pdf")
                .to_str()
                .unwrap(),
            "-",
        ],
    );
    for part in [
        "Flevoland",
        "Gooi en Vechtstreek",
        "Oost-Utrecht",
        "Utrecht-Stad",
        "West-Utrecht",
        "Criminele geldstromen",
        "Criminele samenwerkingsverbanden",
        "Mensenhandel",
        "Straatwaarde(n)",
        "Weerbare overheid",
        "Groeispurt op informatie",
        "Organisatie en middelen",
        "7.056.397",
    ] {
        assert!(
            text.contains(part),
            "LibreOffice's PDF of the plan lacks {part}"
        );
    }
    assert!(!text.contains("TOC \\o"), "raw field code shown");
    let text = tool(
        "pdftotext",
        &[
            pdfs.join("uitvoeringsplan-midden-nederland-2023-2024-gooi-en-vechtstreek.pdf")
                .to_str()
                .unwrap(),
            "-",
        ],
    );
    assert!(
        text.contains("Gooi en Vechtstreek") && text.contains("Kwetsbare gebieden"),
        "{text}"
    );
}

/// The house font travels with the document: LibreOffice, which does not
/// have Inter here, sets a section in the embedded faces (the PDF it makes
/// names Inter's faces, and no fallback such as DejaVu Sans).
#[test]
fn libreoffice_sets_a_section_in_the_embedded_inter() {
    if !have("soffice", &["--version"]) || !have("pdffonts", &["-v"]) {
        return;
    }
    let installed = Command::new("fc-list")
        .args([":", "family"])
        .output()
        .is_ok_and(|o| {
            text(&o.stdout)
                .lines()
                .any(|l| l.split(',').any(|f| f == "Inter"))
        });
    if installed {
        eprintln!("skipped: Inter is installed on this system, so embedding cannot be told apart");
        return;
    }
    let tmp = bundled_copy("ext-lo-fonts");
    let section = bundled_docx(&tmp, Some("west-utrecht"));
    let pdfs = tmp.path().join("pdf");
    soffice(&[
        "--convert-to",
        "pdf",
        "--outdir",
        pdfs.to_str().unwrap(),
        section.to_str().unwrap(),
    ]);
    let pdf = pdfs.join("uitvoeringsplan-midden-nederland-2023-2024-west-utrecht.pdf");
    let fonts = tool("pdffonts", &[pdf.to_str().unwrap()]);
    let names: Vec<&str> = fonts
        .lines()
        .skip(2)
        .filter_map(|l| l.split_whitespace().next())
        .map(|n| n.split_once('+').map_or(n, |(_, n)| n))
        .collect();
    for face in ["Inter-Regular", "Inter-Bold", "Inter-Italic"] {
        assert!(names.contains(&face), "{face} not used: {fonts}");
    }
    assert!(
        names.iter().all(|n| n.starts_with("Inter-")),
        "a fallback font was used: {fonts}"
    );
}

#[test]
fn python_docx_finds_heading_styles_tables_language_and_properties() {
    if !have("python3", &["-c", "import docx"]) {
        return;
    }
    let tmp = bundled_copy("ext-python-docx");
    let script = root().join("tests/external/docx_structure.py");
    for section in [None, Some("west-utrecht"), Some("mensenhandel")] {
        let docx = bundled_docx(&tmp, section);
        let out = tool(
            "python3",
            &[script.to_str().unwrap(), docx.to_str().unwrap()],
        );
        assert!(!out.contains("PROBLEM"), "{section:?}: {out}");
        assert!(
            out.contains("'Heading 1'") && out.contains("lang=nl-NL"),
            "{out}"
        );
    }
}

#[test]
fn the_ooxml_validator_finds_no_schema_errors() {
    if !have("python3", &["-c", "import openxml_audit"]) {
        return;
    }
    let tmp = bundled_copy("ext-ooxml");
    for section in [None, Some("flevoland"), Some("straatwaarden")] {
        let docx = bundled_docx(&tmp, section);
        let out = tool(
            "python3",
            &[
                "-m",
                "openxml_audit",
                "-f",
                "office2019",
                docx.to_str().unwrap(),
            ],
        );
        assert!(out.contains("Errors: 0"), "{section:?}: {out}");
    }
    // With revisions (`build --since`): the whole plan and a section with
    // a deleted row.
    let tmp = crate::since::plan_and_earlier("ext-ooxml-since");
    for section in [None, Some("oost-utrecht")] {
        let mut args = vec![
            "build", "--format", "docx", "--out", "out", "--since", "oud",
        ];
        if let Some(s) = section {
            args.extend(["--section", s]);
        }
        run_ok(tmp.path(), &args);
        let name = match section {
            Some(s) => format!("uitvoeringsplan-midden-nederland-2023-2024-{s}.docx"),
            None => "uitvoeringsplan-midden-nederland-2023-2024.docx".into(),
        };
        let docx = tmp.path().join("out").join(name);
        let out = tool(
            "python3",
            &[
                "-m",
                "openxml_audit",
                "-f",
                "office2019",
                docx.to_str().unwrap(),
            ],
        );
        assert!(out.contains("Errors: 0"), "--since {section:?}: {out}");
    }
}

#[test]
fn an_export_re_saved_by_libreoffice_imports_without_changes() {
    if !have("soffice", &["--version"]) {
        return;
    }
    let tmp = bundled_copy("ext-lo-import");
    let before = std::fs::read_dir(tmp.path().join("sources/districten"))
        .unwrap()
        .count();
    let sections = ["flevoland", "west-utrecht", "straatwaarden", "mensenhandel"];
    let exports: Vec<String> = sections
        .iter()
        .map(|s| bundled_docx(&tmp, Some(s)).to_str().unwrap().to_string())
        .collect();
    let resaved = tmp.path().join("resaved");
    let mut args = vec![
        "--convert-to",
        "docx",
        "--outdir",
        resaved.to_str().unwrap(),
    ];
    args.extend(exports.iter().map(String::as_str));
    soffice(&args);
    for s in sections {
        let file = resaved.join(format!(
            "uitvoeringsplan-midden-nederland-2023-2024-{s}.docx"
        ));
        let out = run(tmp.path(), &["import", file.to_str().unwrap()]);
        let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
        assert_eq!(out.status.code(), Some(0), "{s}: {stdout}{stderr}");
        assert!(stdout.contains("geen wijzigingen"), "{s}: {stdout}");
    }
    assert_eq!(
        before,
        std::fs::read_dir(tmp.path().join("sources/districten"))
            .unwrap()
            .count()
    );
}

#[test]
fn an_edit_made_after_a_libreoffice_re_save_comes_back() {
    if !have("soffice", &["--version"]) {
        return;
    }
    let tmp = bundled_copy("ext-lo-edit");
    let export = bundled_docx(&tmp, Some("oost-utrecht"));
    let resaved = tmp.path().join("resaved");
    soffice(&[
        "--convert-to",
        "docx",
        "--outdir",
        resaved.to_str().unwrap(),
        export.to_str().unwrap(),
    ]);
    let file = resaved.join("uitvoeringsplan-midden-nederland-2023-2024-oost-utrecht.docx");
    // Edit the re-saved XML as a user would: one word in the look-back.
    let edited = tmp.path().join("edited.docx");
    edit_document(&file, &edited, "geslaagd", "uitstekend geslaagd");
    let out = run(tmp.path(), &["import", edited.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    let toml =
        std::fs::read_to_string(tmp.path().join("sources/districten/oost-utrecht.toml")).unwrap();
    assert!(toml.contains("uitstekend geslaagd"), "{toml}");
}

/// A python3 with LibreOffice's `uno` module (Debian's `python3-uno` is for
/// the system's python3, which need not be the first on the PATH).
fn uno_python() -> Option<&'static str> {
    let found = ["python3", "/usr/bin/python3"].into_iter().find(|p| {
        Command::new(p)
            .args(["-c", "import uno"])
            .output()
            .is_ok_and(|o| o.status.success())
    });
    if found.is_none() {
        assert!(
            std::env::var_os("UITVOERINGSPLAN_EXTERNAL").is_none(),
            "python3 with the uno module (python3-uno) is required here (UITVOERINGSPLAN_EXTERNAL is set)"
        );
        eprintln!("skipped: no python3 with the uno module (python3-uno)");
    }
    found
}

/// As an editor fills the results template (issue 15): opened in
/// LibreOffice Calc, numbers typed the Dutch way (`1.234`, `7,0`,
/// `€ 1.234.567`) and a known value cleared, saved as .xlsx and as .ods
/// (`tests/external/sheet_fill.py`, Python UNO); both import the same
/// changes, and the appendix of the PDF and of the whole-plan DOCX (through
/// LibreOffice) shows the figures.
#[test]
fn a_template_filled_in_libreoffice_calc_imports_into_the_appendix() {
    if !have("soffice", &["--version"]) || !have("pdftotext", &["-v"]) {
        return;
    }
    let Some(python) = uno_python() else {
        return;
    };
    let tmp = bundled_copy("ext-calc-fill");
    let dir = tmp.path();
    run_ok(dir, &["build", "--format", "xlsx", "--out", "out"]);
    let template = dir.join("out/uitvoeringsplan-midden-nederland-2023-2024-resultaten.xlsx");
    let script = root().join("tests/external/sheet_fill.py");
    let fills = [
        "1=3=12",
        "2a=3=1.234",
        "2a.1=3=1.200",
        "2a.2=3=",
        "2b.1=3=7,0",
        "5=3=€ 1.234.567",
        "voetnoot3.opgelegd=3=250.000",
    ];
    for ext in ["xlsx", "ods"] {
        let target = dir.join(format!("ingevuld.{ext}"));
        let mut args = vec![
            script.to_str().unwrap(),
            template.to_str().unwrap(),
            target.to_str().unwrap(),
        ];
        args.extend(fills);
        let typed = tool(python, &args);
        // Calc read the Dutch typing as numbers.
        assert!(typed.contains("2a 3 1234.0"), "{typed}");
        assert!(typed.contains("2b.1 3 7.0"), "{typed}");
        assert!(typed.contains("5 3 1234567.0"), "{typed}");
        assert!(target.exists(), "{ext} saved: {typed}");
    }
    let changes = |file: &str| {
        let out = run_ok(dir, &["import", "--sources", "sources", file, "--dry-run"]);
        text(&out.stdout)
            .lines()
            .filter(|l| l.starts_with("  "))
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    let from_xlsx = changes("ingevuld.xlsx");
    assert_eq!(from_xlsx, changes("ingevuld.ods"));
    let expected = [
        "  1 Aantal door het RIEC opgeleverde ondermijningsbeel…: open → 12",
        "  2a Totaal aantal binnen het RIEC behaalde casussen: 103 → 1.234",
        "  2a.1 gestart in 2022: 54 → 1.200",
        "  2a.2 liepen nog van eerdere jaren: 49 → open",
        "  2b.1 Voortgekomen vanuit ondermijningsbeelden: open → 7",
        "  5 Totaalbedrag integraal opgelegde afpakgelden***: open → €\u{a0}1.234.567",
        "  voetnoot3.opgelegd Bedrag in de voetnoot: opgelegd: open → €\u{a0}250.000",
    ];
    assert_eq!(from_xlsx, expected);
    run_ok(dir, &["import", "--sources", "sources", "ingevuld.ods"]);
    let again = run_ok(
        dir,
        &["import", "--sources", "sources", "ingevuld.xlsx", "--force"],
    );
    assert!(
        text(&again.stdout).contains("geen wijzigingen"),
        "{}",
        text(&again.stdout)
    );

    run_ok(
        dir,
        &[
            "build",
            "--sources",
            "sources",
            "--format",
            "pdf",
            "--out",
            "plan",
        ],
    );
    run_ok(
        dir,
        &[
            "build",
            "--sources",
            "sources",
            "--format",
            "docx",
            "--out",
            "plan",
        ],
    );
    let docx = dir.join("plan/uitvoeringsplan-midden-nederland-2023-2024.docx");
    soffice(&[
        "--convert-to",
        "pdf",
        "--outdir",
        dir.join("docx-pdf").to_str().unwrap(),
        docx.to_str().unwrap(),
    ]);
    for pdf in [
        dir.join("plan/uitvoeringsplan-midden-nederland-2023-2024.pdf"),
        dir.join("docx-pdf/uitvoeringsplan-midden-nederland-2023-2024.pdf"),
    ] {
        let all = tool("pdftotext", &[pdf.to_str().unwrap(), "-"]);
        // The appendix: from its heading on.
        let appendix = all
            .rsplit("Cijfermatige resultaten integrale aanpak")
            .next()
            .unwrap()
            .replace('\u{a0}', " ");
        for figure in [
            "1.234 (waarvan 1.200 gestart in 2022",
            "€ 1.234.567",
            "Hiervan is € 250.000 opgelegd",
        ] {
            assert!(
                appendix.contains(figure),
                "{}: the appendix lacks {figure}:\n{appendix}",
                pdf.display()
            );
        }
    }
}

#[test]
fn libreoffice_steps_through_the_revisions_of_build_since_and_accepting_gives_the_plain_build() {
    let Some(python) = uno_python() else { return };
    if !have("soffice", &["--version"]) {
        return;
    }
    let tmp = crate::since::plan_and_earlier("ext-lo-since");
    let revised = tmp.path().join("revised");
    let plain = tmp.path().join("plain");
    for (dir, since) in [(&revised, true), (&plain, false)] {
        let mut args = vec!["build", "--format", "docx", "--out", dir.to_str().unwrap()];
        if since {
            args.extend(["--since", "oud"]);
        }
        run_ok(tmp.path(), &args);
    }
    let name = "uitvoeringsplan-midden-nederland-2023-2024.docx";
    let script = root().join("tests/external/lo_redlines.py");
    let out = tool(
        python,
        &[
            script.to_str().unwrap(),
            revised.join(name).to_str().unwrap(),
            plain.join(name).to_str().unwrap(),
            "Wijzigingen sinds oud zijn in de marge gemarkeerd",
        ],
    );
    // As many changes as the document holds revisions, minus those
    // LibreOffice joins (a deleted row's cells, a paragraph's text with
    // its mark); every one by the tool.
    let xml = crate::since::entry(&revised.join(name), "word/document.xml");
    let written = crate::since::revisions(&xml).len();
    let count: usize = out
        .lines()
        .find_map(|l| l.strip_prefix("redlines "))
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{out}"));
    assert!(
        count >= 40 && count <= written,
        "{count} of {written}: {out}"
    );
    assert!(
        out.contains(&format!("author uitvoeringsplan {count}")),
        "{out}"
    );
    assert!(
        out.contains("type Delete") && out.contains("type Insert"),
        "{out}"
    );
    assert!(out.contains("after accepting 0"), "{out}");
    assert!(out.lines().any(|l| l == "SAME"), "{out}");
}

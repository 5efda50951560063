//! The PDF: built by the binary from the bundled sources and fixtures, then
//! read back (pages, text, bytes).

use std::fs;
use std::path::{Path, PathBuf};

use crate::support::*;

const PDF_NAME: &str = "uitvoeringsplan-midden-nederland-2023-2024.pdf";

/// Builds the bundled plan as PDF into a temporary folder.
fn build_bundled(tmp: &TempDir) -> (std::process::Output, std::path::PathBuf) {
    let out_dir = tmp.path().join("out");
    let out = run(
        &root(),
        &[
            "build",
            "--format",
            "pdf",
            "--out",
            out_dir.to_str().unwrap(),
        ],
    );
    (out, out_dir.join(PDF_NAME))
}

/// Builds the PDF of the minimal plan in `dir/sources` into `dir/out`.
fn build_minimal_pdf(dir: &Path) -> PathBuf {
    let args = [
        "build",
        "--format",
        "pdf",
        "--sources",
        "sources",
        "--out",
        "out",
    ];
    run_ok(dir, &args);
    dir.join("out/uitvoeringsplan-testregio-2025-2026.pdf")
}

fn pdf_text(path: &Path) -> String {
    let text = pdf_extract::extract_text(path).expect("PDF text is readable");
    // Words may be split over lines; compare on single spaces.
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn bundled_plan_compiles_without_typst_warnings_and_has_every_part() {
    let tmp = TempDir::new("pdf-bundled");
    let (out, pdf) = build_bundled(&tmp);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    // The budget's rounding warnings are the sources' own; typst says nothing.
    assert!(!err.contains("layouts/"), "typst warned: {err}");
    let stdout = text(&out.stdout);
    let pages: usize = stdout
        .split_whitespace()
        .zip(stdout.split_whitespace().skip(1))
        .find(|(_, w)| w.starts_with("pagina"))
        .map(|(n, _)| n.parse().unwrap())
        .expect("summary names the page count");
    assert!((30..=60).contains(&pages), "{pages} pages");

    let text = pdf_text(&pdf);
    for name in [
        "Flevoland",
        "Gooi en Vechtstreek",
        "Oost-Utrecht",
        "Utrecht-Stad",
        "West-Utrecht",
    ] {
        assert!(text.contains(name), "missing district {name}");
    }
    for title in [
        "Criminele geldstromen",
        "Criminele samenwerkingsverbanden",
        "Mensenhandel",
        "Straatwaarde(n)",
        "Weerbare overheid",
        "Groeispurt op informatie",
        "Organisatie en middelen",
        "Cijfermatige resultaten integrale aanpak binnen RIEC-verband",
    ] {
        assert!(text.contains(title), "missing theme {title}");
    }
    // Budget totals as the model computes them, in Dutch money format.
    for amount in [
        "2.831.940",
        "691.609",
        "901.020",
        "1.257.732",
        "7.056.397",
        "3.737.573",
        "7.056.398",
    ] {
        assert!(text.contains(amount), "missing amount {amount}");
    }
    assert!(text.contains("CONCEPT"));
    assert!(text.contains("Pagina 2 van"));
}

#[test]
fn the_reader_sees_the_published_plan_s_functions_budget_lines_wording_and_quotes() {
    let tmp = TempDir::new("pdf-reader");
    let (out, pdf) = build_bundled(&tmp);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let text = pdf_text(&pdf);
    for expected in [
        // The board's functions, two marked as uncertain, and the note.
        "Directeur Openbare Orde en Veiligheid, gemeente Utrecht *",
        "Rechercheofficier, Openbaar Ministerie",
        "Sectorhoofd DRR, politie Midden-Nederland",
        "Hoofd RIEC Midden-Nederland *",
        "* De gepubliceerde tabel noemt de functies los van de rollen.",
        // The legible lines of the first budget group and its remainder.
        "Expertise (…, Bibob en Communicatie)",
        "Projectmedewerker",
        "Politie t.b.v. …",
        "Interventiespecialist OM",
        "Rest van de groep, niet leesbaar in de bron",
        "2.112.575",
        // The cases in the plan's words.
        "103 (waarvan 54 gestart in 2022 en 49 nog liepen van eerdere jaren)",
        // Typographic apostrophes and quotes.
        "thema’s",
        "‘Adviseur Taskforce GOC’",
    ] {
        assert!(text.contains(expected), "missing {expected:?}");
    }
    assert!(!text.contains("thema's"), "a straight apostrophe is left");
}

#[test]
fn the_results_chart_stays_on_its_table_s_page_and_no_page_is_left_empty() {
    let tmp = TempDir::new("pdf-appendix");
    let (out, pdf) = build_bundled(&tmp);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let pages: Vec<String> = pdf_extract::extract_text_by_pages(&pdf)
        .expect("PDF text is readable")
        .iter()
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    let page_of = |needle: &str| {
        let found: Vec<usize> = (0..pages.len())
            .filter(|&i| pages[i].contains(needle))
            .map(|i| i + 1)
            .collect();
        assert_eq!(found.len(), 1, "{needle:?} on pages {found:?}");
        found[0]
    };
    // The appendix's heading, its table's last row and the chart (its
    // caption and a bar) on one page.
    let appendix = page_of("Totaalbedrag integraal opgelegde afpakgelden");
    assert!(pages[appendix - 1].contains("Bijlage Cijfermatige resultaten integrale aanpak"));
    assert_eq!(page_of("Figuur 1: Totaal aantal binnen het RIEC"), appendix);
    assert_eq!(page_of("liepen nog van eerdere jaren 49"), appendix);
    // Right after the budget's last page: no empty page before the appendix.
    assert_eq!(
        page_of("Verschillen tussen opgegeven en berekende totalen") + 1,
        appendix
    );
}

#[test]
fn two_builds_give_identical_bytes() {
    let a = TempDir::new("pdf-a");
    let b = TempDir::new("pdf-b");
    let (_, pa) = build_bundled(&a);
    let (_, pb) = build_bundled(&b);
    assert_eq!(fs::read(pa).unwrap(), fs::read(pb).unwrap());
}

#[test]
fn source_text_is_printed_never_executed() {
    let tmp = minimal_copy("pdf-inject");
    let sources = tmp.path().join("sources");
    let hostile = r#"#read("/etc/passwd") $x$ ] * @ref <label> #panic("x")"#;
    let zuid = format!(
        "naam = '''{hostile}'''\nterugblik = '''\nAlinea met \\#read(\"/etc/passwd\") en $x$ en ] en \\* en @ref en \\<label\\> en #set page(width: 1cm)\n'''\nvooruitblik = \"x\"\n"
    );
    fs::write(sources.join("districten/zuid.toml"), zuid).unwrap();
    let pdf = build_minimal_pdf(tmp.path());
    let text = pdf_text(&pdf);
    // Printed as written, but for the typographic quotes every text gets.
    let typographic = |s: &str| s.replace("(\"", "(“").replace("\")", "”)");
    assert!(
        text.contains(&typographic(hostile)),
        "name not printed literally: {text}"
    );
    assert!(
        text.contains(&typographic(r#"Alinea met #read("/etc/passwd") en $x$ en ] en * en @ref en <label> en #set page(width: 1cm)"#)),
        "paragraph not printed literally"
    );
    assert!(!text.contains("root:x:0"), "a file was read");
}

#[test]
fn a_broken_layout_gives_a_located_typst_error_and_keeps_the_old_pdf() {
    let tmp = minimal_copy("pdf-broken");
    let pdf = build_minimal_pdf(tmp.path());
    let before = fs::read(&pdf).unwrap();

    let layouts = tmp.path().join("layouts");
    copy_dir(&root().join("layouts"), &layouts);
    let main = layouts.join("uitvoeringsplan.typ");
    let mut typ = fs::read_to_string(&main).unwrap();
    typ.push_str("\n#let kapot = (\n");
    fs::write(&main, typ).unwrap();
    let out = run(
        tmp.path(),
        &[
            "build",
            "--format",
            "pdf",
            "--sources",
            "sources",
            "--out",
            "out",
            "--layouts",
            "layouts",
        ],
    );
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("error:"), "{err}");
    assert!(
        err.contains("layouts/uitvoeringsplan.typ:"),
        "no file:line in {err}"
    );
    assert!(
        !err.contains(tmp.path().to_str().unwrap()),
        "host path leaked: {err}"
    );
    assert_eq!(
        fs::read(&pdf).unwrap(),
        before,
        "the previous PDF was touched"
    );
    let leftovers: Vec<_> = fs::read_dir(tmp.path().join("out")).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "temporary files left behind");
}

/// A designer's `--layouts` folder is one house style for the whole
/// build: its `huisstijl.toml` sets the DOCX's styles, the web edition's
/// stylesheet and the results sheet's colours as it sets the PDF's layout.
#[test]
fn the_layouts_folder_s_house_style_reaches_every_output() {
    let tmp = minimal_copy("pdf-house-style");
    let layouts = tmp.path().join("ontwerp");
    copy_dir(&root().join("layouts"), &layouts);
    let house = fs::read_to_string(layouts.join("huisstijl.toml")).unwrap();
    assert!(house.contains("primair = \"#154273\""));
    let house = house
        .replace("primair = \"#154273\"", "primair = \"#7A1F5C\"")
        .replacen("grootte = 10 ", "grootte = 11 ", 1);
    assert!(house.contains("grootte = 11 "), "{house}");
    fs::write(layouts.join("huisstijl.toml"), house).unwrap();
    let build = |layouts: Option<&str>, out: &str| {
        let mut args = vec!["build", "--format", "all", "--out", out];
        if let Some(l) = layouts {
            args.extend(["--layouts", l]);
        }
        run_ok(tmp.path(), &args);
    };
    build(Some("ontwerp"), "eigen");
    build(None, "standaard");
    // The one file (or folder) of a kind in an output folder.
    let one = |out: &str, ext: &str| -> PathBuf {
        let found: Vec<PathBuf> = fs::read_dir(tmp.path().join(out))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| match ext {
                "" => p.is_dir(),
                _ => p.extension().is_some_and(|e| e == ext),
            })
            .collect();
        assert_eq!(found.len(), 1, "{out} {ext}: {found:?}");
        found[0].clone()
    };
    let styles = |out: &str| {
        let docx = fs::read(one(out, "docx")).unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
        let mut xml = String::new();
        std::io::Read::read_to_string(&mut zip.by_name("word/styles.xml").unwrap(), &mut xml)
            .unwrap();
        xml
    };
    let css = |out: &str| fs::read_to_string(one(out, "").join("stijl.css")).unwrap();
    let (own, standard) = (styles("eigen"), styles("standaard"));
    assert!(own.contains("7A1F5C") && !own.contains("154273"), "{own}");
    assert!(standard.contains("154273") && !standard.contains("7A1F5C"));
    assert!(own.contains(r#"<w:sz w:val="22"/>"#), "body 11 pt: {own}");
    let (own, standard) = (css("eigen"), css("standaard"));
    assert!(own.contains("#7A1F5C") && !own.contains("#154273"), "{own}");
    assert!(standard.contains("#154273"));
    let pdf = |out: &str| fs::read(one(out, "pdf")).unwrap();
    assert_ne!(pdf("eigen"), pdf("standaard"), "the PDF reads it too");
    // The results sheet's title is in `primair`.
    let sheet_styles = |out: &str| {
        let xlsx = fs::read(one(out, "xlsx")).unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).unwrap();
        let mut xml = String::new();
        std::io::Read::read_to_string(&mut zip.by_name("xl/styles.xml").unwrap(), &mut xml)
            .unwrap();
        xml
    };
    let (own, standard) = (sheet_styles("eigen"), sheet_styles("standaard"));
    assert!(
        own.contains(r#"<color rgb="FF7A1F5C"/>"#) && !own.contains("154273"),
        "{own}"
    );
    assert!(
        standard.contains(r#"<color rgb="FF154273"/>"#),
        "{standard}"
    );
}

#[test]
fn final_build_refuses_while_values_are_open() {
    let tmp = TempDir::new("pdf-final");
    let out = run(
        &root(),
        &["build", "--final", "--out", tmp.path().to_str().unwrap()],
    );
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("kan nog niet definitief worden gebouwd"),
        "{err}"
    );
    assert!(
        err.contains("sources/resultaten.toml:"),
        "open items not listed: {err}"
    );
    assert_eq!(
        fs::read_dir(tmp.path()).unwrap().count(),
        0,
        "something was written"
    );
}

/// The JSON files of a data folder (`data.json` and `data/*.json`), by
/// path relative to it.
fn data_files(dir: &Path) -> std::collections::BTreeMap<String, String> {
    let mut files = std::collections::BTreeMap::new();
    files.insert(
        "data.json".to_string(),
        fs::read_to_string(dir.join("data.json")).unwrap(),
    );
    for entry in fs::read_dir(dir.join("data")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        files.insert(format!("data/{name}"), fs::read_to_string(&path).unwrap());
    }
    files
}

#[test]
fn checked_in_layout_data_matches_the_bundled_sources() {
    let tmp = TempDir::new("data-json");
    // A part left over from a district that no longer exists (as `data`
    // wrote it: its anchor is its name) is removed.
    fs::create_dir_all(tmp.path().join("data")).unwrap();
    fs::write(
        tmp.path().join("data/district-weg.json"),
        "{\"anchor\": \"district-weg\"}",
    )
    .unwrap();
    let out_file = tmp.path().join("data.json");
    run_ok(&root(), &["data", "--out", out_file.to_str().unwrap()]);
    let fresh = data_files(tmp.path());
    let checked_in = data_files(&root().join("layouts"));
    let names =
        |m: &std::collections::BTreeMap<String, String>| m.keys().cloned().collect::<Vec<_>>();
    assert_eq!(
        names(&fresh),
        names(&checked_in),
        "layouts/data/ has other parts than the sources: run `cargo run --release -- data` and commit layouts/data.json and layouts/data/"
    );
    for (name, text) in &fresh {
        assert!(
            *text == checked_in[name],
            "layouts/{name} is stale: run `cargo run --release -- data` and commit it"
        );
    }
    // Every chapter has its part; data.json holds only what every page needs.
    for part in [
        "data/bestuur.json",
        "data/district-flevoland.json",
        "data/thema-mensenhandel.json",
        "data/organisatie.json",
        "data/begroting.json",
        "data/resultaten.json",
    ] {
        assert!(fresh.contains_key(part), "missing {part}");
    }
    let common: serde_json::Value = serde_json::from_str(&fresh["data.json"]).unwrap();
    let keys: Vec<&String> = common.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["labels", "meta", "nav"]);
}

#[test]
fn a_build_killed_mid_write_leaves_the_old_file_or_the_new_one() {
    let tmp = TempDir::new("pdf-kill");
    let out_dir = tmp.path().join("out");
    run_ok(
        &root(),
        &[
            "build",
            "--format",
            "pdf",
            "--out",
            out_dir.to_str().unwrap(),
        ],
    );
    let pdf = out_dir.join(PDF_NAME);
    let good = fs::read(&pdf).unwrap();
    // Kill builds at different moments; whatever is there must be whole.
    for delay_ms in [5u64, 40, 90, 150, 220, 300, 400] {
        let args = [
            "build",
            "--format",
            "all",
            "--out",
            out_dir.to_str().unwrap(),
        ];
        run_killed(&root(), &args, delay_ms);
        let now = fs::read(&pdf).unwrap();
        assert_eq!(
            now, good,
            "after a kill at {delay_ms} ms the PDF is not the complete one"
        );
    }
    // The next build clears what the killed ones left behind.
    let again = run(
        &root(),
        &[
            "build",
            "--format",
            "all",
            "--out",
            out_dir.to_str().unwrap(),
        ],
    );
    assert_eq!(again.status.code(), Some(0));
    let mut names: Vec<String> = fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let web = PDF_NAME.replace(".pdf", "");
    assert_eq!(
        names,
        vec![
            web.clone(),
            PDF_NAME.replace(".pdf", "-resultaten.xlsx"),
            PDF_NAME.replace(".pdf", ".docx"),
            PDF_NAME.to_string()
        ],
        "left behind: {names:?}"
    );
    // Nor in the web publication's folder.
    let hidden: Vec<_> = snapshot(&out_dir.join(&web))
        .into_keys()
        .filter(|p| p.to_string_lossy().contains("/.") || p.to_string_lossy().starts_with('.'))
        .collect();
    assert!(hidden.is_empty(), "left behind: {hidden:?}");
}

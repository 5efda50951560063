//! The web publication (`build --format html`): a page per part with the
//! frame every page needs, the same bytes twice, source text escaped, old
//! pages removed and nothing else touched; and the browser check
//! (`tests/html/check.mjs`: axe-core in headless Chromium, html-validate,
//! links), required in CI (`.ci/run` installs its tools and sets
//! `UITVOERINGSPLAN_EXTERNAL=1`), skipped with a reason without them.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::*;

const BUNDLED: &str = "uitvoeringsplan-midden-nederland-2023-2024";
const MINIMAL: &str = "uitvoeringsplan-testregio-2025-2026";

/// Builds the HTML of the sources in `dir/sources` into `dir/out`; the folder.
fn build_html(dir: &Path, name: &str) -> PathBuf {
    let args = [
        "build",
        "--format",
        "html",
        "--sources",
        "sources",
        "--out",
        "out",
    ];
    run_ok(dir, &args);
    dir.join("out").join(name)
}

fn bundled_html(tmp: &TempDir) -> PathBuf {
    let out = tmp.path().join("out");
    let o = run_ok(
        &root(),
        &["build", "--format", "html", "--out", out.to_str().unwrap()],
    );
    let stdout = text(&o.stdout);
    assert!(
        stdout.contains(&format!("{BUNDLED}/index.html  15 pagina's")),
        "{stdout}"
    );
    out.join(BUNDLED)
}

fn pages(dir: &Path) -> Vec<(String, String)> {
    let mut pages: Vec<(String, String)> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".html"))
        .map(|n| {
            let html = fs::read_to_string(dir.join(&n)).unwrap();
            (n, html)
        })
        .collect();
    pages.sort();
    pages
}

#[test]
fn every_part_has_a_page_with_the_frame_a_reader_needs() {
    let tmp = TempDir::new("html-bundled");
    let dir = bundled_html(&tmp);
    let pages = pages(&dir);
    let names: Vec<&str> = pages.iter().map(|(n, _)| n.as_str()).collect();
    for expected in [
        "index.html",
        "district-flevoland.html",
        "district-utrecht-stad.html",
        "thema-mensenhandel.html",
        "organisatie.html",
        "begroting.html",
        "resultaten.html",
    ] {
        assert!(names.contains(&expected), "{expected} missing: {names:?}");
    }
    assert_eq!(pages.len(), 15, "{names:?}");
    for (name, html) in &pages {
        assert!(
            html.starts_with("<!DOCTYPE html><html lang=\"nl\""),
            "{name}"
        );
        assert!(
            html.contains("<a class=\"skip\" href=\"#inhoud\">Direct naar de inhoud</a>"),
            "{name}: no skip link"
        );
        assert!(html.contains("<main id=\"inhoud\""), "{name}");
        assert_eq!(html.matches("<h1").count(), 1, "{name}: one h1");
        // The navigation marks this page, and only this page, as current.
        assert_eq!(html.matches("aria-current=\"page\"").count(), 1, "{name}");
        assert!(
            html.contains(&format!("href=\"{name}\" aria-current=\"page\"")),
            "{name}: another page is marked current"
        );
        // The concept state in words on every page.
        assert!(
            html.contains("<strong class=\"stempel\">CONCEPT</strong> Dit is een concept: 64 waarden zijn nog open"),
            "{name}: no concept note"
        );
        // Self-contained: no script, nothing from another host but links.
        assert!(!html.contains("<script"), "{name}");
        assert!(!html.contains("src=\"http"), "{name}");
        assert!(
            html.contains("<link rel=\"stylesheet\" href=\"stijl.css\">"),
            "{name}"
        );
        for table in html.split("<table").skip(1) {
            let table = &table[..table.find("</table>").unwrap()];
            assert!(
                table.contains("<caption>"),
                "{name}: a table without caption"
            );
            assert!(table.contains("<thead>"), "{name}: a table without thead");
            assert!(table.contains("<th scope=\"col\""), "{name}");
        }
    }
    let budget = &pages.iter().find(|(n, _)| n == "begroting.html").unwrap().1;
    assert!(
        budget.contains("<section class=\"schuif\" aria-label=\"Tabel, schuif opzij voor alle kolommen: Begroting 2023\" tabindex=\"0\"><table class=\"begroting\">"),
        "the budget is not in a focusable scroll region"
    );
    // The view's figures, as the PDF prints them.
    assert!(
        budget.contains("<td class=\"getal\">€\u{a0}2.831.940</td>"),
        "budget amounts"
    );
    let css = fs::read_to_string(dir.join("stijl.css")).unwrap();
    assert!(
        css.contains("--huis-primair: #154273;"),
        "house style colours"
    );
    assert!(css.contains("@media print"), "print styles");
    assert!(
        css.contains("@license EUPL-1.2"),
        "the NL Design System's licence"
    );
    for font in ["Inter-Regular.otf", "Inter-Bold.otf", "OFL-Inter.txt"] {
        assert!(dir.join("fonts").join(font).is_file(), "{font}");
    }
}

#[test]
fn charts_are_svg_with_a_title_and_description_and_their_figures_in_a_table() {
    let tmp = minimal_copy("html-chart");
    let dir = build_html(tmp.path(), MINIMAL);
    let results = fs::read_to_string(dir.join("resultaten.html")).unwrap();
    assert!(
        results.contains("role=\"img\" aria-labelledby=\"grafiek-1-titel\" aria-describedby=\"grafiek-1-uitleg\"><title id=\"grafiek-1-titel\">Totaal aantal casussen</title><desc id=\"grafiek-1-uitleg\">Staafdiagram: Totaal aantal casussen. nieuw: 6; doorlopend: 4.</desc>"),
        "{results}"
    );
    assert!(
        results.contains("<caption>Totaal aantal casussen in cijfers</caption>"),
        "{results}"
    );
    assert!(
        results.contains("<tr><th scope=\"row\">doorlopend</th><td class=\"getal\">4</td></tr>"),
        "{results}"
    );
    // The figure's image is copied in and shown with its alternative text.
    let noord = fs::read_to_string(dir.join("district-noord.html")).unwrap();
    assert!(
        noord.contains("<img src=\"afbeeldingen/kaart.png\" alt=\""),
        "{noord}"
    );
    assert!(dir.join("afbeeldingen/kaart.png").is_file());
}

#[test]
fn two_builds_give_identical_bytes() {
    let a = minimal_copy("html-a");
    let b = minimal_copy("html-b");
    let da = build_html(a.path(), MINIMAL);
    let db = build_html(b.path(), MINIMAL);
    let sa = snapshot(&da);
    assert!(sa.len() > 10, "{:?}", sa.keys());
    assert_eq!(sa, snapshot(&db));
}

#[test]
fn source_text_is_printed_never_markup() {
    let tmp = minimal_copy("html-inject");
    let sources = tmp.path().join("sources");
    let hostile = r#"<script>alert(1)</script> "><img src=x onerror=alert(1)> &amp; </main>"#;
    let zuid = format!(
        "naam = '''{hostile}'''\nterugblik = '''\nAlinea met \\<script\\>alert(2)\\</script\\> en [een link](https://example.org/?a=1&b=\"x\") en \\<b onclick=x\\>\n'''\nvooruitblik = \"x\"\n"
    );
    fs::write(sources.join("districten/zuid.toml"), zuid).unwrap();
    let dir = build_html(tmp.path(), MINIMAL);
    for (name, html) in pages(&dir) {
        assert!(!html.contains("<script"), "{name}: a script element");
        assert!(!html.contains("<img src=x"), "{name}: an image element");
        assert!(!html.contains("onclick=x>"), "{name}: markup from the text");
        assert_eq!(html.matches("</main>").count(), 1, "{name}");
    }
    let zuid = fs::read_to_string(dir.join("district-zuid.html")).unwrap();
    assert!(
        zuid.contains("<h1>&lt;script&gt;alert(1)&lt;/script&gt; “&gt;&lt;img src=x onerror=alert(1)&gt; &amp;amp; &lt;/main&gt;</h1>"),
        "name not printed literally: {zuid}"
    );
    assert!(
        zuid.contains("Alinea met &lt;script&gt;alert(2)&lt;/script&gt; en <a href=\"https://example.org/?a=1&amp;b=&quot;x&quot;\">een link</a> en &lt;b onclick=x&gt;"),
        "paragraph not printed literally: {zuid}"
    );
}

#[test]
fn a_page_no_longer_in_the_plan_is_removed_and_nothing_else() {
    let tmp = minimal_copy("html-stale");
    let dir = build_html(tmp.path(), MINIMAL);
    let old = fs::read_to_string(dir.join("district-zuid.html")).unwrap();
    fs::write(dir.join("district-oud.html"), &old).unwrap();
    fs::write(
        dir.join("eigen.html"),
        "<!DOCTYPE html><p>van de webbeheerder",
    )
    .unwrap();
    fs::write(dir.join("logo.png"), b"eigen").unwrap();
    let before = fs::metadata(dir.join("fonts/Inter-Regular.otf"))
        .unwrap()
        .modified()
        .unwrap();
    build_html(tmp.path(), MINIMAL);
    assert!(
        !dir.join("district-oud.html").exists(),
        "an old page stayed"
    );
    assert!(
        dir.join("eigen.html").is_file(),
        "someone else's page was removed"
    );
    assert!(dir.join("logo.png").is_file());
    // Unchanged files are not written again (their time stays).
    let after = fs::metadata(dir.join("fonts/Inter-Regular.otf"))
        .unwrap()
        .modified()
        .unwrap();
    assert_eq!(before, after);
}

#[test]
fn all_writes_the_web_publication_beside_the_pdf_and_the_docx() {
    let tmp = minimal_copy("html-all");
    let out = run_ok(
        tmp.path(),
        &["build", "--sources", "sources", "--out", "out"],
    );
    let stdout = text(&out.stdout);
    assert!(stdout.contains(&format!("out/{MINIMAL}.pdf")), "{stdout}");
    assert!(stdout.contains(&format!("out/{MINIMAL}.docx")), "{stdout}");
    assert!(
        stdout.contains(&format!("out/{MINIMAL}/index.html  7 pagina's")),
        "{stdout}"
    );
}

/// Where the browser check's npm packages are: `.ci/html-tools.sh` sets
/// the variable; locally the same cache folder is tried.
fn node_modules() -> Option<PathBuf> {
    std::env::var_os("UITVOERINGSPLAN_HTML_NODE_MODULES")
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME")
                .map(|h| PathBuf::from(h).join(".cache/uitvoeringsplan/npm/node_modules"))
        })
        .filter(|p| {
            ["axe-core", "puppeteer-core", "html-validate"]
                .iter()
                .all(|m| p.join(m).join("package.json").is_file())
        })
}

/// True when the browser check can run; when it cannot, skips (locally)
/// or fails (in CI), saying what is missing.
fn browser_tools() -> Option<PathBuf> {
    let mut missing = Vec::new();
    if !Path::new("/usr/bin/chromium").is_file() {
        missing.push("chromium (/usr/bin/chromium)");
    }
    let node = Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !node {
        missing.push("node");
    }
    let modules = node_modules();
    if modules.is_none() {
        missing.push("axe-core, puppeteer-core and html-validate (npm)");
    }
    if missing.is_empty() {
        return modules;
    }
    assert!(
        std::env::var_os("UITVOERINGSPLAN_EXTERNAL").is_none(),
        "{} required here (UITVOERINGSPLAN_EXTERNAL is set) but missing",
        missing.join(", ")
    );
    eprintln!(
        "skipped: {} not installed (.ci/html-tools.sh installs them)",
        missing.join(", ")
    );
    None
}

fn browser_check(dir: &Path, modules: &Path) {
    let out = Command::new("node")
        .arg(root().join("tests/html/check.mjs"))
        .arg(dir)
        .env("UITVOERINGSPLAN_HTML_NODE_MODULES", modules)
        .output()
        .unwrap();
    let all = text(&out.stdout) + &text(&out.stderr);
    assert!(
        out.status.success(),
        "browser check of {}:\n{all}",
        dir.display()
    );
    assert!(all.contains(" 0 failed"), "{all}");
}

#[test]
fn the_pages_pass_axe_and_html_validate_in_chromium_and_every_link_resolves() {
    let Some(modules) = browser_tools() else {
        return;
    };
    let tmp = TempDir::new("html-browser");
    browser_check(&bundled_html(&tmp), &modules);
    // Charts, figures, the board's note and worded results.
    for plan in ["minimal", "board-and-wording"] {
        let tmp = TempDir::new(&format!("html-browser-{plan}"));
        case_sources(&fixtures().join("valid").join(plan), &tmp);
        run_ok(
            tmp.path(),
            &[
                "build",
                "--format",
                "html",
                "--sources",
                "sources",
                "--out",
                "out",
            ],
        );
        let folder = fs::read_dir(tmp.path().join("out"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.is_dir())
            .unwrap();
        browser_check(&folder, &modules);
    }
}

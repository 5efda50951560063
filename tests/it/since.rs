//! `build --since`: the plan with what changed since an earlier version
//! marked — bars in the PDF's margin (artifacts), Word revisions in the
//! DOCX that an import with `--accept-changes` takes back to exactly the
//! current sources, and no mark at all against an identical version.

use std::fs;
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};

use crate::external::have;
use crate::support::*;

const PLAN: &str = "uitvoeringsplan-midden-nederland-2023-2024";

/// Replaces `from` by `to` once in a file of `sources` (under `dir`).
fn edit(dir: &Path, file: &str, from: &str, to: &str) {
    let path = dir.join(file);
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} has no {from:?}");
    fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

/// The bundled plan with an earlier version beside it in `oud/`: the
/// current sources differ from it by edits of every kind a field can have.
pub fn plan_and_earlier(name: &str) -> TempDir {
    let tmp = bundled_copy(name);
    let old = tmp.path().join("oud");
    copy_dir(&tmp.path().join("sources"), &old);
    // Words in a paragraph; a paragraph only the earlier version has.
    edit(
        &old,
        "districten/flevoland.toml",
        "zijn het afgelopen jaar 60 medewerkers van vijf gemeenten getraind",
        "zijn het afgelopen jaar 45 medewerkers van vier gemeenten getraind",
    );
    edit(
        &old,
        "districten/flevoland.toml",
        "Ook zijn verschillende integrale controles geweest op bedrijventerreinen",
        "Deze alinea stond alleen in de eerdere versie.\n\nOok zijn verschillende integrale controles geweest op bedrijventerreinen",
    );
    // A list item changed word by word, and one only the earlier version has.
    edit(
        &old,
        "themas/mensenhandel.toml",
        "- Investeren op bewustwording en alertheid.\n",
        "- Investeren op bewustwording.\n- Een punt dat alleen in de eerdere versie stond.\n",
    );
    // A goal: a word, in bold in the current version.
    edit(
        &old,
        "themas/criminele-geldstromen.toml",
        "Cruciale rollen (facilitators/ sleutelrollen)",
        "Belangrijke rollen (facilitators/ sleutelrollen)",
    );
    edit(
        &tmp.path().join("sources"),
        "themas/criminele-geldstromen.toml",
        "Cruciale rollen (facilitators/ sleutelrollen)",
        "**Cruciale** rollen (facilitators/ sleutelrollen)",
    );
    // A count in a district's targets; a mark in its matrix.
    edit(
        &old,
        "districten/oost-utrecht.toml",
        "aantal = 1\ntermijn = \"2023-2024\"\nthema = \"criminele-geldstromen\"",
        "aantal = 2\ntermijn = \"2023-2024\"\nthema = \"criminele-geldstromen\"",
    );
    edit(
        &old,
        "districten/flevoland.toml",
        "partner = \"Almere\"\nja = [\"transport\", \"vastgoed\", \"horeca\", \"omg\"]",
        "partner = \"Almere\"\nja = [\"transport\", \"vastgoed\", \"horeca\"]",
    );
    // A figure in the budget.
    edit(&old, "begroting.toml", "bedrag = 700000", "bedrag = 690000");
    // A budget line's amount and FTE, and a line only the earlier version
    // has (the group's totals stay as stated).
    edit(
        &old,
        "begroting.toml",
        "functie = \"Projectleider informatiewerk\"\nschaal = \"open\"   # in de bron niet leesbaar (\"2|1\")\nfte = 1\nbedrag = 96650\nverdeling = { basis-riec-extra = 96650 }",
        "functie = \"Projectleider informatiewerk\"\nschaal = \"open\"\nfte = \"0,5\"\nbedrag = 90000\nverdeling = { basis-riec-extra = 90000 }\n\n[[groep.regel]]\nfunctie = \"Adviseur die later verviel\"\nschaal = \"10\"\nfte = \"0,5\"\nbedrag = 6650\nverdeling = { basis-riec-extra = 6650 }",
    );
    // A result and its breakdown.
    edit(&old, "resultaten.toml", "waarde = 103\n", "waarde = 100\n");
    edit(
        &old,
        "resultaten.toml",
        "{ omschrijving = \"gestart in 2022\", waarde = 54 }",
        "{ omschrijving = \"gestart in 2022\", waarde = 51 }",
    );
    // A board member's role.
    edit(
        &old,
        "bestuur.toml",
        "district Flevoland, voorzitter DIS Flevoland",
        "Flevoland, voorzitter DIS Flevoland",
    );
    // A theme renamed (its heading).
    edit(
        &old,
        "themas/mensenhandel.toml",
        "titel = \"Mensenhandel\"",
        "titel = \"Mensenhandel en uitbuiting\"",
    );
    // The cover: the slogan and the programme.
    edit(&old, "plan.toml", "Samen slagvaardig", "Samen sterk");
    edit(
        &old,
        "plan.toml",
        "programma = \"Wie praat, die gaat 3.0\"",
        "programma = \"Wie praat, die gaat 2.0\"",
    );
    // A district that only moved: Flevoland was second.
    edit(
        &old,
        "plan.toml",
        "districten = [\"flevoland\", \"gooi-en-vechtstreek\",",
        "districten = [\"gooi-en-vechtstreek\", \"flevoland\",",
    );
    // A target row only the earlier version has.
    edit(
        &old,
        "districten/oost-utrecht.toml",
        "[[doel]]\nomschrijving = \"strafrechtelijk witwasonderzoek in het district (ten minste)\"",
        "[[doel]]\nomschrijving = \"een doel dat verviel\"\naantal = 3\ntermijn = \"2023\"\nthema = \"criminele-geldstromen\"\n\n[[doel]]\nomschrijving = \"strafrechtelijk witwasonderzoek in het district (ten minste)\"",
    );
    tmp
}

/// The revisions of a DOCX's `document.xml` in document order, as
/// `ins:text`, `del:text` (a revision holding text), `ins:mark`,
/// `del:mark` (a paragraph mark) and `ins:row`, `del:row` (a table row).
pub fn revisions(xml: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(i) = ["<w:ins ", "<w:del "]
        .iter()
        .filter_map(|t| xml[at..].find(t).map(|i| at + i))
        .min()
    {
        let kind = &xml[i + 3..i + 6];
        let close = i + xml[i..].find('>').unwrap();
        at = close + 1;
        if xml[..close].ends_with('/') {
            let in_row = xml[..i].rfind("<w:trPr>") > xml[..i].rfind("</w:trPr>");
            out.push(format!("{kind}:{}", if in_row { "row" } else { "mark" }));
            continue;
        }
        let end = at + xml[at..].find(&format!("</w:{kind}>")).unwrap();
        let mut text = String::new();
        for piece in xml[at..end].split("<w:").skip(1) {
            if (piece.starts_with("t>") || piece.starts_with("t ") || piece.starts_with("delText"))
                && let Some(gt) = piece.find('>')
            {
                text.push_str(piece[gt + 1..].split('<').next().unwrap());
            }
        }
        out.push(format!("{kind}:{text}"));
    }
    out
}

fn build(tmp: &TempDir, args: &[&str]) -> String {
    let mut all = vec!["build", "--out", "out"];
    all.extend_from_slice(args);
    text(&run_ok(tmp.path(), &all).stdout)
}

pub fn entry(docx: &Path, name: &str) -> String {
    let bytes = fs::read(docx).unwrap();
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut s = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

fn out(tmp: &TempDir, file: &str) -> PathBuf {
    tmp.path().join("out").join(file)
}

#[test]
fn against_an_identical_version_the_build_is_the_plain_build_byte_for_byte() {
    let tmp = bundled_copy("since-same");
    copy_dir(&tmp.path().join("sources"), &tmp.path().join("oud"));
    build(&tmp, &["--format", "pdf"]);
    build(&tmp, &["--format", "docx"]);
    build(&tmp, &["--section", "flevoland"]);
    let plain: Vec<Vec<u8>> = [".pdf", ".docx", "-flevoland.docx"]
        .iter()
        .map(|s| fs::read(out(&tmp, &format!("{PLAN}{s}"))).unwrap())
        .collect();
    let said = build(&tmp, &["--format", "pdf", "--since", "oud"]);
    let line = fs::read_to_string(root().join("tests/fixtures/outputs/build-since-unchanged.txt"))
        .unwrap();
    assert!(said.contains(line.trim_end()), "{said}");
    build(&tmp, &["--format", "docx", "--since", "oud"]);
    build(&tmp, &["--section", "flevoland", "--since", "oud"]);
    for (s, bytes) in [".pdf", ".docx", "-flevoland.docx"].iter().zip(plain) {
        assert!(
            fs::read(out(&tmp, &format!("{PLAN}{s}"))).unwrap() == bytes,
            "{s} differs from the plain build"
        );
    }
}

#[test]
fn a_section_with_revisions_imports_to_exactly_the_current_sources_when_accepted() {
    let tmp = plan_and_earlier("since-import");
    let before = snapshot(&tmp.path().join("sources"));
    for (section, words) in [
        ("flevoland", "verwijdering door uitvoeringsplan: \"45\""),
        (
            "mensenhandel",
            "verwijdering door uitvoeringsplan: \" en uitbuiting\"",
        ),
        (
            "criminele-geldstromen",
            "verwijdering door uitvoeringsplan: \"Belangrijke\"",
        ),
        (
            "oost-utrecht",
            "verwijdering door uitvoeringsplan: \"een doel dat verviel (Criminele geldstromen)\"",
        ),
    ] {
        build(&tmp, &["--section", section, "--since", "oud"]);
        let docx = out(&tmp, &format!("{PLAN}-{section}.docx"));
        let xml = entry(&docx, "word/document.xml");
        assert!(xml.contains("<w:delText"), "{section}: no deleted text");
        assert!(
            xml.contains(r#"w:author="uitvoeringsplan" w:date="2023-01-01T00:00:00Z""#),
            "{section}: revisions' author and date"
        );
        // Revision ids: unique, and unlike any bookmark's.
        let ids: Vec<&str> = xml
            .match_indices(" w:id=\"")
            .map(|(i, m)| {
                let rest = &xml[i + m.len()..];
                &rest[..rest.find('"').unwrap()]
            })
            .collect();
        let mut unique = ids.clone();
        unique.sort();
        unique.dedup();
        let bookmarks = xml.matches("<w:bookmarkEnd").count();
        assert_eq!(
            unique.len(),
            ids.len() - bookmarks,
            "{section}: ids {ids:?}"
        );
        // The same sources and version give the same bytes.
        let first = fs::read(&docx).unwrap();
        build(&tmp, &["--section", section, "--since", "oud"]);
        assert!(
            fs::read(&docx).unwrap() == first,
            "{section}: not deterministic"
        );

        let refused = run(tmp.path(), &["import", docx.to_str().unwrap()]);
        assert_eq!(refused.status.code(), Some(1), "{section}");
        let err = text(&refused.stderr);
        assert!(
            err.contains("nog niet zijn geaccepteerd"),
            "{section}: {err}"
        );
        assert!(err.contains(words), "{section}: {err}");

        let accepted = run_ok(
            tmp.path(),
            &["import", docx.to_str().unwrap(), "--accept-changes"],
        );
        let said = text(&accepted.stdout);
        assert!(said.contains("geaccepteerd"), "{section}: {said}");
        assert!(said.contains("geen wijzigingen"), "{section}: {said}");
    }
    assert!(
        before == snapshot(&tmp.path().join("sources")),
        "an accepted import changed a source"
    );
}

#[test]
fn the_whole_plan_docx_has_the_revisions_of_every_changed_section() {
    let tmp = plan_and_earlier("since-plan-docx");
    build(&tmp, &["--format", "docx", "--since", "oud"]);
    let xml = entry(&out(&tmp, &format!("{PLAN}.docx")), "word/document.xml");
    for deleted in [
        ">45<",
        "Deze alinea stond alleen in de eerdere versie.",
        "Een punt dat alleen in de eerdere versie stond.",
        ">Belangrijke<",
    ] {
        let at = xml
            .find(deleted)
            .unwrap_or_else(|| panic!("{deleted} is not in the document"));
        let before = &xml[..at];
        assert!(
            before.rfind("<w:delText") > before.rfind("</w:delText>").max(before.rfind("<w:t")),
            "{deleted} is not deleted text"
        );
    }
    // The matrix cell: the old mark deleted, the new one inserted.
    assert!(
        xml.contains(r#"<w:delText xml:space="preserve">?</w:delText>"#),
        "the matrix cell's old mark"
    );
    // The deleted paragraph and list item have their paragraph marks deleted.
    assert!(
        xml.matches("<w:rPr><w:del ").count() >= 2,
        "paragraph marks"
    );
}

#[test]
fn the_pdf_has_a_cover_line_and_bars_that_are_artifacts() {
    let tmp = plan_and_earlier("since-pdf");
    build(&tmp, &["--format", "pdf", "--since", "oud"]);
    let pdf = out(&tmp, &format!("{PLAN}.pdf"));
    let bytes = fs::read(&pdf).unwrap();
    let text = pdf_extract::extract_text_from_mem(&bytes).unwrap();
    assert!(
        text.contains("Wijzigingen sinds oud zijn in de marge gemarkeerd"),
        "the cover's line"
    );
    if !have("python3", &["-c", "import pikepdf"]) {
        return;
    }
    // Every filled shape in the bars' colour lies in an artifact; the
    // pages with the changed texts have bars.
    let script = r#"
import pikepdf, sys
pdf = pikepdf.open(sys.argv[1])
colour = [0.702, 0.349, 0.0]
for n, page in enumerate(pdf.pages, 1):
    stack, fill, bars, loose = [], None, 0, 0
    for operands, op in pikepdf.parse_content_stream(page):
        o = str(op)
        if o in ('BMC', 'BDC'): stack.append(str(operands[0]))
        elif o == 'EMC' and stack: stack.pop()
        elif o == 'scn' and len(operands) == 3: fill = [round(float(x), 3) for x in operands]
        elif o == 'f' and fill == colour:
            if '/Artifact' in stack: bars += 1
            else: loose += 1
    if bars or loose: print(n, bars, loose)
"#;
    let out = std::process::Command::new("python3")
        .args(["-c", script, pdf.to_str().unwrap()])
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&out.stdout);
    let pages: Vec<(usize, usize, usize)> = report
        .lines()
        .map(|l| {
            let v: Vec<usize> = l.split(' ').map(|x| x.parse().unwrap()).collect();
            (v[0], v[1], v[2])
        })
        .collect();
    assert!(
        pages.iter().all(|p| p.2 == 0),
        "a bar outside an artifact: {report}"
    );
    // The cover, Flevoland's look back, the budget: at least these pages.
    assert!(pages.len() >= 3, "{report}");
    assert!(
        pages.iter().any(|p| p.0 == 1),
        "no bar on the cover: {report}"
    );
    let structure = std::process::Command::new("python3")
        .args([
            root()
                .join("tests/external/pdf_structure.py")
                .to_str()
                .unwrap(),
            pdf.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    let structure = String::from_utf8_lossy(&structure.stdout);
    assert!(!structure.contains("PROBLEM"), "{structure}");
}

#[test]
fn a_git_revision_is_named_on_the_cover_with_its_date() {
    if !have("git", &["--version"]) {
        return;
    }
    let tmp = bundled_copy("since-git");
    let git = |args: &[&str]| {
        let out = std::process::Command::new("git")
            .args(args)
            .current_dir(tmp.path())
            .env("GIT_AUTHOR_DATE", "2023-03-14T12:00:00+01:00")
            .env("GIT_COMMITTER_DATE", "2023-03-14T12:00:00+01:00")
            .env("GIT_AUTHOR_NAME", "Redactie")
            .env("GIT_AUTHOR_EMAIL", "redactie@example.org")
            .env("GIT_COMMITTER_NAME", "Redactie")
            .env("GIT_COMMITTER_EMAIL", "redactie@example.org")
            .output()
            .unwrap();
        assert!(out.status.success(), "git {args:?}: {}", text(&out.stderr));
    };
    git(&["init", "-q"]);
    git(&["add", "sources"]);
    git(&["commit", "-q", "-m", "bestuur maart"]);
    git(&["tag", "bestuur-maart"]);
    edit(
        &tmp.path().join("sources"),
        "districten/flevoland.toml",
        "60 medewerkers",
        "65 medewerkers",
    );
    build(&tmp, &["--format", "pdf", "--since", "bestuur-maart"]);
    let bytes = fs::read(out(&tmp, &format!("{PLAN}.pdf"))).unwrap();
    let text = pdf_extract::extract_text_from_mem(&bytes).unwrap();
    assert!(
        text.contains(
            "Wijzigingen sinds bestuur-maart (14 maart 2023) zijn in de marge gemarkeerd"
        ),
        "the cover's line"
    );
}

#[test]
fn the_whole_plan_docx_has_a_revision_for_every_kind_of_change() {
    let tmp = plan_and_earlier("since-plan-kinds");
    build(&tmp, &["--format", "docx", "--since", "oud"]);
    let xml = entry(&out(&tmp, &format!("{PLAN}.docx")), "word/document.xml");
    let all = revisions(&xml);
    let text: Vec<&str> = all
        .iter()
        .map(String::as_str)
        .filter(|r| !r.ends_with(":mark") && !r.ends_with(":row"))
        .collect();
    let nb = "\u{a0}";
    // In document order; each changed cell or word: the old deleted, the
    // new inserted.
    let expected: Vec<String> = [
        // The cover: the slogan's word, the programme's number.
        "del:sterk",
        "ins:slagvaardig",
        "del:2.0",
        "ins:3.0",
        // A board member's role.
        "ins:district ",
        // Flevoland moved to the front: its heading inserted there...
        "ins:Flevoland",
        // ...its look back's words and the deleted paragraph, its matrix cell.
        "del:45",
        "ins:60",
        "del:vier",
        "ins:vijf",
        "del:Deze alinea stond alleen in de eerdere versie.",
        "del:?",
        "ins:✓",
        // ...and the matrix's summary in words.
        "ins:, OMG",
        "del:37",
        "ins:36",
        // ...and deleted where it was, after Gooi en Vechtstreek.
        "del:Flevoland",
        // Oost-Utrecht's targets: a count, and a deleted row.
        "del:3",
        "del:een doel dat verviel (Criminele geldstromen)",
        "del:2023",
        "del:2",
        "ins:1",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    assert_eq!(
        text[..expected.len()].to_vec(),
        expected,
        "the first revisions: {all:#?}"
    );
    let rest: Vec<&str> = text[expected.len()..].to_vec();
    for wanted in [
        // The renamed theme's heading.
        "del: en uitbuiting".to_string(),
        // The budget line: FTE and amount (in its column too); it is new
        // since (its mark).
        "ins:*".to_string(),
        "del:0,5".to_string(),
        "ins:1".to_string(),
        format!("del:€{nb}90.000"),
        format!("ins:€{nb}96.650"),
        // The line only the earlier version had.
        "del:Adviseur die later verviel*".to_string(),
        format!("del:€{nb}6.650"),
        // The column's funding, in the organisation's funding streams
        // (a sentence: word by word).
        "del:690.000".to_string(),
        "ins:700.000".to_string(),
        // The result in its wording, and its chart.
        "del:100".to_string(),
        "ins:103".to_string(),
        "del:51".to_string(),
        "ins:54".to_string(),
    ] {
        assert!(rest.contains(&wanted.as_str()), "{wanted} in {rest:#?}");
    }
    // Rows: the target and the budget line deleted, none inserted.
    let rows: Vec<&String> = all.iter().filter(|r| r.ends_with(":row")).collect();
    assert_eq!(rows, ["del:row", "del:row"], "{all:#?}");
    // A deleted row is deleted whole: every cell's text and mark.
    for line in ["een doel dat verviel", "Adviseur die later verviel"] {
        let at = xml.find(line).unwrap();
        let row = &xml[xml[..at].rfind("<w:tr>").unwrap()..];
        let row = &row[..row.find("</w:tr>").unwrap()];
        assert!(!row.contains("<w:t>") && !row.contains("<w:t "), "{row}");
        assert!(row.contains("<w:trPr><w:cantSplit/><w:del "), "{row}");
    }
    // The moved heading: inserted with its mark in its heading style.
    let moved = xml
        .find("Heading2\"/><w:rPr><w:ins ")
        .expect("an inserted heading");
    assert!(xml[moved..].find("Flevoland") < xml[moved..].find("</w:p>"));
    // Every revision by the tool, on the plan's date, ids unique.
    assert_eq!(
        xml.matches(r#"w:author="uitvoeringsplan" w:date="2023-01-01T00:00:00Z""#)
            .count(),
        all.len()
    );
}

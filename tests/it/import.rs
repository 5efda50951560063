//! `import`: a revised DOCX section back into the sources — round trips,
//! edits, provenance, tracked changes, comments, images and a killed
//! import. Every refusal, hostile files included, is a case in
//! `tests/fixtures/invalid/` (see `cases.rs`).

use std::fs;
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};

use crate::support::*;

const SECTIONS: [&str; 11] = [
    "flevoland",
    "gooi-en-vechtstreek",
    "oost-utrecht",
    "utrecht-stad",
    "west-utrecht",
    "criminele-geldstromen",
    "criminele-samenwerkingsverbanden",
    "mensenhandel",
    "straatwaarden",
    "weerbare-overheid",
    "groeispurt-op-informatie",
];

/// A copy of the minimal plan and the export of one of its sections.
fn minimal_export(name: &str, section: &str) -> (TempDir, PathBuf) {
    let tmp = TempDir::new(name);
    copy_dir(
        &fixtures().join("valid/minimal/sources"),
        &tmp.path().join("sources"),
    );
    let docx = export(&tmp, section);
    (tmp, docx)
}

fn import(tmp: &TempDir, docx: &Path, flags: &[&str]) -> (i32, String, String) {
    let mut args = vec!["import", docx.to_str().unwrap()];
    args.extend_from_slice(flags);
    let out = run(tmp.path(), &args);
    (
        out.status.code().unwrap(),
        text(&out.stdout),
        text(&out.stderr),
    )
}

#[test]
fn an_unchanged_export_changes_no_byte_of_any_source() {
    let tmp = bundled_copy("imp-roundtrip");
    let before = snapshot(&tmp.path().join("sources"));
    for section in SECTIONS {
        let docx = export(&tmp, section);
        let (code, out, err) = import(&tmp, &docx, &[]);
        assert_eq!(code, 0, "{section}: {err}");
        assert!(out.contains("geen wijzigingen"), "{section}: {out}");
    }
    assert!(
        before == snapshot(&tmp.path().join("sources")),
        "a source changed"
    );
}

#[test]
fn edits_come_back_into_the_right_fields_and_the_next_build_shows_them() {
    let tmp = bundled_copy("imp-edits");
    let docx = export(&tmp, "west-utrecht");
    let edited = tmp.path().join("edited.docx");
    rewrite(
        &docx,
        &edited,
        |name, xml| {
            if name == "word/document.xml" {
                assert!(xml.contains("vooral tevreden"));
                *xml = xml.replacen("vooral tevreden", "zeer tevreden", 1);
                // A bold word, added as its own run after the changed text.
                *xml = xml.replacen(
                    "zeer tevreden",
                    "zeer tevreden</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\"> (echt)</w:t></w:r><w:r><w:t xml:space=\"preserve\">",
                    1,
                );
            }
        },
        &[],
    );
    let (code, out, err) = import(&tmp, &edited, &["--dry-run"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("terugblik: tekst gewijzigd"), "{out}");
    assert!(out.contains("niets geschreven"), "{out}");
    let toml = tmp.path().join("sources/districten/west-utrecht.toml");
    let original = fs::read_to_string(&toml).unwrap();
    assert!(original.contains("vooral tevreden"), "dry run wrote");

    let (code, out, err) = import(&tmp, &edited, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("geschreven"), "{out}");
    let now = fs::read_to_string(&toml).unwrap();
    assert!(now.contains("zeer tevreden **(echt)**"), "{now}");
    assert!(
        now.contains("# Jonge aanwas en weerbare overheid"),
        "comments lost"
    );
    // The backup is beside the sources, not in them.
    let backup = latest_backup(tmp.path(), "districten/west-utrecht.toml").expect("no backup");
    assert_eq!(fs::read_to_string(backup).unwrap(), original);
    assert!(!toml.with_extension("toml.bak").exists());
    // Only the terugblik changed.
    let mut a: toml::Table = toml::from_str(&original).unwrap();
    let mut b: toml::Table = toml::from_str(&now).unwrap();
    assert_ne!(a.remove("terugblik"), b.remove("terugblik"));
    assert_eq!(a, b, "another field changed");
    run_ok(tmp.path(), &["check"]);
}

#[test]
fn table_values_come_back() {
    let tmp = bundled_copy("imp-tables");
    let docx = export(&tmp, "west-utrecht");
    let edited = tmp.path().join("edited.docx");
    // The first target (46 risk locations) becomes 50.
    edit_document(&docx, &edited, ">46<", ">50<");
    let (code, out, err) = import(&tmp, &edited, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("doel[1].aantal: 46 → 50"), "{out}");
    let now = fs::read_to_string(tmp.path().join("sources/districten/west-utrecht.toml")).unwrap();
    assert!(now.contains("aantal = 50"), "{now}");
}

#[test]
fn a_field_empty_in_the_sources_can_be_filled_in_word() {
    // The minimal plan's theme has no `inleiding`: its section document has
    // an empty paragraph for it. Word may put typed text inside the
    // collapsed bookmark or just after it; both come back.
    let intro = uitvoeringsplan::render::docx::fields::THEME_INTRO.bookmark;
    let empty = format!(r#"<w:bookmarkStart w:id="1" w:name="{intro}"/><w:bookmarkEnd w:id="1"/>"#);
    let typed = r#"<w:r><w:t xml:space="preserve">Geld volgen loont.</w:t></w:r>"#;
    let inside =
        format!(r#"<w:bookmarkStart w:id="1" w:name="{intro}"/>{typed}<w:bookmarkEnd w:id="1"/>"#);
    let after = format!("{empty}{typed}");
    for filled in [inside, after] {
        let (tmp, docx) = minimal_export("imp-empty-field", "geldstromen");
        let (code, out, err) = import(&tmp, &docx, &[]);
        assert_eq!(code, 0, "{err}");
        assert!(
            out.contains("geen wijzigingen"),
            "an empty field changed: {out}"
        );
        let edited = tmp.path().join("edited.docx");
        edit_document(&docx, &edited, &empty, &filled);
        let (code, out, err) = import(&tmp, &edited, &[]);
        assert_eq!(code, 0, "{err}");
        assert!(out.contains("inleiding: tekst gewijzigd"), "{out}");
        let now = fs::read_to_string(tmp.path().join("sources/themas/geldstromen.toml")).unwrap();
        assert!(now.contains("Geld volgen loont."), "{now}");
        run_ok(tmp.path(), &["check"]);
    }
}

#[test]
fn a_section_changed_since_export_is_refused_unless_forced() {
    let tmp = bundled_copy("imp-stale");
    let docx = export(&tmp, "mensenhandel");
    let toml = tmp.path().join("sources/themas/mensenhandel.toml");
    let mut s = fs::read_to_string(&toml).unwrap();
    s.push_str("\n# een wijziging na de export\n");
    fs::write(&toml, &s).unwrap();
    let (code, _, err) = import(&tmp, &docx, &[]);
    assert_eq!(code, 1);
    assert!(
        err.contains("is gewijzigd sinds dit document werd gemaakt"),
        "{err}"
    );
    let (code, out, err) = import(&tmp, &docx, &["--force"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("geen wijzigingen"), "{out}");
}

#[test]
fn tracked_changes_are_refused_or_accepted_and_comments_listed() {
    let tmp = bundled_copy("imp-changes");
    let docx = export(&tmp, "west-utrecht");
    let edited = tmp.path().join("edited.docx");
    rewrite(
        &docx,
        &edited,
        |name, xml| {
            if name == "word/document.xml" {
                *xml = xml.replacen(
                    "vooral tevreden",
                    "vooral tevreden</w:t></w:r><w:ins w:id=\"901\" w:author=\"Anne\" w:date=\"2023-01-01T00:00:00Z\"><w:r><w:t xml:space=\"preserve\"> en trots</w:t></w:r></w:ins><w:commentRangeStart w:id=\"0\"/><w:r><w:t xml:space=\"preserve\">",
                    1,
                );
            }
        },
        &[(
            "word/comments.xml",
            br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:comments xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:comment w:id="0" w:author="Bert"><w:p><w:r><w:t>Klopt dit getal?</w:t></w:r></w:p></w:comment></w:comments>"#,
        )],
    );
    let (code, _, err) = import(&tmp, &edited, &[]);
    assert_eq!(code, 1);
    assert!(
        err.contains("1 bijgehouden wijziging die nog niet is geaccepteerd"),
        "{err}"
    );
    // The change is named by its words and the words before it, not by
    // the start of its paragraph.
    assert!(
        err.contains("invoeging door Anne: \" en trots\" na \"")
            && err.contains("we in district West-Utrecht vooral tevreden\""),
        "{err}"
    );
    let (code, out, err) = import(&tmp, &edited, &["--accept-changes"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("1 bijgehouden wijziging geaccepteerd"),
        "{out}"
    );
    // The comment is placed at the words it covers (up to the paragraph's
    // end here: the range was left open).
    assert!(
        out.contains("opmerking van Bert bij \" over de samenwerking: we weten elkaar te vinden,"),
        "{out}"
    );
    assert!(out.contains("Klopt dit getal?"), "{out}");
    let now = fs::read_to_string(tmp.path().join("sources/districten/west-utrecht.toml")).unwrap();
    assert!(now.contains("vooral tevreden en trots"), "{now}");
}

#[test]
fn an_export_with_an_image_comes_back_and_only_added_images_are_refused() {
    let (tmp, docx) = minimal_export("imp-image", "noord");
    let before = snapshot(&tmp.path().join("sources"));
    let png = fs::read(tmp.path().join("sources/afbeeldingen/kaart.png")).unwrap();
    let mut archive = zip::ZipArchive::new(Cursor::new(fs::read(&docx).unwrap())).unwrap();
    let mut media = Vec::new();
    archive
        .by_name("word/media/afbeeldingen-kaart.png")
        .expect("the image is in the export")
        .read_to_end(&mut media)
        .unwrap();
    assert_eq!(media, png, "the checked bytes are embedded");

    // Unchanged: nothing to do.
    let (code, out, err) = import(&tmp, &docx, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("geen wijzigingen"), "{out}");

    // Word and LibreOffice rename media parts on saving: still the export's image.
    let renamed = tmp.path().join("renamed.docx");
    rewrite_entries(
        &docx,
        &renamed,
        |name, data| {
            let data = if name == "word/_rels/document.xml.rels" {
                String::from_utf8(data)
                    .unwrap()
                    .replace("media/afbeeldingen-kaart.png", "media/image1.png")
                    .into_bytes()
            } else {
                data
            };
            let name = name.replace("afbeeldingen-kaart.png", "image1.png");
            Some((name, data))
        },
        &[],
    );
    let (code, out, err) = import(&tmp, &renamed, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("geen wijzigingen"), "{out}");

    // An added image (another part) is refused ...
    let added = tmp.path().join("added.docx");
    rewrite_entries(
        &docx,
        &added,
        |name, data| Some((name.to_string(), data)),
        &[("word/media/foto.png", b"\x89PNG other")],
    );
    let (code, _, err) = import(&tmp, &added, &[]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("1 toegevoegde afbeelding"), "{err}");
    assert!(err.contains("niets geschreven"), "{err}");

    // ... and so is a second copy of the exported one (another drawing, same part).
    let copied = tmp.path().join("copied.docx");
    rewrite(
        &docx,
        &copied,
        |name, xml| {
            if name == "word/document.xml" {
                let start = xml.find("<w:drawing>").unwrap();
                let end = xml.find("</w:drawing>").unwrap() + "</w:drawing>".len();
                let drawing = xml[start..end].to_string();
                xml.insert_str(end, &drawing);
            }
        },
        &[],
    );
    let (code, _, err) = import(&tmp, &copied, &[]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("1 toegevoegde afbeelding"), "{err}");
    assert!(
        before == snapshot(&tmp.path().join("sources")),
        "a source changed"
    );
}

#[test]
fn an_import_killed_mid_write_leaves_the_old_source_or_the_new_one() {
    let tmp = bundled_copy("imp-kill");
    let docx = export(&tmp, "west-utrecht");
    let edited = tmp.path().join("edited.docx");
    edit_document(&docx, &edited, "vooral tevreden", "zeer tevreden");
    let toml = tmp.path().join("sources/districten/west-utrecht.toml");
    let old = fs::read_to_string(&toml).unwrap();
    for delay_ms in [5u64, 20, 40, 60, 80, 100, 130, 160] {
        fs::write(&toml, &old).unwrap();
        let args = ["import", edited.to_str().unwrap(), "--force"];
        run_killed(tmp.path(), &args, delay_ms);
        let now = fs::read_to_string(&toml).unwrap();
        let whole = now == old
            || (now.contains("zeer tevreden") && toml::from_str::<toml::Table>(&now).is_ok());
        assert!(
            whole,
            "after a kill at {delay_ms} ms the source is neither the old nor the new file"
        );
    }
}

#[test]
fn dry_run_shows_the_changed_words_in_their_context() {
    let (tmp, docx) = minimal_export("imp-words", "noord");
    let edited = tmp.path().join("edited.docx");
    edit_document(
        &docx,
        &edited,
        "In 2024 is veel gedaan.",
        "In 2024 is heel veel gedaan.",
    );
    let (code, out, err) = import(&tmp, &edited, &["--dry-run"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains(
            "  terugblik: tekst gewijzigd:\n    \"In 2024 is veel gedaan. eerste …\" → \"In 2024 is heel veel gedaan. eerste …\""
        ),
        "{out}"
    );
    assert!(!out.contains("blokken"), "{out}");
}

/// Plain text that looks like Markdown, line breaks at the end of a
/// paragraph and symbols come back exactly (a tab is refused: the PDF
/// cannot print one); a link whose address holds
/// `)` or `\\` no longer keeps its paragraph from being edited.
#[test]
fn text_that_looks_like_markdown_tabs_and_symbols_come_back() {
    let tmp = TempDir::new("imp-plain");
    copy_dir(
        &fixtures().join("valid/minimal/sources"),
        &tmp.path().join("sources"),
    );
    let toml = tmp.path().join("sources/districten/noord.toml");
    let source = fs::read_to_string(&toml).unwrap().replace(
        "We gaan door. Zie [het plan](https://example.org/noord.pdf).",
        // In TOML: `\\` is one backslash of the Markdown.
        r"We gaan door. Zie [het plan](https://example.org/plan_\\(2024\\)\\\\a.pdf).",
    );
    fs::write(&toml, source).unwrap();
    let docx = export(&tmp, "noord");
    let edited = tmp.path().join("edited.docx");
    let para =
        |text: &str| format!("<w:p><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>");
    rewrite(
        &docx,
        &edited,
        |name, xml| {
            if name != "word/document.xml" {
                return;
            }
            let run = "<w:r><w:t xml:space=\"preserve\">In 2024 is veel gedaan.</w:t></w:r>";
            assert!(xml.contains(run));
            *xml = xml.replacen(
                run,
                &format!(
                    "<w:r><w:t xml:space=\"preserve\">2023. Een jaar met</w:t><w:sym w:font=\"Symbol\" w:char=\"F0B7\"/><w:t xml:space=\"preserve\">tab en α: </w:t></w:r><w:r><w:rPr><w:rFonts w:ascii=\"Symbol\" w:hAnsi=\"Symbol\"/></w:rPr><w:t>\u{F061}</w:t></w:r><w:r><w:br/></w:r></w:p>{}{}{}<w:p>",
                    para("1. Eerst dit"),
                    para("3) Dan dat"),
                    para("~~~ en ==="),
                ),
                1,
            );
            *xml = xml.replacen("We gaan door.", "We gaan verder.", 1);
        },
        &[],
    );
    let (code, out, err) = import(&tmp, &edited, &[]);
    assert_eq!(code, 0, "{err}\n{out}");
    let now: toml::Table = toml::from_str(&fs::read_to_string(&toml).unwrap()).unwrap();
    let field = |k: &str| now[k].as_str().unwrap().to_string();
    assert!(
        field("terugblik").starts_with(
            "2023\\. Een jaar met•tab en α: α\n\n1\\. Eerst dit\n\n3\\) Dan dat\n\n\\~~~ en ==="
        ),
        "{}",
        field("terugblik")
    );
    assert_eq!(
        field("vooruitblik").trim(),
        r"We gaan verder. Zie [het plan](https://example.org/plan_\(2024\)\\a.pdf)."
    );
    run_ok(tmp.path(), &["check"]);
    // The next export carries the text as typed: importing it changes nothing.
    let again = export(&tmp, "noord");
    let (code, out, err) = import(&tmp, &again, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("geen wijzigingen"), "{out}");
    let mut xml = String::new();
    zip::ZipArchive::new(fs::File::open(&again).unwrap())
        .unwrap()
        .by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    assert!(
        xml.contains("2023. Een jaar met•tab en α:"),
        "the symbols are characters again"
    );
}

/// The document shows typographic quotes where the sources have straight
/// ones: an unchanged export is no change, and a changed paragraph comes
/// back in the sources' straight form wherever the view would make the same
/// quote again (typed in Word with ’ or with '), keeping a form typed
/// against that rule.
#[test]
fn typographic_quotes_round_trip_and_come_back_straight() {
    let tmp = TempDir::new("imp-quotes");
    copy_dir(
        &fixtures().join("valid/minimal/sources"),
        &tmp.path().join("sources"),
    );
    let zuid = tmp.path().join("sources/districten/zuid.toml");
    fs::write(
        &zuid,
        "naam = \"Zuid\"\nterugblik = \"Het team's werk en de campagne 'Open je ogen' in [de wijk](https://example.org/it's).\"\nvooruitblik = \"Meer van hetzelfde.\"\n",
    )
    .unwrap();
    let docx = export(&tmp, "zuid");
    let document = document_xml(&docx);
    assert!(
        document.contains("Het team’s werk en de campagne ‘Open je ogen’ in "),
        "{document}"
    );
    let before = fs::read(&zuid).unwrap();

    let (code, out, err) = import(&tmp, &docx, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("geen wijzigingen"), "{out}");
    assert_eq!(fs::read(&zuid).unwrap(), before);

    // A straight quote typed in Word where the export has a typographic one
    // reads the same: still no change.
    let straight = tmp.path().join("straight.docx");
    edit_document(&docx, &straight, "team’s", "team's");
    let (code, out, err) = import(&tmp, &straight, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("geen wijzigingen"), "{out}");
    assert_eq!(fs::read(&zuid).unwrap(), before);

    // An edit in the paragraph: new words typed with Word's ’ and “”, and
    // one ’ where the rule would open with ‘ (kept as typed).
    let edited = tmp.path().join("edited.docx");
    edit_document(
        &docx,
        &edited,
        "Het team’s werk",
        "Het district’s “goede” werk, ’Zuid’ en het team’s werk",
    );
    let (code, out, err) = import(&tmp, &edited, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("terugblik: tekst gewijzigd"), "{out}");
    let now: toml::Value = toml::from_str(&fs::read_to_string(&zuid).unwrap()).unwrap();
    // (The Markdown writer wraps long lines.)
    let terugblik = now["terugblik"]
        .as_str()
        .unwrap()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert_eq!(
        terugblik,
        "Het district's \"goede\" werk, ’Zuid' en het team's werk en de campagne 'Open je ogen' in [de wijk](https://example.org/it's)."
    );
    // And the next export shows it exactly as the edited document did.
    let again = export(&tmp, "zuid");
    assert!(
        document_xml(&again).contains("Het district’s “goede” werk, ’Zuid’ en het team’s werk"),
    );
}

fn document_xml(docx: &Path) -> String {
    let mut zip = zip::ZipArchive::new(fs::File::open(docx).unwrap()).unwrap();
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    xml
}

/// A tab typed in Word cannot be printed in the PDF: the import refuses it
/// with the place, and writes nothing.
#[test]
fn a_tab_typed_in_word_is_refused_with_its_place() {
    let (tmp, docx) = minimal_export("imp-tab", "noord");
    let toml = tmp.path().join("sources/districten/noord.toml");
    let before = fs::read(&toml).unwrap();
    let edited = tmp.path().join("tab.docx");
    edit_document(
        &docx,
        &edited,
        "In 2024 is veel gedaan.</w:t>",
        "In 2024 is</w:t><w:tab/><w:t xml:space=\"preserve\">veel gedaan.</w:t>",
    );
    let (code, _out, err) = import(&tmp, &edited, &[]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("een tab in de tekst"), "{err}");
    assert!(err.contains("import: niets geschreven"), "{err}");
    assert_eq!(fs::read(&toml).unwrap(), before);
}

/// The instruction block atop a section document is not read: edited,
/// with a tracked change in it, or deleted, it changes nothing and is not
/// refused; an open value filled where it is marked comes back.
#[test]
fn the_instruction_block_is_ignored_and_a_marked_open_value_comes_back() {
    let tmp = bundled_copy("imp-instructions");
    let docx = export(&tmp, "west-utrecht");
    let xml = document_xml(&docx);
    let style = r#"<w:pStyle w:val="Instructie"/>"#;
    assert!(xml.contains(style), "no instruction block");
    let before = snapshot(&tmp.path().join("sources"));

    let edited = tmp.path().join("edited.docx");
    edit_document(
        &docx,
        &edited,
        "Zo werkt u met dit document",
        "Gelezen</w:t></w:r><w:ins w:id=\"901\" w:author=\"District\"><w:r><w:t xml:space=\"preserve\"> en begrepen</w:t></w:r></w:ins><w:r><w:t>",
    );
    let deleted = tmp.path().join("deleted.docx");
    rewrite(
        &docx,
        &deleted,
        |name, xml| {
            if name == "word/document.xml" {
                // Every paragraph of the block goes.
                while let Some(at) = xml.find(r#"<w:pStyle w:val="Instructie"/>"#) {
                    let start = xml[..at]
                        .rfind("<w:p>")
                        .or_else(|| xml[..at].rfind("<w:p "))
                        .unwrap();
                    let end = at + xml[at..].find("</w:p>").unwrap() + "</w:p>".len();
                    xml.replace_range(start..end, "");
                }
            }
        },
        &[],
    );
    for doc in [&edited, &deleted] {
        let (code, out, err) = import(&tmp, doc, &[]);
        assert_eq!(code, 0, "{doc:?}: {err}");
        assert!(out.contains("geen wijzigingen"), "{doc:?}: {out}");
    }
    assert!(
        before == snapshot(&tmp.path().join("sources")),
        "a source changed"
    );

    // The first open mark of the matrix (De Ronde Venen, risicolocaties),
    // shaded where it sits, filled with a ✓.
    let filled = tmp.path().join("filled.docx");
    let open_cell = r#"<w:t xml:space="preserve">?</w:t>"#;
    let xml = document_xml(&docx);
    let at = xml
        .find(open_cell)
        .or_else(|| xml.find("<w:t>?</w:t>"))
        .expect("an open mark");
    let cell_start = xml[..at].rfind("<w:tc>").unwrap();
    assert!(
        xml[cell_start..at].contains("<w:shd"),
        "the open mark is not shaded"
    );
    let mut new = xml.clone();
    let mark = &xml[at..at + xml[at..].find("</w:t>").unwrap() + 6];
    new.replace_range(at..at + mark.len(), &mark.replace('?', "✓"));
    rewrite(
        &docx,
        &filled,
        |name, x| {
            if name == "word/document.xml" {
                *x = new.clone();
            }
        },
        &[],
    );
    let (code, out, err) = import(&tmp, &filled, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("De Ronde Venen"), "{out}");
    let now = fs::read_to_string(tmp.path().join("sources/districten/west-utrecht.toml")).unwrap();
    assert!(
        now.contains(r#"ja = ["risicolocaties", "jonge-aanwas", "weerbare-overheid"]"#),
        "{now}"
    );
}

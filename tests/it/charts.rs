//! The results' charts in the whole plan's DOCX: each one an image drawn
//! by the PDF's layout from the same data, under its caption and above its
//! table, with the PDF's alternative text, sharp enough to print, in the
//! house style of `--layouts`, and the same bytes every time.

use std::collections::BTreeMap;
use std::fs;
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};

use crate::support::*;

/// The minimal plan with the results over three years (so the charts have
/// a bar per year), and a second chart whose last year is known.
fn years_copy(name: &str) -> TempDir {
    let tmp = minimal_copy(name);
    let years =
        fs::read_to_string(fixtures().join("valid/results-years/sources/resultaten.toml")).unwrap();
    let advice = r#"
[[maat]]
nummer = 4
omschrijving = "Adviezen"

[[maat.regel]]
label = "a"
omschrijving = "Totaal aantal adviezen"
waarde = { 2022 = 5, 2023 = 8, 2024 = 11 }
uitsplitsing = [
  { omschrijving = "bestuurlijk", waarde = { 2022 = 2, 2023 = 3, 2024 = 5 } },
  { omschrijving = "strafrechtelijk", waarde = { 2022 = 3, 2023 = 5, 2024 = 6 } },
]
"#;
    fs::write(tmp.path().join("sources/resultaten.toml"), years + advice).unwrap();
    tmp
}

/// Builds `format` of the plan in `dir` into `dir/<out>` and returns the file.
fn build(dir: &Path, format: &str, out: &str, extra: &[&str]) -> PathBuf {
    let mut args = vec!["build", "--format", format, "--out", out];
    args.extend_from_slice(extra);
    run_ok(dir, &args);
    fs::read_dir(dir.join(out))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == format))
        .unwrap_or_else(|| panic!("no .{format} in {out}"))
}

/// The DOCX's parts by name.
fn parts(docx: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut zip = zip::ZipArchive::new(Cursor::new(fs::read(docx).unwrap())).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut bytes = Vec::new();
            f.read_to_end(&mut bytes).unwrap();
            (f.name().to_string(), bytes)
        })
        .collect()
}

/// One block of the body, as far as these tests care.
#[derive(Debug, PartialEq)]
enum Block {
    /// A paragraph: its style and text.
    Para(String, String),
    /// A paragraph holding a picture (index into `Pictures`).
    Picture(usize),
    Table,
}

#[derive(Debug)]
struct Picture {
    name: String,
    descr: String,
    /// The part it shows, with its bytes.
    part: String,
    png: Vec<u8>,
    /// Its size on the page in EMU.
    cx: u64,
    cy: u64,
}

/// The body's blocks and its pictures, in document order.
fn body(parts: &BTreeMap<String, Vec<u8>>) -> (Vec<Block>, Vec<Picture>) {
    let rels = String::from_utf8(parts["word/_rels/document.xml.rels"].clone()).unwrap();
    let rels = roxmltree::Document::parse(&rels).unwrap();
    let target = |id: &str| {
        rels.descendants()
            .find(|n| n.attribute("Id") == Some(id))
            .and_then(|n| n.attribute("Target"))
            .map(|t| format!("word/{t}"))
            .unwrap_or_else(|| panic!("no relationship {id}"))
    };
    let xml = String::from_utf8(parts["word/document.xml"].clone()).unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let body = doc
        .root_element()
        .children()
        .find(|n| n.has_tag_name("body"))
        .unwrap();
    let mut blocks = Vec::new();
    let mut pictures = Vec::new();
    for n in body.children().filter(|n| n.is_element()) {
        match n.tag_name().name() {
            "tbl" => blocks.push(Block::Table),
            "p" => {
                if let Some(d) = n.descendants().find(|d| d.has_tag_name("drawing")) {
                    let pr = d.descendants().find(|x| x.has_tag_name("docPr")).unwrap();
                    let extent = d.descendants().find(|x| x.has_tag_name("extent")).unwrap();
                    let blip = d.descendants().find(|x| x.has_tag_name("blip")).unwrap();
                    let embed = blip
                        .attributes()
                        .find(|a| a.name() == "embed")
                        .unwrap()
                        .value();
                    let part = target(embed);
                    pictures.push(Picture {
                        name: pr.attribute("name").unwrap_or_default().to_string(),
                        descr: pr.attribute("descr").unwrap_or_default().to_string(),
                        png: parts[&part].clone(),
                        part,
                        cx: extent.attribute("cx").unwrap().parse().unwrap(),
                        cy: extent.attribute("cy").unwrap().parse().unwrap(),
                    });
                    blocks.push(Block::Picture(pictures.len() - 1));
                } else {
                    let style = n
                        .descendants()
                        .find(|x| x.has_tag_name("pStyle"))
                        .and_then(|s| s.attributes().find(|a| a.name() == "val"))
                        .map(|a| a.value().to_string())
                        .unwrap_or_default();
                    let text: String = n
                        .descendants()
                        .filter(|x| x.has_tag_name("t"))
                        .filter_map(|x| x.text())
                        .collect();
                    blocks.push(Block::Para(style, text));
                }
            }
            _ => {}
        }
    }
    (blocks, pictures)
}

/// The alternative texts of the PDF's figures (`/Alt` of its structure
/// elements), in order, through pikepdf; None without it.
fn pdf_alts(pdf: &Path) -> Option<Vec<String>> {
    if !crate::external::have("python3", &["-c", "import pikepdf"]) {
        return None;
    }
    let script = r#"
import sys, pikepdf
pdf = pikepdf.open(sys.argv[1])
def walk(e):
    if isinstance(e, pikepdf.Array):
        for x in e: walk(x)
        return
    if not isinstance(e, pikepdf.Dictionary):
        return
    if e.get('/S') == '/Figure' and '/Alt' in e:
        print(str(e.Alt).replace('\n', ' '))
    if '/K' in e:
        walk(e.K)
walk(pdf.Root.StructTreeRoot)
"#;
    let out = std::process::Command::new("python3")
        .args(["-c", script, pdf.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    Some(text(&out.stdout).lines().map(str::to_string).collect())
}

/// Width and height of a PNG, from its header.
fn png_size(png: &[u8]) -> (u32, u32) {
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
    let be = |at: usize| u32::from_be_bytes(png[at..at + 4].try_into().unwrap());
    (be(16), be(20))
}

/// The chart titles and alternative texts of the plan's appendix, as the
/// view gives them to the layouts (`uitvoeringsplan data`).
fn view_charts(dir: &Path) -> Vec<(String, String)> {
    run_ok(dir, &["data", "--out", "lay/data.json"]);
    let json: serde_json::Value =
        serde_json::from_slice(&fs::read(dir.join("lay/data/resultaten.json")).unwrap()).unwrap();
    json["charts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["title"].as_str().unwrap().to_string(),
                c["alt"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn each_chart_is_an_image_with_the_pdf_s_alt_text_under_its_caption_and_above_its_table() {
    let tmp = years_copy("charts-docx");
    let charts = view_charts(tmp.path());
    assert!(
        charts.len() >= 2,
        "the fixture has several charts: {charts:?}"
    );
    let docx = build(tmp.path(), "docx", "out", &[]);
    let (blocks, pictures) = body(&parts(&docx));
    let charts_pictures: Vec<&Picture> = pictures
        .iter()
        .filter(|p| p.name.starts_with("grafiek-"))
        .collect();
    assert_eq!(charts_pictures.len(), charts.len(), "{pictures:?}");
    for (i, (title, alt)) in charts.iter().enumerate() {
        // Caption, picture, table, as the PDF has caption and drawing (and
        // the results table carries the figures there).
        let at = blocks
            .iter()
            .position(|b| *b == Block::Para("Caption".into(), title.clone()))
            .unwrap_or_else(|| panic!("no caption {title:?}: {blocks:?}"));
        let Block::Picture(k) = blocks[at + 1] else {
            panic!(
                "no picture after the caption {title:?}: {:?}",
                blocks[at + 1]
            );
        };
        assert_eq!(blocks[at + 2], Block::Table, "{title:?}");
        let p = &pictures[k];
        assert_eq!(p.name, format!("grafiek-{}.png", i + 1));
        assert_eq!(p.part, format!("word/media/grafiek-{}.png", i + 1));
        assert_eq!(&p.descr, alt, "the alt text of chart {title:?}");
        // As wide as the PDF's text column (210 - 22 - 52 mm), at 300 dpi.
        let (w, h) = png_size(&p.png);
        let column_mm = 210.0 - 22.0 - 52.0;
        let expected = (column_mm / 25.4 * 300.0_f64).round() as u32;
        assert!(w.abs_diff(expected) <= 1, "{w} px wide, not {expected}");
        assert!((60..=1200).contains(&h), "{h} px high");
        let emu_per_px = 914_400.0 / 300.0;
        assert!((p.cx as f64 / (f64::from(w) * emu_per_px) - 1.0).abs() < 0.01);
        assert!((p.cy as f64 / (f64::from(h) * emu_per_px) - 1.0).abs() < 0.01);
        assert!(p.png.len() < 200_000, "{} bytes", p.png.len());
    }
    // The PDF's figures (the map and the charts) say the same, in order.
    let pdf = build(tmp.path(), "pdf", "out", &[]);
    if let Some(alts) = pdf_alts(&pdf) {
        let docx_alts: Vec<&str> = pictures.iter().map(|p| p.descr.as_str()).collect();
        assert_eq!(alts, docx_alts, "the PDF's alt texts");
    }
}

#[test]
fn a_section_document_has_no_chart() {
    let tmp = years_copy("charts-section");
    let docx = export(&tmp, "zuid");
    let (_, pictures) = body(&parts(&docx));
    assert!(pictures.iter().all(|p| !p.name.starts_with("grafiek-")));
}

/// How many pixels of the charts have exactly this colour.
fn pixels_of(docx: &Path, rgb: [u8; 3]) -> usize {
    let charts: Vec<Vec<u8>> = parts(docx)
        .into_iter()
        .filter(|(name, _)| name.starts_with("word/media/grafiek-"))
        .map(|(_, png)| png)
        .collect();
    assert_eq!(charts.len(), 2);
    charts
        .iter()
        .map(|png| {
            let image = image::load_from_memory(png).unwrap().to_rgb8();
            image.pixels().filter(|p| p.0 == rgb).count()
        })
        .sum()
}

#[test]
fn the_house_style_s_colours_reach_the_chart_images() {
    let tmp = years_copy("charts-house");
    let plain = build(tmp.path(), "docx", "out", &[]);
    let primary = [0x15, 0x42, 0x73];
    let red = [0xC0, 0x00, 0x00];
    assert!(pixels_of(&plain, primary) > 1000, "the bars in #154273");
    assert_eq!(pixels_of(&plain, red), 0);
    // A designer's copy of the layouts with another primary colour.
    let lay = tmp.path().join("huis");
    copy_dir(&root().join("layouts"), &lay);
    let style = fs::read_to_string(lay.join("huisstijl.toml")).unwrap();
    assert!(style.contains("primair = \"#154273\""));
    fs::write(
        lay.join("huisstijl.toml"),
        style.replace("primair = \"#154273\"", "primair = \"#C00000\""),
    )
    .unwrap();
    let styled = build(tmp.path(), "docx", "styled", &["--layouts", "huis"]);
    assert!(pixels_of(&styled, red) > 1000, "the bars in #C00000");
    assert_eq!(pixels_of(&styled, primary), 0);
    // A PDF column wider than the DOCX's text (a narrow right margin: the
    // DOCX has the left one on both sides): drawn that wide, fitted in.
    let style = fs::read_to_string(lay.join("huisstijl.toml")).unwrap();
    assert!(style.contains("marge_rechts = 52"));
    fs::write(
        lay.join("huisstijl.toml"),
        style.replace("marge_rechts = 52", "marge_rechts = 10"),
    )
    .unwrap();
    let wide = build(tmp.path(), "docx", "wide", &["--layouts", "huis"]);
    let (_, pictures) = body(&parts(&wide));
    let chart = pictures.iter().find(|p| p.name == "grafiek-1.png").unwrap();
    let (w, h) = png_size(&chart.png);
    let column_px = ((210.0 - 22.0 - 10.0) / 25.4 * 300.0_f64).round() as u32;
    assert!(w.abs_diff(column_px) <= 1, "{w} px wide, not {column_px}");
    // A4 less twice 22 mm, in twips (as Word counts), in EMU.
    let text_width = (11906 - 2 * 1247) * 635;
    assert_eq!(chart.cx, text_width);
    assert_eq!(chart.cy, text_width * u64::from(h) / u64::from(w));
}

#[test]
fn two_builds_give_the_same_docx_bytes() {
    let tmp = years_copy("charts-same");
    let a = build(tmp.path(), "docx", "a", &[]);
    let b = build(tmp.path(), "docx", "b", &[]);
    assert!(fs::read(a).unwrap() == fs::read(b).unwrap(), "bytes differ");
}

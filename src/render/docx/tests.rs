//! Tests of the DOCX writer on the bundled plan: the package and its XML
//! parts are read back and checked directly (styles, numbering, tables,
//! sections, properties, bookmarks, links, determinism).

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Cursor, Read};
use std::path::Path;

use super::fields;
use super::styles::{self, HEADINGS};
use super::xml::{self, Element};
use super::{Provenance, render};
use crate::render::view::{self, View, rich_plain};
use crate::source::images::ImageFile;

fn plan_view() -> View {
    let (plan, report, _) = crate::load_plan(Path::new("sources"), "sources");
    let plan = plan.unwrap_or_else(|| panic!("bundled sources invalid:\n{}", report.render()));
    let (date, from_sources) = crate::render::view::plan_date(&plan);
    view::view(&plan, date, from_sources)
}

fn provenance(section: &str) -> Provenance {
    Provenance {
        section: section.into(),
        fingerprint: "0123456789abcdef".into(),
    }
}

fn build(view: &View, section: Option<&str>) -> Vec<u8> {
    render(
        view,
        section,
        &provenance(section.unwrap_or("plan")),
        &BTreeMap::new(),
    )
    .expect("renders")
}

/// The package's parts by name, as text.
fn parts(bytes: &[u8]) -> BTreeMap<String, String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip");
    let mut out = BTreeMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        assert_eq!(
            f.compression(),
            zip::CompressionMethod::Deflated,
            "{}",
            f.name()
        );
        let t = f.last_modified().expect("a date");
        assert_eq!((t.year(), t.month(), t.day()), (1980, 1, 1), "{}", f.name());
        let mut b = Vec::new();
        f.read_to_end(&mut b).unwrap();
        // Media are binary: compare them with `raw`.
        out.insert(
            f.name().to_string(),
            String::from_utf8_lossy(&b).into_owned(),
        );
    }
    out
}

/// One entry of the package, as bytes.
fn raw(bytes: &[u8], name: &str) -> Vec<u8> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip");
    let mut f = zip.by_name(name).unwrap_or_else(|_| panic!("no {name}"));
    let mut b = Vec::new();
    f.read_to_end(&mut b).unwrap();
    b
}

fn part(parts: &BTreeMap<String, String>, name: &str) -> Element {
    xml::parse(
        parts
            .get(name)
            .unwrap_or_else(|| panic!("no {name}"))
            .as_bytes(),
    )
    .unwrap()
}

fn all<'a>(root: &'a Element, name: &str) -> Vec<&'a Element> {
    let mut out = Vec::new();
    collect(root, name, &mut out);
    out
}

fn collect<'a>(e: &'a Element, name: &str, out: &mut Vec<&'a Element>) {
    if e.name == name {
        out.push(e);
    }
    for c in e.elements() {
        collect(c, name, out);
    }
}

fn val<'a>(e: &'a Element, child: &str) -> Option<&'a str> {
    e.child(child).and_then(|c| c.attr("w:val"))
}

/// The text inside each bookmark: paragraphs joined by newlines.
fn bookmarked(document: &Element) -> BTreeMap<String, String> {
    fn visit(
        e: &Element,
        open: &mut BTreeMap<String, String>,
        text: &mut BTreeMap<String, String>,
    ) {
        match e.name.as_str() {
            "w:bookmarkStart" => {
                let (id, name) = (e.attr("w:id").unwrap(), e.attr("w:name").unwrap());
                open.insert(id.into(), name.into());
                text.insert(name.into(), String::new());
            }
            "w:bookmarkEnd" => {
                open.remove(e.attr("w:id").unwrap());
            }
            "w:t" | "w:br" => {
                let t = if e.name == "w:t" {
                    e.text()
                } else {
                    " ".into()
                };
                for name in open.values() {
                    text.get_mut(name).unwrap().push_str(&t);
                }
            }
            _ => {}
        }
        for c in e.elements() {
            visit(c, open, text);
        }
        if e.name == "w:p" {
            for name in open.values() {
                text.get_mut(name).unwrap().push('\n');
            }
        }
    }
    let mut open = BTreeMap::new();
    let mut text = BTreeMap::new();
    visit(document, &mut open, &mut text);
    text
}

#[test]
fn heading_styles_are_word_built_ins_and_every_style_is_used() {
    let view = plan_view();
    let p = parts(&build(&view, None));
    let styles_xml = part(&p, "word/styles.xml");
    let defined: Vec<&Element> = all(&styles_xml, "w:style");
    for (i, id) in HEADINGS.iter().enumerate() {
        let s = defined
            .iter()
            .find(|s| s.attr("w:styleId") == Some(id))
            .unwrap_or_else(|| panic!("no {id}"));
        assert_eq!(
            val(s, "w:name"),
            Some(format!("heading {}", i + 1).as_str())
        );
        let level = s.child("w:pPr").and_then(|p| val(p, "w:outlineLvl"));
        assert_eq!(level, Some(i.to_string().as_str()));
    }
    let ids: BTreeSet<&str> = defined.iter().filter_map(|s| s.attr("w:styleId")).collect();
    assert_eq!(ids.len(), defined.len(), "one definition per style id");
    for id in [
        styles::NORMAL,
        styles::TITEL,
        styles::TERUGBLIK,
        styles::VOORUITBLIK,
        styles::CITAAT,
        styles::CITAATBRON,
        styles::VOETNOOT,
        styles::TABELTEKST,
        styles::GELDCEL,
    ] {
        assert!(ids.contains(id), "style {id} defined");
    }
    let normal = defined
        .iter()
        .find(|s| s.attr("w:styleId") == Some("Normal"))
        .unwrap();
    assert_eq!(normal.attr("w:default"), Some("1"));
    // Used: referenced from the document, a header or a footer (of the
    // whole plan, or of a section document: its instruction block, and the
    // reference block of a section with `[referentie]`).
    let mut used = BTreeSet::new();
    let mut with_reference = view.clone();
    with_reference.districts[0].reference = Some(crate::render::view::Reference {
        title: "Uit het vorige plan".into(),
        outlook: crate::model::richtext::parse("- een punt").unwrap(),
    });
    let section = parts(&build(&with_reference, Some(&view.districts[0].id)));
    for (name, text) in p.iter().chain(&section) {
        if name.starts_with("word/document")
            || name.starts_with("word/header")
            || name.starts_with("word/footer")
        {
            let root = xml::parse(text.as_bytes()).unwrap();
            for tag in ["w:pStyle", "w:rStyle"] {
                for e in all(&root, tag) {
                    used.insert(e.attr("w:val").unwrap().to_string());
                }
            }
        }
    }
    for id in &ids {
        assert!(used.contains(*id), "style {id} is defined but not used");
    }
    for id in &used {
        assert!(
            ids.contains(id.as_str()),
            "style {id} is used but not defined"
        );
    }
}

#[test]
fn dutch_language_house_font_and_theme() {
    let view = plan_view();
    let p = parts(&build(&view, Some("flevoland")));
    let styles_xml = part(&p, "word/styles.xml");
    let rpr = styles_xml
        .child("w:docDefaults")
        .and_then(|d| d.child("w:rPrDefault"))
        .and_then(|d| d.child("w:rPr"))
        .expect("default run properties");
    assert_eq!(
        rpr.child("w:lang").and_then(|l| l.attr("w:val")),
        Some("nl-NL")
    );
    assert_eq!(
        rpr.child("w:rFonts").and_then(|f| f.attr("w:ascii")),
        Some("Inter")
    );
    assert!(p["word/fontTable.xml"].contains(r#"w:name="Inter""#));
    assert!(p["word/theme/theme1.xml"].contains(r#"typeface="Inter""#));
    assert!(p["word/theme/theme1.xml"].contains("154273"));
}

/// The four faces of Inter are in the package as Word embeds fonts: each
/// slot of the font table's entry reaches, through the font table's
/// relationships, an obfuscated part that the key turns back into the
/// bundled TrueType face (undone here as a reader does it, from the
/// standard: the key's hex digits as bytes, last first, over the first 32
/// bytes); the content type and the setting that keeps them on save.
#[test]
fn the_house_font_travels_with_the_document() {
    let view = plan_view();
    for section in [Some("flevoland"), None] {
        let docx = build(&view, section);
        let p = parts(&docx);
        let fonts = part(&p, "word/fontTable.xml");
        let inter = fonts
            .elements()
            .find(|f| f.attr("w:name") == Some("Inter"))
            .expect("Inter in the font table");
        assert_eq!(val(inter, "w:altName"), Some("Segoe UI"));
        assert_eq!(val(inter, "w:family"), Some("swiss"));
        let rels = part(&p, "word/_rels/fontTable.xml.rels");
        let slots = [
            "w:embedRegular",
            "w:embedBold",
            "w:embedItalic",
            "w:embedBoldItalic",
        ];
        for (slot, (file, face)) in slots.iter().zip(crate::fonts::DOCX_FACES) {
            let e = inter.child(slot).unwrap_or_else(|| panic!("{slot}"));
            let rel = rels
                .elements()
                .find(|r| r.attr("Id") == e.attr("r:id"))
                .unwrap_or_else(|| panic!("{slot}: no relationship"));
            assert!(rel.attr("Type").unwrap().ends_with("/relationships/font"));
            let name = format!("word/{}", rel.attr("Target").unwrap());
            assert!(name.ends_with(".odttf"), "{name}");
            let mut bytes = raw(&docx, &name);
            assert_ne!(&bytes[..], face, "{name} is obfuscated");
            let hex: Vec<u8> = e
                .attr("w:fontKey")
                .unwrap()
                .chars()
                .filter(char::is_ascii_hexdigit)
                .map(|c| c.to_digit(16).unwrap() as u8)
                .collect();
            let key: Vec<u8> = hex.chunks(2).map(|d| d[0] * 16 + d[1]).collect();
            assert_eq!(key.len(), 16);
            for i in 0..32 {
                bytes[i] ^= key[15 - i % 16];
            }
            assert!(bytes == face, "{name} is {file}");
        }
        assert!(
            p["[Content_Types].xml"].contains(
                r#"<Default Extension="odttf" ContentType="application/vnd.openxmlformats-officedocument.obfuscatedFont"/>"#
            )
        );
        assert!(p["word/settings.xml"].contains("<w:embedTrueTypeFonts/>"));
    }
}

#[test]
fn lists_use_own_numbering_definitions_restarted_per_list() {
    let view = plan_view();
    let p = parts(&build(&view, None));
    let numbering = part(&p, "word/numbering.xml");
    let nums: BTreeMap<String, &Element> = all(&numbering, "w:num")
        .into_iter()
        .map(|n| (n.attr("w:numId").unwrap().to_string(), n))
        .collect();
    let abstracts: BTreeSet<&str> = all(&numbering, "w:abstractNum")
        .iter()
        .filter_map(|a| a.attr("w:abstractNumId"))
        .collect();
    let document = part(&p, "word/document.xml");
    let mut used = BTreeSet::new();
    for numpr in all(&document, "w:numPr") {
        let id = val(numpr, "w:numId").unwrap();
        assert!(
            id.parse::<usize>().unwrap() >= 2,
            "numbering id {id} (docx-rs owns 1)"
        );
        let level: usize = val(numpr, "w:ilvl").unwrap().parse().unwrap();
        assert!(level < 9);
        let num = nums
            .get(id)
            .unwrap_or_else(|| panic!("numId {id} not defined"));
        assert!(abstracts.contains(val(num, "w:abstractNumId").unwrap()));
        used.insert((id.to_string(), level));
    }
    assert!(used.iter().any(|(id, _)| id == "2"), "bullets used");
    assert!(used.iter().any(|(_, l)| *l > 0), "a nested list");
    // Every numbered list has its own instance that restarts: the ordered
    // lists in rich text, each theme's goals and the funding streams.
    let json = serde_json::to_string(&view).unwrap();
    let lists = json.matches(r#""kind":"list","ordered":true"#).count();
    let goals = view.themes.iter().filter(|t| !t.goals.is_empty()).count();
    let streams = view.organisation.parts.iter().filter(|p| p.budget).count();
    let ordered: Vec<&&Element> = nums
        .iter()
        .filter(|(id, _)| id.parse::<usize>().unwrap() >= 3)
        .map(|(_, n)| n)
        .collect();
    assert_eq!(
        ordered.len(),
        lists + goals + streams,
        "one instance per numbered list"
    );
    for n in ordered {
        let o = n.child("w:lvlOverride").expect("a level override");
        assert!(o.child("w:startOverride").is_some());
    }
}

#[test]
fn tables_repeat_headers_and_right_align_the_view_money() {
    let view = plan_view();
    let p = parts(&build(&view, None));
    let document = part(&p, "word/document.xml");
    let body = document.child("w:body").unwrap();
    let tables: Vec<&Element> = body.elements().filter(|e| e.name == "w:tbl").collect();
    let with_header = tables
        .iter()
        .filter(|t| {
            t.child("w:tr")
                .and_then(|r| r.child("w:trPr"))
                .and_then(|p| p.child("w:tblHeader"))
                .is_some()
        })
        .count();
    // All but the cover facts and the chart(s) have a header row.
    assert_eq!(with_header, tables.len() - 1 - view.results.charts.len());
    // The budget: every figure of the view, as is, right-aligned.
    let budget = tables
        .iter()
        .find(|t| t.text().contains(&view.budget.total.amount) && t.text().contains("Financiering"))
        .expect("the budget table");
    let mut money_cells = Vec::new();
    for p in all(budget, "w:p") {
        if val(p.child("w:pPr").unwrap(), "w:pStyle") == Some(styles::GELDCEL) {
            money_cells.push(p.text());
        }
    }
    let mut expected = Vec::new();
    let b = &view.budget;
    let row = |r: &view::BudgetRow, out: &mut Vec<String>| {
        out.extend([r.scale.clone(), r.fte.clone(), r.amount.clone()]);
        out.extend(r.split.iter().cloned());
    };
    let total = |t: &view::BudgetTotal, out: &mut Vec<String>| {
        out.extend([String::new(), t.fte.clone(), t.amount.clone()]);
        out.extend(t.split.iter().cloned());
    };
    for h in b.header[1..].iter().chain(&b.columns) {
        expected.push(h.clone());
    }
    for g in &b.groups {
        g.rows.iter().for_each(|r| row(r, &mut expected));
        total(&g.total, &mut expected);
    }
    b.rows.iter().for_each(|r| row(r, &mut expected));
    total(&b.total, &mut expected);
    b.funding.iter().for_each(|f| total(f, &mut expected));
    total(&b.subsidy, &mut expected);
    total(&b.difference, &mut expected);
    assert_eq!(money_cells, expected);
    assert!(money_cells.iter().any(|c| c.contains("€\u{a0}")));
}

#[test]
fn budget_has_its_own_landscape_section() {
    let view = plan_view();
    let p = parts(&build(&view, None));
    let document = part(&p, "word/document.xml");
    let body = document.child("w:body").unwrap();
    let kids: Vec<&Element> = body.elements().collect();
    let breaks: Vec<usize> = kids
        .iter()
        .enumerate()
        .filter(|(_, e)| {
            e.name == "w:p" && e.child("w:pPr").and_then(|p| p.child("w:sectPr")).is_some()
        })
        .map(|(i, _)| i)
        .collect();
    assert_eq!(
        breaks.len(),
        2,
        "a section break before and after the budget"
    );
    let size = |i: usize| {
        let s = kids[i].child("w:pPr").unwrap().child("w:sectPr").unwrap();
        let sz = s.child("w:pgSz").unwrap();
        (
            sz.attr("w:w").unwrap().parse::<u32>().unwrap(),
            sz.attr("w:h").unwrap().parse::<u32>().unwrap(),
            sz.attr("w:orient").map(str::to_string),
        )
    };
    let (w, h, orient) = size(breaks[0]);
    assert!(w < h && orient.is_none(), "portrait before the budget");
    let (w, h, orient) = size(breaks[1]);
    assert!(
        w > h && orient.as_deref() == Some("landscape"),
        "landscape budget"
    );
    let inside: String = kids[breaks[0] + 1..breaks[1]]
        .iter()
        .map(|e| e.text())
        .collect();
    assert!(inside.contains(&view.budget.title));
    assert!(inside.contains(&view.budget.total.amount));
    // Every section has the header and footer; the body's own section too.
    for s in all(&document, "w:sectPr") {
        let refs: Vec<&str> = s.elements().map(|e| e.name.as_str()).collect();
        assert!(refs.contains(&"w:headerReference") && refs.contains(&"w:footerReference"));
    }
    let last = body.elements().last().unwrap();
    assert_eq!(last.name, "w:sectPr");
}

#[test]
fn header_footer_fields_and_contents() {
    let view = plan_view();
    let p = parts(&build(&view, None));
    let footers: String = p
        .iter()
        .filter(|(n, _)| n.starts_with("word/footer"))
        .map(|(_, t)| t.as_str())
        .collect();
    assert!(footers.contains("> PAGE <") && footers.contains("> NUMPAGES <"));
    assert!(footers.contains("Pagina "));
    let headers: String = p
        .iter()
        .filter(|(n, _)| n.starts_with("word/header"))
        .map(|(_, t)| t.as_str())
        .collect();
    assert!(headers.contains(&view.meta.title));
    let document = &p["word/document.xml"];
    assert!(document.contains(r#"TOC \o "1-2" \h"#));
    assert!(document.contains(r#"w:fldCharType="begin" w:dirty="true""#));
    let rels = &p["word/_rels/document.xml.rels"];
    for target in [
        "header1.xml",
        "footer1.xml",
        "numbering.xml",
        "theme/theme1.xml",
    ] {
        assert!(rels.contains(&format!(r#"Target="{target}""#)), "{target}");
    }
    assert!(!rels.contains("commentsExtended"));
}

#[test]
fn core_and_custom_properties() {
    let view = plan_view();
    let p = parts(&build(&view, Some("flevoland")));
    let core = part(&p, "docProps/core.xml");
    assert_eq!(core.child("dc:title").unwrap().text(), view.meta.title);
    assert_eq!(
        core.child("dc:creator").unwrap().text(),
        view.meta.organisation
    );
    assert_eq!(core.child("dc:subject").unwrap().text(), view.meta.slogan);
    assert_eq!(core.child("dc:language").unwrap().text(), "nl-NL");
    let custom = part(&p, "docProps/custom.xml");
    let props: BTreeMap<String, String> = custom
        .elements()
        .map(|e| (xml::unescape(e.attr("name").unwrap()), e.text()))
        .collect();
    assert_eq!(props["uitvoeringsplan.sectie"], "flevoland");
    assert_eq!(props["uitvoeringsplan.vingerafdruk"], "0123456789abcdef");
    assert_eq!(props["uitvoeringsplan.versie"], env!("CARGO_PKG_VERSION"));
    assert_eq!(
        props[fields::PROP_FORMAT],
        fields::FORMAT_VERSION.to_string()
    );
    let pids: Vec<&str> = custom.elements().filter_map(|e| e.attr("pid")).collect();
    assert_eq!(pids, ["2", "3", "4", "5"]);
    assert!(p["[Content_Types].xml"].contains(r#"PartName="/docProps/custom.xml""#));
    assert!(p["_rels/.rels"].contains(r#"Target="docProps/custom.xml""#));
}

#[test]
fn district_section_bookmarks_wrap_its_fields() {
    let view = plan_view();
    let d = &view.districts[0];
    let p = parts(&build(&view, Some(&d.id)));
    let document = part(&p, "word/document.xml");
    let text = bookmarked(&document);
    let field = |f: &fields::Spec, n: Option<usize>| text[&f.name(n)].trim_end().to_string();
    assert_eq!(
        field(&fields::DISTRICT_LOOKBACK, None),
        rich_plain(&d.lookback)
    );
    assert_eq!(
        field(&fields::DISTRICT_OUTLOOK, None),
        rich_plain(&d.outlook)
    );
    for (n, t) in d.themes.iter().enumerate() {
        assert_eq!(field(&fields::DISTRICT_THEME, Some(n)), rich_plain(&t.text));
    }
    let mx = d.matrix.as_ref().expect("the first district has a matrix");
    assert!(field(&fields::DISTRICT_MATRIX, None).contains(&mx.rows[0].partner));
    // A district with targets has them in its field.
    let d2 = view
        .districts
        .iter()
        .find(|d| !d.targets.is_empty())
        .expect("a district with targets");
    let text2 = bookmarked(&part(
        &parts(&build(&view, Some(&d2.id))),
        "word/document.xml",
    ));
    assert!(text2[&fields::DISTRICT_TARGETS.name(None)].contains(&d2.targets[0].description));
    // Only this district, under the plan's title.
    assert!(document.text().contains(&view.meta.title));
    let top: Vec<String> = all(&document, "w:p")
        .into_iter()
        .filter(|p| p.child("w:pPr").and_then(|p| val(p, "w:pStyle")) == Some("Heading1"))
        .map(|p| p.text())
        .collect();
    assert_eq!(top, std::slice::from_ref(&d.name));
}

#[test]
fn theme_section_bookmarks() {
    let view = plan_view();
    let (i, t) = view
        .themes
        .iter()
        .enumerate()
        .find(|(_, t)| t.in_districts.is_some() && !t.goals.is_empty())
        .expect("a theme with goals and districts");
    let p = parts(&build(&view, Some(&t.id)));
    let text = bookmarked(&part(&p, "word/document.xml"));
    let field = |f: &fields::Spec, n: Option<usize>| {
        text.get(&f.name(n))
            .map_or("", |t| t.trim_end())
            .to_string()
    };
    assert_eq!(field(&fields::THEME_INTRO, None), rich_plain(&t.intro));
    assert_eq!(
        field(&fields::THEME_LOOKBACK, None),
        rich_plain(&t.lookback)
    );
    assert_eq!(field(&fields::THEME_OUTLOOK, None), rich_plain(&t.outlook));
    let goals: Vec<String> = t
        .goals
        .iter()
        .map(|g| crate::model::richtext::plain(g))
        .collect();
    assert_eq!(field(&fields::THEME_GOALS, None), goals.join("\n"));
    let ind = t.in_districts.as_ref().unwrap();
    assert_eq!(
        field(&fields::THEME_IN_DISTRICTS_INTRO, None),
        rich_plain(&ind.intro)
    );
    for (n, x) in ind.districts.iter().enumerate() {
        assert_eq!(
            field(&fields::THEME_IN_DISTRICT, Some(n)),
            rich_plain(&x.text),
            "{i}"
        );
    }
    for (n, s) in t.sections.iter().enumerate() {
        assert_eq!(
            field(&fields::THEME_PARAGRAPH, Some(n)),
            rich_plain(&s.text)
        );
    }
}

/// The styles of the paragraphs each bookmark spans (a paragraph counts
/// for every bookmark open anywhere in it).
fn bookmarked_styles(document: &Element) -> BTreeMap<String, BTreeSet<String>> {
    fn visit(
        e: &Element,
        open: &mut BTreeMap<String, String>,
        in_para: &mut BTreeSet<String>,
        out: &mut BTreeMap<String, BTreeSet<String>>,
    ) {
        match e.name.as_str() {
            "w:bookmarkStart" => {
                let (id, name) = (e.attr("w:id").unwrap(), e.attr("w:name").unwrap());
                open.insert(id.into(), name.into());
                in_para.insert(name.into());
            }
            "w:bookmarkEnd" => {
                open.remove(e.attr("w:id").unwrap());
            }
            _ => {}
        }
        if e.name == "w:p" {
            let mut names: BTreeSet<String> = open.values().cloned().collect();
            for c in e.elements() {
                visit(c, open, &mut names, out);
            }
            let style = e
                .child("w:pPr")
                .and_then(|p| val(p, "w:pStyle"))
                .unwrap_or(styles::NORMAL);
            for name in names {
                out.entry(name).or_default().insert(style.to_string());
            }
        } else {
            for c in e.elements() {
                visit(c, open, in_para, out);
            }
        }
    }
    let mut out = BTreeMap::new();
    visit(
        document,
        &mut BTreeMap::new(),
        &mut BTreeSet::new(),
        &mut out,
    );
    out
}

/// Every section's fresh export carries exactly the fields the table in
/// `fields` gives it, in its order, each in its row's style; no bookmark
/// outside the table is a field.
#[test]
fn the_field_table_is_the_single_truth_of_every_section_export() {
    let view = plan_view();
    let mut rows_seen = BTreeSet::new();
    for id in super::section_ids(&view) {
        let p = parts(&build(&view, Some(&id)));
        let document = part(&p, "word/document.xml");
        let names: Vec<String> = all(&document, "w:bookmarkStart")
            .iter()
            .map(|b| b.attr("w:name").unwrap().to_string())
            .collect();
        let instances = fields::instances(&view, &id);
        let expected: Vec<&str> = instances.iter().map(|f| f.name.as_str()).collect();
        let found: Vec<&str> = names
            .iter()
            .map(String::as_str)
            .filter(|n| fields::is_field(n))
            .collect();
        assert_eq!(found, expected, "{id}");
        let others: Vec<&String> = names.iter().filter(|n| !fields::is_field(n)).collect();
        assert!(
            others.is_empty(),
            "{id}: bookmarks outside the table: {others:?}"
        );
        let section = if view.districts.iter().any(|d| d.id == id) {
            fields::Section::District
        } else {
            fields::Section::Theme
        };
        let styles = bookmarked_styles(&document);
        for f in &instances {
            assert_eq!(f.spec.section, section, "{id}: {}", f.name);
            assert_eq!(fields::spec_in(section, &f.name), Some(f.spec), "{id}");
            rows_seen.insert(f.spec.bookmark);
            let allowed: &[&str] = match f.spec.content {
                fields::Content::Prose => &[f.spec.style, styles::CITAAT, styles::CITAATBRON],
                fields::Content::Goals => &[f.spec.style],
                fields::Content::Targets | fields::Content::Matrix => {
                    &[f.spec.style, styles::GELDCEL]
                }
            };
            let used = &styles[&f.name];
            assert!(
                used.contains(f.spec.style) && used.iter().all(|s| allowed.contains(&s.as_str())),
                "{id}: {} has styles {used:?}, its row says {}",
                f.name,
                f.spec.style
            );
        }
    }
    // The bundled plan uses every row: none is dead.
    let all_rows: BTreeSet<&str> = fields::FIELDS.iter().map(|f| f.bookmark).collect();
    assert_eq!(rows_seen, all_rows);
}

/// The importer's map is the table's: every field of every section, by
/// the table's bookmark and key path.
#[test]
fn the_importer_maps_the_table() {
    let view = plan_view();
    for id in super::section_ids(&view) {
        let map = crate::import::map::fields(&view, &id);
        let instances = fields::instances(&view, &id);
        assert_eq!(map.len(), instances.len(), "{id}");
        for f in instances {
            let path = match &map[&f.name] {
                crate::import::map::Field::Prose(p)
                | crate::import::map::Field::Goals(p)
                | crate::import::map::Field::Targets(p)
                | crate::import::map::Field::Matrix(p) => p,
            };
            assert_eq!(path, &f.path, "{id}: {}", f.name);
        }
    }
}

#[test]
fn whole_plan_bookmarks_are_prefixed_valid_and_unique() {
    let view = plan_view();
    let p = parts(&build(&view, None));
    let document = part(&p, "word/document.xml");
    let starts = all(&document, "w:bookmarkStart");
    let ids: BTreeSet<&str> = starts.iter().map(|b| b.attr("w:id").unwrap()).collect();
    assert_eq!(ids.len(), starts.len(), "unique bookmark ids");
    assert_eq!(all(&document, "w:bookmarkEnd").len(), starts.len());
    let names: BTreeSet<&str> = starts.iter().map(|b| b.attr("w:name").unwrap()).collect();
    assert_eq!(names.len(), starts.len(), "unique bookmark names");
    for n in &names {
        assert!(super::body::valid_bookmark(n), "{n}");
    }
    assert!(names.contains("d1_f_terugblik"));
    assert!(names.contains(format!("d{}_f_vooruitblik", view.districts.len()).as_str()));
    let t = view.themes.len();
    assert!(names.contains(format!("t{t}_f_inleiding").as_str()));
    let text = bookmarked(&document);
    assert_eq!(
        text["d1_f_terugblik"].trim_end(),
        rich_plain(&view.districts[0].lookback)
    );
}

#[test]
fn links_are_real_hyperlinks() {
    let view = plan_view();
    let p = parts(&build(&view, None));
    let document = part(&p, "word/document.xml");
    let rels = part(&p, "word/_rels/document.xml.rels");
    let targets: BTreeMap<&str, (&str, Option<&str>)> = rels
        .elements()
        .map(|r| {
            (
                r.attr("Id").unwrap(),
                (r.attr("Target").unwrap(), r.attr("TargetMode")),
            )
        })
        .collect();
    let links = all(&document, "w:hyperlink");
    let external: Vec<&str> = links.iter().filter_map(|h| h.attr("r:id")).collect();
    assert!(external.len() >= 10);
    for id in &external {
        let (_, mode) = targets
            .get(id)
            .unwrap_or_else(|| panic!("{id} has no relationship"));
        assert_eq!(*mode, Some("External"));
    }
    let plan_url = view.districts[0].plan_url.as_deref().unwrap();
    assert!(
        external
            .iter()
            .any(|id| targets[id].0 == xml::escape(plan_url))
    );
    // Internal links point at bookmarks that exist.
    let names: BTreeSet<&str> = all(&document, "w:bookmarkStart")
        .iter()
        .map(|b| b.attr("w:name").unwrap())
        .collect();
    for h in links.iter().filter_map(|h| h.attr("w:anchor")) {
        assert!(names.contains(h), "anchor {h}");
    }
}

#[test]
fn same_sources_same_bytes_in_one_process() {
    let view = plan_view();
    let first = build(&view, Some("flevoland"));
    let other = build(&view, Some(&view.themes[0].id));
    let whole = build(&view, None);
    assert_ne!(first, other);
    assert_eq!(build(&view, Some("flevoland")), first);
    assert_eq!(build(&view, None), whole);
}

#[test]
fn unknown_section_names_the_closest() {
    let view = plan_view();
    let err = render(
        &view,
        Some("flevolnd"),
        &provenance("flevolnd"),
        &BTreeMap::new(),
    )
    .unwrap_err();
    assert!(
        err.contains("`flevolnd`") && err.contains("bedoel je `flevoland`"),
        "{err}"
    );
    assert!(super::check_section(&view, "mensenhandel").is_ok());
}

#[test]
fn whole_plan_is_fast() {
    let view = plan_view();
    let started = std::time::Instant::now();
    let runs = 5;
    for _ in 0..runs {
        build(&view, None);
    }
    let each = started.elapsed() / runs;
    // A generous bound (debug builds are slow); release is far under 100 ms.
    assert!(each.as_millis() < 2000, "{each:?}");
    eprintln!("whole-plan DOCX: {each:?} per build");
}

#[test]
fn every_property_element_is_in_schema_order() {
    let view = plan_view();
    for section in [None, Some("flevoland")] {
        let p = parts(&build(&view, section));
        for (name, text) in &p {
            if !name.starts_with("word/") || !name.ends_with(".xml") {
                continue;
            }
            let root = xml::parse(text.as_bytes()).unwrap();
            root.walk(&mut |e| {
                if let Some(order) = super::patch::order_of(&e.name) {
                    let ranks: Vec<usize> = e
                        .elements()
                        .map(|c| super::patch::rank(order, &c.name))
                        .collect();
                    assert!(
                        ranks.windows(2).all(|w| w[0] <= w[1]),
                        "{name}: children of {} out of order: {:?}",
                        e.name,
                        e.elements().map(|c| c.name.as_str()).collect::<Vec<_>>()
                    );
                }
            });
        }
    }
}

/// The minimal fixture plan (district `noord` has an image) and its checked images.
fn minimal() -> (View, BTreeMap<String, ImageFile>) {
    let dir = Path::new("tests/fixtures/valid/minimal/sources");
    let (plan, report, set) = crate::load_plan(dir, "sources");
    let plan = plan.unwrap_or_else(|| panic!("minimal fixture invalid:\n{}", report.render()));
    let (date, from_sources) = crate::render::view::plan_date(&plan);
    (view::view(&plan, date, from_sources), set.images)
}

fn render_with(
    view: &View,
    section: Option<&str>,
    images: &BTreeMap<String, ImageFile>,
) -> Vec<u8> {
    render(
        view,
        section,
        &provenance(section.unwrap_or("plan")),
        images,
    )
    .expect("renders")
}

/// The text of a paragraph.
fn para_text(p: &Element) -> String {
    all(p, "w:t").iter().map(|t| t.text()).collect()
}

#[test]
fn figures_are_inline_pictures_with_alt_text_and_a_caption() {
    let (view, images) = minimal();
    let noord = view.districts.iter().find(|d| d.id == "noord").unwrap();
    let figure = noord.figures.first().expect("noord has an image");
    let image = &images["afbeeldingen/kaart.png"];
    for section in [Some("noord"), None] {
        let bytes = render_with(&view, section, &images);
        assert_eq!(bytes, render_with(&view, section, &images), "same bytes");
        let p = parts(&bytes);
        let document = part(&p, "word/document.xml");
        let drawings = all(&document, "w:drawing");
        assert_eq!(drawings.len(), 1, "{section:?}");
        let inline = drawings[0].child("wp:inline").expect("an inline picture");
        let doc_pr = inline.child("wp:docPr").unwrap();
        assert_eq!(doc_pr.attr("descr"), Some(figure.alt.as_str()));
        assert_eq!(doc_pr.attr("id"), Some("1"));
        assert_eq!(doc_pr.attr("name"), Some("kaart.png"));
        // 480 × 240 pixels at 120 dpi, as in the PDF.
        let extent = inline.child("wp:extent").unwrap();
        assert_eq!(extent.attr("cx"), Some("3657600"));
        assert_eq!(extent.attr("cy"), Some("1828800"));
        let rid = all(inline, "a:blip")[0]
            .attr("r:embed")
            .unwrap()
            .to_string();

        let rels = part(&p, "word/_rels/document.xml.rels");
        let rel = rels
            .elements()
            .find(|r| r.attr("Id") == Some(rid.as_str()))
            .expect("the picture's relationship");
        assert!(rel.attr("Type").unwrap().ends_with("/relationships/image"));
        assert_eq!(rel.attr("Target"), Some("media/afbeeldingen-kaart.png"));
        assert_eq!(
            raw(&bytes, "word/media/afbeeldingen-kaart.png"),
            image.data,
            "the checked bytes"
        );
        assert_eq!(p.keys().filter(|k| k.starts_with("word/media/")).count(), 1);
        let types = &p["[Content_Types].xml"];
        assert!(
            types.contains(r#"<Default Extension="png" ContentType="image/png"/>"#),
            "{types}"
        );
        assert!(!types.contains("jpeg"), "{types}");

        // The picture's paragraph keeps with its caption, right below it.
        let body = document.child("w:body").unwrap();
        let paras: Vec<&Element> = body.elements().filter(|e| e.name == "w:p").collect();
        let at = paras
            .iter()
            .position(|p| !all(p, "w:drawing").is_empty())
            .unwrap();
        assert!(
            paras[at]
                .child("w:pPr")
                .unwrap()
                .child("w:keepNext")
                .is_some()
        );
        let caption = paras[at + 1];
        assert_eq!(
            val(caption.child("w:pPr").unwrap(), "w:pStyle"),
            Some("Caption")
        );
        assert_eq!(
            para_text(caption),
            figure.caption.clone().unwrap_or_default()
        );
    }
}

#[test]
fn jpeg_and_large_images_fit_the_text_width_and_share_parts() {
    use image::ImageFormat;
    let (mut view, mut images) = minimal();
    let mut jpeg = Cursor::new(Vec::new());
    image::RgbImage::from_pixel(3000, 1500, image::Rgb([200, 60, 20]))
        .write_to(&mut jpeg, ImageFormat::Jpeg)
        .unwrap();
    let big =
        crate::source::images::decode("foto's/haven 1.jpg", jpeg.into_inner(), ImageFormat::Jpeg)
            .unwrap();
    assert_eq!((big.kind, big.width), ("jpeg", 2000), "downscaled");
    images.insert(big.rel.clone(), big.clone());
    let figure = |src: &str, alt: &str| view::Figure {
        src: format!("sources/{src}"),
        alt: alt.into(),
        caption: None,
        width: 0,
        height: 0,
    };
    let noord = view.districts.iter_mut().find(|d| d.id == "noord").unwrap();
    noord
        .figures
        .push(figure("foto's/haven 1.jpg", "Een haven & \"kade\""));
    noord
        .figures
        .push(figure("afbeeldingen/kaart.png", "Nogmaals de kaart."));
    let bytes = render_with(&view, Some("noord"), &images);
    let p = parts(&bytes);
    let document = part(&p, "word/document.xml");
    let doc_prs = all(&document, "wp:docPr");
    let ids: Vec<&str> = doc_prs.iter().map(|d| d.attr("id").unwrap()).collect();
    assert_eq!(ids, ["1", "2", "3"], "unique ids in document order");
    assert_eq!(
        doc_prs[1].attr("descr"),
        Some("Een haven &amp; &quot;kade&quot;")
    );
    let embeds: Vec<&str> = all(&document, "a:blip")
        .iter()
        .map(|b| b.attr("r:embed").unwrap())
        .collect();
    assert_eq!(
        embeds,
        ["rIdImage1", "rIdImage2", "rIdImage1"],
        "one part per image"
    );
    let media: Vec<&String> = p.keys().filter(|k| k.starts_with("word/media/")).collect();
    assert_eq!(
        media,
        [
            "word/media/afbeeldingen-kaart.png",
            "word/media/foto-s-haven-1.jpeg"
        ]
    );
    assert_eq!(raw(&bytes, "word/media/foto-s-haven-1.jpeg"), big.data);
    let types = &p["[Content_Types].xml"];
    assert!(types.contains(r#"<Default Extension="jpeg" ContentType="image/jpeg"/>"#));
    // The wide image spans the text width, its height in proportion.
    let house = super::styles::House::load().unwrap();
    let width = house.text_width(false) as u64 * 635;
    let extents = all(&document, "wp:extent");
    assert_eq!(extents[1].attr("cx"), Some(width.to_string().as_str()));
    assert_eq!(
        extents[1].attr("cy"),
        Some((width / 2).to_string().as_str())
    );
}

#[test]
fn a_figure_without_its_image_is_an_error() {
    let (view, _) = minimal();
    let err = render(&view, Some("noord"), &provenance("noord"), &BTreeMap::new()).unwrap_err();
    assert!(err.contains("afbeeldingen/kaart.png"), "{err}");
}

/// The paragraphs of the contents field: from the paragraph with the TOC
/// field's start to the one with its end.
fn contents_paragraphs(document: &Element) -> Vec<&Element> {
    let body = document.child("w:body").unwrap();
    let paragraphs: Vec<&Element> = body.elements().filter(|e| e.name == "w:p").collect();
    let start = paragraphs
        .iter()
        .position(|p| {
            all(p, "w:instrText")
                .iter()
                .any(|i| i.text().trim_start().starts_with("TOC "))
        })
        .expect("a TOC field");
    let mut depth = 0i32;
    let mut out = Vec::new();
    for p in &paragraphs[start..] {
        out.push(*p);
        for f in all(p, "w:fldChar") {
            match f.attr("w:fldCharType") {
                Some("begin") => depth += 1,
                Some("end") => depth -= 1,
                _ => {}
            }
        }
        if depth == 0 {
            break;
        }
    }
    out
}

#[test]
fn contents_are_filled_with_linked_headings_and_stay_updatable() {
    let view = plan_view();
    let p = parts(&build(&view, None));
    let document = part(&p, "word/document.xml");
    let entries = contents_paragraphs(&document);
    // Every entry: the TOC style of its level, one link to a heading's
    // bookmark holding the title (no page number: Word adds those).
    let names: BTreeSet<&str> = all(&document, "w:bookmarkStart")
        .iter()
        .map(|b| b.attr("w:name").unwrap())
        .collect();
    let mut listed = Vec::new();
    for e in &entries {
        let style = val(e.child("w:pPr").unwrap(), "w:pStyle").unwrap();
        assert!(styles::TOC.contains(&style), "{style}");
        let link = e.child("w:hyperlink").expect("a linked entry");
        let anchor = link.attr("w:anchor").unwrap();
        assert!(names.contains(anchor), "{anchor}");
        listed.push((style, link.text()));
    }
    let level1 = |t: &str| (styles::TOC[0], t.to_string());
    let level2 = |t: &str| (styles::TOC[1], t.to_string());
    let mut expected = vec![level1(&view.board.title), level1(&view.nav.districts_title)];
    expected.extend(view.districts.iter().map(|d| level2(&d.name)));
    expected.push(level1(&view.nav.themes_title));
    expected.extend(view.themes.iter().map(|t| level2(&t.title)));
    expected.push(level1(&view.organisation.title));
    expected.extend(view.organisation.parts.iter().map(|p| level2(&p.title)));
    expected.push(level1(&view.nav.appendix_title));
    expected.push(level2(&view.results.title));
    let listed: Vec<(&str, String)> = listed;
    assert_eq!(listed, expected);
    // The field is dirty (Word updates it on opening) and ends after the
    // last entry; the entries' styles are defined with a dot leader.
    let begin = all(entries[0], "w:fldChar")[0];
    assert_eq!(begin.attr("w:dirty"), Some("true"));
    let last = all(entries.last().unwrap(), "w:fldChar");
    assert_eq!(last.last().unwrap().attr("w:fldCharType"), Some("end"));
    let styles_xml = &p["word/styles.xml"];
    for id in styles::TOC {
        assert!(styles_xml.contains(&format!(r#"w:styleId="{id}""#)), "{id}");
    }
    assert!(styles_xml.contains(r#"w:leader="dot""#));
}

#[test]
fn board_table_shows_every_function_with_the_uncertainty_note() {
    let view = plan_view();
    let p = parts(&build(&view, None));
    let document = &p["word/document.xml"];
    for function in [
        "Directeur Openbare Orde en Veiligheid, gemeente Utrecht *",
        "Rechercheofficier, Openbaar Ministerie",
        "Sectorhoofd DRR, politie Midden-Nederland",
        "Hoofd RIEC Midden-Nederland *",
    ] {
        assert!(document.contains(function), "{function}");
    }
    let note = view
        .board
        .note
        .as_deref()
        .expect("a note under the board table");
    assert!(note.starts_with("* De gepubliceerde tabel"), "{note}");
    assert!(document.contains(&xml::escape(note)));
}

#[test]
fn budget_rows_show_what_is_legible_and_open_values_as_open() {
    let view = plan_view();
    let group = &view.budget.groups[0];
    assert_eq!(group.name, "(lokale) uitvoeringskracht versterken");
    let rows: Vec<(&str, &str, &str, &str, Vec<&str>)> = group
        .rows
        .iter()
        .map(|r| {
            (
                r.function.as_str(),
                r.scale.as_str(),
                r.fte.as_str(),
                r.amount.as_str(),
                r.split.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    let open = vec!["—"; 3];
    assert_eq!(
        rows,
        [
            (
                "Expertise (…, Bibob en Communicatie)",
                "—",
                "—",
                "€\u{a0}536.365",
                open.clone()
            ),
            ("Projectmedewerker", "9", "3", "—", open.clone()),
            ("Politie t.b.v. …", "—", "—", "—", open.clone()),
            (
                "Interventiespecialist OM",
                "11",
                "1,85",
                "€\u{a0}183.000",
                open.clone()
            ),
            (
                "Rest van de groep, niet leesbaar in de bron",
                "",
                "26,58",
                "€\u{a0}2.112.575",
                open.clone()
            ),
        ]
    );
    assert!(group.rows[4].illegible);
    // The remainder keeps the group's stated FTE and amount exact; its
    // columns cannot be computed.
    assert_eq!(
        (group.total.fte.as_str(), group.total.amount.as_str()),
        ("31,43", "€\u{a0}2.831.940")
    );
    assert_eq!(group.total.split, open);
    // In the document, as the view has them.
    let p = parts(&build(&view, None));
    let document = &p["word/document.xml"];
    for r in &group.rows {
        assert!(
            document.contains(&xml::escape(&r.function)),
            "{}",
            r.function
        );
    }
}

#[test]
fn quotes_and_apostrophes_are_typographic_in_the_document() {
    let view = plan_view();
    let p = parts(&build(&view, None));
    let document = &p["word/document.xml"];
    let text: String = all(&part(&p, "word/document.xml"), "w:t")
        .iter()
        .map(|t| t.text())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(text.contains("thema’s"));
    assert!(text.contains("‘Adviseur Taskforce GOC’"));
    assert!(!text.contains("thema's"));
    let straight: Vec<&str> = text
        .lines()
        .filter(|l| l.contains('\'') || l.contains('"'))
        .collect();
    assert!(straight.is_empty(), "straight quotes left: {straight:?}");
    // Link addresses are as written.
    assert!(!p["word/_rels/document.xml.rels"].contains('’'));
    assert!(document.contains("w:t"));
}

#[test]
fn results_table_and_chart_keep_with_next_and_the_cases_in_the_plan_s_words() {
    let view = plan_view();
    let p = parts(&build(&view, None));
    let document = part(&p, "word/document.xml");
    let body = document.child("w:body").unwrap();
    let tables: Vec<&Element> = body.elements().filter(|e| e.name == "w:tbl").collect();
    let results = tables
        .iter()
        .find(|t| {
            t.text()
                .contains("103 (waarvan 54 gestart in 2022 en 49 nog liepen van eerdere jaren)")
        })
        .expect("the results table with the cases in the plan's words");
    for p in all(results, "w:p") {
        assert!(p.child("w:pPr").unwrap().child("w:keepNext").is_some());
    }
    let chart = tables.last().unwrap();
    for p in all(chart, "w:p") {
        assert!(p.child("w:pPr").unwrap().child("w:keepNext").is_some());
    }
    assert!(
        view.results.charts[0].alt.contains("RIEC"),
        "{}",
        view.results.charts[0].alt
    );
}

#[test]
fn section_and_plan_show_the_date_as_the_pdf_does() {
    let mut view = plan_view();
    for open in [true, false] {
        view.meta.date_note = open.then(|| view.labels.date_open.to_string());
        for section in [None, Some("west-utrecht"), Some(view.themes[0].id.as_str())] {
            let p = parts(&build(&view, section));
            let document = part(&p, "word/document.xml");
            let texts: Vec<String> = all(&document, "w:p").iter().map(|p| para_text(p)).collect();
            let with_note = format!("{} ({})", view.meta.date, view.labels.date_open);
            assert_eq!(
                texts.iter().any(|t| t.contains(&with_note)),
                open,
                "{section:?} open {open}"
            );
            assert!(
                texts.iter().any(|t| t.contains(&view.meta.date)),
                "{section:?}"
            );
        }
    }
}

/// The paragraphs of the instruction block, as text, and whether any of
/// them lies in a field bookmark.
fn instruction_block(document: &Element) -> Vec<String> {
    all(document, "w:p")
        .into_iter()
        .filter(|p| {
            all(p, "w:pStyle")
                .iter()
                .any(|s| s.attr("w:val") == Some(styles::INSTRUCTIE))
        })
        .map(|p| {
            assert!(all(p, "w:bookmarkStart").is_empty(), "a field in the block");
            para_text(p)
        })
        .collect()
}

#[test]
#[cfg(feature = "pdf")]
fn every_section_document_lists_its_own_open_values_as_status_does() {
    let view = plan_view();
    let status = crate::commands::status::status(Path::new("sources"), None);
    let mut with_open = 0;
    for (id, open) in view
        .districts
        .iter()
        .map(|d| (&d.id, &d.open))
        .chain(view.themes.iter().map(|t| (&t.id, &t.open)))
    {
        let part = status.parts.iter().find(|p| &p.id == id).expect("a part");
        assert_eq!(open, &part.open, "{id}");
        with_open += usize::from(!open.is_empty());
        let p = parts(&build(&view, Some(id)));
        let document = part_of(&p);
        let block = instruction_block(&document);
        assert_eq!(block[0], view.labels.instructions_title, "{id}");
        let edit = if view.districts.iter().any(|d| &d.id == id) {
            view.labels.instructions_edit
        } else {
            view.labels.instructions_edit_theme
        };
        assert_eq!(block[1], edit, "{id}");
        let listed: Vec<String> = block
            .iter()
            .filter_map(|t| t.strip_prefix("•\u{a0}").map(str::to_string))
            .collect();
        assert_eq!(&listed, open, "{id}");
        let text: String = block.join("\n");
        assert_eq!(
            open.is_empty(),
            text.contains(view.labels.section_open_none),
            "{id}"
        );
        assert!(text.contains(view.labels.instructions_return), "{id}");
        let count = format!("{} {}", view.labels.section_open, open.len());
        assert!(
            all(&document, "w:p")
                .iter()
                .any(|p| para_text(p).contains(&count)),
            "{id}: no own count"
        );
        // The plan-wide note is not in a section document.
        let plan_note = view.meta.concept_note.clone().unwrap();
        assert!(!p["word/document.xml"].contains(&plan_note), "{id}");
        // Each open matrix mark is shaded where it sits.
        let shaded = all(&document, "w:tc")
            .into_iter()
            .filter(|c| para_text(c) == "?")
            .filter(|c| {
                all(c, "w:shd")
                    .iter()
                    .any(|s| s.attr("w:fill") == Some(hex_of(&view, "open")))
            })
            .count();
        let marks: usize = view
            .districts
            .iter()
            .filter(|d| &d.id == id)
            .filter_map(|d| d.matrix.as_ref())
            .flat_map(|m| &m.rows)
            .flat_map(|r| &r.marks)
            .filter(|m| **m == crate::model::Mark::Open)
            .count();
        assert_eq!(shaded, marks, "{id}");
    }
    assert!(with_open > 0, "no section with open values");
    // The whole plan has no instruction block.
    let p = parts(&build(&view, None));
    assert!(instruction_block(&part_of(&p)).is_empty());
}

fn part_of(p: &BTreeMap<String, String>) -> Element {
    part(p, "word/document.xml")
}

fn hex_of(_view: &View, colour: &str) -> &'static str {
    let house = styles::House::load().unwrap();
    let value = match colour {
        "open" => house.kleur.open,
        _ => unreachable!(),
    };
    Box::leak(styles::hex(&value).into_boxed_str())
}

#[test]
fn the_round_names_contact_and_date_in_the_block() {
    let mut view = plan_view();
    let id = view.districts[0].id.clone();
    view.meta.round = Some(view::Round {
        contact: "de redactie, plan@example.nl".into(),
        return_by: Some("15 februari 2023".into()),
    });
    let p = parts(&build(&view, Some(&id)));
    let block = instruction_block(&part(&p, "word/document.xml")).join("\n");
    assert!(
        block.contains(
            "Stuur het document terug aan de redactie, plan@example.nl vóór 15 februari 2023."
        ),
        "{block}"
    );
    assert!(!block.contains(view.labels.instructions_return));
}

//! The layout says nothing of its own: every text it prints comes from the
//! data (the view's `Labels` and the plan), and the DOCX prints the same
//! fixed texts as the PDF's data carries.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Cursor, Read};
use std::path::Path;

use typst::syntax::{SyntaxKind, SyntaxNode, parse};

use crate::render::docx::{Provenance, render};
use crate::render::view::{self, View};

const LAYOUT: &str = include_str!("../../../layouts/uitvoeringsplan.typ");

/// The strings the layout may hold: names, never text a reader sees (data
/// keys and kinds, the house style's colour names, typst's own values).
const NOT_TEXT: &[&str] = &[
    // The data's files and rich-text kinds.
    "data.json",
    "data/",
    // The change report's data file and the kinds of its word pieces.
    "wijzigingen.json",
    "same",
    "deleted",
    "inserted",
    ".json",
    "huisstijl.toml",
    // The charts' drawing, shared with the DOCX's images.
    "grafiek.typ",
    "text",
    "strong",
    "emphasis",
    "link",
    "line_break",
    "paragraph",
    "list",
    "quote",
    // Anchors of chapters (data file names and link targets).
    "bestuur",
    "districten",
    "themas",
    "begroting",
    "bijlage",
    // Colours of the house style, by name.
    "primair",
    "accent",
    "licht",
    "lijn",
    "grijs",
    "tekst",
    "concept",
    // typst's values.
    "nl",
    "NL",
    "semibold",
    "bold",
    "italic",
    "normal",
    "tabular",
    "pagination-other",
    // `build --since`: the keys of the marks and the bars' colour.
    "changes",
    "changed",
    "added",
    "wijziging",
];

/// The list markers (as the DOCX's bullets): signs, not words.
const MARKERS: &[&str] = &["•", "–"];

/// What a piece of markup text may be without coming from the data:
/// spacing, the punctuation around data (`(`, `)`, `.`, `:`), digits, a
/// list marker.
fn is_glue(text: &str) -> bool {
    MARKERS.contains(&text)
        || text
            .chars()
            .all(|c| c.is_whitespace() || c.is_ascii_digit() || ".,:;()".contains(c))
}

/// Every text of its own in a typst layout, with its line: markup text
/// that is more than glue, escapes and shorthands (`\*`, `---`), and string
/// literals that are not in [`NOT_TEXT`].
fn own_texts(source: &str) -> Vec<(usize, String)> {
    fn walk(node: &SyntaxNode, offset: usize, source: &str, out: &mut Vec<(usize, String)>) {
        let line = || source[..offset].matches('\n').count() + 1;
        let text = node.leaf_text().as_str();
        match node.kind() {
            SyntaxKind::Text if !is_glue(text) => out.push((line(), text.to_string())),
            SyntaxKind::Escape | SyntaxKind::Shorthand | SyntaxKind::SmartQuote => {
                out.push((line(), text.to_string()))
            }
            SyntaxKind::Str => {
                let value = text.trim_matches('"');
                // A JSON pointer into a part's data (`/targets`, the places
                // of `build --since`'s marks) is no text.
                if !value.is_empty() && !NOT_TEXT.contains(&value) && !value.starts_with('/') {
                    out.push((line(), value.to_string()));
                }
            }
            _ => {}
        }
        let mut at = offset;
        for child in node.children() {
            walk(child, at, source, out);
            at += child.len();
        }
    }
    let root = parse(source);
    let (errors, _) = root.errors_and_warnings();
    assert!(errors.is_empty(), "the layout does not parse: {errors:?}");
    let mut out = Vec::new();
    walk(&root, 0, source, &mut out);
    out
}

#[test]
fn the_change_report_prints_no_text_of_its_own() {
    let own = own_texts(super::report::LAYOUT);
    assert!(
        own.is_empty(),
        "layouts/wijzigingen.typ has texts of its own (put them in \
         src/changes/labels.rs and read them as `lb.<name>`):\n{own:?}"
    );
}

#[test]
fn the_charts_layouts_print_no_text_of_their_own() {
    for (name, text) in super::world::LAYOUTS {
        if !name.ends_with(".typ") || *name == super::world::MAIN {
            continue;
        }
        let own = own_texts(text);
        assert!(
            own.is_empty(),
            "layouts/{name} has texts of its own (take them from the data):\n{own:?}"
        );
    }
}

#[test]
fn the_layout_prints_no_text_of_its_own() {
    let own = own_texts(LAYOUT);
    assert!(
        own.is_empty(),
        "layouts/uitvoeringsplan.typ has texts of its own (put them in `Labels` \
         in src/render/view.rs and read them as `lb.<name>`):\n{}",
        own.iter()
            .map(|(line, t)| format!("  regel {line}: {t:?}"))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn the_scan_finds_texts_in_markup_strings_and_escapes() {
    let layout = r#"// Een "opmerking" telt niet.
#let voet(m) = [Pagina #m.page van 3 (#m.total).]
#let kop = text(fill: kleur("primair"), "Financiering")
#let nieuw = [#r.function\*]
#let streep = [--- #x]
#let goed = [#lb.funding: #x.value (#x.unit).]
"#;
    let own: Vec<String> = own_texts(layout).into_iter().map(|(_, t)| t).collect();
    assert!(own.iter().any(|t| t.contains("Pagina")), "{own:?}");
    assert!(own.iter().any(|t| t.contains("van")), "{own:?}");
    assert!(own.contains(&"Financiering".to_string()), "{own:?}");
    assert!(own.contains(&"\\*".to_string()), "{own:?}");
    assert!(own.contains(&"---".to_string()), "{own:?}");
    assert!(
        !own.iter()
            .any(|t| t.contains("primair") || t.contains("opmerking"))
    );
    assert_eq!(own.len(), 5, "{own:?}");
}

fn plan_view() -> View {
    let (plan, report, _) = crate::load_plan(Path::new("sources"), "sources");
    let plan = plan.unwrap_or_else(|| panic!("bundled sources invalid:\n{}", report.render()));
    let (date, from_sources) = view::plan_date(&plan);
    view::view(&plan, date, from_sources)
}

/// The text of every `w:t` in the DOCX's XML parts, run after run.
fn docx_text(bytes: &[u8]) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip");
    let mut out = String::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        if !(f.name().starts_with("word/") && f.name().ends_with(".xml")) {
            continue;
        }
        let mut xml = String::new();
        f.read_to_string(&mut xml).unwrap();
        let doc = roxmltree::Document::parse(&xml).unwrap();
        for n in doc.descendants().filter(|n| n.has_tag_name("t")) {
            out.push_str(n.text().unwrap_or_default());
        }
        out.push('\n');
    }
    out
}

/// The label values, by name (a list label as one entry per value).
fn label_values(labels: &serde_json::Value) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for (name, value) in labels.as_object().expect("labels are an object") {
        match value {
            serde_json::Value::Array(xs) => {
                for (i, x) in xs.iter().enumerate() {
                    out.insert(format!("{name}[{i}]"), x.as_str().unwrap().to_string());
                }
            }
            x => {
                out.insert(name.clone(), x.as_str().unwrap().to_string());
            }
        }
    }
    out
}

/// Labels only the PDF prints: its margin navigation (the DOCX leaves that
/// to Word's navigation pane).
const PDF_ONLY: &[&str] = &["nav_more", "results_nav"];

/// Labels only a district's or theme's own DOCX prints (there is no such
/// PDF): its title and its instruction block.
const DISTRICT_DOCX_ONLY: &[&str] = &[
    "district",
    "instructions_title",
    "instructions_edit",
    "instructions_keep",
    "instructions_review",
    "instructions_ignored",
    "instructions_return",
    "instructions_return_to",
    "instructions_return_by",
    "section_open",
    "section_open_where",
    "section_open_none",
    "section_draft",
];

/// Labels only the web publication prints (`render::html`: its skip link,
/// page navigation, scroll regions and the tables beside its charts).
const HTML_ONLY: &[&str] = &[
    "skip_to_content",
    "navigation",
    "cover",
    "paging",
    "previous",
    "next",
    "scroll_table",
    "scroll_hint",
    "chart_label",
    "chart_value",
    "chart_data",
];

/// Labels the bundled plan has no occasion for (it is a draft, and its
/// stated totals differ by rounding or open values only).
/// The instruction block's return date needs a `[ronde]`, and the line
/// for a section without open values is not in the first district's
/// document, nor what a theme's document says to change (`docx::tests`
/// checks these); the reference block needs a `[referentie]`, which only
/// `new-period` writes (`tests/it/period.rs` checks it).
const NOT_IN_THE_BUNDLED_PLAN: &[&str] = &[
    "reference_title",
    "reference_note",
    "status_final",
    "difference_error",
    "instructions_return_by",
    "section_open_none",
    "instructions_edit_theme",
    // Only a build with change marks (`build --since`) prints the cover's
    // line about them (`marks::note`; `tests/it/since.rs` checks it).
    "changes_since",
    "changes_marked",
];

#[test]
fn the_docx_and_the_pdf_print_the_same_labels() {
    let view = plan_view();
    let files: BTreeMap<String, Vec<u8>> = super::data_files(&view).into_iter().collect();
    let data: serde_json::Value = serde_json::from_slice(&files["data.json"]).unwrap();
    let pdf = label_values(&data["labels"]);
    assert!(pdf.len() > 20, "{pdf:?}");
    assert_eq!(
        pdf,
        label_values(&serde_json::to_value(&view.labels).unwrap()),
        "the PDF's data carries the view's labels"
    );

    let provenance = Provenance {
        section: "plan".into(),
        fingerprint: "0123456789abcdef".into(),
    };
    let docx = render(&view, None, &provenance, &BTreeMap::new()).expect("renders");
    let mut text = docx_text(&docx);
    let district = &view.districts[0].id;
    let section = render(&view, Some(district), &provenance, &BTreeMap::new()).expect("renders");
    text += &docx_text(&section);
    let missing: Vec<_> = pdf
        .iter()
        .filter(|(name, value)| {
            let base = name.split('[').next().unwrap_or(name);
            !PDF_ONLY.contains(&base)
                && !HTML_ONLY.contains(&base)
                && !NOT_IN_THE_BUNDLED_PLAN.contains(&base)
                && !text.contains(value.as_str())
        })
        .collect();
    assert!(
        missing.is_empty(),
        "labels the DOCX does not print: {missing:?}"
    );

    // Every label reaches the PDF: the layout reads it (`lb.<name>`), or the
    // view composed it into the data (a header, a title), so none is printed
    // by one renderer only by accident.
    let mut composed = String::new();
    for (path, bytes) in &files {
        let mut json: serde_json::Value = serde_json::from_slice(bytes).unwrap();
        if path == "data.json" {
            json.as_object_mut().unwrap().remove("labels");
        }
        composed += &json.to_string();
    }
    let names: BTreeSet<&str> = pdf.keys().map(|n| n.split('[').next().unwrap()).collect();
    let unread: Vec<_> = names
        .iter()
        .filter(|n| {
            !DISTRICT_DOCX_ONLY.contains(n)
                && !HTML_ONLY.contains(n)
                && !NOT_IN_THE_BUNDLED_PLAN.contains(n)
        })
        .filter(|n| !LAYOUT.contains(&format!("lb.{n}")) && !LAYOUT.contains(&format!("l.{n}")))
        .filter(|n| {
            pdf.iter()
                .filter(|(k, _)| k.split('[').next() == Some(**n))
                .any(|(_, v)| !composed.contains(&format!("\"{v}")))
        })
        .collect();
    assert!(
        unread.is_empty(),
        "labels the PDF does not print: {unread:?}"
    );
}

#[test]
fn a_paragraph_leads_in_for_both_renderers_from_one_rule() {
    use crate::model::richtext::{Block, Inline};
    let text = |t: &str| Inline::Text { text: t.into() };
    let bold = Block::Paragraph {
        inlines: vec![Inline::Strong {
            inlines: vec![text("Voor de komende twee jaren")],
        }],
    };
    let mixed = Block::Paragraph {
        inlines: vec![
            Inline::Strong {
                inlines: vec![text("Let op:")],
            },
            text(" de rest."),
        ],
    };
    assert!(view::leads_in(&bold));
    assert!(!view::leads_in(&mixed));
    let json = serde_json::to_value(vec![bold, mixed]).unwrap();
    assert_eq!(json[0]["leads_in"], true);
    assert_eq!(json[1]["leads_in"], false);
    assert!(
        LAYOUT.contains("b.leads_in"),
        "the layout reads the rule's answer"
    );
}

//! `new-period`: the next plan's sources from the bundled plan pass
//! `check` and build a CONCEPT plan for the new period, the old folder is
//! only read, comments survive, and the previous outlook reaches the
//! section document in a block the import ignores. (Each refusal is a case
//! in `tests/fixtures/invalid/new-period-*`.)

use std::fs;
use std::path::Path;

use uitvoeringsplan::model::OpenOr;
use uitvoeringsplan::source::types::Status;

use crate::support::*;

const NEW: &str = "sources-2025-2026";

/// The bundled plan and its 2025-2026 scaffold, in one temporary folder.
fn scaffolded(name: &str) -> TempDir {
    let tmp = bundled_copy(name);
    let out = run_ok(tmp.path(), &["new-period", "2025-2026", "--out", NEW]);
    let printed = text(&out.stdout);
    assert!(
        printed.starts_with(&format!("{NEW}: bronnen voor 2025-2026 geschreven")),
        "{printed}"
    );
    tmp
}

#[test]
fn the_next_period_of_the_bundled_plan_passes_check_and_builds_a_concept() {
    let tmp = bundled_copy("period-bundled");
    let before = snapshot(&tmp.path().join("sources"));
    let out = run_ok(tmp.path(), &["new-period", "2025-2026", "--out", NEW]);
    let printed = text(&out.stdout);
    assert!(
        printed.contains("plan.toml: titel: “Uitvoeringsplan Midden-Nederland 2023-2024” → “Uitvoeringsplan Midden-Nederland 2025-2026”"),
        "{printed}"
    );
    assert!(
        before == snapshot(&tmp.path().join("sources")),
        "the old sources changed"
    );
    // Nothing else beside the two folders: no temporary folder left.
    let mut names: Vec<String> = fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["sources", NEW]);

    let check = run(tmp.path(), &["check", "--sources", NEW]);
    let checked = text(&check.stderr);
    assert_eq!(check.status.code(), Some(0), "{checked}");
    assert!(
        checked.contains("check: 0 fouten, 0 waarschuwingen"),
        "{checked}"
    );

    let (plan, report, _) = uitvoeringsplan::load_plan(&tmp.path().join(NEW), NEW);
    let plan = plan.unwrap_or_else(|| panic!("{}", report.render()));
    let m = &plan.meta;
    assert_eq!(
        (m.period_from, m.period_to, m.lookback_year),
        (2025, 2026, 2024)
    );
    assert_eq!(m.status, Status::Concept);
    assert!(m.publication_date.is_none());
    assert_eq!(m.title, "Uitvoeringsplan Midden-Nederland 2025-2026");
    // Same districts and themes, partners, district themes and matrix;
    // targets open; texts empty (open), the old outlook as reference.
    let (old, _, _) = uitvoeringsplan::load_plan(&tmp.path().join("sources"), "sources");
    let old = old.unwrap();
    assert_eq!(plan.districts.len(), old.districts.len());
    for (new, old) in plan.districts.iter().zip(&old.districts) {
        assert_eq!(
            (&new.id, &new.name, &new.partners),
            (&old.id, &old.name, &old.partners)
        );
        let ids = |d: &uitvoeringsplan::model::District| {
            d.themes.iter().map(|t| t.id.clone()).collect::<Vec<_>>()
        };
        assert_eq!(ids(new), ids(old));
        assert!(new.themes.iter().all(|t| t.text.is_empty()), "{}", new.id);
        assert!(
            new.lookback.is_empty() && new.outlook.is_empty(),
            "{}",
            new.id
        );
        assert_eq!(
            new.matrix.as_ref().map(|m| m.rows.len()),
            old.matrix.as_ref().map(|m| m.rows.len())
        );
        assert_eq!(new.targets.len(), old.targets.len());
        assert!(
            new.targets.iter().all(|t| t.count == OpenOr::Open),
            "{}",
            new.id
        );
        let reference = new
            .reference
            .as_ref()
            .expect("the old outlook as reference");
        assert_eq!(reference.outlook, old.outlook, "{}", new.id);
    }
    let ids = |p: &uitvoeringsplan::model::Plan| {
        p.themes.iter().map(|t| t.id.clone()).collect::<Vec<_>>()
    };
    assert_eq!(ids(&plan), ids(&old));
    // Budget: every line, every amount open, no stated total.
    let text = fs::read_to_string(tmp.path().join(NEW).join("begroting.toml")).unwrap();
    assert!(
        text.lines()
            .filter(|l| !l.trim_start().starts_with('#'))
            .all(|l| !l.contains("opgegeven") && !l.contains("niet_leesbaar")),
        "stated totals are removed, a remainder row is an ordinary row"
    );
    assert!(
        text.contains(
            "# In het vorige plan een restregel (niet_leesbaar = true) bij de opgegeven\n"
        )
    );
    let rows = |p: &uitvoeringsplan::model::Plan| {
        p.budget
            .groups
            .iter()
            .flat_map(|g| g.rows.iter())
            .chain(p.budget.rows.iter())
            .map(|r| r.function.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(rows(&plan), rows(&old));
    let b = &plan.budget;
    assert!(
        b.groups
            .iter()
            .flat_map(|g| g.rows.iter())
            .chain(b.rows.iter())
            .all(|r| r.amount == OpenOr::Open && r.split == OpenOr::Open && !r.illegible)
    );
    // The streams and the funding rows: the same, their amounts open.
    let names = |p: &uitvoeringsplan::model::Plan| {
        let b = &p.budget;
        let columns = b.columns.iter().map(|c| c.name.clone());
        columns
            .chain(b.funding.iter().map(|f| f.description.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(names(&plan), names(&old));
    assert!(b.columns.iter().all(|c| c.amount == OpenOr::Open));
    assert!(
        b.funding
            .iter()
            .all(|f| f.amount == OpenOr::Open && f.split == OpenOr::Open)
    );
    // No stated total is left to compare; every computed total is open.
    assert!(b.groups.iter().all(|g| g.stated.is_none()));
    assert!(b.stated_total.is_none() && b.stated_subsidy.is_none());
    assert!(b.stated_difference.is_none() && b.differences.is_empty());
    assert!(b.total.amounts.amount_open > 0 && b.subsidy.amount_open > 0);
    // `check` and `status` list them as open values.
    for what in [
        "bedrag van kolom \"Regionale versterking\"",
        "bedrag van financiering \"Inzet reserve\"",
        "verdeling van financiering \"Inzet reserve\"",
    ] {
        assert!(checked.contains(what), "{what} not listed by check");
        assert!(
            plan.open_items
                .iter()
                .any(|o| o.what == what && o.place.starts_with(&format!("{NEW}/begroting.toml:"))),
            "{what}"
        );
    }
    // The plan prints every amount and total of the budget as open, and
    // its legend says what the mark means.
    let date = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
    let view = uitvoeringsplan::render::view::view(&plan, date, false);
    let open = uitvoeringsplan::format::OPEN;
    let bv = &view.budget;
    for t in bv
        .funding
        .iter()
        .chain([&bv.total, &bv.subsidy, &bv.difference])
    {
        assert_eq!(t.amount, open, "{}", t.label);
        assert!(t.split.iter().all(|s| s == open), "{}", t.label);
    }
    let finance = view.organisation.parts.iter().find(|p| p.budget).unwrap();
    assert!(finance.streams.iter().all(|s| s.amount == open));
    assert!(
        bv.legend
            .iter()
            .any(|l| l.starts_with(&format!("{open} = open")))
    );
    assert!(bv.differences.is_empty());
    let status = run_ok(tmp.path(), &["status", "--sources", NEW, "--json"]);
    let status = crate::support::text(&status.stdout);
    for what in [
        "bedrag van kolom \\\"Regionale versterking\\\"",
        "verdeling van financiering \\\"Inzet reserve\\\"",
    ] {
        assert!(status.contains(what), "{what} not listed by status");
    }
    // Results: the old year keeps its figures, the years since are open.
    assert_eq!(old.results.years, [2022]);
    assert_eq!(plan.results.years, [2022, 2023, 2024]);
    let values = |p: &uitvoeringsplan::model::Plan| {
        let mut out = Vec::new();
        for m in &p.results.measures {
            out.extend(m.value.clone());
            for r in &m.rows {
                out.extend(r.value.clone());
                out.extend(r.breakdown.iter().chain(&r.parts).map(|x| x.value.clone()));
            }
        }
        out
    };
    let (old_values, new_values) = (values(&old), values(&plan));
    assert_eq!(old_values.len(), new_values.len());
    assert!(
        old_values.iter().any(|v| v[0] != OpenOr::Open),
        "a known figure to keep"
    );
    for (o, n) in old_values.iter().zip(&new_values) {
        assert_eq!(n[0], o[0]);
        assert_eq!(n[1..], [OpenOr::Open, OpenOr::Open]);
    }
    // Every empty text is open: `status` and `build --final` see it.
    let flevoland =
        fs::read_to_string(tmp.path().join(NEW).join("districten/flevoland.toml")).unwrap();
    let line = 1 + flevoland
        .lines()
        .position(|l| l == "vooruitblik = \"\"")
        .unwrap();
    let place = format!("{NEW}/districten/flevoland.toml:{line}");
    assert!(
        plan.open_items
            .iter()
            .any(|o| o.place == place && o.what == "tekst: vooruitblik"),
        "{:?}",
        plan.open_items.iter().take(5).collect::<Vec<_>>()
    );

    // A CONCEPT plan for 2025-2026: the PDF and the DOCX.
    run_ok(
        tmp.path(),
        &["build", "--sources", NEW, "--format", "pdf", "--out", "out"],
    );
    run_ok(
        tmp.path(),
        &[
            "build",
            "--sources",
            NEW,
            "--format",
            "docx",
            "--out",
            "out",
        ],
    );
    let stem = "out/uitvoeringsplan-midden-nederland-2025-2026";
    let pdf = fs::read(tmp.path().join(format!("{stem}.pdf"))).unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    let docx = fs::read(tmp.path().join(format!("{stem}.docx"))).unwrap();
    let document = docx_part(&docx, "word/document.xml");
    assert!(document.contains("CONCEPT") || document.contains("Concept"));
    assert!(document.contains("2025-2026"));
    // The budget's open amounts and totals with the legend of the mark.
    assert!(document.contains(&format!("{open} = open (nog niet bekend)")));
    // The reference block is for the section document only.
    assert!(!document.contains("Uit het vorige plan"));
    let refused = run(
        tmp.path(),
        &[
            "build",
            "--sources",
            NEW,
            "--format",
            "pdf",
            "--out",
            "out",
            "--final",
        ],
    );
    assert_eq!(refused.status.code(), Some(1));
}

#[test]
fn every_comment_of_the_old_sources_is_in_the_new_ones() {
    let tmp = scaffolded("period-comments");
    let old = tmp.path().join("sources");
    let mut checked = 0;
    for (rel, bytes) in snapshot(&old) {
        if rel.extension().is_none_or(|e| e != "toml") {
            continue;
        }
        let new = fs::read_to_string(tmp.path().join(NEW).join(&rel)).unwrap();
        let mut lines = new.lines().map(str::trim);
        // In order: each comment line of the old file, later in the new one.
        for line in String::from_utf8(bytes).unwrap().lines() {
            let Some(at) = line
                .find('#')
                .filter(|_| line.trim_start().starts_with('#'))
            else {
                continue;
            };
            let comment = line[at..].trim();
            assert!(
                lines.any(|l| l == comment),
                "{}: comment lost or out of order: {comment}",
                rel.display()
            );
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} comments checked");
    // The old outlook as a comment above the emptied field.
    let flevoland =
        fs::read_to_string(tmp.path().join(NEW).join("districten/flevoland.toml")).unwrap();
    assert!(flevoland.contains(
        "# Vooruitblik uit het vorige plan (2023-2024), ter referentie:\n#   De komende twee jaar zet Flevoland in op zeven districtelijke thema’s:\n"
    ));
    assert!(flevoland.contains("\nvooruitblik = \"\"\n"));
}

#[test]
fn the_reference_block_is_in_the_section_document_and_the_import_ignores_it() {
    let tmp = scaffolded("period-reference");
    let new = tmp.path().join(NEW);
    let before = snapshot(&new);
    run_ok(
        tmp.path(),
        &[
            "build",
            "--sources",
            NEW,
            "--format",
            "docx",
            "--section",
            "flevoland",
            "--out",
            "out",
        ],
    );
    let docx = tmp
        .path()
        .join("out/uitvoeringsplan-midden-nederland-2025-2026-flevoland.docx");
    let document = docx_part(&fs::read(&docx).unwrap(), "word/document.xml");
    let block = paragraphs_in_style(&document, "Referentie");
    assert!(
        block[0].starts_with(
            "Uit het vorige plan, ter referentie (Uitvoeringsplan Midden-Nederland 2023-2024)"
        ),
        "{block:?}"
    );
    let labels = &uitvoeringsplan::render::view::LABELS;
    assert!(block[0].starts_with(labels.reference_title));
    assert_eq!(block[1], labels.reference_note);
    assert!(
        block
            .iter()
            .any(|p| p.starts_with("De komende twee jaar zet Flevoland in")),
        "{block:?}"
    );
    let import = |file: &Path| {
        let out = run(
            tmp.path(),
            &["import", file.to_str().unwrap(), "--sources", NEW],
        );
        (out.status.code(), text(&out.stdout), text(&out.stderr))
    };
    // Unchanged: no byte of the sources changes.
    let (code, out, err) = import(&docx);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("geen wijzigingen"), "{out}");
    assert!(before == snapshot(&new), "a source changed");
    // A word changed inside the block: ignored.
    let edited = tmp.path().join("in-het-blok.docx");
    edit_document(
        &docx,
        &edited,
        "De komende twee jaar zet Flevoland",
        "De komende vier jaar zet Flevoland",
    );
    let (code, out, err) = import(&edited);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("geen wijzigingen"), "{out}");
    assert!(before == snapshot(&new), "a source changed");
    // The same words written into the vooruitblik field do come back.
    let flevoland = new.join("districten/flevoland.toml");
    let text_before = fs::read_to_string(&flevoland).unwrap();
    let field = uitvoeringsplan::render::docx::fields::DISTRICT_OUTLOOK.bookmark;
    let written = tmp.path().join("geschreven.docx");
    rewrite(
        &docx,
        &written,
        |name, xml| {
            if name != "word/document.xml" {
                return;
            }
            let start = xml
                .find(&format!("w:name=\"{field}\""))
                .expect("the outlook field");
            let empty = xml[start..].find("</w:p>").unwrap() + start;
            xml.insert_str(
                empty,
                "<w:r><w:t>De komende vier jaar werken we samen.</w:t></w:r>",
            );
        },
        &[],
    );
    let (code, out, err) = import(&written);
    assert_eq!(code, Some(0), "{err}{out}");
    let text_after = fs::read_to_string(&flevoland).unwrap();
    assert_ne!(text_before, text_after);
    assert!(
        text_after.contains("vooruitblik = \"De komende vier jaar werken we samen.\""),
        "{text_after}"
    );
}

/// A part of a DOCX, as text.
fn docx_part(bytes: &[u8], name: &str) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut s = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

/// The text of every paragraph in `style`, in order.
fn paragraphs_in_style(xml: &str, style: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(xml).unwrap();
    doc.descendants()
        .filter(|n| n.tag_name().name() == "p")
        .filter(|p| {
            p.descendants().any(|n| {
                n.tag_name().name() == "pStyle"
                    && n.attributes()
                        .any(|a| a.name() == "val" && a.value() == style)
            })
        })
        .map(|p| {
            p.descendants()
                .filter(|n| n.tag_name().name() == "t")
                .filter_map(|n| n.text())
                .collect()
        })
        .collect()
}

/// What `new-period` prints and writes for the minimal plan (with an
/// image, a link to a district plan and a full theme), and what `check`
/// says of the result: `tests/fixtures/outputs/new-period-minimal.txt`.
#[test]
fn the_next_period_of_the_minimal_plan_reads_as_expected() {
    let tmp = minimal_copy("period-minimal");
    let out = run_ok(tmp.path(), &["new-period", "2027-2028", "--out", "nieuw"]);
    let mut shown = text(&out.stdout);
    for file in [
        "plan.toml",
        "districten/noord.toml",
        "themas/geldstromen.toml",
        "begroting.toml",
        "resultaten.toml",
    ] {
        shown.push_str(&format!("--- nieuw/{file}\n"));
        shown.push_str(&fs::read_to_string(tmp.path().join("nieuw").join(file)).unwrap());
    }
    // The image comes along, byte for byte.
    assert_eq!(
        fs::read(tmp.path().join("nieuw/afbeeldingen/kaart.png")).unwrap(),
        fs::read(tmp.path().join("sources/afbeeldingen/kaart.png")).unwrap()
    );
    let check = run(tmp.path(), &["check", "--sources", "nieuw"]);
    assert_eq!(check.status.code(), Some(0));
    shown.push_str("--- check --sources nieuw\n");
    shown.push_str(&text(&check.stderr));
    assert_expected(&fixtures().join("outputs/new-period-minimal.txt"), &shown);
}

//! The results spreadsheet: `build --format xlsx` writes a template, a
//! filled copy (written here, as a partner would fill it) is imported, and
//! the appendix shows the figures; the same through CSV and through a
//! LibreOffice re-save; refusals name the cell and write nothing.

use std::fs;
use std::path::{Path, PathBuf};

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};

use crate::support::*;

/// The minimal plan with the results over three years.
fn years_copy(name: &str) -> TempDir {
    let tmp = minimal_copy(name);
    fs::copy(
        fixtures().join("valid/results-years/sources/resultaten.toml"),
        tmp.path().join("sources/resultaten.toml"),
    )
    .unwrap();
    tmp
}

fn template(dir: &Path) -> PathBuf {
    run_ok(dir, &["build", "--sources", "sources", "--format", "xlsx"]);
    let out: Vec<PathBuf> = fs::read_dir(dir.join("out"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with("-resultaten.xlsx"))
        .collect();
    assert_eq!(out.len(), 1, "one results template");
    out[0].clone()
}

/// The cells of the template's sheet, by (row, column).
fn cells(path: &Path) -> Vec<Vec<Data>> {
    let mut book: Xlsx<_> =
        open_workbook_from_rs(std::io::Cursor::new(fs::read(path).unwrap())).unwrap();
    let range = book.worksheet_range("Resultaten").unwrap();
    assert_eq!(range.start(), Some((0, 0)));
    range.rows().map(|r| r.to_vec()).collect()
}

/// A filled copy of the template: its cells, with `fill` (id, year column,
/// value; `None` empties the cell) applied, written as a new workbook.
fn filled(template: &Path, target: &Path, fill: &[(&str, usize, Option<f64>)]) {
    let mut grid = cells(template);
    for (id, year, value) in fill {
        let row = grid
            .iter_mut()
            .find(|r| r[0] == Data::String(id.to_string()))
            .unwrap_or_else(|| panic!("row {id} in the template"));
        row[3 + year] = match value {
            Some(v) => Data::Float(*v),
            None => Data::Empty,
        };
    }
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Resultaten").unwrap();
    for (r, row) in grid.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            match cell {
                Data::String(s) => {
                    sheet.write_string(r, c, s).unwrap();
                }
                Data::Float(f) => {
                    sheet.write_number(r, c, *f).unwrap();
                }
                Data::Int(i) => {
                    sheet.write_number(r, c, *i as f64).unwrap();
                }
                _ => {}
            }
        }
    }
    fs::write(target, book.save_to_buffer().unwrap()).unwrap();
}

fn results_data(dir: &Path) -> serde_json::Value {
    run_ok(dir, &["data", "--sources", "sources", "--out", "data.json"]);
    // The appendix's part, as every renderer receives it.
    serde_json::from_str(&fs::read_to_string(dir.join("data/resultaten.json")).unwrap()).unwrap()
}

/// The row of the data's results with this id.
fn row<'a>(results: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    results["figures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == id)
        .unwrap_or_else(|| panic!("figure {id}"))
}

#[test]
fn the_template_lists_every_figure_by_id_with_a_column_per_year() {
    let tmp = years_copy("sheet-template");
    let path = template(tmp.path());
    let grid = cells(&path);
    let text = |r: usize, c: usize| grid[r][c].to_string();
    assert!(
        text(0, 0).starts_with("uitvoeringsplan-resultaten 1 "),
        "{}",
        text(0, 0)
    );
    assert_eq!(
        (text(2, 2), text(2, 3), text(2, 4), text(2, 5)),
        (
            "Maatstaf".into(),
            "2022".into(),
            "2023".into(),
            "2024".into()
        )
    );
    let ids: Vec<String> = grid[3..].iter().map(|r| r[0].to_string()).collect();
    assert_eq!(
        ids,
        [
            "1",
            "2",
            "2a",
            "2a.1",
            "2a.2",
            "2b",
            "2b.1",
            "2b.2",
            "3",
            "voetnoot2.geind"
        ]
    );
    // Known values are numbers, open ones empty cells.
    let one = &grid[3];
    assert_eq!(
        (&one[3], &one[4], &one[5]),
        (&Data::Float(3.0), &Data::Float(5.0), &Data::Empty)
    );
    // The same sources make the same bytes.
    let first = fs::read(&path).unwrap();
    template(tmp.path());
    assert_eq!(
        first,
        fs::read(&path).unwrap(),
        "the template is deterministic"
    );
}

#[test]
fn a_filled_template_imports_into_the_sources_and_the_appendix() {
    let tmp = years_copy("sheet-import");
    let path = template(tmp.path());
    let before = fs::read_to_string(tmp.path().join("sources/resultaten.toml")).unwrap();
    let sheet = tmp.path().join("ingevuld.xlsx");
    filled(
        &path,
        &sheet,
        &[
            ("1", 2, Some(8.0)),
            ("2a", 2, Some(11.0)),
            ("2a.1", 2, Some(7.0)),
            ("2a.2", 2, Some(4.0)),
            ("2b.1", 0, Some(1.0)),
            ("2b.2", 1, None),
            ("3", 2, Some(30000.0)),
        ],
    );
    let out = run_ok(
        tmp.path(),
        &[
            "import",
            "--sources",
            "sources",
            "ingevuld.xlsx",
            "--dry-run",
        ],
    );
    let shown = text(&out.stdout);
    assert!(
        shown.contains("1 Aantal beelden (2024): open → 8"),
        "{shown}"
    );
    assert!(
        shown.contains("2b.2 Signaal vanuit politie (2023): 3 → open"),
        "{shown}"
    );
    assert!(
        shown.contains("3 Afgepakt** (2024): open → €\u{a0}30.000"),
        "{shown}"
    );
    assert!(shown.contains("--dry-run: niets geschreven"), "{shown}");
    assert_eq!(
        before,
        fs::read_to_string(tmp.path().join("sources/resultaten.toml")).unwrap()
    );

    run_ok(
        tmp.path(),
        &["import", "--sources", "sources", "ingevuld.xlsx"],
    );
    let after = fs::read_to_string(tmp.path().join("sources/resultaten.toml")).unwrap();
    // Only the values changed: comments and every other line stay.
    let changed: Vec<(&str, &str)> = before
        .lines()
        .zip(after.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(before.lines().count(), after.lines().count());
    assert_eq!(changed.len(), 7, "{changed:#?}");
    assert!(after.contains("# Een maat met een waarde per jaar; 2024 is nog niet bekend."));
    assert!(
        after.contains("waarde = { 2022 = 3, 2023 = 5, 2024 = 8 }"),
        "{after}"
    );
    assert!(latest_backup(tmp.path(), "resultaten.toml").is_some());

    let results = results_data(tmp.path());
    let cell = |id: &str, k: usize| row(&results, id)["values"][k]["text"].clone();
    assert_eq!(cell("1", 2), "8");
    assert_eq!(cell("2b.1", 0), "1");
    assert_eq!(cell("3", 2), "€\u{a0}30.000");
    assert_eq!(row(&results, "2b.2")["values"][1]["open"], true);

    // Imported again: nothing left to change.
    let again = run_ok(
        tmp.path(),
        &["import", "--sources", "sources", "ingevuld.xlsx", "--force"],
    );
    assert!(
        text(&again.stdout).contains("geen wijzigingen"),
        "{}",
        text(&again.stdout)
    );
}

#[test]
fn a_template_older_than_the_sources_is_refused_without_force() {
    let tmp = years_copy("sheet-stale");
    let path = template(tmp.path());
    let sheet = tmp.path().join("ingevuld.xlsx");
    filled(&path, &sheet, &[("1", 2, Some(8.0))]);
    let file = tmp.path().join("sources/resultaten.toml");
    let text_before = fs::read_to_string(&file).unwrap();
    fs::write(&file, format!("{text_before}\n# later bijgewerkt\n")).unwrap();
    let out = run(
        tmp.path(),
        &["import", "--sources", "sources", "ingevuld.xlsx"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("een andere versie van resultaten.toml"),
        "{}",
        text(&out.stderr)
    );
    run_ok(
        tmp.path(),
        &["import", "--sources", "sources", "ingevuld.xlsx", "--force"],
    );
    assert!(fs::read_to_string(&file).unwrap().contains("2024 = 8"));
}

#[test]
fn a_csv_with_dutch_numbers_imports_the_same() {
    let tmp = years_copy("sheet-csv");
    let path = template(tmp.path());
    let grid = cells(&path);
    let mut csv = String::new();
    for r in &grid {
        let cells: Vec<String> = r
            .iter()
            .map(|c| match c {
                Data::Float(f) => crate::sheet::dutch(*f as u64),
                Data::Empty => String::new(),
                other => format!("\"{}\"", other.to_string().replace('"', "\"\"")),
            })
            .collect();
        csv.push_str(&cells.join(";"));
        csv.push_str("\r\n");
    }
    let csv = csv.replacen(";12.500;20.000;", ";12.500;20.000;1.234.567", 1);
    fs::write(tmp.path().join("ingevuld.csv"), csv).unwrap();
    let out = run_ok(
        tmp.path(),
        &["import", "--sources", "sources", "ingevuld.csv"],
    );
    assert!(
        text(&out.stdout).contains("3 Afgepakt** (2024): open → €\u{a0}1.234.567"),
        "{}",
        text(&out.stdout)
    );
}

/// `1234567` as `1.234.567`.
pub fn dutch(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

#[test]
fn refusals_name_the_cell_and_write_nothing() {
    let tmp = years_copy("sheet-refused");
    let path = template(tmp.path());
    let grid = cells(&path);
    let before = snapshot(&tmp.path().join("sources"));
    let mut cases: Vec<(&str, Vec<Vec<Data>>, &str)> = Vec::new();
    let mut text_in_number = grid.clone();
    text_in_number[3][5] = Data::String("ong. 40".into());
    cases.push((
        "text",
        text_in_number,
        "blad Resultaten, cel F4: hier hoort een getal, maar er staat tekst (\"ong. 40\")",
    ));
    let mut unknown = grid.clone();
    unknown[4][0] = Data::String("9z".into());
    cases.push((
        "unknown",
        unknown,
        "blad Resultaten, cel A5: onbekende maat of regel `9z`",
    ));
    let mut moved = grid.clone();
    for r in moved.iter_mut().skip(2) {
        r.swap(3, 4);
    }
    cases.push((
        "moved",
        moved,
        "blad Resultaten, cel D3: hier hoort de kolom 2022, maar er staat \"2023\"",
    ));
    let mut negative = grid.clone();
    negative[3][5] = Data::Float(-2.0);
    cases.push((
        "negative",
        negative,
        "blad Resultaten, cel F4: -2 is negatief",
    ));
    let mut fraction = grid.clone();
    fraction[3][5] = Data::Float(2.5);
    cases.push((
        "fraction",
        fraction,
        "blad Resultaten, cel F4: 2,5 is geen heel getal",
    ));
    let mut sum = grid.clone();
    sum[5][5] = Data::Float(10.0);
    sum[6][5] = Data::Float(6.0);
    sum[7][5] = Data::Float(5.0);
    cases.push((
        "sum",
        sum,
        "blad Resultaten, cel F6: de uitsplitsing eronder telt op tot 11, maar de waarde is 10",
    ));
    let mut deleted = grid.clone();
    deleted.remove(9);
    cases.push((
        "deleted",
        deleted,
        "blad Resultaten: deel `2b.1` (Signaal vanuit gemeente*) ontbreekt",
    ));
    for (name, cells, message) in cases {
        let file = format!("{name}.xlsx");
        write_grid(&cells, &tmp.path().join(&file));
        let out = run(tmp.path(), &["import", "--sources", "sources", &file]);
        assert_eq!(out.status.code(), Some(1), "{name}");
        assert!(
            text(&out.stderr).contains(message),
            "{name}: {}",
            text(&out.stderr)
        );
        assert_eq!(before, snapshot(&tmp.path().join("sources")), "{name}");
    }
    // A formula error and merged cells.
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Resultaten").unwrap();
    fill_sheet(sheet, &grid);
    sheet
        .write_formula(
            3,
            5,
            rust_xlsxwriter::Formula::new("=1/0").set_result("#DIV/0!"),
        )
        .unwrap();
    fs::write(
        tmp.path().join("error.xlsx"),
        book.save_to_buffer().unwrap(),
    )
    .unwrap();
    let out = run(
        tmp.path(),
        &["import", "--sources", "sources", "error.xlsx"],
    );
    assert!(
        text(&out.stderr).contains("blad Resultaten, cel F4: de formule geeft een fout (#DIV/0!)"),
        "{}",
        text(&out.stderr)
    );
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Resultaten").unwrap();
    fill_sheet(sheet, &grid);
    sheet
        .merge_range(3, 4, 3, 5, "5", &rust_xlsxwriter::Format::new())
        .unwrap();
    fs::write(
        tmp.path().join("merged.xlsx"),
        book.save_to_buffer().unwrap(),
    )
    .unwrap();
    let out = run(
        tmp.path(),
        &["import", "--sources", "sources", "merged.xlsx"],
    );
    assert!(
        text(&out.stderr).contains("blad Resultaten, cel E4: samengevoegde cellen (E4:F4)"),
        "{}",
        text(&out.stderr)
    );
    // A huge sheet: one cell far out.
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Resultaten").unwrap();
    fill_sheet(sheet, &grid);
    sheet.write_number(1_000_000, 3, 1.0).unwrap();
    fs::write(tmp.path().join("huge.xlsx"), book.save_to_buffer().unwrap()).unwrap();
    let out = run(tmp.path(), &["import", "--sources", "sources", "huge.xlsx"]);
    assert!(
        text(&out.stderr).contains("is te groot"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(before, snapshot(&tmp.path().join("sources")));
}

fn fill_sheet(sheet: &mut rust_xlsxwriter::Worksheet, grid: &[Vec<Data>]) {
    for (r, row) in grid.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            match cell {
                Data::String(s) => {
                    sheet.write_string(r, c, s).unwrap();
                }
                Data::Float(f) => {
                    sheet.write_number(r, c, *f).unwrap();
                }
                _ => {}
            }
        }
    }
}

fn write_grid(grid: &[Vec<Data>], target: &Path) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Resultaten").unwrap();
    fill_sheet(sheet, grid);
    fs::write(target, book.save_to_buffer().unwrap()).unwrap();
}

#[test]
fn a_libreoffice_resave_imports_the_same() {
    // Required in CI (`UITVOERINGSPLAN_EXTERNAL=1`), skipped locally.
    if !crate::external::have("soffice", &["--version"]) {
        return;
    }
    let tmp = years_copy("sheet-libreoffice");
    let path = template(tmp.path());
    let sheet = tmp.path().join("ingevuld.xlsx");
    filled(&path, &sheet, &[("1", 2, Some(8.0)), ("2b.2", 1, None)]);
    let profile = tmp.path().join("lo-profile");
    let out = std::process::Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "ods", "--outdir"])
        .arg(tmp.path().join("lo"))
        .arg(&sheet)
        .output()
        .unwrap();
    let ods = tmp.path().join("lo/ingevuld.ods");
    if !ods.exists() {
        assert!(
            std::env::var_os("UITVOERINGSPLAN_EXTERNAL").is_none(),
            "LibreOffice Calc is required here (UITVOERINGSPLAN_EXTERNAL is set) but could not convert the spreadsheet: {}",
            text(&out.stderr)
        );
        println!(
            "skipped: LibreOffice could not convert the spreadsheet (is Calc installed?): {}",
            text(&out.stderr)
        );
        return;
    }
    let dry = run_ok(
        tmp.path(),
        &[
            "import",
            "--sources",
            "sources",
            "ingevuld.xlsx",
            "--dry-run",
        ],
    );
    let from_ods = run_ok(
        tmp.path(),
        &[
            "import",
            "--sources",
            "sources",
            "lo/ingevuld.ods",
            "--dry-run",
        ],
    );
    let changes = |o: &std::process::Output| {
        text(&o.stdout)
            .lines()
            .filter(|l| l.starts_with("  "))
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    assert_eq!(changes(&dry), changes(&from_ods));
    assert_eq!(changes(&dry).len(), 2, "{}", text(&dry.stdout));
}

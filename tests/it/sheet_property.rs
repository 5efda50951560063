//! The import's promise for results sheets, as a property: a filled
//! template comes back exactly or is refused (issue 15).
//!
//! Each case fills the template that `build --format xlsx` wrote, for the
//! bundled plan (one year) or the three-year fixture, with generated
//! values in every value cell of every measure, row and part: kept, open
//! (an emptied cell, or the text "open"), whole numbers from 0 up to the
//! sources' bound, euros, breakdowns that add up to their total or not;
//! and, in a hostile case, what the sources cannot hold (negative numbers,
//! Dutch decimals, text, numbers beyond the bound, a value in a heading
//! row). It is written into the template's own sheet XML (`.xlsx`: style,
//! hidden ids, validation and protection stay as the tool made them) or as
//! the CSV a Dutch spreadsheet saves (`;`, `1.234`, `€ 1.234`, `12,00`),
//! and imported with the command. The outcome must be the one predicted:
//!
//! - refused: exit 1, the first offending cell named as the import checks
//!   them ("blad Resultaten, cel D6: ..." with a hint), the sources
//!   byte for byte as they were;
//! - imported: the sources, loaded as `check` loads them, hold exactly the
//!   generated values; every other value, table, key and comment of
//!   `resultaten.toml` is as it was, and only lines holding a changed value
//!   differ (and only in their numbers).
//!
//! It runs for `UITVOERINGSPLAN_FUZZ_SECONDS` (default: a few seconds, at
//! least a couple of dozen cases) from `UITVOERINGSPLAN_SHEET_SEED`
//! (default: a fixed one; printed either way).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use uitvoeringsplan::render::view::{ResultRow, plan_date, view};

use crate::support::*;

/// The sources' bound on counts and euros (`source::values::MAX_COUNT`).
const MAX: u64 = 1_000_000_000_000;

/// What a case puts in one value cell.
#[derive(Debug, Clone, PartialEq)]
enum Fill {
    /// A value the sources can hold: `None` is open (an empty cell, or the
    /// text "open" when `as_word`).
    Value { value: Option<u64>, as_word: bool },
    /// A negative whole number.
    Negative(u64),
    /// A number with a fraction: tenths.
    Fraction(u64),
    /// Text that is no number.
    Text(&'static str),
    /// A whole number beyond the bound.
    TooLarge(u64),
}

impl Fill {
    fn value(&self) -> Option<Option<u64>> {
        match self {
            Fill::Value { value, .. } => Some(*value),
            _ => None,
        }
    }
}

/// One setup: a copy of sources with its template.
struct Setup {
    name: &'static str,
    tmp: TempDir,
    /// `resultaten.toml` as it was.
    original: Vec<u8>,
    /// The template's sheet XML, its other zip entries, and its grid.
    sheet_xml: String,
    entries: Vec<(String, Vec<u8>)>,
    grid: Vec<Vec<Data>>,
    /// The figures of the view, in the sheet's order (row 4 on).
    figures: Vec<ResultRow>,
}

fn setup(name: &'static str, tmp: TempDir) -> Setup {
    let dir = tmp.path();
    run_ok(dir, &["build", "--sources", "sources", "--format", "xlsx"]);
    let path = fs::read_dir(dir.join("out"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().ends_with("-resultaten.xlsx"))
        .expect("the template");
    let bytes = fs::read(&path).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes.clone())).unwrap();
    let (mut sheet_xml, mut entries) = (String::new(), Vec::new());
    for i in 0..archive.len() {
        use std::io::Read;
        let mut e = archive.by_index(i).unwrap();
        let mut data = Vec::new();
        e.read_to_end(&mut data).unwrap();
        if e.name() == "xl/worksheets/sheet1.xml" {
            sheet_xml = String::from_utf8(data).unwrap();
        } else {
            entries.push((e.name().to_string(), data));
        }
    }
    assert!(!sheet_xml.is_empty(), "the template has its sheet");
    let mut book: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let grid = book
        .worksheet_range("Resultaten")
        .unwrap()
        .rows()
        .map(|r| r.to_vec())
        .collect();
    Setup {
        name,
        original: fs::read(dir.join("sources/resultaten.toml")).unwrap(),
        figures: figures(&dir.join("sources")),
        tmp,
        sheet_xml,
        entries,
        grid,
    }
}

/// The results figures of the sources in `dir`, as every renderer and the
/// template get them (loaded as `check` loads them).
fn figures(dir: &Path) -> Vec<ResultRow> {
    let (plan, report, _) = uitvoeringsplan::load_plan(dir, "sources");
    let plan = plan.unwrap_or_else(|| panic!("the sources load:\n{}", report.render()));
    let (date, from_sources) = plan_date(&plan);
    view(&plan, date, from_sources).results.figures
}

fn has_value(f: &ResultRow) -> bool {
    f.values.iter().any(|c| c.open || c.amount.is_some())
}

/// A generated case: per figure (in the sheet's order) a fill per year;
/// `None` leaves a heading row's cell empty.
type Case = Vec<Vec<Option<Fill>>>;

fn generate(rng: &mut Rng, figures: &[ResultRow], hostile: bool) -> Case {
    let years = figures.iter().map(|f| f.values.len()).max().unwrap_or(1);
    let mut case: Case = figures
        .iter()
        .map(|f| {
            (0..years)
                .map(|k| {
                    if !has_value(f) {
                        return (hostile && rng.one_in(40)).then(|| Fill::Value {
                            value: Some(rng.below(100) as u64),
                            as_word: false,
                        });
                    }
                    if hostile && rng.one_in(25) {
                        return Some(match rng.below(4) {
                            0 => Fill::Negative(1 + rng.below(1000) as u64),
                            1 => Fill::Fraction(
                                rng.below(10_000) as u64 * 10 + 1 + rng.below(9) as u64,
                            ),
                            2 => {
                                const TEXTS: [&str; 4] = ["ong. 40", "n.v.t.", "12 casussen", "?"];
                                Fill::Text(TEXTS[rng.below(TEXTS.len())])
                            }
                            _ => Fill::TooLarge(MAX + 1 + rng.below(1_000_000) as u64),
                        });
                    }
                    let old = f.values[k].amount;
                    let value = match rng.below(10) {
                        0..=2 => old,
                        3 | 4 => None,
                        5 => Some(0),
                        6 => Some(MAX - rng.below(3) as u64),
                        7 => Some(rng.next() % MAX),
                        _ => Some(rng.below(if f.euro { 100_000 } else { 300 }) as u64),
                    };
                    Some(Fill::Value {
                        value,
                        as_word: value.is_none() && rng.one_in(4),
                    })
                })
                .collect()
        })
        .collect();
    // Breakdowns: mostly consistent with their totals where all are known.
    for (t, total) in figures.iter().enumerate() {
        let parts: Vec<usize> = figures
            .iter()
            .enumerate()
            .filter(|(_, p)| p.sums_to.as_deref() == Some(total.id.as_str()))
            .map(|(i, _)| i)
            .collect();
        if parts.is_empty() {
            continue;
        }
        for k in 0..years {
            if rng.one_in(3) {
                continue;
            }
            // Parts small enough to add up within the bound.
            let mut sum = 0u64;
            for &p in &parts {
                if let Some(Some(Fill::Value { value: Some(v), .. })) = case[p].get_mut(k) {
                    *v %= MAX / parts.len() as u64;
                    sum += *v;
                }
            }
            if let Some(Some(Fill::Value { value, as_word })) = case[t].get_mut(k) {
                *value = Some(sum);
                *as_word = false;
            }
        }
    }
    case
}

/// The refusal the import must give for `case`: the first offending cell
/// (figures in order, years in order), then the first total its complete
/// breakdown does not add up to. `None`: the case is acceptable.
fn predicted(figures: &[ResultRow], case: &Case) -> Option<(String, &'static str)> {
    let cell = |i: usize, k: usize| format!("{}{}", (b'D' + k as u8) as char, 4 + i);
    for (i, (f, fills)) in figures.iter().zip(case).enumerate() {
        for (k, fill) in fills.iter().enumerate() {
            let why = match fill {
                None => continue,
                Some(_) if !has_value(f) => "heeft geen waarde",
                Some(Fill::Value { .. }) => continue,
                Some(Fill::Negative(_)) => "is negatief",
                Some(Fill::Fraction(_)) => "is geen heel getal",
                Some(Fill::Text(_)) => "",
                Some(Fill::TooLarge(_)) => "is groter dan",
            };
            return Some((cell(i, k), why));
        }
    }
    for (i, total) in figures.iter().enumerate() {
        let parts: Vec<usize> = figures
            .iter()
            .enumerate()
            .filter(|(_, p)| p.sums_to.as_deref() == Some(total.id.as_str()))
            .map(|(i, _)| i)
            .collect();
        if parts.is_empty() {
            continue;
        }
        for (k, fill) in case[i].iter().enumerate() {
            let Some(Some(Some(t))) = fill.as_ref().map(Fill::value) else {
                continue;
            };
            let sum: Option<u128> = parts
                .iter()
                .map(|&p| {
                    case[p][k]
                        .as_ref()
                        .and_then(Fill::value)
                        .flatten()
                        .map(u128::from)
                })
                .sum();
            if sum.is_some_and(|s| s != u128::from(t)) {
                return Some((cell(i, k), "telt op tot"));
            }
        }
    }
    None
}

/// The template's sheet XML with every fill in its cell (the cell keeps
/// its style; text as an inline string).
fn fill_xml(setup: &Setup, case: &Case) -> String {
    let mut xml = setup.sheet_xml.clone();
    for (i, fills) in case.iter().enumerate() {
        for (k, fill) in fills.iter().enumerate() {
            let Some(fill) = fill else { continue };
            let r = format!("{}{}", (b'D' + k as u8) as char, 4 + i);
            let start = xml
                .find(&format!("<c r=\"{r}\""))
                .unwrap_or_else(|| panic!("cell {r} in the template"));
            let open_end = start + xml[start..].find('>').unwrap();
            let end = if xml[..open_end].ends_with('/') {
                open_end + 1
            } else {
                start + xml[start..].find("</c>").unwrap() + 4
            };
            let style = xml[start..open_end]
                .split("s=\"")
                .nth(1)
                .and_then(|s| s.split('"').next())
                .map(|s| format!(" s=\"{s}\""))
                .unwrap_or_default();
            let number = |v: String| format!("<c r=\"{r}\"{style}><v>{v}</v></c>");
            let text =
                |t: &str| format!("<c r=\"{r}\"{style} t=\"inlineStr\"><is><t>{t}</t></is></c>");
            let cell = match fill {
                Fill::Value { value: Some(v), .. } => number(v.to_string()),
                Fill::Value {
                    value: None,
                    as_word: true,
                } => text("open"),
                Fill::Value { value: None, .. } => format!("<c r=\"{r}\"{style}/>"),
                Fill::Negative(v) => number(format!("-{v}")),
                Fill::Fraction(tenths) => number(format!("{}.{}", tenths / 10, tenths % 10)),
                Fill::Text(t) => text(t),
                Fill::TooLarge(v) => number(v.to_string()),
            };
            xml.replace_range(start..end, &cell);
        }
    }
    xml
}

fn xlsx(setup: &Setup, case: &Case) -> Vec<u8> {
    let mut entries = setup.entries.clone();
    entries.push((
        "xl/worksheets/sheet1.xml".to_string(),
        fill_xml(setup, case).into_bytes(),
    ));
    zip_of(entries)
}

/// `1234567` as `1.234.567`.
fn dutch(n: u64) -> String {
    crate::sheet::dutch(n)
}

/// The template as the CSV a Dutch spreadsheet saves, with the fills.
fn csv(rng: &mut Rng, setup: &Setup, case: &Case) -> Vec<u8> {
    let mut out = String::new();
    for (r, row) in setup.grid.iter().enumerate() {
        let cells: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(c, cell)| {
                let fill = (r >= 3 && c >= 3)
                    .then(|| case.get(r - 3).and_then(|f| f.get(c - 3)))
                    .flatten()
                    .cloned()
                    .flatten();
                let quoted = rng.one_in(2);
                let q = |s: String| {
                    if quoted {
                        format!("\"{}\"", s.replace('"', "\"\""))
                    } else {
                        s
                    }
                };
                match fill {
                    Some(Fill::Value { value: Some(v), .. }) => q(match rng.below(5) {
                        0 => v.to_string(),
                        1 => format!("€ {}", dutch(v)),
                        2 => format!("{},00", dutch(v)),
                        _ => dutch(v),
                    }),
                    Some(Fill::Value {
                        value: None,
                        as_word: true,
                    }) => q("open".into()),
                    Some(Fill::Value { value: None, .. }) => String::new(),
                    Some(Fill::Negative(v)) => q(format!("-{}", dutch(v))),
                    Some(Fill::Fraction(t)) => q(format!("{},{}", dutch(t / 10), t % 10)),
                    Some(Fill::Text(t)) => format!("\"{t}\""),
                    Some(Fill::TooLarge(v)) => q(dutch(v)),
                    None => match cell {
                        Data::Empty => String::new(),
                        Data::Float(f) => dutch(*f as u64),
                        other => format!("\"{}\"", other.to_string().replace('"', "\"\"")),
                    },
                }
            })
            .collect();
        out.push_str(&cells.join(";"));
        out.push_str("\r\n");
    }
    out.into_bytes()
}

/// The text of a TOML line outside its comment, with every number and the
/// word "open" as `#`: what a changed value may change of a line.
fn shape(line: &str) -> (String, String) {
    let (mut code, mut in_string) = (String::new(), false);
    for (i, c) in line.char_indices() {
        match c {
            '"' => in_string = !in_string,
            '#' if !in_string => return (code, line[i..].to_string()),
            _ => {}
        }
        code.push(c);
    }
    let code = code.replace("\"open\"", "#");
    let mut shaped = String::new();
    let mut in_number = false;
    for c in code.chars() {
        if c.is_ascii_digit() || (in_number && c == '_') {
            if !in_number {
                shaped.push('#');
            }
            in_number = true;
        } else {
            in_number = false;
            shaped.push(c);
        }
    }
    (shaped, String::new())
}

/// Two TOML documents the same except for values (integers or "open") at
/// a `waarde` key, a year of one, or a footnote's `waarden`: returns the
/// paths that differ otherwise.
fn other_differences(old: &toml::Value, new: &toml::Value, path: &str, out: &mut Vec<String>) {
    use toml::Value;
    let is_value = |v: &Value| matches!(v, Value::Integer(_)) || v.as_str() == Some("open");
    let value_place = path.contains(".waarde") || path.contains(".waarden.");
    match (old, new) {
        (Value::Table(a), Value::Table(b)) => {
            if a.keys().collect::<Vec<_>>() != b.keys().collect::<Vec<_>>() {
                out.push(format!("{path}: keys"));
                return;
            }
            for (k, v) in a {
                other_differences(v, &b[k], &format!("{path}.{k}"), out);
            }
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                other_differences(x, y, &format!("{path}[{i}]"), out);
            }
        }
        (a, b) if a == b => {}
        (a, b) if value_place && is_value(a) && is_value(b) => {}
        (a, b) => out.push(format!("{path}: {a} → {b}")),
    }
}

/// Imports `file` into the setup's sources and checks the outcome against
/// the prediction. Returns whether it was imported.
fn import_and_check(setup: &Setup, case: &Case, file: &str, bytes: &[u8], what: &str) -> bool {
    let dir = setup.tmp.path();
    let results = dir.join("sources/resultaten.toml");
    fs::write(&results, &setup.original).unwrap();
    fs::write(dir.join(file), bytes).unwrap();
    let before = snapshot(&dir.join("sources"));
    let out = run(dir, &["import", "--sources", "sources", file]);
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    let keep = || {
        let saved =
            std::env::temp_dir().join(format!("uitvoeringsplan-sheet-{}-{file}", setup.name));
        fs::write(&saved, bytes).unwrap();
        format!(
            "{what} ({}, {file} saved to {}):\nstdout:\n{stdout}\nstderr:\n{stderr}",
            setup.name,
            saved.display()
        )
    };
    if let Some((cell, why)) = predicted(&setup.figures, case) {
        assert_eq!(
            out.status.code(),
            Some(1),
            "refusal expected at {cell}: {}",
            keep()
        );
        let first = stderr
            .lines()
            .find(|l| l.starts_with("error: "))
            .unwrap_or("");
        let located = format!("error: blad Resultaten, cel {cell}: ");
        assert!(
            first.starts_with(&located) && first.contains(why),
            "expected `{located}…{why}…`: {}",
            keep()
        );
        assert!(stderr.contains("= hint: "), "a hint: {}", keep());
        assert_eq!(
            before,
            snapshot(&dir.join("sources")),
            "nothing written: {}",
            keep()
        );
        return false;
    }
    assert_eq!(out.status.code(), Some(0), "import expected: {}", keep());
    // The sources hold exactly the generated values.
    let got = figures(&dir.join("sources"));
    assert_eq!(got.len(), setup.figures.len(), "{}", keep());
    let mut changed = 0;
    for ((old, new), fills) in setup.figures.iter().zip(&got).zip(case) {
        assert_eq!(old.id, new.id, "{}", keep());
        for (k, fill) in fills.iter().enumerate() {
            let Some(Some(value)) = fill.as_ref().map(Fill::value) else {
                continue;
            };
            let cell = &new.values[k];
            assert_eq!(
                (cell.amount, cell.open),
                (value, value.is_none()),
                "{} year {k}: {}",
                new.id,
                keep()
            );
            changed += usize::from(old.values[k].amount != value);
        }
        if !has_value(old) {
            assert_eq!(old.values.len(), new.values.len(), "{}", keep());
        }
    }
    let old_text = String::from_utf8(setup.original.clone()).unwrap();
    let new_text = fs::read_to_string(&results).unwrap();
    if changed == 0 {
        assert!(stdout.contains("geen wijzigingen"), "{}", keep());
        assert_eq!(old_text, new_text, "{}", keep());
        return true;
    }
    // Everything else as it was: tables, keys, other values ...
    let mut others = Vec::new();
    other_differences(
        &old_text.parse::<toml::Value>().unwrap(),
        &new_text.parse::<toml::Value>().unwrap(),
        "",
        &mut others,
    );
    assert!(others.is_empty(), "{others:#?}: {}", keep());
    // ... and every line, comments included, but for the numbers in a
    // line that holds a changed value.
    assert_eq!(
        old_text.lines().count(),
        new_text.lines().count(),
        "{}",
        keep()
    );
    let differing: Vec<(&str, &str)> = old_text
        .lines()
        .zip(new_text.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert!(
        !differing.is_empty() && differing.len() <= changed,
        "{changed} values changed in {} lines: {}",
        differing.len(),
        keep()
    );
    for (a, b) in differing {
        assert_eq!(shape(a), shape(b), "only values change: {}", keep());
    }
    true
}

fn budget() -> Duration {
    let secs = std::env::var("UITVOERINGSPLAN_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
        .unwrap_or(4);
    Duration::from_secs(secs)
}

#[test]
fn an_imported_sheet_comes_back_exactly_or_is_refused() {
    let seed = std::env::var("UITVOERINGSPLAN_SHEET_SEED")
        .ok()
        .and_then(|s| u64::from_str_radix(s.trim_start_matches("0x"), 16).ok())
        .unwrap_or(0x5_4EE7);
    eprintln!("sheets: seed {seed:#x} (UITVOERINGSPLAN_SHEET_SEED to repeat)");
    let years = minimal_copy("sheet-property-years");
    fs::copy(
        fixtures().join("valid/results-years/sources/resultaten.toml"),
        years.path().join("sources/resultaten.toml"),
    )
    .unwrap();
    let setups = [
        setup("bundled", bundled_copy("sheet-property-bundled")),
        setup("years", years),
    ];
    let mut rng = Rng(seed);
    let (start, mut n) = (Instant::now(), 0usize);
    let mut tally: BTreeMap<&str, usize> = BTreeMap::new();
    while start.elapsed() < budget() || n < 24 {
        let setup = &setups[n % setups.len()];
        let hostile = rng.one_in(3);
        let case = generate(&mut rng, &setup.figures, hostile);
        let (file, bytes) = if (n / 2) % 2 == 0 {
            ("ingevuld.xlsx", xlsx(setup, &case))
        } else {
            ("ingevuld.csv", csv(&mut rng, setup, &case))
        };
        let what = format!("case {n} of seed {seed:#x}");
        let imported = import_and_check(setup, &case, file, &bytes, &what);
        *tally
            .entry(if imported { "imported" } else { "refused" })
            .or_default() += 1;
        n += 1;
    }
    let mut summary = String::new();
    for (k, v) in &tally {
        let _ = write!(summary, " {v} {k}");
    }
    eprintln!("sheets: {n} cases in {:.0?}:{summary}", start.elapsed());
    assert!(tally.get("imported").is_some_and(|&n| n > 0), "{summary}");
    assert!(tally.get("refused").is_some_and(|&n| n > 0), "{summary}");
}

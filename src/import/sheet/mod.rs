//! Reading a filled-in results spreadsheet (`build --format xlsx`, saved as
//! `.xlsx`, `.ods` or `.csv`) back into `resultaten.toml`: the sheet is read
//! into a grid (`read`), checked against the template's layout and the
//! sources' figures (by the id in the hidden column A), and every changed
//! value becomes an edit of its `waarde` (or of that year in its table),
//! written with toml_edit through `source::write`, so everything else in
//! the file, comments included, stays as it was. An emptied cell becomes
//! "open". Anything the import cannot place is an error naming the cell
//! ("blad Resultaten, cel D14: ..."), and nothing is written.

pub mod read;

use std::collections::{BTreeMap, BTreeSet};

use read::{Cell, Grid, Kind};

use crate::error::Error;
use crate::format;
use crate::render::view::{ResultRow, Results, SHEET, View};
use crate::render::xlsx::{
    self, DESCRIPTION_COL, FIRST_ROW, FIRST_YEAR_COL, FORMAT, ID_COL, column_name,
};
use crate::source::SourceSet;
use crate::source::types::ResultsFile;
use crate::source::values::{MAX_COUNT, MAX_EURO, OpenOr, Yearly};
use crate::source::write::{self, Edit, NewValue, Seg};

/// What importing a sheet would change.
#[derive(Debug, Default)]
pub struct Outcome {
    /// The results file (as shown).
    pub file: String,
    /// (what, old → new) for every changed value, in the sheet's order.
    pub changes: Vec<(String, String)>,
    /// The new text of the results file (when anything changed).
    pub new_text: Option<String>,
}

/// A refusal about a cell: "blad Resultaten, cel D14: ...".
fn at(row: u32, col: u32, message: impl AsRef<str>, hint: impl Into<String>) -> Error {
    Error::input(format!(
        "blad {}, cel {}{}: {}",
        SHEET.sheet,
        column_name(col as u16),
        row + 1,
        message.as_ref()
    ))
    .with_hint(hint)
}

fn refuse(message: impl Into<String>, hint: impl Into<String>) -> Error {
    Error::input(message).with_hint(hint)
}

/// Works out what importing the sheet in `bytes` would change.
pub fn plan_import(
    bytes: &[u8],
    kind: Kind,
    set: &SourceSet,
    view: &View,
    force: bool,
) -> Result<Outcome, Error> {
    let loaded = set.results.as_ref().ok_or_else(|| {
        refuse(
            "de bronnen hebben geen resultaten.toml",
            "een resultatenblad hoort bij de bijlage met resultaten",
        )
    })?;
    let text = set.texts.get(&loaded.file).map_or("", String::as_str);
    let grid = read::read(bytes, kind).map_err(|e| {
        refuse(
            e,
            "lees het resultatenblad in zoals `uitvoeringsplan build --format xlsx` het maakte (ingevuld en opgeslagen als .xlsx, .ods of .csv)",
        )
    })?;
    check_marker(&grid, text, force)?;
    let r = &view.results;
    check_heads(&grid, r)?;
    check_merged(&grid)?;
    let rows = match_rows(&grid, r)?;
    let years = r.years.len();
    // The values as the sheet gives them, per figure and year.
    let mut new: BTreeMap<&str, Vec<OpenOr<u64>>> = BTreeMap::new();
    for (figure, &row) in r.figures.iter().zip(&rows) {
        let with_value = xlsx::has_value(figure);
        let mut values = Vec::with_capacity(years);
        for k in 0..years {
            let col = u32::from(FIRST_YEAR_COL) + k as u32;
            let cell = grid.get(row, col);
            if !with_value {
                if *cell != Cell::Empty {
                    return Err(at(
                        row,
                        col,
                        "deze regel is een kop en heeft geen waarde",
                        "laat de cel leeg; de cijfers horen in de regels eronder",
                    ));
                }
                continue;
            }
            values.push(value(cell, row, col, figure.euro, kind)?);
        }
        if with_value {
            new.insert(figure.id.as_str(), values);
        }
    }
    check_breakdowns(r, &rows, &new)?;
    let mut outcome = Outcome {
        file: loaded.file.clone(),
        ..Outcome::default()
    };
    let paths = paths(&loaded.data);
    let mut edits = Vec::new();
    for figure in &r.figures {
        let Some(values) = new.get(figure.id.as_str()) else {
            continue;
        };
        for (k, v) in values.iter().enumerate() {
            let cell = &figure.values[k];
            let old = match cell.amount {
                Some(n) => OpenOr::Known(n),
                None => OpenOr::Open,
            };
            if old == *v {
                continue;
            }
            let (path, per_year) = paths.get(figure.id.as_str()).ok_or_else(|| {
                refuse(
                    format!(
                        "{} `{}` is niet in resultaten.toml gevonden",
                        noun(figure),
                        figure.id
                    ),
                    "",
                )
            })?;
            let mut path = path.clone();
            if *per_year {
                path.push(Seg::Key(r.years[k].clone()));
            }
            edits.push(Edit {
                path,
                value: match v {
                    OpenOr::Known(n) => NewValue::Integer(i64::try_from(*n).unwrap_or(i64::MAX)),
                    OpenOr::Open => NewValue::Open,
                },
            });
            let year = if years > 1 {
                format!(" ({})", r.years[k])
            } else {
                String::new()
            };
            outcome.changes.push((
                format!("{} {}{year}", figure.id, short(&figure.description)),
                format!("{} → {}", shown(&old, figure.euro), shown(v, figure.euro)),
            ));
        }
    }
    if !edits.is_empty() {
        let new_text = write::apply_keeping_form(text, &edits, &|a: &str, b: &str| a == b)
            .map_err(|e| refuse(format!("kan resultaten.toml niet bijwerken: {e}"), ""))?;
        outcome.new_text = Some(new_text);
    }
    Ok(outcome)
}

/// Cell A1: the template's format and the fingerprint of the sources it was
/// made from; older sources than the current ones are refused without
/// `--force`.
fn check_marker(grid: &Grid, text: &str, force: bool) -> Result<(), Error> {
    let marker = grid.text(0, u32::from(ID_COL));
    let Some(fingerprint) = marker.strip_prefix(FORMAT).map(str::trim) else {
        return Err(at(
            0,
            u32::from(ID_COL),
            "dit is geen resultatenblad van uitvoeringsplan (de verborgen kolom A is leeg of gewijzigd)",
            "maak het blad met `uitvoeringsplan build --format xlsx`, vul het in en lees het dan in",
        ));
    };
    if fingerprint != crate::source::fingerprint(&[text]) && !force {
        return Err(refuse(
            "het resultatenblad is gemaakt van een andere versie van resultaten.toml dan die er nu staat",
            "maak een nieuw blad (`uitvoeringsplan build --format xlsx`) en neem de cijfers daarin over; of lees het toch in met --force (elke waarde die het blad anders heeft, komt dan in de bronnen)",
        ));
    }
    Ok(())
}

/// Row 3: the description's head and a column per year, in order.
fn check_heads(grid: &Grid, r: &Results) -> Result<(), Error> {
    let head = FIRST_ROW - 1;
    let hint = "zet de kolommen terug zoals in het blad dat `uitvoeringsplan build --format xlsx` maakte: verplaats of voeg geen kolommen in";
    let found = grid.text(head, u32::from(DESCRIPTION_COL));
    if found != r.header[0] {
        return Err(at(
            head,
            u32::from(DESCRIPTION_COL),
            format!(
                "hier hoort de kolom \"{}\", maar er staat \"{found}\"",
                r.header[0]
            ),
            hint,
        ));
    }
    for (k, year) in r.years.iter().enumerate() {
        let col = u32::from(FIRST_YEAR_COL) + k as u32;
        let found = grid.text(head, col);
        if found != *year {
            return Err(at(
                head,
                col,
                format!("hier hoort de kolom {year}, maar er staat \"{found}\""),
                hint,
            ));
        }
    }
    // Nothing right of the last year, in any row.
    let beyond = u32::from(FIRST_YEAR_COL) + r.years.len() as u32;
    if let Some(((row, col), _)) = grid
        .cells
        .iter()
        .find(|((row, col), _)| *col >= beyond && *row >= head)
    {
        return Err(at(
            *row,
            *col,
            "het blad heeft hier een kolom die niet in het resultatenblad hoort",
            hint,
        ));
    }
    Ok(())
}

fn check_merged(grid: &Grid) -> Result<(), Error> {
    if let Some(&(r1, c1, r2, c2)) = grid.merged.iter().find(|m| m.2 >= FIRST_ROW - 1) {
        return Err(at(
            r1,
            c1,
            format!(
                "samengevoegde cellen ({}{}:{}{})",
                column_name(c1 as u16),
                r1 + 1,
                column_name(c2 as u16),
                r2 + 1
            ),
            "maak het samenvoegen ongedaan: elke waarde hoort in een eigen cel",
        ));
    }
    Ok(())
}

/// The sheet's row of every figure, found by the id in column A; a row
/// with an unknown id, a row without one and a figure without a row are
/// errors.
fn match_rows(grid: &Grid, r: &Results) -> Result<Vec<u32>, Error> {
    let ids: BTreeMap<&str, usize> = r
        .figures
        .iter()
        .enumerate()
        .map(|(i, f)| (f.id.as_str(), i))
        .collect();
    let mut rows = vec![None; r.figures.len()];
    let id_col = u32::from(ID_COL);
    let mut filled: BTreeSet<u32> = grid
        .cells
        .keys()
        .filter(|(row, _)| *row >= FIRST_ROW)
        .map(|(row, _)| *row)
        .collect();
    for row in std::mem::take(&mut filled) {
        let id = grid.text(row, id_col);
        if id.is_empty() {
            return Err(at(
                row,
                id_col,
                "deze rij heeft geen kenmerk in de verborgen kolom A: is ze ingevoegd?",
                "zet de cijfers in de bestaande rijen; een nieuwe maat of regel komt eerst in resultaten.toml",
            ));
        }
        match ids.get(id.as_str()) {
            Some(&i) if rows[i].is_some() => {
                return Err(at(
                    row,
                    id_col,
                    format!("maat of regel `{id}` staat twee keer in het blad"),
                    "verwijder de gekopieerde rij",
                ));
            }
            Some(&i) => rows[i] = Some(row),
            None => {
                return Err(at(
                    row,
                    id_col,
                    format!("onbekende maat of regel `{id}`"),
                    "het blad hoort bij andere bronnen: maak een nieuw blad met `uitvoeringsplan build --format xlsx`",
                ));
            }
        }
    }
    r.figures
        .iter()
        .zip(rows)
        .map(|(f, row)| {
            row.ok_or_else(|| {
                let what = if f.description.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", short(&f.description))
                };
                refuse(
                    format!(
                        "blad {}: {} `{}`{what} ontbreekt",
                        SHEET.sheet,
                        noun(f),
                        f.id,
                    ),
                    "verwijder geen rijen; laat een cel leeg als het cijfer nog niet bekend is",
                )
            })
        })
        .collect()
}

fn noun(f: &ResultRow) -> &'static str {
    match f.level {
        0 if f.euro && f.id.starts_with("voetnoot") => "voetnootbedrag",
        0 => "maat",
        1 => "regel",
        _ => "deel",
    }
}

/// A cell's value: empty is open; a whole number within bounds; in a CSV
/// (where every cell is text) also a Dutch number such as `1.234` or
/// `€ 1.234`.
fn value(cell: &Cell, row: u32, col: u32, euro: bool, kind: Kind) -> Result<OpenOr<u64>, Error> {
    let whole_hint = if euro {
        "vul een bedrag in hele euro's in (0 of meer), of maak de cel leeg als het nog niet bekend is"
    } else {
        "vul een heel getal in (0 of meer), of maak de cel leeg als het cijfer nog niet bekend is"
    };
    let number = match cell {
        Cell::Empty => return Ok(OpenOr::Open),
        Cell::Error(e) => {
            return Err(at(
                row,
                col,
                format!("de formule geeft een fout ({e})"),
                "vul het getal zelf in, of herstel de formule",
            ));
        }
        Cell::Number(n) => *n,
        Cell::Text(t) if kind == Kind::Csv || t.trim() == format::OPEN || t.trim() == "open" => {
            let t = t.trim();
            if t == format::OPEN || t == "open" {
                return Ok(OpenOr::Open);
            }
            match dutch_number(t) {
                Some(n) => n,
                None => {
                    return Err(at(row, col, format!("\"{t}\" is geen getal"), whole_hint));
                }
            }
        }
        Cell::Text(t) => {
            return Err(at(
                row,
                col,
                format!(
                    "hier hoort een getal, maar er staat tekst (\"{}\")",
                    t.trim()
                ),
                whole_hint,
            ));
        }
    };
    let max = if euro { MAX_EURO } else { MAX_COUNT };
    if number.fract() != 0.0 || !number.is_finite() {
        return Err(at(
            row,
            col,
            format!(
                "{} is geen heel getal",
                number.to_string().replace('.', ",")
            ),
            whole_hint,
        ));
    }
    if number < 0.0 {
        return Err(at(
            row,
            col,
            format!("{} is negatief", number.to_string().replace('.', ",")),
            whole_hint,
        ));
    }
    if number > max as f64 {
        return Err(at(
            row,
            col,
            format!("{number} is groter dan {}", format::thousands(max as u64)),
            "controleer het getal",
        ));
    }
    Ok(OpenOr::Known(number as u64))
}

/// `1.234`, `1234`, `€ 1.234`, `12,00`, `-5` as a number; `12,5` as 12.5
/// (which is then refused as not whole).
fn dutch_number(t: &str) -> Option<f64> {
    let t = t.trim_start_matches('€').trim();
    let t: String = t.chars().filter(|c| !c.is_whitespace()).collect();
    let (whole, frac) = match t.split_once(',') {
        Some((w, f)) => (w.to_string(), f.to_string()),
        None => (t.clone(), String::new()),
    };
    let (sign, whole) = match whole.strip_prefix('-') {
        Some(w) => ("-", w.to_string()),
        None => ("", whole),
    };
    // Thousands separated by dots: groups of three.
    let groups: Vec<&str> = whole.split('.').collect();
    if groups.is_empty()
        || groups[0].is_empty()
        || !groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit()))
        || groups[1..].iter().any(|g| g.len() != 3)
        || !frac.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let digits = groups.concat();
    let frac = if frac.is_empty() {
        String::new()
    } else {
        format!(".{frac}")
    };
    format!("{sign}{digits}{frac}").parse().ok()
}

/// Every breakdown adds up to its total in each year where all are known,
/// as `check` requires; the error names the total's cell.
fn check_breakdowns(
    r: &Results,
    rows: &[u32],
    new: &BTreeMap<&str, Vec<OpenOr<u64>>>,
) -> Result<(), Error> {
    for (figure, &row) in r.figures.iter().zip(rows) {
        let parts: Vec<&Vec<OpenOr<u64>>> = r
            .figures
            .iter()
            .filter(|f| f.sums_to.as_deref() == Some(figure.id.as_str()))
            .filter_map(|f| new.get(f.id.as_str()))
            .collect();
        let Some(totals) = new.get(figure.id.as_str()) else {
            continue;
        };
        if parts.is_empty() {
            continue;
        }
        for (k, total) in totals.iter().enumerate() {
            let OpenOr::Known(total) = *total else {
                continue;
            };
            let sum: Option<u128> = parts
                .iter()
                .map(|p| p[k].known().map(|&v| u128::from(v)))
                .sum();
            if let Some(sum) = sum
                && sum != u128::from(total)
            {
                return Err(at(
                    row,
                    u32::from(FIRST_YEAR_COL) + k as u32,
                    format!(
                        "de uitsplitsing eronder telt op tot {}, maar de waarde is {}",
                        format::thousands(u64::try_from(sum).unwrap_or(u64::MAX)),
                        format::thousands(total)
                    ),
                    "pas de uitsplitsing of de waarde aan",
                ));
            }
        }
    }
    Ok(())
}

/// Where each figure's value is in `resultaten.toml`, and whether it is a
/// table per year there (then the year is the last key).
fn paths(file: &ResultsFile) -> BTreeMap<String, (Vec<Seg>, bool)> {
    let key = |s: &str| Seg::Key(s.to_string());
    fn per_year<T>(v: &Yearly<T>) -> bool {
        matches!(v, Yearly::PerYear(_))
    }
    let mut out = BTreeMap::new();
    for (i, m) in file.measures.iter().enumerate() {
        let id = m.number.get_ref().to_string();
        let base = vec![key("maat"), Seg::Index(i)];
        if let Some(v) = &m.value {
            let mut p = base.clone();
            p.push(key("waarde"));
            out.insert(id.clone(), (p, per_year(v.get_ref())));
        }
        for (j, row) in m.rows.iter().enumerate() {
            let row_id = match &row.label {
                Some(l) => format!("{id}{}", l.get_ref()),
                None => format!("{id}.{}", j + 1),
            };
            let mut row_base = base.clone();
            row_base.extend([key("regel"), Seg::Index(j)]);
            if let Some(v) = &row.value {
                let mut p = row_base.clone();
                p.push(key("waarde"));
                out.insert(row_id.clone(), (p, per_year(v.get_ref())));
            }
            let parts = row
                .breakdown
                .iter()
                .enumerate()
                .map(|(k, p)| ("uitsplitsing", k, p))
                .chain(row.parts.iter().enumerate().map(|(k, p)| ("deel", k, p)));
            for (n, (list, k, part)) in parts.enumerate() {
                let mut p = row_base.clone();
                p.extend([key(list), Seg::Index(k), key("waarde")]);
                out.insert(
                    format!("{row_id}.{}", n + 1),
                    (p, per_year(part.value.get_ref())),
                );
            }
        }
    }
    for (f, note) in file.footnotes.iter().enumerate() {
        for (name, v) in &note.values {
            out.insert(
                format!("voetnoot{}.{name}", f + 1),
                (
                    vec![key("voetnoot"), Seg::Index(f), key("waarden"), key(name)],
                    per_year(v.get_ref()),
                ),
            );
        }
    }
    out
}

fn shown(v: &OpenOr<u64>, euro: bool) -> String {
    match v {
        OpenOr::Open => "open".to_string(),
        OpenOr::Known(n) if euro => {
            format::euro(crate::model::Euro(i64::try_from(*n).unwrap_or(i64::MAX)))
        }
        OpenOr::Known(n) => format::thousands(*n),
    }
}

fn short(s: &str) -> String {
    const MAX: usize = 50;
    if s.chars().count() <= MAX {
        return s.to_string();
    }
    let cut: String = s.chars().take(MAX).collect();
    format!("{cut}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dutch_numbers_read_with_thousands_and_decimals() {
        assert_eq!(dutch_number("1.234"), Some(1234.0));
        assert_eq!(dutch_number("1234"), Some(1234.0));
        assert_eq!(dutch_number("€ 1.234"), Some(1234.0));
        assert_eq!(dutch_number("12,00"), Some(12.0));
        assert_eq!(dutch_number("12,5"), Some(12.5));
        assert_eq!(dutch_number("-5"), Some(-5.0));
        assert_eq!(dutch_number("1.23"), None);
        assert_eq!(dutch_number("ong. 40"), None);
        assert_eq!(dutch_number(""), None);
    }
}

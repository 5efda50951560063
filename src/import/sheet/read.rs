//! Reading a results spreadsheet into a plain grid of cells: an `.xlsx` or
//! `.ods` (with `calamine`, after the zip has been opened under the limits of
//! `import::package` and the sheet's size and merged cells looked at in its
//! XML), or a `.csv` with `;` between the cells. Every position is absolute
//! (row 0 is the sheet's row 1), so a message can name the cell.

use std::collections::BTreeMap;
use std::io::Cursor;

use calamine::{Data, Ods, Reader, Xlsx, open_workbook_from_rs};

use crate::import::package;
use crate::render::view::SHEET;

/// Most rows and columns a results sheet may use (the template has a row
/// per figure and a column per year).
pub const MAX_ROWS: u32 = 10_000;
pub const MAX_COLS: u32 = 100;

/// A cell as read.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Number(f64),
    Text(String),
    /// A formula error, such as `#DIV/0!`.
    Error(String),
}

/// The sheet "Resultaten": its cells by (row, column), and its merged ranges
/// (first row, first column, last row, last column).
#[derive(Debug, Default)]
pub struct Grid {
    pub cells: BTreeMap<(u32, u32), Cell>,
    pub merged: Vec<(u32, u32, u32, u32)>,
}

impl Grid {
    pub fn get(&self, row: u32, col: u32) -> &Cell {
        self.cells.get(&(row, col)).unwrap_or(&Cell::Empty)
    }

    /// The cell's text (a number as written), for ids and heads.
    pub fn text(&self, row: u32, col: u32) -> String {
        match self.get(row, col) {
            Cell::Empty => String::new(),
            Cell::Number(n) => format!("{n}"),
            Cell::Text(t) => t.trim().to_string(),
            Cell::Error(e) => e.clone(),
        }
    }

    /// The last row with something in it.
    pub fn last_row(&self) -> u32 {
        self.cells.keys().map(|(r, _)| *r).max().unwrap_or(0)
    }
}

/// The kinds of file the import reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Xlsx,
    Ods,
    Csv,
}

impl Kind {
    /// The kind a file name says, by its extension.
    pub fn of(name: &str) -> Option<Kind> {
        let lower = name.to_ascii_lowercase();
        [
            (".xlsx", Kind::Xlsx),
            (".ods", Kind::Ods),
            (".csv", Kind::Csv),
        ]
        .into_iter()
        .find(|(ext, _)| lower.ends_with(ext))
        .map(|(_, k)| k)
    }
}

/// Reads the sheet "Resultaten" of `bytes`.
pub fn read(bytes: &[u8], kind: Kind) -> Result<Grid, String> {
    match kind {
        Kind::Csv => csv(bytes),
        Kind::Xlsx | Kind::Ods => workbook(bytes, kind),
    }
}

fn workbook(bytes: &[u8], kind: Kind) -> Result<Grid, String> {
    if !bytes.starts_with(b"PK\x03\x04") {
        return Err(
            "dit is geen spreadsheet (geen zip-archief, zoals .xlsx en .ods dat zijn)".into(),
        );
    }
    // The zip under the DOCX import's limits (size, entries, zip bomb, XML
    // without DOCTYPE or entities, bounded nesting) before calamine sees it.
    let parts = package::open(bytes)?;
    let mut merged = Vec::new();
    for (name, data) in &parts.parts {
        let sheet_part = match kind {
            Kind::Xlsx => name.starts_with("xl/worksheets/") && name.ends_with(".xml"),
            _ => name == "content.xml",
        };
        if sheet_part {
            merged.extend(scan(data, kind)?);
        }
    }
    let cursor = Cursor::new(bytes.to_vec());
    let (range, merged) = match kind {
        Kind::Xlsx => {
            let mut book: Xlsx<_> = open_workbook_from_rs(cursor)
                .map_err(|e| format!("het bestand is geen leesbaar .xlsx-bestand ({e})"))?;
            let range = sheet_range(&mut book)?;
            let merged = book
                .merge_cells_by_sheet_name(SHEET.sheet)
                .map_err(|e| format!("blad {} is niet te lezen ({e})", SHEET.sheet))?
                .into_iter()
                .map(|d| (d.start.0, d.start.1, d.end.0, d.end.1))
                .collect();
            (range, merged)
        }
        _ => {
            let mut book: Ods<_> = open_workbook_from_rs(cursor)
                .map_err(|e| format!("het bestand is geen leesbaar .ods-bestand ({e})"))?;
            (sheet_range(&mut book)?, merged)
        }
    };
    let mut grid = Grid {
        merged,
        ..Grid::default()
    };
    if let Some((rows, cols)) = range.end()
        && (rows >= MAX_ROWS || cols >= MAX_COLS)
    {
        return Err(too_large());
    }
    for (row, col, data) in range.used_cells() {
        let start = range.start().unwrap_or((0, 0));
        let at = (start.0 + row as u32, start.1 + col as u32);
        let cell = match data {
            Data::Empty => continue,
            Data::Int(n) => Cell::Number(*n as f64),
            Data::Float(f) => Cell::Number(*f),
            Data::String(s) if s.trim().is_empty() => continue,
            Data::String(s) => Cell::Text(s.clone()),
            Data::Bool(b) => Cell::Text(if *b { "WAAR" } else { "ONWAAR" }.into()),
            Data::DateTime(d) => Cell::Text(format!("datum {d}")),
            Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.clone()),
            Data::Error(e) => Cell::Error(e.to_string()),
        };
        grid.cells.insert(at, cell);
    }
    Ok(grid)
}

fn sheet_range<R: Reader<Cursor<Vec<u8>>>>(book: &mut R) -> Result<calamine::Range<Data>, String>
where
    R::Error: std::fmt::Display,
{
    if !book.sheet_names().iter().any(|n| n == SHEET.sheet) {
        return Err(format!(
            "het bestand heeft geen blad {}; de bladen heten: {}",
            SHEET.sheet,
            book.sheet_names().join(", ")
        ));
    }
    book.worksheet_range(SHEET.sheet)
        .map_err(|e| format!("blad {} is niet te lezen ({e})", SHEET.sheet))
}

fn too_large() -> String {
    format!(
        "blad {} is te groot (hoogstens {MAX_ROWS} rijen en {MAX_COLS} kolommen); zo'n bestand wordt niet gelezen",
        SHEET.sheet
    )
}

/// Looks at a sheet's XML before calamine builds its grid: a cell far out
/// (`r="XFD1048576"`) or a repeated row or cell with a value beyond the
/// bounds would make a huge grid. Returns the merged ranges an ODS sheet
/// declares (calamine reads those of an XLSX itself).
fn scan(data: &[u8], kind: Kind) -> Result<Vec<(u32, u32, u32, u32)>, String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_reader(data);
    let mut merged = Vec::new();
    let (mut row, mut col) = (0u32, 0u32);
    let mut row_repeat = 1u32;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("het blad is geen geldige XML ({e})"))?;
        let e = match &event {
            Event::Start(e) | Event::Empty(e) => e,
            Event::End(end) if kind == Kind::Ods && end.local_name().as_ref() == b"table-row" => {
                row = row.saturating_add(row_repeat);
                row_repeat = 1;
                continue;
            }
            Event::Eof => return Ok(merged),
            _ => continue,
        };
        let attr = |name: &[u8]| -> Option<String> {
            e.attributes()
                .flatten()
                .find(|a| a.key.as_ref() == name)
                .and_then(|a| String::from_utf8(a.value.to_vec()).ok())
        };
        let number = |name: &[u8]| attr(name).and_then(|v| v.parse::<u32>().ok());
        match (kind, e.local_name().as_ref()) {
            (Kind::Xlsx, b"c") => {
                if let Some((r, c)) = attr(b"r").and_then(|r| cell_ref(&r))
                    && (r >= MAX_ROWS || c >= MAX_COLS)
                {
                    return Err(too_large());
                }
            }
            (Kind::Ods, b"table") => (row, col) = (0, 0),
            (Kind::Ods, b"table-row") => {
                row_repeat = number(b"table:number-rows-repeated").unwrap_or(1);
                col = 0;
                if matches!(event, Event::Empty(_)) {
                    row = row.saturating_add(row_repeat);
                    row_repeat = 1;
                }
            }
            (Kind::Ods, b"table-cell" | b"covered-table-cell") => {
                let repeat = number(b"table:number-columns-repeated").unwrap_or(1);
                let valued = attr(b"office:value-type").is_some();
                if valued
                    && (row.saturating_add(row_repeat) > MAX_ROWS
                        || col.saturating_add(repeat) > MAX_COLS)
                {
                    return Err(too_large());
                }
                let rows = number(b"table:number-rows-spanned").unwrap_or(1);
                let cols = number(b"table:number-columns-spanned").unwrap_or(1);
                if rows > 1 || cols > 1 {
                    merged.push((
                        row,
                        col,
                        row.saturating_add(rows - 1),
                        col.saturating_add(cols - 1),
                    ));
                }
                col = col.saturating_add(repeat);
            }
            _ => {}
        }
    }
}

/// `D14` as (row 13, column 3).
pub fn cell_ref(r: &str) -> Option<(u32, u32)> {
    let split = r.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = r.split_at(split);
    if letters.is_empty() || letters.len() > 3 {
        return None;
    }
    let col = letters.bytes().try_fold(0u32, |n, b| {
        b.is_ascii_uppercase()
            .then(|| n * 26 + u32::from(b - b'A' + 1))
    })?;
    let row: u32 = digits.parse().ok()?;
    Some((row.checked_sub(1)?, col.checked_sub(1)?))
}

/// A CSV with `;` between cells (as a Dutch spreadsheet saves it), UTF-8
/// with or without a byte order mark; a field in double quotes may hold `;`,
/// line breaks and doubled quotes. Every cell is text (the import reads
/// Dutch numbers from it).
fn csv(bytes: &[u8]) -> Result<Grid, String> {
    if bytes.len() as u64 > package::MAX_FILE_BYTES {
        return Err("het bestand is te groot".into());
    }
    let text = std::str::from_utf8(bytes)
        .map_err(|_| "het CSV-bestand is geen UTF-8: sla het op als \"CSV UTF-8\"".to_string())?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut grid = Grid::default();
    let (mut row, mut col) = (0u32, 0u32);
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    let push = |grid: &mut Grid, row: u32, col: u32, field: &mut String| -> Result<(), String> {
        if row >= MAX_ROWS || col >= MAX_COLS {
            return Err(too_large());
        }
        let value = std::mem::take(field);
        if !value.trim().is_empty() {
            grid.cells.insert((row, col), Cell::Text(value));
        }
        Ok(())
    };
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') if field.is_empty() => quoted = true,
            (false, ';') => {
                push(&mut grid, row, col, &mut field)?;
                col += 1;
            }
            (false, '\r') if chars.peek() == Some(&'\n') => {}
            (false, '\n' | '\r') => {
                push(&mut grid, row, col, &mut field)?;
                row += 1;
                col = 0;
            }
            (false, c) => field.push(c),
        }
    }
    if quoted {
        return Err(format!(
            "het CSV-bestand eindigt in een veld tussen aanhalingstekens (rij {})",
            row + 1
        ));
    }
    push(&mut grid, row, col, &mut field)?;
    Ok(grid)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_references_read_as_positions() {
        assert_eq!(cell_ref("A1"), Some((0, 0)));
        assert_eq!(cell_ref("D14"), Some((13, 3)));
        assert_eq!(cell_ref("AA3"), Some((2, 26)));
        assert_eq!(cell_ref("XFD1048576"), Some((1_048_575, 16_383)));
        assert_eq!(cell_ref("1A"), None);
    }

    #[test]
    fn csv_reads_quotes_semicolons_and_line_ends() {
        let g = csv("\u{feff}a;\"b;c\";\"d \"\"e\"\"\"\r\n;1.234\n".as_bytes()).unwrap();
        assert_eq!(g.text(0, 0), "a");
        assert_eq!(g.text(0, 1), "b;c");
        assert_eq!(g.text(0, 2), "d \"e\"");
        assert_eq!(g.get(1, 0), &Cell::Empty);
        assert_eq!(g.text(1, 1), "1.234");
    }
}

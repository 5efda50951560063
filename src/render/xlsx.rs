//! The results spreadsheet (`build --format xlsx`): the appendix's figures
//! as a template to fill in, one sheet "Resultaten" written with
//! `rust_xlsxwriter`, for the import to read back.
//!
//! Layout (the import relies on it; `FORMAT` names its version):
//! - row 1: the title; row 2: a short instruction; row 3: the column heads;
//!   from row 4 one row per figure of `view::Results::figures`;
//! - column A (hidden, locked): the figure's id (`model::Measure::id`), and
//!   in A1 the template's marker: `FORMAT` and the fingerprint of
//!   `resultaten.toml` it was made from (also a document property), so the
//!   import can refuse a template older than the sources;
//! - column B: number, label or footnote sign; column C: the description,
//!   indented by level; from column D one column per year.
//!
//! Value cells are unlocked and validated (whole numbers ≥ 0; counts with
//! Dutch thousands, euros as `€ 1.234`); open values are empty cells; every
//! other cell is locked (the sheet is protected without a password, so an
//! editor who really must can lift it). There are no computed cells: the
//! sources state a total and its breakdown both (a total may be known while
//! its breakdown is not), so a total is an input whose validation checks it
//! against a complete breakdown, as `check` does. Same view, same bytes:
//! the creation date is the plan's date, never the clock.
//!
//! The colours are the house style's (`huisstijl.toml`, a designer's with
//! `--layouts`, as the DOCX and the web edition read it): the title in
//! `primair`, the heads and the locked cells on `licht` with a line in
//! `lijn`, and an open value's cell on `open`, as in a section DOCX.

use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, DataValidationRule, DocProperties,
    ExcelDateTime, Format, FormatAlign, FormatBorder, Formula, ProtectionOptions, Workbook,
    XlsxError,
};

use super::docx::House;
use super::docx::styles::rgb;
use super::view::{ResultRow, Results, SHEET};

/// The template's layout version, in its marker cell.
pub const FORMAT: &str = "uitvoeringsplan-resultaten 1";
/// The document property that holds the fingerprint of `resultaten.toml`.
pub const FINGERPRINT_PROPERTY: &str = "uitvoeringsplan-bron";
/// The first row of figures (0-based: row 4 of the sheet).
pub const FIRST_ROW: u32 = 3;
/// The columns: hidden id, number, description, then the years.
pub const ID_COL: u16 = 0;
pub const NUMBER_COL: u16 = 1;
pub const DESCRIPTION_COL: u16 = 2;
pub const FIRST_YEAR_COL: u16 = 3;

/// The largest whole number the sheet's validation accepts (Excel's whole
/// number validation is 32-bit); the import checks the sources' own bounds.
const MAX_WHOLE: i32 = i32::MAX;

/// The marker in cell A1: the format and the fingerprint of the sources.
pub fn marker(fingerprint: &str) -> String {
    format!("{FORMAT} {fingerprint}")
}

/// The spreadsheet of `results`, made from sources with this fingerprint,
/// dated `date` (the plan's date), in the colours of `house`.
pub fn render(
    results: &Results,
    fingerprint: &str,
    date: chrono::NaiveDate,
    house: &House,
) -> Result<Vec<u8>, String> {
    build(results, fingerprint, date, house).map_err(|e| format!("het resultatenblad: {e}"))
}

/// A colour of the house style (checked as `#RRGGBB` when it was read).
fn colour(value: &str) -> Color {
    Color::RGB(rgb(value).unwrap_or(0))
}

fn build(
    results: &Results,
    fingerprint: &str,
    date: chrono::NaiveDate,
    house: &House,
) -> Result<Vec<u8>, XlsxError> {
    use chrono::Datelike;
    let mut book = Workbook::new();
    let created = ExcelDateTime::from_ymd(
        u16::try_from(date.year()).unwrap_or(2000),
        date.month() as u8,
        date.day() as u8,
    )?;
    book.set_properties(
        &DocProperties::new()
            .set_title(&results.title)
            .set_creation_datetime(&created)
            .set_custom_property(FINGERPRINT_PROPERTY, fingerprint),
    );
    let sheet = book.add_worksheet();
    sheet.set_name(SHEET.sheet)?;
    // Printed, the sheet is one page wide: the year columns stay beside
    // their measures.
    sheet.set_print_fit_to_pages(1, 0);

    let k = &house.kleur;
    let title = Format::new()
        .set_bold()
        .set_font_size(13)
        .set_font_color(colour(&k.primair));
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let head = Format::new()
        .set_bold()
        .set_background_color(colour(&k.licht))
        .set_border_bottom(FormatBorder::Thin)
        .set_border_bottom_color(colour(&k.lijn));
    let head_year = head.clone().set_align(FormatAlign::Right);
    let locked = Format::new().set_background_color(colour(&k.licht));
    let count = Format::new().set_num_format("#,##0").set_unlocked();
    let euro = Format::new().set_num_format("\"€\" #,##0").set_unlocked();
    let open = |f: &Format| f.clone().set_background_color(colour(&k.open));

    let years = results.years.len() as u16;
    let last_col = FIRST_YEAR_COL + years - 1;
    sheet.write_string(0, ID_COL, marker(fingerprint))?;
    sheet.write_string_with_format(0, NUMBER_COL, &results.title, &title)?;
    sheet.merge_range(1, NUMBER_COL, 1, last_col, SHEET.instruction, &wrap)?;
    sheet.set_row_height(1, 48)?;
    sheet.write_string_with_format(2, ID_COL, SHEET.id, &head)?;
    sheet.write_string_with_format(2, NUMBER_COL, SHEET.number, &head)?;
    sheet.write_string_with_format(2, DESCRIPTION_COL, &results.header[0], &head)?;
    for (i, year) in results.years.iter().enumerate() {
        sheet.write_string_with_format(2, FIRST_YEAR_COL + i as u16, year, &head_year)?;
    }

    for (i, row) in results.figures.iter().enumerate() {
        let r = FIRST_ROW + i as u32;
        let text = if row.level == 0 {
            locked.clone().set_bold()
        } else {
            locked.clone()
        };
        sheet.write_string_with_format(r, ID_COL, &row.id, &locked)?;
        let number = if row.level == 0 {
            &row.number
        } else {
            &row.label
        };
        sheet.write_string_with_format(r, NUMBER_COL, number, &text)?;
        sheet.write_string_with_format(
            r,
            DESCRIPTION_COL,
            &row.description,
            &text.clone().set_indent(row.level),
        )?;
        for (k, cell) in row.values.iter().enumerate() {
            let c = FIRST_YEAR_COL + k as u16;
            if !has_value(row) {
                sheet.write_blank(r, c, &locked)?;
                continue;
            }
            let format = if row.euro { &euro } else { &count };
            match cell.amount {
                Some(v) => {
                    sheet.write_number_with_format(r, c, v as f64, format)?;
                }
                None => {
                    sheet.write_blank(r, c, &open(format))?;
                }
            }
            let message = if row.euro {
                SHEET.whole_euro
            } else {
                SHEET.whole_count
            };
            let validation = match breakdown_of(results, row) {
                // A total: also equal to its breakdown once that is complete.
                Some(parts) => {
                    let col = column_name(c);
                    let cells: Vec<String> = parts
                        .iter()
                        .map(|p| format!("{col}{}", FIRST_ROW + *p as u32 + 1))
                        .collect();
                    let me = format!("{col}{}", r + 1);
                    DataValidation::new().allow_custom(Formula::new(format!(
                        "=AND(INT({me})={me},{me}>=0,OR(COUNT({list})<{n},SUM({list})={me}))",
                        list = cells.join(","),
                        n = cells.len()
                    )))
                }
                None => DataValidation::new()
                    .allow_whole_number(DataValidationRule::Between(0, MAX_WHOLE)),
            }
            .set_error_title(SHEET.whole_title)?
            .set_error_message(message)?
            .set_error_style(DataValidationErrorStyle::Stop);
            sheet.add_data_validation(r, c, r, c, &validation)?;
        }
    }
    sheet.set_column_hidden(ID_COL)?;
    sheet.set_column_width(NUMBER_COL, 6)?;
    sheet.set_column_width(DESCRIPTION_COL, 60)?;
    for k in 0..years {
        sheet.set_column_width(FIRST_YEAR_COL + k, 14)?;
    }
    sheet.set_freeze_panes(FIRST_ROW, FIRST_YEAR_COL)?;
    sheet.protect_with_options(&ProtectionOptions {
        format_columns: true,
        format_rows: true,
        ..ProtectionOptions::default()
    });
    book.save_to_buffer()
}

/// A row with values to fill in (not a heading row).
pub fn has_value(row: &ResultRow) -> bool {
    row.values.iter().any(|c| c.open || c.amount.is_some())
}

/// The positions (in `figures`) of the breakdown of `row`, if it has one.
fn breakdown_of(results: &Results, row: &ResultRow) -> Option<Vec<usize>> {
    let parts: Vec<usize> = results
        .figures
        .iter()
        .enumerate()
        .filter(|(_, f)| f.sums_to.as_deref() == Some(row.id.as_str()))
        .map(|(i, _)| i)
        .collect();
    (!parts.is_empty()).then_some(parts)
}

/// The letters of a 0-based column: 0 is A, 26 is AA.
pub fn column_name(col: u16) -> String {
    let mut n = u32::from(col) + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        out.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_named_as_spreadsheets_name_them() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(3), "D");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(27), "AB");
    }
}

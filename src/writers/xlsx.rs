//! `OUT/piani.xlsx`: the CSV tables as one workbook for spreadsheet users, one
//! sheet per table, each cell typed by its column's type in the data package:
//! numbers as numbers, dates as dates, booleans as booleans, text as text. A
//! spreadsheet in any locale then sums and sorts them as it should, where the
//! CSV's `.` decimals are text to an Italian Calc or Excel. Text is written as
//! text and never read as a formula.

use std::io::Read;

use rayon::prelude::*;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

use super::datapackage::{FieldType, Table};

/// The widest a column is set, in pixels: long texts (a section's running
/// text) wrap in the cell instead of making the sheet unreadable.
const MAX_COLUMN_PIXELS: u32 = 480;

/// The number format of date cells: ISO, whatever the locale.
const DATE_FORMAT: &str = "yyyy-mm-dd";

/// The most text a cell holds, in UTF-16 units (Excel's limit): a longer text
/// (a long section's running text) is cut and ends with [`CUT_MARK`]; the CSV
/// and the JSON hold it whole.
const MAX_CELL_TEXT: usize = 32_767;
const CUT_MARK: &str = " […]";

/// The most rows a sheet holds (Excel's limit, header included): a longer
/// table goes on in a sheet of its own, "statistics (2)".
const MAX_SHEET_ROWS: u32 = 1_048_576;

/// `text`, cut to fit a cell.
fn fit(text: &str) -> std::borrow::Cow<'_, str> {
    if text.encode_utf16().count() <= MAX_CELL_TEXT {
        return text.into();
    }
    let room = MAX_CELL_TEXT - CUT_MARK.encode_utf16().count();
    let mut used = 0;
    let end = text
        .char_indices()
        .find(|(_, c)| {
            used += c.len_utf16();
            used > room
        })
        .map_or(text.len(), |(i, _)| i);
    format!("{}{CUT_MARK}", &text[..end]).into()
}

/// The workbook's zip deflate level (1 fastest … 9 smallest; 6 is the
/// library's default).
const WORKBOOK_DEFLATE_LEVEL: u8 = 3;

/// Builds the workbook from each table's description and its rows, a CSV
/// file in the RFC 4180 dialect. A text cell that begins with `'` had one
/// added by the CSV's formula quoting (`csv::Text`); it is taken off, as a
/// workbook cell of text cannot run.
///
/// The tables' sheets are filled in parallel (on the caller's rayon threads),
/// each on its own, and put in the workbook in the tables' order: the shared
/// strings are numbered when it is saved, sheet by sheet, so the bytes do not
/// depend on which sheet was filled first.
pub fn workbook<R: Read + Send>(tables: Vec<(&Table, R)>) -> Result<Vec<u8>, XlsxError> {
    let sheets: Vec<Vec<Worksheet>> = tables
        .into_par_iter()
        .map(|(table, rows)| sheets(table, rows))
        .collect::<Result<_, _>>()?;
    let mut book = Workbook::new();
    // The deflate is serial and most of the save: level 3 in place of the
    // default 6 took a five-document batch's tables from 36 to 30 ms, for a
    // file 7% larger (level 1: 27 ms, 56% larger).
    book.set_zip_compression_level(WORKBOOK_DEFLATE_LEVEL);
    // A fixed creation date: the same tables give the same bytes on every run.
    let created = ExcelDateTime::from_ymd(2015, 1, 1)?;
    book.set_properties(
        &DocProperties::new()
            .set_title("piani: tables of the regions' integration plans")
            .set_creation_datetime(&created),
    );
    for sheet in sheets.into_iter().flatten() {
        book.push_worksheet(sheet);
    }
    book.save_to_buffer()
}

/// The sheets of one table: one, or more when its rows overflow a sheet.
fn sheets(table: &Table, rows: impl Read) -> Result<Vec<Worksheet>, XlsxError> {
    let header = Format::new().set_bold();
    let date = Format::new().set_num_format(DATE_FORMAT);
    let unreadable = |e: csv::Error| XlsxError::ParameterError(e.to_string());
    let mut sheets = vec![start_sheet(table, 1, &header)?];
    let mut row = 0;
    let mut reader = csv::Reader::from_reader(rows);
    for record in reader.records() {
        let record = record.map_err(unreadable)?;
        row += 1;
        if row == MAX_SHEET_ROWS {
            sheets.push(start_sheet(table, sheets.len() as u32 + 1, &header)?);
            row = 1;
        }
        let sheet = sheets.last_mut().expect("a table has a sheet");
        for (c, (cell, f)) in record.iter().zip(&table.fields).enumerate() {
            let col = c as u16;
            if cell.is_empty() {
                continue;
            }
            // A value that does not read as its type stays text: shown, not
            // lost. Each cell is parsed once.
            let numeric = matches!(f.kind, FieldType::Integer | FieldType::Number);
            if numeric && let Ok(number) = cell.parse::<f64>() {
                sheet.write_number(row, col, number)?;
            } else if f.kind == FieldType::Boolean && (cell == "true" || cell == "false") {
                sheet.write_boolean(row, col, cell == "true")?;
            } else if f.kind == FieldType::Date
                && let Ok(day) = ExcelDateTime::parse_from_str(cell)
            {
                sheet.write_datetime_with_format(row, col, &day, &date)?;
            } else {
                let text = cell.strip_prefix('\'').unwrap_or(cell);
                sheet.write_string(row, col, fit(text))?;
            }
        }
    }
    for sheet in &mut sheets {
        finish_sheet(sheet)?;
    }
    Ok(sheets)
}

/// A new sheet for `table` (its `part`-th, when it needs more than one) with
/// the header row.
fn start_sheet(table: &Table, part: u32, header: &Format) -> Result<Worksheet, XlsxError> {
    let mut sheet = Worksheet::new();
    match part {
        1 => sheet.set_name(table.name)?,
        n => sheet.set_name(format!("{} ({n})", table.name))?,
    };
    for (c, f) in table.fields.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, &f.name, header)?;
    }
    Ok(sheet)
}

/// The header frozen and the columns fitted to their contents.
fn finish_sheet(sheet: &mut Worksheet) -> Result<(), XlsxError> {
    sheet.set_freeze_panes(1, 0)?;
    sheet.set_autofit_max_width(MAX_COLUMN_PIXELS);
    sheet.autofit();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A text longer than a cell holds is cut on a character, marked, and
    /// fits exactly; a shorter one is left alone.
    #[test]
    fn long_texts_are_cut_to_fit_a_cell() {
        assert_eq!(fit("breve"), "breve");
        // "€" is one UTF-16 unit, "𝄞" two: the limit counts units.
        let long = "€𝄞".repeat(20_000);
        let cut = fit(&long);
        assert!(cut.ends_with(CUT_MARK));
        assert!(cut.encode_utf16().count() <= MAX_CELL_TEXT);
        assert!(cut.encode_utf16().count() >= MAX_CELL_TEXT - 2);
        assert!(long.starts_with(cut.trim_end_matches(CUT_MARK)));
    }
}

//! `OUT/piani.xlsx`: the CSV tables as one workbook for spreadsheet users, one
//! sheet per table, each cell typed by its column's type in the data package:
//! numbers as numbers, dates as dates, booleans as booleans, text as text. A
//! spreadsheet in any locale then sums and sorts them as it should, where the
//! CSV's `.` decimals are text to an Italian Calc or Excel. Text is written as
//! text and never read as a formula.

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, XlsxError};

use super::datapackage::{FieldType, Table};

/// The widest a column is set, in pixels: long texts (a section's running
/// text) wrap in the cell instead of making the sheet unreadable.
const MAX_COLUMN_PIXELS: u32 = 480;

/// The number format of date cells: ISO, whatever the locale.
const DATE_FORMAT: &str = "yyyy-mm-dd";

/// Builds the workbook from each table's description and its CSV as written.
/// A text cell that begins with `'` had one added by the CSV's formula quoting
/// (`csv::Text`); it is taken off, as a workbook cell of text cannot run.
pub fn workbook(tables: &[(&Table, &[u8])]) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    // A fixed creation date: the same tables give the same bytes on every run.
    let created = ExcelDateTime::from_ymd(2015, 1, 1)?;
    book.set_properties(
        &DocProperties::new()
            .set_title("piani: tables of the regions' integration plans")
            .set_creation_datetime(&created),
    );
    let header = Format::new().set_bold();
    let date = Format::new().set_num_format(DATE_FORMAT);
    for (table, csv_bytes) in tables {
        let sheet = book.add_worksheet();
        sheet.set_name(table.name)?;
        for (c, f) in table.fields.iter().enumerate() {
            sheet.write_string_with_format(0, c as u16, &f.name, &header)?;
        }
        let mut reader = csv::Reader::from_reader(*csv_bytes);
        for (r, record) in reader.records().enumerate() {
            let record = record.map_err(|e| XlsxError::ParameterError(e.to_string()))?;
            let row = r as u32 + 1;
            for (c, (cell, f)) in record.iter().zip(&table.fields).enumerate() {
                let col = c as u16;
                if cell.is_empty() {
                    continue;
                }
                // A value that does not read as its type stays text: shown, not lost.
                match f.kind {
                    FieldType::Integer | FieldType::Number if cell.parse::<f64>().is_ok() => {
                        sheet.write_number(row, col, cell.parse::<f64>().unwrap_or_default())?;
                    }
                    FieldType::Boolean if cell == "true" || cell == "false" => {
                        sheet.write_boolean(row, col, cell == "true")?;
                    }
                    FieldType::Date if ExcelDateTime::parse_from_str(cell).is_ok() => {
                        let day = ExcelDateTime::parse_from_str(cell)?;
                        sheet.write_datetime_with_format(row, col, &day, &date)?;
                    }
                    _ => {
                        let text = cell.strip_prefix('\'').unwrap_or(cell);
                        sheet.write_string(row, col, text)?;
                    }
                }
            }
        }
        sheet.set_freeze_panes(1, 0)?;
        sheet.set_autofit_max_width(MAX_COLUMN_PIXELS);
        sheet.autofit();
    }
    book.save_to_buffer()
}

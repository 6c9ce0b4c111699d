//! One document end to end: bytes → pages → layout → sections and records →
//! the normalized, validated [`Document`].

use sha2::{Digest, Sha256};

use crate::error::PdfError;
use crate::model::{Document, SCHEMA_VERSION, Section, Source, Warning, WarningCode};
use crate::{furniture, layout, pdf, region, sections};

/// Hex SHA-256 of the bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The document id: the first 16 hex digits of the content's SHA-256.
pub fn document_id(sha256: &str) -> String {
    sha256[..16].to_string()
}

/// Extracts one plan. `file_name` is recorded as given (without directories).
pub fn extract(file_name: &str, bytes: &[u8]) -> Result<Document, PdfError> {
    let sha256 = sha256_hex(bytes);
    let pdf = pdf::read(bytes)?;
    let mut warnings: Vec<Warning> = pdf
        .unreadable_pages
        .iter()
        .map(|(page, reason)| Warning {
            code: WarningCode::PageUnreadable,
            message: format!("page {page} could not be read and is left out: {reason}"),
            page: Some(*page),
        })
        .collect();

    let mut pages = layout::lay_out(&pdf.pages);
    let furniture = furniture::remove(&mut pages);
    let mut doc = Document {
        schema_version: SCHEMA_VERSION.to_string(),
        document_id: document_id(&sha256),
        source: Source {
            file: file_name.to_string(),
            sha256,
            bytes: bytes.len() as u64,
            pages: pdf.pages.len() as u32,
            producer: pdf.producer.clone(),
        },
        region: None,
        contacts: Vec::new(),
        sections: Vec::new(),
        statistics: Vec::new(),
        recipients: Vec::new(),
        actors: Vec::new(),
        gantt: None,
        costs: None,
        pilot_actions: Vec::new(),
        warnings: Vec::new(),
    };

    let has_text = pdf.pages.iter().any(|p| !p.glyphs.is_empty());
    if !has_text {
        // Pages that could not be read are already flagged; do not call them a scan.
        if pdf.unreadable_pages.is_empty() {
            warnings.push(Warning {
                code: WarningCode::NoTextLayer,
                message: "no page has a text layer (a scan?): run OCR first; nothing was extracted"
                    .to_string(),
                page: None,
            });
        }
        doc.warnings = warnings;
        return Ok(doc);
    }

    let right_edge = layout::text_right_edge(&pages);
    let (found, section_warnings) = sections::segment(&pages, right_edge);
    let (region, region_warning) = region::detect(&pages, &furniture);
    warnings.extend(section_warnings);
    warnings.extend(region_warning);

    doc.region = region;
    doc.sections = found
        .into_iter()
        .map(|s| Section {
            id: s.id,
            title: s.title,
            page_start: s.page_start,
            page_end: s.page_end,
            text: s.text,
        })
        .collect();
    doc.warnings = warnings;
    Ok(doc)
}

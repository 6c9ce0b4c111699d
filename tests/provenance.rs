//! Provenance: every record (contact, recipient, actor, Gantt row, cost item,
//! pilot action) carries its page and the box it is printed in, so that a user
//! can go from any value back to the spot in the PDF. Checked on the corpus
//! and the committed render matrix against the PDF's own words: the box holds
//! the record's text.

mod common;

use piani::layout::{PageLayout, lay_out};
use serde_json::Value;

/// The words whose middle lies in `bbox` on `layout`'s page.
fn words_in(layout: &PageLayout, bbox: [f64; 4]) -> Vec<String> {
    layout
        .lines
        .iter()
        .filter(|l| {
            let middle = (l.top + l.bottom) / 2.0;
            middle >= bbox[1] && middle <= bbox[3]
        })
        .flat_map(|l| l.words())
        .filter(|w| {
            let middle = (w.x0 + w.x1) / 2.0;
            middle >= bbox[0] && middle <= bbox[2]
        })
        .map(|w| w.text.to_string())
        .collect()
}

/// The first word of `text` of at least three letters, as the PDF prints it.
fn first_word(text: &str) -> Option<String> {
    text.split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .find(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 3)
        .map(str::to_string)
}

#[test]
fn every_record_s_box_holds_its_text() {
    let mut checked = 0;
    // The corpus, and the committed matrix: the same plans from other
    // producers and table styles.
    let mut pdfs = common::corpus_pdfs();
    let matrix = common::fixtures().join("matrix");
    let mut more: Vec<_> = std::fs::read_dir(&matrix)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    more.sort();
    pdfs.extend(more);
    for pdf in pdfs {
        let name = pdf.file_name().unwrap().to_str().unwrap().to_string();
        let bytes = std::fs::read(&pdf).unwrap();
        let doc = serde_json::to_value(piani::extract(&name, &bytes).unwrap()).unwrap();
        let layouts = lay_out(&piani::pdf::read(&bytes).unwrap().pages);
        let mut records: Vec<(&str, &Value, &str)> = Vec::new();
        let contacts = doc["contacts"].as_array().map_or(&[][..], |c| c.as_slice());
        records.extend(contacts.iter().map(|r| ("contact", r, "text")));
        for (kind, list, key) in [
            ("recipient", &doc["recipients"], "description"),
            ("actor", &doc["actors"], "name"),
            ("pilot action", &doc["pilot_actions"], "title"),
        ] {
            records.extend(list.as_array().unwrap().iter().map(|r| (kind, r, key)));
        }
        if let Some(rows) = doc["gantt"]["rows"].as_array() {
            records.extend(rows.iter().map(|r| ("gantt row", r, "label")));
        }
        if let Some(actions) = doc["costs"]["actions"].as_array() {
            for a in actions {
                let items = a["items"].as_array().unwrap();
                records.extend(items.iter().map(|i| ("cost item", i, "label")));
            }
        }
        for (kind, record, key) in records {
            let page = record["page"]
                .as_u64()
                .unwrap_or_else(|| panic!("{name}: {kind} without page"));
            let bbox: Vec<f64> = serde_json::from_value(record["bbox"].clone())
                .unwrap_or_else(|_| panic!("{name}: {kind} {record} without bbox"));
            let text = record[key].as_str().unwrap();
            let Some(word) = first_word(text) else {
                continue;
            };
            let layout = &layouts[page as usize - 1];
            let found = words_in(layout, [bbox[0], bbox[1], bbox[2], bbox[3]]);
            assert!(
                found.iter().any(|w| w.contains(&word)),
                "{name} p. {page}: {kind} {text:?}: {word:?} not in its box {bbox:?} ({found:?})"
            );
            checked += 1;
        }
    }
    // Corpus and committed matrix: 2,306 such records.
    assert!(checked > 2000, "{checked}");
}

//! Helpers shared by the integration tests: fixture paths and ground truth.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use serde_json::Value;

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// The corpus PDFs, sorted.
pub fn corpus_pdfs() -> Vec<PathBuf> {
    let mut pdfs: Vec<PathBuf> = std::fs::read_dir(fixtures().join("corpus"))
        .expect("fixtures/corpus")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    pdfs.sort();
    pdfs
}

/// The ground truth of a corpus PDF: `<stem>.json` where the PDF's name starts with `<stem>.`.
pub fn ground_truth(pdf: &Path) -> Value {
    let name = pdf.file_name().unwrap().to_str().unwrap();
    let stem = name.split('.').next().unwrap();
    let path = fixtures().join("corpus").join(format!("{stem}.json"));
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

/// The scorer's normalization: accents off, lower case, punctuation to spaces.
pub fn norm(s: &str) -> String {
    piani::text::fold(s)
}

/// Maps a ground-truth heading id to the contract's section id.
pub fn section_id(gt_id: &str) -> Option<&'static str> {
    Some(match gt_id {
        "premessa" => "premessa",
        "sezione_1" => "I",
        "sezione_1.1" => "I.1",
        "sezione_1.2" => "I.2",
        "sezione_2" => "II",
        "sezione_2.1" => "II.1",
        "sezione_2.1.1" => "II.1.1",
        "sezione_2.1.2" => "II.1.2",
        "sezione_2.1.3" => "II.1.3",
        "sezione_2.1.4" => "II.1.4",
        "sezione_2.1.5" => "II.1.5",
        "sezione_3" => "III",
        "sezione_3.1" => "III.1",
        "sezione_3.2" => "III.2",
        _ => return None,
    })
}

/// Validates a JSON value against the committed schema, listing every error.
pub fn schema_errors(instance: &Value) -> Vec<String> {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/document.schema.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    validator
        .iter_errors(instance)
        .map(|e| e.to_string())
        .collect()
}

//! The extraction revision (`piani::EXTRACTION_REVISION`) must be raised
//! whenever what extraction writes changes: a nightly re-run extracts again
//! only what an earlier revision wrote. `fixtures/corpus/REVISION` holds the
//! revision and the SHA-256 of the corpus output it was raised for; this test
//! fails when the output changed and the revision did not.

mod common;

use sha2::{Digest, Sha256};

/// The SHA-256 of every corpus document's JSON as written, in file order.
fn corpus_output_digest() -> String {
    let mut hasher = Sha256::new();
    for pdf in common::corpus_pdfs() {
        let name = pdf.file_name().unwrap().to_str().unwrap();
        let bytes = std::fs::read(&pdf).unwrap();
        let doc = piani::extract(name, &bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        hasher.update(piani::writers::json::to_bytes(&doc));
    }
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn the_revision_is_raised_when_the_output_changes() {
    let path = common::fixtures().join("corpus").join("REVISION");
    let recorded = std::fs::read_to_string(&path).unwrap_or_default();
    let mut fields = recorded.split_whitespace();
    let (revision, digest) = (fields.next().unwrap_or(""), fields.next().unwrap_or(""));
    let now = corpus_output_digest();
    let current = piani::EXTRACTION_REVISION.to_string();
    if now != digest {
        let next = revision.parse::<u32>().map_or(1, |r| r + 1);
        panic!(
            "the corpus output changed: raise piani::EXTRACTION_REVISION to {next} and write \
             \"{next} {now}\" to {}",
            path.display()
        );
    }
    assert_eq!(
        revision,
        current,
        "{} records revision {revision}, the code says {current}",
        path.display()
    );
}

/// A worker's document reaches the parent as JSON: unless serde_json parses
/// floats exactly (its `float_roundtrip` feature), a coordinate comes back a
/// bit off and an isolated run writes other bytes than an in-process one.
/// The tests' own build has the feature from a dev-dependency whatever the
/// package says, so it is the package's manifest that is checked.
#[test]
fn the_shipped_build_reads_json_floats_exactly() {
    let manifest = include_str!("../Cargo.toml");
    let dependency = manifest
        .lines()
        .find(|l| l.starts_with("serde_json"))
        .expect("serde_json is a dependency");
    assert!(dependency.contains("float_roundtrip"), "{dependency}");
}

//! `OUT/documents/<document_id>.json`: one pretty-printed JSON per document.

use std::path::{Path, PathBuf};

use crate::model::Document;

/// Where a document's JSON goes.
pub fn document_path(out_dir: &Path, doc: &Document) -> PathBuf {
    path_for(out_dir, &doc.document_id)
}

/// Where the JSON of document `document_id` goes.
pub fn path_for(out_dir: &Path, document_id: &str) -> PathBuf {
    out_dir
        .join("documents")
        .join(format!("{document_id}.json"))
}

/// Serializes a document as written to disk.
pub fn to_bytes(doc: &Document) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(doc).expect("a document serializes");
    bytes.push(b'\n');
    bytes
}

/// Writes a document's JSON atomically and returns its path.
pub fn write_document(out_dir: &Path, doc: &Document) -> std::io::Result<PathBuf> {
    let path = document_path(out_dir, doc);
    std::fs::create_dir_all(path.parent().expect("documents folder"))?;
    super::write_atomic(&path, &to_bytes(doc))?;
    Ok(path)
}

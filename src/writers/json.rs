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

/// Writes a document's JSON atomically (left alone when the file already
/// holds it); returns how many bytes it has.
pub fn write_document(out_dir: &Path, doc: &Document) -> std::io::Result<u64> {
    let path = document_path(out_dir, doc);
    std::fs::create_dir_all(path.parent().expect("documents folder"))?;
    let bytes = to_bytes(doc);
    super::write_atomic(&path, &bytes)?;
    Ok(bytes.len() as u64)
}

/// Reads back the document `document_id` of `out_dir`: an error when its file
/// cannot be read, does not parse, or holds another document.
pub fn read_document(out_dir: &Path, document_id: &str) -> std::io::Result<Document> {
    let path = path_for(out_dir, document_id);
    let fail = |why: String| std::io::Error::other(format!("{}: {why}", path.display()));
    let bytes = std::fs::read(&path).map_err(|e| fail(e.to_string()))?;
    let doc: Document = serde_json::from_slice(&bytes).map_err(|e| fail(e.to_string()))?;
    if doc.document_id != document_id {
        return Err(fail(format!("holds document {}", doc.document_id)));
    }
    Ok(doc)
}

//! `OUT/documents/<document_id>.json`: one pretty-printed JSON per document.

use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use crate::model::{Document, Listing};

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

/// A document as its file holds it, with what a batch keeps of it: made
/// where the document was extracted (in a worker, or in the batch's own
/// process), so that the batch writes it without reading it again.
#[derive(Debug, Clone, PartialEq)]
pub struct Encoded {
    pub listing: Listing,
    /// What the extraction read: the source's SHA-256 and size ([`Source`]).
    ///
    /// [`Source`]: crate::model::Source
    pub sha256: String,
    pub bytes: u64,
    /// The file's bytes ([`to_bytes`]).
    pub json: Vec<u8>,
}

/// Serializes a document for its file.
pub fn encode(doc: &Document) -> Encoded {
    let json = to_bytes(doc);
    Encoded {
        listing: doc.listing(json.len() as u64),
        sha256: doc.source.sha256.clone(),
        bytes: doc.source.bytes,
        json,
    }
}

/// Writes an encoded document's JSON atomically (left alone when the file
/// already holds it).
pub fn write_encoded(out_dir: &Path, encoded: &Encoded) -> std::io::Result<()> {
    let path = path_for(out_dir, &encoded.listing.document_id);
    std::fs::create_dir_all(path.parent().expect("documents folder"))?;
    super::write_atomic(&path, &encoded.json)
}

/// Reads back the document `document_id` of `out_dir`: an error when its file
/// cannot be read, does not parse, or holds another document.
pub fn read_document(out_dir: &Path, document_id: &str) -> std::io::Result<Document> {
    read_as(out_dir, document_id, |doc: &Document| &doc.document_id)
}

/// Reads back the file of document `document_id` as a `T`, a type that takes
/// part of a document (the rest is skipped, not built); `id` says which
/// document a `T` is of. The same errors as [`read_document`].
pub fn read_as<T: DeserializeOwned>(
    out_dir: &Path,
    document_id: &str,
    id: impl Fn(&T) -> &str,
) -> std::io::Result<T> {
    let path = path_for(out_dir, document_id);
    let fail = |why: String| std::io::Error::other(format!("{}: {why}", path.display()));
    let bytes = std::fs::read(&path).map_err(|e| fail(e.to_string()))?;
    let read: T = serde_json::from_slice(&bytes).map_err(|e| fail(e.to_string()))?;
    if id(&read) != document_id {
        return Err(fail(format!("holds document {}", id(&read))));
    }
    Ok(read)
}

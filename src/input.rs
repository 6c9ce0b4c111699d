//! Input files: opened only when they are regular files no larger than the
//! size limit, then read whole or hashed piece by piece, and extracted in
//! this process with a panic inside a PDF library contained.
//!
//! Both the batch (which hashes each input, and extracts it when isolation
//! is off) and the isolation worker (which reads and extracts it) use these.

use std::io::Read;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use crate::document;
use crate::error::Error;
use crate::model::Document;

fn too_large(max_size: u64) -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::FileTooLarge,
        format!("larger than the size limit of {max_size} bytes (--max-size)"),
    )
}

/// Opens an input: a regular file only (a FIFO or a device given as an input
/// would block or never end), and no more than `max_size` bytes (0: no
/// limit), checked here and, by the reader's bound, while reading (a file
/// may grow). Returns the reader and the file's size when opened.
fn open(path: &Path, max_size: u64) -> std::io::Result<(std::io::Take<std::fs::File>, u64)> {
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "not a regular file (a folder, a FIFO or a device)",
        ));
    }
    if max_size > 0 && meta.len() > max_size {
        return Err(too_large(max_size));
    }
    let limit = if max_size > 0 { max_size } else { u64::MAX - 1 };
    let file = std::fs::File::open(path)?;
    Ok((file.take(limit + 1), meta.len().min(limit)))
}

/// Reads an input whole, to extract it in this process (a regular file no
/// larger than `max_size` bytes, as `open` checks).
pub fn read(path: &Path, max_size: u64) -> std::io::Result<Vec<u8>> {
    let (mut reader, len) = open(path, max_size)?;
    let mut bytes = Vec::with_capacity(len as usize);
    reader.read_to_end(&mut bytes)?;
    if max_size > 0 && bytes.len() as u64 > max_size {
        return Err(too_large(max_size));
    }
    Ok(bytes)
}

/// Hashes an input without holding it (a regular file no larger than
/// `max_size` bytes, as `open` checks): its SHA-256 (hex) and size.
pub fn hash(path: &Path, max_size: u64) -> std::io::Result<(String, u64)> {
    let (reader, _) = open(path, max_size)?;
    let (sha256, len) = document::sha256_hex_reader(reader)?;
    if max_size > 0 && len > max_size {
        return Err(too_large(max_size));
    }
    Ok((sha256, len))
}

/// Extracts the bytes of the input at `path`, recorded as `file_name`; never
/// panics: a panic inside a PDF library becomes this file's failure.
pub fn extract(path: &Path, file_name: &str, bytes: &[u8]) -> Result<Document, Error> {
    match catch_unwind(AssertUnwindSafe(|| document::extract(file_name, bytes))) {
        Ok(Ok(doc)) => Ok(doc),
        Ok(Err(source)) => Err(Error::Pdf {
            path: path.to_path_buf(),
            source,
        }),
        Err(payload) => Err(Error::Panic {
            path: path.to_path_buf(),
            message: crate::pdf::panic_message(&payload),
        }),
    }
}

/// Reads and extracts the input at `path` in this process, as the isolation
/// worker does (the parent checked the size limit when it hashed the file).
pub fn extract_file(path: &Path) -> Result<Document, Error> {
    let bytes = read(path, 0).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    extract(path, &file_name(path), &bytes)
}

/// The file name of an input without its folders, as the outputs record it.
pub fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

//! Writers: the per-document JSON files and the cross-document CSV tables.
//!
//! Every file is written to a temporary name in its destination folder and then
//! renamed over the final name, so a reader never sees a half-written file, even
//! when the run is killed midway.

pub mod csv;
pub mod json;

use std::io::Write;
use std::path::Path;

/// Writes `bytes` to `path` atomically: a temporary file beside it, synced, then renamed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or_else(|| Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

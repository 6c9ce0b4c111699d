//! Writers: the per-document JSON files, the cross-document CSV tables and
//! workbook, and the HTML report comparing the plans.
//!
//! Every file is written to a temporary name in its destination folder and then
//! renamed over the final name, so a reader never sees a half-written file, even
//! when the run is killed midway.

pub mod csv;
pub mod datapackage;
pub mod json;
pub mod report;
pub mod svg;
pub mod xlsx;

use std::io::Write;
use std::path::Path;

/// How the temporary files of [`write_atomic`] begin: what a killed run
/// leaves is told from anything else in the folder by it.
pub const TEMP_PREFIX: &str = ".piani-tmp-";

/// Removes the temporary files a killed run left in `dir` (only files named
/// with [`TEMP_PREFIX`]); returns how many. Call it only while holding the
/// folder's lock: another run's are not stale.
pub fn sweep_temporaries(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(TEMP_PREFIX))
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter(|e| std::fs::remove_file(e.path()).is_ok())
        .count()
}

/// Writes `bytes` to `path` atomically: a temporary file beside it, synced, then renamed.
/// The file gets the permissions of any new file (0666 less the umask), not the
/// owner-only ones of a temporary file: the outputs are there to be shared.
/// A file that already holds exactly `bytes` is left as it is, so that a
/// nightly run over unchanged inputs rewrites nothing (no new file, no new
/// modification time for a sync or a backup to copy again).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if std::fs::symlink_metadata(path).is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64)
        && std::fs::read(path).is_ok_and(|old| old == bytes)
    {
        return Ok(());
    }
    let mut tmp = temporary_for(path)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// A temporary file beside `path`, to be written and then [`persist`]ed
/// over it: for an output too large to be held in memory first.
pub fn temporary_for(path: &Path) -> std::io::Result<tempfile::NamedTempFile> {
    let dir = path.parent().unwrap_or_else(|| Path::new("."));
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMP_PREFIX);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    builder.tempfile_in(dir)
}

/// Puts a written temporary file in `path`'s place as [`write_atomic`] does
/// (synced, renamed), or drops it when `path` already holds the same bytes.
pub fn persist(tmp: tempfile::NamedTempFile, path: &Path) -> std::io::Result<()> {
    if same_content(tmp.path(), path)? {
        return Ok(());
    }
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Whether the regular file `b` holds what `a` holds, compared piece by piece.
fn same_content(a: &Path, b: &Path) -> std::io::Result<bool> {
    use std::io::Read;
    let Ok(meta) = std::fs::symlink_metadata(b) else {
        return Ok(false);
    };
    if !meta.is_file() || meta.len() != std::fs::metadata(a)?.len() {
        return Ok(false);
    }
    let (Ok(mut ra), Ok(mut rb)) = (std::fs::File::open(a), std::fs::File::open(b)) else {
        return Ok(false);
    };
    let (mut pa, mut pb) = (vec![0u8; 1 << 16], vec![0u8; 1 << 16]);
    loop {
        let n = ra.read(&mut pa)?;
        if n == 0 {
            return Ok(true);
        }
        if rb.read_exact(&mut pb[..n]).is_err() || pa[..n] != pb[..n] {
            return Ok(false);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_files_replace_the_old_and_are_as_readable_as_any_new_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("table.csv");
        write_atomic(&path, b"old").unwrap();
        write_atomic(&path, b"new").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        // The same bytes again: the file is left as it is.
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let before = std::fs::metadata(&path).unwrap().ino();
            write_atomic(&path, b"new").unwrap();
            assert_eq!(std::fs::metadata(&path).unwrap().ino(), before);
            write_atomic(&path, b"neu").unwrap();
            assert_ne!(std::fs::metadata(&path).unwrap().ino(), before);
            assert_eq!(std::fs::read(&path).unwrap(), b"neu");
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let plain = dir.path().join("plain");
            std::fs::File::create(&plain).unwrap();
            let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(&path), mode(&plain));
        }
    }
}

//! One run at a time per output folder: an advisory lock on `OUT/.lock`.
//!
//! Two runs writing one folder would each rewrite the tables and the manifest
//! from what it saw, and leave rows whose JSON the other removed. The lock is
//! the operating system's (`flock`), so it is released when the process ends,
//! however it ends: a killed run never leaves the folder locked.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};

/// The lock file's name inside the output folder.
pub const FILE_NAME: &str = ".lock";

/// The held lock: the folder is this run's until it is dropped.
#[derive(Debug)]
pub struct Lock {
    _file: File,
}

/// Why the folder could not be locked.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    #[error(
        "{}: another piani run is writing this folder; wait for it to finish, or pass --wait",
        .0.display()
    )]
    Busy(PathBuf),
    #[error("{}: cannot lock the output folder: {source}", .path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Locks `out` (which must exist) for this run. Another run holding it makes
/// this one fail at once with [`LockError::Busy`], or, with `wait`, wait for
/// it to finish.
pub fn lock(out: &Path, wait: bool) -> Result<Lock, LockError> {
    let path = out.join(FILE_NAME);
    let io = |source| LockError::Io {
        path: path.clone(),
        source,
    };
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(io)?;
    match file.try_lock() {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) if wait => file.lock().map_err(io)?,
        Err(TryLockError::WouldBlock) => return Err(LockError::Busy(out.to_path_buf())),
        Err(TryLockError::Error(e)) => return Err(io(e)),
    }
    Ok(Lock { _file: file })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_on_one_folder_is_refused_until_the_first_is_dropped() {
        let out = tempfile::tempdir().unwrap();
        let first = lock(out.path(), false).unwrap();
        assert!(matches!(lock(out.path(), false), Err(LockError::Busy(_))));
        drop(first);
        assert!(lock(out.path(), false).is_ok());
    }
}

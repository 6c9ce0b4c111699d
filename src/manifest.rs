//! `OUT/manifest.json`: what processed each input file and how it went, so a
//! re-run skips the files whose content and settings have not changed.
//!
//! Entries are keyed by content (SHA-256), so a renamed file is not extracted
//! again. The manifest holds no timestamps: two runs over the same inputs write
//! the same bytes.
//!
//! A run writes the manifest once, at its end; meanwhile each finished
//! document's entry is appended to `OUT/manifest.journal`, so that a run that
//! is killed (power cut, OOM killer, `kill -9`) is resumed by the next one
//! instead of redone: the next run reads the journal over the manifest, and the
//! manifest it writes makes the journal redundant, so it is removed.

use std::io::Write;
use std::path::Path;
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use crate::model::{Listing, Status, WarningCode};

/// The file name inside the output folder.
pub const FILE_NAME: &str = "manifest.json";

/// The journal's file name inside the output folder: one JSON [`Entry`] per line.
pub const JOURNAL_NAME: &str = "manifest.journal";

/// The settings that change what a run produces for a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    /// Time limit for one document, in seconds.
    pub timeout_s: u64,
    /// Memory bound for one document's extraction, in MiB.
    pub max_memory_mb: u64,
}

/// What happened to one input file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// The path as given on the command line or found in a folder.
    pub path: String,
    /// The same path made absolute against the folder the run ran in, so
    /// that what reads OUT later (`piani report`) finds the file from
    /// anywhere; absent in manifests of earlier versions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub absolute: Option<String>,
    pub sha256: String,
    pub bytes: u64,
    /// The piani version, extraction revision and settings that processed it
    /// (a manifest from before revisions reads as revision 0).
    pub piani_version: String,
    #[serde(default)]
    pub extraction_revision: u32,
    pub settings: Settings,
    pub status: Status,
    /// Why it failed, when it did.
    pub code: Option<WarningCode>,
    pub reason: Option<String>,
    /// Its document JSON is `documents/<document_id>.json` (none when failed).
    pub document_id: String,
    /// What a run keeps of its document, so that the next one need not read
    /// the document back to list it; absent for failures and in manifests of
    /// earlier versions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub listing: Option<Listing>,
}

/// The manifest of an output folder.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub files: Vec<Entry>,
    /// What the tables were last made from; absent before any were made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tables: Option<TablesStamp>,
}

/// What a run's tables were made from and how it left their files: a run
/// whose tables would come from the same leaves them as they are, without
/// making them again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TablesStamp {
    /// [`crate::writers::csv::fingerprint`] of their inputs and options.
    pub fingerprint: String,
    /// Each file written, as it was left.
    pub files: Vec<StampedFile>,
}

/// One output file by its content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StampedFile {
    pub name: String,
    pub sha256: String,
}

impl StampedFile {
    /// The file `name` of `out` as it is now; `None` when it is not a
    /// regular file or cannot be read. (By content, not modification time:
    /// the manifest stays the same for the same inputs, and an edit that
    /// keeps the time is still seen.)
    pub fn of(out: &Path, name: &str) -> Option<StampedFile> {
        let path = out.join(name);
        if !std::fs::symlink_metadata(&path).ok()?.is_file() {
            return None;
        }
        let file = std::fs::File::open(&path).ok()?;
        let (sha256, _) = crate::document::sha256_hex_reader(file).ok()?;
        Some(StampedFile {
            name: name.to_string(),
            sha256,
        })
    }
}

impl TablesStamp {
    /// Stamps the files `names` of `out` as they are now; `None` when one is missing.
    pub fn of(out: &Path, fingerprint: String, names: &[String]) -> Option<TablesStamp> {
        let files = names
            .iter()
            .map(|n| StampedFile::of(out, n))
            .collect::<Option<Vec<_>>>()?;
        Some(TablesStamp { fingerprint, files })
    }

    /// Whether the tables of `out` were made from `fingerprint` and every one
    /// of their files is still as it was left (not removed, edited or replaced).
    pub fn holds(&self, out: &Path, fingerprint: &str) -> bool {
        self.fingerprint == fingerprint
            && !self.files.is_empty()
            && self
                .files
                .iter()
                .all(|f| StampedFile::of(out, &f.name).as_ref() == Some(f))
    }
}

impl Manifest {
    /// Reads the manifest of `out`; a missing or unreadable one is empty (see
    /// [`Manifest::read`] to tell them apart).
    pub fn load(out: &Path) -> Manifest {
        Manifest::read(out).unwrap_or_default()
    }

    /// Reads the manifest of `out`: empty when there is none (a new folder),
    /// the reason when it cannot be read or parsed (cut short by a full disk,
    /// edited by hand).
    pub fn read(out: &Path) -> Result<Manifest, String> {
        match std::fs::read(out.join(FILE_NAME)) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Manifest::default()),
            Err(e) => Err(format!("cannot read: {e}")),
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| format!("unreadable: {e}")),
        }
    }

    /// A manifest made again from the documents in `out`, for one that was
    /// lost: each document's file name, content and status. What processed
    /// them is not known, so a file seen again is extracted again; the others
    /// stay in the store.
    pub fn rebuild(out: &Path) -> Manifest {
        let Ok(dir) = std::fs::read_dir(out.join("documents")) else {
            return Manifest::default();
        };
        let mut files: Vec<Entry> = dir
            .flatten()
            .filter_map(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                let id = name.strip_suffix(".json")?;
                if !crate::document::is_document_id(id) {
                    return None;
                }
                let doc: crate::model::Document =
                    serde_json::from_slice(&std::fs::read(e.path()).ok()?).ok()?;
                (doc.document_id == id).then(|| Entry {
                    path: doc.source.file.clone(),
                    absolute: None,
                    sha256: doc.source.sha256.clone(),
                    bytes: doc.source.bytes,
                    piani_version: String::new(),
                    extraction_revision: 0,
                    settings: Settings {
                        timeout_s: 0,
                        max_memory_mb: 0,
                    },
                    status: doc.status(),
                    code: None,
                    reason: None,
                    document_id: doc.document_id,
                    listing: None,
                })
            })
            .collect();
        files.sort_by(|a, b| a.path.cmp(&b.path));
        Manifest {
            files,
            tables: None,
        }
    }

    /// Reads the journal of a run that did not finish over this manifest: each
    /// entry replaces the one of the same path. A line that cannot be read (the
    /// last one, cut short by the kill) is left out. Returns how many entries
    /// were read.
    pub fn replay_journal(&mut self, out: &Path) -> usize {
        let Ok(bytes) = std::fs::read(out.join(JOURNAL_NAME)) else {
            return 0;
        };
        let entries: Vec<Entry> = bytes
            .split(|&b| b == b'\n')
            .filter_map(|line| serde_json::from_slice(line).ok())
            .collect();
        for entry in &entries {
            self.files.retain(|e| e.path != entry.path);
            self.files.push(entry.clone());
        }
        entries.len()
    }

    /// Writes the manifest atomically, entries sorted by path, then removes
    /// the journal it makes redundant.
    pub fn save(&mut self, out: &Path) -> std::io::Result<()> {
        self.files.sort_by(|a, b| a.path.cmp(&b.path));
        let mut bytes = serde_json::to_vec_pretty(self).expect("a manifest serializes");
        bytes.push(b'\n');
        crate::writers::write_atomic(&out.join(FILE_NAME), &bytes)?;
        match std::fs::remove_file(out.join(JOURNAL_NAME)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }

    /// The entry that processed these bytes with this version and revision
    /// and these settings.
    pub fn find(&self, sha256: &str, settings: Settings) -> Option<&Entry> {
        self.files.iter().find(|e| {
            e.sha256 == sha256
                && e.settings == settings
                && e.piani_version == crate::VERSION
                && e.extraction_revision == crate::EXTRACTION_REVISION
        })
    }

    /// Whether these bytes were processed with these settings by another
    /// version or revision of piani: extracted again because piani changed.
    pub fn outdated(&self, sha256: &str, settings: Settings) -> bool {
        self.find(sha256, settings).is_none()
            && self
                .files
                .iter()
                .any(|e| e.sha256 == sha256 && e.settings == settings)
    }
}

/// The journal a run appends each finished document's entry to.
pub struct Journal(Mutex<std::fs::File>);

impl Journal {
    /// Opens (or creates) the journal of `out` for appending. A line a kill
    /// cut short is ended first, so that it does not swallow the next one.
    pub fn open(out: &Path) -> std::io::Result<Journal> {
        use std::io::{Read, Seek, SeekFrom};
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .read(true)
            .append(true)
            .open(out.join(JOURNAL_NAME))?;
        if file.metadata()?.len() > 0 {
            let mut last = [0u8];
            file.seek(SeekFrom::End(-1))?;
            file.read_exact(&mut last)?;
            if last[0] != b'\n' {
                file.write_all(b"\n")?;
            }
        }
        Ok(Journal(Mutex::new(file)))
    }

    /// Appends one entry as one line, in one write: a kill leaves at most the
    /// last line cut short. Not synced: a line lost to a power cut only means
    /// that document is extracted again.
    pub fn record(&self, entry: &Entry) -> std::io::Result<()> {
        let mut line = serde_json::to_vec(entry).expect("an entry serializes");
        line.push(b'\n');
        let mut file = self
            .0
            .lock()
            .map_err(|_| std::io::Error::other("the journal's lock was poisoned"))?;
        file.write_all(&line)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(path: &str) -> Entry {
        Entry {
            path: path.to_string(),
            absolute: None,
            sha256: "0123456789abcdef0123".to_string(),
            bytes: 1,
            piani_version: crate::VERSION.to_string(),
            extraction_revision: crate::EXTRACTION_REVISION,
            settings: Settings {
                timeout_s: 60,
                max_memory_mb: 4096,
            },
            status: Status::Ok,
            code: None,
            reason: None,
            document_id: "0123456789abcdef".to_string(),
            listing: None,
        }
    }

    /// A kill cuts the journal's last line short; the next run's entries
    /// still read, the cut line does not.
    #[test]
    fn a_journal_cut_short_goes_on_on_a_line_of_its_own() {
        let out = tempfile::tempdir().unwrap();
        std::fs::write(out.path().join(JOURNAL_NAME), b"{\"path\":\"cut").unwrap();
        Journal::open(out.path())
            .unwrap()
            .record(&entry("b.pdf"))
            .unwrap();
        let mut manifest = Manifest {
            files: vec![entry("a.pdf")],
            tables: None,
        };
        assert_eq!(manifest.replay_journal(out.path()), 1);
        let paths: Vec<&str> = manifest.files.iter().map(|e| e.path.as_str()).collect();
        assert_eq!(paths, ["a.pdf", "b.pdf"]);
        manifest.save(out.path()).unwrap();
        assert!(!out.path().join(JOURNAL_NAME).exists());
    }
}

//! A batch: find the input PDFs, skip those already processed with the same
//! content and settings, extract the others in parallel (in worker processes
//! when isolation is on), and rewrite the CSV tables and the manifest from every
//! document of the output folder.
//!
//! The output folder is a store: the documents of earlier runs' inputs that
//! this run did not see stay (a nightly run over new uploads keeps the
//! history); they are removed only when asked (`prune`), and only for inputs
//! under this run's own input paths.

use std::collections::{HashMap, HashSet};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::document;
use crate::error::Error;
use crate::isolate;
use crate::manifest::{Entry, Manifest, Settings};
use crate::model::{Document, Status};
use crate::writers;

/// The result of processing one input file.
#[derive(Debug)]
pub struct Outcome {
    pub path: PathBuf,
    /// File name without directories, as recorded in the outputs.
    pub file_name: String,
    /// SHA-256 of the content, when the file could be read.
    pub sha256: Option<String>,
    pub bytes: u64,
    pub result: Result<Document, Error>,
    /// Taken from an earlier run: same content and settings.
    pub reused: bool,
}

impl Outcome {
    pub fn status(&self) -> Status {
        match &self.result {
            Ok(doc) => doc.status(),
            Err(_) => Status::Failed,
        }
    }

    pub fn document_id(&self) -> String {
        match (&self.result, &self.sha256) {
            (Ok(doc), _) => doc.document_id.clone(),
            (Err(_), Some(sha)) => document::document_id(sha),
            (Err(_), None) => String::new(),
        }
    }
}

/// How to run a batch.
#[derive(Debug, Clone)]
pub struct Config {
    pub out: PathBuf,
    /// Threads (0: one per core).
    pub jobs: usize,
    pub settings: Settings,
    /// Extract everything again, whatever the manifest says.
    pub force: bool,
    /// The executable to run each extraction in (`piani` itself); `None` runs
    /// them in this process, guarded against panics only.
    pub worker: Option<PathBuf>,
    /// Remove the documents of earlier inputs gone from under these paths (the
    /// run's input folders and files); `None` keeps every earlier document.
    pub prune: Option<Vec<PathBuf>>,
    /// Inputs larger than this many bytes fail unread (0: no limit).
    pub max_size: u64,
}

/// What a batch did.
#[derive(Debug)]
pub struct Report {
    /// One per input file, in input order.
    pub outcomes: Vec<Outcome>,
    /// Earlier runs' inputs this run did not see, kept in the store.
    pub kept: usize,
    /// Inputs extracted again only because another piani version or
    /// extraction revision had extracted them.
    pub outdated: usize,
    /// Document files removed: replaced by their input's new content, or pruned.
    pub removed: usize,
    /// Output files that could not be written.
    pub write_errors: Vec<String>,
    /// What the run found wrong in the output folder and mended (a manifest
    /// that could not be read).
    pub notices: Vec<String>,
}

impl Report {
    pub fn count(&self, status: Status) -> usize {
        self.outcomes
            .iter()
            .filter(|o| o.status() == status)
            .count()
    }

    pub fn reused(&self) -> usize {
        self.outcomes.iter().filter(|o| o.reused).count()
    }
}

/// The input PDFs a run found, and what it could not look into.
#[derive(Debug, Default)]
pub struct Inputs {
    /// Sorted and free of repeats, so runs are reproducible.
    pub files: Vec<PathBuf>,
    /// Entries of the folders that could not be read (a dangling symlink, a
    /// symlink loop, an unreadable subfolder): skipped, each with its reason.
    pub skipped: Vec<Error>,
}

/// Expands the inputs: files are taken as given, folders are searched (recursively)
/// for `*.pdf` in any case. A missing input is an error naming it; an entry
/// inside a folder that cannot be read is skipped, with its reason, and the
/// rest of the folder is still searched. Symbolic links inside a folder are
/// followed only to files within it, unless `follow` (then anywhere, folders
/// too): a link must not carry a batch over files it was not pointed at.
pub fn collect_inputs(inputs: &[PathBuf], follow: bool) -> Result<Inputs, Error> {
    let mut found = Inputs::default();
    for input in inputs {
        let meta = std::fs::metadata(input).map_err(|source| Error::Io {
            path: input.clone(),
            source,
        })?;
        if !meta.is_dir() {
            found.files.push(input.clone());
            continue;
        }
        let root = std::fs::canonicalize(input).unwrap_or_else(|_| input.clone());
        for entry in walkdir::WalkDir::new(input).follow_links(follow) {
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) => {
                    found.skipped.push(Error::Io {
                        path: e.path().map_or_else(|| input.clone(), Path::to_path_buf),
                        source: e.into(),
                    });
                    continue;
                }
            };
            let is_pdf = entry
                .path()
                .extension()
                .is_some_and(|ext| ext.eq_ignore_ascii_case("pdf"));
            if !is_pdf {
                continue;
            }
            if entry.file_type().is_file() {
                found.files.push(entry.into_path());
            } else if entry.path_is_symlink() {
                // (Followed links come as what they lead to; these were not.)
                let target = std::fs::canonicalize(entry.path());
                match target {
                    Ok(t) if t.starts_with(&root) && t.is_file() => {
                        found.files.push(entry.into_path());
                    }
                    Ok(_) => found.skipped.push(Error::Io {
                        path: entry.into_path(),
                        source: std::io::Error::other(
                            "a link out of the input folder (--follow follows it)",
                        ),
                    }),
                    Err(source) => found.skipped.push(Error::Io {
                        path: entry.into_path(),
                        source,
                    }),
                }
            }
        }
    }
    found.files.sort();
    found.files.dedup();
    Ok(found)
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// Processes one file in this process; never panics: a panic inside a PDF
/// library becomes this file's failure.
pub fn process_file(path: &Path) -> Outcome {
    process(path, None, None, &Manifest::default())
}

fn failed_read(path: &Path, file_name: String, source: std::io::Error) -> Outcome {
    Outcome {
        path: path.to_path_buf(),
        file_name,
        sha256: None,
        bytes: 0,
        result: Err(Error::Io {
            path: path.to_path_buf(),
            source,
        }),
        reused: false,
    }
}

/// Reads an input whole: a regular file only (a FIFO or a device given as an
/// input would block or never end), and no more than `max_size` bytes (0: no
/// limit), checked before reading and while reading (a file may grow).
fn read_input(path: &Path, max_size: u64) -> std::io::Result<Vec<u8>> {
    use std::io::{Error as IoError, ErrorKind, Read};
    let too_large = || {
        IoError::new(
            ErrorKind::FileTooLarge,
            format!("larger than the size limit of {max_size} bytes (--max-size)"),
        )
    };
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        return Err(IoError::new(
            ErrorKind::InvalidInput,
            "not a regular file (a folder, a FIFO or a device)",
        ));
    }
    if max_size > 0 && meta.len() > max_size {
        return Err(too_large());
    }
    let file = std::fs::File::open(path)?;
    let limit = if max_size > 0 { max_size } else { u64::MAX - 1 };
    let mut bytes = Vec::with_capacity(meta.len().min(limit) as usize);
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(too_large());
    }
    Ok(bytes)
}

/// Processes one file: reused from `previous` when its content and settings are
/// unchanged (and its document is still on disk), else extracted — by the
/// `workers` when the batch isolates extractions, else here.
fn process(
    path: &Path,
    config: Option<&Config>,
    workers: Option<&isolate::Pool>,
    previous: &Manifest,
) -> Outcome {
    let name = file_name(path);
    let bytes = match read_input(path, config.map_or(0, |c| c.max_size)) {
        Ok(b) => b,
        Err(source) => return failed_read(path, name, source),
    };
    let sha256 = document::sha256_hex(&bytes);
    if let Some(config) = config.filter(|c| !c.force)
        && let Some(outcome) = reuse(path, &name, &sha256, config, previous)
    {
        return outcome;
    }
    let result = match workers {
        Some(pool) => pool.extract(path),
        None => match catch_unwind(AssertUnwindSafe(|| document::extract(&name, &bytes))) {
            Ok(Ok(doc)) => Ok(doc),
            Ok(Err(source)) => Err(Error::Pdf {
                path: path.to_path_buf(),
                source,
            }),
            Err(payload) => Err(Error::Panic {
                path: path.to_path_buf(),
                message: crate::pdf::panic_message(&payload),
            }),
        },
    };
    Outcome {
        path: path.to_path_buf(),
        file_name: name,
        sha256: Some(sha256),
        bytes: bytes.len() as u64,
        result,
        reused: false,
    }
}

/// The earlier run's result for the same content and settings, if any; a
/// renamed file keeps its document, under its new name.
fn reuse(
    path: &Path,
    name: &str,
    sha256: &str,
    config: &Config,
    previous: &Manifest,
) -> Option<Outcome> {
    from_entry(path, name, previous.find(sha256, config.settings)?, config)
}

/// An earlier run's outcome for `entry`, read back from the store: its
/// document, or its failure. `None` when the entry or its document cannot be
/// trusted (an id not of the form piani writes, a JSON missing or unreadable,
/// or naming another document).
fn from_entry(path: &Path, name: &str, entry: &Entry, config: &Config) -> Option<Outcome> {
    let result = match entry.status {
        Status::Failed => Err(Error::Isolated {
            path: path.to_path_buf(),
            code: entry.code?,
            reason: entry.reason.clone().unwrap_or_default(),
        }),
        Status::Ok | Status::Warnings => {
            if !document::is_document_id(&entry.document_id) {
                return None;
            }
            let json =
                std::fs::read(writers::json::path_for(&config.out, &entry.document_id)).ok()?;
            let mut doc: Document = serde_json::from_slice(&json).ok()?;
            if doc.document_id != entry.document_id {
                return None;
            }
            doc.source.file = name.to_string();
            Ok(doc)
        }
    };
    Some(Outcome {
        path: path.to_path_buf(),
        file_name: name.to_string(),
        sha256: Some(entry.sha256.clone()),
        bytes: entry.bytes,
        result,
        reused: true,
    })
}

/// Whether an earlier input lies under one of `scope`'s paths (compared as
/// absolute paths, without touching the file system: the input may be gone).
fn in_scope(path: &Path, scope: &[PathBuf]) -> bool {
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let path = absolute(path);
    scope.iter().any(|s| path.starts_with(absolute(s)))
}

/// Runs a batch over `files`, calling `done` after each file. The caller holds
/// the output folder's lock ([`crate::lock::lock`]): the run mends and rewrites
/// what is there.
pub fn run(files: &[PathBuf], config: &Config, done: impl Fn(&Outcome) + Sync) -> Report {
    let mut notices = Vec::new();
    let previous = Manifest::read(&config.out).unwrap_or_else(|reason| {
        notices.push(format!(
            "{}: {reason}; made again from the documents in the folder",
            config.out.join(crate::manifest::FILE_NAME).display()
        ));
        Manifest::rebuild(&config.out)
    });
    // What a killed run was writing.
    for dir in [config.out.clone(), config.out.join("documents")] {
        writers::sweep_temporaries(&dir);
    }
    let workers = config
        .worker
        .as_ref()
        .map(|exe| isolate::Pool::new(exe, config.settings));
    // Each document's JSON is written as soon as it is extracted: a batch that
    // is stopped keeps what it finished.
    let write_json = |o: &Outcome| -> Option<String> {
        let doc = o.result.as_ref().ok()?;
        // A reused document is rewritten only if its file was renamed.
        let unchanged = o.reused
            && std::fs::read(writers::json::document_path(&config.out, doc))
                .is_ok_and(|b| b == writers::json::to_bytes(doc));
        if unchanged {
            return None;
        }
        let e = writers::json::write_document(&config.out, doc).err()?;
        Some(format!("{}: cannot write its JSON: {e}", o.path.display()))
    };
    let one = |f: &PathBuf| {
        let outcome = process(f, Some(config), workers.as_ref(), &previous);
        let write_error = write_json(&outcome);
        done(&outcome);
        (outcome, write_error)
    };
    let (outcomes, write_errors): (Vec<Outcome>, Vec<Option<String>>) =
        match rayon::ThreadPoolBuilder::new()
            .num_threads(config.jobs)
            .build()
        {
            Ok(pool) => pool.install(|| files.par_iter().map(one).unzip()),
            // A pool that cannot start (no threads to be had) still lets us work here.
            Err(_) => files.iter().map(one).unzip(),
        };
    let mut write_errors: Vec<String> = write_errors.into_iter().flatten().collect();
    drop(workers);
    // Inputs with the same content share one document file, written above in
    // whatever order the threads finished: the last input names it, so that
    // runs stay byte-identical.
    let mut last_of: HashMap<String, (usize, usize)> = HashMap::new();
    for (i, o) in outcomes.iter().enumerate() {
        if o.result.is_ok() {
            let (last, count) = last_of.entry(o.document_id()).or_default();
            (*last, *count) = (i, *count + 1);
        }
    }
    let mut shared: Vec<usize> = last_of
        .into_values()
        .filter(|&(_, count)| count > 1)
        .map(|(last, _)| last)
        .collect();
    shared.sort_unstable();
    write_errors.extend(shared.into_iter().filter_map(|i| write_json(&outcomes[i])));

    // Earlier inputs this run did not see stay in the store, unless pruned,
    // or their content is this run's under another name (a renamed file).
    let seen: HashSet<String> = outcomes
        .iter()
        .map(|o| o.path.display().to_string())
        .collect();
    let contents: HashSet<&str> = outcomes
        .iter()
        .filter_map(|o| o.sha256.as_deref())
        .collect();
    let (kept, kept_entries): (Vec<Outcome>, Vec<Entry>) = previous
        .files
        .iter()
        .filter(|e| !seen.contains(&e.path) && !contents.contains(e.sha256.as_str()))
        .filter(|e| {
            let path = Path::new(&e.path);
            !config
                .prune
                .as_ref()
                .is_some_and(|scope| in_scope(path, scope))
        })
        .filter_map(|e| {
            let path = Path::new(&e.path);
            Some((from_entry(path, &file_name(path), e, config)?, e.clone()))
        })
        .unzip();
    // Documents no input refers to any more: replaced, or pruned.
    let current: HashSet<String> = outcomes
        .iter()
        .chain(&kept)
        .filter(|o| o.result.is_ok())
        .map(Outcome::document_id)
        .collect();
    let mut removed = 0;
    for entry in &previous.files {
        let id = &entry.document_id;
        if document::is_document_id(id) && !current.contains(id) {
            let path = writers::json::path_for(&config.out, id);
            if std::fs::remove_file(&path).is_ok() {
                removed += 1;
            }
        }
    }
    let n_kept = kept.len();
    let outcomes_len = outcomes.len();
    let mut all = outcomes;
    all.extend(kept);
    if let Err(e) = writers::csv::write_tables(&config.out, &all) {
        write_errors.push(format!(
            "{}: cannot write the CSV tables: {e}",
            config.out.display()
        ));
    }
    // (A kept entry keeps the version and settings that processed it.)
    let mut manifest = Manifest {
        files: all[..outcomes_len]
            .iter()
            .filter_map(|o| entry(o, config.settings))
            .chain(kept_entries)
            .collect(),
    };
    if let Err(e) = manifest.save(&config.out) {
        write_errors.push(format!(
            "{}: cannot write the manifest: {e}",
            config.out.display()
        ));
    }
    all.truncate(outcomes_len);
    let outdated = all
        .iter()
        .filter(|o| !o.reused)
        .filter_map(|o| o.sha256.as_deref())
        .filter(|sha| !config.force && previous.outdated(sha, config.settings))
        .count();
    Report {
        outcomes: all,
        kept: n_kept,
        outdated,
        removed,
        write_errors,
        notices,
    }
}

/// The manifest entry of an outcome; none for a file that could not be read
/// or failed in a way that may not happen again
/// ([`crate::model::WarningCode::is_transient`]):
/// the next run tries it again.
fn entry(o: &Outcome, settings: Settings) -> Option<Entry> {
    let (code, reason) = match &o.result {
        Ok(_) => (None, None),
        Err(e) if e.code().is_transient() => return None,
        Err(e) => (Some(e.code()), Some(e.reason())),
    };
    Some(Entry {
        path: o.path.display().to_string(),
        sha256: o.sha256.clone()?,
        bytes: o.bytes,
        piani_version: crate::VERSION.to_string(),
        extraction_revision: crate::EXTRACTION_REVISION,
        settings,
        status: o.status(),
        code,
        reason,
        document_id: if o.result.is_ok() {
            o.document_id()
        } else {
            String::new()
        },
    })
}

//! A batch: find the input PDFs, skip those already processed with the same
//! content and settings, extract the others in parallel (in worker processes
//! when isolation is on), write each document's JSON as it comes and keep only
//! its [`Listing`], then make the CSV tables again from every document of the
//! output folder (read back one at a time) when what they come from changed,
//! and write the manifest.
//!
//! The output folder is a store: the documents of earlier runs' inputs that
//! this run did not see stay (a nightly run over new uploads keeps the
//! history); they are removed only when asked (`prune`), and only for inputs
//! under this run's own input paths.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, Once};

use crate::document;
use crate::error::Error;
use crate::input::{self, file_name};
use crate::isolate;
use crate::manifest::{Entry, Journal, Manifest, Settings, TablesStamp};
use crate::model::{Listing, Status, WarningCode};
use crate::stop::Stop;
use crate::writers;
use crate::writers::json::Encoded;

/// The result of processing one input file.
#[derive(Debug)]
pub struct Outcome {
    pub path: PathBuf,
    /// File name without directories, as recorded in the outputs.
    pub file_name: String,
    /// SHA-256 of the content, when the file could be read.
    pub sha256: Option<String>,
    pub bytes: u64,
    /// What is kept of its document, whose JSON is in the output folder; or
    /// why it failed.
    pub result: Result<Listing, Error>,
    /// Taken from an earlier run: same content and settings.
    pub reused: bool,
    /// An earlier input of the run (or of the store) with the same content:
    /// this one is listed, but its document counted once, under that input.
    pub duplicate_of: Option<PathBuf>,
}

impl Outcome {
    pub fn status(&self) -> Status {
        match &self.result {
            Ok(listing) => listing.status,
            Err(_) => Status::Failed,
        }
    }

    pub fn document_id(&self) -> String {
        match (&self.result, &self.sha256) {
            (Ok(listing), _) => listing.document_id.clone(),
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
    /// Asked to stop: documents not yet started are left for the next run.
    pub stop: Stop,
    /// Which submissions of each plan the record tables hold, and how the
    /// tables are written; `None` writes no tables, for a run whose documents
    /// are the point (`piani check` extracting into a scratch folder).
    pub tables: Option<writers::csv::Options>,
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
    /// that could not be read, a run that was killed).
    pub notices: Vec<String>,
    /// Inputs left unprocessed because the run was asked to stop.
    pub interrupted: usize,
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

/// How many documents to extract at once by default: one per core, but no
/// more than the machine's memory holds at `max_memory_mb` each (a run may
/// use `jobs` times that bound), and at least one. `memory_mb` 0 (unknown)
/// or `max_memory_mb` 0 (no bound) leaves one per core.
pub fn default_jobs(cores: usize, memory_mb: u64, max_memory_mb: u64) -> usize {
    let cores = cores.max(1);
    if memory_mb == 0 || max_memory_mb == 0 {
        return cores;
    }
    let fit = usize::try_from(memory_mb / max_memory_mb).unwrap_or(usize::MAX);
    cores.min(fit).max(1)
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
        duplicate_of: None,
    }
}

/// The contents a run has started extracting: the same bytes under a second
/// path are extracted once.
#[derive(Default)]
struct Claims(Mutex<HashSet<String>>);

impl Claims {
    /// Whether `sha256` is this caller's to extract (no one claimed it before).
    fn claim(&self, sha256: &str) -> bool {
        self.0
            .lock()
            .map_or(true, |mut claimed| claimed.insert(sha256.to_string()))
    }
}

/// What processing one input gave: its outcome, or the note that another
/// input of the run with the same content is extracting it.
enum Processed {
    Done(Outcome),
    SameAs(Outcome),
}

/// Processes one file: reused from `previous` when its content and settings are
/// unchanged (and its document is still on disk), left to another input with
/// the same content, else extracted — by the `workers` when the batch isolates
/// extractions, else here.
fn process(
    path: &Path,
    config: &Config,
    workers: Option<&isolate::Pool>,
    previous: &Manifest,
    claims: &Claims,
) -> Processed {
    let name = file_name(path);
    let max_size = config.max_size;
    // A worker reads the file itself: here it is only hashed.
    let (sha256, len, bytes) = match workers {
        Some(_) => match input::hash(path, max_size) {
            Ok((sha256, len)) => (sha256, len, None),
            Err(source) => return Processed::Done(failed_read(path, name, source)),
        },
        None => match input::read(path, max_size) {
            Ok(bytes) => (
                document::sha256_hex(&bytes),
                bytes.len() as u64,
                Some(bytes),
            ),
            Err(source) => return Processed::Done(failed_read(path, name, source)),
        },
    };
    if !config.force
        && let Some(outcome) = reuse(path, &name, &sha256, config, previous)
    {
        return Processed::Done(outcome);
    }
    let extracting_here = claims.claim(&sha256);
    let mut outcome = Outcome {
        path: path.to_path_buf(),
        file_name: name,
        sha256: Some(sha256),
        bytes: len,
        // Set below, or from the input this one is left to.
        result: Err(Error::Isolated {
            path: path.to_path_buf(),
            code: WarningCode::ExtractionCrashed,
            reason: "not extracted".to_string(),
        }),
        reused: false,
        duplicate_of: None,
    };
    if !extracting_here {
        return Processed::SameAs(outcome);
    }
    // A worker's document comes as its file's bytes: written, not read.
    let extracted = match (workers, bytes) {
        (Some(pool), _) => pool.extract(path),
        (None, bytes) => {
            prepare_once();
            input::extract(path, &outcome.file_name, &bytes.unwrap_or_default())
                .map(|doc| writers::json::encode(&doc))
        }
    };
    // The worker hashed what it read: the file may have changed since.
    if let Ok(encoded) = &extracted {
        outcome.sha256 = Some(encoded.sha256.clone());
        outcome.bytes = encoded.bytes;
    }
    // Written at once, and only its listing kept: a batch holds no documents.
    outcome.result = extracted.and_then(|encoded| store(encoded, path, &config.out));
    Processed::Done(outcome)
}

/// Starts compiling the extraction's patterns on a spare thread, once per
/// process, when its first document is extracted here: they are ready by the
/// time the first PDF is read and laid out (a worker does the same for itself).
fn prepare_once() {
    static STARTED: Once = Once::new();
    STARTED.call_once(|| {
        // Without a thread they are compiled when first used.
        let _ = std::thread::Builder::new().spawn(document::prepare);
    });
}

/// Writes a document's JSON into `out` and returns its listing; a document
/// that cannot be written makes its input fail, for now.
fn store(encoded: Encoded, path: &Path, out: &Path) -> Result<Listing, Error> {
    match writers::json::write_encoded(out, &encoded) {
        Ok(()) => Ok(encoded.listing),
        Err(e) => Err(Error::Isolated {
            path: path.to_path_buf(),
            code: WarningCode::OutputUnwritable,
            reason: format!(
                "cannot write {}: {e}",
                writers::json::path_for(out, &encoded.listing.document_id).display()
            ),
        }),
    }
}

/// The outcome of `input`, an input with the same content as `extracted`:
/// the same document or the same failure.
fn same_as(mut input: Outcome, extracted: &Outcome) -> Outcome {
    input.result = match &extracted.result {
        Ok(listing) => Ok(listing.clone()),
        Err(e) => Err(Error::Isolated {
            path: input.path.clone(),
            code: e.code(),
            reason: e.reason(),
        }),
    };
    input
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

/// An earlier run's outcome for `entry`: its document's listing, or its
/// failure. `None` when the entry or its document cannot be trusted (an id
/// not of the form piani writes, a JSON missing, of another size than was
/// written, unreadable or naming another document). A document is read back
/// only when the entry does not list it (a manifest of an earlier version).
fn from_entry(path: &Path, name: &str, entry: &Entry, config: &Config) -> Option<Outcome> {
    let result = match entry.status {
        Status::Failed => Err(Error::Isolated {
            path: path.to_path_buf(),
            code: entry.code?,
            reason: entry.reason.clone().unwrap_or_default(),
        }),
        Status::Ok | Status::Warnings => {
            let id = &entry.document_id;
            if !document::is_document_id(id) {
                return None;
            }
            let on_disk = std::fs::metadata(writers::json::path_for(&config.out, id))
                .ok()?
                .len();
            match &entry.listing {
                Some(listing) if listing.document_id == *id && listing.json_bytes == on_disk => {
                    Ok(listing.clone())
                }
                _ => {
                    let doc = writers::json::read_document(&config.out, id).ok()?;
                    Ok(doc.listing(on_disk))
                }
            }
        }
    };
    Some(Outcome {
        path: path.to_path_buf(),
        file_name: name.to_string(),
        sha256: Some(entry.sha256.clone()),
        bytes: entry.bytes,
        result,
        reused: true,
        duplicate_of: None,
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
    let mut write_errors = Vec::new();
    let mut previous = Manifest::read(&config.out).unwrap_or_else(|reason| {
        notices.push(format!(
            "{}: {reason}; made again from the documents in the folder",
            config.out.join(crate::manifest::FILE_NAME).display()
        ));
        Manifest::rebuild(&config.out)
    });
    let resumed = previous.replay_journal(&config.out);
    if resumed > 0 {
        notices.push(format!(
            "an earlier run was stopped before its end: {resumed} documents it finished are taken from {}",
            config.out.join(crate::manifest::JOURNAL_NAME).display()
        ));
    }
    // What a killed run was writing.
    for dir in [config.out.clone(), config.out.join("documents")] {
        writers::sweep_temporaries(&dir);
    }
    let journal = Journal::open(&config.out)
        .map_err(|e| {
            write_errors.push(format!(
                "{}: cannot write: {e}",
                config.out.join(crate::manifest::JOURNAL_NAME).display()
            ))
        })
        .ok();
    let workers = config.worker.as_ref().map(|exe| {
        isolate::Pool::new(exe, config.settings, config.stop.clone()).at_most(config.jobs)
    });
    let claims = Claims::default();
    // Each document's JSON is written as soon as it is extracted, and its
    // entry journaled: a batch that is stopped or killed keeps what it finished.
    let one = |f: &PathBuf| -> Option<Processed> {
        if config.stop.requested() {
            return None;
        }
        let outcome = match process(f, config, workers.as_ref(), &previous, &claims) {
            Processed::Done(outcome) => outcome,
            same_as => return Some(same_as),
        };
        let abandoned = |o: &Outcome| {
            config.stop.requested() && o.result.as_ref().is_err_and(|e| e.code().is_transient())
        };
        if abandoned(&outcome) {
            return None;
        }
        if !outcome.reused
            && let (Some(journal), Some(entry)) = (&journal, entry(&outcome, config.settings))
        {
            // A lost line only costs the document's extraction after a kill.
            let _ = journal.record(&entry);
        }
        done(&outcome);
        Some(Processed::Done(outcome))
    };
    // With workers, twice as many threads as workers: while one thread reads
    // and writes out the document a worker returned, another has already given
    // that worker its next file.
    let threads = config.jobs * if workers.is_some() { 2 } else { 1 };
    let processed: Vec<Option<Processed>> = largest_first(files, threads, one);
    drop(workers);
    let interrupted = processed.iter().filter(|p| p.is_none()).count();
    let mut outcomes = resolve_same(processed.into_iter().flatten().collect(), &done);
    mark_duplicates(&mut outcomes);
    name_documents(&mut outcomes, &config.out);

    // Earlier inputs stay in the store unless this run replaced them: an input
    // it did not see (unless pruned), one it did not get to (stopped), or one
    // that failed only for now (time-out, crash, write error: the last good
    // document stays until its replacement is on disk). A renamed file's
    // content is this run's under another name.
    let settled = |o: &&Outcome| !o.result.as_ref().is_err_and(|e| e.code().is_transient());
    let seen: HashSet<String> = outcomes
        .iter()
        .filter(settled)
        .map(|o| o.path.display().to_string())
        .collect();
    let contents: HashSet<&str> = outcomes
        .iter()
        .filter(settled)
        .filter_map(|o| o.sha256.as_deref())
        .collect();
    let inputs: HashSet<String> = files.iter().map(|f| f.display().to_string()).collect();
    let (kept, kept_entries): (Vec<Outcome>, Vec<Entry>) = previous
        .files
        .iter()
        .filter(|e| !seen.contains(&e.path) && !contents.contains(e.sha256.as_str()))
        .filter(|e| {
            let path = Path::new(&e.path);
            inputs.contains(&e.path)
                || !config
                    .prune
                    .as_ref()
                    .is_some_and(|scope| in_scope(path, scope))
        })
        .filter_map(|e| {
            let path = Path::new(&e.path);
            Some((from_entry(path, &file_name(path), e, config)?, e.clone()))
        })
        .unzip();
    let n_kept = kept.len();
    let outcomes_len = outcomes.len();
    let mut all = outcomes;
    all.extend(kept);
    mark_duplicates(&mut all);
    let listed: Vec<writers::csv::Input> = all
        .iter()
        .map(|o| writers::csv::Input {
            document_id: o.document_id(),
            path: &o.path,
            file_name: &o.file_name,
            sha256: o.sha256.as_deref(),
            result: o.result.as_ref(),
            duplicate_of: o.duplicate_of.as_deref(),
        })
        .collect();
    // Tables made from what made them last time are as they were: left alone.
    let mut stamp = None;
    if let Some(tables) = config.tables {
        let fingerprint = writers::csv::fingerprint(&listed, tables);
        stamp = previous
            .tables
            .take()
            .filter(|t| t.holds(&config.out, &fingerprint));
        if stamp.is_none() {
            // On as many threads as the batch was given: they read the documents back.
            let write = || writers::csv::write_tables(&config.out, &listed, tables);
            let written = match rayon::ThreadPoolBuilder::new()
                .num_threads(config.jobs.max(1))
                .build()
            {
                Ok(pool) => pool.install(write),
                Err(_) => write(),
            };
            match written {
                Ok(names) => stamp = TablesStamp::of(&config.out, fingerprint, &names),
                Err(e) => write_errors.push(format!(
                    "{}: cannot write the CSV tables: {e}",
                    config.out.display()
                )),
            }
        }
    }
    // (A kept entry keeps the version and settings that processed it.)
    let mut manifest = Manifest {
        files: all[..outcomes_len]
            .iter()
            .filter_map(|o| entry(o, config.settings))
            .chain(kept_entries)
            .collect(),
        tables: stamp,
    };
    let mut removed = 0;
    match manifest.save(&config.out) {
        // Documents no entry refers to any more (replaced, pruned, or left by
        // a killed run) go once the manifest no longer names them.
        Ok(()) => {
            let current: HashSet<String> = all
                .iter()
                .filter(|o| o.result.is_ok())
                .map(Outcome::document_id)
                .collect();
            removed = sweep_documents(&config.out, &current);
        }
        Err(e) => write_errors.push(format!(
            "{}: cannot write the manifest: {e}",
            config.out.display()
        )),
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
        interrupted,
    }
}

/// `one` applied to every file on `threads` threads, each taking the next
/// file as it is free, the largest files first; the results in the files'
/// order. The batch ends when its last document does: ending on small ones
/// leaves a core idle for less time than ending on a large one would (sizes
/// stand for the work, roughly).
///
/// The pool's threads live until all files are done, not only their own: a
/// worker process dies with the thread that started it (see `isolate`), and
/// another thread may be using it.
fn largest_first<T: Send>(
    files: &[PathBuf],
    threads: usize,
    one: impl Fn(&PathBuf) -> T + Sync,
) -> Vec<T> {
    let size = |f: &PathBuf| std::fs::metadata(f).map_or(0, |m| m.len());
    let mut order: Vec<(u64, usize)> = files.iter().map(size).zip(0..).collect();
    // Stable: files of one size go in the files' order.
    order.sort_by_key(|&(size, _)| std::cmp::Reverse(size));
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        while let Some(&(_, i)) = order.get(next.fetch_add(1, Ordering::Relaxed)) {
            done.push((i, one(&files[i])));
        }
        done
    };
    let done: Vec<Vec<(usize, T)>> =
        match rayon::ThreadPoolBuilder::new().num_threads(threads).build() {
            Ok(pool) => pool.broadcast(|_| work()),
            // A pool that cannot start (no threads to be had) still lets us work here.
            Err(_) => vec![work()],
        };
    let mut results: Vec<Option<T>> = std::iter::repeat_with(|| None).take(files.len()).collect();
    for (i, result) in done.into_iter().flatten() {
        results[i] = Some(result);
    }
    results
        .into_iter()
        .map(|r| r.expect("every file is taken by one thread"))
        .collect()
}

/// Gives each document the file name of the first input with its content,
/// so that runs stay byte-identical: a renamed input's, or one that was
/// extracted under another input's name (inputs with the same content share
/// one document, written by whichever finished first). Only a document whose
/// JSON records another name is read back and written again; one that cannot
/// be makes its inputs fail, for now.
fn name_documents(outcomes: &mut [Outcome], out: &Path) {
    let mut renamed: HashMap<String, Result<Listing, String>> = HashMap::new();
    for o in outcomes.iter().filter(|o| o.duplicate_of.is_none()) {
        let Ok(listing) = &o.result else { continue };
        if listing.file == o.file_name {
            continue;
        }
        let id = &listing.document_id;
        let written = writers::json::read_document(out, id).and_then(|mut doc| {
            doc.source.file = o.file_name.clone();
            let encoded = writers::json::encode(&doc);
            writers::json::write_encoded(out, &encoded)?;
            Ok(encoded.listing)
        });
        renamed.insert(id.clone(), written.map_err(|e| e.to_string()));
    }
    for o in outcomes.iter_mut() {
        let Some(renamed) = o
            .result
            .as_ref()
            .ok()
            .and_then(|l| renamed.get(&l.document_id))
        else {
            continue;
        };
        o.result = match renamed {
            Ok(listing) => Ok(listing.clone()),
            Err(reason) => Err(Error::Isolated {
                path: o.path.clone(),
                code: WarningCode::OutputUnwritable,
                reason: format!("cannot rename its document: {reason}"),
            }),
        };
    }
}

/// Gives each input left to another with the same content that one's result
/// (calling `done` for it); an input whose content was left unprocessed by a
/// stop is left out too.
fn resolve_same(processed: Vec<Processed>, done: &impl Fn(&Outcome)) -> Vec<Outcome> {
    let mut extracted: HashMap<String, usize> = HashMap::new();
    for (i, p) in processed.iter().enumerate() {
        if let Processed::Done(o) = p
            && let Some(sha) = &o.sha256
        {
            extracted.entry(sha.clone()).or_insert(i);
        }
    }
    let mut outcomes: Vec<Option<Outcome>> = Vec::with_capacity(processed.len());
    let mut same = Vec::new();
    for (i, p) in processed.into_iter().enumerate() {
        match p {
            Processed::Done(o) => outcomes.push(Some(o)),
            Processed::SameAs(o) => {
                same.push((i, o));
                outcomes.push(None);
            }
        }
    }
    for (i, o) in same {
        let sha = o.sha256.clone().unwrap_or_default();
        if let Some(extracting) = extracted.get(&sha).and_then(|&j| outcomes[j].as_ref()) {
            let resolved = same_as(o, extracting);
            done(&resolved);
            outcomes[i] = Some(resolved);
        }
    }
    outcomes.into_iter().flatten().collect()
}

/// Marks every outcome after the first of its content as a duplicate of that one.
fn mark_duplicates(outcomes: &mut [Outcome]) {
    let mut first_of: HashMap<String, PathBuf> = HashMap::new();
    for o in outcomes {
        o.duplicate_of = None;
        if let Some(sha) = &o.sha256 {
            match first_of.get(sha) {
                Some(first) => o.duplicate_of = Some(first.clone()),
                None => {
                    first_of.insert(sha.clone(), o.path.clone());
                }
            }
        }
    }
}

/// Removes the document files of `out` that are not `current` (files named
/// like documents only: anything else someone put there stays); returns how many.
fn sweep_documents(out: &Path, current: &HashSet<String>) -> usize {
    let Ok(entries) = std::fs::read_dir(out.join("documents")) else {
        return 0;
    };
    entries
        .flatten()
        .filter(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.strip_suffix(".json")
                .is_some_and(|id| document::is_document_id(id) && !current.contains(id))
        })
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter(|e| std::fs::remove_file(e.path()).is_ok())
        .count()
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
        absolute: std::path::absolute(&o.path)
            .ok()
            .map(|p| p.display().to_string()),
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
        listing: o.result.as_ref().ok().cloned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_taken_largest_first_and_answered_in_their_order() {
        let dir = tempfile::tempdir().unwrap();
        let files: Vec<PathBuf> = [3, 10, 1, 10, 7]
            .iter()
            .enumerate()
            .map(|(i, &size)| {
                let path = dir.path().join(format!("{i}.pdf"));
                std::fs::write(&path, vec![b'%'; size]).unwrap();
                path
            })
            .collect();
        // One thread: the order it takes them in is the order they are taken.
        let taken = Mutex::new(Vec::new());
        let name = |f: &PathBuf| f.file_name().unwrap().to_string_lossy().into_owned();
        let results = largest_first(&files, 1, |f| {
            taken.lock().unwrap().push(name(f));
            name(f)
        });
        assert_eq!(
            taken.into_inner().unwrap(),
            ["1.pdf", "3.pdf", "4.pdf", "0.pdf", "2.pdf"]
        );
        assert_eq!(results, ["0.pdf", "1.pdf", "2.pdf", "3.pdf", "4.pdf"]);
        // Several threads: every file once, in the files' order.
        let results = largest_first(&files, 3, name);
        assert_eq!(results, ["0.pdf", "1.pdf", "2.pdf", "3.pdf", "4.pdf"]);
    }

    #[test]
    fn default_jobs_fit_the_machines_memory() {
        // 2 cores, 24 GiB, 4 GiB per worker: both cores.
        assert_eq!(default_jobs(2, 24 * 1024, 4096), 2);
        // 32 cores, 16 GiB: four workers of 4 GiB.
        assert_eq!(default_jobs(32, 16 * 1024, 4096), 4);
        // Less memory than one bound: still one.
        assert_eq!(default_jobs(8, 2048, 4096), 1);
        // Memory unknown, or no bound: one per core.
        assert_eq!(default_jobs(8, 0, 4096), 8);
        assert_eq!(default_jobs(8, 2048, 0), 8);
    }
}

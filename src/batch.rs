//! A batch: find the input PDFs, extract them in parallel, each failure kept to
//! its own file.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::document;
use crate::error::Error;
use crate::model::{Document, Status};

/// The result of processing one input file.
#[derive(Debug)]
pub struct Outcome {
    pub path: PathBuf,
    /// File name without directories, as recorded in the outputs.
    pub file_name: String,
    /// SHA-256 of the content, when the file could be read.
    pub sha256: Option<String>,
    pub result: Result<Document, Error>,
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

/// Expands the inputs: files are taken as given, folders are searched (recursively)
/// for `*.pdf` in any case. The list is sorted and free of repeats, so runs are
/// reproducible. A missing input is an error naming it.
pub fn collect_inputs(inputs: &[PathBuf]) -> Result<Vec<PathBuf>, Error> {
    let mut files = Vec::new();
    for input in inputs {
        let meta = std::fs::metadata(input).map_err(|source| Error::Io {
            path: input.clone(),
            source,
        })?;
        if meta.is_dir() {
            for entry in walkdir::WalkDir::new(input).follow_links(true) {
                let entry = entry.map_err(|e| Error::Io {
                    path: e.path().map_or_else(|| input.clone(), Path::to_path_buf),
                    source: e.into(),
                })?;
                let is_pdf = entry
                    .path()
                    .extension()
                    .is_some_and(|ext| ext.eq_ignore_ascii_case("pdf"));
                if entry.file_type().is_file() && is_pdf {
                    files.push(entry.into_path());
                }
            }
        } else {
            files.push(input.clone());
        }
    }
    files.sort();
    files.dedup();
    Ok(files)
}

/// Processes one file; never panics: a panic inside a PDF library becomes this
/// file's failure.
pub fn process_file(path: &Path) -> Outcome {
    let file_name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(source) => {
            return Outcome {
                path: path.to_path_buf(),
                file_name,
                sha256: None,
                result: Err(Error::Io {
                    path: path.to_path_buf(),
                    source,
                }),
            };
        }
    };
    let sha256 = document::sha256_hex(&bytes);
    let result = match catch_unwind(AssertUnwindSafe(|| document::extract(&file_name, &bytes))) {
        Ok(Ok(doc)) => Ok(doc),
        Ok(Err(source)) => Err(Error::Pdf {
            path: path.to_path_buf(),
            source,
        }),
        Err(payload) => Err(Error::Panic {
            path: path.to_path_buf(),
            message: crate::pdf::panic_message(&payload),
        }),
    };
    Outcome {
        path: path.to_path_buf(),
        file_name,
        sha256: Some(sha256),
        result,
    }
}

/// Processes `files` on `jobs` threads (0: one per core), calling `done` after
/// each file. Outcomes come back in the order of `files`.
pub fn run(files: &[PathBuf], jobs: usize, done: impl Fn(&Outcome) + Sync) -> Vec<Outcome> {
    let one = |f: &PathBuf| {
        let outcome = process_file(f);
        done(&outcome);
        outcome
    };
    match rayon::ThreadPoolBuilder::new().num_threads(jobs).build() {
        Ok(pool) => pool.install(|| files.par_iter().map(one).collect()),
        // A pool that cannot start (no threads to be had) still lets us work here.
        Err(_) => files.iter().map(one).collect(),
    }
}

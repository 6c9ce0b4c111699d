//! Isolation: one document's extraction in a child process (`piani __worker`),
//! under a time limit and a memory bound.
//!
//! `catch_unwind` stops panics but not an abort, a stack overflow, an endless
//! loop or memory exhaustion inside a PDF library; a child process stops them
//! all: the child dies or is killed, and only that file fails, with the reason.

use std::io::Read;
use std::path::Path;
use std::process::{Command, ExitCode, ExitStatus, Stdio};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use wait_timeout::ChildExt;

use crate::error::Error;
use crate::manifest::Settings;
use crate::model::{Document, WarningCode};

/// The hidden subcommand that runs one extraction.
pub const WORKER_COMMAND: &str = "__worker";

/// What a worker writes on its standard output.
#[derive(Debug, Serialize, Deserialize)]
pub enum Reply {
    Document(Box<Document>),
    Failed { code: WarningCode, reason: String },
}

/// The worker's side: bounds its own memory, extracts `path`, replies on stdout.
pub fn worker(path: &Path, max_memory_mb: u64) -> ExitCode {
    if max_memory_mb > 0 {
        let bytes = max_memory_mb.saturating_mul(1024 * 1024);
        // Without the bound the extraction still runs; the time limit remains.
        let _ = rlimit::setrlimit(rlimit::Resource::AS, bytes, bytes);
    }
    std::panic::set_hook(Box::new(|_| {}));
    let outcome = crate::batch::process_file(path);
    let reply = match outcome.result {
        Ok(doc) => Reply::Document(Box::new(doc)),
        Err(e) => Reply::Failed {
            code: e.code(),
            reason: e.reason(),
        },
    };
    let stdout = std::io::stdout();
    match serde_json::to_writer(stdout.lock(), &reply) {
        Ok(()) => ExitCode::SUCCESS,
        Err(_) => ExitCode::FAILURE,
    }
}

/// The parent's side: runs `exe __worker` on `path` and waits at most the
/// settings' time limit.
pub fn extract(exe: &Path, path: &Path, settings: Settings) -> Result<Document, Error> {
    let failed = |code: WarningCode, reason: String| Error::Isolated {
        path: path.to_path_buf(),
        code,
        reason,
    };
    let mut child = Command::new(exe)
        .arg(WORKER_COMMAND)
        .arg("--max-memory-mb")
        .arg(settings.max_memory_mb.to_string())
        .arg(path)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| {
            failed(
                WarningCode::ExtractionCrashed,
                format!("cannot start the extraction process: {e}"),
            )
        })?;
    // Read both pipes while waiting: a large reply would otherwise fill the pipe
    // and block the child.
    let drain = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            if let Some(mut p) = pipe {
                let _ = p.read_to_end(&mut buf);
            }
            buf
        })
    };
    let out = drain(
        child
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let err = drain(
        child
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let status = child
        .wait_timeout(Duration::from_secs(settings.timeout_s))
        .map_err(|e| {
            failed(
                WarningCode::ExtractionCrashed,
                format!("cannot wait for the extraction: {e}"),
            )
        })?;
    let Some(status) = status else {
        let _ = child.kill();
        let _ = child.wait();
        return Err(failed(
            WarningCode::ExtractionTimeout,
            format!(
                "extraction took longer than {} s and was stopped",
                settings.timeout_s
            ),
        ));
    };
    let (stdout, stderr) = (
        out.join().unwrap_or_default(),
        err.join().unwrap_or_default(),
    );
    if !status.success() {
        return Err(failed(
            WarningCode::ExtractionCrashed,
            crash_reason(status, &stderr, settings),
        ));
    }
    match serde_json::from_slice::<Reply>(&stdout) {
        Ok(Reply::Document(doc)) => Ok(*doc),
        Ok(Reply::Failed { code, reason }) => Err(failed(code, reason)),
        Err(e) => Err(failed(
            WarningCode::ExtractionCrashed,
            format!("the extraction gave no readable result: {e}"),
        )),
    }
}

/// Why a worker died, in words: its signal or exit code and its last message.
fn crash_reason(status: ExitStatus, stderr: &[u8], settings: Settings) -> String {
    #[cfg(unix)]
    let how = {
        use std::os::unix::process::ExitStatusExt;
        match status.signal() {
            Some(6) => format!(
                "the extraction aborted (out of memory above {} MiB, a stack overflow, or a library abort)",
                settings.max_memory_mb
            ),
            Some(9) => "the extraction was killed".to_string(),
            Some(11) => "the extraction crashed (segmentation fault)".to_string(),
            Some(sig) => format!("the extraction died of signal {sig}"),
            None => format!(
                "the extraction failed with exit code {}",
                status.code().unwrap_or(-1)
            ),
        }
    };
    #[cfg(not(unix))]
    let how = format!("the extraction failed with {status}");
    let last = String::from_utf8_lossy(stderr)
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .map(|l| l.trim().chars().take(200).collect::<String>());
    match last {
        Some(l) => format!("{how}: {l}"),
        None => how,
    }
}

//! Isolation: extractions run in child processes (`piani __worker`), each
//! document under a time limit (wall-clock, kept by the parent, and CPU, kept
//! by the kernel) and every worker under a memory bound; a batch asked to stop
//! abandons the extractions under way.
//!
//! `catch_unwind` stops panics but not an abort, a stack overflow, an endless
//! loop or memory exhaustion inside a PDF library; a child process stops them
//! all: the child dies or is killed, only the document it was working on
//! fails, with the reason, and the next document gets a fresh worker.
//!
//! A worker serves one document after another until its input closes, so a
//! batch pays for starting a process (and compiling the extraction's regular
//! expressions) once per worker rather than once per document.
//!
//! The protocol, on the worker's standard streams: the parent writes a path
//! terminated by NUL (the one byte a Unix path cannot hold); the worker
//! answers with a [`Reply`] as one line of JSON, followed, for a document, by
//! the bytes of the document's JSON file, as many as its listing says. The
//! parent writes those bytes as they came: it neither parses nor serializes a
//! document, work that would otherwise take a share of a core away from the
//! workers.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, ExitCode, ExitStatus, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::sync::{Condvar, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use wait_timeout::ChildExt;

use crate::error::Error;
use crate::manifest::Settings;
use crate::model::{Listing, WarningCode};
use crate::stop::Stop;
use crate::writers;
use crate::writers::json::Encoded;

/// The hidden subcommand that runs a worker.
pub const WORKER_COMMAND: &str = "__worker";

/// Bytes read at once from a worker's replies (a pipe holds 64 KiB).
const REPLY_BUFFER: usize = 64 * 1024;

/// The pipe of replies, widened from Linux's 64 KiB to its default maximum for
/// unprivileged processes (`/proc/sys/fs/pipe-max-size`).
#[cfg(target_os = "linux")]
const REPLY_PIPE: libc::c_int = 1024 * 1024;

/// How long a worker that closed its output may take to exit before it is killed.
const EXIT_GRACE: Duration = Duration::from_secs(5);

/// How often a wait for a reply looks whether the batch was asked to stop:
/// the delay between a signal and the batch letting go of its workers.
const STOP_POLL: Duration = Duration::from_millis(50);

/// What a worker answers for one document.
#[derive(Debug, Serialize, Deserialize)]
pub enum Reply {
    /// Extracted: the document's JSON file follows the line,
    /// `listing.json_bytes` bytes ([`Encoded`]).
    Document {
        listing: Listing,
        sha256: String,
        bytes: u64,
    },
    Failed {
        code: WarningCode,
        reason: String,
    },
}

/// A reply as read from a worker, or why none could be.
type Received = Result<(Reply, Vec<u8>), String>;

/// The worker's option giving each document's CPU time limit, in seconds.
pub const CPU_LIMIT_OPTION: &str = "--cpu-limit";

/// The worker's side: extracts each path read from standard input and answers
/// on standard output, until its input closes; each document may use
/// `cpu_limit` seconds of CPU time (0: no limit).
pub fn worker(cpu_limit: u64) -> ExitCode {
    std::panic::set_hook(Box::new(|_| {}));
    // The patterns are compiled on a second thread while the first PDF is
    // read: a core the batch leaves idle takes that time off the first
    // document. Where no thread can start, they are compiled when first used.
    let _ = std::thread::Builder::new().spawn(crate::document::prepare);
    let mut input = std::io::stdin().lock();
    let mut output = std::io::stdout().lock();
    let mut request = Vec::new();
    let mut reply_line = Vec::new();
    loop {
        request.clear();
        match input.read_until(0, &mut request) {
            Ok(0) => return ExitCode::SUCCESS,
            Ok(_) => {}
            Err(_) => return ExitCode::FAILURE,
        }
        if request.last() == Some(&0) {
            request.pop();
        }
        limit_cpu(cpu_limit);
        let result = crate::input::extract_file(&path_from_bytes(&request));
        let (reply, json) = match result {
            Ok(doc) => {
                let encoded = writers::json::encode(&doc);
                drop(doc);
                let reply = Reply::Document {
                    listing: encoded.listing,
                    sha256: encoded.sha256,
                    bytes: encoded.bytes,
                };
                (reply, encoded.json)
            }
            Err(e) => {
                let reply = Reply::Failed {
                    code: e.code(),
                    reason: e.reason(),
                };
                (reply, Vec::new())
            }
        };
        // One write of the whole line: serde_json writes piece by piece, and
        // through the line-buffered standard output each piece cost a scan,
        // and every KiB a system call.
        reply_line.clear();
        let written = serde_json::to_writer(&mut reply_line, &reply)
            .map_err(std::io::Error::from)
            .and_then(|()| {
                reply_line.push(b'\n');
                output.write_all(&reply_line)
            })
            .and_then(|()| output.write_all(&json))
            .and_then(|()| output.flush());
        if written.is_err() {
            return ExitCode::FAILURE;
        }
    }
}

#[cfg(unix)]
fn path_to_bytes(path: &Path) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt;
    path.as_os_str().as_bytes().to_vec()
}

#[cfg(unix)]
fn path_from_bytes(bytes: &[u8]) -> PathBuf {
    use std::os::unix::ffi::OsStrExt;
    PathBuf::from(std::ffi::OsStr::from_bytes(bytes))
}

#[cfg(not(unix))]
fn path_to_bytes(path: &Path) -> Vec<u8> {
    path.to_string_lossy().into_owned().into_bytes()
}

#[cfg(not(unix))]
fn path_from_bytes(bytes: &[u8]) -> PathBuf {
    PathBuf::from(String::from_utf8_lossy(bytes).into_owned())
}

/// Workers of one batch: idle ones wait here for the next document; a worker
/// that failed is never put back.
pub struct Pool {
    exe: PathBuf,
    settings: Settings,
    workers: Mutex<Workers>,
    /// Signalled whenever a worker becomes idle or a busy one is gone.
    freed: Condvar,
    /// Most workers at once (0: one per thread extracting at the same time).
    limit: usize,
    stop: Stop,
}

/// The pool's workers: those waiting for a document, and how many are busy.
#[derive(Default)]
struct Workers {
    idle: Vec<Worker>,
    busy: usize,
}

impl Pool {
    /// A pool that starts `exe __worker` as needed, at most one per thread
    /// extracting at the same time. When `stop` is requested, the extractions
    /// under way are abandoned (their workers killed) and fail as transient.
    pub fn new(exe: &Path, settings: Settings, stop: Stop) -> Pool {
        Pool {
            exe: exe.to_path_buf(),
            settings,
            workers: Mutex::new(Workers::default()),
            freed: Condvar::new(),
            limit: 0,
            stop,
        }
    }

    /// The same pool with at most `workers` workers at once, however many
    /// threads extract through it: a thread beyond them waits for one to be
    /// free. More threads than workers keep the workers busy while a thread
    /// writes out the document it got.
    pub fn at_most(mut self, workers: usize) -> Pool {
        self.limit = workers;
        self
    }

    /// An idle worker, or `None` when this caller may start one: waits while
    /// `limit` workers are busy.
    fn take(&self) -> Option<Worker> {
        let mut workers = self.workers.lock().unwrap_or_else(PoisonError::into_inner);
        loop {
            if let Some(worker) = workers.idle.pop() {
                workers.busy += 1;
                return Some(worker);
            }
            if self.limit == 0 || workers.busy < self.limit {
                workers.busy += 1;
                return None;
            }
            workers = self
                .freed
                .wait(workers)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }

    /// A busy worker done: back to the idle ones, or (`None`) gone.
    fn give_back(&self, worker: Option<Worker>) {
        let mut workers = self.workers.lock().unwrap_or_else(PoisonError::into_inner);
        workers.busy = workers.busy.saturating_sub(1);
        workers.idle.extend(worker);
        self.freed.notify_one();
    }

    /// Extracts `path` in an idle worker, or a new one, within the time limit.
    /// A worker that dies or overruns its time may have been killed by the
    /// system under load (the OOM killer): the document is tried once more, in
    /// a fresh worker, before it fails (unless the batch is stopping).
    pub fn extract(&self, path: &Path) -> Result<Encoded, Error> {
        match self.extract_once(path) {
            Err(Error::Isolated { code, .. }) if code.is_transient() && !self.stop.requested() => {
                self.extract_once(path)
            }
            result => result,
        }
    }

    fn extract_once(&self, path: &Path) -> Result<Encoded, Error> {
        let failed = |code: WarningCode, reason: String| Error::Isolated {
            path: path.to_path_buf(),
            code,
            reason,
        };
        let mut worker = match self.take() {
            Some(w) => w,
            None => Worker::start(&self.exe, self.settings).map_err(|e| {
                self.give_back(None);
                failed(
                    WarningCode::ExtractionCrashed,
                    format!("cannot start the extraction process: {e}"),
                )
            })?,
        };
        match worker.extract(path, self.settings, &self.stop) {
            Ok((reply, json)) => {
                // Free for the next document before this one is written.
                self.give_back(Some(worker));
                match reply {
                    Reply::Document {
                        listing,
                        sha256,
                        bytes,
                    } => Ok(Encoded {
                        listing,
                        sha256,
                        bytes,
                        json,
                    }),
                    Reply::Failed { code, reason } => Err(failed(code, reason)),
                }
            }
            Err((code, reason)) => {
                worker.stop();
                self.give_back(None);
                Err(failed(code, reason))
            }
        }
    }
}

impl Drop for Pool {
    fn drop(&mut self) {
        let workers = self
            .workers
            .get_mut()
            .unwrap_or_else(PoisonError::into_inner);
        for worker in std::mem::take(&mut workers.idle) {
            worker.finish();
        }
    }
}

/// One running worker process and the threads reading its output.
struct Worker {
    child: Child,
    stdin: Option<ChildStdin>,
    replies: Receiver<Received>,
    stderr: Option<JoinHandle<Vec<u8>>>,
}

/// mimalloc's switch for transparent huge pages, passed on to the workers.
const ALLOCATOR_THP: &str = "MIMALLOC_ALLOW_THP";

impl Worker {
    fn start(exe: &Path, settings: Settings) -> std::io::Result<Worker> {
        let mut command = Command::new(exe);
        command
            .arg(WORKER_COMMAND)
            .args([CPU_LIMIT_OPTION, &settings.timeout_s.to_string()])
            // The worker reads PDFs, not the caller's secrets: no inherited
            // environment. A crash's reason is its last words: no backtraces.
            // The allocator's huge-page setting is the caller's choice (see
            // `main`), so it goes along.
            .env_clear()
            .env("RUST_BACKTRACE", "0")
            .envs(std::env::var_os(ALLOCATOR_THP).map(|v| (ALLOCATOR_THP, v)))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        bound_memory(&mut command, settings.max_memory_mb);
        #[cfg(target_os = "linux")]
        confine(&mut command);
        let mut child = command.spawn()?;
        #[cfg(target_os = "linux")]
        if let Some(stdout) = &child.stdout {
            widen_pipe(stdout);
        }
        // Both pipes are read while the worker runs: a full pipe would block it.
        let (send, replies) = std::sync::mpsc::channel();
        let stdout = child.stdout.take();
        std::thread::spawn(move || {
            let Some(stdout) = stdout else { return };
            // A reply is a document, hundreds of KiB: read it in large pieces.
            let mut replies = BufReader::with_capacity(REPLY_BUFFER, stdout);
            // Until the output closes, or holds what is not a reply.
            while let Some(received) = read_reply(&mut replies) {
                let unreadable = received.is_err();
                if send.send(received).is_err() || unreadable {
                    return;
                }
            }
        });
        let stderr = child
            .stderr
            .take()
            .map(|pipe| std::thread::spawn(move || tail(pipe)));
        Ok(Worker {
            stdin: child.stdin.take(),
            child,
            replies,
            stderr,
        })
    }

    /// Sends one path and waits for its reply and the document's bytes; on
    /// failure the worker is no longer usable and the error says why, as a
    /// code and a reason.
    fn extract(
        &mut self,
        path: &Path,
        settings: Settings,
        stop: &Stop,
    ) -> Result<(Reply, Vec<u8>), (WarningCode, String)> {
        let mut request = path_to_bytes(path);
        request.push(0);
        // A path is far smaller than a pipe's buffer: this write cannot block
        // on a worker that does not read.
        let sent = match self.stdin.as_mut() {
            Some(stdin) => stdin.write_all(&request).and_then(|()| stdin.flush()),
            None => Err(std::io::ErrorKind::BrokenPipe.into()),
        };
        if sent.is_err() {
            return Err(self.crashed(settings));
        }
        // A time limit of 0 is none.
        let deadline = (settings.timeout_s > 0)
            .then(|| Instant::now() + Duration::from_secs(settings.timeout_s));
        let reply = loop {
            if stop.requested() {
                return Err((
                    WarningCode::ExtractionCrashed,
                    "stopped: the run was interrupted".to_string(),
                ));
            }
            let wait = deadline.map_or(STOP_POLL, |d| {
                d.saturating_duration_since(Instant::now()).min(STOP_POLL)
            });
            match self.replies.recv_timeout(wait) {
                Err(RecvTimeoutError::Timeout) if deadline.is_none_or(|d| Instant::now() < d) => {}
                reply => break reply,
            }
        };
        match reply {
            Ok(Ok(reply)) => Ok(reply),
            Ok(Err(reason)) => Err((
                WarningCode::ExtractionCrashed,
                format!("the extraction gave no readable result: {reason}"),
            )),
            Err(RecvTimeoutError::Timeout) => Err((
                WarningCode::ExtractionTimeout,
                format!(
                    "extraction took longer than {} s and was stopped",
                    settings.timeout_s
                ),
            )),
            Err(RecvTimeoutError::Disconnected) => Err(self.crashed(settings)),
        }
    }

    /// The worker closed its output without a reply: waits for it to exit and
    /// tells how it ended.
    fn crashed(&mut self, settings: Settings) -> (WarningCode, String) {
        self.stdin = None;
        let status = match self.child.wait_timeout(EXIT_GRACE) {
            Ok(Some(status)) => Some(status),
            _ => {
                let _ = self.child.kill();
                self.child.wait().ok()
            }
        };
        let stderr = self
            .stderr
            .take()
            .and_then(|t| t.join().ok())
            .unwrap_or_default();
        match status {
            Some(status) if !status.success() => crash_reason(status, &stderr, settings),
            _ => (
                WarningCode::ExtractionCrashed,
                "the extraction gave no readable result: the process ended without one".to_string(),
            ),
        }
    }

    /// Kills a worker that failed or overran its time.
    fn stop(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Lets an idle worker end by closing its input.
    fn finish(mut self) {
        self.stdin = None;
        if !matches!(self.child.wait_timeout(EXIT_GRACE), Ok(Some(_))) {
            self.stop();
        }
    }
}

/// Bounds the address space of the process `command` starts, from its first
/// instruction: the allocator reserves its arenas at start-up, before the
/// worker's own code could set a limit. Without the bound (not Unix, or the
/// limit refused) the extraction still runs; the time limit remains.
fn bound_memory(command: &mut Command, max_memory_mb: u64) {
    #[cfg(unix)]
    if max_memory_mb > 0 {
        use std::os::unix::process::CommandExt;
        let bytes = max_memory_mb.saturating_mul(1024 * 1024);
        // SAFETY: runs in the forked child before exec; `setrlimit` is one
        // system call, allocates nothing and takes no lock.
        unsafe {
            command.pre_exec(move || {
                let _ = rlimit::setrlimit(rlimit::Resource::AS, bytes, bytes);
                Ok(())
            });
        }
    }
    #[cfg(not(unix))]
    let _ = (command, max_memory_mb);
}

/// Linux: the worker dies with the parent, killed by the kernel when the
/// thread that started it ends (the parent killed, or the batch over and its
/// threads gone, when workers are idle), so no worker outlives a killed run;
/// and it can gain no privileges through exec (set-user-id programs).
#[cfg(target_os = "linux")]
fn confine(command: &mut Command) {
    use std::os::unix::process::CommandExt;
    let parent = libc::pid_t::try_from(std::process::id()).unwrap_or(0);
    // SAFETY: runs in the forked child before exec; `prctl` and `getppid` are
    // single system calls that allocate nothing and take no lock.
    unsafe {
        command.pre_exec(move || {
            if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL) != 0
                || libc::prctl(libc::PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0
            {
                return Err(std::io::Error::last_os_error());
            }
            // The parent may have died before the signal was asked for.
            if libc::getppid() != parent {
                return Err(std::io::Error::other("the parent process is gone"));
            }
            Ok(())
        });
    }
}

/// Lets a reply, hundreds of KiB, fit in its pipe: through 64 KiB the worker
/// waited for the parent to drain each piece, a round of wake-ups of both
/// processes per piece, which on a loaded machine costs more than the copy.
/// Refused, the pipe keeps its size and replies still arrive.
#[cfg(target_os = "linux")]
fn widen_pipe(pipe: &impl std::os::fd::AsRawFd) {
    // SAFETY: `fcntl` on a descriptor this process owns, open for as long as
    // `pipe` is borrowed; F_SETPIPE_SZ only resizes the pipe's buffer.
    unsafe {
        libc::fcntl(pipe.as_raw_fd(), libc::F_SETPIPE_SZ, REPLY_PIPE);
    }
}

/// One reply from a worker's output: `None` when the output ended first
/// (the worker died, perhaps in the middle of a document), an error when it
/// holds something else.
fn read_reply(replies: &mut impl BufRead) -> Option<Received> {
    let mut line = Vec::new();
    match replies.read_until(b'\n', &mut line) {
        Ok(0) | Err(_) => return None,
        Ok(_) => {}
    }
    let reply = match serde_json::from_slice::<Reply>(&line) {
        Ok(reply) => reply,
        Err(e) => return Some(Err(e.to_string())),
    };
    let length = match &reply {
        Reply::Document { listing, .. } => listing.json_bytes,
        Reply::Failed { .. } => 0,
    };
    // Read as it comes, not allocated at the length announced.
    let mut json = Vec::new();
    match replies.take(length).read_to_end(&mut json) {
        Ok(n) if n as u64 == length => Some(Ok((reply, json))),
        _ => None,
    }
}

/// The last few KiB a worker wrote on its standard error: enough for the
/// message of its death, bounded however long it lived.
fn tail(mut pipe: impl Read) -> Vec<u8> {
    const KEEP: usize = 4096;
    let mut kept = Vec::new();
    let mut chunk = [0u8; KEEP];
    loop {
        match pipe.read(&mut chunk) {
            Ok(0) | Err(_) => return kept,
            Ok(n) => {
                kept.extend_from_slice(&chunk[..n]);
                if kept.len() > KEEP {
                    kept.drain(..kept.len() - KEEP);
                }
            }
        }
    }
}

/// Unix: the document about to be extracted may use `seconds` of CPU time
/// beyond what the worker used so far; past that the kernel ends the worker
/// (SIGXCPU). The parent's wall-clock limit comes first; this one holds when
/// the parent cannot enforce it (stopped, hung, or gone before the kernel's
/// parent-death signal reached the worker).
fn limit_cpu(seconds: u64) {
    #[cfg(unix)]
    if seconds > 0 {
        // SAFETY: `getrusage` fills the struct it is given, nothing else.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        if unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) } != 0 {
            return;
        }
        // Whole seconds, rounded up: the limit is never below what was used.
        let used = (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec + 1).max(0) as u64;
        if let Ok((_, hard)) = rlimit::getrlimit(rlimit::Resource::CPU) {
            let soft = used.saturating_add(seconds).min(hard);
            let _ = rlimit::setrlimit(rlimit::Resource::CPU, soft, hard);
        }
    }
    #[cfg(not(unix))]
    let _ = seconds;
}

/// Why a worker died, as a code and in words: its signal or exit code and
/// its last message.
fn crash_reason(status: ExitStatus, stderr: &[u8], settings: Settings) -> (WarningCode, String) {
    #[cfg(unix)]
    let (code, how) = {
        use std::os::unix::process::ExitStatusExt;
        match status.signal() {
            Some(libc::SIGXCPU) => (
                WarningCode::ExtractionTimeout,
                format!(
                    "extraction used more than {} s of CPU time and was stopped",
                    settings.timeout_s
                ),
            ),
            sig => (
                WarningCode::ExtractionCrashed,
                match sig {
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
                },
            ),
        }
    };
    #[cfg(not(unix))]
    let (code, how) = (
        WarningCode::ExtractionCrashed,
        format!("the extraction failed with {status}"),
    );
    let last = String::from_utf8_lossy(stderr)
        .lines()
        .rev()
        // The runtime's advice on backtraces follows the message that matters.
        .find(|l| !l.trim().is_empty() && !l.starts_with("note: "))
        .map(|l| l.trim().chars().take(200).collect::<String>());
    match last {
        Some(l) => (code, format!("{how}: {l}")),
        None => (code, how),
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::process::ExitStatusExt;

    const SETTINGS: Settings = Settings {
        timeout_s: 7,
        max_memory_mb: 100,
    };

    #[test]
    fn a_worker_ended_for_its_cpu_time_ran_out_of_time() {
        // A wait status of a process killed by a signal holds the signal's number.
        let (code, reason) = crash_reason(ExitStatus::from_raw(libc::SIGXCPU), b"", SETTINGS);
        assert_eq!(code, WarningCode::ExtractionTimeout);
        assert_eq!(
            reason,
            "extraction used more than 7 s of CPU time and was stopped"
        );
        let (code, reason) = crash_reason(ExitStatus::from_raw(libc::SIGSEGV), b"", SETTINGS);
        assert_eq!(code, WarningCode::ExtractionCrashed);
        assert_eq!(reason, "the extraction crashed (segmentation fault)");
    }
}

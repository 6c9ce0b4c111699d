//! A request to stop a batch (SIGINT, SIGTERM): no new document is started,
//! extractions under way in worker processes are abandoned, and what finished
//! is written out as usual.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// Shared by the batch, its workers and whoever asks it to stop (a signal
/// handler sets the flag inside: [`Stop::flag`]).
#[derive(Debug, Clone, Default)]
pub struct Stop(Arc<AtomicBool>);

impl Stop {
    /// Asks the batch to stop.
    pub fn request(&self) {
        self.0.store(true, Ordering::SeqCst);
    }

    /// Whether the batch was asked to stop.
    pub fn requested(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }

    /// The flag itself, for a signal handler to set.
    pub fn flag(&self) -> Arc<AtomicBool> {
        Arc::clone(&self.0)
    }
}

//! piani turns the Italian regions' 2015 integration plans (PDF) into comparable data.
//!
//! The pipeline, one module per stage, data flowing one way:
//!
//! 1. [`pdf`]: bytes → pages (glyphs with positions, stroked segments, filled rectangles);
//!    [`orientation`]: pages drawn sideways or upside down turned to read upright;
//! 2. [`layout`]: pages → lines of words and spans, in reading order;
//!    [`furniture`]: running headers, footers and page numbers removed;
//! 3. [`sections`]: lines → the template's sections; [`region`]: who submitted it;
//!    [`tables`]: ruling lines ([`rules`]) → grids of cells;
//! 4. [`records`]: contacts, recipients, actors, Gantt and costs from tables and
//!    prose, amounts and quantities read by [`numbers`];
//! 5. [`document`]: everything assembled into the normalized [`model::Document`];
//! 6. [`check`]: a document held against the template and against itself;
//! 7. [`writers`]: JSON per document, the cross-document CSV tables, and the
//!    HTML report comparing the plans.
//!
//! [`batch`] runs the pipeline over many files in parallel: [`input`] reads
//! (or hashes) each file and extracts it in process, [`isolate`] in worker
//! processes, [`manifest`] remembers what was done, [`lock`] keeps one run
//! per output folder and [`stop`] carries a signal's request to stop.

pub mod batch;
pub mod check;
pub mod document;
pub mod error;
pub mod furniture;
pub mod input;
pub mod isolate;
pub mod layout;
pub mod lock;
pub mod manifest;
pub mod model;
pub mod numbers;
pub mod orientation;
pub mod pdf;
pub mod plans;
pub mod records;
pub mod region;
pub mod rules;
pub mod sections;
pub mod stop;
pub mod tables;
#[cfg(test)]
mod testing;
pub mod text;
pub mod writers;

pub use document::extract;
pub use error::{Error, PdfError};
pub use model::Document;

/// This build's version, recorded in the manifest.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The revision of what extraction writes: raised whenever the output for some
/// input changes, so that a re-run extracts again every document an earlier
/// revision wrote (the version alone changes only with a release).
/// `tests/revision.rs` fails when the corpus output changes and this does not.
pub const EXTRACTION_REVISION: u32 = 107;

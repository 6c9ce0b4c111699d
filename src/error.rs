//! Errors as values: why a file could not be read, in words a user can act on.

use std::path::PathBuf;

/// Why a PDF could not be turned into pages.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("the file is empty")]
    Empty,
    #[error("not a PDF (no %PDF- header in the first kilobyte)")]
    NotPdf,
    #[error("encrypted with a password: decrypt it first (qpdf --decrypt --password=…)")]
    Encrypted,
    #[error("damaged beyond repair: {0}")]
    Damaged(String),
    #[error("the PDF library panicked: {0}")]
    Panic(String),
}

/// A failure of one input file, naming the file.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{}: cannot read: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: {source}", path.display())]
    Pdf { path: PathBuf, source: PdfError },
    #[error("{}: extraction panicked: {message}", path.display())]
    Panic { path: PathBuf, message: String },
    /// A failure reported from, or about, an isolated extraction process.
    #[error("{}: {reason}", path.display())]
    Isolated {
        path: PathBuf,
        code: crate::model::WarningCode,
        reason: String,
    },
}

impl Error {
    /// A short machine-readable code for the warnings table.
    pub fn code(&self) -> crate::model::WarningCode {
        use crate::model::WarningCode as W;
        match self {
            Error::Io { .. } => W::FileUnreadable,
            Error::Pdf { source, .. } => match source {
                PdfError::Empty | PdfError::NotPdf => W::NotAPdf,
                PdfError::Encrypted => W::PdfEncrypted,
                PdfError::Damaged(_) => W::PdfDamaged,
                PdfError::Panic(_) => W::ExtractionPanic,
            },
            Error::Panic { .. } => W::ExtractionPanic,
            Error::Isolated { code, .. } => *code,
        }
    }

    /// The reason without the file name.
    pub fn reason(&self) -> String {
        match self {
            Error::Io { source, .. } => format!("cannot read: {source}"),
            Error::Pdf { source, .. } => source.to_string(),
            Error::Panic { message, .. } => format!("extraction panicked: {message}"),
            Error::Isolated { reason, .. } => reason.clone(),
        }
    }
}

//! Hand-coding validation: how far a lexicon's matches can be trusted.
//!
//! A dictionary count is a measurement only once someone has checked what
//! it matched (Grimmer and Stewart 2013). This module owns that loop:
//!
//! - [`sample`]: a stratified random sample of matches (outlet x category
//!   or outlet x term) and of sentences without a match, drawn from the
//!   stream of matched articles the report counts, seeded and reproducible;
//! - [`context`]: the sentence (or words) around an item, the match marked;
//! - [`sheet`]: which coder codes which items in which order, and the
//!   coding sheet as CSV or .xlsx bytes;
//! - [`read`]: coded sheets read back, with errors naming file and row;
//! - [`summary`]: precision per stratum, term, category and outlet, the
//!   miss rate, agreement between coders, flagged terms, and the
//!   `validation.csv` table;
//! - [`load`]: those tables read back, for `report --validation`;
//! - [`correct`]: counts, rates and shares corrected for precision, with
//!   intervals that carry both the article sampling and the precision's
//!   uncertainty.
//!
//! It knows the matcher's hits, the count table and the statistics; it
//! does not know the report's files or page, nor the command line, and it
//! opens no file for writing (sheets are returned as bytes).

pub mod context;
pub mod correct;
pub mod load;
pub mod read;
pub mod sample;
pub mod sheet;
pub mod summary;

pub use context::{Context, ContextSpec};
pub use correct::{correct, CorrectOptions, Corrected, CorrectedCell, PrecisionModel};
pub use load::ValidationTables;
pub use read::{read_sheet, Code, CodedRow, CodedSheet, ReadOptions};
pub use sample::{Item, ItemKind, MissScope, Sample, SampleOptions, Sampler, Strata};
pub use sheet::{assign, sheet_csv, sheet_xlsx, Assignment, SHEET_COLUMNS};
pub use summary::{validate, ValidateOptions, Validation};

use std::path::PathBuf;
use thiserror::Error;

/// What went wrong reading, checking or summarising coded sheets.
#[derive(Debug, Error)]
pub enum ValidationError {
    #[error("cannot read {file}: {source}")]
    Read {
        file: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// The file is not a coding sheet (or not a readable one).
    #[error("{file}:{line}: the sheet {what}")]
    Sheet {
        file: PathBuf,
        line: usize,
        what: String,
    },

    #[error("{file}:{line}: item {item} has no code; write yes, no or unsure in the `code` column (or pass --allow-blank to leave uncoded items out)")]
    MissingCode {
        file: PathBuf,
        line: usize,
        item: String,
    },

    #[error(
        "{file}:{line}: `{value}` is not a code; write yes, no or unsure in the `code` column"
    )]
    UnknownCode {
        file: PathBuf,
        line: usize,
        value: String,
    },

    #[error("{file}:{line}: {what}")]
    Edited {
        file: PathBuf,
        line: usize,
        what: String,
    },

    #[error("{file}:{line}: this row is from sample {found}, but the sheets so far are from sample {expected}; validate the sheets of one sample together (each `framescore sample` run is a new sample)")]
    OtherSample {
        file: PathBuf,
        line: usize,
        found: String,
        expected: String,
    },

    /// Two sheets of one coder, or another problem across sheets.
    #[error("{0}")]
    Sheets(String),

    /// A sampling design that cannot be drawn (no coders, a bad overlap).
    #[error("{0}")]
    Design(String),

    /// A validation table (`validation.csv`) that cannot be used.
    #[error("{file}:{line}: {what}")]
    Table {
        file: PathBuf,
        line: usize,
        what: String,
    },

    #[error("cannot write a coding sheet as .xlsx")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),

    #[error("cannot write a table as CSV")]
    Csv(#[from] csv::Error),

    #[error("cannot write a table")]
    Io(#[from] std::io::Error),

    #[error(transparent)]
    Stats(#[from] crate::stats::StatsError),
}

impl ValidationError {
    /// True when the user can fix it by changing an input (exit 2).
    pub fn is_bad_input(&self) -> bool {
        !matches!(
            self,
            ValidationError::Xlsx(_) | ValidationError::Csv(_) | ValidationError::Io(_)
        )
    }
}

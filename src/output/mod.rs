//! The one place that writes files. Every table, chart, page and marker a
//! command leaves on disk goes through here:
//!
//! - [`guard`]: the formula guard, applied to every CSV cell of every
//!   command (a cell that a spreadsheet would run as a formula gets a `'`
//!   in front; plain numbers are left alone);
//! - [`cell`]: the typed cells every table hands its writers ([`Value`])
//!   and what a column holds ([`Format`]);
//! - [`csv`]: CSV files and in-memory CSV rows, with the guard, the
//!   optional byte-order mark, the dialect (`excel-eu`: semicolons and
//!   decimal commas), and numbers written the way spreadsheets read them
//!   ([`num`]);
//! - [`xlsx`]: workbooks (`report.xlsx`): data sheets with formats, text
//!   sheets, native charts;
//! - [`publish`]: a report folder built in a hidden staging folder beside
//!   its destination and swapped into place only when complete, so a failed
//!   or interrupted run leaves the previous report as it was;
//! - [`place`]: where a command may write at all: never on, around or
//!   inside an input, never through a link, never over a file or folder
//!   framescore did not write unless `--force`;
//! - [`write_atomically`] and [`write_file`] for single files.
//!
//! It knows nothing of corpora, lexicons, counts or statistics: callers
//! hand it paths, headers, rows and bytes.

pub mod cell;
pub mod csv;
pub mod guard;
pub mod place;
pub mod publish;
pub mod xlsx;

pub use self::csv::{CsvFile, CsvOptions, Dialect, RowBuffer};
pub use cell::{as_written, num, opt, Format, Value};
pub use guard::{guard, unguard, SafeWriter};
pub use publish::{abandon_staging, Staging};

use std::path::{Path, PathBuf};

/// Why something could not be written. Each names the path and keeps the
/// underlying error as its source.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("cannot write {path}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot write {path}")]
    Csv {
        path: PathBuf,
        #[source]
        source: ::csv::Error,
    },
    #[error("cannot write {path}")]
    Json {
        path: PathBuf,
        #[source]
        source: serde_json::Error,
    },
    #[error("cannot write the workbook {path}")]
    Xlsx {
        path: PathBuf,
        #[source]
        source: rust_xlsxwriter::XlsxError,
    },
    #[error("{path} exists and was not written by framescore (no run.json): choose another --out or pass --force to replace it")]
    NotOurs { path: PathBuf },
    #[error("cannot write {path}: interrupted; the previous report is left as it was")]
    Interrupted { path: PathBuf },
    #[error("will not write {path}: it {why}")]
    Unsafe { path: PathBuf, why: String },
    #[error("the lexicon's name `{name}` {why}, so it cannot name the report folder: give the lexicon a plain name (name = \"syria\") or pass --out")]
    BadName { name: String, why: String },
}

impl OutputError {
    /// True when the user can fix it by choosing another output.
    pub fn is_bad_input(&self) -> bool {
        matches!(
            self,
            OutputError::NotOurs { .. } | OutputError::Unsafe { .. } | OutputError::BadName { .. }
        )
    }
}

/// `io::Error` -> [`OutputError::Io`] naming `path`.
pub fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> OutputError + '_ {
    move |source| OutputError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Writes `bytes` to `path` (inside a staging folder, or a file the
/// caller has checked may be replaced).
pub fn write_file(path: &Path, bytes: impl AsRef<[u8]>) -> Result<(), OutputError> {
    std::fs::write(path, bytes).map_err(io_err(path))
}

/// Creates `dir` and its parents.
pub fn create_dir(dir: &Path) -> Result<(), OutputError> {
    std::fs::create_dir_all(dir).map_err(io_err(dir))
}

/// Writes `value` as pretty-printed JSON with a final newline.
pub fn write_json(path: &Path, value: &impl serde::Serialize) -> Result<(), OutputError> {
    let text = serde_json::to_string_pretty(value).map_err(|source| OutputError::Json {
        path: path.to_path_buf(),
        source,
    })?;
    write_file(path, text + "\n")
}

/// Writes through `write` to a temporary file beside `path` (named
/// `.<name>.<pid>.tmp.<extension>`), then renames it over `path`, so a
/// reader never sees a half-written file; the temporary file is removed
/// on failure.
pub fn write_atomically<E>(
    path: &Path,
    extension: &str,
    write: impl FnOnce(&Path) -> Result<(), E>,
    io: impl FnOnce(std::io::Error) -> E,
) -> Result<(), E> {
    let name = path
        .file_name()
        .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
    let tmp = path.with_file_name(format!(".{name}.{}.tmp.{extension}", std::process::id()));
    let result = write(&tmp).and_then(|()| std::fs::rename(&tmp, path).map_err(io));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

//! CSV and TSV corpus tables (`.tsv` is tab-separated; `.gz` is
//! decompressed as it streams): one article per row, columns chosen by name.

use super::options::CorpusOptions;
use super::record::{check_columns, SeenIds};
use super::{stream, Article, CorpusError};
use std::io::BufRead;
use std::path::{Path, PathBuf};

type Reader = csv::Reader<Box<dyn BufRead>>;

fn reader(path: &Path) -> Result<Reader, CorpusError> {
    Ok(csv::ReaderBuilder::new()
        .delimiter(if stream::is_tsv(path) { b'\t' } else { b',' })
        .flexible(false)
        .from_reader(stream::open(path)?))
}

fn headers(path: &Path, reader: &mut Reader) -> Result<Vec<String>, CorpusError> {
    Ok(reader
        .headers()
        .map_err(|e| CorpusError::Invalid {
            path: path.to_path_buf(),
            message: format!("cannot read the header row: {e}"),
        })?
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').trim().to_string())
        .collect())
}

/// Opens the table and checks its header has the columns the options need.
fn open_checked(
    path: &Path,
    options: &CorpusOptions,
) -> Result<(Reader, Vec<String>), CorpusError> {
    let mut reader = reader(path)?;
    let headers = headers(path, &mut reader)?;
    let names = &options.columns;
    check_columns(
        &headers,
        &[
            (names.text.as_str(), "--text-column"),
            (names.outlet.as_str(), "--outlet-column"),
        ],
        options,
    )
    .map_err(|message| CorpusError::Invalid {
        path: path.to_path_buf(),
        message: format!("{message}; optional: id, date, title, url, any others kept as metadata"),
    })?;
    Ok((reader, headers))
}

pub fn check_header(path: &Path, options: &CorpusOptions) -> Result<(), CorpusError> {
    open_checked(path, options).map(|_| ())
}

/// True when the header line ends in CRLF. The csv crate counts a record's
/// line before consuming the `\n` of the CRLF that ends the record before
/// it, one short in such files; [`TableRows`] adds it back.
fn crlf(path: &Path) -> Result<bool, CorpusError> {
    let mut first = Vec::new();
    stream::open(path)?
        .read_until(b'\n', &mut first)
        .map_err(|e| CorpusError::Invalid {
            path: path.to_path_buf(),
            message: stream::read_error(path, &e),
        })?;
    Ok(first.ends_with(b"\r\n"))
}

/// Streams the rows of a corpus table as articles.
pub struct TableRows {
    path: PathBuf,
    reader: Reader,
    headers: Vec<String>,
    options: CorpusOptions,
    record: csv::ByteRecord,
    seen: SeenIds,
    done: bool,
    /// Added to the csv crate's line numbers (see [`crlf`]).
    line_offset: u64,
}

impl TableRows {
    pub fn open(path: &Path, options: &CorpusOptions) -> Result<TableRows, CorpusError> {
        let (reader, headers) = open_checked(path, options)?;
        Ok(TableRows {
            path: path.to_path_buf(),
            reader,
            headers,
            options: options.clone(),
            record: csv::ByteRecord::new(),
            seen: SeenIds::default(),
            done: false,
            line_offset: u64::from(crlf(path)?),
        })
    }

    fn row(&mut self) -> Result<Option<Article>, CorpusError> {
        let more = self
            .reader
            .read_byte_record(&mut self.record)
            .map_err(|e| {
                let line = e.position().map_or(0, |p| p.line()) + self.line_offset;
                if let csv::ErrorKind::Io(io) = e.kind() {
                    self.done = true;
                    return CorpusError::Invalid {
                        path: self.path.clone(),
                        message: format!(
                            "after line {line}: {}",
                            stream::read_error(&self.path, io)
                        ),
                    };
                }
                CorpusError::Row {
                    path: self.path.clone(),
                    line,
                    message: format!("malformed CSV row: {e}"),
                }
            })?;
        if !more {
            return Ok(None);
        }
        let line = self.record.position().map_or(0, |p| p.line()) + self.line_offset;
        let row_err = |message: String| CorpusError::Row {
            path: self.path.clone(),
            line,
            message,
        };
        let mut fields = Vec::with_capacity(self.record.len());
        for (header, raw) in self.headers.iter().zip(self.record.iter()) {
            let s = std::str::from_utf8(raw).map_err(|e| {
                row_err(format!(
                    "invalid UTF-8 in column `{header}` at byte {} of the cell: convert the file to UTF-8",
                    e.valid_up_to()
                ))
            })?;
            fields.push((header.as_str(), s));
        }
        self.seen
            .row_article(&fields, &self.options.columns, &self.path, line)
            .map(Some)
    }
}

impl Iterator for TableRows {
    type Item = Result<Article, CorpusError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        self.row().transpose()
    }
}

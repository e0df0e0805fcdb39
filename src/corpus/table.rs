//! CSV and TSV corpus tables (`.tsv` is tab-separated; `.gz` is
//! decompressed as it streams): one article per row, columns chosen by name.
//! The table is one part, read as one stream: the row splitter
//! ([`super::records`]) is the hot path of reading a large corpus.

use super::options::CorpusOptions;
use super::record::{check_columns, SeenIds};
use super::records::{Record, RecordError, Records};
use super::source::{self, Articles, Format, Source};
use super::{stream, Article, CorpusError};
use std::io::{BufRead, Read};
use std::path::{Path, PathBuf};

/// A table's rows as text cells beside the header's column names: what a
/// corpus table and a folder's manifest share. Every row is checked to
/// have one cell per column and to be UTF-8.
pub struct Cells<R> {
    path: PathBuf,
    rows: Records<R>,
    headers: Vec<String>,
    record: Record,
    /// A read error ended the table.
    done: bool,
}

/// A row's line, its (column, cell) pairs, and the cell of the column
/// [`Cells::own_column`] named (not among the pairs).
pub type Row<'a> = (u64, Vec<(&'a str, &'a str)>, Option<String>);

impl<R: Read> Cells<R> {
    /// Reads the header row of `input`, the contents of `path`.
    pub fn open(path: &Path, input: R, delimiter: u8) -> Result<Cells<R>, CorpusError> {
        let mut rows = Records::new(input, delimiter);
        let invalid = |message: String| CorpusError::Invalid {
            path: path.to_path_buf(),
            message: format!("cannot read the header row: {message}"),
        };
        let mut header = Record::default();
        rows.read(&mut header).map_err(|e| match e {
            RecordError::Io(e) => invalid(stream::read_error(path, &e)),
            e => invalid(e.to_string()),
        })?;
        let headers = header
            .iter()
            .map(|h| {
                let h = std::str::from_utf8(h)
                    .map_err(|_| invalid("invalid UTF-8: convert the file to UTF-8".into()))?;
                Ok(h.trim().to_string())
            })
            .collect::<Result<_, _>>()?;
        Ok(Cells {
            path: path.to_path_buf(),
            rows,
            headers,
            record: Record::default(),
            done: false,
        })
    }

    /// Hands column `name`'s cells over as strings, without a copy (an
    /// article's text), instead of among the (column, cell) pairs.
    pub fn own_column(&mut self, name: &str) {
        if let Some(k) = self.headers.iter().position(|h| h == name) {
            self.record = Record::owning(k);
        }
    }

    pub fn headers(&self) -> &[String] {
        &self.headers
    }

    /// The next row's line and (column, cell) pairs; `None` at the end of
    /// the table or after a read error. A malformed row is an error the
    /// caller may skip.
    pub fn next_row(&mut self) -> Result<Option<Row<'_>>, CorpusError> {
        if self.done {
            return Ok(None);
        }
        let more = self.rows.read(&mut self.record).map_err(|e| {
            let path = self.path.clone();
            match e {
                RecordError::Io(e) => {
                    self.done = true;
                    CorpusError::Invalid {
                        message: format!(
                            "after line {}: {}",
                            self.rows.line(),
                            stream::read_error(&path, &e)
                        ),
                        path,
                    }
                }
                e @ RecordError::AfterQuote { line, .. } if e.is_row() => CorpusError::Row {
                    path,
                    line,
                    message: e.to_string(),
                },
                e => {
                    self.done = true;
                    CorpusError::Unreadable {
                        path,
                        line: e.line().unwrap_or_else(|| self.rows.line()),
                        message: e.to_string(),
                    }
                }
            }
        })?;
        if !more {
            return Ok(None);
        }
        let line = self.record.line;
        let row_err = |message: String| CorpusError::Row {
            path: self.path.clone(),
            line,
            message,
        };
        if self.record.len() != self.headers.len() {
            let tsv = stream::is_tsv(&self.path);
            return Err(row_err(format!(
                "malformed CSV row: {} cells where the header has {} (a cell holding a {} must be quoted)",
                self.record.len(),
                self.headers.len(),
                if tsv { "tab" } else { "comma" },
            )));
        }
        let invalid = |header: &str, at: usize| {
            row_err(format!(
                "invalid UTF-8 in column `{header}` at byte {at} of the cell: convert the file to UTF-8"
            ))
        };
        let own_cell = self.record.own_cell();
        let own = own_cell
            .map(|k| {
                crate::swar::utf8_string(self.record.take_own())
                    .map_err(|e| invalid(&self.headers[k], e.utf8_error().valid_up_to()))
            })
            .transpose()?;
        let mut fields = Vec::with_capacity(self.record.len());
        let cells = self.headers.iter().zip(self.record.iter()).enumerate();
        for (_, (header, raw)) in cells.filter(|(k, _)| Some(*k) != own_cell) {
            let s =
                simdutf8::basic::from_utf8(raw).map_err(|_| invalid(header, valid_up_to(raw)))?;
            fields.push((header.as_str(), s));
        }
        Ok(Some((line, fields, own)))
    }
}

/// Where the UTF-8 in `bytes` goes wrong (std's check only locates the
/// error: `simdutf8`'s is several times faster on text with curly quotes
/// and accents).
fn valid_up_to(bytes: &[u8]) -> usize {
    std::str::from_utf8(bytes).map_or_else(|e| e.valid_up_to(), str::len)
}

type Rows = Cells<Box<dyn BufRead + Send>>;

/// Opens the table and checks its header has the columns the options need.
fn open_checked(path: &Path, options: &CorpusOptions) -> Result<Rows, CorpusError> {
    let delimiter = if stream::is_tsv(path) { b'\t' } else { b',' };
    let mut rows = Cells::open(path, stream::open(path)?, delimiter)?;
    let names = &options.columns;
    rows.own_column(&names.text);
    check_columns(
        rows.headers(),
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
    Ok(rows)
}

pub const FORMAT: Format = Format {
    name: "table",
    recognises: |path| source::has_extension(path, &[".csv", ".tsv"]),
    open: |o| {
        open_checked(o.path, o.options)?;
        Ok(Box::new(Table {
            path: o.path.to_path_buf(),
            options: o.options.clone(),
            id_prefix: o.id_prefix.clone(),
        }))
    },
};

/// A corpus table whose header has been checked.
#[derive(Debug)]
struct Table {
    path: PathBuf,
    options: CorpusOptions,
    id_prefix: String,
}

impl Source for Table {
    fn path(&self) -> &Path {
        &self.path
    }

    fn read(&self, _part: usize) -> Articles<'_> {
        match open_checked(&self.path, &self.options) {
            Ok(rows) => Box::new(TableRows {
                path: self.path.clone(),
                rows,
                options: self.options.clone(),
                id_prefix: self.id_prefix.clone(),
                seen: SeenIds::default(),
            }),
            Err(e) => source::failed(e),
        }
    }
}

/// Streams the rows of a corpus table as articles.
struct TableRows {
    path: PathBuf,
    rows: Rows,
    options: CorpusOptions,
    id_prefix: String,
    seen: SeenIds,
}

impl TableRows {
    fn row(&mut self) -> Result<Option<Article>, CorpusError> {
        let Some((line, fields, text)) = self.rows.next_row()? else {
            return Ok(None);
        };
        let text = text.unwrap_or_default();
        self.seen
            .row_article(
                &fields,
                text,
                &self.options.columns,
                (&self.path, &self.id_prefix),
                line,
            )
            .map(Some)
    }
}

impl Iterator for TableRows {
    type Item = Result<Article, CorpusError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.row().transpose()
    }
}

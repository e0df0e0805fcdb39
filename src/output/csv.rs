//! CSV files as every command writes them: RFC 4180 via the `csv` crate,
//! every cell through the formula guard ([`super::guard`]), an optional
//! UTF-8 byte-order mark for Excel, and numbers in the form spreadsheets
//! read ([`num`]: empty for undefined, never `NaN` or `inf`). The
//! `excel-eu` [`Dialect`] is for spreadsheets set to a decimal comma:
//! semicolons between fields and numbers with a decimal comma.

pub use super::cell::{num, opt};
use super::cell::{CellText, Value};
use super::guard::SafeWriter;
use super::{io_err, OutputError};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// How CSV files are written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CsvOptions {
    /// Start the file with a UTF-8 byte-order mark (`--excel`), so Excel
    /// reads accented names as UTF-8.
    pub bom: bool,
    /// Separator and decimal mark (`--csv-dialect`).
    pub dialect: Dialect,
}

/// The separator and decimal mark of a CSV file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Dialect {
    /// RFC 4180: commas between fields, `.` before decimals.
    #[default]
    Standard,
    /// What Excel reads in locales with a decimal comma (most of Europe):
    /// semicolons between fields, `,` before decimals, and always the
    /// byte-order mark.
    ExcelEu,
}

impl Dialect {
    /// Its name on the command line and in `run.json`.
    pub fn name(self) -> &'static str {
        match self {
            Dialect::Standard => "standard",
            Dialect::ExcelEu => "excel-eu",
        }
    }
}

impl CsvOptions {
    fn separator(self) -> u8 {
        match self.dialect {
            Dialect::Standard => b',',
            Dialect::ExcelEu => b';',
        }
    }

    fn mark(self) -> u8 {
        match self.dialect {
            Dialect::Standard => b'.',
            Dialect::ExcelEu => b',',
        }
    }

    /// Whether files start with a UTF-8 byte-order mark.
    pub fn writes_bom(self) -> bool {
        self.bom || self.dialect == Dialect::ExcelEu
    }

    /// A cell as this dialect writes it: [`Value::csv`], with a decimal
    /// comma in `excel-eu`.
    pub fn cell(self, value: &Value) -> CellText<'_> {
        match (self.dialect, value) {
            (Dialect::ExcelEu, Value::Num(_)) => CellText::Owned(value.csv().replace('.', ",")),
            _ => value.csv(),
        }
    }

    fn writer<W: Write>(self, w: W) -> SafeWriter<W> {
        SafeWriter::headless_with(w, self.separator(), self.mark())
    }

    /// A writer of rows into memory: a buffer of [`ROWS_BUFFER`] bytes.
    fn rows_writer(self) -> SafeWriter<Vec<u8>> {
        SafeWriter::headless_buffered(Vec::new(), self.separator(), self.mark(), ROWS_BUFFER)
    }

    /// A row of typed cells as fields for the writer, text borrowed, not copied.
    fn fields<'a>(self, cells: &'a [Value]) -> impl Iterator<Item = Field<'a>> {
        cells.iter().map(move |c| Field(self.cell(c)))
    }
}

/// A cell's text as a field for [`SafeWriter::write_record`].
struct Field<'a>(CellText<'a>);

impl AsRef<[u8]> for Field<'_> {
    fn as_ref(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

/// A CSV file being written: header first, then rows, every cell guarded.
pub struct CsvFile {
    sink: Sink,
    path: PathBuf,
    options: CsvOptions,
}

/// Rows go through the CSV writer, or (rows made elsewhere as CSV bytes)
/// straight to the file.
enum Sink {
    Csv(Box<SafeWriter<BufWriter<File>>>),
    Raw(BufWriter<File>),
    /// Only while switching between the two.
    Switching,
}

impl CsvFile {
    /// Creates `path` and writes the byte-order mark (if asked) and the header.
    pub fn create<H: AsRef<[u8]>>(
        path: &Path,
        header: impl IntoIterator<Item = H>,
        options: CsvOptions,
    ) -> Result<CsvFile, OutputError> {
        let file = File::create(path).map_err(io_err(path))?;
        let mut out = BufWriter::new(file);
        if options.writes_bom() {
            out.write_all("\u{feff}".as_bytes()).map_err(io_err(path))?;
        }
        let mut w = CsvFile {
            sink: Sink::Csv(Box::new(options.writer(out))),
            path: path.to_path_buf(),
            options,
        };
        w.row(header)?;
        Ok(w)
    }

    /// Writes one row of typed cells, numbers in the file's dialect.
    pub fn values(&mut self, cells: &[Value]) -> Result<(), OutputError> {
        self.row(self.options.fields(cells))
    }

    /// Writes one row, every cell guarded.
    pub fn row<T: AsRef<[u8]>>(
        &mut self,
        record: impl IntoIterator<Item = T>,
    ) -> Result<(), OutputError> {
        if let Sink::Raw(_) = self.sink {
            if let Sink::Raw(out) = std::mem::replace(&mut self.sink, Sink::Switching) {
                self.sink = Sink::Csv(Box::new(self.options.writer(out)));
            }
        }
        match &mut self.sink {
            Sink::Csv(w) => w.write_record(record).map_err(|source| OutputError::Csv {
                path: self.path.clone(),
                source,
            }),
            _ => Ok(()),
        }
    }

    /// Appends rows already written as CSV bytes by a [`RowBuffer`].
    pub fn rows_bytes(&mut self, bytes: &[u8]) -> Result<(), OutputError> {
        if let Sink::Csv(_) = self.sink {
            if let Sink::Csv(w) = std::mem::replace(&mut self.sink, Sink::Switching) {
                self.sink = Sink::Raw(w.into_inner().map_err(io_err(&self.path))?);
            }
        }
        match &mut self.sink {
            Sink::Raw(out) => out.write_all(bytes).map_err(io_err(&self.path)),
            _ => Ok(()),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Flushes the file; an error here is a write error.
    pub fn finish(self) -> Result<(), OutputError> {
        match self.sink {
            Sink::Csv(w) => w.into_inner().map(drop),
            Sink::Raw(mut out) => out.flush(),
            Sink::Switching => Ok(()),
        }
        .map_err(io_err(&self.path))
    }
}

/// The CSV writer's buffer in front of a [`RowBuffer`]'s bytes. A report
/// makes three of them for every article (its matches, document and
/// cleaning rows); the `csv` crate's own 8 KB, zeroed when made, is most
/// of what an article's rows allocate (24 KB an article, 4 GB in all for
/// the 1 GB benchmark's 168,788 articles), for rows of a few hundred bytes.
const ROWS_BUFFER: usize = 512;

/// CSV rows written in memory (on a worker thread), every cell guarded,
/// to be appended to a [`CsvFile`] in order.
pub struct RowBuffer {
    w: SafeWriter<Vec<u8>>,
    options: CsvOptions,
}

impl Default for RowBuffer {
    fn default() -> Self {
        RowBuffer::new(CsvOptions::default())
    }
}

impl RowBuffer {
    /// Rows for a file written with `options`.
    pub fn new(options: CsvOptions) -> RowBuffer {
        RowBuffer {
            w: options.rows_writer(),
            options,
        }
    }

    /// One row of typed cells, numbers in the buffer's dialect.
    pub fn values(&mut self, cells: &[Value]) -> Result<(), ::csv::Error> {
        self.w.write_record(self.options.fields(cells))
    }

    pub fn row<T: AsRef<[u8]>>(
        &mut self,
        record: impl IntoIterator<Item = T>,
    ) -> Result<(), ::csv::Error> {
        self.w.write_record(record)
    }

    /// The rows as CSV bytes.
    pub fn into_bytes(self) -> Result<Vec<u8>, ::csv::Error> {
        self.w.into_inner().map_err(::csv::Error::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_spreadsheet_friendly() {
        assert_eq!(num(f64::NAN), "");
        assert_eq!(num(f64::INFINITY), "");
        assert_eq!(num(0.0), "0");
        assert_eq!(num(-0.0), "0");
        assert_eq!(num(1.5), "1.5");
        assert_eq!(num(2.0), "2");
        assert_eq!(num(1234.5678), "1234.5678");
        assert_eq!(num(0.1 + 0.2), "0.3");
        assert_eq!(num(6.5e-10), "6.5e-10");
        assert_eq!(num(1.0 / 3.0), "0.3333333333");
        assert_eq!(num(-2.4687794167), "-2.468779417");
    }

    #[test]
    fn files_and_buffers_guard_every_cell() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("t.csv");
        let options = CsvOptions {
            bom: true,
            ..CsvOptions::default()
        };
        let mut f = CsvFile::create(&path, ["a", "b"], options).expect("create");
        f.row(["=1+1", "-2"]).expect("row");
        let mut rows = RowBuffer::default();
        rows.row(["@x", "Press TV"]).expect("row");
        f.rows_bytes(&rows.into_bytes().expect("bytes"))
            .expect("append");
        f.finish().expect("finish");
        let text = std::fs::read_to_string(&path).expect("read");
        assert_eq!(text, "\u{feff}a,b\n'=1+1,-2\n'@x,Press TV\n");
    }

    #[test]
    fn excel_eu_uses_semicolons_and_decimal_commas_in_numbers_only() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("eu.csv");
        let options = CsvOptions {
            bom: false,
            dialect: Dialect::ExcelEu,
        };
        let mut f = CsvFile::create(&path, ["outlet", "share", "n", "p"], options).expect("create");
        f.values(&[
            Value::Text("A. B; C".into()),
            Value::Num(-0.25),
            Value::Int(1234),
            Value::Num(6.5e-10),
        ])
        .expect("row");
        let mut rows = RowBuffer::new(options);
        rows.values(&[
            Value::Text("1.5".into()),
            Value::Num(f64::NAN),
            Value::Int(-3),
            Value::Text("-x".into()),
        ])
        .expect("row");
        f.rows_bytes(&rows.into_bytes().expect("bytes"))
            .expect("append");
        f.finish().expect("finish");
        let text = std::fs::read_to_string(&path).expect("read");
        assert_eq!(
            text,
            "\u{feff}outlet;share;n;p\n\"A. B; C\";-0,25;1234;6,5e-10\n1.5;;-3;'-x\n"
        );
        assert_eq!(&*options.cell(&Value::Num(0.125)), "0,125");
        assert_eq!(&*CsvOptions::default().cell(&Value::Num(0.125)), "0.125");
    }
}

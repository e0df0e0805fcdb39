//! Parquet corpora (`.parquet`, as CC-News and most large news sets are
//! shipped): one article per row, columns chosen by name as for a CSV
//! table (`--text-column` ...), every other column kept as metadata.
//! Strings are taken as they are; numbers as written; dates and timestamps
//! as ISO 8601 (`2016-12-01`, `2016-12-01T10:00:00Z`); lists and structs as
//! their JSON-like text.
//!
//! Each row group is a part, read on its own with parquet's record reader,
//! so memory stays at about one row group's pages whatever the file's size.

use super::options::CorpusOptions;
use super::record::{check_columns, SeenIds};
use super::source::{self, Articles, Format, Source};
use super::text::invalid;
use super::{Article, CorpusError};
use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::file::serialized_reader::ReadOptionsBuilder;
use parquet::record::reader::RowIter;
use parquet::record::Field;
use std::path::{Path, PathBuf};

pub const FORMAT: Format = Format {
    name: "parquet",
    recognises: |path| source::has_extension(path, &[".parquet", ".parq"]),
    open: |o| {
        let reader = open_file(o.path, None)?;
        let meta = reader.metadata();
        let headers: Vec<String> = meta
            .file_metadata()
            .schema()
            .get_fields()
            .iter()
            .map(|f| f.name().to_string())
            .collect();
        let names = &o.options.columns;
        check_columns(
            &headers,
            &[
                (names.text.as_str(), "--text-column"),
                (names.outlet.as_str(), "--outlet-column"),
            ],
            o.options,
        )
        .map_err(|m| {
            invalid(
                o.path,
                format!("{m}; optional: id, date, title, url, any others kept as metadata"),
            )
        })?;
        // The first row of each row group, counted from 1.
        let mut starts = Vec::with_capacity(meta.num_row_groups());
        let mut row = 1u64;
        for g in meta.row_groups() {
            starts.push(row);
            row += u64::try_from(g.num_rows()).unwrap_or(0);
        }
        Ok(Box::new(Parquet {
            path: o.path.to_path_buf(),
            options: o.options.clone(),
            id_prefix: o.id_prefix.clone(),
            starts,
        }))
    },
};

/// Opens the file, keeping only row group `group` when given.
fn open_file(
    path: &Path,
    group: Option<usize>,
) -> Result<SerializedFileReader<std::fs::File>, CorpusError> {
    let file = std::fs::File::open(path).map_err(|source| CorpusError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let mut options = ReadOptionsBuilder::new();
    if let Some(group) = group {
        options = options.with_predicate(Box::new(move |_, k| k == group));
    }
    let not_readable = |e: String| invalid(path, format!("not a readable Parquet file: {e}"));
    super::foreign::guarded(|| SerializedFileReader::new_with_options(file, options.build()))
        .map_err(not_readable)?
        .map_err(|e| not_readable(e.to_string()))
}

#[derive(Debug)]
struct Parquet {
    path: PathBuf,
    options: CorpusOptions,
    id_prefix: String,
    /// The first row (from 1) of each row group.
    starts: Vec<u64>,
}

impl Source for Parquet {
    fn path(&self) -> &Path {
        &self.path
    }

    fn parts(&self) -> usize {
        self.starts.len().max(1)
    }

    fn part_name(&self, part: usize) -> String {
        format!("row group {}", part + 1)
    }

    fn read(&self, part: usize) -> Articles<'_> {
        if self.starts.is_empty() {
            return Box::new(std::iter::empty());
        }
        match open_file(&self.path, Some(part)).and_then(|r| self.check_pages(r, part)) {
            Ok(reader) => Box::new(Rows {
                source: self,
                group: part,
                rows: RowIter::from_file_into(Box::new(reader) as Box<dyn FileReader>),
                row: self.starts.get(part).copied().unwrap_or(1),
                seen: SeenIds::default(),
                done: false,
            }),
            Err(e) => source::failed(e),
        }
    }
}

impl Parquet {
    /// Refuses row group `part` (the one `reader` keeps) when a page header
    /// claims more than a page can hold, before the parquet crate allocates
    /// what it claims.
    fn check_pages(
        &self,
        reader: SerializedFileReader<std::fs::File>,
        part: usize,
    ) -> Result<SerializedFileReader<std::fs::File>, CorpusError> {
        let damaged = |m: String| {
            invalid(
                &self.path,
                format!("row group {}: the file is damaged ({m})", part + 1),
            )
        };
        // Not `ColumnChunkMetaData::byte_range`: it panics on a negative
        // offset or size (a fuzzing finding).
        let chunks = reader
            .metadata()
            .row_groups()
            .iter()
            .flat_map(|g| g.columns())
            .enumerate()
            .map(|(column, c)| {
                let start = c.dictionary_page_offset().unwrap_or(c.data_page_offset());
                match (u64::try_from(start), u64::try_from(c.compressed_size())) {
                    (Ok(start), Ok(length)) => Ok((start, length)),
                    _ => Err(damaged(format!(
                        "column {}: a negative offset or size",
                        column + 1
                    ))),
                }
            })
            .collect::<Result<Vec<(u64, u64)>, CorpusError>>()?;
        let mut file = std::fs::File::open(&self.path).map_err(|source| CorpusError::Io {
            path: self.path.clone(),
            source,
        })?;
        super::parquet_pages::check(&mut file, &chunks).map_err(damaged)?;
        Ok(reader)
    }
}

/// Streams one row group's rows as articles.
struct Rows<'a> {
    source: &'a Parquet,
    group: usize,
    rows: RowIter<'static>,
    /// The file row (from 1) of the next row.
    row: u64,
    seen: SeenIds,
    done: bool,
}

impl Iterator for Rows<'_> {
    type Item = Result<Article, CorpusError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let source = self.source;
        let next = super::foreign::guarded(|| self.rows.next())
            .map_err(|message| format!("the file is damaged ({message})"));
        let row = match next {
            Ok(None) => return None,
            Ok(Some(Ok(row))) => Ok(row),
            Ok(Some(Err(e))) => Err(e.to_string()),
            Err(e) => Err(e),
        };
        let row = match row {
            Ok(row) => row,
            Err(e) => {
                self.done = true;
                return Some(Err(invalid(
                    &source.path,
                    format!("row group {}: cannot read: {e}", self.group + 1),
                )));
            }
        };
        let n = self.row;
        self.row += 1;
        let names = &source.options.columns;
        let mut text = String::new();
        let mut cells: Vec<(&str, String)> = Vec::with_capacity(row.len());
        for (name, field) in row.get_column_iter() {
            if *name == names.text {
                text = cell(field);
            } else {
                cells.push((name.as_str(), cell(field)));
            }
        }
        let fields: Vec<(&str, &str)> = cells.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let origin = format!(
            "{} (row group {}, row {n})",
            source.path.display(),
            self.group + 1
        );
        let article = super::record::article_from(
            &fields,
            names,
            Some(text),
            || format!("{}row{n}", source.id_prefix),
            origin.clone(),
        )
        .and_then(|a| self.seen.check(&a.id, n).map(|()| a));
        Some(article.map_err(|message| CorpusError::At { origin, message }))
    }
}

/// A Parquet value as a table cell.
fn cell(field: &Field) -> String {
    match field {
        Field::Null => String::new(),
        Field::Str(s) => s.clone(),
        Field::Bytes(b) => String::from_utf8_lossy(b.data()).into_owned(),
        Field::Float(x) => x.to_string(),
        Field::Double(x) => x.to_string(),
        Field::Date(days) => chrono::DateTime::from_timestamp(i64::from(*days) * 86_400, 0)
            .map_or_else(String::new, |d| d.date_naive().to_string()),
        Field::TimestampMillis(ms) => chrono::DateTime::from_timestamp_millis(*ms)
            .map_or_else(String::new, |d| {
                d.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
            }),
        Field::TimestampMicros(us) => chrono::DateTime::from_timestamp_micros(*us)
            .map_or_else(String::new, |d| {
                d.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
            }),
        other => other.to_string(),
    }
}

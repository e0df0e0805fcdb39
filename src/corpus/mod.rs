//! The corpus: where articles come from. This module owns finding the
//! articles (a folder with `manifest.csv`, a folder with one subfolder per
//! outlet, a folder, glob or list of export files, and each file format
//! behind [`source::Source`]), their metadata, decoding their text, refusing
//! paths that leave the corpus folder, reading dates, the per-row error
//! policy (`--on-error`), the metadata filters (`--where`, `--from`, `--to`)
//! and the comparison unit (`--group-by`). It knows nothing of lexicons,
//! counting or reports.
//!
//! Articles are streamed one at a time, in a fixed order, never all at once,
//! so a corpus can be read twice (the report's first pass) with the same
//! order both times. A corpus is a list of parts ([`Corpus::parts`]: a
//! file, a Parquet row group), each readable on its own in that order.
//!
//! Cleaning ([`clean`]) and syndication detection ([`syndication`]) work on
//! the articles read here.
//! It knows nothing of lexicons, matching, counts or reports.

pub mod clean;
pub mod copies;
pub mod dates;
mod factiva_html;
mod factiva_xml;
mod files;
mod folders;
pub(crate) mod foreign;
mod formats;
mod jsonl;
mod lexisnexis;
mod nexis_uni;
pub mod options;
mod parquet;
mod parquet_pages;
mod record;
/// The CSV/TSV record splitter under the table reader; public for the fuzz
/// target that checks it against the csv crate.
pub mod records;
mod sheet;
pub mod source;
mod stream;
pub mod syndication;
mod table;
mod text;
pub mod vet;

pub use options::{CorpusOptions, OnError, WhereFilter};
pub use record::article_from;

use options::Admitted;
use source::Source;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

/// The metadata field that holds an article's language.
pub const LANGUAGE_FIELD: &str = "language";

/// One article and its metadata.
#[derive(Debug, Clone, Default)]
pub struct Article {
    /// Stable id: the `id` column, else the file path relative to the corpus
    /// folder (folder layouts) or `row<line>` (tables, JSON Lines).
    pub id: String,
    /// The comparison unit: the outlet, or the `--group-by` column's value.
    pub outlet: String,
    /// The outlet the article came from, whatever `--group-by` says.
    pub source: String,
    pub date: String,
    pub title: String,
    pub url: String,
    /// Any other columns, in file order.
    pub meta: Vec<(String, String)>,
    pub text: String,
    /// Where the article was read: `file:line` or the article's file.
    pub origin: String,
}

impl Article {
    /// The article's language, from its `language` metadata (a column of
    /// that name, or set by detection: [`CorpusOptions::admit`]) as archives
    /// write it (`ar`, `ara`, `Arabic`, `ar-EG`); `None` when it has none
    /// or it names no known language.
    pub fn language(&self) -> Option<crate::text::language::Language> {
        self.field(LANGUAGE_FIELD)
            .and_then(crate::text::language::Language::from_metadata)
    }

    /// The article's language as declared ([`Article::language`]), else
    /// as detected in its text (`whatlang`, first two kilobytes).
    pub fn language_or_detected(&self) -> Option<crate::text::language::Language> {
        self.language()
            .or_else(|| crate::text::language::detect(&self.text))
    }

    /// The value of a metadata column by its canonical name (`outlet`,
    /// `id`, `date`, `title`, `url`) or its name in the file.
    pub fn field(&self, name: &str) -> Option<&str> {
        match name {
            "outlet" => Some(&self.source),
            "id" => Some(&self.id),
            "date" => Some(&self.date),
            "title" => Some(&self.title),
            "url" => Some(&self.url),
            _ => self
                .meta
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.as_str()),
        }
    }

    /// Every value of a field: an export may list one several times
    /// (Factiva's `subject` and `region` codes); the known fields have one.
    pub fn values<'a>(&'a self, name: &'a str) -> Box<dyn Iterator<Item = &'a str> + 'a> {
        match name {
            "outlet" | "id" | "date" | "title" | "url" => Box::new(self.field(name).into_iter()),
            _ => Box::new(
                self.meta
                    .iter()
                    .filter(move |(k, _)| k == name)
                    .map(|(_, v)| v.as_str()),
            ),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum CorpusError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Invalid { path: PathBuf, message: String },
    /// A problem with one row of a table, manifest or JSON Lines file.
    #[error("{path}:{line}: {message}")]
    Row {
        path: PathBuf,
        line: u64,
        message: String,
    },
    /// A problem at one line that stops the reading: nothing after it can
    /// be trusted (a quote never closed, a row past its size bound).
    #[error("{path}:{line}: {message}")]
    Unreadable {
        path: PathBuf,
        line: u64,
        message: String,
    },
    /// A problem with one article's file (folder layouts).
    #[error("{path}: {message}")]
    Article { path: PathBuf, message: String },
    /// A problem found after reading, at `file:line` or an article's file.
    #[error("{origin}: {message}")]
    At { origin: String, message: String },
}

impl CorpusError {
    /// True for a problem confined to one article, which `--on-error skip`
    /// may skip; false for a corpus that cannot be read at all.
    pub fn is_row(&self) -> bool {
        matches!(
            self,
            CorpusError::Row { .. } | CorpusError::Article { .. } | CorpusError::At { .. }
        )
    }
}

/// What a read of the corpus skipped and filtered out.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ReadStats {
    /// Articles handed on.
    pub read: u64,
    /// Rows skipped for an error (`--on-error skip`).
    pub skipped: u64,
    /// The first few skip messages, with file and line.
    pub skip_examples: Vec<String>,
    /// Articles left out by `--where`, `--from` or `--to`.
    pub filtered: u64,
    /// Articles counted undated because their date could not be read
    /// (dates unused: no `--from`, `--to` or `--period`).
    #[serde(default)]
    pub undated: u64,
    /// The first few of those, with file and line and the date as written.
    #[serde(default)]
    pub undated_examples: Vec<String>,
    /// The spellings each outlet was written in (outlets are compared in
    /// Unicode NFC): [`vet::Spellings::merged`] names the ones merged.
    #[serde(default)]
    pub outlet_spellings: vet::Spellings,
}

/// How many skip messages [`ReadStats`] keeps.
const SKIP_EXAMPLES: usize = 10;

/// How much a read of the corpus will go through, for a progress estimate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Extent {
    /// Articles (before filters).
    Articles(u64),
    /// Bytes of the file (article text is most of it).
    Bytes(u64),
}

/// One part of a corpus that can be read on its own: source `source`'s
/// part `index` (see [`Source::parts`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Part {
    pub source: usize,
    pub index: usize,
}

/// A validated corpus: every file entry exists and lies inside the folder;
/// each file's header or first record names what it needs.
#[derive(Debug)]
pub struct Corpus {
    /// The corpus path as given (the first one, for a list).
    pub root: PathBuf,
    /// `manifest`, `folders`, `table`, `jsonl`, `lexisnexis`, `nexis_uni`,
    /// `factiva_xml`, `factiva_html`, `parquet`, `sheet`, or `files` for
    /// several files.
    pub layout: &'static str,
    pub options: CorpusOptions,
    sources: Vec<Box<dyn Source>>,
    /// Manifest rows refused at open time under `--on-error skip`.
    open_errors: Vec<String>,
    /// Whether the undated-articles warning was given (once per corpus,
    /// however often it is read).
    warned: AtomicBool,
}

impl Corpus {
    /// Opens a corpus (a folder, a file, a glob pattern, plus
    /// `options.also`) and checks what can be checked before any article is
    /// read.
    pub fn open(root: &Path, options: &CorpusOptions) -> Result<Corpus, CorpusError> {
        options.validate(root)?;
        let opened = files::open(root, options)?;
        Ok(Corpus {
            root: root.to_path_buf(),
            layout: opened.layout,
            options: options.clone(),
            sources: opened.sources,
            open_errors: opened.errors,
            warned: AtomicBool::new(false),
        })
    }

    /// Every file the corpus reads (a folder layout: its folder).
    pub fn files(&self) -> Vec<&Path> {
        self.sources.iter().map(|s| s.path()).collect()
    }

    /// How much there is to read: the article files of a folder, or the
    /// bytes of uncompressed files; `None` when unknown (gzip).
    pub fn extent(&self) -> Option<Extent> {
        let mut total = None;
        for s in &self.sources {
            total = match (total, s.extent()?) {
                (None, e) => Some(e),
                (Some(Extent::Articles(a)), Extent::Articles(b)) => Some(Extent::Articles(a + b)),
                (Some(Extent::Bytes(a)), Extent::Bytes(b)) => Some(Extent::Bytes(a + b)),
                _ => return None,
            };
        }
        total
    }

    /// The parts of the corpus, in corpus order.
    pub fn parts(&self) -> Vec<Part> {
        self.sources
            .iter()
            .enumerate()
            .flat_map(|(source, s)| (0..s.parts()).map(move |index| Part { source, index }))
            .collect()
    }

    /// A part's name for messages: its file, and the part within it.
    pub fn part_name(&self, part: Part) -> String {
        match self.sources.get(part.source) {
            Some(s) => match s.part_name(part.index) {
                n if n.is_empty() => s.path().display().to_string(),
                n => format!("{} ({n})", s.path().display()),
            },
            None => String::new(),
        }
    }

    /// Every row one at a time, in corpus order, with `--where`, `--from`,
    /// `--to` applied and `outlet` set to the `--group-by` value. Errors are
    /// yielded as they come; [`Corpus::articles`] applies `--on-error`.
    fn rows(&self) -> Box<dyn Iterator<Item = Row> + Send + '_> {
        let parts = self.parts();
        match parts.as_slice() {
            // One part (a table): its rows without the chaining.
            [part] => self.part_rows(*part),
            _ => Box::new(parts.into_iter().flat_map(move |p| self.part_rows(p))),
        }
    }

    fn part_rows(&self, part: Part) -> Box<dyn Iterator<Item = Row> + Send + '_> {
        let Some(source) = self.sources.get(part.source) else {
            return Box::new(std::iter::empty());
        };
        let options = &self.options;
        Box::new(source.read(part.index).map(move |a| {
            a.and_then(|mut a| {
                let spelling =
                    vet::vet(&mut a, &options.columns).map_err(|message| CorpusError::At {
                        origin: a.origin.clone(),
                        message,
                    })?;
                Ok((options.admit(a)?, spelling))
            })
        }))
    }

    /// The articles to use, one at a time, in corpus order (manifest,
    /// sorted path, file, row), with the filters, `--group-by` and
    /// `--on-error` applied: `fail` yields the first problem as an error and
    /// stops, `skip` counts it in [`Reader::stats`] and goes on.
    pub fn articles(&self) -> Reader<'_> {
        let mut reader = self.reader(self.rows());
        reader.stats.skipped = self.open_errors.len() as u64;
        reader.stats.skip_examples = self
            .open_errors
            .iter()
            .take(SKIP_EXAMPLES)
            .cloned()
            .collect();
        reader
    }

    /// One part's articles, as [`Corpus::articles`] gives them; the
    /// manifest rows refused at open time are counted only by `articles`.
    pub fn read_part(&self, part: Part) -> Reader<'_> {
        self.reader(self.part_rows(part))
    }

    /// The articles of parts `parts` (places in [`Corpus::parts`]), one
    /// after another, as [`Corpus::read_part`] gives each.
    pub fn read_parts(&self, parts: std::ops::Range<usize>) -> Reader<'_> {
        let chosen: Vec<Part> = self.parts().get(parts).unwrap_or_default().to_vec();
        self.reader(Box::new(
            chosen.into_iter().flat_map(move |p| self.part_rows(p)),
        ))
    }

    /// The file part `part` is read from.
    pub fn part_file(&self, part: Part) -> Option<&Path> {
        self.sources.get(part.source).map(|s| s.path())
    }

    fn reader<'a>(&'a self, inner: Box<dyn Iterator<Item = Row> + Send + 'a>) -> Reader<'a> {
        Reader {
            inner,
            skip: self.options.on_error == OnError::Skip,
            stats: ReadStats::default(),
            warn: Some((&self.warned, self.options.warn)),
        }
    }
}

/// One row as read: an article (or why it is left out) with the spelling
/// its outlet was written in when that was not NFC, or the problem with it.
type Row = Result<(Admitted, Option<String>), CorpusError>;

/// Streams a corpus's admitted articles; see [`Corpus::articles`].
pub struct Reader<'a> {
    inner: Box<dyn Iterator<Item = Row> + Send + 'a>,
    skip: bool,
    pub stats: ReadStats,
    /// Whether the corpus warned already, and where warnings go.
    warn: Option<(&'a AtomicBool, options::Warn)>,
}

impl Reader<'_> {
    /// At the end: warns once per corpus about articles counted undated.
    fn finish(&mut self) {
        let Some((warned, warn)) = self.warn.take() else {
            return;
        };
        if self.stats.undated > 0 && !warned.swap(true, Ordering::Relaxed) {
            warn.emit(&dates::undated_warning(
                self.stats.undated,
                &self.stats.undated_examples,
            ));
        }
    }
}

impl Iterator for Reader<'_> {
    type Item = Result<Article, CorpusError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let Some(row) = self.inner.next() else {
                self.finish();
                return None;
            };
            match row {
                Ok((Admitted::Kept(article), spelling)) => {
                    self.stats.read += 1;
                    self.stats
                        .outlet_spellings
                        .record(&article.source, spelling.as_deref());
                    return Some(Ok(article));
                }
                Ok((Admitted::Undated(article, example), spelling)) => {
                    self.stats.read += 1;
                    self.stats
                        .outlet_spellings
                        .record(&article.source, spelling.as_deref());
                    self.stats.undated += 1;
                    if self.stats.undated_examples.len() < SKIP_EXAMPLES {
                        self.stats.undated_examples.push(example);
                    }
                    return Some(Ok(article));
                }
                Ok((Admitted::Filtered, _)) => self.stats.filtered += 1,
                Err(e) if self.skip && e.is_row() => {
                    self.stats.skipped += 1;
                    if self.stats.skip_examples.len() < SKIP_EXAMPLES {
                        self.stats.skip_examples.push(e.to_string());
                    }
                }
                Err(e) => {
                    self.inner = Box::new(std::iter::empty());
                    self.warn = None;
                    return Some(Err(e));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;

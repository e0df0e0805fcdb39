//! The corpus: where articles come from. This module owns finding the
//! articles (a folder with `manifest.csv`, a folder with one subfolder per
//! outlet, a CSV/TSV table or a JSON Lines file, each possibly gzipped),
//! their metadata, decoding their text, refusing paths that leave the corpus
//! folder, the per-row error policy (`--on-error`), the metadata filters
//! (`--where`, `--from`, `--to`) and the comparison unit (`--group-by`).
//! Articles are streamed one at a time, in a fixed order, never all at once,
//! so a corpus can be read twice (the report's first pass) with the same
//! order both times.
//!
//! Cleaning ([`clean`]) and syndication detection ([`syndication`]) work on
//! the articles read here.

pub mod clean;
pub mod dates;
mod folders;
mod jsonl;
pub mod options;
mod record;
/// The CSV/TSV record splitter under the table reader; public for the fuzz
/// target that checks it against the csv crate.
pub mod records;
mod stream;
pub mod syndication;
mod table;
pub mod vet;

pub use options::{CorpusOptions, OnError, WhereFilter};

use std::path::{Path, PathBuf};

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
    /// The spellings each outlet was written in (outlets are compared in
    /// Unicode NFC): [`vet::Spellings::merged`] names the ones merged.
    #[serde(default)]
    pub outlet_spellings: vet::Spellings,
}

/// How many skip messages [`ReadStats`] keeps.
const SKIP_EXAMPLES: usize = 10;

/// How the articles are stored.
#[derive(Debug)]
enum Source {
    Files(Vec<folders::Entry>),
    Table,
    Jsonl,
}

/// How much a read of the corpus will go through, for a progress estimate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Extent {
    /// Articles (before filters).
    Articles(u64),
    /// Bytes of the file (article text is most of it).
    Bytes(u64),
}

/// A validated corpus: every file entry exists and lies inside the folder;
/// a table's header names the columns it needs.
#[derive(Debug)]
pub struct Corpus {
    pub root: PathBuf,
    /// `manifest`, `folders`, `table` or `jsonl`.
    pub layout: &'static str,
    pub options: CorpusOptions,
    source: Source,
    /// Manifest rows refused at open time under `--on-error skip`.
    open_errors: Vec<String>,
}

impl Corpus {
    /// Opens a corpus folder, table or JSON Lines file and checks what can be
    /// checked before any article is read.
    pub fn open(root: &Path, options: &CorpusOptions) -> Result<Corpus, CorpusError> {
        options.validate(root)?;
        let meta = std::fs::metadata(root).map_err(|source| CorpusError::Io {
            path: root.to_path_buf(),
            source,
        })?;
        let corpus = |layout, source, open_errors| Corpus {
            root: root.to_path_buf(),
            layout,
            options: options.clone(),
            source,
            open_errors,
        };
        if meta.is_file() {
            if stream::is_jsonl(root) {
                return Ok(corpus("jsonl", Source::Jsonl, Vec::new()));
            }
            table::check_header(root, options)?;
            return Ok(corpus("table", Source::Table, Vec::new()));
        }
        let canonical = root.canonicalize().map_err(|source| CorpusError::Io {
            path: root.to_path_buf(),
            source,
        })?;
        let manifest = root.join("manifest.csv");
        let (layout, entries, errors) = if manifest.is_file() {
            let (entries, errors) = folders::read_manifest(root, &canonical, &manifest, options)?;
            ("manifest", entries, errors)
        } else {
            (
                "folders",
                folders::read_folders(root, &canonical)?,
                Vec::new(),
            )
        };
        if entries.is_empty() && errors.is_empty() {
            return Err(CorpusError::Invalid {
                path: root.to_path_buf(),
                message: "the corpus has no articles".into(),
            });
        }
        Ok(corpus(layout, Source::Files(entries), errors))
    }

    /// How much there is to read: the article files of a folder, or the size
    /// of an uncompressed table or JSON Lines file; `None` for gzip.
    pub fn extent(&self) -> Option<Extent> {
        match &self.source {
            Source::Files(entries) => Some(Extent::Articles(entries.len() as u64)),
            _ if self.root.extension().is_some_and(|e| e == "gz") => None,
            _ => std::fs::metadata(&self.root)
                .ok()
                .map(|m| Extent::Bytes(m.len())),
        }
    }

    /// Every row one at a time, in manifest, sorted path or row order,
    /// with `--where`, `--from`, `--to` applied and `outlet` set to the
    /// `--group-by` value. `Ok(None)` is an article filtered out. Errors are
    /// yielded as they come; [`Corpus::articles`] applies `--on-error`.
    fn rows(&self) -> Box<dyn Iterator<Item = Row> + Send + '_> {
        let raw: Box<dyn Iterator<Item = Result<Article, CorpusError>> + Send> = match &self.source
        {
            Source::Table => match table::TableRows::open(&self.root, &self.options) {
                Ok(rows) => Box::new(rows),
                Err(e) => Box::new(std::iter::once(Err(e))),
            },
            Source::Jsonl => match jsonl::JsonlRows::open(&self.root, &self.options) {
                Ok(rows) => Box::new(rows),
                Err(e) => Box::new(std::iter::once(Err(e))),
            },
            Source::Files(entries) => Box::new(entries.iter().map(folders::Entry::load)),
        };
        Box::new(raw.map(|a| {
            a.and_then(|mut a| {
                let spelling =
                    vet::vet(&mut a, &self.options.columns).map_err(|message| CorpusError::At {
                        origin: a.origin.clone(),
                        message,
                    })?;
                Ok(self.options.admit(a)?.map(|a| (a, spelling)))
            })
        }))
    }

    /// The articles to use, one at a time, in manifest, sorted path or row
    /// order, with the filters, `--group-by` and `--on-error` applied: `fail`
    /// yields the first problem as an error and stops, `skip` counts it in
    /// [`Reader::stats`] and goes on.
    pub fn articles(&self) -> Reader<'_> {
        self.reader(self.rows())
    }

    fn reader<'a>(&self, inner: Box<dyn Iterator<Item = Row> + Send + 'a>) -> Reader<'a> {
        let stats = ReadStats {
            skipped: self.open_errors.len() as u64,
            skip_examples: self
                .open_errors
                .iter()
                .take(SKIP_EXAMPLES)
                .cloned()
                .collect(),
            ..ReadStats::default()
        };
        Reader {
            inner,
            skip: self.options.on_error == OnError::Skip,
            stats,
        }
    }
}

/// One row as read: an article with the spelling its outlet was written in
/// when that was not NFC, `None` when the filters leave it out, or the
/// problem with it.
type Row = Result<Option<(Article, Option<String>)>, CorpusError>;

/// Streams a corpus's admitted articles; see [`Corpus::articles`].
pub struct Reader<'a> {
    inner: Box<dyn Iterator<Item = Row> + Send + 'a>,
    skip: bool,
    pub stats: ReadStats,
}

impl Iterator for Reader<'_> {
    type Item = Result<Article, CorpusError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            match self.inner.next()? {
                Ok(Some((article, spelling))) => {
                    self.stats.read += 1;
                    self.stats
                        .outlet_spellings
                        .record(&article.source, spelling.as_deref());
                    return Some(Ok(article));
                }
                Ok(None) => self.stats.filtered += 1,
                Err(e) if self.skip && e.is_row() => {
                    self.stats.skipped += 1;
                    if self.stats.skip_examples.len() < SKIP_EXAMPLES {
                        self.stats.skip_examples.push(e.to_string());
                    }
                }
                Err(e) => {
                    self.inner = Box::new(std::iter::empty());
                    return Some(Err(e));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;

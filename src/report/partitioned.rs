//! A report from partitions that other workers hold (an engine's data
//! frames: Dask, Spark), with the partition protocol of
//! [`crate::pass::partition`]: phase 1 on each partition gives summary
//! bytes, the summaries of all partitions give the plan bytes, phase 2 on
//! each partition gives partial bytes (the counts and the per-article
//! rows), and [`Partitioned::report`] adds the partials up into the folder
//! `report` writes, through the same `publish`. No phase reads more than
//! the rows it is given; the bytes are what travels between workers.
//!
//! It owns the rows-to-articles step for partitions ([`Rows`]) and the
//! partial bytes; the protocol itself is `pass::partition`'s.

use super::provenance::Provenance;
use super::tables::rows::{self, ArticleRows, RowFiles};
use super::verify::InputHashes;
use super::{load_background, load_lexicon, publish, ReportError, Settings, Summary};
use crate::corpus::{article_from, Article, CorpusError};
use crate::counts::CountTable;
use crate::lexicon::Lexicon;
use crate::matching::Matcher;
use crate::output::{place, OutputError, Staging};
use crate::pass::partition::{self, Admitter, ArticleKey, Counted, PartitionError, Plan};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// One partition's rows, column by column: every column is a list of
/// cells of the same length. The text column and the columns the corpus
/// options name (`id`, `outlet`, `date`, ...) are read as the CLI reads a
/// table's; the others are metadata (`--where`, `--group-by`).
///
/// Each article's place in corpus order is its key: `(part, row)` for the
/// row-th row of partition `part`, or `(0, keys[row])` when the rows carry
/// their own keys (a key column an engine keeps, whatever its
/// partitioning: Spark packs files into partitions in an order of its own).
#[derive(Debug, Clone, Default)]
pub struct Rows {
    pub columns: Vec<(String, Vec<String>)>,
    /// Each row's key, unique in the corpus; `None`: its place in the
    /// partition.
    pub keys: Option<Vec<u64>>,
}

impl Rows {
    /// Rows in the partition (the length of its columns).
    pub fn len(&self) -> usize {
        self.columns.first().map_or(0, |(_, c)| c.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Bytes of every cell (what reading the partition costs).
    pub fn bytes(&self) -> u64 {
        self.columns
            .iter()
            .flat_map(|(_, c)| c.iter())
            .map(|s| s.len() as u64)
            .sum()
    }
}

/// One article of a partial, as [`Partitioned::partial_articles`] gives it.
#[derive(Debug, Clone, PartialEq)]
pub struct PartialArticle {
    /// Its key: partition and row.
    pub part: u64,
    pub row: u64,
    /// `counted`, or left out by the plan as a `copy` within its outlet or
    /// as `syndicated`.
    pub fate: &'static str,
    pub id: String,
    pub outlet: String,
    /// ISO 639-1 code of the language it was matched in; empty for none.
    pub language: String,
    /// Its period with `--period` (empty when undated or without).
    pub period: String,
    /// Tokens of its cleaned text.
    pub tokens: u64,
    /// Matches per count column.
    pub counts: Vec<u32>,
}

/// What a partial holds: every article of the partition as phase 2 left
/// it, with its rows of `matches.csv`, `documents.csv` and `cleaning.csv`.
type PartialRows = Vec<Counted<[Vec<u8>; 3]>>;

/// What marks a partial's bytes.
const MAGIC: &[u8] = b"framescore-partition-partial-1\n";

/// A run over partitions: the settings and lexicon every phase uses.
pub struct Partitioned {
    settings: Settings,
    protocol: partition::Settings,
    lexicon: Lexicon,
    lexicon_sha256: String,
    matcher: Matcher,
}

impl Partitioned {
    /// Loads the lexicon of `settings` (its corpus is only the name the
    /// report gives the corpus; nothing is read from it).
    pub fn new(settings: &Settings) -> Result<Partitioned, ReportError> {
        let (lexicon, lexicon_sha256) = load_lexicon(&settings.lexicon, settings.level)?;
        let matcher = Matcher::new(&lexicon)?;
        Ok(Partitioned {
            settings: settings.clone(),
            protocol: protocol(settings),
            lexicon,
            lexicon_sha256,
            matcher,
        })
    }

    /// The admitted articles of partition `part` with their keys
    /// (`(part, row)`), and what admitting skipped.
    fn articles(
        &self,
        part: u64,
        rows: &Rows,
    ) -> Result<(Vec<(ArticleKey, Article)>, Admitter<'_>), ReportError> {
        let names = &self.protocol.options.columns;
        let n = rows.len();
        if let Some((name, c)) = rows.columns.iter().find(|(_, c)| c.len() != n) {
            return Err(bad_rows(format!(
                "column `{name}` has {} cells where the first has {n}: give every column the same length",
                c.len()
            )));
        }
        if !rows.columns.iter().any(|(name, _)| *name == names.text) {
            let found: Vec<&str> = rows.columns.iter().map(|(c, _)| c.as_str()).collect();
            return Err(bad_rows(format!(
                "no text column `{}`; the columns are: {}",
                names.text,
                found.join(", ")
            )));
        }
        if let Some(keys) = rows.keys.as_ref().filter(|k| k.len() != n) {
            return Err(bad_rows(format!(
                "{} keys for {n} rows: give every row its key",
                keys.len()
            )));
        }
        let mut admitter = Admitter::new(&self.protocol);
        let mut kept = Vec::new();
        for row in 0..n {
            let mut text = None;
            let mut fields = Vec::with_capacity(rows.columns.len());
            for (name, cells) in &rows.columns {
                let cell = cells.get(row).map_or("", String::as_str);
                if *name == names.text {
                    text = Some(cell.to_string());
                } else {
                    fields.push((name.as_str(), cell));
                }
            }
            let origin = format!("partition {part}, row {row}");
            let article = article_from(
                &fields,
                names,
                text,
                || format!("p{part}row{row}"),
                origin.clone(),
            )
            .map_err(|message| CorpusError::At { origin, message });
            let key = match &rows.keys {
                Some(keys) => ArticleKey {
                    part: 0,
                    row: keys.get(row).copied().unwrap_or_default(),
                },
                None => ArticleKey {
                    part,
                    row: row as u64,
                },
            };
            if let Some(article) = admitter.admit(key, article)? {
                kept.push((key, article));
            }
        }
        Ok((kept, admitter))
    }

    /// Phase 1 on partition `part`: the summary bytes. `part` places the
    /// partition in corpus order (partitions in the order of their
    /// numbers, rows in their order): give every partition its own.
    pub fn summarise(&self, part: u64, rows: &Rows) -> Result<Vec<u8>, ReportError> {
        let (articles, admitter) = self.articles(part, rows)?;
        let summary = partition::summarise::<ReportError>(
            &self.protocol,
            articles.into_iter().map(Ok),
            admitter,
            self.settings.stats.threads,
        )?;
        Ok(summary.to_bytes())
    }

    /// The reduce step: the plan bytes from the summaries of every
    /// partition (any order).
    pub fn plan(&self, summaries: &[Vec<u8>]) -> Result<Vec<u8>, ReportError> {
        let mut merged = partition::Summary::default();
        merged.merge_all(
            summaries
                .iter()
                .map(|s| partition::Summary::from_bytes(s))
                .collect::<Result<Vec<_>, _>>()?,
        )?;
        Ok(Plan::new(merged, &self.protocol)?.to_bytes())
    }

    /// Phase 2 on partition `part` (the same rows phase 1 was given) with
    /// the plan: the partial bytes.
    pub fn count(&self, plan: &[u8], part: u64, rows: &Rows) -> Result<Vec<u8>, ReportError> {
        let plan = Plan::from_bytes(plan)?;
        let (articles, _) = self.articles(part, rows)?;
        let mut partial: PartialRows = Vec::with_capacity(articles.len());
        let matcher = &self.matcher;
        partition::count(
            &plan,
            &self.protocol,
            matcher,
            articles.into_iter().map(Ok),
            self.settings.stats.threads,
            |seen| {
                rows::make(
                    seen,
                    matcher,
                    self.settings.row_tables,
                    self.settings.csv(),
                    false,
                )
                .map(ArticleRows::into_parts)
                .map_err(|source| {
                    ReportError::from(OutputError::Csv {
                        path: PathBuf::from(format!("partition {part}")),
                        source,
                    })
                })
            },
            |row| {
                partial.push(row);
                Ok(())
            },
        )?;
        let mut out = MAGIC.to_vec();
        out.extend(postcard::to_allocvec(&partial).unwrap_or_default());
        Ok(out)
    }

    /// One partition's partial as a table for an engine, writing nothing:
    /// the names of the count columns (`group.category`, as in
    /// `documents.csv`) and each article's row, in key order (the articles
    /// the plan left out as copies too, with their fate and no counts).
    pub fn partial_articles(
        &self,
        partial: &[u8],
    ) -> Result<(Vec<String>, Vec<PartialArticle>), ReportError> {
        let columns = self
            .matcher
            .categories()
            .iter()
            .map(rows::count_column)
            .collect();
        let rows = read_partial(partial)?
            .into_iter()
            .map(|c| PartialArticle {
                part: c.key.part,
                row: c.key.row,
                fate: c.fate.name(),
                id: c.id,
                outlet: c.outlet,
                language: c.language,
                period: c.period.unwrap_or_default(),
                tokens: c.tokens,
                counts: c.counts,
            })
            .collect();
        Ok((columns, rows))
    }

    /// Adds up the partials of every partition (any order) with the plan
    /// into the count table alone (the counts `counts.csv` is made of),
    /// writing nothing: the merged partials as a table for an engine.
    pub fn counts(&self, plan: &[u8], partials: &[Vec<u8>]) -> Result<CountTable, ReportError> {
        let plan = Plan::from_bytes(plan)?;
        let all = read_partials(partials)?;
        let (pass, _) = partition::merge(&plan, &self.protocol, &self.lexicon, &self.matcher, all)?;
        Ok(pass.counts)
    }

    /// Adds up the partials of every partition (any order) with the plan
    /// into the report folder (`settings.out`) `report` writes.
    pub fn report(&self, plan: &[u8], partials: &[Vec<u8>]) -> Result<Summary, ReportError> {
        let started = Instant::now();
        let plan = Plan::from_bytes(plan)?;
        let all = read_partials(partials)?;
        let (pass, made) =
            partition::merge(&plan, &self.protocol, &self.lexicon, &self.matcher, all)?;
        // No report.xlsx from partitions: their rows travel as CSV bytes,
        // without the cells a workbook's per-article sheets need.
        let settings = &Settings {
            no_xlsx: true,
            ..self.settings.clone()
        };
        let out = match &settings.out {
            Some(out) => out.clone(),
            None => super::default_report_folder(&self.lexicon)?,
        };
        let background = load_background(settings)?;
        let mut inputs: Vec<&Path> = vec![settings.lexicon.as_path()];
        inputs.extend(settings.stats.background.as_deref());
        place::check(&out, place::Kind::Folder, &inputs, settings.force)?;
        let hashes = InputHashes {
            lexicon: (
                std::path::absolute(&settings.lexicon).unwrap_or_else(|_| settings.lexicon.clone()),
                self.lexicon_sha256.clone(),
            ),
            corpus: settings.corpus.clone(),
            sources: Vec::new(),
            corpus_files: Default::default(),
        };
        let staging = Staging::create(&out)?;
        let mut files = RowFiles::create(
            staging.path(),
            settings.csv(),
            self.matcher.categories(),
            settings.row_tables,
            None,
        )?;
        for parts in made {
            files.keep(ArticleRows::from_parts(parts))?;
        }
        files.finish()?;
        let provenance = Provenance {
            started,
            corpus_root: settings.corpus.clone(),
            layout: "partitions".into(),
            inputs: hashes,
            lexicon_sha256: self.lexicon_sha256.clone(),
            pass_seconds: None,
            shards: Some(partials.len() as u64),
        };
        publish(
            staging,
            &out,
            &self.lexicon,
            pass,
            &provenance,
            settings,
            background.as_ref(),
            None,
            // Partitions keep no per-article facts: no models (the page says why).
            None,
            None,
            None,
        )
    }
}

/// How the partitions of a run with `settings` are read and counted.
pub(crate) fn protocol(settings: &Settings) -> partition::Settings {
    partition::Settings::new(&settings.corpus_options, settings.period)
}

/// The rows of every partial, decoded (refused when one is not a partial).
fn read_partials(partials: &[Vec<u8>]) -> Result<PartialRows, PartitionError> {
    let mut all: PartialRows = Vec::new();
    for bytes in partials {
        all.extend(read_partial(bytes)?);
    }
    Ok(all)
}

/// The rows of one partial, decoded.
fn read_partial(bytes: &[u8]) -> Result<PartialRows, PartitionError> {
    let body = bytes
        .strip_prefix(MAGIC)
        .ok_or_else(|| PartitionError::Damaged("a partial", "it does not start as one".into()))?;
    postcard::from_bytes(body).map_err(|e| PartitionError::Damaged("a partial", e.to_string()))
}

fn bad_rows(message: String) -> ReportError {
    CorpusError::At {
        origin: "a partition's rows".into(),
        message,
    }
    .into()
}

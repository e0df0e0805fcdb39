//! The report: writes a folder from a pass and its analysis, and never
//! reads it back. [`run`] reads like the pipeline: open the inputs and
//! stage the output folder, run the passes over the corpus (the
//! per-article tables stream into the folder as articles are counted),
//! analyse the counts, write the summary tables ([`tables`]), the charts
//! ([`figures`]), the page ([`page`], its words from [`sentences`]) and
//! where it all came from ([`provenance`]), then swap the folder into place
//! ([`crate::output::publish`]). `framescore count --shard` writes a
//! partial folder instead ([`shard`]) and `merge` adds partials up into the
//! same report ([`merge`]).
//!
//! It owns the layout of a report folder and what each file holds; it
//! knows no statistics (those come from [`crate::analysis`]) and opens no
//! file for writing itself (that is [`crate::output`]).

mod articles;
mod figures;
mod merge;
mod page;
mod partial;
pub mod partitioned;
mod provenance;
pub mod sentences;
mod shard;
pub mod tables;
pub mod trust;
pub mod verify;
pub mod watch;
pub mod workbook;

pub use articles::ModelSettings;
pub use merge::merge;
pub use shard::{plan, shard, summarise, Planned, ShardSummary, Summarised};
pub use tables::rows::RowTables;

use crate::analysis::models::ArticleFacts;
use crate::analysis::{self, AnalysisError, Background, StatsOptions};
use crate::audit::diff::{self, Diff};
use crate::charts::{ChartError, ChartFormat};
use crate::corpus::dates::Period;
use crate::corpus::{Corpus, CorpusError, CorpusOptions};
use crate::lexicon::{Lexicon, LexiconError};
use crate::matching::{CategoryInfo, MatchError, Matcher};
use crate::output::{self, place, CsvOptions, Dialect, OutputError, Staging};
use crate::pass::partition::Plan;
use crate::pass::{self, Pass, PassError, PassOptions, Shard};
use crate::validation::{ValidationError, ValidationTables};
use provenance::Provenance;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Instant;
use tables::Context;

/// What a report run needs; the CLI fills it in.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    pub corpus: PathBuf,
    /// How to read, filter, group and clean the corpus.
    pub corpus_options: CorpusOptions,
    /// Also count per period (`periods.csv`).
    pub period: Option<Period>,
    pub lexicon: PathBuf,
    /// Output folder; `None` means `reports/<lexicon name>`.
    pub out: Option<PathBuf>,
    /// Replace an existing output folder that framescore did not write.
    pub force: bool,
    /// Confidence level of every interval.
    pub confidence: f64,
    /// The command line, recorded in `run.json`.
    pub arguments: Vec<String>,
    /// Seed, resamples, adjustment and prior of the statistics.
    pub stats: StatsOptions,
    /// Report nested categories rolled up to this depth (`None`: leaves).
    pub level: Option<usize>,
    /// An earlier lexicon to compare with: adds `diff_counts.csv` and
    /// `diff_matches.csv`.
    pub baseline: Option<PathBuf>,
    /// Format of the charts: PNG (default) or SVG.
    pub chart_format: ChartFormat,
    /// Start every CSV with a UTF-8 byte-order mark, for Excel.
    pub excel: bool,
    /// Separator and decimal mark of every CSV (`--csv-dialect`).
    pub csv_dialect: Dialect,
    /// Leave out `report.xlsx` (`--no-xlsx`).
    pub no_xlsx: bool,
    /// Data rows a sheet of `report.xlsx` holds at most (`--xlsx-rows`;
    /// `None`: [`workbook::DEFAULT_ROWS`]); the CSV files hold every row.
    pub xlsx_rows: Option<u32>,
    /// The article-level models (`--model`, `--reference`, `--covariate`, `--cluster`).
    pub model: ModelSettings,
    /// `framescore validate`'s validation.csv (or its folder): adds
    /// `corrected.csv` and the page's "How far the matches can be trusted".
    pub validation: Option<PathBuf>,
    /// The per-article tables to write (`--tables`; default all).
    pub row_tables: tables::rows::RowTables,
}

impl Settings {
    fn csv(&self) -> CsvOptions {
        CsvOptions {
            bom: self.excel,
            dialect: self.csv_dialect,
        }
    }

    /// Data rows a sheet of the workbook holds (`--xlsx-rows`).
    fn xlsx_rows(&self) -> u32 {
        self.xlsx_rows.unwrap_or(workbook::DEFAULT_ROWS)
    }

    /// The workbook of a report into `dir`, unless `--no-xlsx`.
    fn workbook(
        &self,
        dir: &Path,
        categories: &[CategoryInfo],
    ) -> Result<Option<workbook::Workbook>, OutputError> {
        (!self.no_xlsx)
            .then(|| workbook::Workbook::create(dir, self.xlsx_rows(), categories, self.row_tables))
            .transpose()
    }

    /// How to run the passes: over the whole corpus, or over a shard's
    /// articles (with a plan: reading only the shard's parts).
    fn pass<'a>(&self, shard: Option<(Shard, Option<&'a Plan>)>) -> PassOptions<'a> {
        PassOptions {
            threads: self.stats.threads,
            period: self.period,
            shard: shard.map(|(s, _)| s),
            plan: shard.and_then(|(_, p)| p),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error(transparent)]
    Lexicon(#[from] LexiconError),
    #[error(transparent)]
    Corpus(#[from] CorpusError),
    #[error(transparent)]
    Match(#[from] MatchError),
    #[error(transparent)]
    Analysis(#[from] AnalysisError),
    #[error(transparent)]
    Output(#[from] OutputError),
    #[error(transparent)]
    Chart(#[from] ChartError),
    #[error("--validation: {0}")]
    Validation(#[from] ValidationError),
    /// Partitions that cannot be summarised, planned or added up.
    #[error(transparent)]
    Partition(#[from] crate::pass::partition::PartitionError),
    /// A partial folder that `merge` cannot use.
    #[error("{path}: {message}")]
    Partial { path: PathBuf, message: String },
    /// A flag naming something the corpus does not have (`--reference`).
    #[error("{flag}: {message}")]
    Flag { flag: String, message: String },
    /// The syndication signatures could not be kept on disk.
    #[error(transparent)]
    Spill(#[from] crate::corpus::syndication::SpillError),
    /// A partial folder's file that cannot be read.
    #[error("{path}: {hint}")]
    PartialRead {
        path: PathBuf,
        hint: &'static str,
        #[source]
        source: std::io::Error,
    },
}

impl From<PassError> for ReportError {
    fn from(e: PassError) -> ReportError {
        match e {
            PassError::Corpus(e) => e.into(),
            PassError::Lexicon(e) => e.into(),
            PassError::Match(e) => e.into(),
            PassError::Partition(e) => e.into(),
            PassError::Spill(e) => e.into(),
        }
    }
}

impl ReportError {
    /// True when the user's input (not the machine) is at fault.
    pub fn is_bad_input(&self) -> bool {
        match self {
            ReportError::Lexicon(_)
            | ReportError::Corpus(_)
            | ReportError::Analysis(_)
            | ReportError::Partial { .. }
            | ReportError::Flag { .. }
            | ReportError::PartialRead { .. } => true,
            ReportError::Partition(e) => e.is_bad_input(),
            ReportError::Output(e) => e.is_bad_input(),
            ReportError::Validation(e) => e.is_bad_input(),
            _ => false,
        }
    }
}

/// What a finished run reports back to the caller.
#[derive(Debug, Clone)]
pub struct Summary {
    pub out: PathBuf,
    pub articles: u64,
    pub outlets: usize,
    pub tokens: u64,
    pub matches: u64,
    /// Headline sentences, as on the report page.
    pub headlines: Vec<String>,
    /// The sheets of `report.xlsx` cut at its row limit (`--xlsx-rows`),
    /// whose CSV files hold more rows.
    pub xlsx_cut: Vec<String>,
}

/// A run's inputs, opened and checked, and its output folder staged.
pub(crate) struct Begun {
    pub lexicon: Lexicon,
    pub lexicon_sha256: String,
    pub corpus: Corpus,
    pub matcher: Matcher,
    pub background: Option<Background>,
    pub inputs: Hashing,
    pub validation: Option<ValidationTables>,
    pub out: PathBuf,
    pub staging: Staging,
}

/// Opens the lexicon, the corpus and the background frequencies, checks
/// that the output folder (`settings.out`, else `default_out`) may be
/// replaced, hashes the inputs and starts the staging folder: nothing is
/// written before all of that succeeded.
pub(crate) fn begin(
    settings: &Settings,
    default_out: impl FnOnce(&Lexicon) -> Result<PathBuf, ReportError>,
) -> Result<Begun, ReportError> {
    begin_with(settings, default_out, &[], None)
}

/// [`begin`], with more inputs the output must not touch (a plan), and,
/// for a shard that reads only its own parts of the corpus, hashing only
/// the files of those parts.
pub(crate) fn begin_with(
    settings: &Settings,
    default_out: impl FnOnce(&Lexicon) -> Result<PathBuf, ReportError>,
    more_inputs: &[&Path],
    own_parts: Option<Shard>,
) -> Result<Begun, ReportError> {
    let (lexicon, lexicon_sha256) = load_lexicon(&settings.lexicon, settings.level)?;
    let corpus = Corpus::open(&settings.corpus, &settings.corpus_options)?;
    let matcher = Matcher::new(&lexicon)?;
    let background = load_background(settings)?;
    let validation = settings
        .validation
        .as_deref()
        .map(ValidationTables::load)
        .transpose()?;
    let out = match &settings.out {
        Some(out) => out.clone(),
        None => default_out(&lexicon)?,
    };
    let mut inputs: Vec<&Path> = corpus.files();
    inputs.extend([settings.corpus.as_path(), settings.lexicon.as_path()]);
    inputs.extend(settings.baseline.as_deref());
    inputs.extend(settings.stats.background.as_deref());
    inputs.extend(settings.validation.as_deref());
    inputs.extend(more_inputs);
    place::check(&out, place::Kind::Folder, &inputs, settings.force)?;
    let inputs = hash_inputs(settings, &corpus, own_parts);
    let staging = Staging::create(&out)?;
    Ok(Begun {
        lexicon,
        lexicon_sha256,
        corpus,
        matcher,
        background,
        inputs,
        validation,
        out,
        staging,
    })
}

impl Begun {
    /// The passes over the corpus (only `shard`'s articles, when given),
    /// the per-article tables streaming into the staging folder (and into
    /// `workbook`, when given) and each article's facts into `facts`, when
    /// given.
    fn passes(
        &self,
        settings: &Settings,
        shard: Option<(Shard, Option<&Plan>)>,
        workbook: Option<&mut workbook::Workbook>,
        facts: Option<&mut ArticleFacts>,
    ) -> Result<Pass, ReportError> {
        passes_into(
            self.staging.path(),
            &self.corpus,
            &self.lexicon,
            &self.matcher,
            settings,
            shard,
            Sinks { workbook, facts },
        )
    }
}

/// Where a pass's per-article output goes besides the CSV files in the
/// report folder.
#[derive(Default)]
pub(crate) struct Sinks<'a> {
    /// The workbook's per-article sheets.
    pub workbook: Option<&'a mut workbook::Workbook>,
    /// Each article's facts for the models.
    pub facts: Option<&'a mut ArticleFacts>,
}

/// The passes over the corpus with the per-article tables streaming into
/// `dir` and into `sinks` (in corpus order, like the tables).
pub(crate) fn passes_into(
    dir: &Path,
    corpus: &Corpus,
    lexicon: &Lexicon,
    matcher: &Matcher,
    settings: &Settings,
    shard: Option<(Shard, Option<&Plan>)>,
    sinks: Sinks,
) -> Result<Pass, ReportError> {
    let Sinks {
        workbook,
        mut facts,
    } = sinks;
    let sheets = workbook.map(|w| &mut w.articles);
    let chosen = settings.row_tables;
    let categories = matcher.categories();
    let mut rows = tables::rows::RowFiles::create(dir, settings.csv(), categories, chosen, sheets)?;
    let matches = dir.join(tables::names::MATCHES);
    let (options, cells) = (settings.csv(), rows.wants_cells());
    let collect = facts.is_some();
    let columns = &corpus.options.columns;
    let pass = pass::run(
        corpus,
        lexicon,
        matcher,
        settings.pass(shard),
        |seen| {
            let made =
                tables::rows::make(seen, matcher, chosen, options, cells).map_err(|source| {
                    ReportError::from(OutputError::Csv {
                        path: matches.clone(),
                        source,
                    })
                })?;
            let fact = collect
                .then(|| articles::facts(seen.article, settings.period, &settings.model, columns));
            Ok((made, fact))
        },
        |(made, fact)| {
            if let (Some(store), Some(fact)) = (facts.as_deref_mut(), fact) {
                store.push(&fact);
            }
            rows.keep(made).map_err(ReportError::from)
        },
    )?;
    rows.finish()?;
    Ok(pass)
}

/// Runs the report end to end.
pub fn run(settings: &Settings) -> Result<Summary, ReportError> {
    let started = Instant::now();
    let begun = begin(settings, default_report_folder)?;
    let mut workbook = settings.workbook(begun.staging.path(), begun.matcher.categories())?;
    let pass_started = Instant::now();
    let mut facts = settings.model.store(settings.period);
    let pass = begun.passes(settings, None, workbook.as_mut(), facts.as_mut())?;
    let provenance = Provenance {
        started,
        corpus_root: begun.corpus.root.clone(),
        layout: begun.corpus.layout.to_string(),
        inputs: begun.inputs.wait()?,
        lexicon_sha256: begun.lexicon_sha256,
        pass_seconds: Some((
            pass.first_pass_seconds,
            pass_started.elapsed().as_secs_f64(),
        )),
        shards: None,
    };
    let diff = match &settings.baseline {
        Some(old) => {
            let (old, _) = load_lexicon(old, settings.level)?;
            let articles = pass::counted_articles(&begun.corpus)?;
            Some(diff::diff(
                &Matcher::new(&old)?,
                &begun.matcher,
                articles,
                40,
            )?)
        }
        None => None,
    };
    publish(
        begun.staging,
        &begun.out,
        &begun.lexicon,
        pass,
        &provenance,
        settings,
        begun.background.as_ref(),
        diff.as_ref(),
        facts.as_ref(),
        begun.validation,
        workbook,
    )
}

/// `reports/<lexicon name>`, when the name is one plain path segment.
pub(crate) fn default_report_folder(lexicon: &Lexicon) -> Result<PathBuf, ReportError> {
    place::check_folder_name(&lexicon.name).map_err(|why| OutputError::BadName {
        name: lexicon.name.clone(),
        why,
    })?;
    Ok(Path::new("reports").join(&lexicon.name))
}

/// Loads a lexicon (rolled up to `level`) and hashes its file.
pub(crate) fn load_lexicon(
    path: &Path,
    level: Option<usize>,
) -> Result<(Lexicon, String), ReportError> {
    let mut lexicon = Lexicon::load(path)?;
    if let Some(level) = level {
        lexicon = lexicon.at_level(level);
    }
    let bytes = std::fs::read(path).map_err(|source| LexiconError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    Ok((lexicon, pass::hex(&Sha256::digest(&bytes))))
}

/// The background word frequencies of `--background`, read before any work.
fn load_background(settings: &Settings) -> Result<Option<Background>, ReportError> {
    Ok(settings
        .stats
        .background
        .as_deref()
        .map(Background::load)
        .transpose()?)
}

/// Hashes the lexicon and the corpus (`inputs.sha256`): one folder whole
/// (so `verify` sees a file added to it), else every file the corpus
/// reads (a file, a list, a glob); with `own_parts`, only the files of
/// that shard's parts. The files are read on a thread of their own while
/// the passes run ([`Hashing::wait`]): a 200 MB corpus file took 0.2 s
/// before the first pass began.
fn hash_inputs(settings: &Settings, corpus: &Corpus, own_parts: Option<Shard>) -> Hashing {
    let one_folder = settings.corpus_options.also.is_empty() && settings.corpus.is_dir();
    let sources: Vec<PathBuf> = if one_folder && own_parts.is_none() {
        vec![settings.corpus.clone()]
    } else {
        corpus.files().into_iter().map(Path::to_path_buf).collect()
    };
    let own: Option<Vec<PathBuf>> = own_parts.map(|shard| {
        let parts = corpus.parts();
        // A file of several parts (Parquet row groups) is hashed by the
        // shard that has its first part.
        parts[shard.parts(parts.len())]
            .iter()
            .filter(|p| p.index == 0)
            .filter_map(|&p| corpus.part_file(p))
            .map(Path::to_path_buf)
            .collect()
    });
    let (lexicon, corpus_path) = (settings.lexicon.clone(), settings.corpus.clone());
    let stop = Arc::new(AtomicBool::new(false));
    let stopped = Arc::clone(&stop);
    let thread = std::thread::spawn(move || {
        let chosen = |p: &Path| own.as_ref().is_none_or(|own| own.iter().any(|o| o == p));
        let sources: Vec<&Path> = sources.iter().map(PathBuf::as_path).collect();
        verify::hash_inputs_of(&lexicon, &sources, chosen, &stopped).map_err(|source| {
            CorpusError::Io {
                path: corpus_path,
                source,
            }
            .into()
        })
    });
    Hashing {
        stop,
        thread: Some(thread),
    }
}

type Hashes = Result<verify::InputHashes, ReportError>;

/// The inputs' hashes being taken ([`hash_inputs`]). Dropped unread (a
/// run that failed first), it stops the reading and waits for its thread
/// (one read at most), so no thread outlives the run: a library caller
/// (the Python package) or `report --watch` runs on after a failure.
pub(crate) struct Hashing {
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<Hashes>>,
}

impl Hashing {
    /// The hashes, once every input is read.
    pub(crate) fn wait(mut self) -> Hashes {
        match self.thread.take() {
            Some(thread) => thread
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            None => unreachable!("a Hashing is waited for once: `wait` takes it"),
        }
    }
}

impl Drop for Hashing {
    fn drop(&mut self) {
        if let Some(thread) = self.thread.take() {
            self.stop.store(true, Ordering::Relaxed);
            // Its result, or its panic, is not wanted: the run has ended.
            let _ = thread.join();
        }
    }
}

/// Everything after the passes over the corpus: the analysis, the summary
/// tables, the charts, `report.xlsx` (when `workbook` is given), `index.html`
/// and `run.json`, written into `staging` (which already holds the
/// per-article tables) and committed to `out`.
#[allow(clippy::too_many_arguments)]
pub(crate) fn publish(
    staging: Staging,
    out: &Path,
    lexicon: &Lexicon,
    mut pass: Pass,
    provenance: &Provenance,
    settings: &Settings,
    background: Option<&Background>,
    diff: Option<&Diff>,
    facts: Option<&ArticleFacts>,
    validation: Option<ValidationTables>,
    mut workbook: Option<workbook::Workbook>,
) -> Result<Summary, ReportError> {
    if pass.articles == 0 {
        let read = &pass.input.read;
        let why = if read.filtered + read.skipped + pass.input.syndicated_dropped > 0 {
            format!(
                "no articles to count ({} left out by --where/--from/--to, {} skipped for errors, {} dropped as syndicated copies)",
                read.filtered, read.skipped, pass.input.syndicated_dropped
            )
        } else {
            "the corpus has no articles: add rows (or files) with text and an outlet".into()
        };
        return Err(CorpusError::Invalid {
            path: settings.corpus.clone(),
            message: why,
        }
        .into());
    }
    articles::check_reference(&pass.counts, settings)?;
    let dir = staging.path();
    output::create_dir(&dir.join("charts"))?;
    output::write_file(
        &dir.join(verify::INPUTS_FILE),
        provenance.inputs.to_sha256sum(),
    )?;
    // The copies within an outlet are written now and not kept through
    // the statistics (at 4 GB of a corpus of near copies the list was
    // 100 MB of the report's peak).
    let copies = pass.input.take_duplicates();
    let copy_rows = |sink: &mut dyn tables::RowSink| tables::duplicates::rows(&copies, sink);
    tables::write_input(
        dir,
        &tables::duplicates::Duplicates,
        settings.csv(),
        copy_rows,
    )?;
    if let Some(book) = &mut workbook {
        book.input_sheet(&tables::duplicates::Duplicates, copy_rows)?;
    }
    drop(copies);
    let stats_started = Instant::now();
    let analysis = analysis::analyse(
        &pass.counts,
        &pass.periods,
        settings.confidence,
        &settings.stats,
        background,
    );
    let mut analysis = analysis;
    articles::analyse(&mut analysis, &pass, settings, facts);
    let trust = validation
        .map(|v| trust::Trust::new(v, &pass.counts, &analysis, settings))
        .transpose()?;
    let row_files = tables::rows::written(dir);
    let ctx = Context {
        lexicon,
        pass: &pass,
        analysis: &analysis,
        settings,
        diff,
        trust: trust.as_ref(),
        row_files: &row_files,
    };
    let headlines = sentences::headlines(lexicon, &pass.counts, &analysis, settings.confidence);
    // The workbook's sheets are filled on the report's threads; then the
    // workbook is saved (its sheets compressed on one thread: the longest
    // single step of a report) while the CSV tables and the charts are
    // written, which read the same numbers and write other files. Filling
    // beside the tables instead left a core idle for most of the save.
    let filled = workbook
        .map(|workbook| workbook.fill(&ctx, &provenance.corpus_root, &headlines))
        .transpose()?;
    let cut = filled
        .as_ref()
        .map(workbook::Filled::cut)
        .unwrap_or_default();
    let (book, rest) = crate::parallel::both(
        || filled.map(workbook::Filled::save),
        || tables_and_figures(dir, &ctx, stats_started),
    );
    book.transpose()?;
    let (stats_seconds, figures) = rest?;
    let html = page::index(&ctx, &provenance.corpus_root, &figures, &headlines, &cut);
    output::write_file(&dir.join("index.html"), html)?;
    let run = provenance::run_json(
        settings,
        lexicon,
        &pass,
        provenance,
        stats_seconds,
        &row_files,
    );
    output::write_json(&dir.join("run.json"), &run)?;
    staging.commit(out, settings.force)?;
    Ok(Summary {
        out: out.to_path_buf(),
        articles: pass.articles,
        outlets: pass.counts.outlets.len(),
        tokens: pass.counts.outlets.values().map(|o| o.tokens).sum(),
        matches: pass.matches,
        headlines: headlines
            .into_iter()
            .map(|(_, s)| sentences::plain(&s))
            .collect(),
        xlsx_cut: cut,
    })
}

/// The CSV tables, then the charts; with the seconds from `started` to
/// the end of the tables (`run.json`'s `tables_and_statistics`).
fn tables_and_figures(
    dir: &Path,
    ctx: &Context,
    started: Instant,
) -> Result<(f64, Vec<figures::Figure>), ReportError> {
    tables::write_all(dir, ctx, ctx.settings.csv())?;
    let stats_seconds = started.elapsed().as_secs_f64();
    let figures = figures::write(
        dir,
        ctx.lexicon,
        ctx.pass,
        ctx.analysis,
        ctx.settings.confidence,
        ctx.settings.chart_format,
    )?;
    Ok((stats_seconds, figures))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A `Hashing` dropped unread tells its thread to stop and has waited
    /// for it when the drop returns. (The thread gives up by itself after
    /// 10 s, so a broken drop fails this test rather than hanging it.)
    #[test]
    fn a_dropped_hashing_stops_and_joins_its_thread() {
        let stop = Arc::new(AtomicBool::new(false));
        let saw_stop = Arc::new(AtomicBool::new(false));
        let ended = Arc::new(AtomicBool::new(false));
        let (stopped, saw, end) = (Arc::clone(&stop), Arc::clone(&saw_stop), Arc::clone(&ended));
        let thread = std::thread::spawn(move || {
            let start = Instant::now();
            while !stopped.load(Ordering::Relaxed) && start.elapsed().as_secs() < 10 {
                std::thread::sleep(std::time::Duration::from_millis(1));
            }
            saw.store(stopped.load(Ordering::Relaxed), Ordering::Relaxed);
            end.store(true, Ordering::Relaxed);
            Err(ReportError::Flag {
                flag: "(test)".into(),
                message: "stopped".into(),
            })
        });
        drop(Hashing {
            stop,
            thread: Some(thread),
        });
        assert!(
            ended.load(Ordering::Relaxed),
            "the thread outlived the drop"
        );
        assert!(
            saw_stop.load(Ordering::Relaxed),
            "the thread was not told to stop"
        );
    }
}

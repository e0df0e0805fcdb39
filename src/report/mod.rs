//! The report: one pass over the corpus feeding the matcher, the count table
//! and the streamed per-match and per-article tables; then the statistics,
//! the summary tables, the charts, `index.html` and `run.json`.
//!
//! Everything is written into a staging folder beside the destination and
//! renamed into place only when complete, so a failed run never leaves a
//! half-written report, and an existing folder that framescore did not write
//! is never replaced without `--force`.

mod corpus_pass;
pub use corpus_pass::counted_articles;
mod corpus_tables;
pub mod diff;
mod figures;
mod html;
pub mod kwic;
mod progress;
pub mod safe_csv;
mod shard;
pub use shard::{merge, shard, Shard, ShardSummary};
mod tables;
mod uncertainty;
pub mod verify;

pub use uncertainty::{Adjust, StatsOptions};
mod weights;

pub use safe_csv::SafeWriter;
pub use tables::{num, safe_cell};

use crate::corpus::dates::Period;
use crate::corpus::options::Syndicated;
use crate::corpus::syndication::Signatures;
use crate::corpus::{Corpus, CorpusError, CorpusOptions};
use crate::counts::CountTable;
use crate::lexicon::{Lexicon, LexiconError};
use crate::matching::{MatchError, Matcher};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

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
    pub chart_format: crate::charts::ChartFormat,
    /// Start every CSV with a UTF-8 byte-order mark, for Excel.
    pub excel: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error(transparent)]
    Lexicon(#[from] LexiconError),
    #[error(transparent)]
    Corpus(#[from] CorpusError),
    #[error(transparent)]
    Match(#[from] MatchError),
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write {path}: {message}")]
    Output { path: PathBuf, message: String },
    #[error("{path} exists and was not written by framescore (no run.json): choose another --out or pass --force to replace it")]
    NotOurs { path: PathBuf },
    #[error("{path}: {message}")]
    Partial { path: PathBuf, message: String },
    #[error("{path}:{line}: {message} (--background expects a CSV with a header row naming `term` and `count`)")]
    Background {
        path: PathBuf,
        line: u64,
        message: String,
    },
}

impl ReportError {
    /// True when the user's input (not the machine) is at fault.
    pub fn is_bad_input(&self) -> bool {
        matches!(
            self,
            ReportError::Lexicon(_)
                | ReportError::Corpus(_)
                | ReportError::NotOurs { .. }
                | ReportError::Partial { .. }
                | ReportError::Background { .. }
        )
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
}

pub(crate) fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> ReportError + '_ {
    move |source| ReportError::Write {
        path: path.to_path_buf(),
        source,
    }
}

/// Everything computed in the pass over the corpus.
pub(crate) struct Pass {
    pub counts: CountTable,
    /// What was read, skipped, cleaned and dropped; the input's hash.
    pub input: corpus_tables::InputSummary,
    /// Per-period tables (`--period`).
    pub periods: BTreeMap<String, CountTable>,
    /// A shard's articles' signatures, when `merge` finds the copies.
    pub signatures: Option<Signatures>,
    pub articles: u64,
    pub matches: u64,
}

/// Where a pass's articles came from and when the run started, for the
/// page and `run.json`.
pub(crate) struct Provenance {
    pub started: Instant,
    pub corpus_root: PathBuf,
    pub layout: String,
    pub inputs: verify::InputHashes,
    pub lexicon_sha256: String,
    /// Seconds of the first and second pass (`None` after a merge).
    pub pass_seconds: Option<(f64, f64)>,
    /// Shards merged into this report (`framescore merge`).
    pub shards: Option<u64>,
}

/// A run's inputs, opened and checked, and its output folder staged.
pub(crate) struct Begun {
    pub lexicon: Lexicon,
    pub lexicon_sha256: String,
    pub corpus: Corpus,
    pub matcher: Matcher,
    pub inputs: verify::InputHashes,
    pub out: PathBuf,
    pub staging: Staging,
}

/// Opens the lexicon and the corpus, checks that the output folder (
/// `settings.out`, else `default_out`) may be replaced, hashes the inputs
/// and starts the staging folder: nothing is written before all of that
/// succeeded.
pub(crate) fn begin(
    settings: &Settings,
    default_out: impl FnOnce(&Lexicon) -> PathBuf,
) -> Result<Begun, ReportError> {
    let (lexicon, lexicon_sha256) = load_lexicon(&settings.lexicon, settings.level)?;
    let corpus = Corpus::open(&settings.corpus, &settings.corpus_options)?;
    let matcher = Matcher::new(&lexicon)?;
    let out = settings
        .out
        .clone()
        .unwrap_or_else(|| default_out(&lexicon));
    check_replaceable(&out, settings.force)?;
    let inputs = hash_inputs(settings)?;
    let staging = Staging::create(&out)?;
    Ok(Begun {
        lexicon,
        lexicon_sha256,
        corpus,
        matcher,
        inputs,
        out,
        staging,
    })
}

impl Begun {
    /// The two passes over the corpus into the staging folder (only
    /// `shard`'s articles, when given); see [`corpus_passes`].
    fn passes(
        &self,
        settings: &Settings,
        shard: Option<Shard>,
    ) -> Result<(Pass, f64), ReportError> {
        let dir = self.staging.path();
        corpus_passes(
            dir,
            &self.corpus,
            &self.lexicon,
            &self.matcher,
            settings,
            shard,
        )
    }
}

/// Runs the report end to end.
pub fn run(settings: &Settings) -> Result<Summary, ReportError> {
    let started = Instant::now();
    let begun = begin(settings, |lexicon| Path::new("reports").join(&lexicon.name))?;
    let pass_started = Instant::now();
    let (pass, first_pass_seconds) = begun.passes(settings, None)?;
    let provenance = Provenance {
        started,
        corpus_root: begun.corpus.root.clone(),
        layout: begun.corpus.layout.to_string(),
        inputs: begun.inputs,
        lexicon_sha256: begun.lexicon_sha256,
        pass_seconds: Some((first_pass_seconds, pass_started.elapsed().as_secs_f64())),
        shards: None,
    };
    let (corpus, matcher) = (&begun.corpus, &begun.matcher);
    let baseline = |dir: &Path| -> Result<(), ReportError> {
        let Some(old) = &settings.baseline else {
            return Ok(());
        };
        let (old, _) = load_lexicon(old, settings.level)?;
        let d = diff::diff(&Matcher::new(&old)?, matcher, counted_articles(corpus)?, 40)?;
        diff::write_csvs(dir, &d)
    };
    publish(
        begun.staging,
        &begun.out,
        &begun.lexicon,
        pass,
        &provenance,
        settings,
        baseline,
    )
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
    Ok((lexicon, hex(&Sha256::digest(&bytes))))
}

/// Hashes the lexicon and every corpus file (`inputs.sha256`).
fn hash_inputs(settings: &Settings) -> Result<verify::InputHashes, ReportError> {
    verify::hash_inputs(&settings.lexicon, &settings.corpus).map_err(|source| {
        CorpusError::Io {
            path: settings.corpus.clone(),
            source,
        }
        .into()
    })
}

/// Everything after the pass over the corpus: the statistics and summary
/// tables, the charts, `index.html` and `run.json`, written into `staging`
/// (which already holds the pass's tables) and committed to `out`.
/// `extra` adds tables that need the corpus (`--baseline`).
pub(crate) fn publish(
    staging: Staging,
    out: &Path,
    lexicon: &Lexicon,
    pass: Pass,
    provenance: &Provenance,
    settings: &Settings,
    extra: impl FnOnce(&Path) -> Result<(), ReportError>,
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
    let charts = staging.path().join("charts");
    std::fs::create_dir_all(&charts).map_err(io_err(&charts))?;
    let sums = staging.path().join(verify::INPUTS_FILE);
    std::fs::write(&sums, provenance.inputs.to_sha256sum()).map_err(io_err(&sums))?;
    if settings.period.is_some() {
        corpus_tables::write_periods(staging.path(), &pass.periods)?;
    }
    let stats_started = Instant::now();
    let analysis = tables::write_summary_tables(staging.path(), lexicon, &pass, settings)?;
    let stats_seconds = stats_started.elapsed().as_secs_f64();
    weights::write(staging.path(), &pass.counts)?;
    extra(staging.path())?;
    let chart_files = figures::write(
        staging.path(),
        lexicon,
        &pass,
        &analysis,
        settings.confidence,
        settings.chart_format,
    )?;
    html::write_index(
        staging.path(),
        lexicon,
        &provenance.corpus_root,
        &pass,
        &analysis,
        &chart_files,
        settings,
    )?;
    let inputs = &provenance.inputs;
    let run_json = serde_json::json!({
        "tool": "framescore",
        "version": env!("CARGO_PKG_VERSION"),
        "git_commit": option_env!("FRAMESCORE_GIT_COMMIT"),
        "arguments": settings.arguments,
        "confidence": settings.confidence,
        "seed": settings.stats.seed,
        "bootstrap_resamples": settings.stats.bootstrap,
        "permutation_resamples": settings.stats.permutations,
        "threads": settings.stats.threads,
        "excel": settings.excel,
        "adjust": settings.stats.adjust.name(),
        "background": settings.stats.background.as_ref().map(|p| p.display().to_string()),
        "lexicon": {
            "path": settings.lexicon.display().to_string(),
            "name": lexicon.name,
            "sha256": provenance.lexicon_sha256,
        },
        "corpus": {
            "path": settings.corpus.display().to_string(),
            "layout": provenance.layout,
            "articles": pass.articles,
            "outlets": pass.counts.outlets.len(),
            "sha256": pass.input.sha256,
        },
        "input": pass.input.json(),
        "inputs": {
            "lexicon": {
                "path": inputs.lexicon.0.display().to_string(),
                "sha256": inputs.lexicon.1,
            },
            "corpus": {
                "path": inputs.corpus.display().to_string(),
                "files": inputs.corpus_files.len(),
                "sha256": inputs.corpus_digest(),
            },
            "list": verify::INPUTS_FILE,
        },
        "matches": pass.matches,
        "merged_shards": provenance.shards,
        "baseline": settings.baseline.as_ref().map(|p| p.display().to_string()),
        "timings_seconds": {
            "first_pass": provenance.pass_seconds.map(|t| t.0),
            "pass": provenance.pass_seconds.map(|t| t.1),
            "tables_and_statistics": stats_seconds,
            "total": provenance.started.elapsed().as_secs_f64(),
        },
    });
    let run_path = staging.path().join("run.json");
    let text = serde_json::to_string_pretty(&run_json).map_err(|e| ReportError::Output {
        path: run_path.clone(),
        message: e.to_string(),
    })?;
    std::fs::write(&run_path, text + "\n").map_err(io_err(&run_path))?;
    if settings.excel {
        add_bom(staging.path())?;
    }
    staging.commit(out, settings.force)?;
    Ok(Summary {
        out: out.to_path_buf(),
        articles: pass.articles,
        outlets: pass.counts.outlets.len(),
        tokens: pass.counts.outlets.values().map(|o| o.tokens).sum(),
        matches: pass.matches,
        headlines: analysis.headlines.iter().map(|(_, s)| s.clone()).collect(),
    })
}

/// The counting pass alone (`framescore count`): both passes over the
/// corpus on `threads` threads, cleaning as `report` does, but no
/// per-article tables, statistics or charts. Returns the count table and
/// the number of articles counted.
pub fn count(
    corpus: &Path,
    options: &CorpusOptions,
    lexicon: &Path,
    level: Option<usize>,
    threads: usize,
) -> Result<(CountTable, u64), ReportError> {
    let (lexicon, _) = load_lexicon(lexicon, level)?;
    let corpus = Corpus::open(corpus, options)?;
    let matcher = Matcher::new(&lexicon)?;
    let prepared = corpus_pass::prepare(&corpus, threads, corpus_pass::Copies::IfDropped)?;
    let groups = lexicon.groups.iter().map(|g| g.id.clone()).collect();
    let template = CountTable::new(&matcher, groups);
    let settings = Settings {
        stats: StatsOptions {
            threads,
            ..StatsOptions::default()
        },
        ..Settings::default()
    };
    let mut feed = corpus_pass::Feed::new(None, &corpus, prepared, template, &settings)?;
    let pass = tables::stream_pass(None, &mut feed, &lexicon, &matcher, threads)?;
    Ok((pass.counts, pass.articles))
}

/// The two passes over the corpus: the first finds boilerplate and
/// syndicated copies; the second cleans, matches and counts (only the
/// `shard`'s articles, when given), streaming `matches.csv`,
/// `documents.csv` and the corpus tables into `dir`.
/// Returns the pass and the first pass's seconds.
pub(crate) fn corpus_passes(
    dir: &Path,
    corpus: &Corpus,
    lexicon: &Lexicon,
    matcher: &Matcher,
    settings: &Settings,
    shard: Option<Shard>,
) -> Result<(Pass, f64), ReportError> {
    let started = Instant::now();
    // A shard leaves finding copies to `merge`, unless it must drop them.
    let copies = match shard {
        Some(_) if corpus.options.syndicated == Syndicated::Keep => corpus_pass::Copies::Defer,
        _ => corpus_pass::Copies::Find,
    };
    let prepared = corpus_pass::prepare(corpus, settings.stats.threads, copies)?;
    let first_pass_seconds = started.elapsed().as_secs_f64();
    let admitted = prepared.read.as_ref().map_or(0, |r| r.read);
    let groups = lexicon.groups.iter().map(|g| g.id.clone()).collect();
    let template = CountTable::new(matcher, groups);
    let mut feed = corpus_pass::Feed::new(Some(dir), corpus, prepared, template, settings)?;
    if let Some(shard) = shard {
        feed.only(shard.range(admitted));
    }
    if copies == corpus_pass::Copies::Defer {
        feed.defer_copies();
    }
    let mut pass = tables::stream_pass(
        Some(dir),
        &mut feed,
        lexicon,
        matcher,
        settings.stats.threads,
    )?;
    let finished = feed.finish(dir)?;
    pass.input = finished.input;
    pass.periods = finished.periods;
    pass.signatures = finished.signatures;
    Ok((pass, first_pass_seconds))
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Puts a UTF-8 byte-order mark at the start of every CSV in `dir`, so
/// Excel reads accented names as UTF-8 (`--excel`).
fn add_bom(dir: &Path) -> Result<(), ReportError> {
    let entries = std::fs::read_dir(dir).map_err(io_err(dir))?;
    for entry in entries {
        let path = entry.map_err(io_err(dir))?.path();
        if path.extension().is_some_and(|e| e == "csv") {
            let body = std::fs::read(&path).map_err(io_err(&path))?;
            if !body.starts_with("\u{feff}".as_bytes()) {
                let mut with_bom = Vec::with_capacity(body.len() + 3);
                with_bom.extend_from_slice("\u{feff}".as_bytes());
                with_bom.extend_from_slice(&body);
                std::fs::write(&path, with_bom).map_err(io_err(&path))?;
            }
        }
    }
    Ok(())
}

/// Refuses to replace a folder framescore did not write.
fn check_replaceable(out: &Path, force: bool) -> Result<(), ReportError> {
    if force || !out.exists() {
        return Ok(());
    }
    let empty = std::fs::read_dir(out)
        .map(|mut d| d.next().is_none())
        .unwrap_or(false);
    let ours = ["run.json", shard::PARTIAL_FILE]
        .iter()
        .any(|f| out.join(f).is_file());
    if ours || empty {
        Ok(())
    } else {
        Err(ReportError::NotOurs {
            path: out.to_path_buf(),
        })
    }
}

/// The staging folders of the runs in progress. An interrupt
/// ([`abandon_staging`]) and a commit take this lock, so an interrupt
/// either removes a staging folder before its commit or waits until the
/// commit has swapped the folders.
static IN_PROGRESS: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());

fn in_progress() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    IN_PROGRESS.lock().unwrap_or_else(|e| e.into_inner())
}

/// For a Ctrl-C or SIGTERM handler that then exits the process: removes the
/// staging folder of every report in progress and keeps any of them from
/// being committed, so the previous report stays as it was and nothing
/// half-written is left behind.
pub fn abandon_staging() {
    let mut staging = in_progress();
    for path in staging.drain(..) {
        // The run may still be writing into it: retry a few times.
        for _ in 0..50 {
            if std::fs::remove_dir_all(&path).is_ok() || !path.exists() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
    }
    // Held until the process exits: no commit can start.
    std::mem::forget(staging);
}

/// A hidden folder beside the destination, removed unless committed.
pub(crate) struct Staging {
    path: PathBuf,
    committed: bool,
}

impl Staging {
    fn create(out: &Path) -> Result<Staging, ReportError> {
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent).map_err(io_err(&parent))?;
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "report".into());
        let path = parent.join(format!(".{name}.partial-{}", std::process::id()));
        if path.exists() {
            std::fs::remove_dir_all(&path).map_err(io_err(&path))?;
        }
        in_progress().push(path.clone());
        std::fs::create_dir_all(&path).map_err(io_err(&path))?;
        Ok(Staging {
            path,
            committed: false,
        })
    }

    fn path(&self) -> &Path {
        &self.path
    }

    /// Moves the finished report into place, then removes the old one.
    fn commit(mut self, out: &Path, force: bool) -> Result<(), ReportError> {
        let mut running = in_progress();
        let Some(i) = running.iter().position(|p| p == &self.path) else {
            return Err(ReportError::Output {
                path: out.to_path_buf(),
                message: "interrupted: the previous report is left as it was".into(),
            });
        };
        check_replaceable(out, force)?;
        let old = self.path.with_extension("old");
        if out.exists() {
            std::fs::rename(out, &old).map_err(io_err(out))?;
        }
        if let Err(e) = std::fs::rename(&self.path, out) {
            if old.exists() {
                let _ = std::fs::rename(&old, out);
            }
            return Err(io_err(out)(e));
        }
        self.committed = true;
        running.swap_remove(i);
        drop(running);
        if old.exists() {
            std::fs::remove_dir_all(&old).map_err(io_err(&old))?;
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            in_progress().retain(|p| p != &self.path);
            let _ = std::fs::remove_dir_all(&self.path);
        }
    }
}

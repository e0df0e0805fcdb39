//! The editing loop (`report --watch`): write the report, then re-run it
//! each time the lexicon (or the `--validation` tables) is saved, so a
//! browser reload shows the new report. Each re-run also compares the
//! lexicon as it was at the previous run with the saved one over the same
//! corpus ([`crate::audit::diff`]): the matches each edit added and
//! removed, per outlet and category.
//!
//! Saves are seen through the operating system's file events ([`notify`];
//! the folders holding the files are watched, so an editor that saves by
//! writing a new file and renaming it over the old one is seen too), or by
//! polling every [`POLL`] when no watcher can be made. A save runs the
//! report only when a file's content changed. A lexicon that does not load
//! while it is being edited is reported and the previous report left in
//! place.
//!
//! It prints nothing: each run is handed to the caller.

use super::{load_lexicon, run, ReportError, Settings, Summary};
use crate::audit::diff::{self, Diff};
use crate::corpus::Corpus;
use crate::matching::Matcher;
use crate::pass;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{channel, RecvTimeoutError};
use std::time::{Duration, Instant};

/// How often the files are read when no file watcher could be made, and
/// how often the loop looks at `stop`.
pub const POLL: Duration = Duration::from_millis(250);
/// Quiet time after a file event before the files are read (an editor's
/// save can be several events).
const SETTLE: Duration = Duration::from_millis(40);

static WATCHING: AtomicBool = AtomicBool::new(false);

/// True while [`watch`] runs (the binary's Ctrl-C handler then ends the
/// process quietly: the last report is complete and in place).
pub fn is_watching() -> bool {
    WATCHING.load(Ordering::SeqCst)
}

/// One run of the loop.
#[derive(Debug)]
pub struct Rerun {
    /// The saved files whose content changed (empty for the first run).
    pub changed: Vec<PathBuf>,
    pub report: Result<Summary, ReportError>,
    /// The matches the lexicon's edit added and removed, when the lexicon
    /// changed and both versions load.
    pub diff: Option<Diff>,
    /// From the save being seen to the report (and the diff) written.
    pub seconds: f64,
    /// Seen by polling instead of file events.
    pub polling: bool,
}

/// The files the loop watches: the lexicon and the validation tables
/// `report --validation` reads.
pub fn watched_files(settings: &Settings) -> Vec<PathBuf> {
    let mut files = vec![settings.lexicon.clone()];
    if let Some(v) = &settings.validation {
        files.extend(crate::validation::ValidationTables::files(v));
    }
    files
}

/// The content hash of a file (`None`: it cannot be read, e.g. while an
/// editor replaces it).
fn fingerprint(path: &Path) -> Option<[u8; 32]> {
    std::fs::read(path).ok().map(|b| Sha256::digest(&b).into())
}

/// A path as file events name it: its folder made absolute.
fn absolute(path: &Path) -> PathBuf {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let dir = dir.canonicalize().unwrap_or(dir);
    match path.file_name() {
        Some(name) => dir.join(name),
        None => dir,
    }
}

/// Writes the report, then re-runs it whenever a watched file's content
/// changes, handing every run to `on_run`, until `stop` is set.
///
/// # Errors
///
/// [`ReportError::Corpus`] when the corpus cannot be opened for the diffs.
/// A run that fails (a lexicon with a mistake) is handed to `on_run`, not
/// returned: the loop goes on.
pub fn watch(
    settings: &Settings,
    stop: &AtomicBool,
    mut on_run: impl FnMut(&Rerun),
) -> Result<(), ReportError> {
    WATCHING.store(true, Ordering::SeqCst);
    let _reset = Reset;
    let corpus = Corpus::open(&settings.corpus, &settings.corpus_options)?;
    let files = watched_files(settings);
    let absolute_files: Vec<PathBuf> = files.iter().map(|f| absolute(f)).collect();
    let mut prints: Vec<Option<[u8; 32]>> = files.iter().map(|f| fingerprint(f)).collect();
    let (tx, rx) = channel();
    let watcher = notify::recommended_watcher(move |e: notify::Result<notify::Event>| {
        let _ = tx.send(e);
    })
    .and_then(|mut w| {
        use notify::Watcher as _;
        let mut dirs: Vec<PathBuf> = absolute_files
            .iter()
            .filter_map(|f| f.parent().map(Path::to_path_buf))
            .collect();
        dirs.sort();
        dirs.dedup();
        for d in dirs {
            w.watch(&d, notify::RecursiveMode::NonRecursive)?;
        }
        Ok(w)
    });
    let polling = watcher.is_err();
    let mut previous = load_lexicon(&settings.lexicon, settings.level).ok();
    let started = Instant::now();
    let first = Rerun {
        changed: Vec::new(),
        report: run(settings),
        diff: None,
        seconds: started.elapsed().as_secs_f64(),
        polling,
    };
    on_run(&first);
    let mut pending: Option<Instant> = None;
    let mut polling = polling;
    while !stop.load(Ordering::SeqCst) {
        let wait = if pending.is_some() { SETTLE } else { POLL };
        match rx.recv_timeout(wait) {
            Ok(Ok(event)) => {
                let ours = event
                    .paths
                    .iter()
                    .any(|p| absolute_files.iter().any(|f| f == p || absolute(p) == *f));
                if ours {
                    pending = Some(Instant::now());
                }
                continue;
            }
            Ok(Err(_)) | Err(RecvTimeoutError::Timeout) => {}
            // No watcher, or it stopped: read the files every POLL.
            Err(RecvTimeoutError::Disconnected) => {
                polling = true;
                std::thread::sleep(POLL);
            }
        }
        let seen = match pending {
            Some(t) => t,
            None if polling => Instant::now(),
            None => continue,
        };
        pending = None;
        let now: Vec<Option<[u8; 32]>> = files.iter().map(|f| fingerprint(f)).collect();
        let changed: Vec<PathBuf> = files
            .iter()
            .zip(now.iter().zip(&prints))
            .filter(|(_, (a, b))| a.is_some() && a != b)
            .map(|(f, _)| f.clone())
            .collect();
        if changed.is_empty() {
            continue;
        }
        prints = now;
        let report = run(settings);
        let lexicon_changed = changed.first() == files.first();
        let current = if lexicon_changed {
            load_lexicon(&settings.lexicon, settings.level).ok()
        } else {
            None
        };
        let diff = match (&previous, &current) {
            (Some((old, _)), Some((new, _))) => lexicon_diff(&corpus, old, new),
            _ => None,
        };
        if current.is_some() {
            previous = current;
        }
        on_run(&Rerun {
            changed,
            report,
            diff,
            seconds: seen.elapsed().as_secs_f64(),
            polling,
        });
    }
    Ok(())
}

/// What the edit from `old` to `new` changed over the corpus.
fn lexicon_diff(
    corpus: &Corpus,
    old: &crate::lexicon::Lexicon,
    new: &crate::lexicon::Lexicon,
) -> Option<Diff> {
    let (old, new) = (Matcher::new(old).ok()?, Matcher::new(new).ok()?);
    let articles = pass::counted_articles(corpus).ok()?;
    diff::diff(&old, &new, articles, 40).ok()
}

/// Clears [`WATCHING`] when the loop ends.
struct Reset;

impl Drop for Reset {
    fn drop(&mut self) {
        WATCHING.store(false, Ordering::SeqCst);
    }
}

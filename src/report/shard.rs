//! Sharding: `count --shard K/N` counts the K-th of N contiguous ranges of
//! the corpus (in corpus order) into a partial folder, and `merge` adds the
//! partials up into exactly the report one run over the whole corpus gives.
//! Counts are additive, and every per-article table is in corpus order, so
//! the shards' rows concatenated in shard order are the single run's rows.
//!
//! What needs the whole corpus: every shard reads all of it once (the first
//! pass) to learn its size, its hash and, with cleaning, each outlet's
//! boilerplate lines, so cleaning decides exactly as in one run. Syndicated
//! copies are found by `merge` from the MinHash signatures each shard takes
//! of its own articles; only `--syndicated drop|first`, which must know the
//! copies before counting, makes every shard sign the whole corpus. The
//! second pass (cleaning, matching, counting, the per-article rows) reads
//! only up to the end of the shard's range.
//!
//! A partial folder holds the shard's `matches.csv`, `documents.csv` and
//! `cleaning.csv`, a copy of the lexicon, and `partial.json`: the count
//! tables, the signatures, and what every shard of one run must share,
//! which `merge` checks.

use super::corpus_tables::{self, InputSummary};
use super::{
    begin, check_replaceable, io_err, load_lexicon, publish, Begun, Pass, Provenance, ReportError,
    Settings, Staging, Summary,
};
use crate::corpus::dates::Period;
use crate::corpus::options::Syndicated;
use crate::corpus::syndication::{Detector, Signatures};
use crate::counts::{CountTable, Tally};
use crate::matching::Matcher;
use crate::report::verify::InputHashes;
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Instant;

/// The file that marks a folder as a partial, with its counts.
pub(crate) const PARTIAL_FILE: &str = "partial.json";
const FORMAT: &str = "framescore-partial";
const VERSION: u32 = 1;
/// Where a partial keeps its copy of the lexicon.
const LEXICON_DIR: &str = "lexicon";
/// The per-article tables: the shards' rows, concatenated in shard order.
const ROW_TABLES: [&str; 3] = ["matches.csv", "documents.csv", "cleaning.csv"];
const SYNDICATION: &str = "syndication.csv";

/// Shard `index` (from 1) of `count`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub index: u64,
    pub count: u64,
}

impl FromStr for Shard {
    type Err = String;
    fn from_str(s: &str) -> Result<Shard, String> {
        let parsed = s
            .split_once('/')
            .and_then(|(k, n)| Some((k.trim().parse().ok()?, n.trim().parse().ok()?)));
        match parsed {
            Some((index, count)) if index >= 1 && index <= count => Ok(Shard { index, count }),
            _ => Err(format!(
                "`{s}` is not a shard: write K/N with 1 <= K <= N (e.g. 3/8)"
            )),
        }
    }
}

impl Shard {
    /// This shard's articles, by place in corpus order, out of `total`:
    /// N contiguous ranges whose sizes differ by at most one.
    pub fn range(self, total: u64) -> Range<u64> {
        let at = |k: u64| (u128::from(total) * u128::from(k) / u128::from(self.count)) as u64;
        at(self.index - 1)..at(self.index)
    }
}

/// What every shard of one run must share; `merge` refuses partials that
/// differ in any of it. Paths are not part of it: shards on different
/// machines may see the same files at different places.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
struct RunKey {
    framescore: String,
    shards: u64,
    /// Articles admitted in the whole corpus, and their hash.
    articles_total: u64,
    corpus_sha256: String,
    /// The hash over the corpus files' names and contents.
    corpus_files_sha256: String,
    layout: String,
    /// How the corpus was read, filtered, grouped and cleaned.
    corpus_options: String,
    period: Option<Period>,
    lexicon_sha256: String,
    level: Option<usize>,
}

/// Where a shard found its inputs; the merged report names shard 1's.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct Origin {
    corpus: PathBuf,
    corpus_root: PathBuf,
    lexicon: PathBuf,
    /// The lexicon's file name inside the partial's `lexicon/` folder.
    lexicon_file: String,
    inputs: InputHashes,
}

/// `partial.json`.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
struct Partial {
    format: String,
    version: u32,
    framescore: String,
    shard: u64,
    /// Places in corpus order of this shard's articles.
    range: (u64, u64),
    run: RunKey,
    origin: Origin,
    articles: u64,
    matches: u64,
    counts: Tally,
    periods: BTreeMap<String, Tally>,
    input: InputSummary,
    /// The shard's articles' MinHash signatures, when `merge` finds the
    /// syndicated copies (`--syndicated keep`).
    signatures: Option<Signatures>,
    /// Size in bytes of each per-article table, so a truncated or replaced
    /// one is refused.
    tables: BTreeMap<String, u64>,
}

/// What a shard counted.
#[derive(Debug, Clone)]
pub struct ShardSummary {
    pub out: PathBuf,
    pub articles: u64,
    pub articles_total: u64,
    pub matches: u64,
}

/// Counts shard `shard` of the corpus into a partial folder
/// (`settings.out`, default `shard-K-of-N`).
pub fn shard(settings: &Settings, shard: Shard) -> Result<ShardSummary, ReportError> {
    let begun = begin(settings, |_| {
        PathBuf::from(format!("shard-{}-of-{}", shard.index, shard.count))
    })?;
    let (pass, _) = begun.passes(settings, Some(shard))?;
    let Begun {
        lexicon_sha256,
        corpus,
        inputs,
        out,
        staging,
        ..
    } = begun;
    let lexicon_file = settings.lexicon.file_name().map_or_else(
        || "lexicon.toml".into(),
        |n| n.to_string_lossy().into_owned(),
    );
    let lexicon_dir = staging.path().join(LEXICON_DIR);
    std::fs::create_dir_all(&lexicon_dir).map_err(io_err(&lexicon_dir))?;
    let copy = lexicon_dir.join(&lexicon_file);
    std::fs::copy(&settings.lexicon, &copy).map_err(io_err(&copy))?;
    let mut tables = BTreeMap::new();
    for table in ROW_TABLES {
        let path = staging.path().join(table);
        if let Ok(meta) = std::fs::metadata(&path) {
            tables.insert(table.to_string(), meta.len());
        }
    }
    let articles_total = pass.input.read.read;
    let range = shard.range(articles_total);
    let partial = Partial {
        format: FORMAT.into(),
        version: VERSION,
        framescore: env!("CARGO_PKG_VERSION").into(),
        shard: shard.index,
        range: (range.start, range.end),
        run: RunKey {
            framescore: env!("CARGO_PKG_VERSION").into(),
            shards: shard.count,
            articles_total,
            corpus_sha256: pass.input.sha256.clone(),
            corpus_files_sha256: inputs.corpus_digest(),
            layout: corpus.layout.to_string(),
            corpus_options: format!("{:?}", settings.corpus_options),
            period: settings.period,
            lexicon_sha256,
            level: settings.level,
        },
        origin: Origin {
            corpus: settings.corpus.clone(),
            corpus_root: corpus.root.clone(),
            lexicon: settings.lexicon.clone(),
            lexicon_file,
            inputs,
        },
        articles: pass.articles,
        matches: pass.matches,
        counts: pass.counts.tally(),
        periods: pass
            .periods
            .iter()
            .map(|(k, t)| (k.clone(), t.tally()))
            .collect(),
        input: pass.input,
        signatures: pass.signatures,
        tables,
    };
    let path = staging.path().join(PARTIAL_FILE);
    let file = std::fs::File::create(&path).map_err(io_err(&path))?;
    let mut w = std::io::BufWriter::new(file);
    serde_json::to_writer(&mut w, &partial).map_err(|e| ReportError::Output {
        path: path.clone(),
        message: e.to_string(),
    })?;
    w.flush().map_err(io_err(&path))?;
    staging.commit(&out, settings.force)?;
    Ok(ShardSummary {
        out,
        articles: partial.articles,
        articles_total: partial.run.articles_total,
        matches: partial.matches,
    })
}

/// Adds up the partials of one sharded run (any order) into the report a
/// single run gives, written as `report` writes it. `settings` gives the
/// output and the statistics; the corpus, lexicon, `--level` and
/// `--period` come from the partials.
pub fn merge(partials: &[PathBuf], settings: &Settings) -> Result<Summary, ReportError> {
    let started = Instant::now();
    let mut parts = partials
        .iter()
        .map(|dir| Ok((dir.clone(), read_partial(dir)?)))
        .collect::<Result<Vec<_>, ReportError>>()?;
    parts.sort_by_key(|(_, p)| p.shard);
    check_complete(&parts)?;
    let (first_dir, first) = &parts[0];
    let (key, origin) = (first.run.clone(), first.origin.clone());
    let (mut lexicon, _) = load_lexicon(
        &first_dir.join(LEXICON_DIR).join(&origin.lexicon_file),
        key.level,
    )?;
    lexicon.path = origin.lexicon.clone();
    let matcher = Matcher::new(&lexicon)?;
    let settings = Settings {
        corpus: origin.corpus.clone(),
        lexicon: origin.lexicon.clone(),
        period: key.period,
        level: key.level,
        baseline: None,
        ..settings.clone()
    };
    let out = settings
        .out
        .clone()
        .unwrap_or_else(|| Path::new("reports").join(&lexicon.name));
    check_replaceable(&out, settings.force)?;
    refuse_overlap(&out, &parts)?;
    let staging = Staging::create(&out)?;
    let dirs: Vec<&Path> = parts.iter().map(|(d, _)| d.as_path()).collect();
    for table in ROW_TABLES {
        concatenate(&dirs, table, &staging.path().join(table))?;
    }
    // Copies: found here from every shard's signatures, or (when the
    // shards had to drop them) found by each shard alike.
    let mut copies = first.signatures.is_some().then(Detector::default);
    if copies.is_none() {
        let (from, to) = (
            first_dir.join(SYNDICATION),
            staging.path().join(SYNDICATION),
        );
        std::fs::copy(&from, &to).map_err(|e| partial_err(&from, e.to_string()))?;
    }

    let groups = lexicon.groups.iter().map(|g| g.id.clone()).collect();
    let template = CountTable::new(&matcher, groups);
    let mut counts = template.clone();
    let mut periods: BTreeMap<String, CountTable> = BTreeMap::new();
    let (mut articles, mut matches) = (0, 0);
    let mut input: Option<InputSummary> = None;
    for (dir, part) in parts {
        let file = dir.join(PARTIAL_FILE);
        let bad = |m: String| partial_err(&file, m);
        counts.merge_tally(part.counts).map_err(bad)?;
        for (period, tally) in part.periods {
            periods
                .entry(period)
                .or_insert_with(|| template.clone())
                .merge_tally(tally)
                .map_err(bad)?;
        }
        articles += part.articles;
        matches += part.matches;
        match &mut input {
            Some(input) => input.add_shard(&part.input),
            None => input = Some(part.input),
        }
        if let Some(copies) = &mut copies {
            let part = part
                .signatures
                .ok_or_else(|| bad("no signatures, unlike shard 1".into()))?;
            copies.extend(part);
        }
    }
    let mut input = input.unwrap_or_default();
    if let Some(copies) = copies {
        let found = copies.finish(Syndicated::Keep);
        corpus_tables::write_syndication(staging.path(), &found)?;
        input.syndication_pairs = found.pairs;
        input.too_short = found.too_short;
    }
    input.periods = periods.len();
    let pass = Pass {
        counts,
        input,
        periods,
        articles,
        matches,
        signatures: None,
    };
    let provenance = Provenance {
        started,
        corpus_root: origin.corpus_root,
        layout: key.layout,
        inputs: origin.inputs,
        lexicon_sha256: key.lexicon_sha256,
        pass_seconds: None,
        shards: Some(key.shards),
    };
    publish(
        staging,
        &out,
        &lexicon,
        pass,
        &provenance,
        &settings,
        |_| Ok(()),
    )
}

/// The merged report would replace a partial (or a folder holding one).
fn refuse_overlap(out: &Path, parts: &[(PathBuf, Partial)]) -> Result<(), ReportError> {
    let Ok(out_abs) = out.canonicalize() else {
        return Ok(()); // does not exist yet: replaces nothing
    };
    for (dir, _) in parts {
        let dir_abs = dir.canonicalize().unwrap_or_else(|_| dir.clone());
        if dir_abs.starts_with(&out_abs) || out_abs.starts_with(&dir_abs) {
            return Err(partial_err(
                out,
                format!(
                    "--out would replace the partial {}: write the merged report to another folder",
                    dir.display()
                ),
            ));
        }
    }
    Ok(())
}

fn partial_err(path: &Path, message: String) -> ReportError {
    ReportError::Partial {
        path: path.to_path_buf(),
        message,
    }
}

fn read_partial(dir: &Path) -> Result<Partial, ReportError> {
    let path = dir.join(PARTIAL_FILE);
    let file = std::fs::File::open(&path).map_err(|e| {
        partial_err(
            &path,
            format!("{e}: pass the folders `framescore count --shard K/N --out DIR` wrote"),
        )
    })?;
    let partial: Partial = serde_json::from_reader(BufReader::new(file)).map_err(|e| {
        partial_err(
            &path,
            format!("not a framescore partial ({e}); was it written completely?"),
        )
    })?;
    if partial.format != FORMAT || partial.version != VERSION {
        return Err(partial_err(
            &path,
            format!(
                "a partial of format {} version {} (framescore {}); this framescore reads {FORMAT} version {VERSION}: count the shards again with this version",
                partial.format, partial.version, partial.framescore
            ),
        ));
    }
    for (table, &bytes) in &partial.tables {
        let path = dir.join(table);
        let found = std::fs::metadata(&path).map(|m| m.len()).ok();
        if found != Some(bytes) {
            return Err(partial_err(
                &path,
                format!(
                    "{} bytes where the shard wrote {bytes}: the partial folder is incomplete or was changed; count this shard again",
                    found.map_or_else(|| "missing, not".into(), |n| n.to_string())
                ),
            ));
        }
    }
    Ok(partial)
}

/// Every shard 1..=N of one run, once.
fn check_complete(parts: &[(PathBuf, Partial)]) -> Result<(), ReportError> {
    let Some((first_dir, first)) = parts.first() else {
        return Err(partial_err(
            Path::new("merge"),
            "no partial folders given".into(),
        ));
    };
    let first_key = serde_json::to_value(&first.run).unwrap_or_default();
    for (dir, part) in &parts[1..] {
        if part.run != first.run {
            let key = serde_json::to_value(&part.run).unwrap_or_default();
            let differ: Vec<&str> = first_key
                .as_object()
                .into_iter()
                .flatten()
                .filter(|(field, value)| key.get(field.as_str()) != Some(value))
                .map(|(field, _)| field.as_str())
                .collect();
            return Err(partial_err(
                dir,
                format!(
                    "not a shard of the same run as {} (they differ in: {}): count every shard with the same corpus, lexicon and options",
                    first_dir.display(),
                    differ.join(", ")
                ),
            ));
        }
    }
    for pair in parts.windows(2) {
        if pair[0].1.shard == pair[1].1.shard {
            return Err(partial_err(
                &pair[1].0,
                format!(
                    "shard {} is given twice (also {})",
                    pair[1].1.shard,
                    pair[0].0.display()
                ),
            ));
        }
    }
    let n = first.run.shards;
    let have: Vec<u64> = parts.iter().map(|(_, p)| p.shard).collect();
    let missing: Vec<String> = (1..=n)
        .filter(|k| !have.contains(k))
        .map(|k| format!("{k}/{n}"))
        .collect();
    if !missing.is_empty() {
        return Err(partial_err(
            first_dir,
            format!(
                "shards missing: {} (run `framescore count --shard K/{n}` for each, then merge all {n})",
                missing.join(", ")
            ),
        ));
    }
    Ok(())
}

/// Writes `table` of every shard into `to`, in shard order, with the
/// header of the first: the single run's table. A table no shard wrote is
/// not written.
fn concatenate(dirs: &[&Path], table: &str, to: &Path) -> Result<(), ReportError> {
    if !dirs.iter().any(|d| d.join(table).is_file()) {
        return Ok(());
    }
    let file = std::fs::File::create(to).map_err(io_err(to))?;
    let mut w = std::io::BufWriter::new(file);
    for (i, dir) in dirs.iter().enumerate() {
        let from = dir.join(table);
        let src = std::fs::File::open(&from).map_err(|e| partial_err(&from, e.to_string()))?;
        let mut r = BufReader::new(src);
        let mut header = Vec::new();
        r.read_until(b'\n', &mut header)
            .map_err(|e| partial_err(&from, e.to_string()))?;
        if i == 0 {
            w.write_all(&header).map_err(io_err(to))?;
        }
        std::io::copy(&mut r, &mut w).map_err(|e| partial_err(&from, e.to_string()))?;
    }
    w.flush().map_err(io_err(to))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_parse_and_split_evenly() {
        assert_eq!("3/8".parse(), Ok(Shard { index: 3, count: 8 }));
        for bad in ["0/3", "4/3", "3", "a/b", "1/0", ""] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
        let ranges: Vec<_> = (1..=3)
            .map(|k| Shard { index: k, count: 3 }.range(5))
            .collect();
        assert_eq!(ranges, [0..1, 1..3, 3..5]);
        // More shards than articles: some are empty, none overlap.
        let ranges: Vec<_> = (1..=4)
            .map(|k| Shard { index: k, count: 4 }.range(2))
            .collect();
        assert_eq!(ranges, [0..0, 0..1, 1..1, 1..2]);
        assert_eq!(Shard { index: 1, count: 1 }.range(u64::MAX), 0..u64::MAX);
    }
}

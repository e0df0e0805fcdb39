//! A shard's partial folder: `partial.json` (the count tables, the
//! signatures, and what every shard of one run must share, which `merge`
//! checks), beside the shard's per-article tables and a copy of its lexicon.

use super::verify::InputHashes;
use super::ReportError;
use crate::corpus::dates::Period;
use crate::corpus::syndication::Signatures;
use crate::counts::Tally;
use crate::pass::InputSummary;
use std::collections::{BTreeMap, HashSet};
use std::io::BufReader;
use std::path::{Path, PathBuf};

/// The file that marks a folder as a partial, with its counts.
pub(crate) const PARTIAL_FILE: &str = "partial.json";
pub(crate) const FORMAT: &str = "framescore-partial";
/// 3: `documents.csv` is one row per article with a column per category.
/// 4: the counts' per-article rows are sparse (`counts::ArticleRows`).
pub(crate) const VERSION: u32 = 4;
/// Where a partial keeps its copy of the lexicon.
pub(crate) const LEXICON_DIR: &str = "lexicon";

/// What every shard of one run must share; `merge` refuses partials that
/// differ in any of it. Paths are not part of it: shards on different
/// machines may see the same files at different places.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub(crate) struct RunKey {
    pub framescore: String,
    pub shards: u64,
    /// Articles admitted in the whole corpus, and their hash.
    pub articles_total: u64,
    pub corpus_sha256: String,
    /// The hash over the corpus files' names and contents.
    pub corpus_files_sha256: String,
    pub layout: String,
    /// How the corpus was read, filtered, grouped and cleaned.
    pub corpus_options: String,
    pub period: Option<Period>,
    pub lexicon_sha256: String,
    pub level: Option<usize>,
}

/// Where a shard found its inputs; the merged report names shard 1's.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(crate) struct Origin {
    pub corpus: PathBuf,
    pub corpus_root: PathBuf,
    pub lexicon: PathBuf,
    /// The lexicon's file name inside the partial's `lexicon/` folder.
    pub lexicon_file: String,
    pub inputs: InputHashes,
}

/// `partial.json`.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub(crate) struct Partial {
    pub format: String,
    pub version: u32,
    pub framescore: String,
    pub shard: u64,
    /// Places in corpus order of this shard's articles.
    pub range: (u64, u64),
    pub run: RunKey,
    pub origin: Origin,
    pub articles: u64,
    pub matches: u64,
    pub counts: Tally,
    pub periods: BTreeMap<String, Tally>,
    pub input: InputSummary,
    /// The shard's articles' MinHash signatures, when `merge` finds the
    /// syndicated copies (`--syndicated keep`).
    pub signatures: Option<Signatures>,
    /// The corpus places of the copies left out, when the shard had to find
    /// them itself (`--syndicated first|drop`): the same in every shard.
    pub syndication_dropped: Option<HashSet<u64>>,
    /// Size in bytes of each per-article table, so a truncated or replaced
    /// one is refused.
    pub tables: BTreeMap<String, u64>,
}

pub(crate) fn partial_err(path: &Path, message: String) -> ReportError {
    ReportError::Partial {
        path: path.to_path_buf(),
        message,
    }
}

pub(crate) fn read_partial(dir: &Path) -> Result<Partial, ReportError> {
    let path = dir.join(PARTIAL_FILE);
    let file = std::fs::File::open(&path).map_err(|source| ReportError::PartialRead {
        path: path.clone(),
        hint: "pass the folders `framescore count --shard K/N --out DIR` wrote",
        source,
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
pub(crate) fn check_complete(parts: &[(PathBuf, Partial)]) -> Result<(), ReportError> {
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

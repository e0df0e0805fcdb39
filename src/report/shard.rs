//! `count --shard K/N`: counts one shard of the corpus into a partial
//! folder ([`super::partial`]) that `merge` completes.
//!
//! In two phases, no shard reads more than its own parts of the corpus
//! (files, Parquet row groups: [`crate::corpus::Corpus::parts`], the K-th
//! of N contiguous runs of them): phase 1 ([`summarise`], `count --shard
//! K/N --summarise`) writes the shard's summary; [`plan`] (`framescore
//! plan`) makes the plan from every shard's summary; phase 2 ([`shard`]
//! with the plan) counts the shard with it. Without a plan, a shard reads
//! the whole corpus once to learn what the plan says.

use super::partial::{
    partial_err, Origin, Partial, RunKey, FORMAT, LEXICON_DIR, PARTIAL_FILE, VERSION,
};
use super::partitioned::protocol;
use super::tables::{Kind, TABLES};
use super::{begin_with, Begun, ReportError, Settings};
use crate::corpus::Corpus;
use crate::lexicon::LexiconError;
use crate::output::{self, place, OutputError, Staging};
use crate::pass::partition::{self, Admitter, ArticleKey, Plan};
use crate::pass::Shard;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The file a phase-1 folder holds its summary in.
pub const SUMMARY_FILE: &str = "summary.bin";
/// The file a plan folder holds the plan in.
pub const PLAN_FILE: &str = "plan.bin";

/// What a shard counted.
#[derive(Debug, Clone)]
pub struct ShardSummary {
    pub out: PathBuf,
    pub articles: u64,
    pub articles_total: u64,
    pub matches: u64,
}

/// Counts shard `shard` of the corpus into a partial folder
/// (`settings.out`, default `shard-K-of-N`). With `plan` (a folder
/// [`plan`] wrote), the shard reads only its own parts of the corpus and
/// takes what needs the whole corpus from the plan; without, it reads the
/// whole corpus once first.
pub fn shard(
    settings: &Settings,
    shard: Shard,
    plan: Option<&Path>,
) -> Result<ShardSummary, ReportError> {
    let loaded = plan.map(read_plan).transpose()?;
    let begun = begin_with(
        settings,
        |_| {
            Ok(PathBuf::from(format!(
                "shard-{}-of-{}",
                shard.index, shard.count
            )))
        },
        plan.as_slice(),
        plan.map(|_| shard),
    )?;
    let pass = begun.passes(
        settings,
        Some((shard, loaded.as_ref().map(|(p, _)| p))),
        None,
        None,
    )?;
    let Begun {
        lexicon_sha256,
        corpus,
        inputs,
        out,
        staging,
        ..
    } = begun;
    let inputs = inputs.wait()?;
    let lexicon_file = settings.lexicon.file_name().map_or_else(
        || "lexicon.toml".into(),
        |n| n.to_string_lossy().into_owned(),
    );
    let lexicon_dir = staging.path().join(LEXICON_DIR);
    output::create_dir(&lexicon_dir)?;
    let lexicon_text = std::fs::read(&settings.lexicon).map_err(|source| LexiconError::Io {
        path: settings.lexicon.clone(),
        source,
    })?;
    output::write_file(&lexicon_dir.join(&lexicon_file), lexicon_text)?;
    let mut tables = BTreeMap::new();
    for table in TABLES.iter().filter(|t| t.kind() == Kind::PerArticle) {
        let path = staging.path().join(table.name());
        if let Ok(meta) = std::fs::metadata(&path) {
            tables.insert(table.name().to_string(), meta.len());
        }
    }
    let articles_total = pass.input.read.read;
    let (range, corpus_files_sha256) = match &loaded {
        // Each shard hashed only its own files: the shards agree on the plan.
        Some((plan, digest)) => {
            let parts = shard.parts(corpus.parts().len());
            (plan.range_of_parts(parts), digest.clone())
        }
        None => (shard.range(articles_total), inputs.corpus_digest()),
    };
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
            corpus_files_sha256,
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
        syndication_dropped: pass.syndication_dropped,
        tables,
    };
    let path = staging.path().join(PARTIAL_FILE);
    let json = serde_json::to_vec(&partial).map_err(|source| OutputError::Json {
        path: path.clone(),
        source,
    })?;
    output::write_file(&path, json)?;
    staging.commit(&out, settings.force)?;
    Ok(ShardSummary {
        out,
        articles: partial.articles,
        articles_total: partial.run.articles_total,
        matches: partial.matches,
    })
}

/// What phase 1 of a shard read.
#[derive(Debug, Clone)]
pub struct Summarised {
    pub out: PathBuf,
    /// The shard's parts of the corpus (places in its parts), of `parts_total`.
    pub parts: std::ops::Range<usize>,
    pub parts_total: usize,
    pub articles: u64,
}

/// Phase 1 of shard `shard`: reads only its parts of the corpus and writes
/// their summary (boilerplate line keys, MinHash signatures, text keys,
/// hashes, what reading skipped) into a folder (`settings.out`, default
/// `summary-K-of-N`) for [`plan`].
pub fn summarise(settings: &Settings, shard: Shard) -> Result<Summarised, ReportError> {
    let protocol = protocol(settings);
    let corpus = Corpus::open(&settings.corpus, &protocol.options)?;
    let out = settings
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from(format!("summary-{}-of-{}", shard.index, shard.count)));
    let mut inputs: Vec<&Path> = corpus.files();
    inputs.extend([settings.corpus.as_path(), settings.lexicon.as_path()]);
    place::check(&out, place::Kind::Folder, &inputs, settings.force)?;
    let all = corpus.parts();
    let range = shard.parts(all.len());
    let threads = settings.stats.threads;
    // Carries the settings even when the shard has no part, so that a
    // summary of other options is refused whatever it holds.
    let mut summary = partition::Summary::of(&protocol);
    let mut each = Vec::with_capacity(range.len());
    for (place, part) in range.clone().zip(&all[range.clone()]) {
        let place = place as u64;
        let mut reader = corpus.read_part(*part);
        let articles = reader.by_ref().enumerate().map(|(row, article)| {
            let key = ArticleKey {
                part: place,
                row: row as u64,
            };
            article.map(|a| (key, a)).map_err(ReportError::from)
        });
        let mut one = partition::summarise(&protocol, articles, Admitter::new(&protocol), threads)?;
        one.add_read(
            &reader.stats,
            ArticleKey {
                part: place,
                row: 0,
            },
        );
        each.push(one);
    }
    summary.merge_all(each)?;
    let staging = Staging::create(&out)?;
    output::write_file(&staging.path().join(SUMMARY_FILE), summary.to_bytes())?;
    staging.commit(&out, settings.force)?;
    Ok(Summarised {
        out,
        parts: range,
        parts_total: all.len(),
        articles: summary.articles(),
    })
}

/// What [`plan`] made.
#[derive(Debug, Clone)]
pub struct Planned {
    pub out: PathBuf,
    pub articles: u64,
    /// Articles left out as copies within an outlet, and as syndicated.
    pub left_out: (u64, u64),
}

/// The plan from every shard's summary (the folders [`summarise`] wrote,
/// in any order) into a folder (`settings.out`, default `plan`) for phase
/// 2. `settings` must hold the corpus options the shards were read with.
pub fn plan(summaries: &[PathBuf], settings: &Settings) -> Result<Planned, ReportError> {
    let mut merged = partition::Summary::default();
    let mut all = Vec::with_capacity(summaries.len());
    for dir in summaries {
        let hint = "pass the folders `framescore count --shard K/N --summarise --out DIR` wrote";
        let (path, bytes) = read_in(dir, SUMMARY_FILE, hint)?;
        let summary = partition::Summary::from_bytes(&bytes)
            .map_err(|e| partial_err(&path, e.to_string()))?;
        all.push(summary);
    }
    merged.merge_all(all)?;
    let made = Plan::new(merged, &protocol(settings))?;
    let out = settings
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("plan"));
    let inputs: Vec<&Path> = summaries.iter().map(PathBuf::as_path).collect();
    place::check(&out, place::Kind::Folder, &inputs, settings.force)?;
    let staging = Staging::create(&out)?;
    output::write_file(&staging.path().join(PLAN_FILE), made.to_bytes())?;
    staging.commit(&out, settings.force)?;
    Ok(Planned {
        out,
        articles: made.articles(),
        left_out: made.left_out(),
    })
}

/// The plan in folder `dir`, and the digest of its bytes (which every
/// shard counted with it records).
fn read_plan(dir: &Path) -> Result<(Plan, String), ReportError> {
    let hint = "pass the folder `framescore plan --out DIR` wrote";
    let (path, bytes) = read_in(dir, PLAN_FILE, hint)?;
    let plan = Plan::from_bytes(&bytes).map_err(|e| partial_err(&path, e.to_string()))?;
    Ok((plan, crate::pass::hex(&Sha256::digest(&bytes))))
}

/// The bytes of file `name` in folder `dir`, with its path; `hint` says
/// what to pass instead when it cannot be read.
fn read_in(dir: &Path, name: &str, hint: &'static str) -> Result<(PathBuf, Vec<u8>), ReportError> {
    let path = dir.join(name);
    match std::fs::read(&path) {
        Ok(bytes) => Ok((path, bytes)),
        Err(source) => Err(ReportError::PartialRead { path, hint, source }),
    }
}

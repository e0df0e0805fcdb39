//! Where a report came from: `run.json` (tool version, arguments, seed,
//! the lexicon's and corpus's hashes, what was read, timings) and
//! `inputs.sha256` (every input file's hash, which `framescore verify`
//! checks again).

use super::tables::rows::RowFile;
use super::verify::{self, InputHashes};
use super::Settings;
use crate::corpus::syndication;
use crate::lexicon::Lexicon;
use crate::pass::input::RULES;
use crate::pass::{InputSummary, Pass};
use std::path::PathBuf;
use std::time::Instant;

/// Where a pass's articles came from and when the run started, for the
/// page and `run.json`.
pub struct Provenance {
    pub started: Instant,
    pub corpus_root: PathBuf,
    pub layout: String,
    pub inputs: InputHashes,
    pub lexicon_sha256: String,
    /// Seconds of the first and second pass (`None` after a merge).
    pub pass_seconds: Option<(f64, f64)>,
    /// Shards merged into this report (`framescore merge`).
    pub shards: Option<u64>,
}

/// The `run.json` object; `stats_seconds` is the time the tables and
/// statistics took.
pub fn run_json(
    settings: &Settings,
    lexicon: &Lexicon,
    pass: &Pass,
    provenance: &Provenance,
    stats_seconds: f64,
    row_files: &[RowFile],
) -> serde_json::Value {
    let inputs = &provenance.inputs;
    serde_json::json!({
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
        "csv_dialect": settings.csv_dialect.name(),
        "xlsx": !settings.no_xlsx,
        "xlsx_rows": (!settings.no_xlsx).then(|| settings.xlsx_rows()),
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
        "input": input_json(&pass.input),
        "inputs": {
            "lexicon": {
                "path": inputs.lexicon.0.display().to_string(),
                "sha256": inputs.lexicon.1,
            },
            "corpus": {
                "path": inputs.corpus.display().to_string(),
                "sources": inputs.source_paths().iter().map(|p| p.display().to_string()).collect::<Vec<_>>(),
                "files": inputs.corpus_files.len(),
                "sha256": inputs.corpus_digest(),
            },
            "list": verify::INPUTS_FILE,
        },
        "matches": pass.matches,
        // Each per-article table: its size, or `written: false` when
        // `--tables` left it out.
        "per_article_tables": row_files
            .iter()
            .map(|f| (f.file.to_string(), serde_json::json!({"written": f.bytes.is_some(), "bytes": f.bytes})))
            .collect::<serde_json::Map<_, _>>(),
        "merged_shards": provenance.shards,
        "baseline": settings.baseline.as_ref().map(|p| p.display().to_string()),
        "timings_seconds": {
            "first_pass": provenance.pass_seconds.map(|t| t.0),
            "pass": provenance.pass_seconds.map(|t| t.1),
            "tables_and_statistics": stats_seconds,
            "total": provenance.started.elapsed().as_secs_f64(),
        },
    })
}

/// The `input` object of `run.json`.
fn input_json(input: &InputSummary) -> serde_json::Value {
    let removals: serde_json::Map<String, serde_json::Value> = RULES
        .iter()
        .map(|r| (r.as_str().to_string(), input.removals[*r as usize].into()))
        .collect();
    serde_json::json!({
        "articles_read": input.read.read,
        "rows_skipped": input.read.skipped,
        "skipped_examples": input.read.skip_examples,
        "filtered_out": input.read.filtered,
        "filters": input.filters,
        "group_by": input.group_by,
        "cleaning": {
            "enabled": input.cleaning,
            "articles_changed": input.articles_cleaned,
            "removals": removals,
        },
        "syndication": {
            "policy": input.policy.as_str(),
            "pairs": input.syndication_pairs.len(),
            "articles_dropped": input.syndicated_dropped,
            "articles_too_short_to_compare": input.too_short,
            "containment_threshold": syndication::THRESHOLD,
        },
        "duplicates": {
            "policy": input.duplicates_policy.as_str(),
            "found": input.copies().total(),
            "articles_dropped": input.duplicates_dropped,
        },
        "articles_more_than_half_cleaned": input.half_cleaned,
        "articles_undated": input.read.undated,
        "undated_examples": input.read.undated_examples,
        "outlet_spellings_merged": input
            .read
            .outlet_spellings
            .merged()
            .map(|(outlet, spellings)| (outlet.to_string(), spellings))
            .collect::<std::collections::BTreeMap<_, _>>(),
        "periods": input.period.map(|_| input.periods),
        "undated_articles": input.period.map(|_| input.undated),
    })
}

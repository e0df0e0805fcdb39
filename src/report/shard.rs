//! `count --shard K/N`: counts one shard of the corpus into a partial
//! folder ([`super::partial`]) that `merge` completes.

use super::partial::{Origin, Partial, RunKey, FORMAT, LEXICON_DIR, PARTIAL_FILE, VERSION};
use super::tables::{Kind, TABLES};
use super::{begin, Begun, ReportError, Settings};
use crate::lexicon::LexiconError;
use crate::output::{self, OutputError};
use crate::pass::Shard;
use std::collections::BTreeMap;
use std::path::PathBuf;

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
        Ok(PathBuf::from(format!(
            "shard-{}-of-{}",
            shard.index, shard.count
        )))
    })?;
    let pass = begun.passes(settings, Some(shard), None, None)?;
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

//! Everything that reads articles: the passes over a corpus that feed
//! `report`, `count`, `kwic`, `diff`, `lexicon check` and the shards.
//!
//! The first pass ([`prepare`]) reads every admitted article once to learn
//! what needs the whole corpus: each outlet's boilerplate lines, the
//! syndicated copies and the input's hash. The second pass ([`Feed`],
//! [`count_articles`]) cleans, matches and counts each article on the
//! worker threads, in corpus order. The result is a [`Pass`]: the count
//! tables and what was read, cleaned and dropped.
//!
//! The passes write nothing: what a caller keeps of each article beyond
//! the counts (the report's per-article tables) is made by the caller's
//! `make` on the worker that counted the article and handed to its `keep`
//! in corpus order. This module knows no output format, statistics or
//! report layout.

mod count;
mod feed;
pub mod input;
pub mod partition;
mod prepare;
pub mod progress;
mod shard;

pub use count::{count_articles, Seen};
pub use feed::{counted_articles, Feed, Finished};
pub use input::InputSummary;
pub use prepare::{
    add_near_duplicates, hex, prepare, Copies, CopyKind, CopyList, Drops, Duplicate, Prepared,
};
pub use shard::Shard;

use crate::corpus::dates::Period;
use crate::corpus::options::Syndicated;
use crate::corpus::syndication::Signatures;
use crate::corpus::{Corpus, CorpusError, CorpusOptions};
use crate::counts::CountTable;
use crate::lexicon::{Lexicon, LexiconError};
use crate::matching::{MatchError, Matcher};
use std::collections::{BTreeMap, HashSet};
use std::path::Path;
use std::time::Instant;

/// Why a pass stopped: the corpus, the lexicon or the matcher.
#[derive(Debug, thiserror::Error)]
pub enum PassError {
    #[error(transparent)]
    Corpus(#[from] CorpusError),
    #[error(transparent)]
    Lexicon(#[from] LexiconError),
    #[error(transparent)]
    Match(#[from] MatchError),
    #[error(transparent)]
    Partition(#[from] partition::PartitionError),
    #[error(transparent)]
    Spill(#[from] crate::corpus::syndication::SpillError),
}

/// Everything computed in the passes over the corpus.
#[derive(Debug, Default)]
pub struct Pass {
    pub counts: CountTable,
    /// What was read, skipped, cleaned and dropped; the input's hash.
    pub input: InputSummary,
    /// Per-period tables (`--period`).
    pub periods: BTreeMap<String, CountTable>,
    /// A shard's articles' signatures, when `merge` finds the copies.
    pub signatures: Option<Signatures>,
    /// The corpus places of the syndicated copies left out, when this
    /// pass found the copies itself (for `syndication.csv`'s `counted`).
    pub syndication_dropped: Option<HashSet<u64>>,
    pub articles: u64,
    pub matches: u64,
    /// Seconds of the first pass.
    pub first_pass_seconds: f64,
}

/// How to run the passes.
#[derive(Debug, Clone, Copy, Default)]
pub struct PassOptions<'a> {
    pub threads: usize,
    /// Also count per period of the article dates.
    pub period: Option<Period>,
    /// Count only this shard's articles.
    pub shard: Option<Shard>,
    /// With `shard`: what needs the whole corpus comes from this plan (made
    /// from every shard's summary), and the shard reads only its own parts
    /// of the corpus, instead of a first pass over all of it.
    pub plan: Option<&'a partition::Plan>,
}

/// The two passes over the corpus: the first finds boilerplate and
/// syndicated copies; the second cleans, matches and counts (only the
/// shard's articles, when given), with `make` and `keep` as
/// [`count_articles`] takes them.
pub fn run<R, E>(
    corpus: &Corpus,
    lexicon: &Lexicon,
    matcher: &Matcher,
    options: PassOptions,
    make: impl Fn(&Seen) -> Result<R, E> + Sync,
    keep: impl FnMut(R) -> Result<(), E> + Send,
) -> Result<Pass, E>
where
    R: Send,
    E: From<PassError> + Send,
{
    let started = Instant::now();
    // A shard leaves finding copies to `merge`, unless it must drop them.
    let copies = match options.shard {
        Some(_) if corpus.options.syndicated == Syndicated::Keep => Copies::Defer,
        _ => Copies::Find,
    };
    let planned = options.shard.zip(options.plan);
    let prepared = match planned {
        Some((_, plan)) => {
            // A plan of other corpus options would count other articles.
            let settings = partition::Settings::new(&corpus.options, options.period);
            plan.check(&settings).map_err(PassError::from)?;
            Prepared::from_plan(plan, copies == Copies::Defer)
        }
        None => prepare(corpus, options.threads, copies)?,
    };
    let first_pass_seconds = started.elapsed().as_secs_f64();
    let admitted = prepared.read.as_ref().map_or(0, |r| r.read);
    let template = template(lexicon, matcher);
    let mut feed = Feed::new(corpus, prepared, template, options.period);
    match (options.shard, planned) {
        (_, Some((shard, plan))) => {
            // The shard's parts of the corpus (files, row groups), and
            // where the plan puts their articles in corpus order.
            let parts = shard.parts(corpus.parts().len());
            feed.only_parts(corpus, parts, plan);
        }
        (Some(shard), None) => feed.only(shard.range(admitted)),
        (None, _) => {}
    }
    if copies == Copies::Defer {
        feed.defer_copies();
    }
    let mut pass = count_articles(&mut feed, lexicon, matcher, options.threads, make, keep)?;
    feed.check_read_all().map_err(E::from)?;
    let finished = feed.finish().map_err(PassError::from)?;
    pass.input = finished.input;
    pass.periods = finished.periods;
    pass.signatures = finished.signatures;
    pass.syndication_dropped = finished.syndication_dropped;
    pass.first_pass_seconds = first_pass_seconds;
    Ok(pass)
}

/// An empty count table for the lexicon.
fn template(lexicon: &Lexicon, matcher: &Matcher) -> CountTable {
    let groups = lexicon.groups.iter().map(|g| g.id.clone()).collect();
    CountTable::new(matcher, groups)
}

/// The counting pass alone (`framescore count`): both passes over the
/// corpus on `threads` threads, cleaning as `report` does, but no
/// per-article rows. Returns the count table and the number of articles
/// counted.
pub fn count(
    corpus: &Path,
    options: &CorpusOptions,
    lexicon: &Path,
    level: Option<usize>,
    threads: usize,
) -> Result<(CountTable, u64), PassError> {
    let mut lexicon = Lexicon::load(lexicon)?;
    if let Some(level) = level {
        lexicon = lexicon.at_level(level);
    }
    let corpus = Corpus::open(corpus, options)?;
    let matcher = Matcher::new(&lexicon)?;
    // Copies word for word need no first pass: the counting pass finds them.
    let in_pass = prepare::only_identical_copies(&corpus);
    let prepared = if in_pass {
        Prepared::nothing()
    } else {
        prepare(&corpus, threads, Copies::IfDropped)?
    };
    let template = template(&lexicon, &matcher);
    let mut feed = Feed::new(&corpus, prepared, template, None);
    if in_pass {
        feed.copies_in_pass();
    }
    let pass = count_articles(
        &mut feed,
        &lexicon,
        &matcher,
        threads,
        |_| Ok::<(), PassError>(()),
        |()| Ok(()),
    )?;
    Ok((pass.counts, pass.articles))
}

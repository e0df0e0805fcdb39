//! What a pass read, skipped, filtered, cleaned and dropped, and the
//! input's hash: the facts the report states about its input (on the page
//! and in `run.json`) and a shard hands to `merge`.

use super::prepare::Duplicate;
use crate::corpus::clean::Rule;
use crate::corpus::dates::Period;
use crate::corpus::options::{Duplicates, Syndicated};
use crate::corpus::syndication::Pair;
use crate::corpus::{Corpus, CorpusOptions, ReadStats};

/// The input side of a run, for the page and `run.json`.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct InputSummary {
    pub read: ReadStats,
    pub sha256: String,
    pub group_by: Option<String>,
    pub filters: Vec<String>,
    pub cleaning: bool,
    /// Removals by rule, indexed by `Rule as usize`.
    pub removals: [u64; 3],
    pub articles_cleaned: u64,
    pub policy: Syndicated,
    pub syndication_pairs: Vec<Pair>,
    pub syndicated_dropped: u64,
    pub too_short: u64,
    /// Copies of an earlier article of the same outlet left out
    /// (`--duplicates`).
    #[serde(default)]
    pub duplicates_dropped: u64,
    /// Every copy within an outlet found, counted or not (`duplicates.csv`).
    #[serde(default)]
    pub duplicates: Vec<Duplicate>,
    /// The duplicates policy.
    #[serde(default)]
    pub duplicates_policy: Duplicates,
    /// Counted articles that lost more than half their text to cleaning.
    #[serde(default)]
    pub half_cleaned: u64,
    pub period: Option<Period>,
    pub periods: usize,
    pub undated: u64,
}

/// The cleaning rules in the order summaries list them.
pub const RULES: [Rule; 3] = [Rule::NonProse, Rule::Boilerplate, Rule::RepeatedParagraph];

impl InputSummary {
    pub fn new(corpus: &Corpus, period: Option<Period>) -> InputSummary {
        InputSummary::with_options(&corpus.options, period)
    }

    /// An empty summary for a corpus read with `o`.
    pub fn with_options(o: &CorpusOptions, period: Option<Period>) -> InputSummary {
        let mut filters: Vec<String> = o
            .filters
            .iter()
            .map(|f| format!("{}={}", f.column, f.value))
            .collect();
        filters.extend(o.from.map(|d| format!("from {d}")));
        filters.extend(o.to.map(|d| format!("to {d}")));
        InputSummary {
            group_by: o.group_by.clone(),
            filters,
            cleaning: !o.no_clean,
            policy: o.syndicated,
            duplicates_policy: o.duplicates,
            period,
            ..InputSummary::default()
        }
    }

    /// Adds what a later shard of the same run counted in its range (what
    /// the first pass found is the same in every shard).
    pub fn add_shard(&mut self, other: &InputSummary) {
        for (mine, theirs) in self.removals.iter_mut().zip(other.removals) {
            *mine += theirs;
        }
        self.articles_cleaned += other.articles_cleaned;
        self.syndicated_dropped += other.syndicated_dropped;
        self.duplicates_dropped += other.duplicates_dropped;
        self.half_cleaned += other.half_cleaned;
        self.undated += other.undated;
    }
}

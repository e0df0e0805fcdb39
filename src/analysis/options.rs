//! The settings of the statistics: seed, resamples, the multiple-testing
//! adjustment, the confidence level. `Default` is what the CLI's defaults give.

use crate::stats;
use std::path::PathBuf;

/// Multiple-testing adjustment over a family of p-values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Adjust {
    /// Holm's step-down (family-wise error rate).
    #[default]
    Holm,
    /// Benjamini-Hochberg step-up (false discovery rate).
    Bh,
}

impl Adjust {
    pub fn name(self) -> &'static str {
        match self {
            Adjust::Holm => "holm",
            Adjust::Bh => "bh",
        }
    }

    /// The method's name in prose.
    pub fn title(self) -> &'static str {
        match self {
            Adjust::Holm => "Holm",
            Adjust::Bh => "Benjamini-Hochberg",
        }
    }

    pub(crate) fn apply(self, p: &[f64]) -> Vec<f64> {
        match self {
            Adjust::Holm => stats::holm(p),
            Adjust::Bh => stats::benjamini_hochberg(p),
        }
    }
}

/// Options of the statistics; `Default` is what the CLI's defaults give.
#[derive(Debug, Clone, PartialEq)]
pub struct StatsOptions {
    /// Seed of every random stream.
    pub seed: u64,
    /// Bootstrap resamples per outlet (0: no bootstrap).
    pub bootstrap: usize,
    /// Resamples of the permutation and Monte Carlo tests (0: none).
    pub permutations: usize,
    pub adjust: Adjust,
    /// Background word frequencies for the distinctive-terms prior (the
    /// file; its contents reach [`super::analyse`] as a [`super::Background`]).
    pub background: Option<PathBuf>,
    /// Threads for the passes and the bootstrap (results do not depend on it).
    pub threads: usize,
}

impl Default for StatsOptions {
    fn default() -> Self {
        StatsOptions {
            seed: 1,
            bootstrap: 2000,
            permutations: 2000,
            adjust: Adjust::Holm,
            background: None,
            threads: 1,
        }
    }
}

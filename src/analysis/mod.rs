//! Every number of a report, in memory: from the count table (and the
//! per-period tables) to the cells with their rates, shares and intervals,
//! the token-level and article-level tests, the all-outlets comparison
//! family, the pairwise comparisons, the distinctive terms and the weighted
//! counts; with `--period`, the change points of each outlet's label mix
//! ([`changes`]); and the article-level models ([`models`]), which the
//! report computes after [`analyse`] because they need what the outlets'
//! charts pool and the articles' facts. Formulas and references:
//! `docs/METHODS.md`.
//!
//! It writes no files and composes no prose for the page: the report
//! module turns an [`Analysis`] into tables, charts and sentences. "Outlet"
//! here means the comparison group, whatever column the corpus is grouped
//! by. Every random stream is a ChaCha8 stream of `--seed`, one per outlet
//! (bootstrap) or group (permutation, Monte Carlo), named by a hash of the
//! outlet or group, so results do not depend on the order or the number of
//! threads they are computed in.

mod article;
mod association;
mod cells;
mod changes;
mod compare;
mod distinctive;
mod intervals;
pub mod models;
mod options;
mod pairwise;
mod weights;

pub use article::ArticleTests;
pub use association::GroupTests;
pub use cells::{cells, Cell};
pub use changes::{changes, Change, Changes, Series};
pub use compare::{
    Compare, CompareRow, Comparison, Measure as CompareMeasure, Note as CompareNote,
};
pub use distinctive::{Background, Distinctive, DistinctiveRow, Top};
pub use intervals::{Interval, FEW_ARTICLES};
pub use options::{Adjust, StatsOptions};
pub use pairwise::{PairRow, Pairwise};
pub use weights::Weighted;

use crate::counts::CountTable;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// A problem with an input of the statistics (the background frequencies).
#[derive(Debug, thiserror::Error)]
pub enum AnalysisError {
    #[error("{path}:{line}: {message} (--background expects a CSV with a header row naming `term` and `count`)")]
    Background {
        path: PathBuf,
        line: u64,
        message: String,
    },
    #[error("{path}:{line}: not a readable CSV (--background expects a CSV with a header row naming `term` and `count`)")]
    BackgroundCsv {
        path: PathBuf,
        line: u64,
        #[source]
        source: csv::Error,
    },
}

/// Every number of a report.
#[derive(Debug, Clone)]
pub struct Analysis {
    /// Outlet x category cells, outlets in name order.
    pub cells: Vec<Cell>,
    /// Article-level intervals of each cell, aligned with `cells`.
    pub intervals: Vec<Interval>,
    /// Outlets with bootstrap intervals.
    pub outlets_with_intervals: usize,
    /// Token-level tests per group, in lexicon order.
    pub tests: Vec<GroupTests>,
    /// Article-level tests per group, in lexicon order.
    pub article_tests: Vec<ArticleTests>,
    pub pairwise: Pairwise,
    pub compare: Compare,
    pub distinctive: Distinctive,
    /// With term weights: the weighted sums.
    pub weighted: Option<Weighted>,
    /// With `--period`: the cells of each period, in period order.
    pub periods: Vec<(String, Vec<Cell>)>,
    /// With `--period`: change points per outlet and group ([`changes`]).
    pub changes: Changes,
    /// The article-level models ([`models::fit`]).
    pub models: models::Models,
}

/// Computes everything from the count table and the per-period tables,
/// intervals at level `confidence`.
pub fn analyse(
    counts: &CountTable,
    periods: &BTreeMap<String, CountTable>,
    confidence: f64,
    opts: &StatsOptions,
    background: Option<&Background>,
) -> Analysis {
    let cells = cells(counts, confidence);
    let tests = (0..counts.groups.len())
        .map(|g| association::group_tests(counts, g))
        .collect();
    // The article-level tests (one task per group, the largest group's
    // taking longest) run beside the bootstrap and the outlet comparisons,
    // which fill the core they would leave idle; each draws from its own
    // stream, so the numbers are the same in any order.
    let (article_tests, (intervals, compare, outlets_with_intervals)) = crate::parallel::both(
        || {
            crate::parallel::spread(counts.groups.len(), opts.threads, |g| {
                article::article_tests(counts, g, opts)
            })
        },
        || {
            let boots = intervals::bootstrap_all(counts, opts);
            let intervals = intervals::intervals(counts, &cells, &boots, confidence, opts);
            let compare = compare::compare(counts, &boots, confidence, opts);
            let outlets_with_intervals = boots.iter().filter(|b| b.sums.is_some()).count();
            // The replicates (a few hundred KB per outlet) are freed here,
            // before the pairwise table is made.
            (intervals, compare, outlets_with_intervals)
        },
    );
    Analysis {
        outlets_with_intervals,
        intervals,
        tests,
        article_tests,
        pairwise: pairwise::pairwise(counts),
        compare,
        distinctive: distinctive::distinctive(counts, background, opts),
        weighted: weights::weighted(counts),
        // The same rates and shares as the whole corpus's, per period.
        periods: periods
            .iter()
            .map(|(period, table)| (period.clone(), self::cells(table, 0.95)))
            .collect(),
        cells,
        changes: Changes::default(),
        models: models::Models::default(),
    }
}

/// An outlet's index as compare.csv's and pairwise.csv's rows hold it (a
/// count table of `u32::MAX` outlets would not fit in memory).
pub(crate) fn outlet_index(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

/// Up to ten names, then how many more.
pub fn name_list<S: std::borrow::Borrow<str>>(names: &[S]) -> String {
    const SHOWN: usize = 10;
    if names.len() <= SHOWN {
        names.join(", ")
    } else {
        format!(
            "{} and {} more",
            names[..SHOWN].join(", "),
            names.len() - SHOWN
        )
    }
}

/// A stable stream number for a named random stream.
fn stream(kind: &str, name: &str) -> u64 {
    let digest = Sha256::new()
        .chain_update(kind.as_bytes())
        .chain_update([0])
        .chain_update(name.as_bytes())
        .finalize();
    let mut bytes = [0u8; 8];
    bytes.copy_from_slice(&digest[..8]);
    u64::from_le_bytes(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_differ_by_name() {
        assert_ne!(stream("bootstrap", "a"), stream("bootstrap", "b"));
        assert_ne!(stream("bootstrap", "a"), stream("permutation", "a"));
        assert_eq!(stream("bootstrap", "a"), stream("bootstrap", "a"));
    }
}

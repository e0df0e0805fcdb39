//! The outlet x category cells: counts with both normalisations side by
//! side, never mixed: the rate (matches per 1,000 tokens, exact Poisson
//! interval) and the share within the group (Wilson interval), with the
//! raw counts and denominators beside them.

use crate::counts::CountTable;
use crate::stats;

/// One outlet x category cell with its normalised numbers.
#[derive(Debug, Clone)]
pub struct Cell {
    pub outlet: String,
    pub category: usize,
    pub count: u64,
    pub tokens: u64,
    pub articles: u64,
    pub rate: Option<f64>,
    pub rate_ci: Option<(f64, f64)>,
    pub group_total: u64,
    pub share: Option<f64>,
    pub share_ci: Option<(f64, f64)>,
    pub articles_with_match: u64,
}

/// Every outlet x category cell, outlets in name order, categories in
/// lexicon order; intervals at level `conf`.
pub fn cells(counts: &CountTable, conf: f64) -> Vec<Cell> {
    let mut out = Vec::new();
    for (name, o) in &counts.outlets {
        for (c, cat) in counts.categories.iter().enumerate() {
            let count = o.counts[c];
            let group_total = counts.group_total(o, cat.group);
            let per_1k = |x: f64| x * 1000.0 / o.tokens as f64;
            let (rate, rate_ci) = if o.tokens > 0 {
                let ci = stats::poisson_exact(count, conf)
                    .ok()
                    .map(|(l, h)| (per_1k(l), per_1k(h)));
                (Some(per_1k(count as f64)), ci)
            } else {
                (None, None)
            };
            let (share, share_ci) = if group_total > 0 {
                (
                    Some(count as f64 / group_total as f64),
                    stats::wilson(count, group_total, conf).ok(),
                )
            } else {
                (None, None)
            };
            out.push(Cell {
                outlet: name.clone(),
                category: c,
                count,
                tokens: o.tokens,
                articles: o.articles,
                rate,
                rate_ci,
                group_total,
                share,
                share_ci,
                articles_with_match: o.articles_with_match[c],
            });
        }
    }
    out
}

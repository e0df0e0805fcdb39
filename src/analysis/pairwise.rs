//! Every pair of outlets per category: Rayson-Garside log-likelihood G2
//! (token level) with Hardie's log ratio as the effect size, p-values
//! adjusted with Holm over all the pairs.

use super::outlet_index;
use crate::counts::CountTable;
use crate::stats;

/// One category x outlet pair with at least one match between them.
#[derive(Debug, Clone)]
pub struct PairRow {
    pub category: usize,
    /// Indices in [`Pairwise::outlets`] (a row per pair and category: names
    /// in each would be most of the table's memory).
    pub a: u32,
    pub b: u32,
    pub counts: (u64, u64),
    pub tokens: (u64, u64),
    pub ll: stats::LogLik,
    /// Holm-adjusted p over every row.
    pub p_holm: f64,
}

/// The pairs and how many differ at 0.05 after Holm's correction.
#[derive(Debug, Clone, Default)]
pub struct Pairwise {
    /// The outlets with tokens, in name order.
    pub outlets: Vec<String>,
    pub rows: Vec<PairRow>,
    pub significant: usize,
}

/// Every category x outlet pair with at least one match between them,
/// in category, then outlet order.
pub fn pairwise(counts: &CountTable) -> Pairwise {
    let outlets: Vec<(&String, _)> = counts
        .outlets
        .iter()
        .filter(|(_, o)| o.tokens > 0)
        .collect();
    let mut rows = Vec::new();
    for c in 0..counts.categories.len() {
        for i in 0..outlets.len() {
            for j in i + 1..outlets.len() {
                let (oa, ob) = (outlets[i].1, outlets[j].1);
                let (ca, cb) = (oa.counts[c], ob.counts[c]);
                if ca + cb == 0 {
                    continue;
                }
                if let Ok(ll) = stats::log_likelihood(ca, cb, oa.tokens, ob.tokens) {
                    rows.push(PairRow {
                        category: c,
                        a: outlet_index(i),
                        b: outlet_index(j),
                        counts: (ca, cb),
                        tokens: (oa.tokens, ob.tokens),
                        ll,
                        p_holm: f64::NAN,
                    });
                }
            }
        }
    }
    let p: Vec<f64> = rows.iter().map(|r| r.ll.p).collect();
    for (row, holm) in rows.iter_mut().zip(stats::holm(&p)) {
        row.p_holm = holm;
    }
    let significant = rows.iter().filter(|r| r.p_holm < 0.05).count();
    Pairwise {
        outlets: outlets.into_iter().map(|(name, _)| name.clone()).collect(),
        rows,
        significant,
    }
}

impl Pairwise {
    /// A row's two outlets.
    pub fn names(&self, row: &PairRow) -> (&str, &str) {
        (&self.outlets[row.a as usize], &self.outlets[row.b as usize])
    }
}

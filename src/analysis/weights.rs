//! Weighted counts, for a lexicon with term weights: the sum of the weights
//! of each outlet's matches per category, beside the plain count. Computed
//! from the count table's per-term forms, so it needs nothing extra from
//! the pass.

use crate::counts::CountTable;
use std::collections::BTreeMap;

/// (outlet, category) -> (count, weighted count).
pub type Weighted = BTreeMap<(String, usize), (u64, f64)>;

/// The weighted sums, or `None` when every term weighs 1.
pub fn weighted(counts: &CountTable) -> Option<Weighted> {
    if counts.terms.iter().all(|t| t.weight == 1.0) {
        return None;
    }
    let mut out = BTreeMap::new();
    for (outlet, term, _form, n) in counts.forms() {
        let info = &counts.terms[term];
        let cell = out
            .entry((outlet.to_string(), info.category))
            .or_insert((0u64, 0.0f64));
        cell.0 += n;
        cell.1 += n as f64 * info.weight;
    }
    Some(out)
}

//! `weighted_counts.csv`: for a lexicon with term weights, the sum of the
//! weights of each outlet's matches per category, beside the plain count.
//! Written only when some term's weight is not 1; computed from the count
//! table's per-term forms, so it needs nothing extra from the pass.

use super::{io_err, num, safe_cell, ReportError};
use crate::counts::CountTable;
use std::collections::BTreeMap;
use std::path::Path;

/// (outlet, category) -> (count, weighted count).
pub fn weighted(counts: &CountTable) -> BTreeMap<(String, usize), (u64, f64)> {
    let mut out = BTreeMap::new();
    for (outlet, term, _form, n) in counts.forms() {
        let info = &counts.terms[term];
        let cell = out
            .entry((outlet.to_string(), info.category))
            .or_insert((0u64, 0.0f64));
        cell.0 += n;
        cell.1 += n as f64 * info.weight;
    }
    out
}

/// Writes `weighted_counts.csv` into `dir` when the lexicon has weights.
pub(crate) fn write(dir: &Path, counts: &CountTable) -> Result<(), ReportError> {
    if counts.terms.iter().all(|t| t.weight == 1.0) {
        return Ok(());
    }
    let path = dir.join("weighted_counts.csv");
    let err = |e: csv::Error| ReportError::Output {
        path: path.clone(),
        message: e.to_string(),
    };
    let mut w = super::safe_csv::SafeWriter::from_path(&path).map_err(err)?;
    w.write_record([
        "outlet",
        "group",
        "category",
        "count",
        "weighted_count",
        "tokens",
        "weighted_per_1k",
    ])
    .map_err(err)?;
    let sums = weighted(counts);
    for (outlet, o) in &counts.outlets {
        for (c, cat) in counts.categories.iter().enumerate() {
            let (n, wsum) = sums.get(&(outlet.clone(), c)).copied().unwrap_or((0, 0.0));
            let rate = (o.tokens > 0).then(|| wsum * 1000.0 / o.tokens as f64);
            w.write_record([
                safe_cell(outlet),
                cat.group_id.clone(),
                cat.id.clone(),
                n.to_string(),
                num(wsum),
                o.tokens.to_string(),
                rate.map_or(String::new(), num),
            ])
            .map_err(err)?;
        }
    }
    w.flush().map_err(io_err(&path))
}

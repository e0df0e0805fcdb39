//! Which lexicon terms set each outlet apart from the rest, within each
//! group: the log-odds ratio with an informative Dirichlet prior (Monroe,
//! Colaresi and Quinn 2008), the prior taken from the corpus's own term
//! counts or from background word frequencies (`--background`).

use super::{AnalysisError, StatsOptions};
use crate::counts::CountTable;
use crate::stats;
use crate::text::normalise::normalise_str;
use std::collections::BTreeMap;
use std::path::Path;

/// Distinctive terms named per group on the page.
const TOP_DISTINCTIVE: usize = 3;

/// Background word frequencies: normalised word -> count.
#[derive(Debug, Clone, Default)]
pub struct Background {
    counts: BTreeMap<String, f64>,
}

impl Background {
    /// Reads a CSV with a header row and columns `term` and `count`.
    pub fn load(path: &Path) -> Result<Background, AnalysisError> {
        let bad = |line: u64, message: String| AnalysisError::Background {
            path: path.to_path_buf(),
            line,
            message,
        };
        let csv_err = |source: csv::Error| AnalysisError::BackgroundCsv {
            path: path.to_path_buf(),
            line: source.position().map_or(0, |p| p.line()),
            source,
        };
        let mut r = csv::Reader::from_path(path).map_err(csv_err)?;
        let headers = r.headers().map_err(csv_err)?.clone();
        let col = |name: &str| {
            headers
                .iter()
                .position(|h| h.trim() == name)
                .ok_or_else(|| {
                    bad(
                        1,
                        format!("no `{name}` column; the header must name `term` and `count`"),
                    )
                })
        };
        let (ti, ci) = (col("term")?, col("count")?);
        let mut out = BTreeMap::new();
        for rec in r.records() {
            let rec = rec.map_err(csv_err)?;
            let line = rec.position().map_or(0, |p| p.line());
            let term = normalise_str(rec.get(ti).unwrap_or("").trim(), true);
            let count: f64 = rec
                .get(ci)
                .unwrap_or("")
                .trim()
                .parse()
                .ok()
                .filter(|x: &f64| x.is_finite() && *x >= 0.0)
                .ok_or_else(|| bad(line, "`count` must be a non-negative number".into()))?;
            if !term.is_empty() {
                *out.entry(term).or_insert(0.0) += count;
            }
        }
        Ok(Background { counts: out })
    }
}

/// A group's most distinctive (outlet, term, z).
pub type Top = Vec<(String, String, f64)>;

/// One term of one outlet against the rest.
#[derive(Debug, Clone)]
pub struct DistinctiveRow {
    pub group: usize,
    pub outlet: String,
    /// The term's index in the count table.
    pub term: usize,
    pub count: f64,
    pub count_rest: f64,
    pub prior: f64,
    pub log_odds_ratio: f64,
    pub z: f64,
}

/// Every outlet's terms, most distinctive first, and each group's top.
#[derive(Debug, Clone, Default)]
pub struct Distinctive {
    pub rows: Vec<DistinctiveRow>,
    /// Per group, the most distinctive (outlet, term, z) with z >= 1.96,
    /// strongest first, at most three.
    pub top: Vec<Top>,
    /// The prior in words.
    pub prior: String,
    /// `corpus` or `background`.
    pub prior_source: &'static str,
}

/// Background frequency of a lexicon term: the entry for its normalised
/// text, or, for `word*`, the sum over entries starting with `word`.
fn background_count(bg: &BTreeMap<String, f64>, term: &str) -> f64 {
    let norm = normalise_str(term, true);
    match norm.strip_suffix('*') {
        Some(prefix) => bg
            .range(prefix.to_string()..)
            .take_while(|(k, _)| k.starts_with(prefix))
            .map(|(_, v)| v)
            .sum(),
        None => bg.get(&norm).copied().unwrap_or(0.0),
    }
}

/// Log-odds ratio with an informative Dirichlet prior of each lexicon term,
/// each outlet against the rest, within each group. Returns the prior's
/// description and each group's most distinctive terms.
pub fn distinctive(
    counts: &CountTable,
    background: Option<&Background>,
    opts: &StatsOptions,
) -> Distinctive {
    let mut top = vec![Vec::new(); counts.groups.len()];
    let mut rows = Vec::new();
    let background = background.map(|b| &b.counts);
    let source = if background.is_some() {
        "background"
    } else {
        "corpus"
    };
    // Term counts per outlet, from the written forms.
    let mut by_outlet: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
    for (outlet, term, _, n) in counts.forms() {
        by_outlet
            .entry(outlet)
            .or_insert_with(|| vec![0.0; counts.terms.len()])[term] += n as f64;
    }
    let zero = vec![0.0; counts.terms.len()];
    let total: Vec<f64> = (0..counts.terms.len())
        .map(|t| by_outlet.values().map(|v| v[t]).sum())
        .collect();
    for (g, group_top) in top.iter_mut().enumerate() {
        let all: Vec<usize> = (0..counts.terms.len())
            .filter(|&t| counts.terms[t].group == g)
            .collect();
        let n_group: f64 = all.iter().map(|&t| total[t]).sum();
        let (terms, prior): (Vec<usize>, Vec<f64>) = match &background {
            None => all
                .iter()
                .filter(|&&t| total[t] > 0.0)
                .map(|&t| (t, total[t]))
                .unzip(),
            Some(bg) => {
                let raw: Vec<f64> = all
                    .iter()
                    .map(|&t| background_count(bg, &counts.terms[t].text) + 0.5)
                    .collect();
                let sum: f64 = raw.iter().sum();
                let scale = n_group.max(1.0) / sum;
                all.iter()
                    .copied()
                    .zip(raw.iter().map(|x| x * scale))
                    .unzip()
            }
        };
        if terms.len() < 2 {
            continue;
        }
        for outlet in counts.outlets.keys() {
            let mine = by_outlet.get(outlet.as_str()).unwrap_or(&zero);
            let yi: Vec<f64> = terms.iter().map(|&t| mine[t]).collect();
            if yi.iter().sum::<f64>() == 0.0 {
                continue;
            }
            let yj: Vec<f64> = terms.iter().zip(&yi).map(|(&t, y)| total[t] - y).collect();
            let Ok((delta, z)) = stats::log_odds_dirichlet(&yi, &yj, &prior) else {
                continue;
            };
            let mut order: Vec<usize> = (0..terms.len()).collect();
            order.sort_by(|&x, &y| z[y].total_cmp(&z[x]));
            for k in order {
                let t = &counts.terms[terms[k]];
                if z[k] >= 1.96 {
                    group_top.push((outlet.clone(), t.text.clone(), z[k]));
                }
                rows.push(DistinctiveRow {
                    group: g,
                    outlet: outlet.clone(),
                    term: terms[k],
                    count: yi[k],
                    count_rest: yj[k],
                    prior: prior[k],
                    log_odds_ratio: delta[k],
                    z: z[k],
                });
            }
        }
    }
    for t in &mut top {
        t.sort_by(|a, b| b.2.total_cmp(&a.2));
        t.truncate(TOP_DISTINCTIVE);
    }
    let prior = match &opts.background {
        Some(p) => format!("background word frequencies from {}", p.display()),
        None => "the corpus's own term counts".into(),
    };
    Distinctive {
        rows,
        top,
        prior,
        prior_source: source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn background_lookup_handles_wildcards() {
        let bg: BTreeMap<String, f64> = [
            ("terror", 1.0),
            ("terrorist", 2.0),
            ("terrorists", 3.0),
            ("rebel", 4.0),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        assert_eq!(background_count(&bg, "terrorist*"), 5.0);
        assert_eq!(background_count(&bg, "Rebel"), 4.0);
        assert_eq!(background_count(&bg, "none"), 0.0);
    }
}

//! Change points over time (`--period`): for each outlet the charts show
//! (the rest pooled, as the charts pool them) and each group, when did the
//! mix of the group's labels shift? PELT with the BIC penalty and a
//! permutation p-value per change ([`crate::stats::changepoint`]), the
//! p-values then adjusted over every change of the report.
//!
//! It writes nothing and composes no sentence.

use super::{stream, Adjust, StatsOptions};
use crate::counts::CountTable;
use crate::stats::changepoint::{detect, ChangeOptions, ChangePoint, LabelSeries};
use crate::stats::seeded_rng;
use std::collections::BTreeMap;

/// One outlet's series of one group's label counts per period.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// The outlet, or the pooled outlets' name.
    pub outlet: String,
    /// Whether this is the pooled rest.
    pub pooled: bool,
    pub group: usize,
    /// The group's categories (flattened indices), the series' columns.
    pub categories: Vec<usize>,
    /// `counts[period][label]`, periods as in [`Changes::periods`].
    pub counts: Vec<Vec<u64>>,
    /// The penalty per change used (BIC), 0 when not searched.
    pub penalty: f64,
    /// The changes found, in time order.
    pub changes: Vec<Change>,
}

impl Series {
    /// The group's matches in period `t`.
    pub fn total(&self, t: usize) -> u64 {
        self.counts.get(t).map_or(0, |r| r.iter().sum())
    }
}

/// A change point with its p-value adjusted over the report's changes.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub point: ChangePoint,
    pub p_adjusted: f64,
}

/// Every series' change points.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Changes {
    /// The periods, in time order.
    pub periods: Vec<String>,
    /// Per outlet (in chart order, the pool last) and group.
    pub series: Vec<Series>,
    /// Why no change was searched for, when none was.
    pub note: Option<String>,
    /// Permutations per change.
    pub permutations: usize,
    /// The adjustment of the p-values over every change of the report.
    pub adjust: Adjust,
}

/// The change points of every outlet (`shown`, and `rest` pooled as
/// `pooled_name`) and group over `periods`.
pub fn changes(
    counts: &CountTable,
    periods: &BTreeMap<String, CountTable>,
    (shown, rest, pooled_name): (&[String], &[String], &str),
    confidence: f64,
    opts: &StatsOptions,
) -> Changes {
    let mut out = Changes {
        periods: periods.keys().cloned().collect(),
        permutations: opts.permutations,
        adjust: opts.adjust,
        ..Changes::default()
    };
    if opts.permutations == 0 {
        out.note = Some("--permutations 0: change points need permutations for their p-values, so none were searched for".into());
    }
    let mut units: Vec<(String, bool, Vec<&String>)> =
        shown.iter().map(|o| (o.clone(), false, vec![o])).collect();
    if !rest.is_empty() {
        units.push((pooled_name.to_string(), true, rest.iter().collect()));
    }
    let options = ChangeOptions {
        permutations: out.permutations,
        confidence,
        ..ChangeOptions::default()
    };
    for (outlet, pooled, members) in units {
        for g in 0..counts.groups.len() {
            let cats = counts.group_categories(g);
            let rows: Vec<Vec<u64>> = periods
                .values()
                .map(|table| {
                    cats.iter()
                        .map(|&c| {
                            members
                                .iter()
                                .filter_map(|o| table.outlets.get(*o))
                                .map(|o| o.counts[c])
                                .sum()
                        })
                        .collect()
                })
                .collect();
            let mut series = Series {
                outlet: outlet.clone(),
                pooled,
                group: g,
                categories: cats,
                counts: rows,
                penalty: 0.0,
                changes: Vec::new(),
            };
            if out.note.is_none() && !series.categories.is_empty() {
                let found = LabelSeries::from_rows(&series.counts).and_then(|s| {
                    let name = format!("{outlet}\0{}", counts.groups[g]);
                    let mut rng = seeded_rng(opts.seed, stream("changepoint", &name));
                    detect(&s, &options, &mut rng)
                });
                if let Ok(found) = found {
                    series.penalty = found.penalty;
                    series.changes = found
                        .changes
                        .into_iter()
                        .map(|point| Change {
                            point,
                            p_adjusted: f64::NAN,
                        })
                        .collect();
                }
            }
            out.series.push(series);
        }
    }
    let p: Vec<f64> = out
        .series
        .iter()
        .flat_map(|s| s.changes.iter().map(|c| c.point.p))
        .collect();
    let adjusted = opts.adjust.apply(&p);
    let mut it = adjusted.into_iter();
    for c in out.series.iter_mut().flat_map(|s| s.changes.iter_mut()) {
        c.p_adjusted = it.next().unwrap_or(f64::NAN);
    }
    out
}

//! Counts, rates and shares corrected for the precision of the matches.
//!
//! A category's count overstates its real frequency by its false hits: with
//! precision `p` (the share of its matches that are correct), the corrected
//! count is `p x count`, the corrected rate `p x rate`, and the corrected
//! share of a category in its group is `p_c count_c / sum_k p_k count_k`.
//!
//! The interval of a corrected number carries two uncertainties: which
//! articles the outlet happened to publish (the article bootstrap of the
//! report, [`crate::stats::bootstrap_sums`]) and how well the sample
//! measured precision. Inside each bootstrap replicate, every validated
//! stratum's precision is drawn from its Beta posterior under Jeffreys'
//! prior, `Beta(yes + 1/2, no + 1/2)`, and a cell's precision is the
//! size-weighted mean of its strata's draws; the replicate's corrected
//! numbers use those draws. The same stratum draw is used by every outlet
//! in a replicate, so contrasts between outlets sharing a pooled precision
//! are not inflated. Percentile intervals follow.
//!
//! A cell without its own validation (an outlet not in the sample) uses
//! the category's precision pooled over the validated outlets, and says so;
//! a category never validated is not corrected.
//!
//! Pure: counts and validation in, numbers out; no files are written.

use super::sample::ItemKind;
use super::summary::{EstimateRow, Level, Validation};
use super::ValidationError;
use crate::counts::CountTable;
use crate::stats::{self, bootstrap_sums, percentile_interval, seeded_rng};
use rand_distr::{Beta, Distribution};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// One validated stratum: its size and codes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Component {
    /// Matches in the stratum (`N_h`).
    pub size: f64,
    pub yes: u64,
    pub no: u64,
}

/// Where a cell's precision came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrecisionSource {
    /// The outlet's own strata of the category.
    Outlet,
    /// The category's strata over every validated outlet.
    Pooled,
    /// Not validated: no correction.
    None,
}

impl PrecisionSource {
    pub fn name(self) -> &'static str {
        match self {
            PrecisionSource::Outlet => "outlet",
            PrecisionSource::Pooled => "pooled_over_outlets",
            PrecisionSource::None => "",
        }
    }
}

/// The validated strata of matches, by outlet, group and category.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PrecisionModel {
    components: Vec<Component>,
    /// (group, category) -> outlet -> indices into `components`.
    cells: BTreeMap<(String, String), BTreeMap<String, Vec<usize>>>,
}

impl PrecisionModel {
    pub(super) fn add(&mut self, outlet: &str, group: &str, category: &str, c: Component) {
        let i = self.components.len();
        self.components.push(c);
        self.cells
            .entry((group.to_string(), category.to_string()))
            .or_default()
            .entry(outlet.to_string())
            .or_default()
            .push(i);
    }

    /// The model of a validation's `stratum` rows of matches.
    pub fn from_validation(v: &Validation) -> PrecisionModel {
        PrecisionModel::from_rows(&v.rows)
    }

    /// The model of the `stratum` rows of matches among `rows`.
    pub fn from_rows(rows: &[EstimateRow]) -> PrecisionModel {
        let mut m = PrecisionModel::default();
        for r in rows {
            if r.level == Level::Stratum && r.kind == ItemKind::Match {
                let c = Component {
                    size: r.population,
                    yes: r.yes,
                    no: r.no,
                };
                m.add(&r.outlet, &r.group, &r.category, c);
            }
        }
        m
    }

    /// The components and source of a cell.
    fn lookup(&self, outlet: &str, group: &str, category: &str) -> (Vec<usize>, PrecisionSource) {
        let Some(by_outlet) = self.cells.get(&(group.to_string(), category.to_string())) else {
            return (Vec::new(), PrecisionSource::None);
        };
        let coded = |ids: &Vec<usize>| {
            ids.iter()
                .any(|&i| self.components[i].yes + self.components[i].no > 0)
        };
        match by_outlet.get(outlet) {
            Some(ids) if coded(ids) => (ids.clone(), PrecisionSource::Outlet),
            _ => {
                let all: Vec<usize> = by_outlet.values().flatten().copied().collect();
                if coded(&all) {
                    (all, PrecisionSource::Pooled)
                } else {
                    (Vec::new(), PrecisionSource::None)
                }
            }
        }
    }

    /// Stratified precision of the components (strata without codes left out).
    fn point(&self, ids: &[usize]) -> Option<f64> {
        let (mut num, mut den) = (0.0, 0.0);
        for &i in ids {
            let c = self.components[i];
            let m = c.yes + c.no;
            if m > 0 {
                num += c.size * c.yes as f64 / m as f64;
                den += c.size;
            }
        }
        (den > 0.0).then(|| num / den)
    }

    /// The same mean with each stratum's precision taken from `draw`.
    fn drawn(&self, ids: &[usize], draw: &[f64]) -> Option<f64> {
        let (mut num, mut den) = (0.0, 0.0);
        for &i in ids {
            let c = self.components[i];
            if c.yes + c.no > 0 {
                num += c.size * draw[i];
                den += c.size;
            }
        }
        (den > 0.0).then(|| num / den)
    }
}

/// Options of the correction.
#[derive(Debug, Clone, PartialEq)]
pub struct CorrectOptions {
    pub seed: u64,
    /// Bootstrap replicates (and precision draws). 0: point estimates only.
    pub resamples: usize,
    pub conf: f64,
}

impl Default for CorrectOptions {
    fn default() -> Self {
        CorrectOptions {
            seed: 1,
            resamples: 2000,
            conf: 0.95,
        }
    }
}

/// One outlet x category, raw and corrected.
#[derive(Debug, Clone, PartialEq)]
pub struct CorrectedCell {
    pub outlet: String,
    /// Flattened category index (as in [`CountTable::categories`]).
    pub category: usize,
    pub articles: u64,
    pub count: u64,
    pub tokens: u64,
    pub rate: Option<f64>,
    pub share: Option<f64>,
    pub source: PrecisionSource,
    /// The precision applied (stratified estimate).
    pub precision: Option<f64>,
    pub precision_interval: Option<(f64, f64)>,
    pub corrected_count: Option<f64>,
    pub corrected_count_interval: Option<(f64, f64)>,
    pub corrected_rate: Option<f64>,
    pub corrected_rate_interval: Option<(f64, f64)>,
    pub corrected_share: Option<f64>,
    pub corrected_share_interval: Option<(f64, f64)>,
    /// What the reader should know (`;`-separated).
    pub note: String,
    rate_reps: Vec<f64>,
    share_reps: Vec<f64>,
}

/// Every cell corrected, in the count table's outlet order, categories
/// in lexicon order within each outlet.
#[derive(Debug, Clone, PartialEq)]
pub struct Corrected {
    pub cells: Vec<CorrectedCell>,
    pub options: CorrectOptions,
}

/// A difference between two outlets in one category, corrected.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Contrast {
    /// Raw difference (a minus b).
    pub raw: f64,
    pub corrected: f64,
    /// Percentile interval of the corrected difference.
    pub low: f64,
    pub high: f64,
}

impl Contrast {
    /// The corrected interval excludes 0: the difference survives.
    pub fn survives(&self) -> bool {
        self.low > 0.0 || self.high < 0.0
    }
}

/// What to compare in a [`Corrected::contrast`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    /// Matches per 1,000 tokens.
    Rate,
    /// Share of the category among its group's matches.
    Share,
}

impl Corrected {
    pub fn cell(&self, outlet: &str, category: usize) -> Option<&CorrectedCell> {
        self.cells
            .iter()
            .find(|c| c.outlet == outlet && c.category == category)
    }

    /// Outlet `a` minus outlet `b` in `category`, raw and corrected, with
    /// the corrected difference's percentile interval over the replicates
    /// (outlets resampled independently, precision draws shared). `None`
    /// without replicates for both or without a correction.
    pub fn contrast(
        &self,
        a: &str,
        b: &str,
        category: usize,
        measure: Measure,
    ) -> Option<Contrast> {
        let (x, y) = (self.cell(a, category)?, self.cell(b, category)?);
        let (raw, corr, rx, ry) = match measure {
            Measure::Rate => (
                x.rate? - y.rate?,
                x.corrected_rate? - y.corrected_rate?,
                &x.rate_reps,
                &y.rate_reps,
            ),
            Measure::Share => (
                x.share? - y.share?,
                x.corrected_share? - y.corrected_share?,
                &x.share_reps,
                &y.share_reps,
            ),
        };
        if rx.is_empty() || rx.len() != ry.len() {
            return None;
        }
        let diffs: Vec<f64> = rx.iter().zip(ry).map(|(p, q)| p - q).collect();
        let (low, high) = covering(&diffs, Some(corr), self.options.conf)?;
        Some(Contrast {
            raw,
            corrected: corr,
            low,
            high,
        })
    }
}

/// The percentile interval of `reps`, widened to cover the point
/// estimate when it falls outside. It can: with every coded match `yes`
/// the precision's estimate is 1, but no draw from its Jeffreys posterior
/// `Beta(yes + 1/2, 1/2)` reaches 1. Widening to the estimate is the
/// modified Jeffreys interval's rule (Brown, Cai and DasGupta 2001: the
/// upper limit is 1 when every trial succeeds), carried through the
/// corrected numbers.
fn covering(reps: &[f64], point: Option<f64>, conf: f64) -> Option<(f64, f64)> {
    let (low, high) = percentile_interval(reps, conf).ok()?;
    Some(match point {
        Some(x) if x.is_finite() => (low.min(x), high.max(x)),
        _ => (low, high),
    })
}

/// A stable stream number for a named random stream.
fn stream(kind: &str, name: &str) -> u64 {
    let d = Sha256::new()
        .chain_update(kind)
        .chain_update([0])
        .chain_update(name)
        .finalize();
    let mut b = [0u8; 8];
    b.copy_from_slice(&d[..8]);
    u64::from_le_bytes(b)
}

/// Corrects every outlet x category of `counts` for precision.
///
/// # Errors
///
/// [`ValidationError::Stats`] for an invalid confidence level.
pub fn correct(
    counts: &CountTable,
    model: &PrecisionModel,
    opts: &CorrectOptions,
) -> Result<Corrected, ValidationError> {
    stats::wilson(1, 2, opts.conf)?;
    let b = opts.resamples;
    // Precision draws: draws[r][component], shared by every outlet.
    let mut rng = seeded_rng(opts.seed, stream("validation", "precision"));
    let mut draws = vec![vec![f64::NAN; model.components.len()]; b];
    for (i, c) in model.components.iter().enumerate() {
        if let Ok(beta) = Beta::new(c.yes as f64 + 0.5, c.no as f64 + 0.5) {
            for d in draws.iter_mut() {
                d[i] = beta.sample(&mut rng);
            }
        }
    }
    let cats = &counts.categories;
    let lookups: Vec<Vec<(Vec<usize>, PrecisionSource)>> = counts
        .outlets
        .keys()
        .map(|o| {
            cats.iter()
                .map(|c| model.lookup(o, &c.group_id, &c.id))
                .collect()
        })
        .collect();
    let mut cells = Vec::new();
    for ((name, o), look) in counts.outlets.iter().zip(&lookups) {
        let width = o.counts.len();
        let p_hat: Vec<Option<f64>> = look.iter().map(|(ids, _)| model.point(ids)).collect();
        // Replicates: the article bootstrap when there are 2+ articles, else the counts as they are.
        let mut rep_counts: Vec<Vec<u64>> = Vec::new();
        let mut resampled = false;
        if b > 0 {
            let rows = o.resample_rows();
            let mut rng = seeded_rng(opts.seed, stream("validation-bootstrap", name));
            match bootstrap_sums(&rows, width + 1, b, &mut rng) {
                Ok(s) => {
                    rep_counts = s.replicates().map(|r| r.iter().collect()).collect();
                    resampled = true;
                }
                Err(_) => {
                    let mut whole = o.counts.clone();
                    whole.push(o.tokens);
                    rep_counts = vec![whole; b];
                }
            }
        }
        // Per replicate, each category's precision draw.
        let p_rep: Vec<Vec<Option<f64>>> = draws
            .iter()
            .map(|d| look.iter().map(|(ids, _)| model.drawn(ids, d)).collect())
            .collect();
        for (c, cat) in cats.iter().enumerate() {
            let group: Vec<usize> = (0..cats.len())
                .filter(|&k| cats[k].group == cat.group)
                .collect();
            let count = o.counts.get(c).copied().unwrap_or(0);
            let total: u64 = group
                .iter()
                .map(|&k| o.counts.get(k).copied().unwrap_or(0))
                .sum();
            let rate = (o.tokens > 0).then(|| count as f64 * 1000.0 / o.tokens as f64);
            let share = (total > 0).then(|| count as f64 / total as f64);
            let (ids, source) = &look[c];
            let p = p_hat[c];
            let mut notes = Vec::new();
            if *source == PrecisionSource::Pooled {
                notes.push("no validated matches of this outlet: the category's precision pooled over outlets".to_string());
            }
            if p.is_none() {
                notes.push("category not validated: not corrected".to_string());
            }
            // Corrected share needs every category of the group with
            // matches in the outlet validated (one without adds nothing).
            let group_p: Option<Vec<f64>> = group
                .iter()
                .map(|&k| {
                    if o.counts[k] == 0 {
                        Some(0.0)
                    } else {
                        p_hat[k]
                    }
                })
                .collect();
            if p.is_some() && group_p.is_none() {
                notes.push(
                    "another category of the group is not validated: no corrected share"
                        .to_string(),
                );
            }
            let corrected_share = group_p.as_ref().and_then(|gp| {
                let den: f64 = group
                    .iter()
                    .zip(gp)
                    .map(|(&k, pk)| pk * o.counts[k] as f64)
                    .sum();
                (den > 0.0).then(|| p.unwrap_or(0.0) * count as f64 / den)
            });
            let mut precision_draws = Vec::new();
            let (mut count_reps, mut rate_reps, mut share_reps) =
                (Vec::new(), Vec::new(), Vec::new());
            if p.is_some() {
                for (r, rc) in rep_counts.iter().enumerate() {
                    let Some(pr) = p_rep[r][c] else { continue };
                    precision_draws.push(pr);
                    let k = rc[c] as f64 * pr;
                    count_reps.push(k);
                    let tokens = rc[width];
                    rate_reps.push(if tokens > 0 {
                        k * 1000.0 / tokens as f64
                    } else {
                        f64::NAN
                    });
                    let den: Option<f64> = group
                        .iter()
                        .map(|&g| match p_rep[r][g] {
                            _ if o.counts[g] == 0 => Some(0.0),
                            pg => pg.map(|pg| pg * rc[g] as f64),
                        })
                        .sum();
                    share_reps.push(match den {
                        Some(d) if d > 0.0 => k / d,
                        _ => f64::NAN,
                    });
                }
            }
            if p.is_some() && b > 0 && !resampled {
                notes.push(
                    "fewer than 2 articles: the interval carries the precision's uncertainty only"
                        .to_string(),
                );
            }
            let _ = ids;
            let corrected_count = p.map(|p| p * count as f64);
            let corrected_rate = p.zip(rate).map(|(p, r)| p * r);
            cells.push(CorrectedCell {
                outlet: name.clone(),
                category: c,
                articles: o.articles,
                count,
                tokens: o.tokens,
                rate,
                share,
                source: if p.is_some() {
                    *source
                } else {
                    PrecisionSource::None
                },
                precision: p,
                precision_interval: covering(&precision_draws, p, opts.conf),
                corrected_count,
                corrected_count_interval: covering(&count_reps, corrected_count, opts.conf),
                corrected_rate,
                corrected_rate_interval: covering(&rate_reps, corrected_rate, opts.conf),
                corrected_share,
                corrected_share_interval: if corrected_share.is_some() {
                    covering(&share_reps, corrected_share, opts.conf)
                } else {
                    None
                },
                note: notes.join("; "),
                rate_reps,
                share_reps: if corrected_share.is_some() {
                    share_reps
                } else {
                    Vec::new()
                },
            });
        }
    }
    Ok(Corrected {
        cells,
        options: opts.clone(),
    })
}

#[cfg(test)]
#[path = "correct_tests.rs"]
mod tests;

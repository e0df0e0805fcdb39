//! Change points in a label mix over time: when did an outlet change the
//! words it uses for one thing?
//!
//! This module owns the segmentation of one series (one outlet, one group:
//! a row of counts per label for each period, in time order) and nothing
//! about periods' names or dates: a change is reported as the index of the
//! first period after it.
//!
//! A segment of periods costs its multinomial deviance, `-2 sum_k N_k
//! ln(N_k / N)` over the labels' pooled counts; a segmentation costs the
//! sum over its segments plus a penalty per change. [`Search::Pelt`] finds
//! the segmentation of least penalised cost exactly (Killick et al. 2012),
//! [`Search::BinarySegmentation`] greedily (Scott and Knott 1974); both
//! give the change points `ruptures` gives with the same cost and penalty.
//! Each change is then tested by a permutation of the periods between its
//! neighbouring changes, and the label shares on either side are given
//! with Wilson intervals.
//!
//! ```
//! use framescore::stats::changepoint::{detect, ChangeOptions, LabelSeries};
//! use framescore::stats::seeded_rng;
//!
//! // Monthly counts of ("terrorists", "rebels") in one outlet: a shift after month 6.
//! let rows: Vec<Vec<u64>> = [[30, 10]; 6].iter().chain(&[[8, 32]; 6]).map(|r| r.to_vec()).collect();
//! let series = LabelSeries::from_rows(&rows)?;
//! let found = detect(&series, &ChangeOptions::default(), &mut seeded_rng(1, 0))?;
//! assert_eq!(found.changes.len(), 1);
//! let change = &found.changes[0];
//! assert_eq!(change.period, 6);
//! assert!(change.p < 0.01);
//! assert_eq!(change.before[0].as_ref().map(|s| s.share), Some(0.75));
//! # Ok::<(), framescore::stats::StatsError>(())
//! ```

use rand::{Rng, RngExt};

use super::{wilson, StatsError};

#[cfg(test)]
mod tests;

/// How the change points are searched for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Search {
    /// Pruned exact linear time: the optimal segmentation.
    Pelt,
    /// Binary segmentation: split where the gain is largest while it
    /// exceeds the penalty.
    BinarySegmentation,
}

/// The price of one more change point, in units of deviance.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Penalty {
    /// `K ln N`: `K` the labels used in the series, `N` its matches (BIC for
    /// the `K - 1` new shares and the location a change adds).
    Bic,
    /// A fixed value (e.g. to reproduce another tool's segmentation).
    Manual(f64),
}

/// Settings of [`detect`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChangeOptions {
    /// PELT (default) or binary segmentation.
    pub search: Search,
    /// BIC (default) or manual.
    pub penalty: Penalty,
    /// Fewest periods in a segment (default 2: one odd period is an
    /// outlier, not a shift).
    pub min_size: usize,
    /// Permutations per change point (default 1,999).
    pub permutations: usize,
    /// Confidence of the Wilson intervals (default 0.95).
    pub confidence: f64,
}

impl Default for ChangeOptions {
    fn default() -> Self {
        Self {
            search: Search::Pelt,
            penalty: Penalty::Bic,
            min_size: 2,
            permutations: 1999,
            confidence: 0.95,
        }
    }
}

/// One period-by-label series of counts, periods in time order.
#[derive(Debug, Clone, PartialEq)]
pub struct LabelSeries {
    width: usize,
    /// `cum[t * width + k]`: label `k`'s count in periods `0..t`.
    cum: Vec<f64>,
    counts: Vec<u64>,
}

impl LabelSeries {
    /// A series from its counts flattened period by period, `width` labels
    /// per period.
    ///
    /// # Errors
    ///
    /// [`StatsError::LengthMismatch`] when `counts` is not a whole number
    /// of periods or `width` is 0.
    pub fn new(counts: Vec<u64>, width: usize) -> Result<Self, StatsError> {
        if width == 0 || !counts.len().is_multiple_of(width) {
            return Err(StatsError::LengthMismatch {
                what: "counts",
                expected: width.max(1) * (counts.len() / width.max(1)),
                found: counts.len(),
            });
        }
        let mut cum = vec![0.0; counts.len() + width];
        for (i, &c) in counts.iter().enumerate() {
            cum[i + width] = cum[i] + c as f64;
        }
        Ok(Self { width, cum, counts })
    }

    /// A series from one row of label counts per period.
    ///
    /// # Errors
    ///
    /// [`StatsError::LengthMismatch`] unless every row has the first's length.
    pub fn from_rows(rows: &[Vec<u64>]) -> Result<Self, StatsError> {
        let width = rows.first().map_or(0, Vec::len);
        if let Some(bad) = rows.iter().find(|r| r.len() != width) {
            return Err(StatsError::LengthMismatch {
                what: "period row",
                expected: width,
                found: bad.len(),
            });
        }
        Self::new(rows.concat(), width)
    }

    /// The number of periods.
    pub fn periods(&self) -> usize {
        self.counts.len() / self.width
    }

    /// The number of labels.
    pub fn labels(&self) -> usize {
        self.width
    }

    /// Label `k`'s count in periods `s..e`.
    fn pooled(&self, s: usize, e: usize, k: usize) -> f64 {
        self.cum[e * self.width + k] - self.cum[s * self.width + k]
    }

    /// The multinomial deviance of pooling periods `s..e`.
    pub fn cost(&self, s: usize, e: usize) -> f64 {
        let n: f64 = (0..self.width).map(|k| self.pooled(s, e, k)).sum();
        if n <= 0.0 {
            return 0.0;
        }
        -2.0 * (0..self.width)
            .map(|k| self.pooled(s, e, k))
            .filter(|&c| c > 0.0)
            .map(|c| c * (c / n).ln())
            .sum::<f64>()
    }

    /// `K ln N`, the BIC penalty.
    pub fn bic_penalty(&self) -> f64 {
        let t = self.periods();
        let used = (0..self.width)
            .filter(|&k| self.pooled(0, t, k) > 0.0)
            .count();
        let n: f64 = (0..self.width).map(|k| self.pooled(0, t, k)).sum();
        if n > 0.0 {
            used as f64 * n.ln()
        } else {
            0.0
        }
    }

    /// The series of the periods `keep` only.
    fn select(&self, keep: &[usize]) -> Self {
        let w = self.width;
        let counts = keep
            .iter()
            .flat_map(|&t| self.counts[t * w..(t + 1) * w].iter().copied())
            .collect();
        Self::new(counts, w).unwrap_or_else(|_| self.clone())
    }

    /// The same series with its periods `s..e` in the order `order`.
    fn permuted(&self, s: usize, order: &[usize]) -> Self {
        let w = self.width;
        let mut counts = self.counts.clone();
        for (i, &o) in order.iter().enumerate() {
            let (dst, src) = ((s + i) * w, (s + o) * w);
            counts[dst..dst + w].copy_from_slice(&self.counts[src..src + w]);
        }
        Self::new(counts, w).unwrap_or_else(|_| self.clone())
    }
}

/// A label's share on one side of a change.
#[derive(Debug, Clone, PartialEq)]
pub struct SideShare {
    /// The label's count in the segment.
    pub count: u64,
    /// The group's count in the segment.
    pub total: u64,
    /// `count / total`.
    pub share: f64,
    /// Wilson interval.
    pub low: f64,
    /// Upper end.
    pub high: f64,
}

/// One change point with its evidence.
#[derive(Debug, Clone, PartialEq)]
pub struct ChangePoint {
    /// The first period (with matches) after the change.
    pub period: usize,
    /// The segment before it: periods `start..period` (`start` its first
    /// period with matches).
    pub start: usize,
    /// The segment after it: periods `period..end` (`end - 1` its last
    /// period with matches).
    pub end: usize,
    /// Deviance saved by splitting `start..end` at `period`.
    pub gain: f64,
    /// Permutation p-value of a change anywhere in `start..end`.
    pub p: f64,
    /// Each label's share before (`None` without a match there).
    pub before: Vec<Option<SideShare>>,
    /// Each label's share after.
    pub after: Vec<Option<SideShare>>,
}

/// A series' change points.
#[derive(Debug, Clone, PartialEq)]
pub struct Segmentation {
    /// The penalty used.
    pub penalty: f64,
    /// The changes, in time order.
    pub changes: Vec<ChangePoint>,
}

/// Change points of the label mix of `series`, each with a permutation
/// p-value and the shares on either side.
///
/// Periods without any match carry no information about the mix and are
/// set aside: the segmentation, `min_size` and the permutations are over
/// the periods with matches, and a change's `period` is the first period
/// with matches after it (the shift happened in the gap before it, if any).
///
/// The segmentation minimises (PELT) or greedily lowers (binary
/// segmentation) `sum over segments of C(segment) + penalty x changes`,
/// with `C` the multinomial deviance and segments of at least `min_size`
/// periods. For the change at `t` between its neighbours `a` and `b` (the
/// previous and next change, or the series' ends), the statistic is the
/// largest deviance saved by one split of `a..b`,
///
/// ```text
/// S = max over s of C(a, b) - C(a, s) - C(s, b)
/// p = (1 + #{permutations of the periods a..b with S* >= S (1 - 64 eps)}) / (B + 1)
/// ```
///
/// Shuffling whole periods keeps each period's matches together, so a
/// period with a burst of one label counts once, not once per match; the
/// maximum over `s` accounts for the change's position having been
/// searched for. A window of `w` periods has at most `w! / ...` distinct
/// arrangements, so p cannot fall below about `2 / C(w, w/2)`: seven
/// periods cannot give p below 0.057.
///
/// # Errors
///
/// [`StatsError::InvalidValue`] for `min_size = 0` or a negative or
/// non-finite manual penalty, [`StatsError::NoResamples`] for 0
/// permutations, [`StatsError::InvalidConfidence`].
///
/// # Remarks
///
/// Killick, Fearnhead and Eckley (2012), *JASA* 107 (PELT); Scott and Knott
/// (1974), *Biometrics* 30 (binary segmentation); Truong, Oudre and Vayatis
/// (2020), *Signal Processing* 167 (`ruptures`, whose `Pelt` and `Binseg`
/// with `jump=1` and this cost give the same change points); Antoch and
/// Hušková (2001) for permutation tests of a change; Phipson and Smyth
/// (2010) for `(k + 1) / (B + 1)`.
pub fn detect(
    series: &LabelSeries,
    options: &ChangeOptions,
    rng: &mut impl Rng,
) -> Result<Segmentation, StatsError> {
    if options.permutations == 0 {
        return Err(StatsError::NoResamples);
    }
    if !(options.confidence > 0.0 && options.confidence < 1.0) {
        return Err(StatsError::InvalidConfidence(options.confidence));
    }
    // Periods without a match say nothing about the mix: segment the
    // others, then give indices in the full series.
    let kept: Vec<usize> = (0..series.periods())
        .filter(|&t| (0..series.width).any(|k| series.pooled(t, t + 1, k) > 0.0))
        .collect();
    let compact = series.select(&kept);
    let penalty = match options.penalty {
        Penalty::Bic => compact.bic_penalty(),
        Penalty::Manual(p) => p,
    };
    let breaks = match options.search {
        Search::Pelt => pelt(&compact, penalty, options.min_size)?,
        Search::BinarySegmentation => binary_segmentation(&compact, penalty, options.min_size)?,
    };
    let t = compact.periods();
    let bounds: Vec<usize> = std::iter::once(0)
        .chain(breaks.iter().copied())
        .chain(std::iter::once(t))
        .collect();
    let full = |i: usize| kept.get(i).copied().unwrap_or(series.periods());
    let mut changes = Vec::with_capacity(breaks.len());
    for w in bounds.windows(3) {
        let (a, tau, b) = (w[0], w[1], w[2]);
        let gain = compact.cost(a, b) - compact.cost(a, tau) - compact.cost(tau, b);
        let p = window_p(&compact, a, b, options.min_size, options.permutations, rng);
        changes.push(ChangePoint {
            period: full(tau),
            start: full(a),
            end: full(b - 1) + 1,
            gain,
            p,
            before: shares(&compact, a, tau, options.confidence)?,
            after: shares(&compact, tau, b, options.confidence)?,
        });
    }
    Ok(Segmentation { penalty, changes })
}

fn check(penalty: f64, min_size: usize) -> Result<(), StatsError> {
    if min_size == 0 {
        return Err(StatsError::InvalidValue {
            what: "min_size",
            index: 0,
            value: 0.0,
            rule: "at least 1 period",
        });
    }
    if !(penalty.is_finite() && penalty >= 0.0) {
        return Err(StatsError::InvalidValue {
            what: "penalty",
            index: 0,
            value: penalty,
            rule: ">= 0",
        });
    }
    Ok(())
}

/// The optimal segmentation by PELT: the first period of each segment but
/// the first.
///
/// `F(t) = min over s of F(s) + C(s, t) + penalty` over `s = 0` or
/// `min_size <= s <= t - min_size`; a candidate `s` with
/// `F(s) + C(s, t) > F(t)` can never be optimal again (the cost is a
/// log-likelihood, so splitting never raises it) and is pruned.
///
/// # Errors
///
/// As [`detect`] for `min_size` and `penalty`.
pub fn pelt(series: &LabelSeries, penalty: f64, min_size: usize) -> Result<Vec<usize>, StatsError> {
    check(penalty, min_size)?;
    let t = series.periods();
    if t < 2 * min_size {
        return Ok(Vec::new());
    }
    let mut best = vec![f64::INFINITY; t + 1];
    let mut last = vec![0usize; t + 1];
    best[0] = -penalty;
    let mut candidates: Vec<usize> = Vec::new();
    for end in min_size..=t {
        let newest = end - min_size;
        if newest == 0 || newest >= min_size {
            candidates.push(newest);
        }
        let costs: Vec<f64> = candidates
            .iter()
            .map(|&s| best[s] + series.cost(s, end) + penalty)
            .collect();
        let mut arg = 0;
        for (i, &c) in costs.iter().enumerate() {
            if c < costs[arg] {
                arg = i;
            }
        }
        let Some(&min) = costs.get(arg) else {
            continue;
        };
        best[end] = min;
        last[end] = candidates[arg];
        candidates = candidates
            .iter()
            .zip(&costs)
            .filter(|&(_, &c)| c <= min + penalty)
            .map(|(&s, _)| s)
            .collect();
    }
    let mut breaks = Vec::new();
    let mut end = t;
    while end > 0 {
        let s = last[end];
        if s > 0 {
            breaks.push(s);
        }
        end = s;
    }
    breaks.reverse();
    Ok(breaks)
}

/// Binary segmentation: repeatedly split the segment whose best split saves
/// the most deviance, while that saving exceeds the penalty. Ties go, as in
/// `ruptures`, to the later split within a segment and the earlier segment.
///
/// # Errors
///
/// As [`detect`] for `min_size` and `penalty`.
pub fn binary_segmentation(
    series: &LabelSeries,
    penalty: f64,
    min_size: usize,
) -> Result<Vec<usize>, StatsError> {
    check(penalty, min_size)?;
    let t = series.periods();
    let mut bounds = vec![0, t];
    loop {
        let mut best: Option<(usize, f64)> = None;
        for w in bounds.windows(2) {
            if let Some((s, gain)) = best_split(series, w[0], w[1], min_size) {
                if best.is_none_or(|(_, g)| gain > g) {
                    best = Some((s, gain));
                }
            }
        }
        match best {
            Some((s, gain)) if gain > penalty => {
                bounds.push(s);
                bounds.sort_unstable();
            }
            _ => break,
        }
    }
    Ok(bounds[1..bounds.len() - 1].to_vec())
}

/// The split of `a..b` (at least `min_size` periods each side) that saves
/// the most deviance, the later one on a tie.
fn best_split(series: &LabelSeries, a: usize, b: usize, min_size: usize) -> Option<(usize, f64)> {
    let whole = series.cost(a, b);
    let mut best: Option<(usize, f64)> = None;
    for s in (a + min_size)..=b.saturating_sub(min_size) {
        let gain = whole - series.cost(a, s) - series.cost(s, b);
        if best.is_none_or(|(_, g)| gain >= g) {
            best = Some((s, gain));
        }
    }
    best
}

/// The scan statistic of `a..b`: the largest saving of one split.
fn scan(series: &LabelSeries, a: usize, b: usize, min_size: usize) -> f64 {
    best_split(series, a, b, min_size).map_or(0.0, |(_, g)| g)
}

/// Permutation p-value of a change within periods `a..b`.
pub(crate) fn window_p(
    series: &LabelSeries,
    a: usize,
    b: usize,
    min_size: usize,
    permutations: usize,
    rng: &mut impl Rng,
) -> f64 {
    let observed = scan(series, a, b, min_size);
    let mut order: Vec<usize> = (0..b - a).collect();
    let mut exceed = 0usize;
    for _ in 0..permutations {
        for i in (1..order.len()).rev() {
            let j = rng.random_range(0..=i);
            order.swap(i, j);
        }
        let shuffled = series.permuted(a, &order);
        if scan(&shuffled, a, b, min_size) >= super::monte_carlo::ALMOST_ONE * observed {
            exceed += 1;
        }
    }
    (1 + exceed) as f64 / (permutations + 1) as f64
}

/// Each label's share of periods `s..e`, with its Wilson interval.
fn shares(
    series: &LabelSeries,
    s: usize,
    e: usize,
    conf: f64,
) -> Result<Vec<Option<SideShare>>, StatsError> {
    let w = series.width;
    let counts: Vec<u64> = (0..w)
        .map(|k| (s..e).fold(0u64, |acc, t| acc.saturating_add(series.counts[t * w + k])))
        .collect();
    let total = counts.iter().fold(0u64, |acc, &c| acc.saturating_add(c));
    counts
        .iter()
        .map(|&count| {
            if total == 0 {
                return Ok(None);
            }
            let (low, high) = wilson(count, total, conf)?;
            Ok(Some(SideShare {
                count,
                total,
                share: count as f64 / total as f64,
                low,
                high,
            }))
        })
        .collect()
}

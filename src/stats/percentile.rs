//! Percentile intervals of a bootstrap distribution, and the same numbers
//! found quickly where a report needs hundreds of thousands of them (one
//! per outlet pair and category in `compare.csv`).

use super::StatsError;

/// Percentile interval at confidence `conf` of a bootstrap distribution:
/// the `alpha / 2` and `1 - alpha / 2` quantiles (`alpha = 1 - conf`) of the
/// finite values, by linear interpolation between order statistics
/// (`h = (m - 1) q`, `x_(floor h) + (h - floor h)(x_(floor h + 1) - x_(floor h))`).
/// Non-finite values (replicates where the statistic is undefined, e.g. a
/// share with no match in the resample) are left out.
///
/// # Errors
///
/// [`StatsError::InvalidConfidence`] unless `0 < conf < 1` and
/// [`StatsError::NoDefinedReplicates`] when no value is finite.
///
/// # Remarks
///
/// Efron and Tibshirani (1993), ch. 13. The quantile is
/// `numpy.quantile(values, q)` (its default `method="linear"`), as
/// `scipy.stats.bootstrap(method="percentile")` uses. Order statistics are
/// taken in the order of `f64::total_cmp`.
pub fn percentile_interval(values: &[f64], conf: f64) -> Result<(f64, f64), StatsError> {
    percentile_interval_in(&mut values.to_vec(), conf, &mut Scratch::default())
}

/// Working memory of [`percentile_interval_in`] and
/// [`percentile_interval_of_differences`], kept between calls.
#[derive(Debug, Default)]
pub struct Scratch {
    low: Vec<f64>,
    high: Vec<f64>,
    all: Vec<f64>,
    sample: Vec<i64>,
}

/// [`percentile_interval`] in the caller's memory: the non-finite values
/// are removed from `values` (the rest keep their order), and `scratch` is
/// reused from call to call; the same numbers, found faster (see
/// [`interval_by`]).
///
/// # Errors
///
/// As [`percentile_interval`].
pub fn percentile_interval_in(
    values: &mut Vec<f64>,
    conf: f64,
    scratch: &mut Scratch,
) -> Result<(f64, f64), StatsError> {
    let resamples = values.len();
    values.retain(|x| x.is_finite());
    interval_by(values.len(), resamples, |i| values[i], conf, scratch)
}

/// [`percentile_interval`] of `a[r] - b[r]` (for `r` over the shorter of
/// the two) when every `a[r]` and `b[r]` is finite and so is every
/// difference (otherwise unspecified), without writing the differences out:
/// a pair of outlets' bootstrap log rates give their log ratio's interval.
///
/// # Errors
///
/// As [`percentile_interval`].
pub fn percentile_interval_of_differences(
    a: &[f64],
    b: &[f64],
    conf: f64,
    scratch: &mut Scratch,
) -> Result<(f64, f64), StatsError> {
    let m = a.len().min(b.len());
    interval_by(m, m, |r| a[r] - b[r], conf, scratch)
}

/// Below this many values the order statistics are found by selection alone.
const SAMPLED_FROM: usize = 256;
/// Values sampled to place the thresholds of [`interval_by`].
const SAMPLE: usize = 128;

/// Which order statistics a quantile needs, and how to combine them.
#[derive(Debug, Clone, Copy)]
struct Rank {
    /// `floor(h)`.
    k: usize,
    /// `h - floor(h)`.
    frac: f64,
    /// Whether the order statistic after `k` enters (`frac > 0` and there is one).
    next: bool,
}

impl Rank {
    fn new(m: usize, q: f64) -> Rank {
        let h = (m - 1) as f64 * q.clamp(0.0, 1.0);
        let k = h.floor() as usize;
        let frac = h - k as f64;
        Rank {
            k,
            frac,
            next: frac > 0.0 && k + 1 < m,
        }
    }

    /// The quantile from the order statistics `k` and `k + 1`.
    fn value(self, (x_lo, x_hi): (f64, Option<f64>)) -> f64 {
        match x_hi {
            Some(x_hi) if self.next => x_lo + self.frac * (x_hi - x_lo),
            _ => x_lo,
        }
    }
}

/// The percentile interval of the `m` finite values `at(0)`, ...,
/// `at(m - 1)` (`resamples` of them before non-finite ones were left out,
/// for the error).
///
/// The two percentiles sit in the tails of the distribution (the 49th and
/// 1,950th of 2,000), where a selection over all the values does more than
/// it needs to. Thresholds are placed from a sorted sample of [`SAMPLE`]
/// values a little beyond the wanted ranks; one branch-free scan copies the
/// values at or below the low threshold and those at or above the high
/// one; the ranks are selected among those few. Every value left behind
/// lies beyond a threshold, so the copies hold the wanted order statistics
/// whenever there are enough of them; when the sample misjudged a tail
/// (too few), the selection runs over all the values. The answer is the
/// same either way (tested against sorting).
fn interval_by(
    m: usize,
    resamples: usize,
    at: impl Fn(usize) -> f64,
    conf: f64,
    s: &mut Scratch,
) -> Result<(f64, f64), StatsError> {
    if !(conf > 0.0 && conf < 1.0) {
        return Err(StatsError::InvalidConfidence(conf));
    }
    if m == 0 {
        return Err(StatsError::NoDefinedReplicates { resamples });
    }
    let alpha = 1.0 - conf;
    let (lo, hi) = (Rank::new(m, alpha / 2.0), Rank::new(m, 1.0 - alpha / 2.0));
    if let Some(interval) = from_tails(m, &at, lo, hi, s) {
        return Ok(interval);
    }
    s.all.clear();
    s.all.extend((0..m).map(at));
    let low = lo.value(select_two(&mut s.all, lo.k, lo.next));
    let high = hi.value(select_two(&mut s.all, hi.k, hi.next));
    Ok((low, high))
}

/// The interval from the values beyond two sampled thresholds; `None` when
/// a tail held too few (or the ranks are not in opposite tails).
fn from_tails(
    m: usize,
    at: &impl Fn(usize) -> f64,
    lo: Rank,
    hi: Rank,
    s: &mut Scratch,
) -> Option<(f64, f64)> {
    if m < SAMPLED_FROM || lo.k >= m / 2 || hi.k < m / 2 {
        return None;
    }
    s.sample.clear();
    s.sample
        .extend((0..SAMPLE).map(|i| total_key(at(i * m / SAMPLE))));
    s.sample.sort_unstable();
    // How many values each tail must hold, and the sample's place about
    // two standard deviations of its count beyond the expected one.
    let (need_lo, need_hi) = (lo.k + 1 + usize::from(lo.next), m - hi.k);
    let place = |need: usize| {
        let expected = need as f64 * SAMPLE as f64 / m as f64;
        (expected + 2.0 * expected.sqrt() + 1.0).ceil() as usize
    };
    let (p_lo, p_hi) = (place(need_lo), place(need_hi));
    if p_lo >= SAMPLE || p_hi >= SAMPLE {
        return None;
    }
    let (t_lo, t_hi) = (s.sample[p_lo], s.sample[SAMPLE - 1 - p_hi]);
    if s.low.len() < m {
        s.low.resize(m, 0.0);
        s.high.resize(m, 0.0);
    }
    let (mut n_lo, mut n_hi) = (0, 0);
    for r in 0..m {
        let x = at(r);
        let key = total_key(x);
        s.low[n_lo] = x;
        n_lo += usize::from(key <= t_lo);
        s.high[n_hi] = x;
        n_hi += usize::from(key >= t_hi);
    }
    if n_lo < need_lo || n_hi < need_hi {
        return None;
    }
    let low = lo.value(select_two(&mut s.low[..n_lo], lo.k, lo.next));
    // The values above the high tail's copies rank below them.
    let k_hi = hi.k - (m - n_hi);
    let high = hi.value(select_two(&mut s.high[..n_hi], k_hi, hi.next));
    Some((low, high))
}

/// `f64::total_cmp` as a key: keys compare as the values do in that order.
#[inline(always)]
fn total_key(x: f64) -> i64 {
    let bits = x.to_bits() as i64;
    bits ^ (((bits >> 63) as u64) >> 1) as i64
}

/// The `k`-th smallest of `values` (from 0, in the order of
/// `f64::total_cmp`) and, with `next`, the one after it, by selection
/// (reorders `values`).
fn select_two(values: &mut [f64], k: usize, next: bool) -> (f64, Option<f64>) {
    let (_, &mut x_lo, above) = values.select_nth_unstable_by(k, f64::total_cmp);
    let x_hi = if next {
        above.iter().copied().min_by(f64::total_cmp)
    } else {
        None
    };
    (x_lo, x_hi)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::seeded_rng;
    use crate::stats::test_support::{assert_close, extra};
    use rand::RngExt;

    #[test]
    fn quantiles_match_numpy() {
        for c in extra().quantile {
            let (low, high) = percentile_interval(&c.values, c.conf).expect("valid case");
            let ctx = format!("{:?} at {}", c.values, c.conf);
            assert_close(low, c.low, &ctx);
            assert_close(high, c.high, &ctx);
        }
    }

    const AT_SIZE: &str = include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/percentile_reference.json"
    ));

    #[derive(serde::Deserialize)]
    struct AtSize {
        interval: Vec<IntervalCase>,
        differences: Vec<DifferenceCase>,
    }

    #[derive(serde::Deserialize)]
    struct IntervalCase {
        shape: String,
        conf: f64,
        values: Vec<f64>,
        low: f64,
        high: f64,
    }

    #[derive(serde::Deserialize)]
    struct DifferenceCase {
        conf: f64,
        a: Vec<f64>,
        b: Vec<f64>,
        low: f64,
        high: f64,
    }

    /// At the sizes a report uses (256 to 2,001 replicates: the sampled
    /// thresholds run), the intervals are numpy's
    /// (`scripts/reference_percentile.py`), and so are those of the
    /// differences of two series.
    #[test]
    fn quantiles_at_size_match_numpy() {
        let cases: AtSize =
            serde_json::from_str(AT_SIZE).expect("percentile_reference.json parses");
        let mut scratch = Scratch::default();
        for c in &cases.interval {
            let ctx = format!("{} values ({}) at {}", c.values.len(), c.shape, c.conf);
            assert!(
                c.values.len() >= SAMPLED_FROM,
                "{ctx}: too small to test the tails"
            );
            let (low, high) = percentile_interval_in(&mut c.values.clone(), c.conf, &mut scratch)
                .expect("valid case");
            assert_close(low, c.low, &ctx);
            assert_close(high, c.high, &ctx);
            assert_eq!(
                percentile_interval(&c.values, c.conf),
                Ok((low, high)),
                "{ctx}"
            );
            // The fast path answered, not the fallback over all values.
            let (m, alpha) = (c.values.len(), 1.0 - c.conf);
            let (lo, hi) = (Rank::new(m, alpha / 2.0), Rank::new(m, 1.0 - alpha / 2.0));
            let tails = from_tails(m, &|i| c.values[i], lo, hi, &mut scratch);
            assert_eq!(tails, Some((low, high)), "{ctx}: the sampled thresholds");
        }
        for c in &cases.differences {
            let ctx = format!("differences of {} at {}", c.a.len(), c.conf);
            let (low, high) = percentile_interval_of_differences(&c.a, &c.b, c.conf, &mut scratch)
                .expect("valid case");
            assert_close(low, c.low, &ctx);
            assert_close(high, c.high, &ctx);
        }
    }

    /// The quantile by sorting, as the definition has it.
    fn sorted_quantile(values: &[f64], q: f64) -> f64 {
        let mut v = values.to_vec();
        v.sort_by(f64::total_cmp);
        let h = (v.len() - 1) as f64 * q;
        let lo = h.floor() as usize;
        let frac = h - lo as f64;
        match v.get(lo + 1) {
            Some(&hi) if frac > 0.0 => v[lo] + frac * (hi - v[lo]),
            _ => v[lo],
        }
    }

    /// The sampled thresholds give what sorting gives: random values of
    /// many shapes (ties, a spike at one value, signed zeros, heavy tails,
    /// sorted and reversed), sizes around [`SAMPLED_FROM`] and up, and
    /// levels whose ranks fall next to each other or in one tail; and the
    /// differences of two series give what their written-out differences do.
    #[test]
    fn tail_selection_agrees_with_sorting() {
        let mut gen = seeded_rng(77, 1);
        let mut scratch = Scratch::default();
        for case in 0..600 {
            let m = [2, 40, 255, 256, 300, 1000, 2000, 2001, 5000][case % 9];
            let shape = case / 9 % 6;
            let values: Vec<f64> = (0..m)
                .map(|i| {
                    let u: f64 = gen.random();
                    match shape {
                        0 => u,
                        1 => (u * 7.0).floor(),
                        2 if u < 0.9 => 0.0,
                        2 => u,
                        3 if u < 0.5 => -0.0,
                        3 => 0.0,
                        4 => (u - 0.5).powi(9) * 1e12,
                        _ => i as f64 * if case % 2 == 0 { 1.0 } else { -1.0 },
                    }
                })
                .collect();
            let other: Vec<f64> = (0..m).map(|_| gen.random::<f64>() - 0.5).collect();
            let diffs: Vec<f64> = values.iter().zip(&other).map(|(a, b)| a - b).collect();
            for conf in [0.95, 0.9, 0.5, 0.999, 0.0001] {
                let alpha = 1.0 - conf;
                let want = |v: &[f64]| {
                    let (l, h) = (
                        sorted_quantile(v, alpha / 2.0),
                        sorted_quantile(v, 1.0 - alpha / 2.0),
                    );
                    (l.to_bits(), h.to_bits())
                };
                let bits = |(l, h): (f64, f64)| (l.to_bits(), h.to_bits());
                let ctx = format!("case {case} (m {m}, shape {shape}) at {conf}");
                let got =
                    percentile_interval_in(&mut values.clone(), conf, &mut scratch).expect("valid");
                assert_eq!(bits(got), want(&values), "{ctx}");
                assert_eq!(percentile_interval(&values, conf), Ok(got), "{ctx}");
                let got = percentile_interval_of_differences(&values, &other, conf, &mut scratch)
                    .expect("valid");
                assert_eq!(bits(got), want(&diffs), "differences, {ctx}");
            }
        }
    }

    #[test]
    fn rejects_bad_input() {
        assert_eq!(
            percentile_interval(&[f64::NAN], 0.95),
            Err(StatsError::NoDefinedReplicates { resamples: 1 })
        );
        assert!(matches!(
            percentile_interval(&[1.0], 1.0),
            Err(StatsError::InvalidConfidence(_))
        ));
        let mut s = Scratch::default();
        assert!(matches!(
            percentile_interval_of_differences(&[], &[], 0.95, &mut s),
            Err(StatsError::NoDefinedReplicates { resamples: 0 })
        ));
    }
}

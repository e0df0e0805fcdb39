//! Fisher's exact test for a 2 x 2 table.

use serde::Serialize;

use super::hypergeom::Hypergeom;

/// Two-sided Fisher exact test of a 2 x 2 table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fisher {
    /// Two-sided p-value (sum of all tables no more likely than the observed one).
    pub p_two_sided: f64,
    /// `ln` of the two-sided p-value, finite where `p_two_sided` underflows.
    pub ln_p: f64,
    /// `(a d) / (b c)`: `+inf` when only `b c` is 0, `None` when both
    /// `a d` and `b c` are 0 (the ratio is undefined).
    pub sample_odds_ratio: Option<f64>,
}

/// A table's probability counts as "no more likely than the observed one"
/// when `pmf <= pmf(observed) * (1 + REL_TOL)`, which absorbs rounding in
/// exact ties.
const REL_TOL: f64 = 1e-7;

/// Tail sums stop once the remaining terms (bounded by a geometric series,
/// the hypergeometric being log-concave) fall below this share of the sum.
const TAIL_EPS: f64 = 1e-17;

/// Upper bound on the terms summed per tail.
const MAX_TERMS: usize = 1 << 22;

/// Fisher's exact test for `[[a, b], [c, d]]`, two-sided.
///
/// With margins fixed, `a` follows the hypergeometric law
///
/// ```text
/// P(a = k) = C(a + b, k) C(c + d, a + c - k) / C(n, a + c)
/// p        = sum of P(a = k) over all k with P(a = k) <= P(observed) (1 + 1e-7)
/// ```
///
/// Probabilities come from Loader's saddle-point log-pmf (see
/// `hypergeom.rs`), so large tables keep their precision: `[[5000, 4800], [4700, 5200]]` gives
/// `6.562196e-7`, where `statrs::stats_tests::fishers_exact` is wrong (0.49).
/// The two tails are located by binary search around the mode and summed
/// outward until the rest is negligible, so the cost does not grow with the
/// counts.
///
/// # Remarks
///
/// Fisher (1935), *The Design of Experiments*; the two-sided rule is
/// `scipy.stats.fisher_exact(table, alternative="two-sided")` (scipy 1.17
/// uses a relative tolerance of 1e-14 for ties; this uses R's `fisher.test`
/// 1e-7, which only matters for tables within 1e-7 of a tie). The sample
/// odds ratio is scipy's `statistic`, except that 0/0 gives `None`
/// (scipy returns `inf`).
pub fn fisher_exact(table: [[u64; 2]; 2]) -> Fisher {
    let [[a, b], [c, d]] = table;
    let ln_p = two_sided_ln_p(&Hypergeom::new(table), u128::from(a));
    Fisher {
        p_two_sided: ln_p.exp(),
        ln_p,
        sample_odds_ratio: odds_ratio(a as f64 * d as f64, b as f64 * c as f64),
    }
}

/// `num / den`, `+inf` for `x / 0` and `None` for `0 / 0`.
fn odds_ratio(num: f64, den: f64) -> Option<f64> {
    match (num == 0.0, den == 0.0) {
        (true, true) => None,
        (false, true) => Some(f64::INFINITY),
        _ => Some(num / den),
    }
}

/// `ln` of the sum of the probabilities of the two tails at or below the
/// observed one.
fn two_sided_ln_p(h: &Hypergeom, observed: u128) -> f64 {
    let threshold = h.ln_pmf(observed) + REL_TOL.ln_1p();
    let mode = h.mode();
    if h.ln_pmf(mode) <= threshold {
        return 0.0;
    }
    let below = |k: u128| h.ln_pmf(k) <= threshold;
    // ln_pmf rises on lo..=mode and falls on mode..=hi.
    let left = below(h.lo).then(|| partition_point(h.lo, mode, below) - 1);
    let right = below(h.hi).then(|| partition_point(mode, h.hi, |k| !below(k)));
    let ln_ref = [left, right]
        .iter()
        .flatten()
        .map(|&k| h.ln_pmf(k))
        .fold(f64::NEG_INFINITY, f64::max);
    let left_sum = left.map_or(0.0, |k| {
        tail_sum(h, k, ln_ref, |k| (k > h.lo).then(|| k - 1))
    });
    let right_sum = right.map_or(0.0, |k| {
        tail_sum(h, k, ln_ref, |k| (k < h.hi).then(|| k + 1))
    });
    (ln_ref + (left_sum + right_sum).ln()).min(0.0)
}

/// The first `k` in `lo..=hi` with `!pred(k)`, given `pred(lo)` is true,
/// `pred` is monotone (true then false) and `pred(hi)` is false.
fn partition_point(mut lo: u128, mut hi: u128, pred: impl Fn(u128) -> bool) -> u128 {
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if pred(mid) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    hi
}

/// `sum exp(ln_pmf(k) - ln_ref)` from `start` outward along `next`, stopping
/// when the geometric bound on the remaining terms is negligible (or after
/// `MAX_TERMS`, reached only when a tail is wider than ~4 million tables,
/// i.e. for margins beyond ~1e13).
fn tail_sum(h: &Hypergeom, start: u128, ln_ref: f64, next: impl Fn(u128) -> Option<u128>) -> f64 {
    let (mut k, mut term) = (start, (h.ln_pmf(start) - ln_ref).exp());
    let mut sum = term;
    for _ in 0..MAX_TERMS {
        let Some(k2) = next(k) else { break };
        let term2 = (h.ln_pmf(k2) - ln_ref).exp();
        if term2 == 0.0 || !term2.is_finite() {
            break;
        }
        let ratio = term2 / term;
        sum += term2;
        if ratio < 1.0 && term2 * ratio / (1.0 - ratio) < TAIL_EPS * sum {
            break;
        }
        (k, term) = (k2, term2);
    }
    sum
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::test_support::{assert_close, assert_p, reference};

    #[test]
    fn matches_scipy_reference() {
        for case in reference().fisher {
            let got = fisher_exact(case.table);
            let ctx = format!("{:?}", case.table);
            assert_p(got.p_two_sided, case.p_two_sided, &ctx);
            let odds = got
                .sample_odds_ratio
                .expect("reference odds ratios are defined");
            assert_close(odds, case.sample_odds_ratio, &ctx);
        }
    }

    /// scipy 1.17.1: `fisher_exact([[5000, 4800], [4700, 5200]]).pvalue`.
    /// statrs 0.19's `fishers_exact` returns about 0.49 here.
    #[test]
    fn large_table_where_statrs_is_wrong() {
        let got = fisher_exact([[5000, 4800], [4700, 5200]]);
        assert_p(got.p_two_sided, 6.562196010403321e-07, "large table");
        assert_close(
            got.sample_odds_ratio.unwrap_or(f64::NAN),
            5000.0 * 5200.0 / (4800.0 * 4700.0),
            "odds",
        );
    }

    /// Rare terms in large corpora, where ln-factorial arithmetic loses up to
    /// 1e-8 relative. Expected values are summed with mpmath at 40 digits;
    /// scipy 1.17 itself is off by 1.5e-11 on the first and 1.8e-9 on the
    /// last.
    #[test]
    fn large_tables_keep_precision() {
        let cases = [
            ([[3, 100_000], [20, 90_000]], 0.00018292584380073736),
            ([[50, 4000], [80, 3000]], 2.349463964486448e-05),
            (
                [[500_000, 499_000], [498_500, 500_500]],
                0.03392454139578458,
            ),
            (
                [[5_000_000, 4_996_000], [4_994_000, 5_004_000]],
                0.0017449841735435196,
            ),
        ];
        for (table, want) in cases {
            assert_p(fisher_exact(table).p_two_sided, want, &format!("{table:?}"));
        }
    }

    /// `ln p` agrees with scipy where p is a double, and with the exact
    /// sum (mpmath, 50 digits) where p underflows.
    #[test]
    fn ln_p_matches_reference() {
        for c in crate::stats::test_support::extra().fisher_ln_p {
            let got = fisher_exact(c.table);
            assert_close(got.ln_p, c.ln_p, &format!("{:?}", c.table));
        }
    }

    #[test]
    fn odds_ratio_edges() {
        assert_eq!(fisher_exact([[0, 0], [3, 4]]).sample_odds_ratio, None);
        assert_eq!(fisher_exact([[0, 5], [0, 4]]).sample_odds_ratio, None);
        assert_eq!(
            fisher_exact([[2, 0], [3, 4]]).sample_odds_ratio,
            Some(f64::INFINITY)
        );
        assert_eq!(fisher_exact([[0, 2], [3, 4]]).sample_odds_ratio, Some(0.0));
    }

    #[test]
    fn degenerate_tables_give_one() {
        for table in [[[0, 0], [0, 0]], [[5, 0], [3, 0]], [[0, 0], [3, 4]]] {
            assert_eq!(fisher_exact(table).p_two_sided, 1.0, "{table:?}");
        }
    }

    #[test]
    fn p_values_are_probabilities() {
        let tables = [
            [[1, 2], [3, 4]],
            [[10, 0], [0, 10]],
            [[0, 1000], [1000, 0]],
            [[7, 7], [7, 7]],
            [[u64::MAX, 1], [1, u64::MAX]],
            [[u64::MAX, u64::MAX], [u64::MAX, u64::MAX]],
            [[123_456, 654_321], [111_111, 999_999]],
        ];
        for table in tables {
            let p = fisher_exact(table).p_two_sided;
            assert!((0.0..=1.0).contains(&p), "{table:?}: p = {p}");
        }
        assert_eq!(fisher_exact([[7, 7], [7, 7]]).p_two_sided, 1.0);
    }
}

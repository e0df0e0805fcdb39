//! Multiple-testing adjustment of a family of p-values.

/// Holm's step-down adjustment (controls the family-wise error rate).
///
/// With the `m` p-values sorted ascending, `p_(1) <= ... <= p_(m)`:
///
/// ```text
/// adj_(i) = min(1, max_{k <= i} (m - k + 1) p_(k))
/// ```
///
/// Output is in input order. NaN entries stay NaN and are left out of the
/// family (as R's `p.adjust` does); p-values are expected in `[0, 1]`.
///
/// # Remarks
///
/// Holm (1979), "A simple sequentially rejective multiple test procedure",
/// *Scandinavian Journal of Statistics* 6. Follows
/// `statsmodels.stats.multitest.multipletests(p, method="holm")[1]`.
pub fn holm(p: &[f64]) -> Vec<f64> {
    adjust_sorted(p, |sorted| {
        let m = sorted.len();
        let mut running = 0.0_f64;
        for (i, x) in sorted.iter_mut().enumerate() {
            running = running.max((m - i) as f64 * *x);
            *x = running.min(1.0);
        }
    })
}

/// Benjamini-Hochberg step-up adjustment (controls the false discovery rate).
///
/// With the `m` p-values sorted ascending:
///
/// ```text
/// adj_(i) = min(1, min_{k >= i} p_(k) / (k / m))
/// ```
///
/// Output is in input order. NaN entries stay NaN and are left out of the
/// family (as R's `p.adjust` does); p-values are expected in `[0, 1]`.
///
/// # Remarks
///
/// Benjamini and Hochberg (1995), "Controlling the false discovery rate",
/// *JRSS B* 57. Follows
/// `statsmodels.stats.multitest.multipletests(p, method="fdr_bh")[1]`.
pub fn benjamini_hochberg(p: &[f64]) -> Vec<f64> {
    adjust_sorted(p, |sorted| {
        let m = sorted.len() as f64;
        let mut running = f64::INFINITY;
        for (i, x) in sorted.iter_mut().enumerate().rev() {
            running = running.min(*x / ((i + 1) as f64 / m));
            *x = running.min(1.0);
        }
    })
}

/// Sorts the non-NaN p-values, lets `step` adjust them in place, and puts
/// them back in input order (NaN where the input was NaN).
fn adjust_sorted(p: &[f64], step: impl FnOnce(&mut [f64])) -> Vec<f64> {
    let mut order: Vec<usize> = (0..p.len()).filter(|&i| !p[i].is_nan()).collect();
    order.sort_by(|&i, &j| p[i].total_cmp(&p[j]));
    let mut sorted: Vec<f64> = order.iter().map(|&i| p[i]).collect();
    step(&mut sorted);
    let mut out = vec![f64::NAN; p.len()];
    for (&i, v) in order.iter().zip(sorted) {
        out[i] = v;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::test_support::{assert_close, reference};

    #[test]
    fn matches_statsmodels_reference() {
        for c in reference().adjust {
            let ctx = format!("{:?}", c.p);
            for (got, want) in [(holm(&c.p), &c.holm), (benjamini_hochberg(&c.p), &c.bh)] {
                assert_eq!(got.len(), want.len(), "{ctx}");
                for (g, w) in got.iter().zip(want.iter()) {
                    assert_close(*g, *w, &ctx);
                }
            }
        }
    }

    #[test]
    fn empty_and_single() {
        assert!(holm(&[]).is_empty());
        assert!(benjamini_hochberg(&[]).is_empty());
        assert_eq!(holm(&[0.03]), vec![0.03]);
        assert_eq!(benjamini_hochberg(&[0.03]), vec![0.03]);
    }

    #[test]
    fn nan_is_kept_and_left_out_of_the_family() {
        let got = holm(&[0.01, f64::NAN, 0.04]);
        assert!(got[1].is_nan());
        assert_eq!((got[0], got[2]), (0.02, 0.04));
        let got = benjamini_hochberg(&[f64::NAN, 0.02, 0.04]);
        assert!(got[0].is_nan());
        assert_eq!((got[1], got[2]), (0.04, 0.04));
    }

    /// Adjusted p-values are probabilities, never below the raw ones, and
    /// keep the order of the raw ones; Holm is never below BH.
    #[test]
    fn properties() {
        let p = [0.2, 0.001, 0.04, 0.04, 0.9, 0.0, 1.0, 0.013, 0.5];
        let (h, bh) = (holm(&p), benjamini_hochberg(&p));
        for i in 0..p.len() {
            assert!((0.0..=1.0).contains(&h[i]) && (0.0..=1.0).contains(&bh[i]));
            assert!(h[i] >= p[i] && bh[i] >= p[i] && h[i] >= bh[i]);
            for j in 0..p.len() {
                if p[i] <= p[j] {
                    assert!(h[i] <= h[j] && bh[i] <= bh[j]);
                }
            }
        }
    }
}

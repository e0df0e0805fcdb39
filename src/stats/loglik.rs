//! Two-corpus comparison of one category: log-likelihood G2 and log ratio.

use serde::Serialize;

use super::{chi2_sf, StatsError};

/// Keyness of one category between corpus A and corpus B.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LogLik {
    /// Rayson-Garside log-likelihood `G2` (1 df).
    pub g2: f64,
    /// Upper-tail p-value of `g2` on 1 df.
    pub p: f64,
    /// Hardie's log ratio, `log2` of the ratio of relative frequencies.
    pub log_ratio: f64,
}

/// Log-likelihood G2 (significance) and log ratio (effect size) of a count
/// `a` out of `size_a` tokens against `b` out of `size_b`.
///
/// ```text
/// E_a = size_a (a + b) / (size_a + size_b)     E_b = size_b (a + b) / (size_a + size_b)
/// G2  = 2 (a ln(a / E_a) + b ln(b / E_b))      (0 ln 0 = 0), p from chi2 with 1 df
/// LR  = log2((a' / size_a) / (b' / size_b))    a' = a, or 0.5 when a = 0 (same for b)
/// ```
///
/// When `a = b = 0`, `G2 = 0`, `p = 1` and `LR = log2(size_b / size_a)`.
///
/// # Errors
///
/// [`StatsError::ZeroTotal`] when a size is 0 and
/// [`StatsError::CountExceedsTotal`] when a count exceeds its size.
///
/// # Remarks
///
/// Rayson and Garside (2000), "Comparing corpora using frequency
/// profiling", *Workshop on Comparing Corpora*; Hardie (2014), "Log ratio:
/// an informal introduction", CASS. G2 equals
/// `scipy.stats.power_divergence([a, b], [E_a, E_b], lambda_="log-likelihood")`
/// and p is `scipy.stats.chi2.sf(G2, 1)`.
pub fn log_likelihood(a: u64, b: u64, size_a: u64, size_b: u64) -> Result<LogLik, StatsError> {
    for (count, total, what) in [(a, size_a, "size_a"), (b, size_b, "size_b")] {
        if total == 0 {
            return Err(StatsError::ZeroTotal { what });
        }
        if count > total {
            return Err(StatsError::CountExceedsTotal { count, total });
        }
    }
    let [a, b, size_a, size_b] = [a, b, size_a, size_b].map(|x| x as f64);
    let expected_a = size_a * (a + b) / (size_a + size_b);
    let expected_b = size_b * (a + b) / (size_a + size_b);
    // G2 >= 0 in exact arithmetic; max() keeps rounding from making it negative.
    let g2 = (2.0 * (x_ln_x_over_e(a, expected_a) + x_ln_x_over_e(b, expected_b))).max(0.0);
    let smoothed = |x: f64| if x == 0.0 { 0.5 } else { x };
    Ok(LogLik {
        g2,
        p: chi2_sf(g2, 1.0),
        log_ratio: ((smoothed(a) / size_a) / (smoothed(b) / size_b)).log2(),
    })
}

/// `o ln(o / e)`, taken as 0 when `o = 0`.
fn x_ln_x_over_e(o: f64, e: f64) -> f64 {
    if o == 0.0 {
        0.0
    } else {
        o * (o / e).ln()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::test_support::{assert_close, assert_p, reference};

    #[test]
    fn matches_reference() {
        for c in reference().loglik {
            let got = log_likelihood(c.a, c.b, c.size_a, c.size_b).expect("valid reference case");
            let ctx = format!("loglik({}, {}, {}, {})", c.a, c.b, c.size_a, c.size_b);
            assert_close(got.g2, c.g2, &ctx);
            assert_p(got.p, c.p, &ctx);
            assert_close(got.log_ratio, c.log_ratio, &ctx);
        }
    }

    #[test]
    fn rejects_bad_input() {
        assert_eq!(
            log_likelihood(0, 1, 0, 10),
            Err(StatsError::ZeroTotal { what: "size_a" })
        );
        assert_eq!(
            log_likelihood(0, 0, 10, 0),
            Err(StatsError::ZeroTotal { what: "size_b" })
        );
        assert_eq!(
            log_likelihood(11, 1, 10, 10),
            Err(StatsError::CountExceedsTotal {
                count: 11,
                total: 10
            })
        );
        assert_eq!(
            log_likelihood(1, 11, 10, 10),
            Err(StatsError::CountExceedsTotal {
                count: 11,
                total: 10
            })
        );
    }

    #[test]
    fn both_counts_zero() {
        let got = log_likelihood(0, 0, 1000, 4000).expect("valid input");
        assert_eq!((got.g2, got.p), (0.0, 1.0));
        assert_close(got.log_ratio, 2.0, "log2(4000 / 1000)");
    }

    #[test]
    fn p_values_are_probabilities_and_g2_is_symmetric() {
        let cases = [
            (1, 0, 1, 1),
            (5, 9, 100, 100),
            (0, 9, 10, 1_000_000),
            (u64::MAX, 0, u64::MAX, u64::MAX),
        ];
        for (a, b, sa, sb) in cases {
            let ab = log_likelihood(a, b, sa, sb).expect("valid input");
            let ba = log_likelihood(b, a, sb, sa).expect("valid input");
            assert!((0.0..=1.0).contains(&ab.p), "p = {}", ab.p);
            assert!(ab.g2 >= 0.0);
            assert_eq!((ab.g2, ab.p), (ba.g2, ba.p));
            assert_close(ab.log_ratio, -ba.log_ratio, "log ratio");
        }
    }
}

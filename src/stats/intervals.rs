//! Confidence intervals: Wilson for shares, Garwood (exact Poisson) for counts.

use statrs::function::erf::erfc_inv;
use statrs::function::gamma::{checked_gamma_lr, checked_gamma_ur, ln_gamma};

use super::StatsError;

/// Counts above this make the incomplete gamma series too slow (its cost
/// grows like `sqrt(x)`); no corpus comes near it.
const MAX_POISSON_COUNT: u64 = 1 << 40;

/// Wilson score interval for a proportion `x / n`.
///
/// With `q = x / n` and `z` the standard normal quantile at `1 - alpha / 2`
/// (`alpha = 1 - conf`):
///
/// ```text
/// centre = (q + z^2 / 2n) / (1 + z^2 / n)
/// half   = z sqrt(q (1 - q) / n + z^2 / 4n^2) / (1 + z^2 / n)
/// ```
///
/// The interval is `centre -/+ half`, clamped to `[0, 1]` against rounding.
///
/// # Errors
///
/// [`StatsError::InvalidConfidence`] unless `0 < conf < 1`,
/// [`StatsError::ZeroTotal`] for `n = 0`, and
/// [`StatsError::CountExceedsTotal`] for `x > n`.
///
/// # Remarks
///
/// Wilson (1927), *JASA* 22; Brown, Cai and DasGupta (2001), *Statistical
/// Science* 16. Follows
/// `statsmodels.stats.proportion.proportion_confint(x, n, alpha, method="wilson")`.
pub fn wilson(x: u64, n: u64, conf: f64) -> Result<(f64, f64), StatsError> {
    if n == 0 {
        check_conf(conf)?;
        return Err(StatsError::ZeroTotal { what: "n" });
    }
    if x > n {
        check_conf(conf)?;
        return Err(StatsError::CountExceedsTotal { count: x, total: n });
    }
    wilson_real(x as f64 / n as f64, n as f64, conf)
}

/// Wilson score interval for a share `q` observed on an effective sample
/// size `n` that need not be whole: the formula of [`wilson`] with real
/// `n`, for a weighted share (Kish's effective sample size, see
/// [`super::weighted_precision`]).
///
/// # Errors
///
/// [`StatsError::InvalidConfidence`] unless `0 < conf < 1`,
/// [`StatsError::InvalidValue`] unless `0 <= q <= 1` and `n > 0` (both finite).
///
/// # Remarks
///
/// Follows `proportion_confint(q * n, n, alpha, method="wilson")` of
/// statsmodels, which accepts a real count and size.
pub fn wilson_real(q: f64, n: f64, conf: f64) -> Result<(f64, f64), StatsError> {
    let alpha = check_conf(conf)?;
    if !(q.is_finite() && (0.0..=1.0).contains(&q)) {
        let rule = "between 0 and 1";
        return Err(StatsError::InvalidValue {
            what: "share",
            index: 0,
            value: q,
            rule,
        });
    }
    if !(n.is_finite() && n > 0.0) {
        let rule = "positive";
        return Err(StatsError::InvalidValue {
            what: "sample size",
            index: 0,
            value: n,
            rule,
        });
    }
    // The normal quantile at 1 - alpha / 2 is sqrt(2) erfc^-1(alpha).
    let z = std::f64::consts::SQRT_2 * erfc_inv(alpha);
    let (none, all) = (q == 0.0, q == 1.0);
    let z2 = z * z;
    let denom = 1.0 + z2 / n;
    let centre = (q + z2 / (2.0 * n)) / denom;
    let half = z * (q * (1.0 - q) / n + z2 / (4.0 * n * n)).sqrt() / denom;
    // At q = 0 (q = 1) the lower (upper) end is exactly 0 (1); rounding in
    // `centre - half` could leave 3e-17 there, outside of the estimate.
    let low = if none { 0.0 } else { centre - half };
    let high = if all { 1.0 } else { centre + half };
    Ok((low.clamp(0.0, 1.0), high.clamp(0.0, 1.0)))
}

/// Garwood's exact (central) confidence interval for the mean of a Poisson
/// count `x`.
///
/// ```text
/// low  = chi2.ppf(alpha / 2, 2x) / 2        (0 when x = 0)
/// high = chi2.ppf(1 - alpha / 2, 2x + 2) / 2
/// ```
///
/// Equivalently `low` solves `P(x, low) = alpha / 2` and `high` solves
/// `Q(x + 1, high) = alpha / 2`, with `P`, `Q` the regularised lower and
/// upper incomplete gamma functions. Each is solved by safeguarded Newton
/// iteration on `P` or `Q` directly (not on `1 - P`), to full double
/// precision; statrs' `inverse_cdf` is not used because it can be off by
/// ~1e-3 relative in the tails. Divide by the exposure (e.g. tokens / 1000)
/// for a rate.
///
/// # Errors
///
/// [`StatsError::InvalidConfidence`] unless `0 < conf < 1`;
/// [`StatsError::CountTooLarge`] for `x > 2^40`, where the series behind
/// `P` and `Q` becomes too slow.
///
/// # Remarks
///
/// Garwood (1936), *Biometrika* 28. Follows
/// `scipy.stats.chi2.ppf(alpha / 2, 2 * x) / 2` and
/// `scipy.stats.chi2.ppf(1 - alpha / 2, 2 * x + 2) / 2`.
pub fn poisson_exact(x: u64, conf: f64) -> Result<(f64, f64), StatsError> {
    let tail = check_conf(conf)? / 2.0;
    if x > MAX_POISSON_COUNT {
        let max = MAX_POISSON_COUNT;
        return Err(StatsError::CountTooLarge { count: x, max });
    }
    let a = x as f64;
    let low = if x == 0 {
        0.0
    } else {
        increasing_root(|q| reg_lower(a, q) - tail, |q| gamma_pdf(a, q), a)
    };
    let high = increasing_root(
        |q| tail - reg_upper(a + 1.0, q),
        |q| gamma_pdf(a + 1.0, q),
        a + 1.0,
    );
    Ok((low, high))
}

/// `alpha = 1 - conf`, after checking `0 < conf < 1`.
fn check_conf(conf: f64) -> Result<f64, StatsError> {
    if conf > 0.0 && conf < 1.0 {
        Ok(1.0 - conf)
    } else {
        Err(StatsError::InvalidConfidence(conf))
    }
}

/// Root of the increasing function `f` (with derivative `df`) on
/// `(0, inf)`, found by Newton steps kept inside a shrinking bracket
/// (bisecting whenever a step would leave it), from the guess `start > 0`.
fn increasing_root(f: impl Fn(f64) -> f64, df: impl Fn(f64) -> f64, start: f64) -> f64 {
    let (mut lo, mut hi) = (0.0, start);
    for _ in 0..2000 {
        if f(hi) >= 0.0 {
            break;
        }
        (lo, hi) = (hi, 2.0 * hi);
    }
    let mut q = hi;
    for _ in 0..200 {
        let v = f(q);
        if v == 0.0 {
            return q;
        }
        if v < 0.0 {
            lo = q;
        } else {
            hi = q;
        }
        let mut next = q - v / df(q);
        if !(next > lo && next < hi) {
            next = lo + (hi - lo) / 2.0;
        }
        if (next - q).abs() <= 2.0 * f64::EPSILON * q || next == lo || next == hi {
            return next;
        }
        q = next;
    }
    q
}

/// Regularised lower incomplete gamma `P(a, q)`, 0 for `q <= 0`.
fn reg_lower(a: f64, q: f64) -> f64 {
    if q <= 0.0 {
        return 0.0;
    }
    checked_gamma_lr(a, q).unwrap_or(f64::NAN)
}

/// Regularised upper incomplete gamma `Q(a, q)`, 1 for `q <= 0`.
fn reg_upper(a: f64, q: f64) -> f64 {
    if q <= 0.0 {
        return 1.0;
    }
    checked_gamma_ur(a, q).unwrap_or(f64::NAN)
}

/// Density of the unit-rate gamma law with shape `a` at `q`.
fn gamma_pdf(a: f64, q: f64) -> f64 {
    ((a - 1.0) * q.ln() - q - ln_gamma(a)).exp()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::test_support::{assert_close, reference};

    #[test]
    fn wilson_matches_statsmodels_reference() {
        for c in reference().wilson {
            let (low, high) = wilson(c.x, c.n, c.conf).expect("valid reference case");
            let ctx = format!("wilson({}, {}, {})", c.x, c.n, c.conf);
            assert_close(low, c.low, &ctx);
            assert_close(high, c.high, &ctx);
        }
    }

    #[test]
    fn poisson_matches_scipy_reference() {
        for c in reference().poisson_exact {
            let (low, high) = poisson_exact(c.x, c.conf).expect("valid reference case");
            let ctx = format!("poisson_exact({}, {})", c.x, c.conf);
            assert_close(low, c.low, &ctx);
            assert_close(high, c.high, &ctx);
        }
    }

    #[test]
    fn rejects_bad_input() {
        for conf in [0.0, 1.0, -0.5, 1.5, f64::NAN, f64::INFINITY] {
            assert!(matches!(
                wilson(1, 2, conf),
                Err(StatsError::InvalidConfidence(_))
            ));
            assert!(matches!(
                poisson_exact(1, conf),
                Err(StatsError::InvalidConfidence(_))
            ));
        }
        assert_eq!(wilson(0, 0, 0.95), Err(StatsError::ZeroTotal { what: "n" }));
        assert_eq!(
            wilson(3, 2, 0.95),
            Err(StatsError::CountExceedsTotal { count: 3, total: 2 })
        );
        let max = MAX_POISSON_COUNT;
        assert!(poisson_exact(max, 0.95).is_ok());
        assert_eq!(
            poisson_exact(max + 1, 0.95),
            Err(StatsError::CountTooLarge {
                count: max + 1,
                max
            })
        );
    }

    #[test]
    fn wilson_contains_the_share() {
        for (x, n) in [
            (0, 1),
            (1, 1),
            (0, 7),
            (3, 7),
            (7, 7),
            (1, 1_000_000),
            (0, 5),
            (5, 5),
            (u64::MAX, u64::MAX),
        ] {
            for conf in [0.5, 0.9, 0.95, 0.999_999] {
                let (low, high) = wilson(x, n, conf).expect("valid input");
                let share = x as f64 / n as f64;
                assert!(
                    0.0 <= low && low <= share && share <= high && high <= 1.0,
                    "{x}/{n} at {conf}: ({low}, {high})"
                );
            }
        }
    }

    #[test]
    fn poisson_contains_the_count() {
        for x in [0, 1, 2, 5, 30, 1_000, 123_456, 10_000_000, 1 << 32] {
            for conf in [0.5, 0.9, 0.95, 0.999_999] {
                let (low, high) = poisson_exact(x, conf).expect("valid input");
                let x = x as f64;
                assert!(
                    0.0 <= low && low <= x && x <= high,
                    "{x} at {conf}: ({low}, {high})"
                );
            }
        }
    }

    /// The interval's ends reproduce their defining tail probabilities.
    #[test]
    fn poisson_ends_solve_their_equations() {
        for x in [1_u64, 3, 40, 2_500] {
            let (low, high) = poisson_exact(x, 0.95).expect("valid input");
            let a = x as f64;
            assert_close(reg_lower(a, low), 0.025, "P(x, low)");
            assert_close(reg_upper(a + 1.0, high), 0.025, "Q(x + 1, high)");
        }
    }
}

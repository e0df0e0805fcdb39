//! The chi-square survival function, the source of every p-value here.

use statrs::function::gamma::{checked_gamma_ur, ln_gamma};

/// Upper tail probability `P(X >= stat)` of a chi-square variable with `df`
/// degrees of freedom: `Q(df / 2, stat / 2)`, the regularised upper
/// incomplete gamma function.
///
/// Computed directly from the upper tail (never `1 - cdf`), so small
/// p-values keep their relative precision down to about 1e-300. A p-value
/// below the smallest double is returned as `0.0`: report it as
/// "p < 1e-300", not as zero.
///
/// Returns `1.0` for `stat <= 0`, `0.0` for `stat = +inf`, and `NaN` only
/// when `stat` is NaN or `df` is not a finite positive number.
///
/// # Remarks
///
/// Follows `scipy.stats.chi2.sf(stat, df)`.
pub fn chi2_sf(stat: f64, df: f64) -> f64 {
    if stat.is_nan() || !df.is_finite() || df <= 0.0 {
        return f64::NAN;
    }
    if stat / 2.0 <= 0.0 {
        return 1.0;
    }
    if stat == f64::INFINITY {
        return 0.0;
    }
    checked_gamma_ur(df / 2.0, stat / 2.0).map_or(f64::NAN, |q| q.clamp(0.0, 1.0))
}

/// Natural logarithm of the chi-square upper tail, `ln P(X >= stat)`,
/// finite where [`chi2_sf`] underflows to 0 (e.g. `-1100.6` for `stat =
/// 5000` on 1 df).
///
/// Where the tail is above 1e-280 this is `ln(chi2_sf(stat, df))`. Further
/// out (`stat / 2 > df / 2 + 1`), `Q(a, x)` with `a = df / 2`, `x = stat / 2`
/// is taken in log space from its continued fraction (Lentz's method):
///
/// ```text
/// ln Q(a, x) = a ln x - x - ln Gamma(a) - ln(x + 1 - a - 1 (1 - a) / (x + 3 - a - 2 (2 - a) / (x + 5 - a - ...)))
/// ```
///
/// Returns `0` for `stat <= 0`, `-inf` for `stat = +inf`, and `NaN` where
/// [`chi2_sf`] does.
///
/// # Remarks
///
/// Press et al., *Numerical Recipes*, 3rd ed., section 6.2 (`gcf`).
/// Follows `scipy.stats.chi2.logsf(stat, df)`.
pub fn chi2_ln_sf(stat: f64, df: f64) -> f64 {
    let p = chi2_sf(stat, df);
    if p.is_nan() || p > 1e-280 || stat == f64::INFINITY {
        return p.ln();
    }
    let (a, x) = (df / 2.0, stat / 2.0);
    if x <= a + 1.0 {
        return p.ln();
    }
    const TINY: f64 = 1e-300;
    let mut b = x + 1.0 - a;
    let mut c = 1.0 / TINY;
    let mut d = 1.0 / b;
    let mut h = d;
    for i in 1..10_000 {
        let an = -(i as f64) * (i as f64 - a);
        b += 2.0;
        d = an * d + b;
        if d.abs() < TINY {
            d = TINY;
        }
        c = b + an / c;
        if c.abs() < TINY {
            c = TINY;
        }
        d = 1.0 / d;
        let delta = d * c;
        h *= delta;
        if (delta - 1.0).abs() < 1e-16 {
            break;
        }
    }
    a * x.ln() - x - ln_gamma(a) + h.ln()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ln_sf_matches_scipy_logsf() {
        for c in crate::stats::test_support::extra().chi2_logsf {
            let got = chi2_ln_sf(c.stat, c.df);
            let ctx = format!("chi2_ln_sf({}, {})", c.stat, c.df);
            crate::stats::test_support::assert_close(got, c.logsf, &ctx);
        }
        assert_eq!(chi2_ln_sf(0.0, 3.0), 0.0);
        assert_eq!(chi2_ln_sf(f64::INFINITY, 3.0), f64::NEG_INFINITY);
        assert!(chi2_ln_sf(f64::NAN, 3.0).is_nan());
    }

    #[test]
    fn edges() {
        assert_eq!(chi2_sf(0.0, 1.0), 1.0);
        assert_eq!(chi2_sf(-3.0, 2.0), 1.0);
        assert_eq!(chi2_sf(f64::INFINITY, 2.0), 0.0);
        assert!(chi2_sf(f64::NAN, 1.0).is_nan());
        assert!(chi2_sf(1.0, 0.0).is_nan());
        assert!(chi2_sf(1.0, f64::INFINITY).is_nan());
        assert_eq!(chi2_sf(1e6, 1.0), 0.0);
    }

    #[test]
    fn matches_closed_form_for_two_df() {
        // With 2 df the survival function is exp(-x / 2).
        for x in [0.1, 1.0, 5.0, 40.0, 600.0] {
            let want = (-x / 2.0_f64).exp();
            assert!((chi2_sf(x, 2.0) / want - 1.0).abs() < 1e-12, "x = {x}");
        }
    }

    #[test]
    fn always_a_probability() {
        for df in [0.5, 1.0, 2.0, 7.0, 100.0, 1e4] {
            for x in [1e-300, 1e-5, 0.5, 1.0, 3.0, 50.0, 1e3, 1e5, 1e300] {
                let p = chi2_sf(x, df);
                assert!((0.0..=1.0).contains(&p), "chi2_sf({x}, {df}) = {p}");
            }
        }
    }
}

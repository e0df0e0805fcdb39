//! The two likelihoods the models use, one article at a time, as functions
//! of the linear predictor `eta` (offset included): the negative binomial
//! (NB2, log link) for counts and the binomial (logit link) for shares.

use statrs::function::gamma::{digamma, ln_gamma};

/// Counts above this use `ln_gamma` and `digamma` differences instead of
/// the exact finite sums (which cost one term per unit of count).
const SUM_LIMIT: u64 = 10_000;

/// A likelihood for one article.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Family {
    /// Negative binomial with variance `mu + alpha mu^2` (Poisson at 0).
    NegBin { alpha: f64 },
    /// Binomial with logit link.
    Binomial,
}

/// One article's response: a count (`y`) and, for the binomial, the
/// number of trials (`n`, the matches of the label's group).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Obs {
    pub y: u64,
    pub n: u64,
}

impl Family {
    /// The article's log-likelihood at `eta`, constants included (as
    /// statsmodels' `loglike`: `ln C(n, y)` for the binomial, `-ln y!` and
    /// the gamma terms for the negative binomial).
    pub fn loglike(self, o: Obs, eta: f64) -> f64 {
        let y = o.y as f64;
        match self {
            Self::NegBin { alpha: 0.0 } => y * eta - eta.exp() - ln_gamma(y + 1.0),
            Self::NegBin { alpha } => {
                let r = 1.0 / alpha;
                let (lg, _, _) = nb_sums(o.y, r);
                let l1p = (alpha * eta.exp()).ln_1p();
                lg - ln_gamma(y + 1.0) + y * (alpha.ln() + eta) - (y + r) * l1p
            }
            Self::Binomial => {
                let n = o.n as f64;
                let lc = ln_gamma(n + 1.0) - ln_gamma(y + 1.0) - ln_gamma(n - y + 1.0);
                lc - y * softplus(-eta) - (n - y) * softplus(eta)
            }
        }
    }

    /// `d loglike / d eta`.
    pub fn score(self, o: Obs, eta: f64) -> f64 {
        let y = o.y as f64;
        match self {
            Self::NegBin { alpha } => {
                let mu = eta.exp();
                (y - mu) / (1.0 + alpha * mu)
            }
            Self::Binomial => y - o.n as f64 * logistic(eta),
        }
    }

    /// `-d2 loglike / d eta2`, the observed information (always > 0).
    pub fn observed_weight(self, o: Obs, eta: f64) -> f64 {
        match self {
            Self::NegBin { alpha } => {
                let mu = eta.exp();
                let d = 1.0 + alpha * mu;
                mu * (1.0 + alpha * o.y as f64) / (d * d)
            }
            Self::Binomial => self.expected_weight(o, eta),
        }
    }

    /// The expected information `E[-d2 loglike / d eta2]`: the IRLS weight.
    pub fn expected_weight(self, o: Obs, eta: f64) -> f64 {
        match self {
            Self::NegBin { alpha } => {
                let mu = eta.exp();
                mu / (1.0 + alpha * mu)
            }
            Self::Binomial => {
                let p = logistic(eta);
                o.n as f64 * p * (1.0 - p)
            }
        }
    }

    /// The article's deviance residual squared, `2 (loglike(saturated) - loglike)`.
    pub fn deviance(self, o: Obs, eta: f64) -> f64 {
        let y = o.y as f64;
        let xlogy = |x: f64, z: f64| if x == 0.0 { 0.0 } else { x * (x / z).ln() };
        match self {
            Self::NegBin { alpha } => {
                let mu = eta.exp();
                if alpha == 0.0 {
                    2.0 * (xlogy(y, mu) - (y - mu))
                } else {
                    let r = 1.0 / alpha;
                    2.0 * (xlogy(y, mu) - (y + r) * ((1.0 + alpha * y) / (1.0 + alpha * mu)).ln())
                }
            }
            Self::Binomial => {
                let n = o.n as f64;
                let p = logistic(eta);
                2.0 * (xlogy(y, n * p) + xlogy(n - y, n * (1.0 - p)))
            }
        }
    }
}

/// `ln(1 + e^x)` without overflow.
pub(crate) fn softplus(x: f64) -> f64 {
    if x > 0.0 {
        x + (-x).exp().ln_1p()
    } else {
        x.exp().ln_1p()
    }
}

/// `1 / (1 + e^-x)`.
pub(crate) fn logistic(x: f64) -> f64 {
    if x >= 0.0 {
        1.0 / (1.0 + (-x).exp())
    } else {
        let e = x.exp();
        e / (1.0 + e)
    }
}

/// For a count `y` and `r = 1 / alpha`:
///
/// ```text
/// lg = ln Gamma(y + r) - ln Gamma(r)        = sum_{j<y} ln(r + j)
/// d1 = digamma(y + r) - digamma(r)          = sum_{j<y} 1 / (r + j)
/// d2 = trigamma(r) - trigamma(y + r)        = sum_{j<y} 1 / (r + j)^2
/// ```
///
/// by the exact finite sums (no cancellation between two large gamma
/// values), or for counts above `SUM_LIMIT` by the functions themselves.
pub(crate) fn nb_sums(y: u64, r: f64) -> (f64, f64, f64) {
    if y <= SUM_LIMIT {
        let (mut lg, mut d1, mut d2) = (0.0, 0.0, 0.0);
        for j in 0..y {
            let t = r + j as f64;
            lg += t.ln();
            d1 += 1.0 / t;
            d2 += 1.0 / (t * t);
        }
        (lg, d1, d2)
    } else {
        let yr = y as f64 + r;
        (
            ln_gamma(yr) - ln_gamma(r),
            digamma(yr) - digamma(r),
            trigamma(r) - trigamma(yr),
        )
    }
}

/// The trigamma function `psi'(x)` for `x > 0`: the recurrence
/// `psi'(x) = psi'(x + 1) + 1 / x^2` up to `x >= 20`, then the asymptotic
/// series `1/x + 1/2x^2 + 1/6x^3 - 1/30x^5 + 1/42x^7 - 1/30x^9 + 5/66x^11`
/// (Abramowitz and Stegun 6.4.12), whose next term is below 1e-17 there.
pub(crate) fn trigamma(mut x: f64) -> f64 {
    let mut acc = 0.0;
    while x < 20.0 {
        acc += 1.0 / (x * x);
        x += 1.0;
    }
    let z = 1.0 / (x * x);
    let series = 1.0 / x
        + z / 2.0
        + z / x
            * (1.0 / 6.0 - z * (1.0 / 30.0 - z * (1.0 / 42.0 - z * (1.0 / 30.0 - z * 5.0 / 66.0))));
    acc + series
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Derivatives agree with central differences of the log-likelihood.
    #[test]
    fn score_and_weight_are_derivatives() {
        let cases = [
            (Family::NegBin { alpha: 0.7 }, Obs { y: 3, n: 0 }, -0.4),
            (Family::NegBin { alpha: 0.0 }, Obs { y: 5, n: 0 }, 1.2),
            (Family::NegBin { alpha: 4.0 }, Obs { y: 0, n: 0 }, 2.0),
            (Family::Binomial, Obs { y: 2, n: 7 }, 0.3),
            (Family::Binomial, Obs { y: 0, n: 3 }, -1.5),
        ];
        for (f, o, eta) in cases {
            let h = 1e-5;
            let num_score = (f.loglike(o, eta + h) - f.loglike(o, eta - h)) / (2.0 * h);
            let num_hess = (f.score(o, eta + h) - f.score(o, eta - h)) / (2.0 * h);
            assert!((f.score(o, eta) - num_score).abs() < 1e-7, "{f:?} {o:?}");
            assert!(
                (f.observed_weight(o, eta) + num_hess).abs() < 1e-7,
                "{f:?} {o:?}"
            );
        }
    }

    /// The deviance is twice the log-likelihood gap to the saturated fit.
    #[test]
    fn deviance_is_twice_the_gap_to_saturation() {
        let f = Family::NegBin { alpha: 0.5 };
        let o = Obs { y: 4, n: 0 };
        let saturated = f.loglike(o, 4f64.ln());
        let eta = 0.3;
        let want = 2.0 * (saturated - f.loglike(o, eta));
        assert!((f.deviance(o, eta) - want).abs() < 1e-12);
        let b = Family::Binomial;
        let o = Obs { y: 2, n: 5 };
        let saturated = b.loglike(o, (2.0f64 / 3.0).ln());
        let want = 2.0 * (saturated - b.loglike(o, -0.1));
        assert!((b.deviance(o, -0.1) - want).abs() < 1e-12);
    }

    /// The sums agree with the gamma-function forms (scipy: gammaln,
    /// digamma, polygamma(1, .)) where both are accurate.
    #[test]
    fn nb_sums_match_the_special_functions() {
        // scipy.special.polygamma(1, [0.3, 2.5, 12.0, 1e3])
        let want = [
            12.245_364_546_107_734,
            0.490_357_756_100_234_9,
            0.086_901_872_871_768_4,
            0.001_000_500_166_666_633,
        ];
        for (x, w) in [0.3, 2.5, 12.0, 1e3].into_iter().zip(want) {
            assert!(((trigamma(x) - w) / w).abs() < 1e-13, "trigamma({x})");
        }
        for (y, r) in [(7u64, 0.8), (40, 3.0), (2, 1e4)] {
            let (lg, d1, d2) = nb_sums(y, r);
            let yr = y as f64 + r;
            assert!((lg - (ln_gamma(yr) - ln_gamma(r))).abs() < 1e-9 * lg.abs().max(1.0));
            assert!((d1 - (digamma(yr) - digamma(r))).abs() < 1e-9 * d1.abs().max(1.0));
            assert!((d2 - (trigamma(r) - trigamma(yr))).abs() < 1e-9 * d2.abs().max(1.0));
        }
        let (lg, d1, d2) = nb_sums(SUM_LIMIT + 5, 2.0);
        assert!(lg.is_finite() && d1 > 0.0 && d2 > 0.0);
    }
}

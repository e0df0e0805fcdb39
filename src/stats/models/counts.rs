//! The count model: negative binomial regression (NB2, log link) of an
//! article's count of a category on outlet plus the controls, with
//! `ln(tokens)` as offset, at a fixed alpha or with alpha by maximum
//! likelihood (profile likelihood, Newton on `ln alpha`).

use nalgebra::DMatrix;

use super::design::{build, ArticleTable};
use super::family::{nb_sums, Family, Obs};
use super::fit::{ModelFit, ModelKind};
use super::newton::{check_rank, inverse, solve, Fitted, Problem};
use super::ModelError;

/// How the negative binomial dispersion is set.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Dispersion {
    /// By maximum likelihood, jointly with the coefficients.
    Estimate,
    /// Fixed (0 is the Poisson model).
    Fixed(f64),
}

/// `ln alpha` beyond which the search stops: alpha below 1e-9 is Poisson
/// for any count a corpus gives; above 1e9 the counts are all zeros but one.
const LN_ALPHA_RANGE: f64 = 20.7;
const ALPHA_ITER: usize = 200;

/// Fits the negative binomial regression of `counts[i]` (article `i`'s
/// matches of a category) on the table's outlet and controls, with offset
/// `ln(tokens[i])`:
///
/// ```text
/// ln E[count_i] = ln tokens_i + b0 + b_outlet(i) + sum_f b_f,level(i)
/// Var[count_i]  = mu_i + alpha mu_i^2
/// ```
///
/// so `exp(b_outlet)` is the outlet's rate ratio against the reference
/// outlet with the controls held fixed. Articles without tokens are left
/// out, then every level none of whose articles has a match (see
/// [`ModelFit::excluded`]).
///
/// # Errors
///
/// [`ModelError::LengthMismatch`] for slices not one per article,
/// [`ModelError::InvalidAlpha`] for a negative or non-finite alpha, and the
/// fitting errors: [`ModelError::ReferenceExcluded`],
/// [`ModelError::ReferenceAbsent`], [`ModelError::NothingToCompare`],
/// [`ModelError::TooFewArticles`], [`ModelError::SingularDesign`],
/// [`ModelError::Separation`], [`ModelError::NotConverged`].
///
/// # Remarks
///
/// Cameron and Trivedi (2013), *Regression Analysis of Count Data*, 2nd
/// ed., ch. 3.3 (NB2) and Hilbe (2011), *Negative Binomial Regression*.
/// At a fixed alpha this is statsmodels
/// `GLM(y, X, family=NegativeBinomial(alpha), offset=ln tokens)` (model
/// covariance: inverse expected information, as its IRLS gives); with alpha
/// estimated, `discrete.NegativeBinomial(y, X, offset=ln tokens,
/// loglike_method="nb2")` (model covariance: inverse observed information
/// over the coefficients and alpha). The optimum is found by Newton's
/// method, to machine precision (statsmodels' own stopping rules leave
/// about 1e-7; its reference values are computed at full convergence).
pub fn fit_counts(
    table: &ArticleTable,
    counts: &[u64],
    tokens: &[u64],
    dispersion: Dispersion,
) -> Result<ModelFit, ModelError> {
    for (what, s) in [("counts", counts), ("tokens", tokens)] {
        if s.len() != table.len() {
            return Err(ModelError::LengthMismatch {
                what: what.to_owned(),
                expected: table.len(),
                found: s.len(),
            });
        }
    }
    if let Dispersion::Fixed(a) = dispersion {
        if !(a.is_finite() && a >= 0.0) {
            return Err(ModelError::InvalidAlpha(a));
        }
    }
    let usable: Vec<bool> = tokens.iter().map(|&t| t > 0).collect();
    let design = build(table, &usable, counts, None)?;
    let estimate = dispersion == Dispersion::Estimate;
    let parameters = design.cols() + usize::from(estimate);
    if design.rows() <= parameters {
        return Err(ModelError::TooFewArticles {
            articles: design.rows(),
            parameters,
        });
    }
    let problem = Problem {
        design: &design,
        obs: design
            .articles
            .iter()
            .map(|&i| Obs { y: counts[i], n: 0 })
            .collect(),
        offset: design
            .articles
            .iter()
            .map(|&i| (tokens[i] as f64).ln())
            .collect(),
    };
    check_rank(&problem)?;
    let (total, exposure) = design.articles.iter().fold((0.0, 0.0), |(c, t), &i| {
        (c + counts[i] as f64, t + tokens[i] as f64)
    });
    let mut start = vec![0.0; design.cols()];
    start[0] = (total / exposure).ln();
    let (fitted, alpha, estimated) = match dispersion {
        Dispersion::Fixed(alpha) => (problem.fit(Family::NegBin { alpha }, &start)?, alpha, false),
        Dispersion::Estimate => {
            let (f, a) = fit_alpha(&problem, &start)?;
            (f, a, a > 0.0)
        }
    };
    let family = Family::NegBin { alpha };
    let obs = &problem.obs;
    let eta = &fitted.eta;
    let observed = problem.cross(|r| family.observed_weight(obs[r], eta[r]));
    let p = design.cols();
    let singular = || ModelError::NotConverged {
        iterations: fitted.iterations,
        what: "the information matrix at the estimate is not positive definite",
    };
    let (bread, model_cov, alpha_scores) = if estimated {
        let info = joint_information(&problem, &fitted, alpha, observed);
        let inv = inverse(info).ok_or_else(singular)?;
        let scores = (0..obs.len())
            .map(|r| alpha_derivatives(obs[r], eta[r], alpha).0)
            .collect();
        (inv.clone(), inv, Some(scores))
    } else {
        let expected = problem.cross(|r| family.expected_weight(obs[r], eta[r]));
        let bread = inverse(observed).ok_or_else(singular)?;
        (bread, inverse(expected).ok_or_else(singular)?, None)
    };
    debug_assert_eq!(bread.nrows(), p + usize::from(estimated));
    let scores = (0..obs.len())
        .map(|r| family.score(obs[r], eta[r]))
        .collect();
    let deviance = (0..obs.len())
        .map(|r| family.deviance(obs[r], eta[r]))
        .sum();
    let outlet = table.outlet();
    Ok(ModelFit {
        kind: if estimate {
            ModelKind::NegBinMl
        } else {
            ModelKind::NegBinFixed
        },
        reference: outlet.levels()[outlet.reference()].clone(),
        params: fitted.beta,
        alpha: Some(alpha),
        loglike: fitted.loglike,
        deviance,
        iterations: fitted.iterations,
        bread,
        model_cov,
        scores,
        alpha_scores,
        table_len: table.len(),
        design,
    })
}

/// For one article at `eta` and `alpha > 0`: `d loglike / d alpha`,
/// `d2 loglike / d alpha2` and `d2 loglike / d alpha d eta`.
///
/// With `r = 1 / alpha`, `mu = e^eta`, `D1 = digamma(y + r) - digamma(r)`
/// and `D2 = trigamma(r) - trigamma(y + r)`:
///
/// ```text
/// A          = ln(1 + alpha mu) - D1
/// dl/da      = r^2 A + (y - mu) r / (1 + alpha mu)
/// d2l/da2    = -2 r^3 A + r^2 (mu / (1 + alpha mu) - r^2 D2)
///              - (y - mu)(1 + 2 alpha mu) r^2 / (1 + alpha mu)^2
/// d2l/da deta = -mu (y - mu) / (1 + alpha mu)^2
/// ```
pub(crate) fn alpha_derivatives(o: Obs, eta: f64, alpha: f64) -> (f64, f64, f64) {
    let (y, mu, r) = (o.y as f64, eta.exp(), 1.0 / alpha);
    let (_, d1, d2) = nb_sums(o.y, r);
    let d = 1.0 + alpha * mu;
    let a = (alpha * mu).ln_1p() - d1;
    let first = r * r * a + (y - mu) * r / d;
    let second = -2.0 * r * r * r * a + r * r * (mu / d - r * r * d2)
        - (y - mu) * (1.0 + 2.0 * alpha * mu) * r * r / (d * d);
    let cross = -mu * (y - mu) / (d * d);
    (first, second, cross)
}

/// The observed information over `(beta, alpha)`: `observed` (`X' W X`)
/// bordered by `-sum x_i d2l/da deta` and `-sum d2l/da2`.
fn joint_information(
    problem: &Problem<'_>,
    fitted: &Fitted,
    alpha: f64,
    observed: DMatrix<f64>,
) -> DMatrix<f64> {
    let p = observed.nrows();
    let terms: Vec<(f64, f64, f64)> = (0..problem.obs.len())
        .map(|r| alpha_derivatives(problem.obs[r], fitted.eta[r], alpha))
        .collect();
    let cross = problem.gradient(|r| terms[r].2);
    let aa: f64 = terms.iter().map(|t| t.1).sum();
    let mut info = observed.resize(p + 1, p + 1, 0.0);
    for i in 0..p {
        info[(i, p)] = -cross[i];
        info[(p, i)] = -cross[i];
    }
    info[(p, p)] = -aa;
    info
}

/// The maximum likelihood alpha and the coefficients at it.
///
/// The profile log-likelihood `lp(alpha) = l(beta(alpha), alpha)` has
/// derivative `dl/dalpha` at `beta(alpha)` (the coefficients' own score is
/// 0 there) and second derivative `l_aa + c' H^-1 c` (`H = X'WX`,
/// `c = sum x_i d2l/da deta`). Newton's method on `theta = ln alpha`, kept
/// inside a bracket where the derivative changes sign, finds its root.
/// When the Poisson fit shows no overdispersion
/// (`sum (y - mu)^2 - y <= 0`: the profile falls from alpha = 0), the
/// estimate is the boundary alpha = 0, the Poisson model.
fn fit_alpha(problem: &Problem<'_>, start: &[f64]) -> Result<(Fitted, f64), ModelError> {
    let poisson = problem.fit(Family::NegBin { alpha: 0.0 }, start)?;
    let (mut over, mut mu2) = (0.0, 0.0);
    for (o, &e) in problem.obs.iter().zip(&poisson.eta) {
        let (y, mu) = (o.y as f64, e.exp());
        over += (y - mu) * (y - mu) - y;
        mu2 += mu * mu;
    }
    if over <= 0.0 {
        return Ok((poisson, 0.0));
    }
    let mut theta = (over / mu2).max(1e-3).ln();
    let (mut lo, mut hi) = (-LN_ALPHA_RANGE, LN_ALPHA_RANGE);
    let mut beta = poisson.beta;
    for _ in 0..ALPHA_ITER {
        let alpha = theta.exp();
        let fitted = problem.fit(Family::NegBin { alpha }, &beta)?;
        let (g, h) = profile_derivatives(problem, &fitted, alpha);
        beta.clone_from(&fitted.beta);
        // In theta: dlp = alpha g, d2lp = alpha g + alpha^2 h.
        let (d1, d2) = (alpha * g, alpha * g + alpha * alpha * h);
        if d1 > 0.0 {
            lo = theta;
        } else {
            hi = theta;
        }
        let newton = theta - d1 / d2;
        let next = if d2 < 0.0 && newton > lo && newton < hi {
            newton
        } else {
            (lo + hi) / 2.0
        };
        if (next - theta).abs() <= 1e-13 * theta.abs().max(1.0) || d1 == 0.0 {
            return Ok((fitted, alpha));
        }
        if next <= -LN_ALPHA_RANGE + 1e-9 {
            return problem
                .fit(Family::NegBin { alpha: 0.0 }, &beta)
                .map(|f| (f, 0.0));
        }
        if next >= LN_ALPHA_RANGE - 1e-9 {
            break;
        }
        theta = next;
    }
    Err(ModelError::NotConverged {
        iterations: ALPHA_ITER,
        what: "the negative binomial alpha does not settle",
    })
}

/// The profile log-likelihood's first and second derivatives in alpha.
fn profile_derivatives(problem: &Problem<'_>, fitted: &Fitted, alpha: f64) -> (f64, f64) {
    let family = Family::NegBin { alpha };
    let terms: Vec<(f64, f64, f64)> = (0..problem.obs.len())
        .map(|r| alpha_derivatives(problem.obs[r], fitted.eta[r], alpha))
        .collect();
    let g: f64 = terms.iter().map(|t| t.0).sum();
    let aa: f64 = terms.iter().map(|t| t.1).sum();
    let c = problem.gradient(|r| terms[r].2);
    let h = problem.cross(|r| family.observed_weight(problem.obs[r], fitted.eta[r]));
    let correction = solve(h, &c).map_or(0.0, |x| x.dot(&c));
    (g, aa + correction)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The alpha derivatives agree with central differences of the
    /// log-likelihood (and of the eta score for the cross term).
    #[test]
    fn alpha_derivatives_are_derivatives() {
        for (y, eta, alpha) in [
            (0u64, 0.2, 0.5),
            (3, -0.7, 1.3),
            (12, 1.5, 0.2),
            (1, 2.0, 4.0),
        ] {
            let o = Obs { y, n: 0 };
            let ll = |a: f64| Family::NegBin { alpha: a }.loglike(o, eta);
            let h = 1e-5 * alpha;
            let (d1, d2, cross) = alpha_derivatives(o, eta, alpha);
            let num1 = (ll(alpha + h) - ll(alpha - h)) / (2.0 * h);
            let num2 = (alpha_derivatives(o, eta, alpha + h).0
                - alpha_derivatives(o, eta, alpha - h).0)
                / (2.0 * h);
            let sc = |a: f64| Family::NegBin { alpha: a }.score(o, eta);
            let numc = (sc(alpha + h) - sc(alpha - h)) / (2.0 * h);
            assert!(
                (d1 - num1).abs() < 1e-6 * num1.abs().max(1.0),
                "{y} {d1} {num1}"
            );
            assert!(
                (d2 - num2).abs() < 1e-6 * num2.abs().max(1.0),
                "{y} {d2} {num2}"
            );
            assert!(
                (cross - numc).abs() < 1e-6 * numc.abs().max(1.0),
                "{y} {cross} {numc}"
            );
        }
    }
}

//! The share model: binomial logit of a label's share of its group's
//! matches, one row per article (the article's count of the label out of
//! its matches of the group), on outlet plus the controls.

use super::design::{build, ArticleTable};
use super::family::{Family, Obs};
use super::fit::{ModelFit, ModelKind};
use super::newton::{check_rank, inverse, Problem};
use super::ModelError;

/// Fits the binomial logit of `successes[i]` (article `i`'s matches of a
/// label) out of `trials[i]` (its matches of the label's group):
///
/// ```text
/// logit P(a match of article i is the label) = b0 + b_outlet(i) + sum_f b_f,level(i)
/// ```
///
/// so `exp(b_outlet)` is the outlet's odds ratio of choosing the label
/// against the reference outlet, with the controls held fixed. Articles
/// without a match of the group are left out (they say nothing about the
/// choice), then every level whose articles never use the label or use
/// nothing else (see [`ModelFit::excluded`]).
///
/// # Errors
///
/// [`ModelError::LengthMismatch`] for slices not one per article,
/// [`ModelError::SuccessesExceedTrials`], and the fitting errors:
/// [`ModelError::ReferenceExcluded`], [`ModelError::ReferenceAbsent`],
/// [`ModelError::NothingToCompare`], [`ModelError::TooFewArticles`],
/// [`ModelError::SingularDesign`], [`ModelError::Separation`],
/// [`ModelError::NotConverged`].
///
/// # Remarks
///
/// McCullagh and Nelder (1989), *Generalized Linear Models*, ch. 4.
/// statsmodels `GLM(np.column_stack([k, n - k]), X, family=Binomial())`, or
/// equally `Logit` on one row per match (same estimates and model-based
/// covariance; `Logit` clustered by article equals the HC0 here). The
/// model-based standard errors treat every match as independent; matches
/// within an article are not, which the robust covariances
/// ([`Covariance::Hc1`](super::Covariance::Hc1)) take into account.
pub fn fit_shares(
    table: &ArticleTable,
    successes: &[u64],
    trials: &[u64],
) -> Result<ModelFit, ModelError> {
    for (what, s) in [("successes", successes), ("trials", trials)] {
        if s.len() != table.len() {
            return Err(ModelError::LengthMismatch {
                what: what.to_owned(),
                expected: table.len(),
                found: s.len(),
            });
        }
    }
    if let Some(index) = (0..trials.len()).find(|&i| successes[i] > trials[i]) {
        return Err(ModelError::SuccessesExceedTrials {
            index,
            successes: successes[index],
            trials: trials[index],
        });
    }
    let usable: Vec<bool> = trials.iter().map(|&n| n > 0).collect();
    let design = build(table, &usable, successes, Some(trials))?;
    if design.rows() <= design.cols() {
        return Err(ModelError::TooFewArticles {
            articles: design.rows(),
            parameters: design.cols(),
        });
    }
    let problem = Problem {
        design: &design,
        obs: design
            .articles
            .iter()
            .map(|&i| Obs {
                y: successes[i],
                n: trials[i],
            })
            .collect(),
        offset: vec![0.0; design.rows()],
    };
    check_rank(&problem)?;
    let (k, n) = problem
        .obs
        .iter()
        .fold((0.0, 0.0), |(k, n), o| (k + o.y as f64, n + o.n as f64));
    let mut start = vec![0.0; design.cols()];
    start[0] = (k / (n - k)).ln();
    let family = Family::Binomial;
    let fitted = problem.fit(family, &start)?;
    let (obs, eta) = (&problem.obs, &fitted.eta);
    let info = problem.cross(|r| family.expected_weight(obs[r], eta[r]));
    let bread = inverse(info).ok_or(ModelError::NotConverged {
        iterations: fitted.iterations,
        what: "the information matrix at the estimate is not positive definite",
    })?;
    let scores = (0..obs.len())
        .map(|r| family.score(obs[r], eta[r]))
        .collect();
    let deviance = (0..obs.len())
        .map(|r| family.deviance(obs[r], eta[r]))
        .sum();
    let outlet = table.outlet();
    Ok(ModelFit {
        kind: ModelKind::Binomial,
        reference: outlet.levels()[outlet.reference()].clone(),
        params: fitted.beta,
        alpha: None,
        loglike: fitted.loglike,
        deviance,
        iterations: fitted.iterations,
        model_cov: bread.clone(),
        bread,
        scores,
        alpha_scores: None,
        table_len: table.len(),
        design,
    })
}

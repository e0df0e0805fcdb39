//! A fitted model and what a report reads from it: coefficients with
//! model-based, heteroskedasticity-robust (HC0, HC1) or cluster-robust
//! (CR1) standard errors, Wald intervals, and each outlet's rate or odds
//! ratio against the reference outlet.

use std::collections::HashMap;

use nalgebra::DMatrix;
use statrs::function::erf::{erfc, erfc_inv};

use super::design::{Column, Design, Excluded};
use super::ModelError;

/// Which covariance of the estimates the standard errors come from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Covariance<'a> {
    /// The inverse information: expected information for the GLMs at a
    /// fixed alpha (as statsmodels' IRLS), observed information (Hessian)
    /// for the negative binomial with alpha estimated (as statsmodels'
    /// discrete `NegativeBinomial`); the two are equal for the logit.
    Model,
    /// White's sandwich `B (sum u_i u_i') B`, `B` the inverse observed
    /// information and `u_i` an article's score (statsmodels' `HC0`, which
    /// is also what statsmodels returns for `cov_type="HC1"` on GLM and
    /// discrete models).
    Hc0,
    /// HC0 times `n / (n - k)` (`n` articles, `k` parameters): the usual
    /// small-sample version, statsmodels'
    /// `sandwich_covariance.cov_white_simple(use_correction=True)`.
    Hc1,
    /// Clustered (CR1): `B (sum_g u_g u_g') B * G/(G-1) * (n-1)/(n-k)`,
    /// `u_g` the sum of the scores of cluster `g`'s articles; one cluster
    /// code per article of the table (any values). statsmodels'
    /// `cov_type="cluster"`.
    Cluster(&'a [usize]),
}

/// Which model was fitted.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ModelKind {
    /// Negative binomial (NB2, log link) of counts at a fixed alpha (0 is
    /// Poisson): statsmodels `GLM(family=NegativeBinomial(alpha))`.
    NegBinFixed,
    /// Negative binomial with alpha by maximum likelihood: statsmodels
    /// `discrete.NegativeBinomial(loglike_method="nb2")`.
    NegBinMl,
    /// Binomial logit of label shares: statsmodels `GLM(family=Binomial())`
    /// with (successes, failures), or `Logit` on one row per match.
    Binomial,
}

/// One coefficient with its interval.
#[derive(Debug, Clone, PartialEq)]
pub struct Estimate {
    /// The column: intercept or a level's dummy.
    pub column: Column,
    /// The coefficient (a log rate ratio or log odds ratio for a dummy).
    pub estimate: f64,
    /// Its standard error.
    pub se: f64,
    /// `estimate / se`.
    pub z: f64,
    /// Two-sided normal p-value of `z`.
    pub p: f64,
    /// Wald interval `estimate -/+ z_(1 - a/2) se`.
    pub low: f64,
    /// Upper end.
    pub high: f64,
}

/// An outlet's rate ratio (count model) or odds ratio (share model)
/// against the reference outlet, holding the controls fixed.
#[derive(Debug, Clone, PartialEq)]
pub struct Ratio {
    /// The outlet.
    pub level: String,
    /// `exp(coefficient)`.
    pub ratio: f64,
    /// `exp(low)`.
    pub low: f64,
    /// `exp(high)`.
    pub high: f64,
    /// Two-sided p-value of ratio = 1.
    pub p: f64,
    /// The coefficient and its standard error.
    pub estimate: f64,
    /// Standard error of the coefficient.
    pub se: f64,
}

/// Standard errors of the coefficients and, for NB2 with alpha estimated,
/// of alpha.
#[derive(Debug, Clone, PartialEq)]
pub struct StandardErrors {
    /// One per column of the design.
    pub coefficients: Vec<f64>,
    /// Alpha's (on alpha's own scale), when alpha was estimated.
    pub alpha: Option<f64>,
}

/// A fitted article-level model.
#[derive(Debug, Clone)]
pub struct ModelFit {
    pub(crate) kind: ModelKind,
    pub(crate) design: Design,
    pub(crate) reference: String,
    pub(crate) params: Vec<f64>,
    pub(crate) alpha: Option<f64>,
    pub(crate) loglike: f64,
    pub(crate) deviance: f64,
    pub(crate) iterations: usize,
    /// Inverse observed information over the parameters (alpha last).
    pub(crate) bread: DMatrix<f64>,
    /// The model-based covariance.
    pub(crate) model_cov: DMatrix<f64>,
    /// Per row: `d loglike / d eta`.
    pub(crate) scores: Vec<f64>,
    /// Per row: `d loglike / d alpha` (NB2 with alpha estimated only).
    pub(crate) alpha_scores: Option<Vec<f64>>,
    pub(crate) table_len: usize,
}

impl ModelFit {
    /// Which model this is.
    pub fn kind(&self) -> ModelKind {
        self.kind
    }

    /// The design's columns (intercept, outlets, controls).
    pub fn columns(&self) -> &[Column] {
        &self.design.columns
    }

    /// The coefficients, one per column.
    pub fn params(&self) -> &[f64] {
        &self.params
    }

    /// The negative binomial alpha (fixed or estimated; 0 when the ML
    /// estimate is on the boundary, i.e. Poisson); `None` for shares.
    pub fn alpha(&self) -> Option<f64> {
        self.alpha
    }

    /// The log-likelihood at the estimate, constants included.
    pub fn loglike(&self) -> f64 {
        self.loglike
    }

    /// The deviance at the estimate (at the estimated alpha for NB2).
    pub fn deviance(&self) -> f64 {
        self.deviance
    }

    /// Newton iterations of the last fit of the coefficients.
    pub fn iterations(&self) -> usize {
        self.iterations
    }

    /// The number of articles fitted.
    pub fn articles(&self) -> usize {
        self.design.rows()
    }

    /// The articles fitted, as indices into the table.
    pub fn article_indices(&self) -> &[usize] {
        &self.design.articles
    }

    /// Levels whose articles were left out (their ratio would be 0 or
    /// infinite), in the order they were found.
    pub fn excluded(&self) -> &[Excluded] {
        &self.design.excluded
    }

    /// The reference outlet.
    pub fn reference(&self) -> &str {
        &self.reference
    }

    /// The number of parameters (alpha included when estimated).
    pub fn parameters(&self) -> usize {
        self.bread.nrows()
    }

    /// Standard errors under `cov`.
    ///
    /// # Errors
    ///
    /// [`ModelError::LengthMismatch`] unless a cluster code is given for
    /// every article of the table, [`ModelError::TooFewClusters`] for
    /// fewer than 2 clusters among the articles fitted.
    pub fn standard_errors(&self, cov: &Covariance<'_>) -> Result<StandardErrors, ModelError> {
        let v = self.covariance(cov)?;
        let p = self.params.len();
        let se = |i: usize| v[(i, i)].max(0.0).sqrt();
        Ok(StandardErrors {
            coefficients: (0..p).map(se).collect(),
            alpha: (v.nrows() > p).then(|| se(p)),
        })
    }

    fn covariance(&self, cov: &Covariance<'_>) -> Result<DMatrix<f64>, ModelError> {
        let (n, k) = (self.design.rows(), self.bread.nrows());
        let (meat, factor) = match cov {
            Covariance::Model => return Ok(self.model_cov.clone()),
            Covariance::Hc0 => (self.meat_rows(), 1.0),
            Covariance::Hc1 => (self.meat_rows(), n as f64 / (n - k) as f64),
            Covariance::Cluster(codes) => {
                if codes.len() != self.table_len {
                    return Err(ModelError::LengthMismatch {
                        what: "clusters".to_owned(),
                        expected: self.table_len,
                        found: codes.len(),
                    });
                }
                let (meat, g) = self.meat_clusters(codes);
                if g < 2 {
                    return Err(ModelError::TooFewClusters { found: g });
                }
                let g = g as f64;
                let (n, k) = (n as f64, k as f64);
                (meat, g / (g - 1.0) * (n - 1.0) / (n - k))
            }
        };
        Ok(&self.bread * meat * &self.bread * factor)
    }

    /// `sum_i u_i u_i'` over the rows.
    fn meat_rows(&self) -> DMatrix<f64> {
        let k = self.bread.nrows();
        let p = self.params.len();
        let mut m = DMatrix::zeros(k, k);
        for r in 0..self.design.rows() {
            let s = self.scores[r];
            for a in self.design.ones(r) {
                for b in self.design.ones(r) {
                    m[(a, b)] += s * s;
                }
            }
            if let Some(alpha) = &self.alpha_scores {
                let t = alpha[r];
                for a in self.design.ones(r) {
                    m[(a, p)] += s * t;
                    m[(p, a)] += s * t;
                }
                m[(p, p)] += t * t;
            }
        }
        m
    }

    /// `sum_g u_g u_g'` over clusters, and the number of clusters.
    fn meat_clusters(&self, codes: &[usize]) -> (DMatrix<f64>, usize) {
        let k = self.bread.nrows();
        let p = self.params.len();
        let mut index: HashMap<usize, usize> = HashMap::new();
        let rows: Vec<usize> = self
            .design
            .articles
            .iter()
            .map(|&i| {
                let next = index.len();
                *index.entry(codes[i]).or_insert(next)
            })
            .collect();
        let mut sums = DMatrix::zeros(index.len(), k);
        for (r, &g) in rows.iter().enumerate() {
            let s = self.scores[r];
            for a in self.design.ones(r) {
                sums[(g, a)] += s;
            }
            if let Some(alpha) = &self.alpha_scores {
                sums[(g, p)] += alpha[r];
            }
        }
        (sums.transpose() * &sums, index.len())
    }

    /// Every coefficient with its standard error, z, p and Wald interval
    /// at confidence `conf`.
    ///
    /// # Errors
    ///
    /// [`ModelError::InvalidConfidence`] unless `0 < conf < 1`, and those of
    /// [`standard_errors`](Self::standard_errors).
    pub fn estimates(&self, cov: &Covariance<'_>, conf: f64) -> Result<Vec<Estimate>, ModelError> {
        let z_crit = critical(conf)?;
        let se = self.standard_errors(cov)?;
        Ok(self
            .design
            .columns
            .iter()
            .zip(&self.params)
            .zip(&se.coefficients)
            .map(|((column, &b), &s)| {
                let z = b / s;
                Estimate {
                    column: column.clone(),
                    estimate: b,
                    se: s,
                    z,
                    p: two_sided(z),
                    low: b - z_crit * s,
                    high: b + z_crit * s,
                }
            })
            .collect())
    }

    /// Each outlet's ratio (rate ratio for counts, odds ratio for shares)
    /// against the reference outlet, with its interval at `conf`: the
    /// exponentiated outlet coefficients. Outlets whose articles were left
    /// out are in [`excluded`](Self::excluded), not here.
    ///
    /// # Errors
    ///
    /// As [`estimates`](Self::estimates).
    pub fn ratios(&self, cov: &Covariance<'_>, conf: f64) -> Result<Vec<Ratio>, ModelError> {
        let est = self.estimates(cov, conf)?;
        Ok(self
            .design
            .outlet_columns
            .iter()
            .flatten()
            .map(|&c| {
                let e = &est[c];
                Ratio {
                    level: e.column.level.clone(),
                    ratio: e.estimate.exp(),
                    low: e.low.exp(),
                    high: e.high.exp(),
                    p: e.p,
                    estimate: e.estimate,
                    se: e.se,
                }
            })
            .collect())
    }
}

/// The standard normal quantile at `1 - (1 - conf) / 2`.
pub(crate) fn critical(conf: f64) -> Result<f64, ModelError> {
    if conf > 0.0 && conf < 1.0 {
        Ok(std::f64::consts::SQRT_2 * erfc_inv(1.0 - conf))
    } else {
        Err(ModelError::InvalidConfidence(conf))
    }
}

/// Two-sided standard normal p-value, `erfc(|z| / sqrt 2)`.
pub(crate) fn two_sided(z: f64) -> f64 {
    erfc(z.abs() / std::f64::consts::SQRT_2)
}

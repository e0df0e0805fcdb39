//! Maximum likelihood for the coefficients of a GLM with a known family:
//! iteratively reweighted least squares with the observed-information
//! weights (Newton-Raphson), step-halving on the log-likelihood, and the
//! linear algebra (nalgebra's Cholesky and symmetric eigen-decomposition)
//! that also detects a singular design.

use nalgebra::{Cholesky, DMatrix, DVector, Dyn, SymmetricEigen};

use super::design::Design;
use super::family::{Family, Obs};
use super::ModelError;

/// Newton iterations before giving up.
const MAX_ITER: usize = 100;
/// A coefficient beyond this (a ratio of e^40) means separation.
const BOUND: f64 = 40.0;
/// A coefficient beyond this when the information matrix degenerates
/// points at separation (a ratio of e^10 = 22,000).
const SEPARATION_HINT: f64 = 10.0;
/// Relative size of a step under which the fit has converged; with
/// Newton's quadratic convergence the next step would be below 1e-20.
const STEP_TOL: f64 = 1e-10;
/// Eigenvalue of the scaled cross-product below this (relative to the
/// largest) means linearly dependent columns.
const RANK_TOL: f64 = 1e-10;

/// The responses and offsets of the rows of a design.
#[derive(Debug, Clone)]
pub(crate) struct Problem<'a> {
    pub design: &'a Design,
    pub obs: Vec<Obs>,
    pub offset: Vec<f64>,
}

/// A converged fit at fixed family parameters.
#[derive(Debug, Clone)]
pub(crate) struct Fitted {
    pub beta: Vec<f64>,
    /// Linear predictor per row, offset included.
    pub eta: Vec<f64>,
    pub loglike: f64,
    pub iterations: usize,
}

impl Problem<'_> {
    fn eta(&self, beta: &[f64]) -> Vec<f64> {
        (0..self.design.rows())
            .map(|r| self.design.dot(r, beta) + self.offset[r])
            .collect()
    }

    fn loglike(&self, family: Family, eta: &[f64]) -> f64 {
        self.obs
            .iter()
            .zip(eta)
            .map(|(&o, &e)| family.loglike(o, e))
            .sum()
    }

    /// `X' diag(w) X` for per-row weights `w`.
    pub fn cross(&self, w: impl Fn(usize) -> f64) -> DMatrix<f64> {
        let p = self.design.cols();
        let mut m = DMatrix::zeros(p, p);
        for r in 0..self.design.rows() {
            let wr = w(r);
            for a in self.design.ones(r) {
                for b in self.design.ones(r) {
                    m[(a, b)] += wr;
                }
            }
        }
        m
    }

    /// `X' v` for per-row values `v`.
    pub fn gradient(&self, v: impl Fn(usize) -> f64) -> DVector<f64> {
        let mut g = DVector::zeros(self.design.cols());
        for r in 0..self.design.rows() {
            let vr = v(r);
            for a in self.design.ones(r) {
                g[a] += vr;
            }
        }
        g
    }

    /// Maximum likelihood `beta` for `family`, from `start`.
    ///
    /// # Errors
    ///
    /// [`ModelError::Separation`] when a coefficient passes +-40,
    /// [`ModelError::SingularDesign`] when the information matrix is not
    /// positive definite, [`ModelError::NotConverged`] after 100 iterations.
    pub fn fit(&self, family: Family, start: &[f64]) -> Result<Fitted, ModelError> {
        let mut beta = start.to_vec();
        let mut eta = self.eta(&beta);
        let mut ll = self.loglike(family, &eta);
        for iteration in 1..=MAX_ITER {
            let g = self.gradient(|r| family.score(self.obs[r], eta[r]));
            let h = self.cross(|r| family.observed_weight(self.obs[r], eta[r]));
            let delta = solve(h, &g).ok_or_else(|| self.singular(&beta, iteration))?;
            let mut step = 1.0;
            let accepted = loop {
                let trial: Vec<f64> = beta
                    .iter()
                    .zip(delta.iter())
                    .map(|(b, d)| b + step * d)
                    .collect();
                let trial_eta = self.eta(&trial);
                let trial_ll = self.loglike(family, &trial_eta);
                if trial_ll.is_finite() && trial_ll >= ll - 1e-12 * ll.abs().max(1.0) {
                    break Some((trial, trial_eta, trial_ll));
                }
                step /= 2.0;
                if step < 1e-12 {
                    break None;
                }
            };
            let Some((next, next_eta, next_ll)) = accepted else {
                return Err(ModelError::NotConverged {
                    iterations: iteration,
                    what: "no step along Newton's direction raises the likelihood",
                });
            };
            let converged = next
                .iter()
                .zip(&beta)
                .all(|(n, b)| (n - b).abs() <= STEP_TOL * (1.0 + b.abs()));
            (beta, eta, ll) = (next, next_eta, next_ll);
            if let Some((c, _)) = beta
                .iter()
                .enumerate()
                .filter(|(_, b)| b.abs() > BOUND)
                .max_by(|a, b| a.1.abs().total_cmp(&b.1.abs()))
            {
                return Err(ModelError::Separation {
                    column: self.design.columns[c].name(),
                });
            }
            if converged {
                return Ok(Fitted {
                    beta,
                    eta,
                    loglike: ll,
                    iterations: iteration,
                });
            }
        }
        Err(ModelError::NotConverged {
            iterations: MAX_ITER,
            what: "the coefficients still change",
        })
    }

    /// Why the information matrix at `beta` is not positive definite: a
    /// singular design, or (the design being of full rank) weights that
    /// vanished because some articles are being fitted exactly, i.e.
    /// separation, blamed on the largest coefficient.
    fn singular(&self, beta: &[f64], iteration: usize) -> ModelError {
        if let Err(e) = check_rank(self) {
            return e;
        }
        let largest = beta
            .iter()
            .enumerate()
            .skip(1)
            .max_by(|a, b| a.1.abs().total_cmp(&b.1.abs()));
        match largest {
            Some((c, b)) if b.abs() > SEPARATION_HINT => ModelError::Separation {
                column: self.design.columns[c].name(),
            },
            _ => ModelError::NotConverged {
                iterations: iteration,
                what: "the information matrix lost positive definiteness",
            },
        }
    }
}

/// `h^-1 g` by Cholesky, `None` unless `h` is positive definite.
pub(crate) fn solve(h: DMatrix<f64>, g: &DVector<f64>) -> Option<DVector<f64>> {
    let chol = Cholesky::new(h)?;
    let x = chol.solve(g);
    x.iter().all(|v| v.is_finite()).then_some(x)
}

/// `h^-1` by Cholesky, `None` unless `h` is positive definite.
pub(crate) fn inverse(h: DMatrix<f64>) -> Option<DMatrix<f64>> {
    let inv = Cholesky::new(h)?.inverse();
    inv.iter().all(|v| v.is_finite()).then_some(inv)
}

/// Checks that the design's columns are linearly independent.
///
/// The cross-product `X'X`, scaled to a unit diagonal, has an eigenvalue
/// near 0 exactly when some combination of columns vanishes on every row;
/// the columns that weigh in that combination's eigenvector are named.
///
/// # Errors
///
/// [`ModelError::SingularDesign`] naming those columns.
pub(crate) fn check_rank(problem: &Problem<'_>) -> Result<(), ModelError> {
    let m = problem.cross(|_| 1.0);
    let p = m.nrows();
    let scale: Vec<f64> = (0..p).map(|i| 1.0 / m[(i, i)].sqrt()).collect();
    let scaled = DMatrix::from_fn(p, p, |i, j| m[(i, j)] * scale[i] * scale[j]);
    let eig: SymmetricEigen<f64, Dyn> = SymmetricEigen::new(scaled);
    let (mut lo, mut hi) = (0, 0);
    for (i, &v) in eig.eigenvalues.iter().enumerate() {
        if v < eig.eigenvalues[lo] {
            lo = i;
        }
        if v > eig.eigenvalues[hi] {
            hi = i;
        }
    }
    let (min, max) = (eig.eigenvalues[lo], eig.eigenvalues[hi]);
    if min.is_finite() && min > RANK_TOL * max {
        return Ok(());
    }
    let v = eig.eigenvectors.column(lo);
    let largest = v.iter().fold(0.0f64, |a, x| a.max(x.abs()));
    let columns = v
        .iter()
        .enumerate()
        .filter(|(_, x)| x.abs() >= 0.1 * largest)
        .map(|(c, _)| problem.design.columns[c].name())
        .collect();
    Err(ModelError::SingularDesign { columns })
}

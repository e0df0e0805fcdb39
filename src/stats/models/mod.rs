//! Article-level regression models: do outlets still differ when the
//! period (and any covariate) is held fixed?
//!
//! This module owns the fitting of two models on a table of articles, and
//! nothing about where the table comes from or how the answer is printed:
//!
//! - [`fit_counts`]: negative binomial regression of an article's count of
//!   a category on outlet plus controls, offset `ln(tokens)`; an outlet's
//!   coefficient is the log of its **rate ratio** against the reference
//!   outlet;
//! - [`fit_shares`]: binomial logit of an article's count of a label out
//!   of its matches of the label's group; an outlet's coefficient is the
//!   log of its **odds ratio** of choosing the label.
//!
//! Both return a [`ModelFit`] from which [`ModelFit::ratios`] gives each
//! outlet's ratio with a Wald interval under a chosen [`Covariance`]:
//! model-based, HC0, HC1 (the default a report should use: the article is
//! the sampling unit) or clustered (CR1) by a grouping of articles such as
//! a story or event. Levels whose coefficient would be infinite (an outlet
//! that never uses the term, a month without a match) are left out before
//! fitting and listed by [`ModelFit::excluded`]; everything else that makes
//! a fit meaningless is a [`ModelError`]: a singular design (outlets that
//! never overlap in time), too few articles, separation found during the
//! iterations, no convergence.
//!
//! Fitting is Newton-Raphson (IRLS with observed-information weights) on
//! nalgebra's Cholesky factorisation; each row of the design is a list of
//! the dummies that are 1, so the cost is `articles x factors^2` per
//! iteration plus one `columns^3` solve. Coefficients, standard errors
//! and alpha agree with statsmodels 0.15 to 1e-6 relative
//! (`tests/data/models_reference.json`, written by
//! `scripts/reference_models.py`).
//!
//! ```
//! use framescore::stats::models::{
//!     fit_counts, ArticleTable, Covariance, Dispersion, Factor, ReferenceLevel,
//! };
//!
//! // One entry per article: its outlet, month, count of the category, tokens.
//! let outlets = ["bbc", "sana", "bbc", "sana", "bbc", "sana", "bbc", "sana"];
//! let months = ["2013-01", "2013-01", "2013-02", "2013-02", "2013-01", "2013-01", "2013-02", "2013-02"];
//! let counts = [1, 4, 0, 6, 2, 3, 1, 5];
//! let tokens = [800, 900, 700, 1000, 900, 600, 800, 1100];
//! let outlet = Factor::from_labels("outlet", &outlets, &ReferenceLevel::Named("bbc".into()))?;
//! let month = Factor::from_labels("period", &months, &ReferenceLevel::First)?;
//! let table = ArticleTable::new(outlet, vec![month])?;
//! let fit = fit_counts(&table, &counts, &tokens, Dispersion::Estimate)?;
//! let sana = &fit.ratios(&Covariance::Hc1, 0.95)?[0];
//! assert_eq!(sana.level, "sana");
//! assert!(sana.ratio > 2.0 && sana.low < sana.ratio && sana.ratio < sana.high);
//! # Ok::<(), framescore::stats::models::ModelError>(())
//! ```
//!
//! | file          | what                                                      |
//! |---------------|-----------------------------------------------------------|
//! | `design.rs`   | factors, the article table, treatment coding, exclusions |
//! | `family.rs`   | the negative binomial and binomial likelihoods per article |
//! | `newton.rs`   | Newton iterations, Cholesky solves, the rank check        |
//! | `counts.rs`   | the count model, alpha by profile likelihood              |
//! | `shares.rs`   | the share model                                           |
//! | `fit.rs`      | the fitted model: covariances, estimates, ratios          |

mod counts;
mod design;
mod error;
mod family;
mod fit;
mod newton;
mod shares;

#[cfg(test)]
mod tests;

pub use counts::{fit_counts, Dispersion};
pub use design::{ArticleTable, Column, Excluded, Exclusion, Factor, ReferenceLevel};
pub use error::ModelError;
pub use fit::{Covariance, Estimate, ModelFit, ModelKind, Ratio, StandardErrors};
pub use shares::fit_shares;

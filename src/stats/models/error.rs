//! The error type of the article-level models: a table a model cannot be
//! fitted on, or a fit that failed, said in words a researcher can act on.

use thiserror::Error;

use super::design::Exclusion;

/// A model that cannot be fitted, or whose answer would be meaningless.
///
/// Every message says what was wrong and what to do about it. None of
/// these is a bug: a report should print the message in place of the
/// model's numbers.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum ModelError {
    /// Per-article slices of different lengths.
    #[error("{what} has {found} entries but the table has {expected} articles; pass one entry per article")]
    LengthMismatch {
        what: String,
        expected: usize,
        found: usize,
    },

    /// A factor code that names no level.
    #[error("article {index} of factor '{factor}' has level code {code} but the factor has {levels} levels")]
    InvalidCode {
        factor: String,
        index: usize,
        code: usize,
        levels: usize,
    },

    /// The reference level asked for is not a level of the factor.
    #[error("'{level}' is not a level of '{factor}'; choose one of its levels as the reference (e.g. the largest outlet)")]
    UnknownReference { factor: String, level: String },

    /// A factor without any level (an empty table).
    #[error("factor '{factor}' has no levels; a model needs at least one article")]
    EmptyFactor { factor: String },

    /// Two factors share a name, so their coefficients could not be told apart.
    #[error("two factors are named '{factor}'; give each covariate its own name")]
    DuplicateFactor { factor: String },

    /// Every article of the reference outlet had to be left out.
    #[error("the reference {factor} '{level}' cannot anchor the model: {reason} ({articles} articles); choose another reference (e.g. the largest outlet that uses the term)")]
    ReferenceExcluded {
        factor: String,
        level: String,
        articles: usize,
        reason: Exclusion,
    },

    /// The reference outlet has no article the model can use.
    #[error("the reference {factor} '{level}' has no usable article (none with tokens, or none with a match of the group); choose another reference")]
    ReferenceAbsent { factor: String, level: String },

    /// Only the reference outlet is left: there is nothing to compare it with.
    #[error("only {factor} '{level}' is left after leaving out articles that cannot be fitted; a comparison needs at least two outlets with usable articles")]
    NothingToCompare { factor: String, level: String },

    /// Fewer articles than the model has parameters (plus one).
    #[error("{articles} articles for {parameters} parameters; a model needs more articles than parameters: use a coarser --period, fewer covariates, or more articles")]
    TooFewArticles { articles: usize, parameters: usize },

    /// The columns of the design are linearly dependent.
    #[error("the design is singular: {} are collinear, so their effects cannot be told apart (e.g. outlets that never overlap in time, or a covariate that is a function of the outlet); drop the covariate or use a coarser --period", columns.join(", "))]
    SingularDesign { columns: Vec<String> },

    /// A coefficient ran off to infinity: the data are (quasi-)separated.
    #[error("the coefficient of {column} grows without bound (perfect separation: its articles are fitted exactly); the ratio would be 0 or infinite, so it is not reported; pool it with other levels or leave it out")]
    Separation { column: String },

    /// The iterations did not settle.
    #[error("the fit did not converge in {iterations} iterations ({what}); the numbers would not be a maximum of the likelihood: use fewer levels or more articles")]
    NotConverged {
        iterations: usize,
        what: &'static str,
    },

    /// A fixed negative binomial dispersion that is negative or not finite.
    #[error("alpha = {0} is invalid; the negative binomial dispersion must be finite and >= 0 (0 is Poisson)")]
    InvalidAlpha(f64),

    /// The confidence level is not strictly between 0 and 1.
    #[error("confidence level {0} is outside (0, 1); use e.g. 0.95 for a 95% interval")]
    InvalidConfidence(f64),

    /// Cluster-robust covariance with fewer than two clusters.
    #[error("{found} cluster(s) among the articles fitted; clustered standard errors need at least 2 (and are unreliable below about 30): use HC1 instead")]
    TooFewClusters { found: usize },

    /// A count larger than its total (label count above the group's matches).
    #[error("article {index}: {successes} matches of the label but {trials} of its group; the group's count must include the label's")]
    SuccessesExceedTrials {
        index: usize,
        successes: u64,
        trials: u64,
    },
}

//! Pure statistical functions over counts.
//!
//! This module owns the arithmetic of framescore's comparisons and nothing
//! else: it never reads files, never allocates a `CountTable`, never decides
//! which test a report uses. Every function takes plain counts (`u64`) or
//! reals (`f64`), returns plain numbers or a [`StatsError`], and never panics.
//!
//! Each test family lives in its own file, names its reference and the
//! scipy / statsmodels function it follows in a `# Remarks` section, and is
//! tested against values computed with scipy 1.17 and statsmodels 0.15
//! (`tests/data/reference_stats.json`) to 1e-9 relative (1e-6 where a
//! p-value is below 1e-12).
//!
//! p-values come from [`chi2_sf`] (an upper tail, never `1 - cdf`) or from
//! exact sums; one below the smallest double is `0.0`, so every test also
//! gives its logarithm ([`chi2_ln_sf`], [`Fisher::ln_p`]) and the report
//! writes `log10_p` beside the p-value (never a bare 0).
//!
//! Resampling methods (bootstrap, permutation, Monte Carlo) take a
//! generator from the caller; [`seeded_rng`] gives reproducible ChaCha8
//! streams.
//!
//! | file              | what                                                    |
//! |-------------------|---------------------------------------------------------|
//! | `independence.rs` | r x c Pearson chi-square, G-test, Cramér's V, residuals |
//! | `fisher.rs`       | Fisher's exact test for 2 x 2 tables                    |
//! | `hypergeom.rs`    | precise hypergeometric log-pmf behind Fisher's test     |
//! | `intervals.rs`    | Wilson interval for shares, Garwood interval for counts |
//! | `agreement.rs`    | percent agreement, Cohen's kappa, Krippendorff's alpha  |
//! | `precision.rs`    | precision of coded matches, weighted over strata        |
//! | `loglik.rs`       | Rayson-Garside two-corpus G2 and Hardie's log ratio     |
//! | `adjust.rs`       | Holm and Benjamini-Hochberg p-value adjustment          |
//! | `log_odds.rs`     | log-odds ratio with an informative Dirichlet prior      |
//! | `chi2.rs`         | the chi-square survival function and its logarithm      |
//! | `bootstrap.rs`    | article-level bootstrap sums, percentile intervals      |
//! | `draw.rs`         | the resampling loops' uniform draws, inlined            |
//! | `permutation.rs`  | article-level permutation test of outlet labels         |
//! | `monte_carlo.rs`  | Monte Carlo exact test for r x c tables (Patefield)     |
//! | `changepoint/`    | change points in a label mix over time (PELT, binseg)   |
//! | `models/`         | article-level negative binomial and logit models        |

mod adjust;
mod agreement;
mod bootstrap;
pub mod changepoint;
mod chi2;
mod draw;
mod error;
mod fisher;
mod hypergeom;
mod independence;
mod intervals;
mod log_odds;
mod loglik;
pub mod models;
mod monte_carlo;
mod percentile;
mod permutation;
mod precision;

#[cfg(test)]
mod test_support;

pub use adjust::{benjamini_hochberg, holm};
pub use agreement::{
    alpha_bootstrap, cohen_kappa, krippendorff_alpha, percent_agreement, Alpha, AlphaBootstrap,
    PercentAgreement,
};
pub use bootstrap::{bootstrap_sums, seeded_rng, BootstrapSums, Replicate};
pub use chi2::{chi2_ln_sf, chi2_sf};
pub use error::StatsError;
pub use fisher::{fisher_exact, Fisher};
pub use independence::{independence, Independence};
pub use intervals::{poisson_exact, wilson, wilson_real};
pub use log_odds::log_odds_dirichlet;
pub use loglik::{log_likelihood, LogLik};
pub use monte_carlo::{monte_carlo_chi2, pearson_statistic, MonteCarlo};
pub use percentile::{
    percentile_interval, percentile_interval_in, percentile_interval_of_differences,
    Scratch as PercentileScratch,
};
pub use permutation::permutation_chi2;
pub use precision::{weighted_precision, StratumCodes, WeightedPrecision};

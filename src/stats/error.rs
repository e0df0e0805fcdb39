//! The one error type of the `stats` module: input a test cannot be run on.

use thiserror::Error;

/// Input that a statistical function cannot be computed on.
///
/// Every message says what was wrong and what the caller should do about it.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum StatsError {
    /// The contingency table has fewer than 2 rows or 2 columns.
    #[error(
        "table is {rows} x {cols}; a test of independence needs at least 2 rows and 2 columns"
    )]
    TableTooSmall { rows: usize, cols: usize },

    /// Rows of the contingency table have different lengths.
    #[error(
        "row {row} has {found} cells but row 0 has {expected}; every row needs one cell per column"
    )]
    RaggedTable {
        row: usize,
        expected: usize,
        found: usize,
    },

    /// A row or column of the contingency table sums to zero.
    #[error("{axis} {index} sums to zero; drop empty rows and columns before testing")]
    ZeroMargin { axis: &'static str, index: usize },

    /// A denominator (`n`, a corpus size) is zero.
    #[error("{what} is 0; a rate or share needs a positive denominator")]
    ZeroTotal { what: &'static str },

    /// A count is larger than the total it is a part of.
    #[error(
        "count {count} exceeds its total {total}; check that the denominator includes the count"
    )]
    CountExceedsTotal { count: u64, total: u64 },

    /// A count beyond what the computation supports.
    #[error("count {count} is above the supported maximum {max}")]
    CountTooLarge { count: u64, max: u64 },

    /// `resamples` x `width` numbers do not fit in memory.
    #[error("{resamples} resamples of {width} numbers each do not fit in memory ({what}): ask for fewer resamples")]
    TooLarge {
        what: &'static str,
        resamples: usize,
        width: usize,
    },

    /// The confidence level is not strictly between 0 and 1.
    #[error("confidence level {0} is outside (0, 1); use e.g. 0.95 for a 95% interval")]
    InvalidConfidence(f64),

    /// Paired slices have different lengths.
    #[error("{what} has {found} entries but {expected} were expected; pass one entry per term")]
    LengthMismatch {
        what: &'static str,
        expected: usize,
        found: usize,
    },

    /// Fewer terms than the computation needs.
    #[error("{found} terms given but at least {needed} are needed")]
    TooFewTerms { needed: usize, found: usize },

    /// A real-valued input is negative, zero where it must be positive, or not finite.
    #[error("{what}[{index}] = {value} is invalid; it must be finite and {rule}")]
    InvalidValue {
        what: &'static str,
        index: usize,
        value: f64,
        rule: &'static str,
    },

    /// Fewer sampling units (articles) than a resampling method needs.
    #[error("{found} articles given but at least {needed} are needed to resample articles")]
    TooFewUnits { needed: usize, found: usize },

    /// A resampling method was asked for zero resamples.
    #[error("the number of resamples is 0; ask for at least 1 (e.g. 2000)")]
    NoResamples,

    /// No replicate gave a defined value, so no interval can be formed.
    #[error("none of the {resamples} replicates gave a defined value; no interval can be formed")]
    NoDefinedReplicates { resamples: usize },

    /// A random-table sampler failed numerically (underflow of a probability).
    #[error("the random-table sampler underflowed at cell ({row}, {col}); the table is too large for a Monte Carlo test")]
    SamplerUnderflow { row: usize, col: usize },

    /// No unit was coded by two coders, so agreement cannot be measured.
    #[error("no item was coded by two coders; give coders an overlap of items (e.g. --overlap 0.2) to measure agreement")]
    NoPairableUnits,

    /// Every code is the same value, so chance agreement is total and the
    /// coefficient is undefined.
    #[error("every code is the same value; kappa and alpha are undefined without variation in the codes")]
    NoVariation,
}

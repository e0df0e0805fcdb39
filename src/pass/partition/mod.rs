//! The partition protocol: a corpus counted in parts that different
//! workers or machines hold (files, row groups, an engine's partitions),
//! where no worker reads more than its own partitions, into exactly the
//! tables one run over the whole corpus gives.
//!
//! 1. **Phase 1**, per partition ([`summarise`]): what the first pass
//!    learns from each article (its candidate boilerplate lines, its
//!    MinHash signature, the key of its text for copies within an outlet,
//!    its hash), kept under the article's stable [`ArticleKey`] in a
//!    [`Summary`]. Summaries merge ([`Summary::merge`]): associative and
//!    commutative, so an engine may reduce them in any tree.
//! 2. **Reduce** ([`Plan::new`]): the merged summary, read in key order,
//!    gives what the first pass of a single run gives: each outlet's
//!    boilerplate lines, the copies within an outlet and the syndicated
//!    copies to leave out, the corpus hash, what was read.
//! 3. **Phase 2**, per partition ([`count`]): each article cleaned with
//!    the plan's boilerplate, matched, and made into a per-article row
//!    ([`Counted`]); the copies the plan leaves out get a row saying so.
//! 4. **Merge** ([`merge`]): every partition's rows, sorted by key, added
//!    up into the [`Pass`] the fused passes give. Gathering rows is
//!    concatenation, so it is associative and commutative too.
//!
//! Key order is corpus order: "the first copy" is the copy with the
//! smallest key, and the per-article tables and per-article counts (which
//! the bootstrap resamples) come out in key order. Keys made from a
//! corpus's parts and the rows within them give exactly a single run's
//! order; no global numbering of the articles is needed anywhere.
//!
//! On one machine `pass::run` keeps both passes fused; this module is for
//! partitions a caller reads (an engine's data frames, a shard's parts).
//! It reads no files and knows no output format: per-article rows beyond
//! the counts are the caller's `make`, as in `pass::run`.

mod count;
mod plan;
mod summary;
#[cfg(test)]
mod tests;

pub use count::{count, merge, Counted};
pub use plan::{Fate, Plan};
pub use summary::{summarise, Admitter, Summary};

use crate::corpus::dates::Period;
use crate::corpus::{CorpusError, CorpusOptions};

/// An article's place in corpus order without a global numbering: the
/// partition (or part) it is in and its row there, or any pair of numbers
/// unique per article whose order is the order wanted (a key column of an
/// engine's table: `(0, key)`). Ordered by `part`, then `row`.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Default,
    serde::Serialize,
    serde::Deserialize,
)]
pub struct ArticleKey {
    pub part: u64,
    pub row: u64,
}

impl std::fmt::Display for ArticleKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "({}, {})", self.part, self.row)
    }
}

impl ArticleKey {
    /// A 64-bit mix of the key, summed over a set of keys to check that
    /// two sets are the same without holding either.
    fn mix(self) -> u64 {
        let mut z = self.part.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ self.row;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// How every partition of one run is read and counted: the same in both
/// phases and on every worker (a [`Summary`] or [`Plan`] of other settings
/// is refused).
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// Filters, dates, `--group-by`, cleaning, `--syndicated`,
    /// `--duplicates`, `--on-error`; paths are not used.
    pub options: CorpusOptions,
    /// Also count per period of the article dates.
    pub period: Option<Period>,
}

impl Settings {
    /// How a run with corpus `options` and `period` reads its partitions:
    /// a period uses the dates.
    pub fn new(options: &CorpusOptions, period: Option<Period>) -> Settings {
        Settings {
            options: CorpusOptions {
                dates_used: options.dates_used || period.is_some(),
                ..options.clone()
            },
            period,
        }
    }

    /// What must agree between the phases and the partitions.
    fn fingerprint(&self) -> String {
        let o = &self.options;
        format!(
            "columns={:?}; on_error={:?}; where={:?}; from={:?}; to={:?}; group_by={:?}; no_clean={}; syndicated={:?}; duplicates={:?}; date_formats={:?}; dates_used={}; period={:?}",
            o.columns,
            o.on_error,
            o.filters,
            o.from,
            o.to,
            o.group_by,
            o.no_clean,
            o.syndicated,
            o.duplicates,
            o.date_formats,
            o.dates_used,
            self.period
        )
    }
}

impl PartitionError {
    /// Settings that differ, naming only the settings that do
    /// (`theirs` and `ours` are [`Settings::fingerprint`]s).
    fn settings(what: &'static str, ours: &str, theirs: &str) -> PartitionError {
        let (mut a, mut b) = (Vec::new(), Vec::new());
        for (o, t) in ours.split("; ").zip(theirs.split("; ")) {
            if o != t {
                a.push(o);
                b.push(t);
            }
        }
        PartitionError::Settings {
            what,
            ours: a.join(", "),
            theirs: b.join(", "),
        }
    }
}

/// Why partitions cannot be summarised, planned or merged.
#[derive(Debug, thiserror::Error)]
pub enum PartitionError {
    /// An article that cannot be read (a row's outlet or text missing, a
    /// date that cannot be read when dates are used).
    #[error(transparent)]
    Corpus(#[from] CorpusError),
    #[error("{what} was made with other settings ({theirs}; here: {ours}): summarise, plan and count every partition with the same options")]
    Settings {
        what: &'static str,
        ours: String,
        theirs: String,
    },
    #[error("article key {0} is given twice (in two partitions, or twice in one): every article needs its own key")]
    DuplicateKey(ArticleKey),
    #[error("{0} cannot be read ({1}): pass the bytes framescore made, whole, and make them again with this version")]
    Damaged(&'static str, String),
    #[error("the partials hold {found} articles where the plan's summaries held {expected}{detail}: count every partition once, with the plan made from the summaries of all of them")]
    Coverage {
        found: u64,
        expected: u64,
        detail: String,
    },
    #[error("{parts}: {found} articles where the plan counted {expected}: the corpus changed since phase 1 (`count --summarise`), or the plan was made from other summaries; summarise every shard again and make the plan again")]
    PlanDiffers {
        parts: String,
        found: u64,
        expected: u64,
    },
    #[error("the counts do not fit the lexicon: {0}; count with the lexicon the report uses")]
    Lexicon(String),
    /// The machine's fault, not the input's.
    #[error(transparent)]
    Spill(#[from] crate::corpus::syndication::SpillError),
}

impl PartitionError {
    /// True when the input (not the machine) is at fault.
    pub fn is_bad_input(&self) -> bool {
        !matches!(self, PartitionError::Spill(_))
    }
}

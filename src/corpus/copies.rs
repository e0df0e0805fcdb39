//! Copies within an outlet (re-crawls, feeds, overlapping exports): an
//! article and the earlier article of its outlet it repeats, word for word
//! (found by the first pass's text keys) or nearly (by the syndication
//! search's signatures), for `--duplicates` and `duplicates.csv`.
//!
//! It knows what a copy is, not how copies are found or which are counted.

/// An article counted once because its outlet published the same text
/// before it (`duplicates.csv`).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Duplicate {
    /// Corpus place and id of the copy left out (or, with `--duplicates
    /// keep` or a near copy under `first`, counted again).
    pub ordinal: u64,
    pub id: String,
    pub outlet: String,
    /// The earlier article of the same outlet it repeats.
    pub kept_ordinal: u64,
    pub kept_id: String,
    /// `identical` (same cleaned text) or `near` (containment over the
    /// syndication threshold).
    pub kind: CopyKind,
    /// 1 for identical texts; the estimated Jaccard similarity for near ones.
    pub similarity: f64,
    /// Whether the copy was counted.
    pub counted: bool,
}

/// How a copy within an outlet repeats the article it is listed with.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum CopyKind {
    /// The same cleaned text.
    Identical,
    /// Containment over the syndication threshold.
    Near,
}

impl CopyKind {
    /// As `duplicates.csv` writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            CopyKind::Identical => "identical",
            CopyKind::Near => "near",
        }
    }
}

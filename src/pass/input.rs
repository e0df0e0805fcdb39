//! What a pass read, skipped, filtered, cleaned and dropped, and the
//! input's hash: the facts the report states about its input (on the page
//! and in `run.json`) and a shard hands to `merge`.

use super::prepare::{CopyKind, CopyList};
use crate::corpus::clean::Rule;
use crate::corpus::dates::Period;
use crate::corpus::options::{Duplicates, Syndicated};
use crate::corpus::syndication::Pair;
use crate::corpus::{Corpus, CorpusOptions, ReadStats};

/// The input side of a run, for the page and `run.json`.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct InputSummary {
    pub read: ReadStats,
    pub sha256: String,
    pub group_by: Option<String>,
    pub filters: Vec<String>,
    pub cleaning: bool,
    /// Removals by rule, indexed by `Rule as usize`.
    pub removals: [u64; 3],
    pub articles_cleaned: u64,
    pub policy: Syndicated,
    pub syndication_pairs: Vec<Pair>,
    pub syndicated_dropped: u64,
    pub too_short: u64,
    /// Copies of an earlier article of the same outlet left out
    /// (`--duplicates`).
    #[serde(default)]
    pub duplicates_dropped: u64,
    /// Every copy within an outlet found, counted or not (`duplicates.csv`),
    /// until a report writes them ([`InputSummary::take_duplicates`]).
    #[serde(default)]
    pub duplicates: CopyList,
    /// The copies moved out of `duplicates`, by kind.
    #[serde(default)]
    pub copies_taken: CopyCounts,
    /// The duplicates policy.
    #[serde(default)]
    pub duplicates_policy: Duplicates,
    /// Counted articles that lost more than half their text to cleaning.
    #[serde(default)]
    pub half_cleaned: u64,
    pub period: Option<Period>,
    pub periods: usize,
    pub undated: u64,
}

/// Copies within an outlet found, by kind.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CopyCounts {
    pub identical: usize,
    pub near: usize,
}

impl CopyCounts {
    fn of(copies: &CopyList) -> CopyCounts {
        let identical = copies
            .iter()
            .filter(|d| d.kind == CopyKind::Identical)
            .count();
        CopyCounts {
            identical,
            near: copies.len() - identical,
        }
    }

    pub fn total(&self) -> usize {
        self.identical + self.near
    }
}

impl std::ops::Add for CopyCounts {
    type Output = CopyCounts;

    fn add(self, other: CopyCounts) -> CopyCounts {
        CopyCounts {
            identical: self.identical + other.identical,
            near: self.near + other.near,
        }
    }
}

/// The cleaning rules in the order summaries list them.
pub const RULES: [Rule; 3] = [Rule::NonProse, Rule::Boilerplate, Rule::RepeatedParagraph];

impl InputSummary {
    pub fn new(corpus: &Corpus, period: Option<Period>) -> InputSummary {
        InputSummary::with_options(&corpus.options, period)
    }

    /// An empty summary for a corpus read with `o`.
    pub fn with_options(o: &CorpusOptions, period: Option<Period>) -> InputSummary {
        let mut filters: Vec<String> = o
            .filters
            .iter()
            .map(|f| format!("{}={}", f.column, f.value))
            .collect();
        filters.extend(o.from.map(|d| format!("from {d}")));
        filters.extend(o.to.map(|d| format!("to {d}")));
        InputSummary {
            group_by: o.group_by.clone(),
            filters,
            cleaning: !o.no_clean,
            policy: o.syndicated,
            duplicates_policy: o.duplicates,
            period,
            ..InputSummary::default()
        }
    }

    /// The copies within an outlet found, by kind (also once the list is
    /// taken).
    pub fn copies(&self) -> CopyCounts {
        CopyCounts::of(&self.duplicates) + self.copies_taken
    }

    /// Moves the list of copies within an outlet out, leaving their counts
    /// ([`InputSummary::copies`]): a report writes the list before its
    /// statistics and does not keep it (at 4 GB of a corpus of near copies,
    /// 100 MB).
    pub fn take_duplicates(&mut self) -> CopyList {
        let list = std::mem::take(&mut self.duplicates);
        self.copies_taken = self.copies_taken + CopyCounts::of(&list);
        list
    }

    /// Adds what a later shard of the same run counted in its range (what
    /// the first pass found is the same in every shard).
    pub fn add_shard(&mut self, other: &InputSummary) {
        for (mine, theirs) in self.removals.iter_mut().zip(other.removals) {
            *mine += theirs;
        }
        self.articles_cleaned += other.articles_cleaned;
        self.syndicated_dropped += other.syndicated_dropped;
        self.duplicates_dropped += other.duplicates_dropped;
        self.half_cleaned += other.half_cleaned;
        self.undated += other.undated;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pass::Duplicate;

    fn copies(list: &[(u64, CopyKind)]) -> CopyList {
        let ids: Vec<String> = list.iter().map(|(o, _)| format!("a{o}")).collect();
        list.iter()
            .zip(&ids)
            .map(|(&(ordinal, kind), id)| Duplicate {
                ordinal,
                id,
                outlet: "wire",
                kept_ordinal: 0,
                kept_id: "a0",
                kind,
                similarity: 1.0,
                counted: kind == CopyKind::Near,
            })
            .collect()
    }

    /// The counts are the list's before it is taken and after, also when
    /// a list comes after one taken (a merge adds the near copies it finds).
    #[test]
    fn copies_are_counted_before_and_after_the_list_is_taken() {
        let mut input = InputSummary {
            duplicates: copies(&[
                (1, CopyKind::Identical),
                (2, CopyKind::Near),
                (3, CopyKind::Near),
            ]),
            ..InputSummary::default()
        };
        let before = input.copies();
        assert_eq!((before.identical, before.near), (1, 2));
        let list = input.take_duplicates();
        assert_eq!(list.len(), 3);
        assert!(input.duplicates.is_empty());
        assert_eq!(input.copies(), before);
        input.duplicates = copies(&[(4, CopyKind::Identical)]);
        assert_eq!(input.copies().identical, 2);
        assert_eq!(input.copies().total(), 4);
    }
}

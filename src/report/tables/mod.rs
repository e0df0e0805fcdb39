//! The report's CSV tables: one file per table family, each a [`Table`]
//! registered once in [`TABLES`]. The page lists the tables from the
//! registry, `merge` concatenates the per-article ones it names, and
//! [`write_all`] writes every summary table that applies to a run. Column
//! order and meaning are documented in `docs/OUTPUTS.md`.
//!
//! Adding a table: a file here with a unit struct implementing [`Table`]
//! (its name from [`names`], what it holds, its header and rows), and one
//! line in [`TABLES`].

mod compare;
mod counts;
pub mod diff;
mod distinctive;
mod intervals;
mod pairwise;
mod periods;
pub mod rows;
mod syndication;
mod terms;
mod tests;
mod weights;

use super::Settings;
use crate::analysis::Analysis;
use crate::audit::diff::Diff;
use crate::lexicon::Lexicon;
use crate::output::{CsvFile, CsvOptions, OutputError};
use crate::pass::Pass;
use std::path::Path;

/// The file names of every table, in one place.
pub mod names {
    pub const COUNTS: &str = "counts.csv";
    pub const COUNTS_WIDE: &str = "counts_wide.csv";
    pub const DOCUMENTS: &str = "documents.csv";
    pub const TESTS: &str = "tests.csv";
    pub const RESIDUALS: &str = "residuals.csv";
    pub const PAIRWISE: &str = "pairwise.csv";
    pub const MATCHES: &str = "matches.csv";
    pub const TERMS: &str = "terms.csv";
    pub const INTERVALS: &str = "intervals.csv";
    pub const COMPARE: &str = "compare.csv";
    pub const DISTINCTIVE: &str = "distinctive_terms.csv";
    pub const CLEANING: &str = "cleaning.csv";
    pub const SYNDICATION: &str = "syndication.csv";
    pub const PERIODS: &str = "periods.csv";
    pub const WEIGHTED: &str = "weighted_counts.csv";
    pub const DIFF_COUNTS: &str = "diff_counts.csv";
    pub const DIFF_MATCHES: &str = "diff_matches.csv";
}

/// Everything a table is made from.
pub struct Context<'a> {
    pub lexicon: &'a Lexicon,
    pub pass: &'a Pass,
    pub analysis: &'a Analysis,
    pub settings: &'a Settings,
    /// `--baseline`: what the edit of the lexicon changed.
    pub diff: Option<&'a Diff>,
}

/// How a table is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// From the analysis, once the pass is over ([`Table::write`]).
    Summary,
    /// Row by row during the pass, in corpus order ([`rows`]); a sharded
    /// run's merge concatenates the shards' files.
    PerArticle,
}

/// One CSV table of the report.
pub trait Table: Sync {
    /// Its file name in the report folder (from [`names`]).
    fn name(&self) -> &'static str;
    /// What it holds, in a phrase, for the page's list of tables.
    fn about(&self) -> &'static str;
    /// Summary or per-article.
    fn kind(&self) -> Kind {
        Kind::Summary
    }
    /// Whether this run writes it (e.g. `periods.csv` only with `--period`).
    fn applies(&self, _ctx: &Context) -> bool {
        true
    }
    /// The header row.
    fn header(&self, ctx: &Context) -> Vec<String>;
    /// Writes the rows (after the header) of a summary table.
    fn write(&self, _ctx: &Context, _w: &mut CsvFile) -> Result<(), OutputError> {
        Ok(())
    }
}

/// Every table, in the order the page lists them.
pub const TABLES: &[&dyn Table] = &[
    &counts::Counts,
    &counts::CountsWide,
    &rows::Documents,
    &tests::Tests,
    &tests::Residuals,
    &pairwise::Pairwise,
    &rows::Matches,
    &terms::Terms,
    &intervals::Intervals,
    &compare::Compare,
    &distinctive::Distinctive,
    &rows::Cleaning,
    &syndication::Syndication,
    &periods::Periods,
    &weights::Weighted,
    &diff::DiffCounts,
    &diff::DiffMatches,
];

/// The tables a run writes, in page order.
pub fn applying<'a>(ctx: &'a Context) -> impl Iterator<Item = &'static dyn Table> + 'a {
    TABLES.iter().copied().filter(move |t| t.applies(ctx))
}

/// Writes every summary table that applies into `dir`.
pub fn write_all(dir: &Path, ctx: &Context, options: CsvOptions) -> Result<(), OutputError> {
    for table in applying(ctx).filter(|t| t.kind() == Kind::Summary) {
        let mut w = CsvFile::create(&dir.join(table.name()), table.header(ctx), options)?;
        table.write(ctx, &mut w)?;
        w.finish()?;
    }
    Ok(())
}

/// A fixed header as owned strings.
fn header(columns: &[&str]) -> Vec<String> {
    columns.iter().map(|c| c.to_string()).collect()
}

/// `p_value` and `log10_p` cells: the p-value is written only when it is a
/// normal double; below that (about 2.2e-308) the cell is empty and
/// `log10_p` carries the value, so no p-value is ever written as 0.
pub(crate) fn p_cells(p: f64, ln_p: f64) -> [String; 2] {
    let p_cell = if p >= f64::MIN_POSITIVE {
        crate::output::num(p)
    } else {
        String::new()
    };
    [p_cell, crate::output::num(ln_p / std::f64::consts::LN_10)]
}

#[cfg(test)]
mod unit_tests {
    use super::*;

    #[test]
    fn p_cells_never_write_zero() {
        let [p, l] = p_cells(0.5, 0.5f64.ln());
        assert_eq!((p.as_str(), l.as_str()), ("0.5", "-0.3010299957"));
        let [p, l] = p_cells(0.0, -2504.484587848451);
        assert_eq!(p, "");
        assert_eq!(l, "-1087.683837");
        assert_eq!(p_cells(f64::NAN, f64::NAN), [String::new(), String::new()]);
    }

    #[test]
    fn names_are_unique_and_every_table_is_listed_once() {
        let mut seen: Vec<&str> = TABLES.iter().map(|t| t.name()).collect();
        seen.sort_unstable();
        let before = seen.len();
        seen.dedup();
        assert_eq!(seen.len(), before, "a file name registered twice");
        assert!(seen.iter().all(|n| n.ends_with(".csv")));
    }
}

//! The report's tables: one file per table family, each a [`Table`]
//! registered once in [`TABLES`]. The page lists the tables from the
//! registry, `merge` concatenates the per-article ones it names,
//! [`write_all`] writes every summary table that applies to a run as CSV,
//! and the workbook gives each its sheet.
//!
//! Adding a table: a file here with a unit struct implementing [`Table`]:
//! its [`Spec`] (file name from [`names`], what it holds, and its
//! [`Column`]s: name, format and meaning, the one source of the header,
//! `docs/OUTPUTS.md`'s column table and the workbook's "Columns" sheet)
//! and its rows; then one line in [`TABLES`] and its section in
//! `docs/OUTPUTS.md` ([`doc`] fills in the columns). Rows are typed
//! [`Value`]s, so each writer writes a cell its way: the CSV writer as text
//! (numbers by [`crate::output::num`]), the workbook as numbers with the
//! column's format.

mod changepoints;
mod compare;
mod corrected;
mod counts;
pub mod diff;
mod distinctive;
pub mod doc;
pub mod duplicates;
mod intervals;
pub mod languages;
mod models;
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
use crate::matching::CategoryInfo;
use crate::output::{CsvFile, CsvOptions, OutputError};
pub use crate::output::{Format, Value};
use crate::pass::Pass;
pub(crate) use counts::wide_column;
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
    pub const DUPLICATES: &str = "duplicates.csv";
    pub const PERIODS: &str = "periods.csv";
    pub const CHANGEPOINTS: &str = "changepoints.csv";
    pub const MODELS: &str = "models.csv";
    pub const WEIGHTED: &str = "weighted_counts.csv";
    pub const DIFF_COUNTS: &str = "diff_counts.csv";
    pub const DIFF_MATCHES: &str = "diff_matches.csv";
    pub const CORRECTED: &str = "corrected.csv";
    pub const LANGUAGES: &str = "languages.csv";
}

/// Everything a table is made from.
pub struct Context<'a> {
    pub lexicon: &'a Lexicon,
    pub pass: &'a Pass,
    pub analysis: &'a Analysis,
    pub settings: &'a Settings,
    /// `--baseline`: what the edit of the lexicon changed.
    pub diff: Option<&'a Diff>,
    /// `--validation`: the precision-corrected numbers and their checks.
    pub trust: Option<&'a super::trust::Trust>,
    /// The per-article tables written and their sizes (`--tables`).
    pub row_files: &'a [rows::RowFile],
}

/// How a table is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// From the analysis, once the pass is over ([`Table::rows`]).
    Summary,
    /// Row by row during the pass, in corpus order ([`rows`]); a sharded
    /// run's merge concatenates the shards' files.
    PerArticle,
    /// From what the pass found of its input, before the statistics, so
    /// that its rows are not kept through them ([`write_input`]:
    /// `duplicates.csv`, a row for each of hundreds of thousands of near
    /// copies in a corpus of re-crawls).
    Input,
}

/// One column of a table: its name in the header, what it holds (which
/// decides its number format in the workbook) and what it means. The one
/// source of the header, of `docs/OUTPUTS.md`'s column tables ([`doc`])
/// and of the workbook's "Columns" sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    pub name: &'static str,
    pub format: Format,
    /// One line, markdown code spans allowed.
    pub meaning: &'static str,
}

/// What a table is: its file, what it holds in a phrase (the page's list
/// of tables) and its columns, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spec {
    pub file: &'static str,
    pub about: &'static str,
    pub columns: &'static [Column],
}

impl Spec {
    /// Its column names, in order: its CSV file's header.
    pub fn names(&self) -> impl Iterator<Item = &'static str> {
        let columns: &'static [Column] = self.columns;
        columns.iter().map(|c| c.name)
    }

    /// Its columns with their formats: its sheet's header.
    pub fn typed_columns(&self) -> Vec<(String, Format)> {
        self.columns
            .iter()
            .map(|c| (c.name.to_string(), c.format))
            .collect()
    }
}

/// Columns of each format, for the specs.
pub(crate) const fn text(name: &'static str, meaning: &'static str) -> Column {
    Column {
        name,
        format: Format::Text,
        meaning,
    }
}
pub(crate) const fn count(name: &'static str, meaning: &'static str) -> Column {
    Column {
        name,
        format: Format::Count,
        meaning,
    }
}
pub(crate) const fn rate(name: &'static str, meaning: &'static str) -> Column {
    Column {
        name,
        format: Format::Rate,
        meaning,
    }
}
pub(crate) const fn share(name: &'static str, meaning: &'static str) -> Column {
    Column {
        name,
        format: Format::Share,
        meaning,
    }
}
pub(crate) const fn p_value(name: &'static str, meaning: &'static str) -> Column {
    Column {
        name,
        format: Format::PValue,
        meaning,
    }
}
pub(crate) const fn date(name: &'static str, meaning: &'static str) -> Column {
    Column {
        name,
        format: Format::Date,
        meaning,
    }
}
pub(crate) const fn statistic(name: &'static str, meaning: &'static str) -> Column {
    Column {
        name,
        format: Format::Statistic,
        meaning,
    }
}
pub(crate) const fn number(name: &'static str, meaning: &'static str) -> Column {
    Column {
        name,
        format: Format::Number,
        meaning,
    }
}

/// The columns shared by many tables.
pub(crate) mod common {
    use super::*;
    pub const OUTLET: Column = text("outlet", "outlet name");
    pub const GROUP: Column = text("group", "lexicon id of the group");
    pub const CATEGORY: Column = text("category", "lexicon id of the category");
    pub const ARTICLE_ID: Column = text("article_id", "the article's id");
    pub const TERM: Column = text("term", "the lexicon entry, as written in the lexicon");
    pub const LOG10_P: Column = number(
        "log10_p",
        "base-10 logarithm of `p_value`, computed in log space: finite even where `p_value` underflows (see the top of this file)",
    );
}

/// One table of the report.
pub trait Table: Sync {
    /// Its file, what it holds and its columns.
    fn spec(&self) -> &'static Spec;
    /// Summary or per-article.
    fn kind(&self) -> Kind {
        Kind::Summary
    }
    /// Whether this run writes it (e.g. `periods.csv` only with `--period`).
    fn applies(&self, _ctx: &Context) -> bool {
        true
    }
    /// This run's columns with their formats: the spec's, unless some of
    /// them stand for one column per category (`counts_wide.csv`).
    fn columns(&self, _ctx: &Context) -> Vec<(String, Format)> {
        self.spec().typed_columns()
    }
    /// A per-article table's columns when `categories` are counted (known
    /// before the pass, unlike the [`Context`]): the spec's, unless some
    /// of them stand for one column per category (`documents.csv`).
    fn article_columns(&self, _categories: &[CategoryInfo]) -> Vec<(String, Format)> {
        self.spec().typed_columns()
    }
    /// Hands every row (after the header) of a summary table to `sink`.
    fn rows(&self, _ctx: &Context, _sink: &mut dyn RowSink) -> Result<(), OutputError> {
        Ok(())
    }
    /// Its file name in the report folder (from [`names`]).
    fn name(&self) -> &'static str {
        self.spec().file
    }
    /// What it holds, in a phrase, for the page's list of tables.
    fn about(&self) -> &'static str {
        self.spec().about
    }
    /// The header row.
    fn header(&self, ctx: &Context) -> Vec<String> {
        self.columns(ctx)
            .into_iter()
            .map(|(name, _)| name)
            .collect()
    }
}

/// Where a table's rows go: a CSV file, a workbook sheet.
pub trait RowSink {
    fn row(&mut self, cells: &[Value]) -> Result<(), OutputError>;
}

impl RowSink for CsvFile {
    fn row(&mut self, cells: &[Value]) -> Result<(), OutputError> {
        self.values(cells)
    }
}

/// `[a.into(), b.into(), ...]` as a row of [`Value`]s.
macro_rules! cells {
    ($($cell:expr),* $(,)?) => {
        [$($crate::report::tables::Value::from($cell)),*]
    };
}
pub(crate) use cells;

/// Every table, in the order the page lists them.
pub const TABLES: &[&dyn Table] = &[
    &counts::Counts,
    &counts::CountsWide,
    &languages::Languages,
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
    &duplicates::Duplicates,
    &periods::Periods,
    &changepoints::ChangePoints,
    &models::ModelsTable,
    &weights::Weighted,
    &diff::DiffCounts,
    &diff::DiffMatches,
    &corrected::Corrected,
];

/// The tables a run writes, in page order.
pub fn applying<'a>(ctx: &'a Context) -> impl Iterator<Item = &'static dyn Table> + 'a {
    TABLES.iter().copied().filter(move |t| t.applies(ctx))
}

/// Writes every summary table that applies into `dir`.
pub fn write_all(dir: &Path, ctx: &Context, options: CsvOptions) -> Result<(), OutputError> {
    for table in applying(ctx).filter(|t| t.kind() == Kind::Summary) {
        let mut w = CsvFile::create(&dir.join(table.name()), table.header(ctx), options)?;
        table.rows(ctx, &mut w)?;
        w.finish()?;
    }
    Ok(())
}

/// Writes an input table ([`Kind::Input`]) into `dir`, its rows handed
/// to the file by `rows`.
pub fn write_input(
    dir: &Path,
    table: &dyn Table,
    options: CsvOptions,
    rows: impl FnOnce(&mut dyn RowSink) -> Result<(), OutputError>,
) -> Result<(), OutputError> {
    let mut w = CsvFile::create(&dir.join(table.name()), table.spec().names(), options)?;
    rows(&mut w)?;
    w.finish()
}

/// `p_value` and `log10_p` cells: the p-value is written only when it is a
/// normal double; below that (about 2.2e-308) the cell is empty and
/// `log10_p` carries the value, so no p-value is ever written as 0.
pub(crate) fn p_cells(p: f64, ln_p: f64) -> [Value; 2] {
    let p_cell = if p >= f64::MIN_POSITIVE {
        Value::Num(p)
    } else {
        Value::Empty
    };
    [p_cell, Value::Num(ln_p / std::f64::consts::LN_10)]
}

#[cfg(test)]
mod unit_tests {
    use super::*;

    #[test]
    fn p_cells_never_write_zero() {
        let text = |[p, l]: [Value; 2]| (p.csv().to_string(), l.csv().to_string());
        let (p, l) = text(p_cells(0.5, 0.5f64.ln()));
        assert_eq!((p.as_str(), l.as_str()), ("0.5", "-0.3010299957"));
        let (p, l) = text(p_cells(0.0, -2504.484587848451));
        assert_eq!(p, "");
        assert_eq!(l, "-1087.683837");
        assert_eq!(
            text(p_cells(f64::NAN, f64::NAN)),
            (String::new(), String::new())
        );
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

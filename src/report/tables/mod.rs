//! The report's CSV tables: one file per table family, each a [`Table`]
//! registered once in [`TABLES`]. The page lists the tables from the
//! registry, `merge` concatenates the per-article ones it names, and
//! [`write_all`] writes every summary table that applies to a run. Column
//! order and meaning are documented in `docs/OUTPUTS.md`.
//!
//! Adding a table: a file here with a unit struct implementing [`Table`]
//! (its name from [`names`], what it holds, its header and rows), and one
//! line in [`TABLES`]. Rows are typed [`Value`]s, so each writer writes a
//! cell its way: the CSV writer as text (numbers by [`crate::output::num`]),
//! a workbook as numbers with formats.

mod changepoints;
mod compare;
mod corrected;
mod counts;
pub mod diff;
mod distinctive;
mod duplicates;
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
use crate::output::{num, CsvFile, CsvOptions, OutputError};
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
    /// Hands every row (after the header) of a summary table to `sink`.
    fn rows(&self, _ctx: &Context, _sink: &mut dyn RowSink) -> Result<(), OutputError> {
        Ok(())
    }
}

/// A cell of a table.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    /// A count or another whole number.
    Int(i64),
    /// A real number; not finite means undefined.
    Num(f64),
    /// Undefined or not applicable.
    Empty,
}

impl Value {
    /// The cell as CSV text: numbers by [`num`], undefined as empty.
    pub fn csv(&self) -> std::borrow::Cow<'_, str> {
        match self {
            Value::Text(s) => s.as_str().into(),
            Value::Int(n) => n.to_string().into(),
            Value::Num(x) => num(*x).into(),
            Value::Empty => "".into(),
        }
    }
}

impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::Text(s)
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::Text(s.to_string())
    }
}

impl From<&String> for Value {
    fn from(s: &String) -> Value {
        Value::Text(s.clone())
    }
}

impl From<u64> for Value {
    fn from(n: u64) -> Value {
        i64::try_from(n).map_or(Value::Num(n as f64), Value::Int)
    }
}

impl From<usize> for Value {
    fn from(n: usize) -> Value {
        Value::from(n as u64)
    }
}

impl From<i64> for Value {
    fn from(n: i64) -> Value {
        Value::Int(n)
    }
}

impl From<f64> for Value {
    fn from(x: f64) -> Value {
        Value::Num(x)
    }
}

impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(x: Option<T>) -> Value {
        x.map_or(Value::Empty, Into::into)
    }
}

/// Where a table's rows go: a CSV file, a workbook sheet.
pub trait RowSink {
    fn row(&mut self, cells: &[Value]) -> Result<(), OutputError>;
}

impl RowSink for CsvFile {
    fn row(&mut self, cells: &[Value]) -> Result<(), OutputError> {
        CsvFile::row(self, cells.iter().map(|c| c.csv().into_owned()))
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

/// A fixed header as owned strings.
fn header(columns: &[&str]) -> Vec<String> {
    columns.iter().map(|c| c.to_string()).collect()
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
        let text = |[p, l]: [Value; 2]| (p.csv().into_owned(), l.csv().into_owned());
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

//! `diff_counts.csv` and `diff_matches.csv` (`--baseline OLD`, and
//! `framescore diff --out DIR`): how each outlet's counts, rates and shares
//! moved from the old lexicon, and every match added or removed.

use super::{cells, header, names, Context, RowSink, Table};
use crate::audit::diff::{CountChange, Diff};
use crate::audit::kwic::CSV_HEADER;
use crate::output::{CsvFile, CsvOptions, OutputError};
use std::path::Path;

const COUNTS_HEADER: [&str; 11] = [
    "outlet",
    "group",
    "category",
    "tokens",
    "old_count",
    "new_count",
    "change",
    "old_rate_per_1k",
    "new_rate_per_1k",
    "old_share",
    "new_share",
];

fn matches_header() -> Vec<String> {
    std::iter::once("change")
        .chain(CSV_HEADER)
        .map(str::to_string)
        .collect()
}

fn write_counts(d: &Diff, w: &mut dyn RowSink) -> Result<(), OutputError> {
    for c in &d.counts {
        w.row(&cells![
            c.outlet.clone(),
            c.group.clone(),
            c.category.clone(),
            c.tokens,
            c.old_count,
            c.new_count,
            c.new_count as i64 - c.old_count as i64,
            CountChange::rate(c.old_count, c.tokens),
            CountChange::rate(c.new_count, c.tokens),
            c.old_share,
            c.new_share,
        ])?;
    }
    Ok(())
}

fn write_matches(d: &Diff, w: &mut dyn RowSink) -> Result<(), OutputError> {
    for m in &d.matches {
        let l = &m.line;
        w.row(&cells![
            m.change,
            &l.article_id,
            &l.outlet,
            &l.group,
            &l.category,
            &l.term,
            &l.left,
            &l.matched,
            &l.right,
            l.byte_start,
            l.byte_end,
        ])?;
    }
    Ok(())
}

/// Writes both tables into `dir` (`framescore diff --out DIR`).
pub fn write(dir: &Path, d: &Diff, options: CsvOptions) -> Result<(), OutputError> {
    let mut w = CsvFile::create(&dir.join(names::DIFF_COUNTS), COUNTS_HEADER, options)?;
    write_counts(d, &mut w)?;
    w.finish()?;
    let mut w = CsvFile::create(&dir.join(names::DIFF_MATCHES), matches_header(), options)?;
    write_matches(d, &mut w)?;
    w.finish()
}

pub struct DiffCounts;

impl Table for DiffCounts {
    fn name(&self) -> &'static str {
        names::DIFF_COUNTS
    }

    fn about(&self) -> &'static str {
        "--baseline: how each outlet's counts, rates and shares moved"
    }

    fn applies(&self, ctx: &Context) -> bool {
        ctx.diff.is_some()
    }

    fn header(&self, _: &Context) -> Vec<String> {
        header(&COUNTS_HEADER)
    }

    fn rows(&self, ctx: &Context, w: &mut dyn RowSink) -> Result<(), OutputError> {
        ctx.diff.map_or(Ok(()), |d| write_counts(d, w))
    }
}

pub struct DiffMatches;

impl Table for DiffMatches {
    fn name(&self) -> &'static str {
        names::DIFF_MATCHES
    }

    fn about(&self) -> &'static str {
        "--baseline: matches added and removed, with context"
    }

    fn applies(&self, ctx: &Context) -> bool {
        ctx.diff.is_some()
    }

    fn header(&self, _: &Context) -> Vec<String> {
        matches_header()
    }

    fn rows(&self, ctx: &Context, w: &mut dyn RowSink) -> Result<(), OutputError> {
        ctx.diff.map_or(Ok(()), |d| write_matches(d, w))
    }
}

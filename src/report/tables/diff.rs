//! `diff_counts.csv` and `diff_matches.csv` (`--baseline OLD`, and
//! `framescore diff --out DIR`): how each outlet's counts, rates and shares
//! moved from the old lexicon, and every match added or removed.

use super::common::{ARTICLE_ID, CATEGORY, GROUP, OUTLET, TERM};
use super::{cells, count, names, rate, share, text, Context, RowSink, Spec, Table};
use crate::audit::diff::{CountChange, Diff};
use crate::output::{CsvFile, CsvOptions, OutputError};
use std::path::Path;

static DIFF_COUNTS: Spec = Spec {
    file: names::DIFF_COUNTS,
    about: "--baseline: how each outlet's counts, rates and shares moved",
    columns: &[
        OUTLET,
        GROUP,
        CATEGORY,
        count("tokens", "tokens in the outlet's articles"),
        count("old_count", "matches with the old lexicon"),
        count("new_count", "matches with the new lexicon"),
        count("change", "`new_count - old_count`"),
        rate("old_rate_per_1k", "`old_count` per 1,000 tokens"),
        rate("new_rate_per_1k", "`new_count` per 1,000 tokens"),
        share(
            "old_share",
            "share within the group with the old lexicon (its own group total); empty when the group has no matches",
        ),
        share(
            "new_share",
            "share within the group with the new lexicon; empty when the group has no matches",
        ),
    ],
};

/// The columns of `kwic --csv` ([`crate::audit::kwic::CSV_HEADER`]) after `change`.
static DIFF_MATCHES: Spec = Spec {
    file: names::DIFF_MATCHES,
    about: "--baseline: matches added and removed, with context",
    columns: &[
        text(
            "change",
            "`added` (only the new lexicon counts it) or `removed` (only the old one did)",
        ),
        ARTICLE_ID,
        OUTLET,
        GROUP,
        CATEGORY,
        TERM,
        text(
            "left_context",
            "the text before the match, white space collapsed",
        ),
        text("matched_text", "the match as written in the article"),
        text(
            "right_context",
            "the text after the match, white space collapsed",
        ),
        count("byte_start", "byte offset of the match in the article"),
        count("byte_end", "byte offset of the end of the match"),
    ],
};

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
    let mut w = CsvFile::create(&dir.join(names::DIFF_COUNTS), DIFF_COUNTS.names(), options)?;
    write_counts(d, &mut w)?;
    w.finish()?;
    let mut w = CsvFile::create(
        &dir.join(names::DIFF_MATCHES),
        DIFF_MATCHES.names(),
        options,
    )?;
    write_matches(d, &mut w)?;
    w.finish()
}

pub struct DiffCounts;

impl Table for DiffCounts {
    fn spec(&self) -> &'static Spec {
        &DIFF_COUNTS
    }

    fn applies(&self, ctx: &Context) -> bool {
        ctx.diff.is_some()
    }

    fn rows(&self, ctx: &Context, w: &mut dyn RowSink) -> Result<(), OutputError> {
        ctx.diff.map_or(Ok(()), |d| write_counts(d, w))
    }
}

pub struct DiffMatches;

impl Table for DiffMatches {
    fn spec(&self) -> &'static Spec {
        &DIFF_MATCHES
    }

    fn applies(&self, ctx: &Context) -> bool {
        ctx.diff.is_some()
    }

    fn rows(&self, ctx: &Context, w: &mut dyn RowSink) -> Result<(), OutputError> {
        ctx.diff.map_or(Ok(()), |d| write_matches(d, w))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diff_matches_has_kwic_s_columns_after_change() {
        let names: Vec<&str> = DIFF_MATCHES.names().collect();
        assert_eq!(names[0], "change");
        assert_eq!(names[1..], crate::audit::kwic::CSV_HEADER);
    }
}

//! `counts.csv` (tidy: one row per outlet x category) and
//! `counts_wide.csv` (one row per outlet, for reading).

use super::common::{CATEGORY, GROUP, OUTLET};
use super::{cells, count, names, rate, share, Column, Context, Format, RowSink, Spec, Table};
use crate::output::OutputError;

pub struct Counts;

const ARTICLES: Column = count("articles", "articles of the outlet");
const TOKENS: Column = count(
    "tokens",
    "tokens in the outlet's articles (the rate's denominator; see README, \"Tokens\")",
);

static COUNTS: Spec = Spec {
    file: names::COUNTS,
    about: "outlet x category: counts, rates per 1,000 tokens, shares, intervals",
    columns: &[
        OUTLET,
        GROUP,
        CATEGORY,
        count("count", "matches of the category in the outlet's articles"),
        TOKENS,
        ARTICLES,
        rate("rate_per_1k", "`count / tokens * 1000`"),
        rate(
            "rate_low",
            "lower end of the exact (Garwood) Poisson interval for the count, per 1,000 tokens",
        ),
        rate("rate_high", "upper end of that interval"),
        count(
            "group_total",
            "the outlet's matches over all categories of the group (the share's denominator)",
        ),
        share(
            "share",
            "`count / group_total`: the category's share among the group's labels in this outlet",
        ),
        share(
            "share_low",
            "lower end of the Wilson score interval for the share",
        ),
        share("share_high", "upper end of the Wilson score interval"),
        count(
            "articles_with_match",
            "articles of the outlet with at least one match of the category",
        ),
    ],
};

impl Table for Counts {
    fn spec(&self) -> &'static Spec {
        &COUNTS
    }

    fn rows(&self, ctx: &Context, w: &mut dyn RowSink) -> Result<(), OutputError> {
        let counts = &ctx.pass.counts;
        for c in &ctx.analysis.cells {
            let cat = &counts.categories[c.category];
            w.row(&cells![
                c.outlet.clone(),
                cat.group_id.clone(),
                cat.id.clone(),
                c.count,
                c.tokens,
                c.articles,
                c.rate,
                c.rate_ci.map(|x| x.0),
                c.rate_ci.map(|x| x.1),
                c.group_total,
                c.share,
                c.share_ci.map(|x| x.0),
                c.share_ci.map(|x| x.1),
                c.articles_with_match,
            ])?;
        }
        Ok(())
    }
}

pub struct CountsWide;

/// The columns repeated for every category, [`REPEATED`] before the name.
const PER_CATEGORY: usize = 3;
/// What stands for a category's group and id in a repeated column's name.
const REPEATED: &str = "<group>.<category>.";

/// The 0-based column of `measure` (`count`, `rate_per_1k` or `share`)
/// of category `category` (its index in the count table) in
/// `counts_wide.csv`.
pub(crate) fn wide_column(category: usize, measure: &str) -> Option<u16> {
    let fixed = COUNTS_WIDE.columns.len() - PER_CATEGORY;
    let k = COUNTS_WIDE
        .columns
        .get(fixed..)?
        .iter()
        .position(|c| c.name.strip_prefix(REPEATED) == Some(measure))?;
    u16::try_from(fixed + PER_CATEGORY * category + k).ok()
}

static COUNTS_WIDE: Spec = Spec {
    file: names::COUNTS_WIDE,
    about: "one row per outlet, for reading",
    columns: &[
        OUTLET,
        ARTICLES,
        TOKENS,
        count(
            "<group>.<category>.count",
            "as `count` in counts.csv; these three columns for every category, in lexicon order",
        ),
        rate(
            "<group>.<category>.rate_per_1k",
            "as `rate_per_1k` in counts.csv",
        ),
        share("<group>.<category>.share", "as `share` in counts.csv"),
    ],
};

impl Table for CountsWide {
    fn spec(&self) -> &'static Spec {
        &COUNTS_WIDE
    }

    fn columns(&self, ctx: &Context) -> Vec<(String, Format)> {
        let (fixed, repeated) = COUNTS_WIDE
            .columns
            .split_at(COUNTS_WIDE.columns.len() - PER_CATEGORY);
        let mut out: Vec<(String, Format)> = fixed
            .iter()
            .map(|c| (c.name.to_string(), c.format))
            .collect();
        for cat in &ctx.pass.counts.categories {
            for c in repeated {
                let measure = c.name.trim_start_matches(REPEATED);
                out.push((format!("{}.{}.{measure}", cat.group_id, cat.id), c.format));
            }
        }
        out
    }

    fn rows(&self, ctx: &Context, w: &mut dyn RowSink) -> Result<(), OutputError> {
        let cells = &ctx.analysis.cells;
        for (name, o) in &ctx.pass.counts.outlets {
            let mut row = cells![name, o.articles, o.tokens].to_vec();
            for c in cells.iter().filter(|c| &c.outlet == name) {
                row.extend(cells![c.count, c.rate, c.share]);
            }
            w.row(&row)?;
        }
        Ok(())
    }
}

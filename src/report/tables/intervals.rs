//! `intervals.csv`: token-level (exact Poisson, Wilson) and article-level
//! (bootstrap) intervals side by side, per outlet and category.

use super::common::{CATEGORY, GROUP, OUTLET};
use super::{cells, count, names, rate, share, text, Context, RowSink, Spec, Table};
use crate::output::OutputError;

pub struct Intervals;

static INTERVALS: Spec = Spec {
    file: names::INTERVALS,
    about: "token-level and article-level (bootstrap) intervals side by side, per outlet and category",
    columns: &[
        OUTLET,
        GROUP,
        CATEGORY,
        count("articles", "articles of the outlet"),
        text(
            "articles_flag",
            "`fewer_than_2_articles` (no article-level interval), `fewer_than_5_articles` (interval unstable), empty otherwise",
        ),
        count("count", "as in `counts.csv`"),
        count("tokens", "as in `counts.csv`"),
        rate("rate_per_1k", "as in `counts.csv`"),
        rate(
            "rate_low_token",
            "lower end of the exact Poisson interval (`counts.csv`'s `rate_low`)",
        ),
        rate(
            "rate_high_token",
            "upper end of the exact Poisson interval (`counts.csv`'s `rate_high`)",
        ),
        rate(
            "rate_low_article",
            "lower end of the bootstrap percentile interval over the outlet's articles",
        ),
        rate(
            "rate_high_article",
            "upper end of the bootstrap percentile interval over the outlet's articles",
        ),
        count("group_total", "as in `counts.csv`"),
        share("share", "as in `counts.csv`"),
        share("share_low_token", "lower end of the Wilson interval"),
        share("share_high_token", "upper end of the Wilson interval"),
        share(
            "share_low_article",
            "lower end of the bootstrap percentile interval (replicates without a match of the group left out)",
        ),
        share(
            "share_high_article",
            "upper end of the bootstrap percentile interval",
        ),
        count(
            "resamples",
            "bootstrap resamples (`--bootstrap`); empty when there is no article-level interval",
        ),
        text(
            "note",
            "why an interval is missing, how many replicates had an undefined share, flags",
        ),
    ],
};

impl Table for Intervals {
    fn spec(&self) -> &'static Spec {
        &INTERVALS
    }

    fn rows(&self, ctx: &Context, w: &mut dyn RowSink) -> Result<(), OutputError> {
        let counts = &ctx.pass.counts;
        let a = ctx.analysis;
        for (cell, iv) in a.cells.iter().zip(&a.intervals) {
            let cat = &counts.categories[cell.category];
            w.row(&cells![
                cell.outlet.clone(),
                cat.group_id.clone(),
                cat.id.clone(),
                cell.articles,
                iv.flag,
                cell.count,
                cell.tokens,
                cell.rate,
                cell.rate_ci.map(|x| x.0),
                cell.rate_ci.map(|x| x.1),
                iv.rate.map(|x| x.0),
                iv.rate.map(|x| x.1),
                cell.group_total,
                cell.share,
                cell.share_ci.map(|x| x.0),
                cell.share_ci.map(|x| x.1),
                iv.share.map(|x| x.0),
                iv.share.map(|x| x.1),
                iv.resamples,
                iv.note.clone(),
            ])?;
        }
        Ok(())
    }
}

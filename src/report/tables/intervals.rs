//! `intervals.csv`: token-level (exact Poisson, Wilson) and article-level
//! (bootstrap) intervals side by side, per outlet and category.

use super::{cells, header, names, Context, RowSink, Table};
use crate::output::OutputError;

pub struct Intervals;

impl Table for Intervals {
    fn name(&self) -> &'static str {
        names::INTERVALS
    }

    fn about(&self) -> &'static str {
        "token-level and article-level (bootstrap) intervals side by side, per outlet and category"
    }

    fn header(&self, _: &Context) -> Vec<String> {
        header(&[
            "outlet",
            "group",
            "category",
            "articles",
            "articles_flag",
            "count",
            "tokens",
            "rate_per_1k",
            "rate_low_token",
            "rate_high_token",
            "rate_low_article",
            "rate_high_article",
            "group_total",
            "share",
            "share_low_token",
            "share_high_token",
            "share_low_article",
            "share_high_article",
            "resamples",
            "note",
        ])
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

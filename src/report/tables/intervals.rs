//! `intervals.csv`: token-level (exact Poisson, Wilson) and article-level
//! (bootstrap) intervals side by side, per outlet and category.

use super::{header, names, Context, Table};
use crate::output::{opt, CsvFile, OutputError};

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

    fn write(&self, ctx: &Context, w: &mut CsvFile) -> Result<(), OutputError> {
        let counts = &ctx.pass.counts;
        let a = ctx.analysis;
        for (cell, iv) in a.cells.iter().zip(&a.intervals) {
            let cat = &counts.categories[cell.category];
            w.row([
                cell.outlet.clone(),
                cat.group_id.clone(),
                cat.id.clone(),
                cell.articles.to_string(),
                iv.flag.into(),
                cell.count.to_string(),
                cell.tokens.to_string(),
                opt(cell.rate),
                opt(cell.rate_ci.map(|x| x.0)),
                opt(cell.rate_ci.map(|x| x.1)),
                opt(iv.rate.map(|x| x.0)),
                opt(iv.rate.map(|x| x.1)),
                cell.group_total.to_string(),
                opt(cell.share),
                opt(cell.share_ci.map(|x| x.0)),
                opt(cell.share_ci.map(|x| x.1)),
                opt(iv.share.map(|x| x.0)),
                opt(iv.share.map(|x| x.1)),
                iv.resamples.map_or(String::new(), |r| r.to_string()),
                iv.note.clone(),
            ])?;
        }
        Ok(())
    }
}

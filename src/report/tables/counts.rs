//! `counts.csv` (tidy: one row per outlet x category) and
//! `counts_wide.csv` (one row per outlet, for reading).

use super::{cells, header, names, Context, RowSink, Table};
use crate::output::OutputError;

pub struct Counts;

impl Table for Counts {
    fn name(&self) -> &'static str {
        names::COUNTS
    }

    fn about(&self) -> &'static str {
        "outlet x category: counts, rates per 1,000 tokens, shares, intervals"
    }

    fn header(&self, _: &Context) -> Vec<String> {
        header(&[
            "outlet",
            "group",
            "category",
            "count",
            "tokens",
            "articles",
            "rate_per_1k",
            "rate_low",
            "rate_high",
            "group_total",
            "share",
            "share_low",
            "share_high",
            "articles_with_match",
        ])
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

impl Table for CountsWide {
    fn name(&self) -> &'static str {
        names::COUNTS_WIDE
    }

    fn about(&self) -> &'static str {
        "one row per outlet, for reading"
    }

    fn header(&self, ctx: &Context) -> Vec<String> {
        let mut header = vec!["outlet".to_string(), "articles".into(), "tokens".into()];
        for cat in &ctx.pass.counts.categories {
            for measure in ["count", "rate_per_1k", "share"] {
                header.push(format!("{}.{}.{measure}", cat.group_id, cat.id));
            }
        }
        header
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

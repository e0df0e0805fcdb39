//! `periods.csv` (`--period`): counts, tokens, rates and shares per period
//! and outlet, as in `counts.csv`.

use super::{cells, header, names, Context, RowSink, Table};
use crate::output::OutputError;

pub struct Periods;

impl Table for Periods {
    fn name(&self) -> &'static str {
        names::PERIODS
    }

    fn about(&self) -> &'static str {
        "counts, rates and shares per period and outlet"
    }

    fn applies(&self, ctx: &Context) -> bool {
        ctx.settings.period.is_some()
    }

    fn header(&self, _: &Context) -> Vec<String> {
        header(&[
            "period",
            "outlet",
            "group",
            "category",
            "count",
            "tokens",
            "articles",
            "rate_per_1k",
            "group_total",
            "share",
        ])
    }

    fn rows(&self, ctx: &Context, w: &mut dyn RowSink) -> Result<(), OutputError> {
        for ((period, cells), table) in ctx.analysis.periods.iter().zip(ctx.pass.periods.values()) {
            for c in cells {
                let cat = &table.categories[c.category];
                w.row(&cells![
                    period.clone(),
                    c.outlet.clone(),
                    cat.group_id.clone(),
                    cat.id.clone(),
                    c.count,
                    c.tokens,
                    c.articles,
                    c.rate,
                    c.group_total,
                    c.share,
                ])?;
            }
        }
        Ok(())
    }
}

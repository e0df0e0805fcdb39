//! `periods.csv` (`--period`): counts, tokens, rates and shares per period
//! and outlet, as in `counts.csv`.

use super::{header, names, Context, Table};
use crate::output::{opt, CsvFile, OutputError};

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

    fn write(&self, ctx: &Context, w: &mut CsvFile) -> Result<(), OutputError> {
        for ((period, cells), table) in ctx.analysis.periods.iter().zip(ctx.pass.periods.values()) {
            for c in cells {
                let cat = &table.categories[c.category];
                w.row([
                    period.clone(),
                    c.outlet.clone(),
                    cat.group_id.clone(),
                    cat.id.clone(),
                    c.count.to_string(),
                    c.tokens.to_string(),
                    c.articles.to_string(),
                    opt(c.rate),
                    c.group_total.to_string(),
                    opt(c.share),
                ])?;
            }
        }
        Ok(())
    }
}

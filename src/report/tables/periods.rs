//! `periods.csv` (`--period`): counts, tokens, rates and shares per period
//! and outlet, as in `counts.csv`.

use super::common::{CATEGORY, GROUP, OUTLET};
use super::{cells, count, names, rate, share, text, Context, RowSink, Spec, Table};
use crate::output::OutputError;

pub struct Periods;

static PERIODS: Spec = Spec {
    file: names::PERIODS,
    about: "counts, rates and shares per period and outlet",
    columns: &[
        text(
            "period",
            "`2016`, `2016-12` or ISO week `2016-W48`; sorts in time order",
        ),
        OUTLET,
        GROUP,
        CATEGORY,
        count("count", "as in `counts.csv`, in the period"),
        count("tokens", "as in `counts.csv`, in the period"),
        count("articles", "articles of the outlet dated in the period"),
        rate("rate_per_1k", "`count / tokens * 1000`"),
        count("group_total", "as in `counts.csv`, in the period"),
        share("share", "`count / group_total`"),
    ],
};

impl Table for Periods {
    fn spec(&self) -> &'static Spec {
        &PERIODS
    }

    fn applies(&self, ctx: &Context) -> bool {
        ctx.settings.period.is_some()
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

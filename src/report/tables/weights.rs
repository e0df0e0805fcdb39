//! `weighted_counts.csv`: for a lexicon with term weights, the sum of the
//! weights of each outlet's matches per category, beside the plain count.

use super::common::{CATEGORY, GROUP, OUTLET};
use super::{cells, count, names, number, rate, Context, RowSink, Spec, Table};
use crate::output::OutputError;

pub struct Weighted;

static WEIGHTED: Spec = Spec {
    file: names::WEIGHTED,
    about: "sum of term weights per outlet and category",
    columns: &[
        OUTLET,
        GROUP,
        CATEGORY,
        count("count", "matches (as in counts.csv)"),
        number("weighted_count", "sum of the weights of those matches"),
        count("tokens", "tokens in the outlet's articles"),
        rate("weighted_per_1k", "`weighted_count / tokens * 1000`"),
    ],
};

impl Table for Weighted {
    fn spec(&self) -> &'static Spec {
        &WEIGHTED
    }

    fn applies(&self, ctx: &Context) -> bool {
        ctx.analysis.weighted.is_some()
    }

    fn rows(&self, ctx: &Context, w: &mut dyn RowSink) -> Result<(), OutputError> {
        let Some(sums) = &ctx.analysis.weighted else {
            return Ok(());
        };
        let counts = &ctx.pass.counts;
        for (outlet, o) in &counts.outlets {
            for (c, cat) in counts.categories.iter().enumerate() {
                let (n, wsum) = sums.get(&(outlet.clone(), c)).copied().unwrap_or((0, 0.0));
                let rate = (o.tokens > 0).then(|| wsum * 1000.0 / o.tokens as f64);
                w.row(&cells![
                    outlet.clone(),
                    cat.group_id.clone(),
                    cat.id.clone(),
                    n,
                    wsum,
                    o.tokens,
                    rate,
                ])?;
            }
        }
        Ok(())
    }
}

//! `weighted_counts.csv`: for a lexicon with term weights, the sum of the
//! weights of each outlet's matches per category, beside the plain count.

use super::{cells, header, names, Context, RowSink, Table};
use crate::output::OutputError;

pub struct Weighted;

impl Table for Weighted {
    fn name(&self) -> &'static str {
        names::WEIGHTED
    }

    fn about(&self) -> &'static str {
        "sum of term weights per outlet and category"
    }

    fn applies(&self, ctx: &Context) -> bool {
        ctx.analysis.weighted.is_some()
    }

    fn header(&self, _: &Context) -> Vec<String> {
        header(&[
            "outlet",
            "group",
            "category",
            "count",
            "weighted_count",
            "tokens",
            "weighted_per_1k",
        ])
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

//! `pairwise.csv`: every pair of outlets per category with at least one
//! match between them: counts, rates, log-likelihood G2, log ratio, Holm p.

use super::{cells, header, names, p_cells, Context, RowSink, Table};
use crate::output::OutputError;
use crate::stats;

pub struct Pairwise;

impl Table for Pairwise {
    fn name(&self) -> &'static str {
        names::PAIRWISE
    }

    fn about(&self) -> &'static str {
        "every pair of outlets per category: log-likelihood G2, log ratio, Holm p"
    }

    fn header(&self, _: &Context) -> Vec<String> {
        header(&[
            "group",
            "category",
            "outlet_a",
            "outlet_b",
            "count_a",
            "tokens_a",
            "rate_a",
            "count_b",
            "tokens_b",
            "rate_b",
            "log_ratio",
            "g2",
            "p_value",
            "p_holm",
            "log10_p",
        ])
    }

    fn rows(&self, ctx: &Context, w: &mut dyn RowSink) -> Result<(), OutputError> {
        let counts = &ctx.pass.counts;
        for r in &ctx.analysis.pairwise.rows {
            let cat = &counts.categories[r.category];
            w.row(&cells![
                cat.group_id.clone(),
                cat.id.clone(),
                r.a.clone(),
                r.b.clone(),
                r.counts.0,
                r.tokens.0,
                r.counts.0 as f64 * 1000.0 / r.tokens.0 as f64,
                r.counts.1,
                r.tokens.1,
                r.counts.1 as f64 * 1000.0 / r.tokens.1 as f64,
                r.ll.log_ratio,
                r.ll.g2,
                p_cells(r.ll.p, 0.0)[0].clone(),
                r.p_holm,
                p_cells(r.ll.p, stats::chi2_ln_sf(r.ll.g2, 1.0))[1].clone(),
            ])?;
        }
        Ok(())
    }
}

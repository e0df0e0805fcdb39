//! `pairwise.csv`: every pair of outlets per category with at least one
//! match between them: counts, rates, log-likelihood G2, log ratio, Holm p.

use super::common::{CATEGORY, GROUP, LOG10_P};
use super::{
    cells, count, names, p_cells, p_value, rate, statistic, text, Context, RowSink, Spec, Table,
};
use crate::output::OutputError;
use crate::stats;

pub struct Pairwise;

static PAIRWISE: Spec = Spec {
    file: names::PAIRWISE,
    about: "every pair of outlets per category: log-likelihood G2, log ratio, Holm p",
    columns: &[
        GROUP,
        CATEGORY,
        text("outlet_a", "the first outlet (in name order)"),
        text("outlet_b", "the second outlet"),
        count("count_a", "matches of the category in `outlet_a`"),
        count("tokens_a", "tokens of `outlet_a`"),
        rate("rate_a", "`count_a` per 1,000 tokens"),
        count("count_b", "matches of the category in `outlet_b`"),
        count("tokens_b", "tokens of `outlet_b`"),
        rate("rate_b", "`count_b` per 1,000 tokens"),
        statistic(
            "log_ratio",
            "Hardie's log ratio, `log2(rate_a / rate_b)`, a zero count replaced by 0.5: +1 means twice as frequent in `outlet_a`",
        ),
        statistic("g2", "Rayson-Garside log-likelihood G2 (1 df)"),
        p_value("p_value", "from G2; empty below 2.2e-308 (see `log10_p`)"),
        p_value(
            "p_holm",
            "Holm-adjusted over every row of the file (the whole family)",
        ),
        LOG10_P,
    ],
};

impl Table for Pairwise {
    fn spec(&self) -> &'static Spec {
        &PAIRWISE
    }

    fn rows(&self, ctx: &Context, w: &mut dyn RowSink) -> Result<(), OutputError> {
        let counts = &ctx.pass.counts;
        let pairwise = &ctx.analysis.pairwise;
        for r in &pairwise.rows {
            let cat = &counts.categories[r.category];
            let (a, b) = pairwise.names(r);
            w.row(&cells![
                cat.group_id.clone(),
                cat.id.clone(),
                a.to_string(),
                b.to_string(),
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

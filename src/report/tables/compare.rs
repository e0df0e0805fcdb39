//! `compare.csv`: every outlet pair and each outlet against the rest, for
//! every category's rate and every group's label mix: effect size, p, and
//! p adjusted over the whole family.

use super::common::{GROUP, LOG10_P};
use super::{
    cells, count, names, p_cells, p_value, statistic, text, Context, RowSink, Spec, Table,
};
use crate::output::OutputError;

pub struct Compare;

static COMPARE: Spec = Spec {
    file: names::COMPARE,
    about: "every outlet pair and each outlet against the rest: effect size, p, adjusted p over the whole family",
    columns: &[
        text(
            "measure",
            "`rate` (one category, counts out of tokens) or `share_mix` (a group's label mix)",
        ),
        GROUP,
        text(
            "category",
            "lexicon id of the category; empty for `share_mix`",
        ),
        text("comparison", "`pair` or `outlet_vs_rest`"),
        text("outlet_a", "the first outlet compared"),
        text(
            "outlet_b",
            "the second outlet; empty for `outlet_vs_rest` (the rest: all other outlets pooled)",
        ),
        count(
            "count_a",
            "for `rate`: the category's count in `outlet_a`; for `share_mix`: the group's matches",
        ),
        count(
            "total_a",
            "for `rate`: the tokens of `outlet_a`; for `share_mix`: the group's matches",
        ),
        count("count_b", "as `count_a`, for `outlet_b` (or the rest)"),
        count("total_b", "as `total_a`, for `outlet_b` (or the rest)"),
        text(
            "effect_measure",
            "`log_ratio` (Hardie, log2 of the rate ratio, zero count -> 0.5; +1: twice as frequent in `outlet_a`) or `cramers_v` (0: same mix)",
        ),
        statistic("effect_size", "the effect in `effect_measure`"),
        statistic(
            "effect_low_article",
            "lower end of the bootstrap percentile interval of the log ratio, resampling each outlet's articles; empty when an outlet has fewer than 2 articles, and for `share_mix`",
        ),
        statistic(
            "effect_high_article",
            "upper end of that interval",
        ),
        text(
            "test",
            "`log_likelihood_g2` (1 df) or `chi_square` (2 x k, df `k - 1`)",
        ),
        statistic("statistic", "the test statistic"),
        count("df", "its degrees of freedom"),
        p_value("p_value", "token-level p-value; empty below 2.2e-308 (see `log10_p`)"),
        LOG10_P,
        p_value("p_adjusted", "adjusted over every row of the file"),
        text("adjust", "`holm` (default) or `bh` (`--adjust bh`)"),
        text(
            "level",
            "`token` for the p-values; the `*_article` interval is article level",
        ),
        text("note", "missing intervals, expected counts below 5"),
    ],
};

impl Table for Compare {
    fn spec(&self) -> &'static Spec {
        &COMPARE
    }

    fn rows(&self, ctx: &Context, w: &mut dyn RowSink) -> Result<(), OutputError> {
        let counts = &ctx.pass.counts;
        let compare = &ctx.analysis.compare;
        let adjust = ctx.settings.stats.adjust.name();
        for (r, &pa) in compare.rows().zip(&compare.adjusted) {
            let [p_cell, log10_cell] = p_cells(r.p, r.ln_p);
            w.row(&cells![
                r.measure.name().to_string(),
                counts.groups[r.group].clone(),
                r.category
                    .map_or(String::new(), |c| counts.categories[c].id.clone()),
                r.comparison.name(),
                compare.a(r).to_string(),
                compare.b(r).to_string(),
                r.count_a,
                r.total_a,
                r.count_b,
                r.total_b,
                r.measure.effect_measure().to_string(),
                r.effect,
                r.effect_ci.map(|x| x.0),
                r.effect_ci.map(|x| x.1),
                r.measure.test().to_string(),
                r.statistic,
                r.df,
                p_cell,
                log10_cell,
                pa,
                adjust.to_string(),
                "token".to_string(),
                r.note.text().to_string(),
            ])?;
        }
        Ok(())
    }
}

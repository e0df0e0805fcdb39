//! `compare.csv`: every outlet pair and each outlet against the rest, for
//! every category's rate and every group's label mix: effect size, p, and
//! p adjusted over the whole family.

use super::{cells, header, names, p_cells, Context, RowSink, Table};
use crate::output::OutputError;

pub struct Compare;

impl Table for Compare {
    fn name(&self) -> &'static str {
        names::COMPARE
    }

    fn about(&self) -> &'static str {
        "every outlet pair and each outlet against the rest: effect size, p, adjusted p over the whole family"
    }

    fn header(&self, _: &Context) -> Vec<String> {
        header(&[
            "measure",
            "group",
            "category",
            "comparison",
            "outlet_a",
            "outlet_b",
            "count_a",
            "total_a",
            "count_b",
            "total_b",
            "effect_measure",
            "effect_size",
            "effect_low_article",
            "effect_high_article",
            "test",
            "statistic",
            "df",
            "p_value",
            "log10_p",
            "p_adjusted",
            "adjust",
            "level",
            "note",
        ])
    }

    fn rows(&self, ctx: &Context, w: &mut dyn RowSink) -> Result<(), OutputError> {
        let counts = &ctx.pass.counts;
        let compare = &ctx.analysis.compare;
        let adjust = ctx.settings.stats.adjust.name();
        for (r, &pa) in compare.rows.iter().zip(&compare.adjusted) {
            let [p_cell, log10_cell] = p_cells(r.p, r.ln_p);
            w.row(&cells![
                r.measure.to_string(),
                counts.groups[r.group].clone(),
                r.category
                    .map_or(String::new(), |c| counts.categories[c].id.clone()),
                r.comparison,
                r.a.clone(),
                r.b.clone(),
                r.count_a,
                r.total_a,
                r.count_b,
                r.total_b,
                r.effect_measure.to_string(),
                r.effect,
                r.effect_ci.map(|x| x.0),
                r.effect_ci.map(|x| x.1),
                r.test.to_string(),
                r.statistic,
                r.df,
                p_cell,
                log10_cell,
                pa,
                adjust.to_string(),
                "token".to_string(),
                r.note.clone(),
            ])?;
        }
        Ok(())
    }
}

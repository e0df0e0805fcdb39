//! `distinctive_terms.csv`: the log-odds ratio with an informative
//! Dirichlet prior of each lexicon term, each outlet against the rest.

use super::common::{CATEGORY, GROUP, OUTLET, TERM};
use super::{cells, count, names, number, statistic, text, Context, RowSink, Spec, Table};
use crate::output::OutputError;

pub struct Distinctive;

static DISTINCTIVE: Spec = Spec {
    file: names::DISTINCTIVE,
    about: "log-odds ratio with informative Dirichlet prior: the terms that set each outlet apart",
    columns: &[
        GROUP,
        OUTLET,
        CATEGORY,
        TERM,
        count("count", "matches of the term in the outlet"),
        count("count_rest", "matches of the term in every other outlet"),
        number("prior", "the Dirichlet pseudo-count `a_w`"),
        statistic(
            "log_odds_ratio",
            "`delta_w`, the outlet against the rest",
        ),
        statistic(
            "z",
            "`delta_w / sqrt(var_w)`; beyond ±2 the term sets the outlet apart",
        ),
        text(
            "prior_source",
            "`corpus`, or `background` with `--background FILE` (a CSV with columns `term`, `count`; see `METHODS.md`)",
        ),
    ],
};

impl Table for Distinctive {
    fn spec(&self) -> &'static Spec {
        &DISTINCTIVE
    }

    fn rows(&self, ctx: &Context, w: &mut dyn RowSink) -> Result<(), OutputError> {
        let counts = &ctx.pass.counts;
        let d = &ctx.analysis.distinctive;
        for r in &d.rows {
            let t = &counts.terms[r.term];
            w.row(&cells![
                counts.groups[r.group].clone(),
                r.outlet.clone(),
                counts.categories[t.category].id.clone(),
                t.text.clone(),
                r.count,
                r.count_rest,
                r.prior,
                r.log_odds_ratio,
                r.z,
                d.prior_source.to_string(),
            ])?;
        }
        Ok(())
    }
}

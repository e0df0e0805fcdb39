//! `distinctive_terms.csv`: the log-odds ratio with an informative
//! Dirichlet prior of each lexicon term, each outlet against the rest.

use super::{cells, header, names, Context, RowSink, Table};
use crate::output::OutputError;

pub struct Distinctive;

impl Table for Distinctive {
    fn name(&self) -> &'static str {
        names::DISTINCTIVE
    }

    fn about(&self) -> &'static str {
        "log-odds ratio with informative Dirichlet prior: the terms that set each outlet apart"
    }

    fn header(&self, _: &Context) -> Vec<String> {
        header(&[
            "group",
            "outlet",
            "category",
            "term",
            "count",
            "count_rest",
            "prior",
            "log_odds_ratio",
            "z",
            "prior_source",
        ])
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

//! `terms.csv`: the written forms each lexicon term matched, per outlet.

use super::{cells, header, names, Context, RowSink, Table};
use crate::output::OutputError;

pub struct Terms;

impl Table for Terms {
    fn name(&self) -> &'static str {
        names::TERMS
    }

    fn about(&self) -> &'static str {
        "written forms each term matched, per outlet"
    }

    fn header(&self, _: &Context) -> Vec<String> {
        header(&["outlet", "group", "category", "term", "form", "count"])
    }

    fn rows(&self, ctx: &Context, w: &mut dyn RowSink) -> Result<(), OutputError> {
        let counts = &ctx.pass.counts;
        for (outlet, term, form, n) in counts.forms() {
            let t = &counts.terms[term];
            let cat = &counts.categories[t.category];
            w.row(&cells![outlet, &cat.group_id, &cat.id, &t.text, form, n,])?;
        }
        Ok(())
    }
}

//! `terms.csv`: the written forms each lexicon term matched, per outlet.

use super::common::{CATEGORY, GROUP, OUTLET, TERM};
use super::{cells, count, names, text, Context, RowSink, Spec, Table};
use crate::output::OutputError;

pub struct Terms;

static TERMS: Spec = Spec {
    file: names::TERMS,
    about: "written forms each term matched, per outlet",
    columns: &[
        OUTLET,
        GROUP,
        CATEGORY,
        TERM,
        text(
            "form",
            "a normalised, case-folded written form the term matched (`terrorist*` -> `terrorists`)",
        ),
        count("count", "matches of the term in that form in the outlet"),
    ],
};

impl Table for Terms {
    fn spec(&self) -> &'static Spec {
        &TERMS
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

//! `syndication.csv`: pairs of near-copies across outlets, with their
//! similarity and which of the two were counted.

use super::{cells, header, names, Context, RowSink, Table};
use crate::output::OutputError;

pub struct Syndication;

impl Table for Syndication {
    fn name(&self) -> &'static str {
        names::SYNDICATION
    }

    fn about(&self) -> &'static str {
        "pairs of near-copies across outlets, with similarity"
    }

    fn header(&self, _: &Context) -> Vec<String> {
        header(&[
            "article_a",
            "outlet_a",
            "date_a",
            "article_b",
            "outlet_b",
            "date_b",
            "jaccard",
            "containment",
            "counted",
        ])
    }

    fn rows(&self, ctx: &Context, w: &mut dyn RowSink) -> Result<(), OutputError> {
        let empty = Default::default();
        let dropped = ctx.pass.syndication_dropped.as_ref().unwrap_or(&empty);
        for p in &ctx.pass.input.syndication_pairs {
            let counted = match (
                dropped.contains(&p.ordinals.0),
                dropped.contains(&p.ordinals.1),
            ) {
                (false, false) => "both",
                (false, true) => "a",
                (true, false) => "b",
                (true, true) => "neither",
            };
            w.row(&cells![
                p.ids.0.clone(),
                p.outlets.0.clone(),
                p.dates.0.clone(),
                p.ids.1.clone(),
                p.outlets.1.clone(),
                p.dates.1.clone(),
                p.jaccard,
                p.containment,
                counted,
            ])?;
        }
        Ok(())
    }
}

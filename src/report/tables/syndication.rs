//! `syndication.csv`: pairs of near-copies across outlets, with their
//! similarity and which of the two were counted.

use super::{cells, date, names, statistic, text, Context, RowSink, Spec, Table};
use crate::output::OutputError;

pub struct Syndication;

static SYNDICATION: Spec = Spec {
    file: names::SYNDICATION,
    about: "pairs of near-copies across outlets, with similarity",
    columns: &[
        text("article_a", "id of the article earlier in the corpus"),
        text("outlet_a", "its real outlet"),
        date("date_a", "its date"),
        text("article_b", "id of the other article"),
        text("outlet_b", "its real outlet"),
        date("date_b", "its date"),
        statistic(
            "jaccard",
            "estimated Jaccard similarity of their word 5-gram sets (MinHash, 128 values; standard error about 0.04 near 0.5)",
        ),
        statistic(
            "containment",
            "estimated share of the shorter article's 5-grams found in the other: `jaccard * (n_a + n_b) / ((1 + jaccard) * min(n_a, n_b))` with the exact 5-gram counts, capped at 1",
        ),
        text(
            "counted",
            "which of the two were counted under `--syndicated`: `both`, `a`, `b` or `neither`",
        ),
    ],
};

impl Table for Syndication {
    fn spec(&self) -> &'static Spec {
        &SYNDICATION
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

//! `duplicates.csv`: articles whose text repeats an earlier article of the
//! same outlet (re-crawls, feeds, overlapping exports), identical or
//! near-identical, with the article they repeat and whether they were
//! counted (`--duplicates`).

use super::{cells, names, statistic, text, Context, RowSink, Spec, Table};
use crate::output::OutputError;

pub struct Duplicates;

static DUPLICATES: Spec = Spec {
    file: names::DUPLICATES,
    about:
        "articles repeating an earlier article of the same outlet, and whether they were counted",
    columns: &[
        text(
            "outlet",
            "the outlet (the real one, whatever `--group-by` says)",
        ),
        text("article_id", "the copy"),
        text(
            "repeats_article_id",
            "the earlier article it repeats (the one counted)",
        ),
        text("kind", "`identical` or `near`"),
        statistic(
            "similarity",
            "1 for identical; the estimated Jaccard similarity for near",
        ),
        text("counted", "`yes` or `no`"),
    ],
};

impl Table for Duplicates {
    fn spec(&self) -> &'static Spec {
        &DUPLICATES
    }

    fn rows(&self, ctx: &Context, w: &mut dyn RowSink) -> Result<(), OutputError> {
        for d in &ctx.pass.input.duplicates {
            w.row(&cells![
                &d.outlet,
                &d.id,
                &d.kept_id,
                d.kind.as_str(),
                d.similarity,
                if d.counted { "yes" } else { "no" },
            ])?;
        }
        Ok(())
    }
}

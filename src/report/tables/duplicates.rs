//! `duplicates.csv`: articles whose text repeats an earlier article of the
//! same outlet (re-crawls, feeds, overlapping exports), identical or
//! near-identical, with the article they repeat and whether they were
//! counted (`--duplicates`).

use super::{cells, header, names, Context, RowSink, Table};
use crate::output::OutputError;

pub struct Duplicates;

impl Table for Duplicates {
    fn name(&self) -> &'static str {
        names::DUPLICATES
    }

    fn about(&self) -> &'static str {
        "articles repeating an earlier article of the same outlet, and whether they were counted"
    }

    fn header(&self, _: &Context) -> Vec<String> {
        header(&[
            "outlet",
            "article_id",
            "repeats_article_id",
            "kind",
            "similarity",
            "counted",
        ])
    }

    fn rows(&self, ctx: &Context, w: &mut dyn RowSink) -> Result<(), OutputError> {
        for d in &ctx.pass.input.duplicates {
            w.row(&cells![
                &d.outlet,
                &d.id,
                &d.kept_id,
                &d.kind,
                d.similarity,
                if d.counted { "yes" } else { "no" },
            ])?;
        }
        Ok(())
    }
}

//! `duplicates.csv`: articles whose text repeats an earlier article of the
//! same outlet (re-crawls, feeds, overlapping exports), identical or
//! near-identical, with the article they repeat and whether they were
//! counted (`--duplicates`). Written from the list before the statistics
//! ([`Kind::Input`]), which then need not keep it.

use super::{cells, names, statistic, text, Kind, RowSink, Spec, Table};
use crate::output::OutputError;
use crate::pass::CopyList;

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

    fn kind(&self) -> Kind {
        Kind::Input
    }
}

/// Hands a row for each copy in `list` (the pass's, in corpus order of the
/// copy) to `sink`.
pub fn rows(list: &CopyList, sink: &mut dyn RowSink) -> Result<(), OutputError> {
    for d in list.iter() {
        sink.row(&cells![
            d.outlet,
            d.id,
            d.kept_id,
            d.kind.as_str(),
            d.similarity,
            if d.counted { "yes" } else { "no" },
        ])?;
    }
    Ok(())
}

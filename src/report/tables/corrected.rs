//! `corrected.csv` (`--validation`): each outlet x category's raw count,
//! rate and share beside the same corrected for the precision of its
//! matches, with intervals that carry both the article sampling and the
//! precision's uncertainty (`validation::correct`).

use super::{cells, header, names, Context, RowSink, Table};
use crate::output::OutputError;

const HEADER: [&str; 22] = [
    "outlet",
    "group",
    "category",
    "articles",
    "count",
    "tokens",
    "rate_per_1k",
    "share",
    "precision_source",
    "precision",
    "precision_low",
    "precision_high",
    "corrected_count",
    "corrected_count_low",
    "corrected_count_high",
    "corrected_rate",
    "corrected_rate_low",
    "corrected_rate_high",
    "corrected_share",
    "corrected_share_low",
    "corrected_share_high",
    "note",
];

pub struct Corrected;

impl Table for Corrected {
    fn name(&self) -> &'static str {
        names::CORRECTED
    }

    fn about(&self) -> &'static str {
        "--validation: counts, rates and shares corrected for the precision of the matches, with intervals"
    }

    fn applies(&self, ctx: &Context) -> bool {
        ctx.trust.is_some()
    }

    fn header(&self, _: &Context) -> Vec<String> {
        header(&HEADER)
    }

    fn rows(&self, ctx: &Context, w: &mut dyn RowSink) -> Result<(), OutputError> {
        let Some(t) = ctx.trust else { return Ok(()) };
        let cats = &ctx.pass.counts.categories;
        let lo = |x: Option<(f64, f64)>| x.map(|v| v.0);
        let hi = |x: Option<(f64, f64)>| x.map(|v| v.1);
        for c in &t.corrected.cells {
            let Some(cat) = cats.get(c.category) else {
                continue;
            };
            let mut note = c.note.clone();
            if let Some(s) = t.stale_note(&c.outlet, &cat.group_id, &cat.id) {
                if !note.is_empty() {
                    note.push_str("; ");
                }
                note.push_str(&s);
            }
            let wilson = t.precision_interval(&c.outlet, &cat.group_id, &cat.id, c.source);
            w.row(&cells![
                c.outlet.as_str(),
                cat.group_id.as_str(),
                cat.id.as_str(),
                c.articles,
                c.count,
                c.tokens,
                c.rate,
                c.share,
                c.source.name(),
                c.precision,
                lo(wilson),
                hi(wilson),
                c.corrected_count,
                lo(c.corrected_count_interval),
                hi(c.corrected_count_interval),
                c.corrected_rate,
                lo(c.corrected_rate_interval),
                hi(c.corrected_rate_interval),
                c.corrected_share,
                lo(c.corrected_share_interval),
                hi(c.corrected_share_interval),
                note,
            ])?;
        }
        Ok(())
    }
}

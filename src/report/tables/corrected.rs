//! `corrected.csv` (`--validation`): each outlet x category's raw count,
//! rate and share beside the same corrected for the precision of its
//! matches, with intervals that carry both the article sampling and the
//! precision's uncertainty (`validation::correct`).

use super::common::{CATEGORY, GROUP, OUTLET};
use super::{cells, count, names, number, rate, share, text, Context, RowSink, Spec, Table};
use crate::output::OutputError;

static CORRECTED: Spec = Spec {
    file: names::CORRECTED,
    about: "--validation: counts, rates and shares corrected for the precision of the matches, with intervals",
    columns: &[
        OUTLET,
        GROUP,
        CATEGORY,
        count("articles", "articles of the outlet"),
        count("count", "as in `counts.csv`"),
        count("tokens", "as in `counts.csv`"),
        rate("rate_per_1k", "as in `counts.csv`"),
        share("share", "as in `counts.csv`"),
        text(
            "precision_source",
            "`outlet` (the outlet's own validated matches), `pooled_over_outlets` (the category's precision over every outlet), empty when the category was never validated",
        ),
        share("precision", "the share of coded matches the coders said were right"),
        share("precision_low", "lower end of its Wilson interval"),
        share("precision_high", "upper end of its Wilson interval"),
        number("corrected_count", "`precision * count`"),
        number(
            "corrected_count_low",
            "lower end of the bootstrap interval carrying the article sampling and the precision's uncertainty (docs/VALIDATION.md)",
        ),
        number("corrected_count_high", "upper end of that interval"),
        rate("corrected_rate", "`precision * rate_per_1k`"),
        rate("corrected_rate_low", "lower end of its interval"),
        rate("corrected_rate_high", "upper end of its interval"),
        share(
            "corrected_share",
            "`p_c count_c / sum_k p_k count_k` over the group's categories; empty unless all of them were validated",
        ),
        share("corrected_share_low", "lower end of its interval"),
        share("corrected_share_high", "upper end of its interval"),
        text(
            "note",
            "pooled precision used, a validation older than the lexicon or corpus, why a number is missing",
        ),
    ],
};

pub struct Corrected;

impl Table for Corrected {
    fn spec(&self) -> &'static Spec {
        &CORRECTED
    }

    fn applies(&self, ctx: &Context) -> bool {
        ctx.trust.is_some()
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

//! `languages.csv`: counts, rates and shares per language and category,
//! over every outlet, when the articles were matched in more than one
//! language. Rates are not comparable across languages (words and tokens
//! differ by language), so they are given per language; shares within a
//! group are comparable.

use super::{cells, header, names, Context, RowSink, Table};
use crate::lexicon::Language;
use crate::output::OutputError;

pub struct Languages;

/// Did the pass match articles in more than one language?
pub fn several(ctx: &Context) -> bool {
    ctx.pass.counts.languages.len() > 1
}

impl Table for Languages {
    fn name(&self) -> &'static str {
        names::LANGUAGES
    }

    fn about(&self) -> &'static str {
        "language x category: counts, tokens, rates and shares per language (rates are not comparable across languages)"
    }

    fn applies(&self, ctx: &Context) -> bool {
        several(ctx)
    }

    fn header(&self, _: &Context) -> Vec<String> {
        header(&[
            "language",
            "language_name",
            "group",
            "category",
            "count",
            "tokens",
            "articles",
            "rate_per_1k",
            "group_total",
            "share",
        ])
    }

    fn rows(&self, ctx: &Context, w: &mut dyn RowSink) -> Result<(), OutputError> {
        let counts = &ctx.pass.counts;
        for (code, l) in &counts.languages {
            let name = Language::from_code(code).map_or("", |l| l.name());
            for (c, cat) in counts.categories.iter().enumerate() {
                let count = l.counts.get(c).copied().unwrap_or(0);
                let group_total: u64 = counts
                    .group_categories(cat.group)
                    .iter()
                    .filter_map(|&k| l.counts.get(k))
                    .sum();
                let rate = (l.tokens > 0).then(|| count as f64 * 1000.0 / l.tokens as f64);
                let share = (group_total > 0).then(|| count as f64 / group_total as f64);
                w.row(&cells![
                    code,
                    name,
                    cat.group_id.clone(),
                    cat.id.clone(),
                    count,
                    l.tokens,
                    l.articles,
                    rate,
                    group_total,
                    share,
                ])?;
            }
        }
        Ok(())
    }
}

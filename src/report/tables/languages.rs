//! `languages.csv`: counts, rates and shares per language and category,
//! over every outlet, when the articles were matched in more than one
//! language. Rates are not comparable across languages (words and tokens
//! differ by language), so they are given per language; shares within a
//! group are comparable.

use super::common::{CATEGORY, GROUP};
use super::{cells, count, names, rate, share, text, Context, RowSink, Spec, Table};
use crate::lexicon::Language;
use crate::output::OutputError;

pub struct Languages;

/// Did the pass match articles in more than one language?
pub fn several(ctx: &Context) -> bool {
    ctx.pass.counts.languages.len() > 1
}

static LANGUAGES: Spec = Spec {
    file: names::LANGUAGES,
    about: "language x category: counts, tokens, rates and shares per language (rates are not comparable across languages)",
    columns: &[
        text(
            "language",
            "ISO 639-1 code; empty for articles in no language found",
        ),
        text("language_name", "the language's English name"),
        GROUP,
        CATEGORY,
        count("count", "matches of the category in the language's articles"),
        count("tokens", "tokens of the language's articles"),
        count("articles", "articles in the language"),
        rate(
            "rate_per_1k",
            "`count / tokens * 1000`; not comparable across languages",
        ),
        count("group_total", "matches of the group's categories in the language's articles"),
        share("share", "`count / group_total`; comparable across languages"),
    ],
};

impl Table for Languages {
    fn spec(&self) -> &'static Spec {
        &LANGUAGES
    }

    fn applies(&self, ctx: &Context) -> bool {
        several(ctx)
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

//! Concordance (`framescore kwic`): every counted match of a category, term
//! or ad-hoc pattern with its left and right context, produced by the same
//! matcher as the report, so a line shown is a match counted.

use crate::corpus::Article;
use crate::matching::{ArticleMatches, Hit, Matcher};

/// One concordance line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KwicLine {
    pub article_id: String,
    pub outlet: String,
    pub group: String,
    pub category: String,
    pub term: String,
    pub left: String,
    pub matched: String,
    pub right: String,
    pub byte_start: usize,
    pub byte_end: usize,
}

/// Columns of a concordance CSV (`kwic --csv`, and `diff_matches.csv` after
/// its `change` column).
pub const CSV_HEADER: [&str; 10] = [
    "article_id",
    "outlet",
    "group",
    "category",
    "term",
    "left_context",
    "matched_text",
    "right_context",
    "byte_start",
    "byte_end",
];

impl KwicLine {
    /// The line as CSV cells in [`CSV_HEADER`] order (the CSV writer
    /// guards them against spreadsheet formulas).
    pub fn csv_record(&self) -> Vec<String> {
        vec![
            self.article_id.clone(),
            self.outlet.clone(),
            self.group.clone(),
            self.category.clone(),
            self.term.clone(),
            self.left.clone(),
            self.matched.clone(),
            self.right.clone(),
            self.byte_start.to_string(),
            self.byte_end.to_string(),
        ]
    }

    /// The line of one counted hit, `width` chars of context each side.
    pub fn new(matcher: &Matcher, article: &Article, h: &Hit, width: usize) -> KwicLine {
        let cat = &matcher.categories()[h.category];
        let (left, matched, right) = context_around(&article.text, h.start, h.end, width);
        KwicLine {
            article_id: article.id.clone(),
            outlet: article.outlet.clone(),
            group: cat.group_id.clone(),
            category: cat.id.clone(),
            term: matcher.terms()[h.term].text.clone(),
            left,
            matched,
            right,
            byte_start: h.start,
            byte_end: h.end,
        }
    }
}

/// Which matches to show.
#[derive(Debug, Clone, Default)]
pub struct KwicFilter {
    /// `group.category` or `category` (a nested category includes its
    /// subcategories).
    pub category: Option<String>,
    /// A term exactly as written in the lexicon.
    pub term: Option<String>,
    pub outlet: Option<String>,
}

impl KwicFilter {
    fn keeps(&self, matcher: &Matcher, hit: &Hit) -> bool {
        let cat = &matcher.categories()[hit.category];
        let cat_ok = self.category.as_deref().is_none_or(|want| {
            let full = format!("{}.{}", cat.group_id, cat.id);
            [full.as_str(), cat.id.as_str()]
                .iter()
                .any(|have| *have == want || have.starts_with(&format!("{want}/")))
        });
        let term_ok = self
            .term
            .as_deref()
            .is_none_or(|t| matcher.terms()[hit.term].text == t);
        cat_ok && term_ok
    }
}

/// White space collapsed, at most `n` chars from the start or the end.
pub fn clip(s: &str, n: usize, from_end: bool) -> String {
    let joined = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let chars: Vec<char> = joined.chars().collect();
    if chars.len() <= n {
        joined
    } else if from_end {
        chars[chars.len() - n..].iter().collect()
    } else {
        chars[..n].iter().collect()
    }
}

/// Left context, matched text and right context of `start..end`, each with
/// white space collapsed; the sides at most `width` chars. Only a bounded
/// slice of the text around the match is read.
pub fn context_around(
    text: &str,
    start: usize,
    end: usize,
    width: usize,
) -> (String, String, String) {
    let reach = width.saturating_mul(8);
    let mut from = start.saturating_sub(reach);
    while from > 0 && !text.is_char_boundary(from) {
        from -= 1;
    }
    let mut to = end.saturating_add(reach).min(text.len());
    while to < text.len() && !text.is_char_boundary(to) {
        to += 1;
    }
    (
        clip(&text[from..start], width, true),
        clip(&text[start..end], usize::MAX, false),
        clip(&text[end..to], width, false),
    )
}

/// The concordance lines of one matched article.
pub fn article_lines(
    matcher: &Matcher,
    article: &Article,
    m: &ArticleMatches,
    filter: &KwicFilter,
    width: usize,
) -> Vec<KwicLine> {
    if filter
        .outlet
        .as_deref()
        .is_some_and(|o| o != article.outlet)
    {
        return Vec::new();
    }
    let mut hits: Vec<&Hit> = m.hits.iter().filter(|h| filter.keeps(matcher, h)).collect();
    hits.sort_by_key(|h| (h.start, h.group));
    hits.into_iter()
        .map(|h| KwicLine::new(matcher, article, h, width))
        .collect()
}

/// Every matching line of a corpus, in corpus order.
pub fn concordance<E>(
    matcher: &Matcher,
    articles: impl Iterator<Item = Result<Article, E>>,
    filter: &KwicFilter,
    width: usize,
) -> Result<Vec<KwicLine>, E> {
    let mut out = Vec::new();
    for article in articles {
        let article = article?;
        if filter
            .outlet
            .as_deref()
            .is_some_and(|o| o != article.outlet)
        {
            continue;
        }
        let m = matcher.find_article(&article);
        out.extend(article_lines(matcher, &article, &m, filter, width));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::Lexicon;
    use std::path::Path;

    #[test]
    fn filters_by_parent_category_term_and_outlet() {
        let lex = Lexicon::parse(
            "[groups.g.categories.opposition]\nrebel = [\"rebel*\"]\nterrorist = [\"terrorist*\", \"jihadist\"]\n[groups.g.categories.state]\nregime = [\"regime\"]\n",
            Path::new("t.toml"),
        )
        .unwrap();
        let m = Matcher::new(&lex).unwrap();
        let articles = || {
            vec![
                Ok::<_, crate::corpus::CorpusError>(Article {
                    id: "a1".into(),
                    outlet: "A".into(),
                    text: "Rebels,\n  terrorists and a jihadist fought the regime.".into(),
                    ..Article::default()
                }),
                Ok(Article {
                    id: "b1".into(),
                    outlet: "B".into(),
                    text: "The regime and rebels.".into(),
                    ..Article::default()
                }),
            ]
            .into_iter()
        };
        let matched = |f: KwicFilter| -> Vec<String> {
            concordance(&m, articles(), &f, 12)
                .unwrap()
                .into_iter()
                .map(|l| format!("{}:{}", l.outlet, l.matched))
                .collect()
        };
        let parent = KwicFilter {
            category: Some("g.opposition".into()),
            ..KwicFilter::default()
        };
        assert_eq!(
            matched(parent),
            ["A:Rebels", "A:terrorists", "A:jihadist", "B:rebels"]
        );
        let term_in_outlet = KwicFilter {
            term: Some("regime".into()),
            outlet: Some("B".into()),
            ..KwicFilter::default()
        };
        assert_eq!(matched(term_in_outlet), ["B:regime"]);
        let lines = concordance(&m, articles(), &KwicFilter::default(), 12).unwrap();
        assert_eq!(
            (lines[1].left.as_str(), lines[1].right.as_str()),
            ("Rebels,", "and a jihadi")
        );
    }
}

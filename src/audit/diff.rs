//! Lexicon diff (`framescore diff OLD NEW`): runs two versions of a lexicon
//! over the same corpus in one pass and reports the matches added and
//! removed (with context) and how each outlet's count, rate and share moved
//! per category. Categories are matched by `group.category` id.

use super::kwic::KwicLine;
use crate::corpus::Article;
use crate::matching::{ArticleMatches, Matcher};
use std::collections::{BTreeMap, BTreeSet};

/// A match counted by one version only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatchChange {
    /// `added` (only NEW counts it) or `removed` (only OLD did).
    pub change: &'static str,
    /// The match, as `kwic` shows it.
    pub line: KwicLine,
}

/// How one outlet's category moved.
#[derive(Debug, Clone, PartialEq)]
pub struct CountChange {
    pub outlet: String,
    pub group: String,
    pub category: String,
    pub tokens: u64,
    pub old_count: u64,
    pub new_count: u64,
    pub old_share: Option<f64>,
    pub new_share: Option<f64>,
}

impl CountChange {
    pub fn rate(count: u64, tokens: u64) -> Option<f64> {
        (tokens > 0).then(|| count as f64 * 1000.0 / tokens as f64)
    }
}

#[derive(Debug, Default)]
pub struct Diff {
    pub matches: Vec<MatchChange>,
    pub counts: Vec<CountChange>,
}

type Key = (String, String, usize, usize);

fn keyed(matcher: &Matcher, m: &ArticleMatches) -> BTreeMap<Key, usize> {
    m.hits
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let c = &matcher.categories()[h.category];
            ((c.group_id.clone(), c.id.clone(), h.start, h.end), i)
        })
        .collect()
}

/// Compares two lexicons over a corpus.
pub fn diff<E>(
    old: &Matcher,
    new: &Matcher,
    articles: impl Iterator<Item = Result<Article, E>>,
    width: usize,
) -> Result<Diff, E> {
    let mut out = Diff::default();
    // (outlet, group, category) -> (old, new); outlet -> tokens.
    let mut cells: BTreeMap<(String, String, String), (u64, u64)> = BTreeMap::new();
    let mut tokens: BTreeMap<String, u64> = BTreeMap::new();
    let all_cats: BTreeSet<(String, String)> = old
        .categories()
        .iter()
        .chain(new.categories())
        .map(|c| (c.group_id.clone(), c.id.clone()))
        .collect();
    for article in articles {
        let article = article?;
        let (mo, mn) = (old.find_article(&article), new.find_article(&article));
        *tokens.entry(article.outlet.clone()).or_insert(0) += mo.tokens;
        for (g, c) in &all_cats {
            cells
                .entry((article.outlet.clone(), g.clone(), c.clone()))
                .or_insert((0, 0));
        }
        let (ko, kn) = (keyed(old, &mo), keyed(new, &mn));
        for k in ko.keys() {
            if let Some(cell) = cells.get_mut(&(article.outlet.clone(), k.0.clone(), k.1.clone())) {
                cell.0 += 1;
            }
        }
        for k in kn.keys() {
            if let Some(cell) = cells.get_mut(&(article.outlet.clone(), k.0.clone(), k.1.clone())) {
                cell.1 += 1;
            }
        }
        let mut changes = Vec::new();
        for (change, mine, other, matcher, m) in [
            ("removed", &ko, &kn, old, &mo),
            ("added", &kn, &ko, new, &mn),
        ] {
            for (k, &i) in mine {
                if other.contains_key(k) {
                    continue;
                }
                changes.push(MatchChange {
                    change,
                    line: KwicLine::new(matcher, &article, &m.hits[i], width),
                });
            }
        }
        changes.sort_by_key(|c| c.line.byte_start);
        out.matches.extend(changes);
    }
    for ((outlet, group, category), &(o, n)) in &cells {
        let total = |new: bool| -> u64 {
            cells
                .iter()
                .filter(|((ou, g, _), _)| ou == outlet && g == group)
                .map(|(_, &(a, b))| if new { b } else { a })
                .sum()
        };
        let share = |k: u64, t: u64| (t > 0).then(|| k as f64 / t as f64);
        out.counts.push(CountChange {
            outlet: outlet.clone(),
            group: group.clone(),
            category: category.clone(),
            tokens: tokens.get(outlet).copied().unwrap_or(0),
            old_count: o,
            new_count: n,
            old_share: share(o, total(false)),
            new_share: share(n, total(true)),
        });
    }
    Ok(out)
}

//! Phase 2 and the merge: each article of a partition cleaned with the
//! plan, matched and made into a per-article row ([`Counted`]); the rows of
//! every partition, in key order, added up into the [`Pass`] the fused
//! passes of a single run give.

use super::plan::{Fate, Plan};
use super::{ArticleKey, PartitionError, Settings};
use crate::corpus::dates::Date;
use crate::corpus::Article;
use crate::counts::{CountTable, LanguageCounts, OutletCounts, Tally};
use crate::lexicon::Lexicon;
use crate::matching::Matcher;
use crate::pass::feed::Cleaner;
use crate::pass::{InputSummary, Pass, Seen};
use std::collections::BTreeMap;

/// One article as phase 2 left it: its counts and what cleaning removed,
/// or that the plan left it out; with the caller's rows (`make`).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Counted<R> {
    pub key: ArticleKey,
    pub fate: Fate,
    pub id: String,
    /// The comparison unit (the outlet, or the `--group-by` value).
    pub outlet: String,
    /// Tokens of the cleaned text.
    pub tokens: u64,
    /// ISO 639-1 code of the language it was matched in; empty for none.
    pub language: String,
    /// Matches per category, in the lexicon's (flattened) order.
    pub counts: Vec<u32>,
    /// (term, normalised written form, matches), sorted.
    pub forms: Vec<(u32, String, u32)>,
    /// With `--period`: the period of its date, `None` when undated.
    pub period: Option<String>,
    /// With `--period`, true when its date cannot be read.
    pub undated: bool,
    /// Spans removed per cleaning rule (`Rule as usize`).
    pub removals: [u32; 3],
    /// Whether cleaning removed more than half its text.
    pub half_cleaned: bool,
    pub rows: Option<R>,
}

impl<R> Counted<R> {
    fn left_out(key: ArticleKey, fate: Fate, article: Article, categories: usize) -> Counted<R> {
        Counted {
            key,
            fate,
            id: article.id,
            outlet: article.outlet,
            tokens: 0,
            language: String::new(),
            counts: vec![0; categories],
            forms: Vec::new(),
            period: None,
            undated: false,
            removals: [0; 3],
            half_cleaned: false,
            rows: None,
        }
    }

    /// Matches in all categories.
    pub fn matches(&self) -> u64 {
        self.counts.iter().map(|&n| u64::from(n)).sum()
    }
}

/// Phase 2 over one partition's admitted articles (the same as phase 1
/// admitted, with the same keys), on `threads` threads: each counted
/// article's row, with the caller's rows made by `make` on the worker, is
/// handed to `keep` in the partition's order.
pub fn count<R, E>(
    plan: &Plan,
    settings: &Settings,
    matcher: &Matcher,
    articles: impl Iterator<Item = Result<(ArticleKey, Article), E>> + Send,
    threads: usize,
    make: impl Fn(&Seen) -> Result<R, E> + Sync,
    mut keep: impl FnMut(Counted<R>) -> Result<(), E> + Send,
) -> Result<(), E>
where
    R: Send,
    E: From<PartitionError> + Send,
{
    plan.check(settings).map_err(E::from)?;
    let cleaner = Cleaner::new((!settings.options.no_clean).then(|| plan.boilerplate().clone()));
    let categories = matcher.categories().len();
    let work = |(key, mut article): (ArticleKey, Article)| -> Result<Option<Counted<R>>, E> {
        let fate = plan.fate(key);
        if fate != Fate::Counted {
            return Ok(Some(Counted::left_out(key, fate, article, categories)));
        }
        let clean = cleaner.clean_in_place(&mut article);
        let found = matcher.find_article(&article);
        let rows = make(&Seen {
            article: &article,
            original: clean.original.as_deref().unwrap_or(&article.text),
            removals: &clean.removals,
            found: &found,
        })?;
        let mut counts = vec![0u32; categories];
        let mut forms: BTreeMap<(u32, &str), u32> = BTreeMap::new();
        for hit in &found.hits {
            if let Some(n) = counts.get_mut(hit.category) {
                *n = n.saturating_add(1);
            }
            let n = forms.entry((hit.term as u32, found.form(hit))).or_insert(0);
            *n = n.saturating_add(1);
        }
        let mut by_rule = [0u32; 3];
        for r in &clean.removals {
            by_rule[r.rule as usize] += 1;
        }
        let (period, undated) = match settings.period {
            Some(period) => match Date::parse(&article.date) {
                Ok(date) => (Some(period.key(date)), false),
                Err(_) => (None, true),
            },
            None => (None, false),
        };
        Ok(Some(Counted {
            key,
            fate,
            forms: forms
                .into_iter()
                .map(|((t, f), n)| (t, f.to_string(), n))
                .collect(),
            id: article.id,
            outlet: article.outlet,
            tokens: found.tokens,
            language: found.language.map_or("", |l| l.code()).to_string(),
            counts,
            period,
            undated,
            removals: by_rule,
            half_cleaned: clean.half_cleaned(),
            rows: Some(rows),
        }))
    };
    crate::parallel::ordered_map(articles, threads, work, |done| match done.take() {
        Some(row) => keep(row),
        None => Ok(()),
    })
}

/// The rows of every partition (in any order) added up: the [`Pass`] of
/// the fused passes over the whole corpus, and the caller's rows of the
/// counted articles in key order. Refuses rows that do not cover the
/// plan's articles exactly once, or that were counted with another plan.
pub fn merge<R>(
    plan: &Plan,
    settings: &Settings,
    lexicon: &Lexicon,
    matcher: &Matcher,
    mut rows: Vec<Counted<R>>,
) -> Result<(Pass, Vec<R>), PartitionError> {
    plan.check(settings)?;
    rows.sort_unstable_by_key(|r| r.key);
    if let Some(w) = rows.windows(2).find(|w| w[0].key == w[1].key) {
        return Err(PartitionError::DuplicateKey(w[0].key));
    }
    let mix = rows.iter().fold(0u64, |m, r| m.wrapping_add(r.key.mix()));
    let wrong_fate = rows.iter().find(|r| r.fate != plan.fate(r.key));
    if rows.len() as u64 != plan.articles() || mix != plan.keys_mix() || wrong_fate.is_some() {
        let detail = match wrong_fate {
            Some(r) => format!(
                " (article {} at key {} was {:?} where the plan says {:?})",
                r.id,
                r.key,
                r.fate,
                plan.fate(r.key)
            ),
            None if rows.len() as u64 == plan.articles() => {
                " (the same number, but not the same articles)".into()
            }
            None => String::new(),
        };
        return Err(PartitionError::Coverage {
            found: rows.len() as u64,
            expected: plan.articles(),
            detail,
        });
    }
    let categories = matcher.categories().len();
    let groups: Vec<String> = lexicon.groups.iter().map(|g| g.id.clone()).collect();
    let template = CountTable::new(matcher, groups);
    let mut input = InputSummary::with_options(&settings.options, settings.period);
    let mut whole = Sums::default();
    let mut periods: BTreeMap<String, Sums> = BTreeMap::new();
    let (mut articles, mut matches) = (0u64, 0u64);
    let mut made = Vec::new();
    for row in rows {
        match row.fate {
            Fate::Counted => {}
            Fate::Copy => {
                input.duplicates_dropped += 1;
                continue;
            }
            Fate::Syndicated => {
                input.syndicated_dropped += 1;
                continue;
            }
        }
        if row.counts.len() != categories {
            return Err(PartitionError::Lexicon(format!(
                "article {} has {} category counts, the lexicon {categories} categories",
                row.id,
                row.counts.len()
            )));
        }
        for (mine, theirs) in input.removals.iter_mut().zip(row.removals) {
            *mine += u64::from(theirs);
        }
        input.articles_cleaned += u64::from(row.removals.iter().any(|&n| n > 0));
        input.half_cleaned += u64::from(row.half_cleaned);
        articles += 1;
        matches += row.matches();
        whole.add(&row, categories);
        if settings.period.is_some() {
            match &row.period {
                Some(p) => periods.entry(p.clone()).or_default().add(&row, categories),
                None => input.undated += u64::from(row.undated),
            }
        }
        made.extend(row.rows);
    }
    let mut counts = template.clone();
    counts
        .merge_tally(whole.into_tally())
        .map_err(PartitionError::Lexicon)?;
    let periods = periods
        .into_iter()
        .map(|(p, sums)| {
            let mut table = template.clone();
            table
                .merge_tally(sums.into_tally())
                .map_err(PartitionError::Lexicon)?;
            Ok((p, table))
        })
        .collect::<Result<BTreeMap<_, _>, PartitionError>>()?;
    input.read = plan.read().clone();
    input.sha256 = plan.sha256().to_string();
    input.duplicates = plan.duplicates().clone();
    input.syndication_pairs = plan.pairs().to_vec();
    input.too_short = plan.too_short();
    input.periods = periods.len();
    let pass = Pass {
        counts,
        input,
        periods,
        signatures: None,
        syndication_dropped: Some(plan.syndication_dropped()),
        articles,
        matches,
        first_pass_seconds: 0.0,
    };
    Ok((pass, made))
}

/// A count table being added up from rows: the outlets' totals and their
/// written forms.
#[derive(Default)]
struct Sums {
    outlets: BTreeMap<String, OutletCounts>,
    forms: BTreeMap<(String, usize, String), u64>,
    languages: BTreeMap<String, LanguageCounts>,
}

impl Sums {
    /// Adds a counted article, as [`CountTable::add`] adds it.
    fn add<R>(&mut self, row: &Counted<R>, categories: usize) {
        let outlet = self
            .outlets
            .entry(row.outlet.clone())
            .or_insert_with(|| OutletCounts {
                counts: vec![0; categories],
                articles_with_match: vec![0; categories],
                ..OutletCounts::default()
            });
        outlet.articles += 1;
        outlet.tokens += row.tokens;
        outlet.article_tokens.push(row.tokens);
        outlet.article_counts.push(&row.counts);
        for ((total, with), &k) in outlet
            .counts
            .iter_mut()
            .zip(outlet.articles_with_match.iter_mut())
            .zip(&row.counts)
        {
            *total += u64::from(k);
            *with += u64::from(k > 0);
        }
        let language = self
            .languages
            .entry(row.language.clone())
            .or_insert_with(|| LanguageCounts {
                counts: vec![0; categories],
                ..LanguageCounts::default()
            });
        language.articles += 1;
        language.tokens += row.tokens;
        for (total, &k) in language.counts.iter_mut().zip(&row.counts) {
            *total += u64::from(k);
        }
        for (term, form, n) in &row.forms {
            *self
                .forms
                .entry((row.outlet.clone(), *term as usize, form.clone()))
                .or_insert(0) += u64::from(*n);
        }
    }

    fn into_tally(self) -> Tally {
        Tally {
            outlets: self.outlets,
            forms: self
                .forms
                .into_iter()
                .map(|((outlet, term, form), n)| (outlet, term, form, n))
                .collect(),
            languages: self.languages,
        }
    }
}

//! The report's article-level models: for each category a negative
//! binomial model of its count (offset: the article's tokens), for each
//! label a binomial model of its share of the group's matches, both on
//! outlet plus the period and any covariates, each outlet against one
//! reference outlet ([`crate::stats::models`] fits them). Also each
//! outlet's unadjusted ratio over the same articles, so the two can be read
//! side by side, and the rule that decides whether a report fits them at
//! all (`docs/METHODS.md`, section 9).
//!
//! It knows the count table and the articles' facts ([`ArticleFacts`]);
//! it writes nothing and composes no sentence.

mod articles;
#[cfg(test)]
mod tests;

pub use articles::{ArticleFacts, Facts};

use crate::counts::CountTable;
use crate::stats::models::{
    fit_counts, fit_shares, ArticleTable, Covariance, Dispersion, Exclusion, Factor, ModelError,
    ModelFit, Ratio,
};
use articles::UNDATED;

/// Articles per parameter the default (`--model` not given) asks for.
pub const MIN_ARTICLES_PER_PARAMETER: usize = 10;

/// Whether to fit the models.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ModelMode {
    /// When there is something to hold fixed and enough articles (the rule
    /// of [`fit`]).
    #[default]
    Auto,
    /// Always (`--model`).
    On,
    /// Never (`--no-model`).
    Off,
}

/// What the models are fitted with.
#[derive(Debug, Clone)]
pub struct ModelOptions<'a> {
    pub mode: ModelMode,
    /// `--reference`: the outlet the others are compared with.
    pub reference: Option<&'a str>,
    /// The name of the period factor (`month`), when articles have periods.
    pub period: Option<&'a str>,
    /// Confidence of the intervals.
    pub confidence: f64,
    /// The outlets modelled by name (those the charts show); the others are
    /// pooled into one level named `pooled_name`.
    pub shown: &'a [String],
    pub pooled_name: &'a str,
}

/// Which model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Negative binomial of a category's count per article: rate ratios.
    Counts,
    /// Binomial of a label's share of its group's matches: odds ratios.
    Shares,
}

impl Kind {
    /// `counts` or `shares`.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Counts => "counts",
            Kind::Shares => "shares",
        }
    }

    /// `rate_ratio` or `odds_ratio`.
    pub fn ratio_kind(self) -> &'static str {
        match self {
            Kind::Counts => "rate_ratio",
            Kind::Shares => "odds_ratio",
        }
    }
}

/// An outlet's row of a fitted model.
#[derive(Debug, Clone, PartialEq)]
pub struct OutletRatio {
    pub outlet: String,
    /// Its articles in the model's table.
    pub articles: usize,
    /// Why it has no ratio, if it has none.
    pub status: Status,
    /// The adjusted ratio against the reference, with its interval.
    pub ratio: Option<Ratio>,
    /// The ratio of the pooled rates (counts) or pooled odds (shares) of
    /// the outlet's and the reference's articles in the table.
    pub unadjusted: Option<f64>,
}

/// Whether an outlet has a ratio.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Fitted,
    /// Left out: no match (its ratio would be 0).
    NoMatch,
    /// Left out: every match of the group is the label (its ratio would be infinite).
    OnlyLabel,
    /// No article the model can use (no tokens; for shares, no match of the group).
    NoArticles,
}

impl Status {
    /// The CSV code.
    pub fn code(self) -> &'static str {
        match self {
            Status::Fitted => "fitted",
            Status::NoMatch => "no_match",
            Status::OnlyLabel => "only_label",
            Status::NoArticles => "no_articles",
        }
    }
}

/// A fitted model's numbers.
#[derive(Debug, Clone, PartialEq)]
pub struct Fitted {
    /// Articles fitted (after leaving out levels without a match).
    pub articles: usize,
    /// The negative binomial alpha (counts).
    pub alpha: Option<f64>,
    /// Every outlet but the reference, in level order.
    pub outlets: Vec<OutletRatio>,
    /// Periods and covariate levels left out (`factor=level`), with why.
    pub left_out: Vec<String>,
}

/// Why a model has no numbers.
#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    /// Fewer than two outlets could have a finite ratio: those that use
    /// the category (counts), or use the label and another (shares).
    NothingToCompare { users: Vec<String> },
    /// The library's refusal ([`ModelError`]), in words.
    Error(String),
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::NothingToCompare { users } => match users.first() {
                None => {
                    f.write_str("nothing to compare: no outlet uses it in the model's articles")
                }
                Some(o) => write!(
                    f,
                    "nothing to compare: only {o} uses it in the model's articles"
                ),
            },
            Failure::Error(e) => f.write_str(e),
        }
    }
}

/// One model: a category's count or a label's share.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    pub kind: Kind,
    /// The category (label) index in the count table.
    pub category: usize,
    /// The reference outlet used.
    pub reference: String,
    /// Why the reference differs from the report's, if it does.
    pub note: String,
    /// The numbers, or why the model could not be fitted.
    pub result: Result<Fitted, Failure>,
}

/// Every model of a report.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelSet {
    /// The reference outlet (the largest shown, or `--reference`).
    pub reference: String,
    /// The factors held fixed: the period's name, then the covariates.
    pub adjusted_for: Vec<String>,
    /// `hc1` or `cluster:<column>`.
    pub covariance: String,
    /// Articles in the models' table.
    pub articles: usize,
    /// Articles left out for want of a date (`--period`).
    pub undated: usize,
    /// Parameters of the count model over the whole table.
    pub parameters: usize,
    /// The outlets pooled into one level, and its name.
    pub pooled: Vec<String>,
    pub pooled_name: String,
    /// Why the models were fitted (`--model`, or the default rule met).
    pub why: String,
    pub confidence: f64,
    pub models: Vec<Model>,
}

/// The models, or why there are none.
#[derive(Debug, Clone, PartialEq)]
pub enum Models {
    /// Not fitted, and why in a sentence.
    NotFitted(String),
    Fitted(ModelSet),
}

impl Default for Models {
    fn default() -> Self {
        Models::NotFitted("the models were not asked for".into())
    }
}

/// The models' table: one row per article kept, with where its counts are.
struct Table {
    table: ArticleTable,
    /// Per row: (outlet name index in `counts.outlets`, its row there).
    rows: Vec<(usize, usize)>,
    clusters: Option<Vec<usize>>,
    undated: usize,
}

/// Fits every model of a report, or says why not.
///
/// The default ([`ModelMode::Auto`]) fits them when something is held fixed
/// (`--period` or a covariate) and the table has at least
/// [`MIN_ARTICLES_PER_PARAMETER`] articles per parameter of the count model
/// (intercept, outlets, periods, covariate levels and alpha).
pub fn fit(counts: &CountTable, facts: Option<&ArticleFacts>, opts: &ModelOptions) -> Models {
    if opts.mode == ModelMode::Off {
        return Models::NotFitted("--no-model was given".into());
    }
    let Some(facts) = facts else {
        return Models::NotFitted(
            "a merged report has no per-article facts (shards do not keep them): run `framescore report` over the whole corpus for the models".into(),
        );
    };
    let names: Vec<&String> = counts.outlets.keys().collect();
    if let Some(bad) = names
        .iter()
        .find(|o| facts.articles(o) as u64 != counts.outlets[o.as_str()].articles)
    {
        return Models::NotFitted(format!(
            "the per-article facts of {bad} do not match its counts (a bug: please report it)"
        ));
    }
    let mut adjusted_for: Vec<String> = opts.period.map(str::to_string).into_iter().collect();
    adjusted_for.extend(facts.covariates.iter().cloned());
    // The outlet levels: those shown, the reference if it is not, then the pool.
    let mut levels: Vec<String> = opts.shown.to_vec();
    if let Some(r) = opts.reference {
        if !counts.outlets.contains_key(r) {
            let known: Vec<&str> = names.iter().map(|s| s.as_str()).collect();
            return Models::NotFitted(format!(
                "--reference {r} is not an outlet of this corpus (they are: {})",
                super::name_list(&known)
            ));
        }
        if !levels.iter().any(|l| l == r) {
            levels.push(r.to_string());
        }
    }
    let pooled: Vec<String> = names
        .iter()
        .filter(|o| !levels.contains(o))
        .map(|o| o.to_string())
        .collect();
    if !pooled.is_empty() {
        levels.push(opts.pooled_name.to_string());
    }
    let t = match table(counts, facts, &levels, opts) {
        Ok(t) => t,
        Err(e) => return Models::NotFitted(e.to_string()),
    };
    let n = t.table.len();
    // The levels with articles.
    let present = |f: &Factor| f.sizes().iter().filter(|&&n| n > 0).count();
    let outlet_levels = present(t.table.outlet());
    let parameters = 1
        + outlet_levels.saturating_sub(1)
        + t.table
            .controls()
            .iter()
            .map(|f| present(f).saturating_sub(1))
            .sum::<usize>()
        + 1;
    let why = match opts.mode {
        ModelMode::On => "--model was given".to_string(),
        _ if adjusted_for.is_empty() => {
            return Models::NotFitted(
                "nothing to hold fixed: add --period (and --covariate COLUMN) for models that compare outlets within the same period".into(),
            )
        }
        _ if outlet_levels < 2 => {
            return Models::NotFitted("fewer than two outlets with articles to compare".into())
        }
        _ if n < MIN_ARTICLES_PER_PARAMETER * parameters => {
            return Models::NotFitted(format!(
                "{n} articles for {parameters} parameters; the default asks for at least {MIN_ARTICLES_PER_PARAMETER} articles per parameter (a coarser --period has fewer; --model fits them anyway)"
            ))
        }
        _ => format!(
            "{n} articles for {parameters} parameters, at least {MIN_ARTICLES_PER_PARAMETER} per parameter"
        ),
    };
    let reference = match opts.reference {
        Some(r) => r.to_string(),
        None => largest(&t.table, |l| l < opts.shown.len()).unwrap_or_default(),
    };
    let covariance = match facts.cluster() {
        Some(c) => format!("cluster:{c}"),
        None => "hc1".to_string(),
    };
    let mut models = Vec::new();
    for g in 0..counts.groups.len() {
        for c in counts.group_categories(g) {
            for kind in [Kind::Counts, Kind::Shares] {
                models.push(one(counts, &t, kind, c, &reference, opts));
            }
        }
    }
    // Counts first, then shares, each in lexicon order.
    models.sort_by_key(|m| (m.kind == Kind::Shares, m.category));
    Models::Fitted(ModelSet {
        reference,
        adjusted_for,
        covariance,
        articles: n,
        undated: t.undated,
        parameters,
        pooled,
        pooled_name: opts.pooled_name.to_string(),
        why,
        confidence: opts.confidence,
        models,
    })
}

/// The level of the outlet factor with most articles among those `eligible`.
fn largest(table: &ArticleTable, eligible: impl Fn(usize) -> bool) -> Option<String> {
    let outlet = table.outlet();
    let sizes = outlet.sizes();
    (0..sizes.len())
        .filter(|&l| eligible(l) && sizes[l] > 0)
        .max_by_key(|&l| (sizes[l], std::cmp::Reverse(l)))
        .map(|l| outlet.levels()[l].clone())
}

/// The models' article table: every counted article (dated ones only with
/// a period), its outlet level, period and covariate levels.
fn table(
    counts: &CountTable,
    facts: &ArticleFacts,
    levels: &[String],
    opts: &ModelOptions,
) -> Result<Table, ModelError> {
    let pooled_level = levels.len().saturating_sub(1);
    let level_of = |o: &str| levels.iter().position(|l| l == o).unwrap_or(pooled_level);
    let w = facts.width();
    let k = facts.covariates.len();
    let by_period = opts.period.is_some() && facts.by_period;
    let mut rows = Vec::new();
    let mut outlet_codes = Vec::new();
    let mut period_codes = Vec::new();
    let mut cov_codes: Vec<Vec<usize>> = vec![Vec::new(); k];
    let mut clusters = Vec::new();
    let mut undated = 0;
    for (oi, (name, codes)) in facts.outlets.iter().enumerate() {
        // `facts.outlets` and `counts.outlets` are both keyed by name.
        debug_assert_eq!(counts.outlets.keys().nth(oi), Some(name));
        for (row, a) in codes.chunks_exact(w).enumerate() {
            if by_period && a[0] == UNDATED {
                undated += 1;
                continue;
            }
            rows.push((oi, row));
            outlet_codes.push(level_of(name));
            period_codes.push(a[0] as usize);
            for (j, codes) in cov_codes.iter_mut().enumerate() {
                codes.push(a[1 + j] as usize);
            }
            clusters.push(a[1 + k] as usize);
        }
    }
    let reference = match opts.reference {
        Some(r) => level_of(r),
        None => 0,
    };
    let outlet = Factor::new("outlet", levels.to_vec(), outlet_codes, reference)?;
    let mut controls = Vec::new();
    if let (true, Some(name)) = (by_period, opts.period) {
        controls.push(sorted_factor(name, &facts.periods.names, &period_codes)?);
    }
    for (j, codes) in cov_codes.iter().enumerate() {
        controls.push(sorted_factor(
            &facts.covariates[j],
            &facts.levels[j].names,
            codes,
        )?);
    }
    Ok(Table {
        table: ArticleTable::new(outlet, controls)?,
        rows,
        clusters: facts.cluster().is_some().then_some(clusters),
        undated,
    })
}

/// A factor whose levels are `names` in sorted order (empty named
/// `(empty)`), reference the first: the earliest period.
fn sorted_factor(name: &str, names: &[String], codes: &[usize]) -> Result<Factor, ModelError> {
    let mut order: Vec<usize> = (0..names.len()).collect();
    order.sort_by(|&a, &b| names[a].cmp(&names[b]));
    let mut rank = vec![0; names.len()];
    for (r, &i) in order.iter().enumerate() {
        rank[i] = r;
    }
    let levels = order
        .iter()
        .map(|&i| match names[i].as_str() {
            "" => "(empty)".to_string(),
            s => s.to_string(),
        })
        .collect();
    let codes = codes.iter().map(|&c| rank[c]).collect();
    Factor::new(name, levels, codes, 0)
}

/// One model: its fit, refitted against the largest outlet that can anchor
/// it when the report's reference cannot and no `--reference` was given.
fn one(
    counts: &CountTable,
    t: &Table,
    kind: Kind,
    category: usize,
    reference: &str,
    opts: &ModelOptions,
) -> Model {
    let outlets: Vec<&crate::counts::OutletCounts> = counts.outlets.values().collect();
    let cell =
        |&(o, row): &(usize, usize), c: usize| u64::from(outlets[o].article_counts.get(row, c));
    let y: Vec<u64> = t.rows.iter().map(|r| cell(r, category)).collect();
    let (tokens, trials): (Vec<u64>, Vec<u64>) = match kind {
        Kind::Counts => (
            t.rows
                .iter()
                .map(|&(o, row)| outlets[o].article_tokens.get(row).copied().unwrap_or(0))
                .collect(),
            Vec::new(),
        ),
        Kind::Shares => {
            let cats = counts.group_categories(counts.categories[category].group);
            let n = t
                .rows
                .iter()
                .map(|r| cats.iter().map(|&c| cell(r, c)).sum())
                .collect();
            (Vec::new(), n)
        }
    };
    let denominators = match kind {
        Kind::Counts => &tokens,
        Kind::Shares => &trials,
    };
    let run = |table: &ArticleTable| match kind {
        Kind::Counts => fit_counts(table, &y, &tokens, Dispersion::Estimate),
        Kind::Shares => fit_shares(table, &y, &trials),
    };
    let levels = t.table.outlet().levels();
    let at = |name: &str| levels.iter().position(|l| l == name).unwrap_or(0);
    let mut used = reference.to_string();
    let mut note = String::new();
    // Outlets whose ratio could be finite: nothing to compare without two.
    let sums = level_sums(&t.table, &y, denominators);
    let informative: Vec<&String> = (0..levels.len())
        .filter(|&l| sums[l].k > 0 && (kind == Kind::Counts || sums[l].k < sums[l].n))
        .map(|l| &levels[l])
        .collect();
    if informative.len() < 2 {
        return Model {
            kind,
            category,
            reference: used,
            note,
            result: Err(Failure::NothingToCompare {
                users: informative.into_iter().cloned().collect(),
            }),
        };
    }
    let mut result = with_reference(&t.table, at(&used)).and_then(|tab| run(&tab));
    if opts.reference.is_none() {
        if let Err(ModelError::ReferenceExcluded { .. } | ModelError::ReferenceAbsent { .. }) =
            &result
        {
            // The largest outlet whose articles use the label and something else.
            let anchors = |l: usize| {
                let LevelSums { k, n, .. } = sums[l];
                l < opts.shown.len() && k > 0 && (kind == Kind::Counts || k < n)
            };
            if let Some(other) = largest(&t.table, anchors).filter(|o| *o != used) {
                note = format!(
                    "{used} cannot anchor this model ({}); compared with {other} instead",
                    match kind {
                        Kind::Counts => "it never uses the category",
                        Kind::Shares => "it never uses the label, or uses only it",
                    }
                );
                used = other;
                result = with_reference(&t.table, at(&used)).and_then(|tab| run(&tab));
            }
        }
    }
    let result = result
        .and_then(|fit| fitted(&fit, t, kind, &sums, opts.confidence))
        .map_err(|e| Failure::Error(e.to_string()));
    Model {
        kind,
        category,
        reference: used,
        note,
        result,
    }
}

/// The table with outlet level `reference` as the reference.
fn with_reference(table: &ArticleTable, reference: usize) -> Result<ArticleTable, ModelError> {
    let o = table.outlet();
    let outlet = Factor::new(o.name(), o.levels().to_vec(), o.codes().to_vec(), reference)?;
    ArticleTable::new(outlet, table.controls().to_vec())
}

/// An outlet level's articles with a positive denominator (tokens, or the
/// group's matches): the sums of `y` and of the denominators over them, and
/// how many they are.
#[derive(Debug, Clone, Copy, Default)]
struct LevelSums {
    k: u64,
    n: u64,
    articles: usize,
}

/// [`LevelSums`] per outlet level.
fn level_sums(table: &ArticleTable, y: &[u64], d: &[u64]) -> Vec<LevelSums> {
    let outlet = table.outlet();
    let mut sums = vec![LevelSums::default(); outlet.levels().len()];
    for (i, &l) in outlet.codes().iter().enumerate() {
        if d[i] > 0 {
            sums[l].k += y[i];
            sums[l].n += d[i];
            sums[l].articles += 1;
        }
    }
    sums
}

/// Each outlet's row of a fit, with the unadjusted ratio beside it (from
/// the [`level_sums`] of the model's counts).
fn fitted(
    fit: &ModelFit,
    t: &Table,
    kind: Kind,
    sums: &[LevelSums],
    confidence: f64,
) -> Result<Fitted, ModelError> {
    let cov = match &t.clusters {
        Some(c) => Covariance::Cluster(c),
        None => Covariance::Hc1,
    };
    let ratios = fit.ratios(&cov, confidence)?;
    let outlet = t.table.outlet();
    let reference = fit.reference();
    let r = outlet
        .levels()
        .iter()
        .position(|l| l == reference)
        .unwrap_or(0);
    // Rate: k / tokens; odds: k / (n - k).
    let measure = |LevelSums { k, n, .. }: LevelSums| match kind {
        Kind::Counts => (n > 0).then(|| k as f64 / n as f64),
        Kind::Shares => (k < n).then(|| k as f64 / (n - k) as f64),
    };
    let unadjusted = |l: usize| {
        let (a, b) = (measure(sums[l])?, measure(sums[r])?);
        (a > 0.0 && b > 0.0).then(|| a / b)
    };
    let outlets = outlet
        .levels()
        .iter()
        .enumerate()
        .filter(|&(l, _)| l != r)
        .map(|(l, name)| {
            let ratio = ratios.iter().find(|x| &x.level == name).cloned();
            let excluded = fit
                .excluded()
                .iter()
                .find(|e| e.factor == outlet.name() && &e.level == name);
            let status = match (&ratio, excluded.map(|e| e.reason)) {
                (Some(_), _) => Status::Fitted,
                (None, Some(Exclusion::NoMatch)) => Status::NoMatch,
                (None, Some(Exclusion::OnlyLabel)) => Status::OnlyLabel,
                (None, None) => Status::NoArticles,
            };
            OutletRatio {
                outlet: name.clone(),
                articles: sums[l].articles,
                status,
                ratio,
                unadjusted: unadjusted(l),
            }
        })
        .collect();
    let left_out = fit
        .excluded()
        .iter()
        .filter(|e| e.factor != outlet.name())
        .map(|e| format!("{}={} ({})", e.factor, e.level, e.reason.code()))
        .collect();
    Ok(Fitted {
        articles: fit.articles(),
        alpha: fit.alpha(),
        outlets,
        left_out,
    })
}

//! What the models need of each counted article beyond its counts: its
//! period, its value of each covariate and its cluster, kept as small
//! indices into the distinct values seen (a few bytes per article, however
//! long the values). The counts and tokens are not copied: they are the
//! outlet's per-article rows of the count table
//! ([`crate::counts::OutletCounts::article_counts`]), in the same corpus
//! order, which [`ArticleFacts::push`] is called in.

use std::collections::{BTreeMap, HashMap};

/// A period code for an article without a (readable) date.
pub(crate) const UNDATED: u32 = u32::MAX;
/// Cluster codes from here up are articles with an empty cluster value,
/// each its own cluster.
const SINGLETONS: u32 = 1 << 31;

/// Distinct values, each with a small code.
#[derive(Debug, Clone, Default)]
pub(crate) struct Interner {
    codes: HashMap<String, u32>,
    pub(crate) names: Vec<String>,
}

impl Interner {
    fn code(&mut self, value: &str) -> u32 {
        if let Some(&c) = self.codes.get(value) {
            return c;
        }
        let c = u32::try_from(self.names.len()).unwrap_or(UNDATED - 1);
        self.codes.insert(value.to_string(), c);
        self.names.push(value.to_string());
        c
    }
}

/// One article's facts as the worker that counted it read them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Facts {
    /// The comparison unit (outlet, or the `--group-by` value).
    pub outlet: String,
    /// The period key (`2015-03`), `None` when undated or without `--period`.
    pub period: Option<String>,
    /// The value of each covariate, in [`ArticleFacts::covariates`] order
    /// (empty when the article has none).
    pub covariates: Vec<String>,
    /// The cluster value (empty: the article is its own cluster).
    pub cluster: Option<String>,
}

/// The per-article facts of a whole run, per outlet in corpus order.
#[derive(Debug, Clone, Default)]
pub struct ArticleFacts {
    /// Whether articles have periods (`--period`).
    pub(crate) by_period: bool,
    /// The covariates' names (`--covariate`), in the order given.
    pub(crate) covariates: Vec<String>,
    /// The cluster column (`--cluster`).
    pub(crate) cluster: Option<String>,
    pub(crate) periods: Interner,
    pub(crate) levels: Vec<Interner>,
    pub(crate) clusters: Interner,
    singletons: u32,
    /// Per outlet: `width()` codes per article (period, covariates, cluster).
    pub(crate) outlets: BTreeMap<String, Vec<u32>>,
}

impl ArticleFacts {
    /// Empty, for articles with a period when `by_period`, the values of
    /// `covariates` and, with `cluster`, a cluster.
    pub fn new(by_period: bool, covariates: Vec<String>, cluster: Option<String>) -> Self {
        Self {
            by_period,
            levels: vec![Interner::default(); covariates.len()],
            covariates,
            cluster,
            ..Self::default()
        }
    }

    /// The covariates' names, in the order their values are expected.
    pub fn covariates(&self) -> &[String] {
        &self.covariates
    }

    /// The cluster column, if any.
    pub fn cluster(&self) -> Option<&str> {
        self.cluster.as_deref()
    }

    /// Codes per article.
    pub(crate) fn width(&self) -> usize {
        2 + self.covariates.len()
    }

    /// Adds the next counted article (in corpus order).
    pub fn push(&mut self, facts: &Facts) {
        let period = match (&facts.period, self.by_period) {
            (Some(p), true) => self.periods.code(p),
            _ => UNDATED,
        };
        let mut row = Vec::with_capacity(self.width());
        row.push(period);
        for (i, interner) in self.levels.iter_mut().enumerate() {
            let value = facts.covariates.get(i).map_or("", String::as_str);
            row.push(interner.code(value));
        }
        let cluster = match facts.cluster.as_deref().map(str::trim) {
            Some(v) if !v.is_empty() => self.clusters.code(v),
            _ if self.cluster.is_some() => {
                self.singletons += 1;
                SINGLETONS.saturating_add(self.singletons)
            }
            _ => 0,
        };
        row.push(cluster);
        self.outlets
            .entry(facts.outlet.clone())
            .or_default()
            .extend(row);
    }

    /// The number of articles of `outlet` recorded.
    pub fn articles(&self, outlet: &str) -> usize {
        self.outlets
            .get(outlet)
            .map_or(0, |v| v.len() / self.width())
    }

    /// The total number of articles recorded.
    pub fn len(&self) -> usize {
        self.outlets.values().map(Vec::len).sum::<usize>() / self.width()
    }

    /// Whether no article was recorded.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn facts_are_codes_per_outlet_in_order() {
        let mut f = ArticleFacts::new(true, vec!["section".into()], Some("event".into()));
        let fact = |o: &str, p: Option<&str>, s: &str, e: &str| Facts {
            outlet: o.into(),
            period: p.map(Into::into),
            covariates: vec![s.into()],
            cluster: Some(e.into()),
        };
        f.push(&fact("a", Some("2015-01"), "world", "e1"));
        f.push(&fact("b", Some("2015-02"), "us", "e1"));
        f.push(&fact("a", None, "world", ""));
        f.push(&fact("a", Some("2015-02"), "", ""));
        assert_eq!(f.len(), 4);
        assert_eq!(f.articles("a"), 3);
        let a = &f.outlets["a"];
        // period, section, cluster per article
        assert_eq!(&a[0..3], &[0, 0, 0]);
        assert_eq!(a[3], UNDATED);
        assert_eq!(a[4], 0);
        // Empty clusters are each their own.
        assert!(a[5] >= SINGLETONS && a[8] >= SINGLETONS && a[5] != a[8]);
        assert_eq!(f.outlets["b"], vec![1, 1, 0]);
        assert_eq!(f.levels[0].names, vec!["world", "us", ""]);
    }
}

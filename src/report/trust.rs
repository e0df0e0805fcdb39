//! How far the matches can be trusted (`report --validation`): this run's
//! counts corrected for the precision a hand-coded validation measured
//! ([`crate::validation::correct`]), whether that validation describes this
//! run's matches at all (each validated stratum's size against this run's
//! count), and for each headline finding whether it survives the
//! correction.
//!
//! The findings checked are the page's: each outlet's most used label of
//! a group (does it stay the most used once each label's count is
//! multiplied by its precision?) and every difference between two outlets'
//! rates that the comparison family calls significant (does the
//! corrected difference's interval, which carries the article sampling and
//! the precision's uncertainty, exclude 0?).
//!
//! Numbers only: `tables/corrected.rs` writes them, `sentences` says
//! them and `page` shows them.

use super::figures::charted_outlets;
use super::Settings;
use crate::analysis::{Analysis, CompareMeasure, Comparison};
use crate::counts::CountTable;
use crate::validation::correct::{Contrast, Measure, PrecisionSource};
use crate::validation::summary::Level;
use crate::validation::{correct, CorrectOptions, Corrected, ValidationError, ValidationTables};
use std::collections::BTreeMap;

/// Significant rate differences checked and listed at most.
pub const CONTRASTS_CHECKED: usize = 200;

/// A validated stratum whose size differs from this run's count.
#[derive(Debug, Clone, PartialEq)]
pub struct Stale {
    pub outlet: String,
    pub group: String,
    pub category: String,
    /// Matches in the stratum when the sample was drawn.
    pub validated: f64,
    /// This run's count (`None`: no such outlet or category in this run).
    pub counted: Option<u64>,
}

/// An outlet's most used label of a group, raw and corrected.
#[derive(Debug, Clone, PartialEq)]
pub struct HeadlineCheck {
    pub group: usize,
    pub outlet: String,
    /// The most used categories by raw count (several when tied).
    pub raw_top: Vec<usize>,
    pub raw_share: f64,
    /// The same by corrected count; empty when a category of the group
    /// was not corrected.
    pub corrected_top: Vec<usize>,
    /// The corrected share of the first raw top category, with its interval.
    pub corrected_share: Option<f64>,
    pub corrected_share_ci: Option<(f64, f64)>,
}

impl HeadlineCheck {
    /// Checked and still the most used label.
    pub fn survives(&self) -> Option<bool> {
        (!self.corrected_top.is_empty()).then(|| self.corrected_top == self.raw_top)
    }
}

/// A significant difference between two outlets' rates of a category.
#[derive(Debug, Clone, PartialEq)]
pub struct ContrastCheck {
    pub group: usize,
    pub category: usize,
    pub a: String,
    pub b: String,
    /// Adjusted p of the comparison (token level).
    pub p_adjusted: f64,
    /// The article-level interval of the raw log ratio excludes 0
    /// (`None`: no such interval).
    pub raw_article_level: Option<bool>,
    /// Rate difference per 1,000 tokens (a minus b), raw and corrected;
    /// `None` when a category is not validated.
    pub contrast: Option<Contrast>,
}

/// Everything the report says about the validation.
#[derive(Debug, Clone)]
pub struct Trust {
    pub tables: ValidationTables,
    pub corrected: Corrected,
    pub stale: Vec<Stale>,
    /// Validated strata (outlet x category) compared with this run.
    pub strata: usize,
    pub headlines: Vec<HeadlineCheck>,
    /// Significant rate differences, most significant first (at most
    /// [`CONTRASTS_CHECKED`]).
    pub contrasts: Vec<ContrastCheck>,
    /// Significant rate differences in all.
    pub significant: usize,
}

impl Trust {
    /// Corrects `counts` with the validation and checks the findings of
    /// `analysis`.
    ///
    /// # Errors
    ///
    /// [`ValidationError::Stats`] for an invalid confidence level.
    pub fn new(
        tables: ValidationTables,
        counts: &CountTable,
        analysis: &Analysis,
        settings: &Settings,
    ) -> Result<Trust, ValidationError> {
        let corrected = correct(
            counts,
            &tables.model,
            &CorrectOptions {
                seed: settings.stats.seed,
                resamples: settings.stats.bootstrap,
                conf: settings.confidence,
            },
        )?;
        let (stale, strata) = stale(&tables, counts);
        let headlines = headline_checks(counts, &corrected);
        let mut found: Vec<(usize, f64)> = analysis
            .compare
            .rows()
            .zip(&analysis.compare.adjusted)
            .enumerate()
            .filter(|(_, (r, &p))| {
                r.measure == CompareMeasure::Rate
                    && r.comparison == Comparison::Pair
                    && r.category.is_some()
                    && p < 0.05
            })
            .map(|(i, (_, &p))| (i, p))
            .collect();
        let significant = found.len();
        found.sort_by(|x, y| x.1.total_cmp(&y.1).then(x.0.cmp(&y.0)));
        let contrasts = found
            .into_iter()
            .take(CONTRASTS_CHECKED)
            .filter_map(|(i, p)| {
                let r = analysis.compare.get(i)?;
                let (a, b) = (analysis.compare.a(r), analysis.compare.b(r));
                let c = r.category?;
                Some(ContrastCheck {
                    group: r.group,
                    category: c,
                    a: a.to_string(),
                    b: b.to_string(),
                    p_adjusted: p,
                    raw_article_level: r.effect_ci.map(|(lo, hi)| lo > 0.0 || hi < 0.0),
                    contrast: corrected.contrast(a, b, c, Measure::Rate),
                })
            })
            .collect();
        Ok(Trust {
            tables,
            corrected,
            stale,
            strata,
            headlines,
            contrasts,
            significant,
        })
    }

    /// The Wilson interval of the precision a cell was corrected with, as
    /// `validation.csv` has it: the outlet's own (`outlet_category`) or the
    /// category's pooled over outlets (`category`).
    pub fn precision_interval(
        &self,
        outlet: &str,
        group: &str,
        category: &str,
        source: PrecisionSource,
    ) -> Option<(f64, f64)> {
        let (level, outlet) = match source {
            PrecisionSource::Outlet => (Level::OutletCategory, outlet),
            PrecisionSource::Pooled => (Level::Category, ""),
            PrecisionSource::None => return None,
        };
        self.tables
            .matches_at(level)
            .find(|r| r.outlet == outlet && r.group == group && r.category == category)
            .and_then(|r| r.low.zip(r.high))
    }

    /// Why a cell's validation may not describe its matches, for its note.
    pub fn stale_note(&self, outlet: &str, group: &str, category: &str) -> Option<String> {
        self.stale
            .iter()
            .find(|s| s.outlet == outlet && s.group == group && s.category == category)
            .map(|s| {
                format!(
                    "the validated sample was drawn from {} matches, this run counts {}: the lexicon or corpus changed since",
                    crate::output::num(s.validated),
                    s.counted.unwrap_or(0)
                )
            })
    }
}

/// Validated strata whose size differs from this run's count, and how
/// many validated strata there are (outlet x category).
fn stale(tables: &ValidationTables, counts: &CountTable) -> (Vec<Stale>, usize) {
    let mut sizes: BTreeMap<(&str, &str, &str), f64> = BTreeMap::new();
    for r in tables.matches_at(Level::Stratum) {
        *sizes
            .entry((r.outlet.as_str(), r.group.as_str(), r.category.as_str()))
            .or_insert(0.0) += r.population;
    }
    let strata = sizes.len();
    let stale = sizes
        .into_iter()
        .filter_map(|((outlet, group, category), validated)| {
            let c = counts
                .categories
                .iter()
                .position(|c| c.group_id == group && c.id == category);
            let counted = counts
                .outlets
                .get(outlet)
                .zip(c)
                .and_then(|(o, c)| o.counts.get(c).copied());
            let same =
                counted.is_some_and(|k| (k as f64 - validated).abs() <= 1e-6 * validated.max(1.0));
            (!same).then(|| Stale {
                outlet: outlet.to_string(),
                group: group.to_string(),
                category: category.to_string(),
                validated,
                counted,
            })
        })
        .collect();
    (stale, strata)
}

/// The categories of `cats` with the largest value (several when tied).
fn top(cats: &[usize], value: impl Fn(usize) -> Option<f64>) -> Vec<usize> {
    let vals: Option<Vec<(usize, f64)>> = cats.iter().map(|&c| value(c).map(|v| (c, v))).collect();
    let Some(vals) = vals else {
        return Vec::new();
    };
    let best = vals.iter().map(|v| v.1).fold(f64::NEG_INFINITY, f64::max);
    if best <= 0.0 {
        return Vec::new();
    }
    vals.iter()
        .filter(|v| (v.1 - best).abs() <= 1e-12 * best)
        .map(|v| v.0)
        .collect()
}

/// The headline of each charted outlet and group, checked.
fn headline_checks(counts: &CountTable, corrected: &Corrected) -> Vec<HeadlineCheck> {
    let (shown, _) = charted_outlets(counts);
    let mut out = Vec::new();
    for g in 0..counts.groups.len() {
        let cats = counts.group_categories(g);
        for outlet in &shown {
            let cell = |c: usize| corrected.cell(outlet, c);
            let raw_top = top(&cats, |c| cell(c).map(|x| x.count as f64));
            let Some(&first) = raw_top.first() else {
                continue;
            };
            let Some(x) = cell(first) else { continue };
            out.push(HeadlineCheck {
                group: g,
                outlet: outlet.clone(),
                raw_share: x.share.unwrap_or(0.0),
                corrected_top: top(&cats, |c| {
                    // No matches: nothing to correct, whatever the precision.
                    cell(c).and_then(|x| (x.count == 0).then_some(0.0).or(x.corrected_count))
                }),
                raw_top,
                corrected_share: x.corrected_share,
                corrected_share_ci: x.corrected_share_interval,
            });
        }
    }
    out
}

//! The charts over time (`--period`), one of each per group: the share of
//! each label among the group's matches and each label's rate per 1,000
//! tokens, one panel per outlet (those the other charts show, the rest
//! pooled), with the change points of [`crate::analysis::Changes`] marked
//! on the shares.

use crate::analysis::{Analysis, FEW_ARTICLES};
use crate::charts::{isolate, TimelineChart, TimelinePanel};
use crate::counts::{CountTable, OutletCounts};
use crate::pass::Pass;
use crate::stats;

/// A period with fewer of the group's matches than this is thin on the
/// shares timeline: its column is drawn faded.
pub(crate) const FEW_MATCHES: u64 = 10;
/// Adjusted p below which a change point is drawn (and named on the page).
pub(crate) const CHANGE_ALPHA: f64 = 0.05;

/// A chart over time: its file name, the chart (`None`: nothing to draw),
/// its alt text and the note written instead when it is not drawn.
pub(crate) struct TimeChart {
    pub name: String,
    pub chart: Option<TimelineChart>,
    pub alt: String,
    pub note: String,
}

/// One panel's outlets: an outlet the charts show, or the pooled rest.
struct Unit<'a> {
    name: String,
    style: Option<usize>,
    members: Vec<&'a String>,
}

fn units<'a>(outlets: &'a [String], rest: &'a [String]) -> Vec<Unit<'a>> {
    let mut out: Vec<Unit> = outlets
        .iter()
        .enumerate()
        .map(|(i, o)| Unit {
            name: o.clone(),
            style: Some(i),
            members: vec![o],
        })
        .collect();
    if !rest.is_empty() {
        out.push(Unit {
            name: super::pooled_name(rest),
            style: None,
            members: rest.iter().collect(),
        });
    }
    out
}

/// Sums `f` over a unit's outlets in one period's table.
fn sum(table: &CountTable, unit: &Unit, f: impl Fn(&OutletCounts) -> u64) -> u64 {
    unit.members
        .iter()
        .filter_map(|o| table.outlets.get(*o))
        .map(f)
        .sum()
}

/// What a unit's panels draw, per period: each label's matches
/// (`labels[label][period]`), the group's matches (the labels' sum), the
/// tokens and the articles.
struct Sums {
    labels: Vec<Vec<u64>>,
    matches: Vec<u64>,
    tokens: Vec<u64>,
    articles: Vec<u64>,
}

impl Sums {
    /// The sums of `unit` over the labels `cats` in every period of `pass`.
    fn of(pass: &Pass, unit: &Unit, cats: &[usize]) -> Sums {
        let per_period = |f: &dyn Fn(&OutletCounts) -> u64| -> Vec<u64> {
            pass.periods.values().map(|t| sum(t, unit, f)).collect()
        };
        let labels: Vec<Vec<u64>> = cats.iter().map(|&c| per_period(&|o| o.counts[c])).collect();
        let matches = (0..pass.periods.len())
            .map(|t| labels.iter().map(|l| l[t]).sum())
            .collect();
        Sums {
            labels,
            matches,
            tokens: per_period(&|o| o.tokens),
            articles: per_period(&|o| o.articles),
        }
    }

    /// `f(k, n)` of each label's matches `k` in each period and that
    /// period's `n`; `None` where `n` is 0.
    fn each_over(&self, n: &[u64], f: impl Fn(u64, u64) -> f64) -> Vec<Vec<Option<f64>>> {
        self.labels
            .iter()
            .map(|label| {
                label
                    .iter()
                    .zip(n)
                    .map(|(&k, &n)| (n > 0).then(|| f(k, n)))
                    .collect()
            })
            .collect()
    }
}

/// The shares and rates timelines of group `g`.
#[allow(clippy::too_many_arguments)]
pub(crate) fn timelines(
    pass: &Pass,
    analysis: &Analysis,
    g: usize,
    outlets: &[String],
    rest: &[String],
    period: &str,
    confidence: f64,
    ext: &str,
) -> Vec<TimeChart> {
    let counts = &pass.counts;
    let id = &counts.groups[g];
    // As captions and notes name it (an isolate around right-to-left text).
    let named = isolate(id);
    let cats = counts.group_categories(g);
    let level = crate::output::num(confidence * 100.0);
    let units = units(outlets, rest);
    // As the other charts say which outlets they show.
    let super::Scope {
        title: scope,
        pooled,
        ..
    } = super::Scope::of(outlets, rest);
    // Labels used somewhere, each in its colour of the shares chart.
    let (styles, cats): (Vec<usize>, Vec<usize>) = cats
        .iter()
        .enumerate()
        .filter(|&(_, &c)| counts.outlets.values().any(|o| o.counts[c] > 0))
        .map(|(i, &c)| (i, c))
        .unzip();
    let used = !cats.is_empty();
    let labels: Vec<String> = cats
        .iter()
        .map(|&c| counts.categories[c].id.clone())
        .collect();
    let periods: Vec<String> = pass.periods.keys().cloned().collect();
    let sums: Vec<Sums> = units.iter().map(|u| Sums::of(pass, u, &cats)).collect();

    let shares = used.then(|| TimelineChart {
        title: format!(
            "{named}: share of each label among the group's matches, by {period}, one panel per outlet (faded: fewer than {FEW_MATCHES} matches; dashed: change points with {} adjusted p < {CHANGE_ALPHA}{scope})",
            analysis.changes.adjust.title()
        ),
        y_label: "% of the group's matches".into(),
        periods: periods.clone(),
        series: labels.clone(),
        styles: styles.clone(),
        panels: units
            .iter()
            .zip(&sums)
            .map(|(u, s)| {
                let changes = analysis
                    .changes
                    .series
                    .iter()
                    .filter(|s| s.group == g && s.outlet == u.name)
                    .flat_map(|s| &s.changes)
                    .filter(|c| c.p_adjusted < CHANGE_ALPHA)
                    .map(|c| c.point.period)
                    .collect();
                TimelinePanel {
                    outlet: u.name.clone(),
                    style: u.style,
                    totals: s.matches.clone(),
                    values: s.each_over(&s.matches, |k, n| 100.0 * k as f64 / n as f64),
                    intervals: vec![None; s.matches.len()],
                    changes,
                }
            })
            .collect(),
        max: Some(100.0),
        few: FEW_MATCHES,
        few_label: format!("fewer than {FEW_MATCHES} matches in the {period}"),
        interval_label: String::new(),
        unit: "matches".into(),
    });

    let per_1k = |x: f64, n: u64| x * 1000.0 / n as f64;
    let rates = used.then(|| TimelineChart {
        title: format!(
            "{named}: matches per 1,000 tokens by {period}, each label's part stacked, one panel per outlet ({level}% exact Poisson CI of the group's rate; faded: fewer than {FEW_ARTICLES} articles{scope})"
        ),
        y_label: "matches per 1,000 tokens".into(),
        periods: periods.clone(),
        series: labels.clone(),
        styles: styles.clone(),
        panels: units
            .iter()
            .zip(&sums)
            .map(|(u, s)| {
                let intervals = s
                    .matches
                    .iter()
                    .zip(&s.tokens)
                    .map(|(&k, &n)| {
                        let (low, high) = stats::poisson_exact(k, confidence).ok()?;
                        (n > 0).then(|| (per_1k(low, n), per_1k(high, n)))
                    })
                    .collect();
                TimelinePanel {
                    outlet: u.name.clone(),
                    style: u.style,
                    totals: s.articles.clone(),
                    values: s.each_over(&s.tokens, |k, n| per_1k(k as f64, n)),
                    intervals,
                    changes: Vec::new(),
                }
            })
            .collect(),
        max: None,
        few: FEW_ARTICLES,
        few_label: format!("fewer than {FEW_ARTICLES} articles in the {period}"),
        interval_label: format!("{level}% CI of the group's rate"),
        unit: "articles".into(),
    });
    vec![
        TimeChart {
            name: format!("charts/timeline_{id}.{ext}"),
            chart: shares,
            alt: format!("Share of each {named} label among the group's matches per {period}, stacked, one panel per outlet, with the change points{pooled}"),
            note: format!("No timeline for {named}: none of its labels matched."),
        },
        TimeChart {
            name: format!("charts/rates_time_{id}.{ext}"),
            chart: rates,
            alt: format!("Matches per 1,000 tokens of the {named} labels per {period}, stacked, one panel per outlet, with the interval of the group's rate{pooled}"),
            note: format!("No rates over time for {named}: none of its labels matched."),
        },
    ]
}

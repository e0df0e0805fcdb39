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
            .map(|u| {
                let totals: Vec<u64> = pass
                    .periods
                    .values()
                    .map(|t| cats.iter().map(|&c| sum(t, u, |o| o.counts[c])).sum())
                    .collect();
                let values = cats
                    .iter()
                    .map(|&c| {
                        pass.periods
                            .values()
                            .zip(&totals)
                            .map(|(t, &n)| {
                                (n > 0).then(|| 100.0 * sum(t, u, |o| o.counts[c]) as f64 / n as f64)
                            })
                            .collect()
                    })
                    .collect();
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
                    intervals: vec![None; totals.len()],
                    totals,
                    values,
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
            .map(|u| {
                let tokens: Vec<u64> = pass.periods.values().map(|t| sum(t, u, |o| o.tokens)).collect();
                let per_1k = |x: f64, n: u64| x * 1000.0 / n as f64;
                let values = cats
                    .iter()
                    .map(|&c| {
                        pass.periods
                            .values()
                            .zip(&tokens)
                            .map(|(t, &n)| (n > 0).then(|| per_1k(sum(t, u, |o| o.counts[c]) as f64, n)))
                            .collect()
                    })
                    .collect();
                let intervals = pass
                    .periods
                    .values()
                    .zip(&tokens)
                    .map(|(t, &n)| {
                        let k: u64 = cats.iter().map(|&c| sum(t, u, |o| o.counts[c])).sum();
                        let (low, high) = stats::poisson_exact(k, confidence).ok()?;
                        (n > 0).then(|| (per_1k(low, n), per_1k(high, n)))
                    })
                    .collect();
                TimelinePanel {
                    outlet: u.name.clone(),
                    style: u.style,
                    totals: pass.periods.values().map(|t| sum(t, u, |o| o.articles)).collect(),
                    values,
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

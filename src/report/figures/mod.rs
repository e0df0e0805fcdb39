//! Every chart of the report: builds each chart's data from the count table
//! and the analysis, draws it with the [`crate::charts`] library, and hands
//! the page a figure per chart drawn or a note per chart that could not be
//! drawn honestly (no matches, a single outlet, no test).
//!
//! The same outlets are drawn in every chart, in the same order, so each
//! keeps its colour everywhere: all of them up to [`MAX_CHART_OUTLETS`],
//! else those with most tokens, with the rest pooled into one grey "other
//! outlets" bar or row where pooling is meaningful (rates, shares). Every
//! number drawn is a number of the [`Analysis`] the tables are written from.

use super::ReportError;
use crate::analysis::{Analysis, GroupTests, PairRow, Pairwise};
use crate::charts::{
    self, isolate, Chart as _, ChartFormat, Drawn, HeatmapChart, PairwiseChart, PairwiseRow,
    RateBar, RatesChart, SharesChart, TermsChart,
};
use crate::counts::CountTable;
use crate::lexicon::Lexicon;
use crate::pass::Pass;
use crate::stats;
use std::path::Path;

mod time;
pub(crate) use time::CHANGE_ALPHA;

/// Most outlets drawn in one chart; beyond this, those with most tokens.
pub(crate) const MAX_CHART_OUTLETS: usize = 12;
/// Most comparisons drawn in one pairwise chart: those with the smallest adjusted p.
const MAX_PAIRWISE_ROWS: usize = 20;
/// Significance level of the pairwise chart's filled dots.
const ALPHA: f64 = 0.05;

/// Where on the page a chart belongs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Place {
    /// The section of lexicon group `g`.
    Group(usize),
    /// The rates section.
    Rates,
}

/// A chart drawn (`file` set) or a note saying why it was not.
#[derive(Debug, Clone)]
pub(crate) struct Figure {
    pub place: Place,
    /// Path relative to the report folder, e.g. `charts/rates.png`.
    pub file: Option<String>,
    /// Alt text when drawn; the reason when not.
    pub text: String,
    /// What the chart drew, for tests that read it back.
    #[allow(dead_code)]
    pub drawn: Drawn,
}

/// The outlets drawn in every chart, in name order, and the outlets pooled.
pub(crate) fn charted_outlets(counts: &CountTable) -> (Vec<String>, Vec<String>) {
    let mut by_tokens: Vec<(&String, u64)> =
        counts.outlets.iter().map(|(n, o)| (n, o.tokens)).collect();
    by_tokens.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let (mut keep, mut rest): (Vec<String>, Vec<String>) = (Vec::new(), Vec::new());
    for (i, (name, _)) in by_tokens.into_iter().enumerate() {
        if i < MAX_CHART_OUTLETS {
            keep.push(name.clone());
        } else {
            rest.push(name.clone());
        }
    }
    keep.sort();
    rest.sort();
    (keep, rest)
}

pub(crate) fn pooled_name(rest: &[String]) -> String {
    format!("other {} outlets (pooled)", rest.len())
}

/// What titles and captions say of the outlets a chart shows when it does
/// not show them all (every part empty when it does).
#[derive(Default)]
struct Scope {
    /// Inside a title's parenthesis: `; the N outlets with most tokens, the
    /// other M pooled`.
    title: String,
    /// After a caption: ` (N outlets with most tokens; the other M pooled)`.
    pooled: String,
    /// After the caption of a chart that leaves the pool out: ` (N outlets
    /// with most tokens)`.
    shown_only: String,
}

impl Scope {
    fn of(outlets: &[String], rest: &[String]) -> Scope {
        if rest.is_empty() {
            return Scope::default();
        }
        let (n, m) = (outlets.len(), rest.len());
        Scope {
            title: format!("; the {n} outlets with most tokens, the other {m} pooled"),
            pooled: format!(" ({n} outlets with most tokens; the other {m} pooled)"),
            shown_only: format!(" ({n} outlets with most tokens)"),
        }
    }
}

/// Draws every chart into `dir/charts/` and returns them in page order.
pub(crate) fn write(
    dir: &Path,
    lexicon: &Lexicon,
    pass: &Pass,
    analysis: &Analysis,
    confidence: f64,
    format: ChartFormat,
) -> Result<Vec<Figure>, ReportError> {
    let counts = &pass.counts;
    let (outlets, rest) = charted_outlets(counts);
    let ext = format.extension();
    let level = crate::output::num(confidence * 100.0);
    let Scope {
        title: scope,
        pooled,
        shown_only,
    } = Scope::of(&outlets, &rest);
    let mut out = Vec::new();
    let mut draw = |place: Place,
                    name: String,
                    alt: String,
                    result: Option<Result<Drawn, charts::ChartError>>,
                    note: String|
     -> Result<(), ReportError> {
        match result {
            Some(Ok(drawn)) => out.push(Figure {
                place,
                file: Some(name),
                text: alt,
                drawn,
            }),
            Some(Err(charts::ChartError::Nothing(_))) | None => out.push(Figure {
                place,
                file: None,
                text: note,
                drawn: Drawn::default(),
            }),
            Some(Err(e)) => return Err(e.into()),
        }
        Ok(())
    };

    let all: Vec<usize> = (0..counts.categories.len()).collect();
    let what = format!("by category and outlet ({level}% exact Poisson CI{scope})");
    let rates = rates_chart(
        counts, analysis, &all, &outlets, &rest, confidence, &what, false,
    );
    let name = format!("charts/rates.{ext}");
    let result = rates.map(|c| c.draw(&dir.join(&name)));
    draw(
        Place::Rates,
        name,
        format!("Matches per 1,000 tokens by category and outlet, with intervals{pooled}"),
        result,
        format!(
            "No chart of rates: {}.",
            why_no_rates(counts, "no term matched anywhere")
        ),
    )?;

    if analysis.outlets_with_intervals > 0 {
        let what = format!(
            "by category and outlet ({level}% article-level bootstrap CI; none for single-article outlets{scope})"
        );
        let rates = rates_chart(
            counts, analysis, &all, &outlets, &rest, confidence, &what, true,
        );
        let name = format!("charts/rates_article.{ext}");
        let result = rates.map(|c| c.draw(&dir.join(&name)));
        draw(
            Place::Rates,
            name,
            format!("Matches per 1,000 tokens by category and outlet, with article-level bootstrap intervals, the ones to trust{pooled}"),
            result,
            "No chart of rates with article-level intervals: no term matched anywhere.".into(),
        )?;
    }

    let distinctive = distinctive_terms(counts, analysis);
    // Distinctive against the other outlets: none with a single outlet.
    let compared = if counts.outlets.len() > 1 {
        outlets.as_slice()
    } else {
        &[]
    };
    for (style, outlet) in compared.iter().enumerate() {
        let mut terms: Vec<(String, f64)> = distinctive
            .iter()
            .filter(|(o, _, _)| o == outlet)
            .map(|(_, label, z)| (label.clone(), *z))
            .collect();
        terms.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()).then(a.0.cmp(&b.0)));
        terms.truncate(12);
        let name = format!("charts/terms_{}.{ext}", style + 1);
        let chart = TermsChart {
            title: format!(
                "{}: most distinctive lexicon terms vs all other outlets (log-odds z, informative Dirichlet prior)",
                isolate(outlet)
            ),
            outlet: outlet.clone(),
            style,
            terms,
        };
        let result = Some(chart.draw(&dir.join(&name)));
        draw(
            Place::Rates,
            name,
            format!("Distinctive terms of {}: log-odds z against all other outlets; beyond +-1.96 set the outlet apart", isolate(outlet)),
            result,
            format!("No distinctive-terms chart for {}: none of its lexicon terms matched.", isolate(outlet)),
        )?;
    }

    for (g, group) in lexicon.groups.iter().enumerate() {
        let cats = counts.group_categories(g);
        let with_matches: Vec<&String> = counts
            .outlets
            .iter()
            .filter(|(_, o)| cats.iter().any(|&c| o.counts[c] > 0))
            .map(|(n, _)| n)
            .collect();
        let id = &group.id;
        // As captions and notes name it (an isolate around right-to-left text).
        let named = isolate(id);

        let name = format!("charts/shares_{id}.{ext}");
        let (result, note) = match with_matches.as_slice() {
            [] => (None, format!("No shares chart for {named}: no outlet has a match in this group.")),
            [only] => (None, format!(
                "No shares chart for {named}: only {} has matches in this group, so there is no mix to compare (see counts.csv).", isolate(only)
            )),
            _ => {
                let chart = shares_chart(counts, id, &cats, &outlets, &rest, &scope);
                (Some(chart.draw(&dir.join(&name))), String::new())
            }
        };
        draw(
            Place::Group(g),
            name,
            format!("Share of each label among the {named} matches, per outlet{pooled}"),
            result,
            note,
        )?;

        let name = format!("charts/rates_{id}.{ext}");
        let what = format!("{named}, by label and outlet ({level}% exact Poisson CI{scope})");
        let rates = rates_chart(
            counts, analysis, &cats, &outlets, &rest, confidence, &what, false,
        );
        let result = rates.map(|c| c.draw(&dir.join(&name)));
        draw(
            Place::Group(g),
            name,
            format!(
                "Matches per 1,000 tokens of each {named} label, per outlet, with intervals{pooled}"
            ),
            result,
            format!(
                "No rates chart for {named}: {}.",
                why_no_rates(counts, "none of its labels matched")
            ),
        )?;

        let name = format!("charts/residuals_{id}.{ext}");
        let test = analysis.tests.iter().find(|t| t.group == g);
        let heat = test.and_then(|t| heatmap_chart(counts, t, &outlets, id, rest.len()));
        let note = format!(
            "No residual heatmap for {named}: the test needs at least two outlets and two labels with matches."
        );
        let result = heat.map(|c| c.draw(&dir.join(&name)));
        draw(
            Place::Group(g),
            name,
            format!("Adjusted residuals of the outlet x label table of {named}{shown_only}"),
            result,
            note,
        )?;

        let name = format!("charts/pairwise_{id}.{ext}");
        let chart = pairwise_chart(counts, &analysis.pairwise, id, &outlets);
        let result = chart.map(|c| c.draw(&dir.join(&name)));
        draw(
            Place::Group(g),
            name,
            format!(
                "Log ratio of rates between outlet pairs for the labels of {named}{shown_only}"
            ),
            result,
            format!("No pairwise chart for {named}: no two outlets to compare on its labels."),
        )?;

        if let Some(period) = pass.input.period.filter(|_| pass.periods.len() > 1) {
            let charts = time::timelines(
                pass,
                analysis,
                g,
                &outlets,
                &rest,
                period.as_str(),
                confidence,
                ext,
            );
            for t in charts {
                let result = t.chart.map(|c| c.draw(&dir.join(&t.name)));
                draw(Place::Group(g), t.name, t.alt, result, t.note)?;
            }
        }
    }
    Ok(out)
}

/// Why a rates chart was not drawn: a single outlet, or `otherwise`.
fn why_no_rates(counts: &CountTable, otherwise: &str) -> String {
    match counts.outlets.keys().next() {
        Some(only) if counts.outlets.len() == 1 => format!(
            "the corpus has a single outlet ({}), so there is nothing to compare; its rates are in counts.csv",
            isolate(only)
        ),
        _ => otherwise.to_string(),
    }
}

/// Rates of `categories` (those with a match anywhere), titled
/// "Matches per 1,000 tokens, `what`".
/// With `article`, whiskers are the article-level bootstrap intervals (none
/// for outlets with a single article, nor for the pooled bar); otherwise the
/// exact Poisson intervals.
#[allow(clippy::too_many_arguments)]
fn rates_chart(
    counts: &CountTable,
    analysis: &Analysis,
    categories: &[usize],
    outlets: &[String],
    rest: &[String],
    confidence: f64,
    what: &str,
    article: bool,
) -> Option<RatesChart> {
    if counts.outlets.len() < 2 {
        return None;
    }
    let used: Vec<usize> = categories
        .iter()
        .copied()
        .filter(|&c| counts.outlets.values().any(|o| o.counts[c] > 0))
        .collect();
    if used.is_empty() {
        return None;
    }
    // A chart of one group's labels names the group in its title, not on every label.
    let one_group = categories.len() < counts.categories.len()
        && categories
            .windows(2)
            .all(|w| counts.categories[w[0]].group == counts.categories[w[1]].group);
    let pooled_tokens: u64 = rest.iter().map(|o| counts.outlets[o].tokens).sum();
    let bars = used
        .iter()
        .map(|&c| {
            let mut row: Vec<RateBar> = outlets
                .iter()
                .filter_map(|o| {
                    analysis
                        .cells
                        .iter()
                        .position(|cell| cell.category == c && &cell.outlet == o)
                })
                .map(|i| {
                    let cell = &analysis.cells[i];
                    let rate = cell.rate.unwrap_or(0.0);
                    let (low, high) = if article {
                        analysis
                            .intervals
                            .get(i)
                            .and_then(|iv| iv.rate)
                            .unwrap_or((rate, rate))
                    } else {
                        cell.rate_ci.unwrap_or((0.0, 0.0))
                    };
                    RateBar {
                        rate,
                        low,
                        high,
                        count: cell.count,
                        tokens: cell.tokens,
                    }
                })
                .collect();
            if !rest.is_empty() {
                let count: u64 = rest.iter().map(|o| counts.outlets[o].counts[c]).sum();
                let mut bar = pooled_bar(count, pooled_tokens, confidence);
                if article {
                    (bar.low, bar.high) = (bar.rate, bar.rate);
                }
                row.push(bar);
            }
            row
        })
        .collect();
    let mut names = outlets.to_vec();
    if !rest.is_empty() {
        names.push(pooled_name(rest));
    }
    Some(RatesChart {
        title: format!("Matches per 1,000 tokens, {what}"),
        outlets: names,
        categories: used
            .iter()
            .map(|&c| {
                let cat = &counts.categories[c];
                if one_group {
                    cat.id.clone()
                } else {
                    format!("{} / {}", isolate(&cat.group_id), isolate(&cat.id))
                }
            })
            .collect(),
        bars,
        pooled_last: !rest.is_empty(),
    })
}

/// The rate of a pooled set of outlets: their matches over their tokens.
fn pooled_bar(count: u64, tokens: u64, confidence: f64) -> RateBar {
    let per_1k = |x: f64| {
        if tokens > 0 {
            x * 1000.0 / tokens as f64
        } else {
            0.0
        }
    };
    let (low, high) = stats::poisson_exact(count, confidence).unwrap_or((0.0, 0.0));
    RateBar {
        rate: per_1k(count as f64),
        low: per_1k(low),
        high: per_1k(high),
        count,
        tokens,
    }
}

fn shares_chart(
    counts: &CountTable,
    id: &str,
    cats: &[usize],
    outlets: &[String],
    rest: &[String],
    scope: &str,
) -> SharesChart {
    let mut rows: Vec<Vec<u64>> = outlets
        .iter()
        .map(|o| cats.iter().map(|&c| counts.outlets[o].counts[c]).collect())
        .collect();
    let mut names = outlets.to_vec();
    if !rest.is_empty() {
        rows.push(
            cats.iter()
                .map(|&c| rest.iter().map(|o| counts.outlets[o].counts[c]).sum())
                .collect(),
        );
        names.push(pooled_name(rest));
    }
    SharesChart {
        title: format!(
            "{}: share of each label among the group's matches, per outlet{scope}",
            isolate(id)
        ),
        outlets: names,
        categories: cats
            .iter()
            .map(|&c| counts.categories[c].id.clone())
            .collect(),
        counts: rows,
    }
}

fn heatmap_chart(
    counts: &CountTable,
    test: &GroupTests,
    outlets: &[String],
    id: &str,
    pooled: usize,
) -> Option<HeatmapChart> {
    let ind = test.independence.as_ref()?;
    let rows: Vec<usize> = (0..test.table.outlets.len())
        .filter(|&i| outlets.contains(&test.table.outlets[i]))
        .collect();
    if rows.is_empty() {
        return None;
    }
    let scope = if rows.len() < test.table.outlets.len() || pooled > 0 {
        format!(
            "; {} of the {} outlets in the test shown",
            rows.len(),
            test.table.outlets.len()
        )
    } else {
        String::new()
    };
    Some(HeatmapChart {
        title: format!(
            "{}: adjusted residuals, outlet x label (above 0: used more than if outlets did not differ; token level{scope})",
            isolate(id)
        ),
        outlets: rows.iter().map(|&i| test.table.outlets[i].clone()).collect(),
        totals: rows.iter().map(|&i| test.table.cells[i].iter().sum()).collect(),
        categories: test
            .table
            .categories
            .iter()
            .map(|&c| counts.categories[c].id.clone())
            .collect(),
        residuals: rows
            .iter()
            .map(|&i| ind.adjusted_residuals[i].clone())
            .collect(),
    })
}

/// `(outlet, "group: term", z)` of every distinctive term that matched in
/// the outlet or stands out anyway (|z| >= 1.96).
fn distinctive_terms(counts: &CountTable, analysis: &Analysis) -> Vec<(String, String, f64)> {
    analysis
        .distinctive
        .rows
        .iter()
        .filter(|r| r.z.is_finite() && !(r.count == 0.0 && r.z.abs() < 1.96))
        .map(|r| {
            (
                r.outlet.clone(),
                format!(
                    "{}: {}",
                    isolate(&counts.groups[r.group]),
                    isolate(&counts.terms[r.term].text)
                ),
                r.z,
            )
        })
        .collect()
}

/// Group `id`'s pairwise comparisons between the charted `outlets` with a
/// finite log ratio, the smallest adjusted p first. Rows are picked before
/// any is copied: a report of many outlets has a row per pair.
fn pairwise_chart(
    counts: &CountTable,
    pairwise: &Pairwise,
    id: &str,
    outlets: &[String],
) -> Option<PairwiseChart> {
    let charted: Vec<bool> = pairwise
        .outlets
        .iter()
        .map(|o| outlets.contains(o))
        .collect();
    let mut rows: Vec<&PairRow> = pairwise
        .rows
        .iter()
        .filter(|r| {
            r.ll.log_ratio.is_finite()
                && counts.categories[r.category].group_id == id
                && charted[r.a as usize]
                && charted[r.b as usize]
        })
        .collect();
    if rows.is_empty() {
        return None;
    }
    let total = rows.len();
    rows.sort_by(|x, y| {
        let p = |r: &PairRow| {
            if r.p_holm.is_finite() {
                r.p_holm
            } else {
                f64::INFINITY
            }
        };
        p(x).total_cmp(&p(y))
            .then(y.ll.log_ratio.abs().total_cmp(&x.ll.log_ratio.abs()))
    });
    rows.truncate(MAX_PAIRWISE_ROWS);
    let scope = if rows.len() < total {
        format!(
            "; the {} of {total} comparisons with the smallest adjusted p",
            rows.len()
        )
    } else {
        String::new()
    };
    Some(PairwiseChart {
        title: format!(
            "{}: each label's rate compared between outlet pairs (log ratio; filled: Holm-adjusted p < {ALPHA}, token level{scope})",
            isolate(id)
        ),
        outlets: outlets.to_vec(),
        rows: rows
            .into_iter()
            .map(|r| {
                let (a, b) = pairwise.names(r);
                PairwiseRow {
                    category: counts.categories[r.category].id.clone(),
                    outlet_a: a.to_string(),
                    outlet_b: b.to_string(),
                    counts: r.counts,
                    log_ratio: r.ll.log_ratio,
                    p_adjusted: r.p_holm.is_finite().then_some(r.p_holm),
                }
            })
            .collect(),
        alpha: ALPHA,
    })
}

#[cfg(test)]
mod tests;

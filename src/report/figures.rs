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
use crate::analysis::{Analysis, GroupTests};
use crate::charts::{
    self, Chart as _, ChartFormat, Drawn, HeatmapChart, PairwiseChart, PairwiseRow, RateBar,
    RatesChart, SharesChart, TermsChart, TimelineChart, TimelinePoint, TimelineSeries,
};
use crate::counts::CountTable;
use crate::lexicon::Lexicon;
use crate::pass::Pass;
use crate::stats;
use std::path::Path;

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

fn pooled_name(rest: &[String]) -> String {
    format!("other {} outlets (pooled)", rest.len())
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
    let scope = if rest.is_empty() {
        String::new()
    } else {
        format!(
            "; the {} outlets with most tokens, the other {} pooled",
            outlets.len(),
            rest.len()
        )
    };
    // Captions say which outlets a chart shows when not all of them.
    let (pooled, shown_only) = if rest.is_empty() {
        (String::new(), String::new())
    } else {
        (
            format!(
                " ({} outlets with most tokens; the other {} pooled)",
                outlets.len(),
                rest.len()
            ),
            format!(" ({} outlets with most tokens)", outlets.len()),
        )
    };
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
                "{outlet}: most distinctive lexicon terms vs all other outlets (log-odds z, informative Dirichlet prior)"
            ),
            outlet: outlet.clone(),
            style,
            terms,
        };
        let result = Some(chart.draw(&dir.join(&name)));
        draw(
            Place::Rates,
            name,
            format!("Distinctive terms of {outlet}: log-odds z against all other outlets; beyond +-1.96 set the outlet apart"),
            result,
            format!("No distinctive-terms chart for {outlet}: none of its lexicon terms matched."),
        )?;
    }

    let pairwise = pair_lines(counts, analysis);
    for (g, group) in lexicon.groups.iter().enumerate() {
        let cats = counts.group_categories(g);
        let with_matches: Vec<&String> = counts
            .outlets
            .iter()
            .filter(|(_, o)| cats.iter().any(|&c| o.counts[c] > 0))
            .map(|(n, _)| n)
            .collect();
        let id = &group.id;

        let name = format!("charts/shares_{id}.{ext}");
        let (result, note) = match with_matches.as_slice() {
            [] => (None, format!("No shares chart for {id}: no outlet has a match in this group.")),
            [only] => (None, format!(
                "No shares chart for {id}: only {only} has matches in this group, so there is no mix to compare (see counts.csv)."
            )),
            _ => {
                let chart = shares_chart(counts, id, &cats, &outlets, &rest, &scope);
                (Some(chart.draw(&dir.join(&name))), String::new())
            }
        };
        draw(
            Place::Group(g),
            name,
            format!("Share of each label among the {id} matches, per outlet{pooled}"),
            result,
            note,
        )?;

        let name = format!("charts/rates_{id}.{ext}");
        let what = format!("{id}, by label and outlet ({level}% exact Poisson CI{scope})");
        let rates = rates_chart(
            counts, analysis, &cats, &outlets, &rest, confidence, &what, false,
        );
        let result = rates.map(|c| c.draw(&dir.join(&name)));
        draw(
            Place::Group(g),
            name,
            format!(
                "Matches per 1,000 tokens of each {id} label, per outlet, with intervals{pooled}"
            ),
            result,
            format!(
                "No rates chart for {id}: {}.",
                why_no_rates(counts, "none of its labels matched")
            ),
        )?;

        let name = format!("charts/residuals_{id}.{ext}");
        let test = analysis.tests.iter().find(|t| t.group == g);
        let heat = test.and_then(|t| heatmap_chart(counts, t, &outlets, id, rest.len()));
        let note = format!(
            "No residual heatmap for {id}: the test needs at least two outlets and two labels with matches."
        );
        let result = heat.map(|c| c.draw(&dir.join(&name)));
        draw(
            Place::Group(g),
            name,
            format!("Adjusted residuals of the outlet x label table of {id}{shown_only}"),
            result,
            note,
        )?;

        let name = format!("charts/pairwise_{id}.{ext}");
        let chart = pairwise_chart(&pairwise, id, &outlets);
        let result = chart.map(|c| c.draw(&dir.join(&name)));
        draw(
            Place::Group(g),
            name,
            format!("Log ratio of rates between outlet pairs for the labels of {id}{shown_only}"),
            result,
            format!("No pairwise chart for {id}: no two outlets to compare on its labels."),
        )?;

        if let Some(period) = pass.input.period.filter(|_| pass.periods.len() > 1) {
            let name = format!("charts/timeline_{id}.{ext}");
            let chart = timeline_chart(pass, &cats, &outlets, period.as_str(), confidence);
            let label = chart.as_ref().map_or(String::new(), |(_, l)| l.clone());
            let result = chart.map(|(c, _)| c.draw(&dir.join(&name)));
            draw(
                Place::Group(g),
                name,
                format!("Share of {label} among the {id} matches, per {} and outlet, with intervals{shown_only}", period.as_str()),
                result,
                format!("No timeline for {id}: none of its labels matched."),
            )?;
        }
    }
    Ok(out)
}

/// `--period`: the share of the group's most used label among the group's
/// matches, per period and outlet, with Wilson intervals (the framing
/// question over time). Returns the chart and the label.
fn timeline_chart(
    pass: &Pass,
    cats: &[usize],
    outlets: &[String],
    period: &str,
    confidence: f64,
) -> Option<(TimelineChart, String)> {
    let counts = &pass.counts;
    let total = |c: usize| counts.outlets.values().map(|o| o.counts[c]).sum::<u64>();
    let top = *cats
        .iter()
        .max_by_key(|&&c| (total(c), std::cmp::Reverse(c)))?;
    if total(top) == 0 {
        return None;
    }
    let cat = &counts.categories[top];
    let series = outlets
        .iter()
        .enumerate()
        .map(|(style, outlet)| TimelineSeries {
            outlet: outlet.clone(),
            style,
            points: pass
                .periods
                .values()
                .map(|table| {
                    let o = table.outlets.get(outlet)?;
                    let n = table.group_total(o, cat.group);
                    let k = o.counts[top];
                    // No interval (and no point) without matches in the group.
                    let (low, high) = stats::wilson(k, n, confidence).ok()?;
                    Some(TimelinePoint {
                        value: 100.0 * k as f64 / n as f64,
                        low: 100.0 * low,
                        high: 100.0 * high,
                        n,
                    })
                })
                .collect(),
        })
        .collect();
    let level = crate::output::num(confidence * 100.0);
    Some((
        TimelineChart {
            title: format!(
                "{}: share of `{}` among the group's matches, by {period} ({level}% Wilson CI)",
                cat.group_id, cat.id
            ),
            y_label: "% of the group's matches".into(),
            periods: pass.periods.keys().cloned().collect(),
            series,
            max: Some(100.0),
        },
        format!("`{}`", cat.id),
    ))
}

/// Why a rates chart was not drawn: a single outlet, or `otherwise`.
fn why_no_rates(counts: &CountTable, otherwise: &str) -> String {
    match counts.outlets.keys().next() {
        Some(only) if counts.outlets.len() == 1 => format!(
            "the corpus has a single outlet ({only}), so there is nothing to compare; its rates are in counts.csv"
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
                    format!("{} / {}", cat.group_id, cat.id)
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
        title: format!("{id}: share of each label among the group's matches, per outlet{scope}"),
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
            "{id}: adjusted residuals, outlet x label (above 0: used more than if outlets did not differ; token level{scope})"
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

/// One row of the pairwise comparisons, with its group.
#[derive(Debug, Clone)]
struct PairLine {
    group: String,
    row: PairwiseRow,
}

/// Every pairwise comparison with a finite log ratio.
fn pair_lines(counts: &CountTable, analysis: &Analysis) -> Vec<PairLine> {
    analysis
        .pairwise
        .rows
        .iter()
        .filter(|r| r.ll.log_ratio.is_finite())
        .map(|r| {
            let cat = &counts.categories[r.category];
            PairLine {
                group: cat.group_id.clone(),
                row: PairwiseRow {
                    category: cat.id.clone(),
                    outlet_a: r.a.clone(),
                    outlet_b: r.b.clone(),
                    counts: r.counts,
                    log_ratio: r.ll.log_ratio,
                    p_adjusted: r.p_holm.is_finite().then_some(r.p_holm),
                },
            }
        })
        .collect()
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
                format!("{}: {}", counts.groups[r.group], counts.terms[r.term].text),
                r.z,
            )
        })
        .collect()
}

fn pairwise_chart(lines: &[PairLine], id: &str, outlets: &[String]) -> Option<PairwiseChart> {
    let mut rows: Vec<&PairwiseRow> = lines
        .iter()
        .filter(|l| l.group == id)
        .map(|l| &l.row)
        .filter(|r| outlets.contains(&r.outlet_a) && outlets.contains(&r.outlet_b))
        .collect();
    if rows.is_empty() {
        return None;
    }
    let total = rows.len();
    rows.sort_by(|x, y| {
        let p = |r: &PairwiseRow| r.p_adjusted.unwrap_or(f64::INFINITY);
        p(x).total_cmp(&p(y))
            .then(y.log_ratio.abs().total_cmp(&x.log_ratio.abs()))
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
            "{id}: each label's rate compared between outlet pairs (log ratio; filled: Holm-adjusted p < {ALPHA}, token level{scope})"
        ),
        outlets: outlets.to_vec(),
        rows: rows.into_iter().cloned().collect(),
        alpha: ALPHA,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::dates::Period;
    use crate::corpus::Corpus;
    use crate::matching::Matcher;
    use crate::report::tables::Context;
    use crate::report::{tables, Settings};
    use std::collections::BTreeMap;
    use std::path::PathBuf;

    fn root() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
    }

    /// The report's tables and charts for a corpus, written into a temporary folder.
    fn report(corpus: &Path) -> (tempfile::TempDir, Vec<Figure>) {
        report_by(corpus, None)
    }

    /// [`report`], also counted per `period`.
    fn report_by(corpus: &Path, period: Option<Period>) -> (tempfile::TempDir, Vec<Figure>) {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir_all(dir.path().join("charts")).expect("charts folder");
        let lexicon = Lexicon::load(&root().join("lexicons/syria.toml")).expect("lexicon");
        let settings = Settings {
            confidence: 0.95,
            period,
            ..Settings::default()
        };
        let corpus = Corpus::open(corpus, &settings.corpus_options).expect("corpus");
        let matcher = Matcher::new(&lexicon).expect("matcher");
        let pass =
            crate::report::passes_into(dir.path(), &corpus, &lexicon, &matcher, &settings, None)
                .expect("pass");
        let analysis =
            crate::analysis::analyse(&pass.counts, &pass.periods, 0.95, &settings.stats, None);
        let ctx = Context {
            lexicon: &lexicon,
            pass: &pass,
            analysis: &analysis,
            settings: &settings,
            diff: None,
        };
        tables::write_all(dir.path(), &ctx, Default::default()).expect("tables");
        let charts = write(
            dir.path(),
            &lexicon,
            &pass,
            &analysis,
            0.95,
            ChartFormat::Png,
        )
        .expect("charts");
        (dir, charts)
    }

    #[test]
    fn timeline_points_are_the_hand_counted_shares() {
        let (_dir, charts) = report_by(&root().join("data/seed"), Some(Period::Year));
        let t = chart(&charts, "charts/timeline_armed_groups.png");
        let point = |outlet: &str, year: &str| {
            t.marks
                .iter()
                .find(|m| m.series == outlet && m.category == year)
                .map(|m| m.value)
        };
        // Share of `terrorist` (the group's most used label) among each
        // article's armed_groups matches, tests/data/seed_expected_clean.csv:
        // Press TV 5 of 7, Alalam 1 of 1 (2016); The Moscow Times 3 of 5
        // (terrorist, rebel, insurgent), the unknown outlet 1 of 3 (2015).
        let near = |v: Option<f64>, want: f64| v.is_some_and(|v| (v - want).abs() < 1e-9);
        assert!(near(point("Press TV", "2016"), 500.0 / 7.0), "{t:?}");
        assert!(near(point("Alalam", "2016"), 100.0));
        assert!(near(point("The Moscow Times", "2015"), 60.0));
        assert!(near(
            point("Unknown outlet (WordPress news site)", "2015"),
            100.0 / 3.0
        ));
        // An outlet without articles in a period has no point there.
        assert_eq!(point("Press TV", "2015"), None);
    }

    fn read_csv(path: &Path) -> Vec<BTreeMap<String, String>> {
        let mut reader = csv::Reader::from_path(path).expect("csv");
        let headers = reader.headers().expect("headers").clone();
        reader
            .records()
            .map(|r| {
                let r = r.expect("record");
                headers
                    .iter()
                    .zip(r.iter())
                    .map(|(h, v)| (h.to_string(), v.to_string()))
                    .collect()
            })
            .collect()
    }

    fn number(row: &BTreeMap<String, String>, col: &str) -> f64 {
        row[col]
            .parse()
            .unwrap_or_else(|_| panic!("{col} in {row:?}"))
    }

    fn chart<'a>(charts: &'a [Figure], file: &str) -> &'a Drawn {
        let found = charts.iter().find(|c| c.file.as_deref() == Some(file));
        &found.unwrap_or_else(|| panic!("{file} drawn")).drawn
    }

    /// Every bar, segment, cell and lollipop agrees with the CSVs, and its
    /// drawn length is its value on the chart's scale.
    fn charts_agree_with_the_tables(dir: &Path, charts: &[Figure]) {
        let counts = read_csv(&dir.join("counts.csv"));
        let lookup = |outlet: &str, label: &str| {
            counts.iter().find(|r| {
                r["outlet"] == outlet && format!("{} / {}", r["group"], r["category"]) == label
            })
        };
        let rates = chart(charts, "charts/rates.png");
        assert!(!rates.marks.is_empty());
        let mut compared = 0;
        for m in &rates.marks {
            let px = m.value * rates.px_per_unit;
            assert!((f64::from(m.extent_px) - px).abs() <= 1.0, "{m:?}");
            if let Some(row) = lookup(&m.series, &m.category) {
                assert!(
                    (m.value - number(row, "rate_per_1k")).abs() < 1e-6,
                    "{m:?} vs {row:?}"
                );
                compared += 1;
            }
        }
        assert!(compared > 0, "bars matched to counts.csv rows");
        for group in ["armed_groups", "islamic_state"] {
            let shares = chart(charts, &format!("charts/shares_{group}.png"));
            for m in &shares.marks {
                assert!((f64::from(m.extent_px) - m.value * shares.px_per_unit).abs() <= 1.0);
                if let Some(row) = lookup(&m.series, &format!("{group} / {}", m.category)) {
                    assert!(
                        (m.value / 100.0 - number(row, "share")).abs() < 1e-6,
                        "{m:?}"
                    );
                }
            }
            let residuals = read_csv(&dir.join("residuals.csv"));
            let heat = chart(charts, &format!("charts/residuals_{group}.png"));
            assert!(!heat.marks.is_empty());
            for m in &heat.marks {
                let row = residuals
                    .iter()
                    .find(|r| {
                        r["group"] == group
                            && r["outlet"] == m.series
                            && r["category"] == m.category
                    })
                    .unwrap_or_else(|| panic!("{m:?} in residuals.csv"));
                assert!(
                    (m.value - number(row, "adjusted_residual")).abs() < 1e-6,
                    "{m:?}"
                );
            }
            let pairwise = read_csv(&dir.join("pairwise.csv"));
            let pairs = chart(charts, &format!("charts/pairwise_{group}.png"));
            assert!(!pairs.marks.is_empty());
            for m in &pairs.marks {
                let row = pairwise
                    .iter()
                    .find(|r| {
                        format!("{} vs {}", r["outlet_a"], r["outlet_b"]) == m.series
                            && r["category"] == m.category
                    })
                    .unwrap_or_else(|| panic!("{m:?} in pairwise.csv"));
                assert!((m.value - number(row, "log_ratio")).abs() < 1e-9, "{m:?}");
                assert_eq!(m.text == "significant", number(row, "p_holm") < ALPHA);
            }
        }
    }

    #[test]
    fn seed_charts_agree_with_the_csvs() {
        let (dir, charts) = report(&root().join("data/seed"));
        charts_agree_with_the_tables(dir.path(), &charts);
        // Press TV's terrorist bar: 5 matches in 564 tokens.
        let rates = chart(&charts, "charts/rates.png");
        let bar = rates
            .marks
            .iter()
            .find(|m| m.series == "Press TV" && m.category == "armed_groups / terrorist")
            .expect("Press TV terrorist bar");
        assert!((bar.value - 5.0 * 1000.0 / 564.0).abs() < 1e-9, "{bar:?}");
        for chart in &charts {
            if let Some(file) = &chart.file {
                assert!(dir.path().join(file).is_file(), "{file}");
            }
        }
        let group: Vec<&str> = charts
            .iter()
            .filter(|c| c.place == Place::Group(0))
            .filter_map(|c| c.file.as_deref())
            .collect();
        assert!(
            group.contains(&"charts/shares_armed_groups.png"),
            "{group:?}"
        );
        assert!(
            group.contains(&"charts/residuals_armed_groups.png"),
            "{group:?}"
        );
    }

    /// The BASIL sample (fox, hpo, nyt) when `../shared/corpora` is beside the clone.
    #[test]
    fn basil_charts_agree_with_the_csvs() {
        let candidates = [
            root().join("../shared/corpora/basil/articles.csv"),
            root().join("../../shared/corpora/basil/articles.csv"),
        ];
        let Some(corpus) = candidates.iter().find(|p| p.is_file()) else {
            eprintln!("basil corpus not found beside the clone: skipped");
            return;
        };
        let (dir, charts) = report(corpus);
        charts_agree_with_the_tables(dir.path(), &charts);
        // Only hpo names the Syrian state: no shares chart, a note instead.
        let note = charts
            .iter()
            .find(|c| c.place == Place::Group(2) && c.text.starts_with("No shares chart"))
            .expect("a note for syrian_state");
        assert!(
            note.file.is_none() && note.text.contains("only hpo"),
            "{note:?}"
        );
    }

    #[test]
    fn many_outlets_are_capped_with_the_rest_pooled() {
        let mut counts = CountTable::default();
        for i in 0..20u64 {
            counts.outlets.insert(
                format!("outlet {i:02}"),
                crate::counts::OutletCounts {
                    articles: 1,
                    tokens: 100 + i,
                    ..Default::default()
                },
            );
        }
        let (keep, rest) = charted_outlets(&counts);
        assert_eq!(keep.len(), MAX_CHART_OUTLETS);
        assert_eq!(rest.len(), 8);
        assert_eq!(keep[0], "outlet 08", "most tokens kept, in name order");
        assert_eq!(pooled_name(&rest), "other 8 outlets (pooled)");
        let bar = pooled_bar(4, 2000, 0.95);
        assert!((bar.rate - 2.0).abs() < 1e-12);
        assert!(bar.low < 2.0 && bar.high > 2.0);
    }
}

//! The charts of real reports read back and checked against the tables.

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
    let pass = crate::report::passes_into(
        dir.path(),
        &corpus,
        &lexicon,
        &matcher,
        &settings,
        None,
        crate::report::Sinks::default(),
    )
    .expect("pass");
    let analysis =
        crate::analysis::analyse(&pass.counts, &pass.periods, 0.95, &settings.stats, None);
    let ctx = Context {
        lexicon: &lexicon,
        pass: &pass,
        analysis: &analysis,
        settings: &settings,
        diff: None,
        trust: None,
        row_files: &[],
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
            .find(|m| m.series == format!("{outlet} / terrorist") && m.category == year)
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
    // An outlet without articles in a period has no column there.
    assert_eq!(point("Press TV", "2015"), None);
    // The labels of a column fill it: Press TV's 2016 shares sum to 100.
    let press: f64 = t
        .marks
        .iter()
        .filter(|m| m.series.starts_with("Press TV / ") && m.category == "2016")
        .map(|m| m.value)
        .sum();
    assert!((press - 100.0).abs() < 1e-9, "{press}");
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
                    r["group"] == group && r["outlet"] == m.series && r["category"] == m.category
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

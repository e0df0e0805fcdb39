//! Change points against ruptures 1.1 (`tests/data/changepoints_reference.json`,
//! written by `scripts/reference_changepoints.py`) and against the exact
//! permutation distribution.

use serde::Deserialize;

use super::*;
use crate::stats::seeded_rng;

const REFERENCE: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/data/changepoints_reference.json"
));

#[derive(Deserialize)]
struct Reference {
    cases: Vec<Case>,
    permutation: Vec<PermutationCase>,
}

#[derive(Deserialize)]
struct Case {
    name: String,
    series: Vec<Vec<u64>>,
    truth: Vec<usize>,
    min_size: usize,
    penalty_bic: f64,
    fits: Vec<Fit>,
}

#[derive(Deserialize)]
struct Fit {
    penalty: f64,
    pelt: Vec<usize>,
    binseg: Vec<usize>,
}

#[derive(Deserialize)]
struct PermutationCase {
    series: Vec<Vec<u64>>,
    min_size: usize,
    statistic: f64,
    p_exact: f64,
}

fn reference() -> Reference {
    serde_json::from_str(REFERENCE).expect("changepoints_reference.json parses")
}

fn series(rows: &[Vec<u64>]) -> LabelSeries {
    LabelSeries::from_rows(rows).expect("valid series")
}

#[test]
fn pelt_and_binary_segmentation_match_ruptures() {
    for c in reference().cases {
        let s = series(&c.series);
        let bic = s.bic_penalty();
        assert!(
            ((bic - c.penalty_bic) / c.penalty_bic).abs() < 1e-12,
            "{}: BIC",
            c.name
        );
        for f in &c.fits {
            let ctx = format!("{} at penalty {:.3}", c.name, f.penalty);
            assert_eq!(
                pelt(&s, f.penalty, c.min_size).expect("pelt"),
                f.pelt,
                "{ctx}: PELT"
            );
            assert_eq!(
                binary_segmentation(&s, f.penalty, c.min_size).expect("binseg"),
                f.binseg,
                "{ctx}: binary segmentation"
            );
        }
    }
}

/// On the generated series, the BIC penalty finds the changes where they
/// were put (one period off for a 6-point shift at 500 matches a period),
/// none on the series without a change, and each found change is
/// significant by the permutation test.
#[test]
fn known_change_points_are_found() {
    for (i, c) in reference().cases.into_iter().enumerate() {
        let s = series(&c.series);
        let options = ChangeOptions {
            min_size: c.min_size,
            permutations: 999,
            ..ChangeOptions::default()
        };
        let found = detect(&s, &options, &mut seeded_rng(21, i as u64)).expect("detect");
        let at: Vec<usize> = found.changes.iter().map(|x| x.period).collect();
        assert_eq!(
            at.len(),
            c.truth.len(),
            "{}: {at:?} vs {:?}",
            c.name,
            c.truth
        );
        for (got, want) in at.iter().zip(&c.truth) {
            assert!(
                got.abs_diff(*want) <= 1,
                "{}: {at:?} vs {:?}",
                c.name,
                c.truth
            );
        }
        for x in &found.changes {
            assert!(
                x.p <= 0.01,
                "{}: change at {} has p {}",
                c.name,
                x.period,
                x.p
            );
            assert!(x.gain > found.penalty);
        }
    }
}

/// The shares either side are the pooled counts with Wilson intervals.
#[test]
fn shares_either_side_are_pooled_counts() {
    let rows = vec![
        vec![8, 2],
        vec![9, 1],
        vec![7, 3],
        vec![2, 8],
        vec![1, 9],
        vec![3, 7],
    ];
    let s = series(&rows);
    let found = detect(&s, &ChangeOptions::default(), &mut seeded_rng(1, 0)).expect("detect");
    assert_eq!(found.changes.len(), 1);
    let x = &found.changes[0];
    assert_eq!((x.start, x.period, x.end), (0, 3, 6));
    let before = x.before[0].as_ref().expect("matches before");
    assert_eq!((before.count, before.total), (24, 30));
    assert!((before.share - 0.8).abs() < 1e-15);
    // statsmodels proportion_confint(24, 30, method="wilson")
    assert!(
        (before.low - 0.626_943_035_868_517_5).abs() < 1e-12,
        "{}",
        before.low
    );
    assert!(
        (before.high - 0.904_948_928_227_101_3).abs() < 1e-12,
        "{}",
        before.high
    );
    let after = x.after[1].as_ref().expect("matches after");
    assert_eq!((after.count, after.total), (24, 30));
    // Six periods, three a side: 20 arrangements, two as extreme.
    assert!(x.p < 0.2, "{}", x.p);
}

/// The permutation p-value agrees with the exact one (every ordering of
/// the periods enumerated) within four standard errors.
#[test]
fn permutation_p_matches_exact_enumeration() {
    let b = 20_000;
    for (i, c) in reference().permutation.into_iter().enumerate() {
        let s = series(&c.series);
        let t = s.periods();
        assert!((scan(&s, 0, t, c.min_size) - c.statistic).abs() < 1e-9 * c.statistic.max(1.0));
        let p = window_p(&s, 0, t, c.min_size, b, &mut seeded_rng(5, i as u64));
        let se = (c.p_exact * (1.0 - c.p_exact) / b as f64).sqrt();
        assert!(
            (p - c.p_exact).abs() < 4.0 * se + 1.0 / b as f64,
            "case {i}: {p} vs {}",
            c.p_exact
        );
    }
}

#[test]
fn same_seed_same_answer() {
    let c = reference().cases.swap_remove(2);
    let s = series(&c.series);
    let run =
        |seed| detect(&s, &ChangeOptions::default(), &mut seeded_rng(seed, 3)).expect("detect");
    assert_eq!(run(7), run(7));
}

#[test]
fn rejects_bad_input() {
    assert!(matches!(
        LabelSeries::new(vec![1, 2, 3], 2),
        Err(StatsError::LengthMismatch { .. })
    ));
    assert!(matches!(
        LabelSeries::from_rows(&[vec![1, 2], vec![3]]),
        Err(StatsError::LengthMismatch { .. })
    ));
    let s = series(&[vec![1, 2], vec![3, 4], vec![5, 6], vec![7, 8]]);
    assert!(matches!(
        pelt(&s, 1.0, 0),
        Err(StatsError::InvalidValue { .. })
    ));
    assert!(matches!(
        pelt(&s, -1.0, 1),
        Err(StatsError::InvalidValue { .. })
    ));
    assert!(matches!(
        binary_segmentation(&s, f64::NAN, 1),
        Err(StatsError::InvalidValue { .. })
    ));
    let mut rng = seeded_rng(1, 0);
    let zero = ChangeOptions {
        permutations: 0,
        ..ChangeOptions::default()
    };
    assert_eq!(detect(&s, &zero, &mut rng), Err(StatsError::NoResamples));
    // Too short for two segments of min_size, or no match at all: no change.
    assert_eq!(pelt(&s, 0.0, 3).expect("short"), Vec::<usize>::new());
    let empty = series(&vec![vec![0, 0]; 6]);
    let found = detect(&empty, &ChangeOptions::default(), &mut rng).expect("empty");
    assert!(found.changes.is_empty());
}

/// Periods without a match are set aside; indices refer to the full series.
#[test]
fn empty_periods_are_set_aside() {
    let c = reference().cases.swap_remove(0);
    let compact = series(&c.series);
    let mut padded = Vec::new();
    let mut index = Vec::new();
    for (t, row) in c.series.iter().enumerate() {
        if t % 3 == 0 {
            padded.push(vec![0; row.len()]);
        }
        index.push(padded.len());
        padded.push(row.clone());
    }
    let options = ChangeOptions::default();
    let a = detect(&compact, &options, &mut seeded_rng(4, 0)).expect("compact");
    let b = detect(&series(&padded), &options, &mut seeded_rng(4, 0)).expect("padded");
    assert_eq!(a.penalty, b.penalty);
    assert_eq!(a.changes.len(), b.changes.len());
    for (x, y) in a.changes.iter().zip(&b.changes) {
        assert_eq!(index[x.period], y.period);
        assert_eq!(index[x.start], y.start);
        assert_eq!(index[x.end - 1] + 1, y.end);
        assert_eq!(
            (x.gain, x.p, &x.before, &x.after),
            (y.gain, y.p, &y.before, &y.after)
        );
    }
}

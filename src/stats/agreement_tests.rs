//! Agreement and weighted precision against scikit-learn, the `krippendorff`
//! package and statsmodels (`tests/data/reference_validation.json`, written
//! by `scripts/reference_validation.py`).

use super::*;
use crate::stats::test_support::assert_close;
use crate::stats::{percentile_interval, seeded_rng, weighted_precision, StratumCodes};
use serde::Deserialize;
use std::collections::BTreeMap;

const REFERENCE: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/data/reference_validation.json"
));

#[derive(Deserialize)]
struct Reference {
    agreement: Vec<AgreementCase>,
    weighted_precision: Vec<WeightedCase>,
}

#[derive(Deserialize)]
struct AgreementCase {
    units: Vec<Vec<Option<u32>>>,
    percent_agreement: f64,
    pairs: u64,
    alpha: f64,
    kappa: Option<f64>,
}

#[derive(Deserialize)]
struct WeightedCase {
    items: Vec<Item>,
    conf: f64,
    precision: f64,
    n_eff: f64,
    low: f64,
    high: f64,
}

#[derive(Deserialize)]
struct Item {
    stratum: String,
    matches: u64,
    code: String,
}

fn reference() -> Reference {
    serde_json::from_str(REFERENCE).expect("tests/data/reference_validation.json parses")
}

#[test]
fn agreement_matches_sklearn_and_krippendorff() {
    let cases = reference().agreement;
    assert!(cases.iter().any(|c| c.units[0].len() > 2));
    assert!(cases
        .iter()
        .flat_map(|c| &c.units)
        .flatten()
        .any(Option::is_none));
    for (i, c) in cases.iter().enumerate() {
        let ctx = format!("agreement case {i}");
        let pa = percent_agreement(&c.units).expect("pairable");
        assert_close(pa.agreement, c.percent_agreement, &ctx);
        assert_eq!(pa.pairs, c.pairs, "{ctx}");
        let a = krippendorff_alpha(&c.units).expect("alpha defined");
        assert_close(a.alpha, c.alpha, &format!("{ctx}: alpha"));
        if let Some(kappa) = c.kappa {
            let first: Vec<Option<u32>> = c.units.iter().map(|u| u[0]).collect();
            let second: Vec<Option<u32>> = c.units.iter().map(|u| u[1]).collect();
            let k = cohen_kappa(&first, &second).expect("kappa defined");
            assert_close(k, kappa, &format!("{ctx}: kappa"));
        }
    }
}

/// Krippendorff's (2011) worked example "C": alpha = 0.743 (his rounding).
#[test]
fn krippendorff_worked_example() {
    let c = reference()
        .agreement
        .pop()
        .expect("the last case is data C");
    let a = krippendorff_alpha(&c.units).expect("alpha defined");
    assert!((a.alpha - 0.743).abs() < 5e-4, "{}", a.alpha);
    // 11 pairable units (the last has one code), n = 40 pairable values.
    assert_eq!((a.units, a.values), (11, 40));
}

#[test]
fn undefined_agreement_is_an_error() {
    let one_code = vec![vec![Some(1), Some(1)], vec![Some(1), Some(1)]];
    assert_eq!(krippendorff_alpha(&one_code), Err(StatsError::NoVariation));
    let a = [Some(1), Some(1)];
    assert_eq!(cohen_kappa(&a, &a), Err(StatsError::NoVariation));
    let alone = vec![vec![Some(1), None], vec![None, Some(2)]];
    assert_eq!(percent_agreement(&alone), Err(StatsError::NoPairableUnits));
    assert_eq!(krippendorff_alpha(&alone), Err(StatsError::NoPairableUnits));
    assert_eq!(
        cohen_kappa(&[Some(1), None], &[None, Some(1)]),
        Err(StatsError::NoPairableUnits)
    );
    assert!(matches!(
        cohen_kappa(&[Some(1)], &[Some(1), Some(2)]),
        Err(StatsError::LengthMismatch { .. })
    ));
    // Perfect agreement with variation: both coefficients are 1.
    let perfect = [Some(0), Some(1), Some(1), Some(2)];
    assert_eq!(cohen_kappa(&perfect, &perfect), Ok(1.0));
}

/// The replicates' mean and variance are known exactly: `sum delta` over
/// `M` pairs is binomial(M, D_o), so alpha_b has mean `1 - D_o / D_e` and
/// variance `D_o (1 - D_o) / (M D_e^2)` (while no replicate is clamped).
#[test]
fn alpha_bootstrap_has_the_exact_mean_and_variance() {
    for i in [1, 4, 6, 8] {
        let c = &reference().agreement[i];
        let a = krippendorff_alpha(&c.units).expect("alpha defined");
        let b = 5_000;
        let boot = alpha_bootstrap(&a, b, &mut seeded_rng(7, i as u64)).expect("bootstrap");
        let q = a.coincidences.iter().filter(|&&x| x > 0.0).count() as u64;
        let half = ((a.max_coders as f64 - 1.0) * a.values as f64 / 2.0).floor() as u64;
        assert_eq!(boot.pairs, (25 * q).min(half), "case {i}: M");
        let m = boot.pairs as f64;
        let mean = boot.replicates.iter().sum::<f64>() / b as f64;
        let var = boot
            .replicates
            .iter()
            .map(|x| (x - mean).powi(2))
            .sum::<f64>()
            / (b - 1) as f64;
        let want_var = a.observed * (1.0 - a.observed) / (m * a.expected * a.expected);
        let se_mean = (want_var / b as f64).sqrt();
        assert!(
            (mean - a.alpha).abs() < 4.0 * se_mean,
            "case {i}: mean {mean} vs alpha {} (se {se_mean})",
            a.alpha
        );
        // The sample variance of 5,000 draws is within 10% of the truth (5 sd).
        assert!(
            (var / want_var - 1.0).abs() < 0.10,
            "case {i}: var {var} vs {want_var}"
        );
        let (low, high) = percentile_interval(&boot.replicates, 0.95).expect("interval");
        assert!(low < a.alpha && a.alpha < high, "case {i}: ({low}, {high})");
        assert_eq!(boot.indeterminate, 0);
        let q_min = boot.prob_below(a.alpha);
        assert!((0.3..0.7).contains(&q_min), "case {i}: {q_min}");
    }
}

/// A replicate that draws a single value only is indeterminate and counts as 0.
#[test]
fn alpha_bootstrap_counts_one_value_draws_as_zero() {
    // Two units, two coders: one agreeing pair of 0s, one disagreement.
    let units = vec![vec![Some(0), Some(0)], vec![Some(0), Some(1)]];
    let a = krippendorff_alpha(&units).expect("alpha defined");
    let boot = alpha_bootstrap(&a, 4000, &mut seeded_rng(3, 0)).expect("bootstrap");
    // M = min(25 * 3, floor(1 * 4 / 2)) = 2 pairs; P(both 0-0) = (2/4)^2.
    assert_eq!(boot.pairs, 2);
    let share = boot.indeterminate as f64 / 4000.0;
    assert!((share - 0.25).abs() < 0.03, "{share}");
    assert!(boot.replicates.iter().all(|&x| (-1.0..=1.0).contains(&x)));
    assert_eq!(
        alpha_bootstrap(&a, 0, &mut seeded_rng(3, 0)),
        Err(StatsError::NoResamples)
    );
}

#[test]
fn weighted_precision_matches_statsmodels() {
    for (i, c) in reference().weighted_precision.iter().enumerate() {
        let mut strata: BTreeMap<&str, StratumCodes> = BTreeMap::new();
        for item in &c.items {
            let s = strata.entry(&item.stratum).or_default();
            s.size = item.matches as f64;
            match item.code.as_str() {
                "yes" => s.yes += 1,
                "no" => s.no += 1,
                _ => {}
            }
        }
        let strata: Vec<StratumCodes> = strata.into_values().collect();
        let w = weighted_precision(&strata, c.conf).expect("coded strata");
        let ctx = format!("weighted case {i}");
        assert_close(w.precision, c.precision, &ctx);
        assert_close(w.n_eff, c.n_eff, &ctx);
        assert_close(w.low, c.low, &ctx);
        assert_close(w.high, c.high, &ctx);
    }
}

#[test]
fn weighted_precision_of_one_stratum_is_plain_wilson() {
    let s = StratumCodes {
        size: 400.0,
        yes: 17,
        no: 3,
    };
    let w = weighted_precision(&[s], 0.95).expect("coded");
    let (low, high) = crate::stats::wilson(17, 20, 0.95).expect("valid");
    assert_close(w.n_eff, 20.0, "n_eff");
    assert_eq!((w.low, w.high), (low, high));
    let empty = StratumCodes {
        size: 10.0,
        ..StratumCodes::default()
    };
    assert!(matches!(
        weighted_precision(&[empty], 0.95),
        Err(StatsError::ZeroTotal { .. })
    ));
    // A stratum without codes is left out and reported as not covered.
    let w = weighted_precision(&[s, empty], 0.95).expect("coded");
    assert_eq!((w.matches_covered, w.matches), (400.0, 410.0));
}

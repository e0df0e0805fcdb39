//! Reference values (scipy 1.17, statsmodels 0.15) and tolerance checks
//! shared by the unit tests of every test family.

use serde::{Deserialize, Deserializer};

const REFERENCE: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/data/reference_stats.json"
));

/// serde_json rejects the `Infinity` tokens Python writes and overflows on
/// `1e999`, so infinities travel as `f64::MAX` and are restored on reading.
const INF_SENTINEL: &str = "1.7976931348623157e308";

#[derive(Deserialize)]
pub struct Reference {
    pub independence: Vec<IndependenceCase>,
    pub fisher: Vec<FisherCase>,
    pub wilson: Vec<WilsonCase>,
    pub poisson_exact: Vec<PoissonCase>,
    pub loglik: Vec<LogLikCase>,
    pub adjust: Vec<AdjustCase>,
    pub log_odds_dirichlet: Vec<LogOddsCase>,
}

#[derive(Deserialize)]
pub struct IndependenceCase {
    pub table: Vec<Vec<u64>>,
    pub chi2: f64,
    pub df: usize,
    pub p: f64,
    pub g: f64,
    pub g_p: f64,
    pub cramers_v: f64,
    pub expected: Vec<Vec<f64>>,
    pub min_expected: f64,
    pub adjusted_residuals: Vec<Vec<f64>>,
}

#[derive(Deserialize)]
pub struct FisherCase {
    pub table: [[u64; 2]; 2],
    pub p_two_sided: f64,
    #[serde(deserialize_with = "with_infinity")]
    pub sample_odds_ratio: f64,
}

#[derive(Deserialize)]
pub struct WilsonCase {
    pub x: u64,
    pub n: u64,
    pub conf: f64,
    pub low: f64,
    pub high: f64,
}

#[derive(Deserialize)]
pub struct PoissonCase {
    pub x: u64,
    pub conf: f64,
    pub low: f64,
    pub high: f64,
}

#[derive(Deserialize)]
pub struct LogLikCase {
    pub a: u64,
    pub b: u64,
    pub size_a: u64,
    pub size_b: u64,
    pub g2: f64,
    pub p: f64,
    pub log_ratio: f64,
}

#[derive(Deserialize)]
pub struct AdjustCase {
    pub p: Vec<f64>,
    pub holm: Vec<f64>,
    pub bh: Vec<f64>,
}

#[derive(Deserialize)]
pub struct LogOddsCase {
    pub counts_i: Vec<f64>,
    pub counts_j: Vec<f64>,
    pub prior: Vec<f64>,
    pub delta: Vec<f64>,
    pub z: Vec<f64>,
}

const EXTRA: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/data/reference_stats_extra.json"
));

/// `tests/data/reference_stats_extra.json`, written by
/// `scripts/reference_stats.py` for the methods added in issue 5.
#[derive(Deserialize)]
pub struct Extra {
    pub chi2_logsf: Vec<LogSfCase>,
    pub quantile: Vec<QuantileCase>,
    pub monte_carlo: Vec<MonteCarloCase>,
    pub permutation: Vec<PermutationCase>,
    pub hypergeom_7_5_4: Vec<f64>,
    pub fisher_ln_p: Vec<FisherLnCase>,
}

#[derive(Deserialize)]
pub struct LogSfCase {
    pub stat: f64,
    pub df: f64,
    pub logsf: f64,
}

#[derive(Deserialize)]
pub struct QuantileCase {
    pub values: Vec<f64>,
    pub conf: f64,
    pub low: f64,
    pub high: f64,
}

#[derive(Deserialize)]
pub struct MonteCarloCase {
    pub table: Vec<Vec<u64>>,
    pub chi2: f64,
    pub p_exact: f64,
}

#[derive(Deserialize)]
pub struct PermutationCase {
    pub labels: Vec<usize>,
    pub n_labels: usize,
    pub rows: Vec<Vec<u64>>,
    pub chi2: f64,
    pub p_exact: f64,
}

#[derive(Deserialize)]
pub struct FisherLnCase {
    pub table: [[u64; 2]; 2],
    pub ln_p: f64,
}

/// Parses `tests/data/reference_stats_extra.json`.
pub fn extra() -> Extra {
    serde_json::from_str(EXTRA).expect("reference_stats_extra.json parses")
}

fn with_infinity<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    let x = f64::deserialize(d)?;
    Ok(if x == f64::MAX { f64::INFINITY } else { x })
}

/// Parses `tests/data/reference_stats.json`.
pub fn reference() -> Reference {
    let text = REFERENCE.replace("Infinity", INF_SENTINEL);
    serde_json::from_str(&text).expect("reference_stats.json parses")
}

/// `got` agrees with `want` to 1e-9 relative (exactly for infinities,
/// within 1e-12 absolute when `want` is 0).
pub fn assert_close(got: f64, want: f64, ctx: &str) {
    assert_rel(got, want, 1e-9, ctx);
}

/// A p-value agrees with its reference: 1e-9 relative, 1e-6 relative when
/// the reference is below 1e-12, and below 1e-300 when the reference is 0.
pub fn assert_p(got: f64, want: f64, ctx: &str) {
    assert!(
        (0.0..=1.0).contains(&got),
        "{ctx}: p = {got} is not in [0, 1]"
    );
    if want == 0.0 {
        assert!(got < 1e-300, "{ctx}: p = {got}, reference 0");
    } else {
        assert_rel(got, want, if want < 1e-12 { 1e-6 } else { 1e-9 }, ctx);
    }
}

fn assert_rel(got: f64, want: f64, tol: f64, ctx: &str) {
    let ok = if want.is_infinite() || want == 0.0 {
        got == want || (want == 0.0 && got.abs() <= 1e-12)
    } else {
        ((got - want) / want).abs() <= tol
    };
    assert!(ok, "{ctx}: got {got:e}, want {want:e} (tolerance {tol:e})");
}

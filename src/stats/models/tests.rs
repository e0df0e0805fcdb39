//! The models against statsmodels 0.15 (`tests/data/models_reference.json`,
//! written by `scripts/reference_models.py`) and on hand-made tables whose
//! failure is known.

use serde::Deserialize;

use super::*;

const REFERENCE: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/data/models_reference.json"
));

/// Relative agreement asked of every estimate, standard error and alpha.
const TOL: f64 = 1e-6;

#[derive(Deserialize)]
struct Reference {
    cases: Vec<Case>,
}

#[derive(Deserialize)]
struct FactorSpec {
    name: String,
    levels: Vec<String>,
    codes: Vec<usize>,
    reference: usize,
}

#[derive(Deserialize)]
struct ExcludedSpec {
    factor: String,
    level: String,
    articles: usize,
    reason: String,
}

#[derive(Deserialize)]
struct Case {
    name: String,
    kind: String,
    factors: Vec<FactorSpec>,
    #[serde(default)]
    counts: Vec<u64>,
    #[serde(default)]
    tokens: Vec<u64>,
    #[serde(default)]
    successes: Vec<u64>,
    #[serde(default)]
    trials: Vec<u64>,
    clusters: Option<Vec<usize>>,
    columns: Vec<String>,
    excluded: Vec<ExcludedSpec>,
    articles_used: usize,
    glm_nb: Option<Fitted>,
    nb2: Option<Fitted>,
    binomial: Option<Fitted>,
}

#[derive(Deserialize)]
struct Fitted {
    params: Vec<f64>,
    alpha: Option<f64>,
    llf: f64,
    deviance: Option<f64>,
    bse: Vec<f64>,
    bse_hc0: Vec<f64>,
    bse_hc1: Vec<f64>,
    bse_cluster: Option<Vec<f64>>,
    alpha_se: Option<f64>,
    alpha_se_hc0: Option<f64>,
    alpha_se_hc1: Option<f64>,
    alpha_se_cluster: Option<f64>,
    logit_params: Option<Vec<f64>>,
    logit_bse: Option<Vec<f64>>,
    logit_bse_cluster_article: Option<Vec<f64>>,
}

fn cases() -> Vec<Case> {
    let r: Reference = serde_json::from_str(REFERENCE).expect("models_reference.json parses");
    r.cases
}

fn table(case: &Case) -> ArticleTable {
    let mut factors = case.factors.iter().map(|f| {
        Factor::new(&f.name, f.levels.clone(), f.codes.clone(), f.reference)
            .expect("valid reference factor")
    });
    let outlet = factors.next().expect("an outlet factor");
    ArticleTable::new(outlet, factors.collect()).expect("valid reference table")
}

fn close(got: f64, want: f64, ctx: &str) {
    assert!(
        (got - want).abs() <= TOL * want.abs().max(1e-3),
        "{ctx}: got {got:e}, want {want:e}"
    );
}

fn close_all(got: &[f64], want: &[f64], ctx: &str) {
    assert_eq!(got.len(), want.len(), "{ctx}: lengths");
    for (i, (g, w)) in got.iter().zip(want).enumerate() {
        close(*g, *w, &format!("{ctx}[{i}]"));
    }
}

/// Checks a fit's columns, exclusions, estimates and every covariance.
fn check(case: &Case, fit: &ModelFit, want: &Fitted, label: &str) {
    let ctx = format!("{} {label}", case.name);
    let names: Vec<String> = fit.columns().iter().map(Column::name).collect();
    assert_eq!(names, case.columns, "{ctx}: columns");
    assert_eq!(fit.articles(), case.articles_used, "{ctx}: articles");
    let excluded: Vec<(String, String, usize, &str)> = fit
        .excluded()
        .iter()
        .map(|e| {
            let reason = match e.reason {
                Exclusion::NoMatch => "none",
                Exclusion::OnlyLabel => "all",
            };
            (e.factor.clone(), e.level.clone(), e.articles, reason)
        })
        .collect();
    let want_excluded: Vec<(String, String, usize, &str)> = case
        .excluded
        .iter()
        .map(|e| {
            (
                e.factor.clone(),
                e.level.clone(),
                e.articles,
                e.reason.as_str(),
            )
        })
        .collect();
    assert_eq!(excluded, want_excluded, "{ctx}: excluded");
    close_all(fit.params(), &want.params, &format!("{ctx} params"));
    if let Some(a) = want.alpha {
        close(fit.alpha().expect("an alpha"), a, &format!("{ctx} alpha"));
    }
    close(fit.loglike(), want.llf, &format!("{ctx} llf"));
    if let Some(d) = want.deviance {
        close(fit.deviance(), d, &format!("{ctx} deviance"));
    }
    let mut covs = vec![
        (Covariance::Model, &want.bse, want.alpha_se, "model"),
        (Covariance::Hc0, &want.bse_hc0, want.alpha_se_hc0, "hc0"),
        (Covariance::Hc1, &want.bse_hc1, want.alpha_se_hc1, "hc1"),
    ];
    if let (Some(codes), Some(bse)) = (&case.clusters, &want.bse_cluster) {
        covs.push((
            Covariance::Cluster(codes),
            bse,
            want.alpha_se_cluster,
            "cluster",
        ));
    }
    for (cov, bse, alpha_se, name) in covs {
        let se = fit.standard_errors(&cov).expect("standard errors");
        close_all(&se.coefficients, bse, &format!("{ctx} bse {name}"));
        match (se.alpha, alpha_se) {
            (Some(g), Some(w)) => close(g, w, &format!("{ctx} alpha se {name}")),
            (None, None) => {}
            (g, w) => panic!("{ctx} alpha se {name}: got {g:?}, want {w:?}"),
        }
    }
}

#[test]
fn negative_binomial_at_fixed_alpha_matches_statsmodels_glm() {
    for case in cases().iter().filter(|c| c.kind == "count") {
        let want = case.glm_nb.as_ref().expect("glm_nb reference");
        let alpha = want.alpha.expect("alpha");
        let fit = fit_counts(
            &table(case),
            &case.counts,
            &case.tokens,
            Dispersion::Fixed(alpha),
        )
        .unwrap_or_else(|e| panic!("{}: {e}", case.name));
        assert_eq!(fit.kind(), ModelKind::NegBinFixed);
        check(case, &fit, want, "glm_nb");
    }
}

#[test]
fn negative_binomial_with_alpha_estimated_matches_statsmodels_nb2() {
    for case in cases().iter().filter(|c| c.kind == "count") {
        let want = case.nb2.as_ref().expect("nb2 reference");
        let fit = fit_counts(
            &table(case),
            &case.counts,
            &case.tokens,
            Dispersion::Estimate,
        )
        .unwrap_or_else(|e| panic!("{}: {e}", case.name));
        assert_eq!(fit.kind(), ModelKind::NegBinMl);
        assert_eq!(fit.parameters(), want.params.len() + 1);
        check(case, &fit, want, "nb2");
    }
}

#[test]
fn binomial_logit_matches_statsmodels_glm_and_logit() {
    for case in cases().iter().filter(|c| c.kind == "share") {
        let want = case.binomial.as_ref().expect("binomial reference");
        let fit = fit_shares(&table(case), &case.successes, &case.trials)
            .unwrap_or_else(|e| panic!("{}: {e}", case.name));
        check(case, &fit, want, "binomial");
        // Logit on one row per match: same estimates and model SE; its
        // article-clustered SE (without small-sample factor) is HC0 here.
        let ctx = format!("{} logit", case.name);
        close_all(
            fit.params(),
            want.logit_params.as_ref().expect("logit"),
            &ctx,
        );
        let model = fit.standard_errors(&Covariance::Model).expect("se");
        close_all(
            &model.coefficients,
            want.logit_bse.as_ref().expect("logit"),
            &ctx,
        );
        let hc0 = fit.standard_errors(&Covariance::Hc0).expect("se");
        let clustered = want.logit_bse_cluster_article.as_ref().expect("logit");
        // statsmodels' CR1 factor G/(G-1) (N-1)/(N-K), with G articles and
        // N matches (rows of the Logit); without it, clustering the matches
        // by article is the HC0 of the grouped binomial.
        let g = fit.articles() as f64;
        let n = fit
            .article_indices()
            .iter()
            .map(|&i| case.trials[i])
            .sum::<u64>() as f64;
        let k = fit.params().len() as f64;
        let factor = (g / (g - 1.0) * (n - 1.0) / (n - k)).sqrt();
        for (i, (c, h)) in clustered.iter().zip(&hc0.coefficients).enumerate() {
            close(c / factor, *h, &format!("{ctx} clustered by article [{i}]"));
        }
    }
}

/// Ratios are the exponentiated outlet coefficients with Wald intervals.
#[test]
fn ratios_are_exponentiated_outlet_coefficients() {
    let case = cases()
        .into_iter()
        .find(|c| c.name == "generated_nb")
        .expect("case");
    let want = case.nb2.as_ref().expect("nb2");
    let fit = fit_counts(
        &table(&case),
        &case.counts,
        &case.tokens,
        Dispersion::Estimate,
    )
    .expect("fit");
    let ratios = fit.ratios(&Covariance::Hc1, 0.95).expect("ratios");
    assert_eq!(
        ratios.iter().map(|r| r.level.as_str()).collect::<Vec<_>>(),
        ["b", "c", "d"]
    );
    for (k, r) in ratios.iter().enumerate() {
        let (b, se) = (want.params[k + 1], want.bse_hc1[k + 1]);
        close(r.ratio, b.exp(), "ratio");
        // scipy.stats.norm.ppf(0.975) = 1.959963984540054
        close(r.low, (b - 1.959_963_984_540_054 * se).exp(), "low");
        close(r.high, (b + 1.959_963_984_540_054 * se).exp(), "high");
        assert!(r.low < r.ratio && r.ratio < r.high);
    }
    // Generated with outlet effects 0.4, -0.3, 0.8: each true ratio is
    // inside its 95% interval.
    for (r, truth) in ratios.iter().zip([0.4f64, -0.3, 0.8]) {
        assert!(
            r.low < truth.exp() && truth.exp() < r.high,
            "{}: {r:?}",
            r.level
        );
    }
}

/// A table from (outlet, period) labels per article.
fn small_table(rows: &[(&str, &str)], reference: &str) -> ArticleTable {
    let outlets: Vec<&str> = rows.iter().map(|r| r.0).collect();
    let periods: Vec<&str> = rows.iter().map(|r| r.1).collect();
    let outlet = Factor::from_labels("outlet", &outlets, &ReferenceLevel::Named(reference.into()))
        .expect("outlet");
    let period = Factor::from_labels("period", &periods, &ReferenceLevel::First).expect("period");
    ArticleTable::new(outlet, vec![period]).expect("table")
}

#[test]
fn factor_levels_are_sorted_and_the_reference_is_found() {
    let f = Factor::from_labels(
        "outlet",
        &["sana", "bbc", "sana", "rt"],
        &ReferenceLevel::Largest,
    )
    .expect("factor");
    assert_eq!(f.levels(), ["bbc", "rt", "sana"]);
    assert_eq!(f.codes(), [2, 0, 2, 1]);
    assert_eq!(f.sizes(), [1, 1, 2]);
    assert_eq!(f.reference(), 2);
    // A tie goes to the first level in sorted order.
    let f = Factor::from_labels("outlet", &["b", "a"], &ReferenceLevel::Largest).expect("factor");
    assert_eq!(f.reference(), 0);
    assert_eq!(
        Factor::from_labels("outlet", &["a"], &ReferenceLevel::Named("z".into())),
        Err(ModelError::UnknownReference {
            factor: "outlet".into(),
            level: "z".into()
        })
    );
    assert!(matches!(
        Factor::new("outlet", vec!["a".into()], vec![0, 1], 0),
        Err(ModelError::InvalidCode {
            index: 1,
            code: 1,
            ..
        })
    ));
    let a = Factor::from_labels("period", &["x", "y"], &ReferenceLevel::First).expect("f");
    let b = Factor::from_labels("period", &["x", "y"], &ReferenceLevel::First).expect("f");
    assert_eq!(
        ArticleTable::new(a.clone(), vec![b]),
        Err(ModelError::DuplicateFactor {
            factor: "period".into()
        })
    );
    let short = Factor::from_labels("section", &["x"], &ReferenceLevel::First).expect("f");
    assert!(matches!(
        ArticleTable::new(a, vec![short]),
        Err(ModelError::LengthMismatch {
            expected: 2,
            found: 1,
            ..
        })
    ));
}

/// Outlets that never overlap in time: the outlet is a sum of periods.
#[test]
fn outlets_that_never_overlap_in_time_are_a_singular_design() {
    let rows = [
        ("a", "p1"),
        ("a", "p1"),
        ("a", "p2"),
        ("a", "p2"),
        ("b", "p3"),
        ("b", "p3"),
        ("b", "p4"),
        ("b", "p4"),
    ];
    let t = small_table(&rows, "a");
    let counts = [1, 3, 2, 0, 4, 1, 2, 5];
    let tokens = [100; 8];
    let err = fit_counts(&t, &counts, &tokens, Dispersion::Fixed(0.5)).expect_err("singular");
    let ModelError::SingularDesign { columns } = &err else {
        panic!("{err}");
    };
    assert_eq!(columns, &["outlet=b", "period=p3", "period=p4"]);
    assert!(
        err.to_string()
            .contains("outlets that never overlap in time"),
        "{err}"
    );
    let err = fit_shares(&t, &counts.map(|c| c / 2), &counts).expect_err("singular");
    assert!(matches!(err, ModelError::SingularDesign { .. }), "{err}");
}

/// Additive effects that fit two cells exactly: quasi-complete separation
/// that no single level shows, found by the coefficients running away.
#[test]
fn quasi_separation_is_reported_not_fitted() {
    let rows = [("a", "p1"), ("a", "p2"), ("b", "p1"), ("b", "p2")];
    let t = small_table(&rows.repeat(2), "a");
    let k = [0, 1, 1, 2, 0, 1, 1, 2];
    let n = [2; 8];
    let err = fit_shares(&t, &k, &n).expect_err("separated");
    assert!(matches!(err, ModelError::Separation { .. }), "{err}");
    assert!(err.to_string().contains("perfect separation"), "{err}");
}

/// An outlet that never uses the label is left out and listed; when it is
/// the reference, the model says to choose another.
#[test]
fn outlet_without_matches_is_excluded_or_refused_as_reference() {
    let rows = [
        ("a", "p1"),
        ("a", "p2"),
        ("b", "p1"),
        ("b", "p2"),
        ("c", "p1"),
        ("c", "p2"),
    ];
    let rows: Vec<_> = rows.repeat(3);
    let counts: Vec<u64> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            if r.0 == "c" {
                0
            } else {
                1 + (i as u64 * 7) % 5
            }
        })
        .collect();
    let tokens = vec![500; rows.len()];
    let fit = fit_counts(
        &small_table(&rows, "a"),
        &counts,
        &tokens,
        Dispersion::Fixed(0.3),
    )
    .expect("fit");
    assert_eq!(
        fit.excluded(),
        [Excluded {
            factor: "outlet".into(),
            level: "c".into(),
            articles: 6,
            reason: Exclusion::NoMatch
        }]
    );
    let ratios = fit.ratios(&Covariance::Hc1, 0.95).expect("ratios");
    assert_eq!(ratios.len(), 1);
    assert_eq!(ratios[0].level, "b");
    let err = fit_counts(
        &small_table(&rows, "c"),
        &counts,
        &tokens,
        Dispersion::Estimate,
    )
    .expect_err("reference without matches");
    assert!(
        matches!(&err, ModelError::ReferenceExcluded { level, reason: Exclusion::NoMatch, .. } if level == "c"),
        "{err}"
    );
    assert!(
        err.to_string().contains("choose another reference"),
        "{err}"
    );
    // Only the reference keeps matches: nothing to compare.
    let only_a: Vec<u64> = rows.iter().map(|r| u64::from(r.0 == "a")).collect();
    let err = fit_counts(
        &small_table(&rows, "a"),
        &only_a,
        &tokens,
        Dispersion::Fixed(0.3),
    )
    .expect_err("nothing to compare");
    assert!(matches!(err, ModelError::NothingToCompare { .. }), "{err}");
    // The reference outlet has no tokens at all.
    let no_tokens: Vec<u64> = rows
        .iter()
        .map(|r| if r.0 == "a" { 0 } else { 500 })
        .collect();
    let err = fit_counts(
        &small_table(&rows, "a"),
        &counts,
        &no_tokens,
        Dispersion::Fixed(0.3),
    )
    .expect_err("reference absent");
    assert!(matches!(err, ModelError::ReferenceAbsent { .. }), "{err}");
}

#[test]
fn too_few_articles_and_bad_input_are_errors() {
    let rows = [("a", "p1"), ("b", "p2"), ("b", "p1")];
    let t = small_table(&rows, "a");
    assert_eq!(
        fit_counts(&t, &[1, 2, 1], &[10, 10, 10], Dispersion::Fixed(1.0)).expect_err("few"),
        ModelError::TooFewArticles {
            articles: 3,
            parameters: 3
        }
    );
    assert!(matches!(
        fit_counts(&t, &[1, 2], &[10, 10, 10], Dispersion::Fixed(1.0)),
        Err(ModelError::LengthMismatch {
            expected: 3,
            found: 2,
            ..
        })
    ));
    for alpha in [-1.0, f64::NAN, f64::INFINITY] {
        assert!(matches!(
            fit_counts(&t, &[1, 2, 1], &[10, 10, 10], Dispersion::Fixed(alpha)),
            Err(ModelError::InvalidAlpha(_))
        ));
    }
    assert_eq!(
        fit_shares(&t, &[1, 3, 0], &[2, 2, 2]).expect_err("k > n"),
        ModelError::SuccessesExceedTrials {
            index: 1,
            successes: 3,
            trials: 2
        }
    );
}

/// Counts less variable than Poisson: the likelihood falls from alpha = 0,
/// so the estimate is the boundary (Poisson), without a standard error for
/// alpha, and equals the fixed-alpha fit at 0.
#[test]
fn underdispersed_counts_give_alpha_zero() {
    let rows: Vec<(&str, &str)> = [("a", "p1"), ("a", "p2"), ("b", "p1"), ("b", "p2")].repeat(5);
    let t = small_table(&rows, "a");
    let counts: Vec<u64> = (0..rows.len() as u64).map(|i| 4 + i % 2).collect();
    let tokens = vec![1000; rows.len()];
    let ml = fit_counts(&t, &counts, &tokens, Dispersion::Estimate).expect("fit");
    let poisson = fit_counts(&t, &counts, &tokens, Dispersion::Fixed(0.0)).expect("fit");
    assert_eq!(ml.alpha(), Some(0.0));
    close_all(ml.params(), poisson.params(), "alpha = 0");
    let se = ml.standard_errors(&Covariance::Model).expect("se");
    assert_eq!(se.alpha, None);
    assert_eq!(ml.parameters(), ml.params().len());
}

#[test]
fn covariance_requests_are_checked() {
    let case = cases()
        .into_iter()
        .find(|c| c.name == "basil_democrat")
        .expect("case");
    let fit = fit_counts(
        &table(&case),
        &case.counts,
        &case.tokens,
        Dispersion::Fixed(0.5),
    )
    .expect("fit");
    assert!(matches!(
        fit.standard_errors(&Covariance::Cluster(&[0, 1])),
        Err(ModelError::LengthMismatch { found: 2, .. })
    ));
    let one = vec![7; case.counts.len()];
    assert_eq!(
        fit.standard_errors(&Covariance::Cluster(&one)),
        Err(ModelError::TooFewClusters { found: 1 })
    );
    for conf in [0.0, 1.0, f64::NAN] {
        assert!(matches!(
            fit.estimates(&Covariance::Hc1, conf),
            Err(ModelError::InvalidConfidence(_))
        ));
    }
}

//! The correction: point values by hand, the source of each precision, and
//! the replicates' spread against its exact composition.

use super::*;
use crate::corpus::Article;
use crate::validation::sample::tests::{articles, matcher};

fn table(arts: &[Article]) -> CountTable {
    let m = matcher();
    let mut t = CountTable::new(&m, vec!["armed".into(), "state".into()]);
    for a in arts {
        t.add(a, &m.find(&a.text));
    }
    t
}

fn model() -> PrecisionModel {
    let mut m = PrecisionModel::default();
    m.add(
        "A",
        "armed",
        "rebel",
        Component {
            size: 24.0,
            yes: 18,
            no: 2,
        },
    );
    m.add(
        "A",
        "armed",
        "terrorist",
        Component {
            size: 12.0,
            yes: 2,
            no: 8,
        },
    );
    m
}

/// Category index by id.
fn cat(t: &CountTable, id: &str) -> usize {
    t.categories.iter().position(|c| c.id == id).unwrap()
}

#[test]
fn corrected_values_and_where_the_precision_came_from() {
    let t = table(&articles());
    let opts = CorrectOptions {
        resamples: 400,
        ..CorrectOptions::default()
    };
    let c = correct(&t, &model(), &opts).unwrap();
    let (rebel, terr, regime) = (cat(&t, "rebel"), cat(&t, "terrorist"), cat(&t, "regime"));
    let a = c.cell("A", rebel).unwrap();
    assert_eq!((a.count, a.source), (24, PrecisionSource::Outlet));
    assert_eq!(a.precision, Some(0.9));
    assert!((a.corrected_count.unwrap() - 21.6).abs() < 1e-12);
    assert!((a.corrected_rate.unwrap() - 0.9 * a.rate.unwrap()).abs() < 1e-12);
    // 21.6 / (21.6 + 0.2 * 12)
    assert!((a.corrected_share.unwrap() - 0.9).abs() < 1e-12);
    assert!((a.share.unwrap() - 24.0 / 36.0).abs() < 1e-12);
    let at = c.cell("A", terr).unwrap();
    assert!((at.corrected_share.unwrap() - 0.1).abs() < 1e-12);
    // B has no validated matches: the pooled precision, said so.
    let b = c.cell("B", rebel).unwrap();
    assert_eq!(
        (b.source, b.precision),
        (PrecisionSource::Pooled, Some(0.9))
    );
    assert!(b.note.contains("pooled over outlets"), "{}", b.note);
    assert_eq!(b.corrected_share, Some(1.0));
    // regime was never validated.
    let r = c.cell("B", regime).unwrap();
    assert_eq!(
        (r.source, r.corrected_count, r.corrected_rate_interval),
        (PrecisionSource::None, None, None)
    );
    assert!(r.note.contains("not validated"), "{}", r.note);
    // Reproducible.
    assert_eq!(c, correct(&t, &model(), &opts).unwrap());
}

/// Every article of A is alike, so the article bootstrap has no spread and
/// the corrected count's interval is 24 x the Beta(18.5, 2.5) quantiles.
#[test]
fn with_identical_articles_the_interval_is_the_precision_posterior() {
    use statrs::distribution::{Beta as SBeta, ContinuousCDF};
    let t = table(&articles());
    let opts = CorrectOptions {
        resamples: 8000,
        ..CorrectOptions::default()
    };
    let c = correct(&t, &model(), &opts).unwrap();
    let a = c.cell("A", cat(&t, "rebel")).unwrap();
    let beta = SBeta::new(18.5, 2.5).unwrap();
    let (lo, hi) = a.corrected_count_interval.unwrap();
    let (plo, phi) = a.precision_interval.unwrap();
    // Monte Carlo error of a 2.5% quantile of 8,000 draws: about 0.006 here.
    assert!((plo - beta.inverse_cdf(0.025)).abs() < 0.02, "{plo}");
    assert!((phi - beta.inverse_cdf(0.975)).abs() < 0.01, "{phi}");
    assert!((lo - 24.0 * plo).abs() < 1e-9 && (hi - 24.0 * phi).abs() < 1e-9);
}

/// With articles that differ, the corrected rate's replicates combine both
/// sources: for independent p and X,
/// `Var(pX) = Var(p) Var(X) + Var(p) E[X]^2 + Var(X) E[p]^2`, with Var(X)
/// the bootstrap variance of a sum over n articles (n times the articles'
/// variance) and Var(p) the Beta's.
#[test]
fn the_interval_carries_article_and_precision_uncertainty() {
    let mut arts = Vec::new();
    let ks: Vec<usize> = (0..30).map(|i| (i * 7) % 5).collect();
    for (i, &k) in ks.iter().enumerate() {
        let text = format!("{}{}", "rebels ".repeat(k), "x ".repeat(10 - k));
        arts.push(Article {
            id: format!("c{i}"),
            outlet: "C".into(),
            text,
            ..Article::default()
        });
    }
    let t = table(&arts);
    let mut m = PrecisionModel::default();
    m.add(
        "C",
        "armed",
        "rebel",
        Component {
            size: 60.0,
            yes: 12,
            no: 8,
        },
    );
    let b = 20_000;
    let c = correct(
        &t,
        &m,
        &CorrectOptions {
            resamples: b,
            ..CorrectOptions::default()
        },
    )
    .unwrap();
    let cell = c.cell("C", cat(&t, "rebel")).unwrap();
    let n = ks.len() as f64;
    let mean_k = ks.iter().sum::<usize>() as f64 / n;
    let var_k = ks.iter().map(|&k| (k as f64 - mean_k).powi(2)).sum::<f64>() / n;
    let (ex, vx) = (n * mean_k, n * var_k);
    let (a, bb) = (12.5_f64, 8.5_f64);
    let (ep, vp) = (a / (a + bb), a * bb / ((a + bb).powi(2) * (a + bb + 1.0)));
    let scale = 1000.0 / (10.0 * n);
    let want = scale * scale * (vp * vx + vp * ex * ex + vx * ep * ep);
    let reps = &cell.rate_reps;
    let mean = reps.iter().sum::<f64>() / reps.len() as f64;
    let var = reps.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (reps.len() - 1) as f64;
    assert!((var / want - 1.0).abs() < 0.05, "var {var} vs {want}");
    assert!(
        (mean - scale * ep * ex).abs() < 4.0 * (want / b as f64).sqrt(),
        "{mean}"
    );
    // Wider than either source alone.
    let (lo, hi) = cell.corrected_rate_interval.unwrap();
    let z = 1.959964;
    assert!(hi - lo > 2.0 * z * scale * ep * vx.sqrt());
    assert!(hi - lo > 2.0 * z * scale * ex * vp.sqrt());
}

#[test]
fn contrasts_between_outlets_say_whether_a_difference_survives() {
    let t = table(&articles());
    let mut m = model();
    m.add(
        "B",
        "armed",
        "rebel",
        Component {
            size: 5.0,
            yes: 5,
            no: 0,
        },
    );
    let c = correct(
        &t,
        &m,
        &CorrectOptions {
            resamples: 2000,
            ..CorrectOptions::default()
        },
    )
    .unwrap();
    let rebel = cat(&t, "rebel");
    let x = c.contrast("A", "B", rebel, Measure::Share).unwrap();
    // Raw: 24/36 - 5/5; corrected: 0.9 - 1.0.
    assert!((x.raw - (24.0 / 36.0 - 1.0)).abs() < 1e-12);
    assert!((x.corrected - (0.9 - 1.0)).abs() < 1e-12);
    assert!(x.low <= x.corrected && x.corrected <= x.high);
    // B's share is 1 in every replicate (its only validated category),
    // A's is p 24 / (p 24 + q 12) < 1: the difference stays below 0.
    assert!(x.survives() && x.high < 0.0 && x.low > -0.3, "{x:?}");
    assert!(c
        .contrast("A", "B", cat(&t, "regime"), Measure::Rate)
        .is_none());
}

/// A category without matches in an outlet needs no precision there: B's
/// rebel share is corrected though terrorist (0 matches in B) is not
/// validated; A, where terrorist has matches, gets no corrected share.
/// Every coded match `yes`: precision 1 and intervals that reach it.
#[test]
fn unvalidated_categories_without_matches_and_all_yes_strata() {
    let t = table(&articles());
    let mut m = PrecisionModel::default();
    for (outlet, size) in [("A", 24.0), ("B", 5.0)] {
        m.add(
            outlet,
            "armed",
            "rebel",
            Component {
                size,
                yes: 5,
                no: 0,
            },
        );
    }
    let c = correct(
        &t,
        &m,
        &CorrectOptions {
            resamples: 1000,
            ..CorrectOptions::default()
        },
    )
    .unwrap();
    let rebel = cat(&t, "rebel");
    let b = c.cell("B", rebel).unwrap();
    assert_eq!((b.precision, b.corrected_share), (Some(1.0), Some(1.0)));
    assert_eq!(b.corrected_share_interval, Some((1.0, 1.0)));
    // No Beta(5.5, 0.5) draw reaches 1; the interval is widened to it.
    let (lo, hi) = b.corrected_count_interval.unwrap();
    assert_eq!(hi, 5.0);
    assert!(lo > 2.0 && lo < 5.0, "{lo}");
    let (plo, phi) = b.precision_interval.unwrap();
    assert!(plo < 1.0 && phi == 1.0);
    let a = c.cell("A", rebel).unwrap();
    assert_eq!((a.corrected_count, a.corrected_share), (Some(24.0), None));
    assert!(a
        .note
        .contains("another category of the group is not validated"));
}

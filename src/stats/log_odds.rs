//! Distinctive terms: log-odds ratio with an informative Dirichlet prior.

use super::StatsError;

/// Log-odds ratio of each term between corpus `i` and corpus `j`, smoothed
/// by an informative Dirichlet prior, and its z-score.
///
/// With term counts `y_iw`, `y_jw`, prior pseudo-counts `a_w`, and totals
/// `n_i = sum y_iw`, `n_j = sum y_jw`, `a0 = sum a_w`:
///
/// ```text
/// delta_w = ln((y_iw + a_w) / (n_i + a0 - y_iw - a_w))
///         - ln((y_jw + a_w) / (n_j + a0 - y_jw - a_w))       (eq. 16)
/// var_w   = 1 / (y_iw + a_w) + 1 / (y_jw + a_w)               (eq. 18)
/// z_w     = delta_w / sqrt(var_w)
/// ```
///
/// A common prior is the pooled counts of a background corpus scaled to a
/// chosen total. Returns `(delta, z)`, one entry per term, in input order.
///
/// # Errors
///
/// [`StatsError::LengthMismatch`] unless all three slices have one entry
/// per term, [`StatsError::TooFewTerms`] for fewer than 2 terms (the odds
/// need a complement), and [`StatsError::InvalidValue`] for a count that is
/// negative or not finite, or a prior that is not finite and positive.
///
/// # Remarks
///
/// Monroe, Colaresi and Quinn (2008), "Fightin' words: lexical feature
/// selection and evaluation for identifying the content of political
/// conflict", *Political Analysis* 16(4), eq. 16 and 18. No scipy
/// equivalent; the reference values are computed with numpy from the
/// formulas above.
pub fn log_odds_dirichlet(
    counts_i: &[f64],
    counts_j: &[f64],
    prior: &[f64],
) -> Result<(Vec<f64>, Vec<f64>), StatsError> {
    validate(counts_i, counts_j, prior)?;
    let total = |x: &[f64]| x.iter().sum::<f64>();
    let (n_i, n_j, a0) = (total(counts_i), total(counts_j), total(prior));
    let log_odds = |y: f64, a: f64, n: f64| ((y + a) / (n + a0 - y - a)).ln();
    Ok(counts_i
        .iter()
        .zip(counts_j)
        .zip(prior)
        .map(|((&yi, &yj), &a)| {
            let delta = log_odds(yi, a, n_i) - log_odds(yj, a, n_j);
            let var = 1.0 / (yi + a) + 1.0 / (yj + a);
            (delta, delta / var.sqrt())
        })
        .unzip())
}

fn validate(counts_i: &[f64], counts_j: &[f64], prior: &[f64]) -> Result<(), StatsError> {
    let expected = counts_i.len();
    for (what, xs) in [("counts_j", counts_j), ("prior", prior)] {
        if xs.len() != expected {
            let found = xs.len();
            return Err(StatsError::LengthMismatch {
                what,
                expected,
                found,
            });
        }
    }
    if expected < 2 {
        return Err(StatsError::TooFewTerms {
            needed: 2,
            found: expected,
        });
    }
    let is_count = |x: f64| x.is_finite() && x >= 0.0;
    let is_prior = |x: f64| x.is_finite() && x > 0.0;
    check_each("counts_i", counts_i, is_count, "non-negative")?;
    check_each("counts_j", counts_j, is_count, "non-negative")?;
    check_each("prior", prior, is_prior, "positive")
}

/// The first entry of `xs` failing `ok`, as an [`StatsError::InvalidValue`].
fn check_each(
    what: &'static str,
    xs: &[f64],
    ok: fn(f64) -> bool,
    rule: &'static str,
) -> Result<(), StatsError> {
    match xs.iter().enumerate().find(|(_, &x)| !ok(x)) {
        Some((index, &value)) => Err(StatsError::InvalidValue {
            what,
            index,
            value,
            rule,
        }),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::test_support::{assert_close, reference};

    #[test]
    fn matches_reference() {
        for c in reference().log_odds_dirichlet {
            let (delta, z) = log_odds_dirichlet(&c.counts_i, &c.counts_j, &c.prior)
                .expect("valid reference case");
            let ctx = format!("{:?} vs {:?}", c.counts_i, c.counts_j);
            assert_eq!((delta.len(), z.len()), (c.delta.len(), c.z.len()), "{ctx}");
            for (got, want) in delta.iter().zip(&c.delta).chain(z.iter().zip(&c.z)) {
                assert_close(*got, *want, &ctx);
            }
        }
    }

    #[test]
    fn rejects_bad_input() {
        let ok = [1.0, 2.0];
        assert_eq!(
            log_odds_dirichlet(&ok, &[1.0], &ok),
            Err(StatsError::LengthMismatch {
                what: "counts_j",
                expected: 2,
                found: 1
            })
        );
        assert_eq!(
            log_odds_dirichlet(&ok, &ok, &[1.0, 1.0, 1.0]),
            Err(StatsError::LengthMismatch {
                what: "prior",
                expected: 2,
                found: 3
            })
        );
        assert_eq!(
            log_odds_dirichlet(&[1.0], &[2.0], &[0.5]),
            Err(StatsError::TooFewTerms {
                needed: 2,
                found: 1
            })
        );
        assert!(log_odds_dirichlet(&[], &[], &[]).is_err());
        assert!(matches!(
            log_odds_dirichlet(&[1.0, -1.0], &ok, &ok),
            Err(StatsError::InvalidValue {
                what: "counts_i",
                index: 1,
                ..
            })
        ));
        assert!(matches!(
            log_odds_dirichlet(&ok, &[f64::NAN, 1.0], &ok),
            Err(StatsError::InvalidValue {
                what: "counts_j",
                index: 0,
                ..
            })
        ));
        assert!(matches!(
            log_odds_dirichlet(&ok, &ok, &[1.0, 0.0]),
            Err(StatsError::InvalidValue {
                what: "prior",
                index: 1,
                ..
            })
        ));
    }

    /// Swapping the corpora flips the sign; identical corpora give zero.
    #[test]
    fn antisymmetric() {
        let (i, j, a) = ([4.0, 0.0, 9.0], [1.0, 6.0, 2.0], [0.1, 0.1, 0.1]);
        let (d_ij, z_ij) = log_odds_dirichlet(&i, &j, &a).expect("valid input");
        let (d_ji, z_ji) = log_odds_dirichlet(&j, &i, &a).expect("valid input");
        for w in 0..3 {
            assert_close(d_ij[w], -d_ji[w], "delta");
            assert_close(z_ij[w], -z_ji[w], "z");
        }
        let (d, z) = log_odds_dirichlet(&i, &i, &a).expect("valid input");
        assert!(d.iter().chain(&z).all(|&x| x == 0.0));
    }
}

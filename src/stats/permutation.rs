//! Article-level permutation test of group labels (outlets) for a table of
//! per-article counts: is the label mix (category shares) independent of
//! the outlet, when whole articles, not words, are exchangeable?

use rand::{Rng, RngExt};

use super::draw::below;
use super::monte_carlo::{pearson_statistic, MonteCarlo, ALMOST_ONE};
use super::StatsError;

/// Permutation test of independence between a unit's label (its outlet)
/// and its counts, with Pearson's chi-square of the aggregated label x
/// column table as the statistic.
///
/// `labels[u]` is unit `u`'s label in `0..n_labels`; `rows` holds each
/// unit's counts, `width` per unit, flattened. Each resample shuffles the
/// labels among the units (Fisher-Yates), so every outlet keeps its number
/// of articles and every article keeps its words together:
///
/// ```text
/// T      = X2 of sum over units of rows, by label
/// T_b    = the same after permuting labels
/// p      = (1 + #{b : T_b >= T (1 - 64 eps)}) / (resamples + 1)
/// ```
///
/// so `p >= 1 / (resamples + 1)`. Cells whose expected count is 0 (a label
/// or column with no count) add nothing to `X2`.
///
/// # Errors
///
/// [`StatsError::LengthMismatch`] unless `rows` has `width` cells per label,
/// [`StatsError::TooFewUnits`] for fewer than 2 units,
/// [`StatsError::TableTooSmall`] unless at least 2 labels and 2 columns are
/// used, and [`StatsError::NoResamples`] when `resamples` is 0.
///
/// # Remarks
///
/// Good (2005), *Permutation, Parametric, and Bootstrap Tests of
/// Hypotheses*, ch. 3; Phipson and Smyth (2010) for `(k + 1) / (B + 1)`.
/// Follows `scipy.stats.permutation_test(..., permutation_type="independent")`
/// with a chi-square statistic and `alternative="greater"`, which also
/// counts the observed arrangement among the resamples (`(k + 1) / (B + 1)`).
pub fn permutation_chi2(
    labels: &[usize],
    n_labels: usize,
    rows: &[u64],
    width: usize,
    resamples: usize,
    rng: &mut impl Rng,
) -> Result<MonteCarlo, StatsError> {
    let units = labels.len();
    if width == 0 || rows.len() != units * width {
        return Err(StatsError::LengthMismatch {
            what: "rows",
            expected: units * width.max(1),
            found: rows.len(),
        });
    }
    if let Some((index, &l)) = labels.iter().enumerate().find(|(_, &l)| l >= n_labels) {
        return Err(StatsError::InvalidValue {
            what: "labels",
            index,
            value: l as f64,
            rule: "below the number of labels",
        });
    }
    if units < 2 {
        return Err(StatsError::TooFewUnits {
            needed: 2,
            found: units,
        });
    }
    if resamples == 0 {
        return Err(StatsError::NoResamples);
    }
    let mut table = vec![0u64; n_labels * width];
    let observed = aggregate_statistic(labels, n_labels, rows, width, &mut table);
    let used_rows = (0..n_labels)
        .filter(|&i| table[i * width..(i + 1) * width].iter().any(|&x| x > 0))
        .count();
    let used_cols = (0..width)
        .filter(|&j| (0..n_labels).any(|i| table[i * width + j] > 0))
        .count();
    if used_rows < 2 || used_cols < 2 {
        return Err(StatsError::TableTooSmall {
            rows: used_rows,
            cols: used_cols,
        });
    }
    // Labels and counts in four bytes where they fit (they nearly always
    // do): the shuffle and the sums then touch half the memory.
    // With fewer than 2^32 units every draw's range is a `u32` (inlined,
    // [`below`]), and no table cell can pass `u64::MAX` (it is at most
    // units x `u32::MAX`), so `add_row` adds without saturating.
    let narrow = u32::try_from(n_labels).is_ok()
        && u32::try_from(units).is_ok()
        && rows.iter().all(|&x| x <= u64::from(u32::MAX));
    let mut exceed = 0;
    if narrow {
        let mut shuffled: Vec<u32> = labels.iter().map(|&l| l as u32).collect();
        let rows32: Vec<u32> = rows.iter().map(|&x| x as u32).collect();
        for _ in 0..resamples {
            // Fisher-Yates from the top: place `i` holds its final label
            // once its swap is done, so it is added up there and then.
            table.fill(0);
            for i in (1..units).rev() {
                let j = below(rng, i as u32 + 1) as usize;
                shuffled.swap(i, j);
                add_row(&mut table, shuffled[i] as usize, &rows32, width, i);
            }
            add_row(&mut table, shuffled[0] as usize, &rows32, width, 0);
            if pearson_statistic(&table, n_labels, width) >= ALMOST_ONE * observed {
                exceed += 1;
            }
        }
    } else {
        let mut shuffled = labels.to_vec();
        for _ in 0..resamples {
            for i in (1..units).rev() {
                let j = rng.random_range(0..=i);
                shuffled.swap(i, j);
            }
            let t = aggregate_statistic(&shuffled, n_labels, rows, width, &mut table);
            if t >= ALMOST_ONE * observed {
                exceed += 1;
            }
        }
    }
    Ok(MonteCarlo::new(observed, exceed, resamples))
}

/// Adds unit `u`'s row of `rows` to label `l`'s row of `table` (no cell can
/// overflow: see `narrow` in [`permutation_chi2`]).
#[inline(always)]
fn add_row(table: &mut [u64], l: usize, rows: &[u32], width: usize, u: usize) {
    let dst = &mut table[l * width..(l + 1) * width];
    for (d, &x) in dst.iter_mut().zip(&rows[u * width..(u + 1) * width]) {
        *d += u64::from(x);
    }
}

/// Sums `rows` by label into `table` and returns its Pearson chi-square.
fn aggregate_statistic(
    labels: &[usize],
    n_labels: usize,
    rows: &[u64],
    width: usize,
    table: &mut [u64],
) -> f64 {
    table.fill(0);
    for (u, &l) in labels.iter().enumerate() {
        let dst = &mut table[l * width..(l + 1) * width];
        for (d, &x) in dst.iter_mut().zip(&rows[u * width..(u + 1) * width]) {
            *d = d.saturating_add(x);
        }
    }
    pearson_statistic(table, n_labels, width)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::bootstrap::seeded_rng;
    use crate::stats::test_support::{assert_close, extra};

    /// Agrees with the exact permutation p-value (every distinct
    /// assignment of labels enumerated in Python) to within four standard
    /// errors, and its statistic with `scipy.stats.chi2_contingency`.
    #[test]
    fn agrees_with_exact_enumeration() {
        let b = 20_000;
        for (i, c) in extra().permutation.iter().enumerate() {
            let got = permutation_chi2(
                &c.labels,
                c.n_labels,
                &c.rows.concat(),
                c.rows[0].len(),
                b,
                &mut seeded_rng(9, i as u64),
            )
            .expect("valid reference case");
            assert_close(got.statistic, c.chi2, "statistic");
            let se = (c.p_exact * (1.0 - c.p_exact) / b as f64)
                .sqrt()
                .max(1.0 / b as f64);
            assert!(
                (got.p - c.p_exact).abs() < 4.0 * se,
                "case {i}: permutation p {} vs exact {}",
                got.p,
                c.p_exact
            );
        }
    }

    /// The statistic's exceedances are those of the plain method (shuffle
    /// every label, then sum the table and take its chi-square) on the
    /// same draws, for counts that fit in four bytes (summed as the
    /// labels are placed) and counts that do not.
    #[test]
    fn same_exceedances_as_shuffle_then_sum() {
        let mut gen = seeded_rng(8, 8);
        for case in 0..40u64 {
            let units = gen.random_range(2..60usize);
            let n_labels = gen.random_range(2..5usize);
            let width = gen.random_range(2..5usize);
            let labels: Vec<usize> = (0..units).map(|u| u % n_labels).collect();
            let mut rows: Vec<u64> = (0..units * width)
                .map(|_| gen.random_range(0..8u64))
                .collect();
            if case % 4 == 0 {
                // Too big for four bytes: the general path.
                rows[1] = u64::from(u32::MAX) + 5;
            }
            let resamples = 99;
            let got = match permutation_chi2(
                &labels,
                n_labels,
                &rows,
                width,
                resamples,
                &mut seeded_rng(case, 2),
            ) {
                Ok(got) => got,
                Err(StatsError::TableTooSmall { .. }) => continue,
                Err(e) => panic!("case {case}: {e}"),
            };
            let mut rng = seeded_rng(case, 2);
            let mut table = vec![0u64; n_labels * width];
            let observed = aggregate_statistic(&labels, n_labels, &rows, width, &mut table);
            let mut shuffled = labels.clone();
            let mut exceed = 0;
            for _ in 0..resamples {
                for i in (1..units).rev() {
                    shuffled.swap(i, rng.random_range(0..=i));
                }
                let t = aggregate_statistic(&shuffled, n_labels, &rows, width, &mut table);
                exceed += usize::from(t >= ALMOST_ONE * observed);
            }
            assert_eq!(got.exceed, exceed, "case {case}");
            assert_eq!(got.statistic.to_bits(), observed.to_bits(), "case {case}");
        }
    }

    /// Property: on seeded random data the p-value is in [1/(B+1), 1].
    #[test]
    fn p_is_at_least_one_over_b_plus_one() {
        let mut gen = seeded_rng(31, 2);
        for case in 0..30 {
            let units = gen.random_range(4..40usize);
            let n_labels = gen.random_range(2..5usize);
            let labels: Vec<usize> = (0..units).map(|u| u % n_labels).collect();
            let rows: Vec<u64> = (0..units * 3).map(|_| gen.random_range(0..6u64)).collect();
            let b = 199;
            match permutation_chi2(&labels, n_labels, &rows, 3, b, &mut seeded_rng(case, 0)) {
                Ok(got) => assert!(got.p >= 1.0 / 200.0 && got.p <= 1.0, "case {case}"),
                Err(e) => assert!(matches!(e, StatsError::TableTooSmall { .. }), "{e}"),
            }
        }
    }

    #[test]
    fn rejects_bad_input() {
        let mut rng = seeded_rng(1, 0);
        assert!(matches!(
            permutation_chi2(&[0, 1], 2, &[1, 2, 3], 2, 10, &mut rng),
            Err(StatsError::LengthMismatch { .. })
        ));
        assert!(matches!(
            permutation_chi2(&[0, 2], 2, &[1, 2, 3, 4], 2, 10, &mut rng),
            Err(StatsError::InvalidValue { .. })
        ));
        assert_eq!(
            permutation_chi2(&[0], 1, &[1, 2], 2, 10, &mut rng),
            Err(StatsError::TooFewUnits {
                needed: 2,
                found: 1
            })
        );
        assert_eq!(
            permutation_chi2(&[0, 0], 2, &[1, 2, 3, 4], 2, 10, &mut rng),
            Err(StatsError::TableTooSmall { rows: 1, cols: 2 })
        );
        assert_eq!(
            permutation_chi2(&[0, 1], 2, &[1, 2, 3, 4], 2, 0, &mut rng),
            Err(StatsError::NoResamples)
        );
    }
}

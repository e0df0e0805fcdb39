//! Tests of independence for an r x c contingency table (outlet x category).

use serde::Serialize;

use super::{chi2_sf, StatsError};

/// Everything framescore reports about one r x c table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Independence {
    /// Pearson's `X2 = sum (O - E)^2 / E`, without continuity correction.
    pub chi2: f64,
    /// Degrees of freedom `(r - 1)(c - 1)`.
    pub df: usize,
    /// Upper-tail p-value of `chi2`.
    pub p: f64,
    /// The G-test statistic `G = 2 sum O ln(O / E)`, with `0 ln 0 = 0`.
    pub g: f64,
    /// Upper-tail p-value of `g`.
    pub g_p: f64,
    /// Uncorrected Cramér's V, `sqrt(X2 / (n (min(r, c) - 1)))`.
    pub cramers_v: f64,
    /// Expected counts under independence, `E_ij = R_i C_j / n`.
    pub expected: Vec<Vec<f64>>,
    /// The smallest expected count; below 5 the chi-square p is unreliable.
    pub min_expected: f64,
    /// Haberman's adjusted residuals,
    /// `(O - E) / sqrt(E (1 - R_i / n) (1 - C_j / n))`.
    pub adjusted_residuals: Vec<Vec<f64>>,
}

/// Pearson chi-square and G-test of independence with Cramér's V, expected
/// counts and Haberman adjusted residuals.
///
/// With row sums `R_i`, column sums `C_j` and total `n`:
///
/// ```text
/// E_ij = R_i C_j / n
/// X2   = sum (O_ij - E_ij)^2 / E_ij          df = (r - 1)(c - 1)
/// G    = 2 sum O_ij ln(O_ij / E_ij)          (0 ln 0 = 0)
/// V    = sqrt(X2 / (n (min(r, c) - 1)))
/// r_ij = (O_ij - E_ij) / sqrt(E_ij (1 - R_i / n) (1 - C_j / n))
/// ```
///
/// p-values are chi-square upper tails ([`chi2_sf`]).
///
/// # Errors
///
/// [`StatsError::TableTooSmall`] for fewer than 2 rows or columns,
/// [`StatsError::RaggedTable`] for rows of unequal length and
/// [`StatsError::ZeroMargin`] when a row or column sums to zero (drop those
/// first).
///
/// # Remarks
///
/// Pearson (1900); Haberman (1973), "The analysis of residuals in
/// cross-classified tables", *Biometrics* 29. Follows
/// `scipy.stats.chi2_contingency(table, correction=False)` and
/// `lambda_="log-likelihood"` for the G-test, `scipy.stats.contingency.association(method="cramer")`,
/// and `statsmodels.stats.contingency_tables.Table(table).standardized_resids`.
pub fn independence(table: &[Vec<u64>]) -> Result<Independence, StatsError> {
    let (rows, cols) = margins(table)?;
    let n: f64 = rows.iter().sum();
    let expected: Vec<Vec<f64>> = rows
        .iter()
        .map(|r| cols.iter().map(|c| r * c / n).collect())
        .collect();
    let (mut chi2, mut g) = (0.0, 0.0);
    for (obs_row, exp_row) in table.iter().zip(&expected) {
        for (&o, &e) in obs_row.iter().zip(exp_row) {
            let o = o as f64;
            chi2 += (o - e).powi(2) / e;
            if o > 0.0 {
                g += 2.0 * o * (o / e).ln();
            }
        }
    }
    let df = (rows.len() - 1) * (cols.len() - 1);
    let k = rows.len().min(cols.len()) as f64 - 1.0;
    Ok(Independence {
        chi2,
        df,
        p: chi2_sf(chi2, df as f64),
        g,
        g_p: chi2_sf(g, df as f64),
        cramers_v: (chi2 / (n * k)).sqrt(),
        min_expected: expected
            .iter()
            .flatten()
            .copied()
            .fold(f64::INFINITY, f64::min),
        adjusted_residuals: adjusted_residuals(table, &expected, &rows, &cols, n),
        expected,
    })
}

/// Checks the table as [`independence`] does and returns its integer row
/// and column sums.
pub(super) fn integer_margins(table: &[Vec<u64>]) -> Result<(Vec<u64>, Vec<u64>), StatsError> {
    margins(table)?;
    let add = |a: u64, x: u64| a.saturating_add(x);
    let rows = table
        .iter()
        .map(|r| r.iter().copied().fold(0, add))
        .collect();
    let cols = (0..table[0].len())
        .map(|j| table.iter().map(|r| r[j]).fold(0, add))
        .collect();
    Ok((rows, cols))
}

/// Checks the table's shape and returns its row and column sums.
fn margins(table: &[Vec<u64>]) -> Result<(Vec<f64>, Vec<f64>), StatsError> {
    let width = table.first().map_or(0, Vec::len);
    if table.len() < 2 || width < 2 {
        let (rows, cols) = (table.len(), width);
        return Err(StatsError::TableTooSmall { rows, cols });
    }
    if let Some((row, r)) = table.iter().enumerate().find(|(_, r)| r.len() != width) {
        let (expected, found) = (width, r.len());
        return Err(StatsError::RaggedTable {
            row,
            expected,
            found,
        });
    }
    let rows: Vec<f64> = table
        .iter()
        .map(|r| r.iter().map(|&x| x as f64).sum())
        .collect();
    let cols: Vec<f64> = (0..width)
        .map(|j| table.iter().map(|r| r[j] as f64).sum())
        .collect();
    let zero = |axis, sums: &[f64]| {
        let index = sums.iter().position(|&s| s == 0.0)?;
        Some(StatsError::ZeroMargin { axis, index })
    };
    match zero("row", &rows).or_else(|| zero("column", &cols)) {
        Some(err) => Err(err),
        None => Ok((rows, cols)),
    }
}

/// Haberman's adjusted residuals `(O - E) / sqrt(E (1 - R_i / n) (1 - C_j / n))`.
fn adjusted_residuals(
    table: &[Vec<u64>],
    expected: &[Vec<f64>],
    rows: &[f64],
    cols: &[f64],
    n: f64,
) -> Vec<Vec<f64>> {
    table
        .iter()
        .zip(expected)
        .zip(rows)
        .map(|((obs, exp), r)| {
            obs.iter()
                .zip(exp)
                .zip(cols)
                .map(|((&o, &e), c)| (o as f64 - e) / (e * (1.0 - r / n) * (1.0 - c / n)).sqrt())
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::test_support::{assert_close, assert_p, reference};

    #[test]
    fn matches_scipy_reference() {
        for case in reference().independence {
            let got = independence(&case.table).expect("valid reference table");
            let ctx = format!("{:?}", case.table);
            assert_close(got.chi2, case.chi2, &ctx);
            assert_eq!(got.df, case.df, "{ctx}");
            assert_p(got.p, case.p, &ctx);
            assert_close(got.g, case.g, &ctx);
            assert_p(got.g_p, case.g_p, &ctx);
            assert_close(got.cramers_v, case.cramers_v, &ctx);
            assert_close(got.min_expected, case.min_expected, &ctx);
            let cells = |m: &[Vec<f64>]| m.iter().flatten().copied().collect::<Vec<_>>();
            for (grid, want) in [
                (&got.expected, &case.expected),
                (&got.adjusted_residuals, &case.adjusted_residuals),
            ] {
                assert_eq!(grid.len(), want.len(), "{ctx}");
                for (g, w) in cells(grid).into_iter().zip(cells(want)) {
                    assert_close(g, w, &ctx);
                }
            }
        }
    }

    #[test]
    fn rejects_bad_shapes() {
        assert_eq!(
            independence(&[]),
            Err(StatsError::TableTooSmall { rows: 0, cols: 0 })
        );
        assert_eq!(
            independence(&[vec![1, 2, 3]]),
            Err(StatsError::TableTooSmall { rows: 1, cols: 3 })
        );
        assert_eq!(
            independence(&[vec![1], vec![2]]),
            Err(StatsError::TableTooSmall { rows: 2, cols: 1 })
        );
        assert_eq!(
            independence(&[vec![1, 2], vec![3]]),
            Err(StatsError::RaggedTable {
                row: 1,
                expected: 2,
                found: 1
            })
        );
    }

    #[test]
    fn rejects_zero_margins() {
        let zero_row = [vec![1, 2], vec![0, 0], vec![3, 4]];
        assert_eq!(
            independence(&zero_row),
            Err(StatsError::ZeroMargin {
                axis: "row",
                index: 1
            })
        );
        let zero_col = [vec![0, 2], vec![0, 4]];
        assert_eq!(
            independence(&zero_col),
            Err(StatsError::ZeroMargin {
                axis: "column",
                index: 0
            })
        );
    }

    #[test]
    fn p_values_are_probabilities() {
        let tables = [
            vec![vec![1, 0], vec![0, 1]],
            vec![vec![5, 5], vec![5, 5]],
            vec![vec![u64::MAX, 1], vec![1, u64::MAX]],
            vec![vec![0, 1, 2], vec![3, 0, 9], vec![1, 1, 0]],
        ];
        for table in tables {
            let got = independence(&table).expect("valid table");
            for p in [got.p, got.g_p] {
                assert!((0.0..=1.0).contains(&p), "{table:?}: p = {p}");
            }
            assert!((0.0..=1.0 + 1e-12).contains(&got.cramers_v), "{table:?}");
        }
    }
}

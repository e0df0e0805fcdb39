//! Monte Carlo exact test of independence for an r x c table: random tables
//! with the observed margins (Patefield's algorithm) give the conditional
//! null distribution of Pearson's chi-square, which stays valid where the
//! chi-square approximation fails (expected counts below 5).

use rand::{Rng, RngExt};

use super::StatsError;

/// Largest table total the sampler accepts (its log-factorial table has
/// one entry per unit).
const MAX_TOTAL: u64 = 50_000_000;

/// A simulated statistic counts as "at least as extreme" when it is at
/// least `(1 - 64 eps)` times the observed one, absorbing rounding in ties
/// (R's `almost.1`).
pub(super) const ALMOST_ONE: f64 = 1.0 - 64.0 * f64::EPSILON;

/// Result of a Monte Carlo (or permutation) test.
#[derive(Debug, Clone, PartialEq)]
pub struct MonteCarlo {
    /// The observed statistic (Pearson's chi-square).
    pub statistic: f64,
    /// Simulated statistics at least as large as the observed one.
    pub exceed: usize,
    /// Number of simulated tables.
    pub resamples: usize,
    /// `(exceed + 1) / (resamples + 1)`, never below `1 / (resamples + 1)`.
    pub p: f64,
}

impl MonteCarlo {
    pub(super) fn new(statistic: f64, exceed: usize, resamples: usize) -> Self {
        MonteCarlo {
            statistic,
            exceed,
            resamples,
            p: (exceed as f64 + 1.0) / (resamples as f64 + 1.0),
        }
    }
}

/// Pearson's `X2 = sum (O - E)^2 / E` of a table given flat (`rows` x
/// `cols`, row by row), with cells whose expected count is 0 (an empty row
/// or column) contributing nothing.
///
/// # Remarks
///
/// Pearson (1900). Equals `scipy.stats.chi2_contingency(table,
/// correction=False).statistic` on tables without empty rows or columns
/// (scipy refuses those; here they add nothing, which is what a permuted
/// table with an outlet left without matches needs).
pub fn pearson_statistic(cells: &[u64], rows: usize, cols: usize) -> f64 {
    let row_sums: Vec<f64> = (0..rows)
        .map(|i| {
            cells[i * cols..(i + 1) * cols]
                .iter()
                .map(|&x| x as f64)
                .sum()
        })
        .collect();
    let col_sums: Vec<f64> = (0..cols)
        .map(|j| (0..rows).map(|i| cells[i * cols + j] as f64).sum())
        .collect();
    let n: f64 = row_sums.iter().sum();
    let mut x2 = 0.0;
    for (i, r) in row_sums.iter().enumerate() {
        for (j, c) in col_sums.iter().enumerate() {
            let e = r * c / n;
            if e > 0.0 {
                x2 += (cells[i * cols + j] as f64 - e).powi(2) / e;
            }
        }
    }
    x2
}

/// Monte Carlo exact test of independence: the p-value of Pearson's
/// chi-square under the conditional (fixed margins) null distribution,
/// estimated from `resamples` random tables.
///
/// ```text
/// X2_obs = Pearson chi-square of the table
/// X2_b   = Pearson chi-square of random table b, drawn with the same margins
/// p      = (1 + #{b : X2_b >= X2_obs (1 - 64 eps)}) / (resamples + 1)
/// ```
///
/// The `+1` counts the observed table among the simulated ones, so the
/// estimate is never 0 and the test is valid at every `resamples`.
///
/// # Errors
///
/// [`StatsError::TableTooSmall`], [`StatsError::RaggedTable`] and
/// [`StatsError::ZeroMargin`] as for [`super::independence`];
/// [`StatsError::NoResamples`] when `resamples` is 0;
/// [`StatsError::CountTooLarge`] when the table's total exceeds 5e7.
///
/// # Remarks
///
/// Patefield (1981), "Algorithm AS 159: an efficient method of generating
/// random r x c tables with given row and column totals", *Applied
/// Statistics* 30; Hope (1968) for the Monte Carlo p-value. Follows R's
/// `chisq.test(x, simulate.p.value = TRUE, B)`; the sampler is the one
/// behind `scipy.stats.random_table(row, col).rvs(method="patefield")`.
pub fn monte_carlo_chi2(
    table: &[Vec<u64>],
    resamples: usize,
    rng: &mut impl Rng,
) -> Result<MonteCarlo, StatsError> {
    let (row_sums, col_sums) = super::independence::integer_margins(table)?;
    if resamples == 0 {
        return Err(StatsError::NoResamples);
    }
    let n: u64 = row_sums.iter().sum();
    if n > MAX_TOTAL {
        return Err(StatsError::CountTooLarge {
            count: n,
            max: MAX_TOTAL,
        });
    }
    let (r, c) = (row_sums.len(), col_sums.len());
    let flat: Vec<u64> = table.iter().flatten().copied().collect();
    let observed = pearson_statistic(&flat, r, c);
    let ln_fact = ln_factorials(n as usize);
    let mut sample = vec![0u64; r * c];
    let mut exceed = 0;
    for _ in 0..resamples {
        random_table(&row_sums, &col_sums, &ln_fact, rng, &mut sample)?;
        if pearson_statistic(&sample, r, c) >= ALMOST_ONE * observed {
            exceed += 1;
        }
    }
    Ok(MonteCarlo::new(observed, exceed, resamples))
}

/// `ln k!` for `k = 0..=n`, by summing logarithms (as R's `r2dtable`).
fn ln_factorials(n: usize) -> Vec<f64> {
    let mut fact = Vec::with_capacity(n + 1);
    let mut acc = 0.0;
    fact.push(acc);
    for k in 1..=n {
        acc += (k as f64).ln();
        fact.push(acc);
    }
    fact
}

/// Patefield's algorithm AS 159: fills `out` (row by row) with a table
/// drawn uniformly from the multiple hypergeometric law of tables with row
/// sums `rows` and column sums `cols`. Each cell is drawn from its
/// conditional law given the cells before it, searching outward from the
/// conditional mode. `ln_fact` holds `ln k!` up to the total.
fn random_table(
    rows: &[u64],
    cols: &[u64],
    ln_fact: &[f64],
    rng: &mut impl Rng,
    out: &mut [u64],
) -> Result<(), StatsError> {
    let (nr, nc) = (rows.len(), cols.len());
    // Signed, as in AS 159: `ii` below may be negative. Totals are at most
    // MAX_TOTAL, so every value fits.
    let f = |k: i64| ln_fact[k.max(0) as usize];
    let mut col_left: Vec<i64> = cols.iter().map(|&c| c as i64).collect();
    let mut jc: i64 = rows.iter().sum::<u64>() as i64;
    for l in 0..nr - 1 {
        let mut ia = rows[l] as i64;
        let mut ic = jc;
        jc -= ia;
        for m in 0..nc - 1 {
            let id = col_left[m];
            let ie = ic;
            ic -= id;
            let ib = ie - ia;
            let ii = ib - id;
            if ie == 0 {
                out[l * nc + m..l * nc + nc - 1].fill(0);
                ia = 0;
                break;
            }
            let mut dummy: f64 = rng.random();
            let nlm = 'draw: loop {
                // Conditional mode of cell (l, m) and its probability.
                let mut nlm = (ia as f64 * (id as f64 / ie as f64) + 0.5) as i64;
                let mut x = (f(ia) + f(ib) + f(ic) + f(id)
                    - f(ie)
                    - f(nlm)
                    - f(id - nlm)
                    - f(ia - nlm)
                    - f(ii + nlm))
                .exp();
                if x >= dummy {
                    break 'draw nlm;
                }
                if x == 0.0 {
                    return Err(StatsError::SamplerUnderflow { row: l, col: m });
                }
                let (mut sumprb, mut y, mut nll) = (x, x, nlm);
                loop {
                    // One step up from the mode...
                    let j = (id - nlm) as f64 * (ia - nlm) as f64;
                    let lsp = j == 0.0;
                    if !lsp {
                        nlm += 1;
                        x = x * j / (nlm as f64 * (ii + nlm) as f64);
                        sumprb += x;
                        if sumprb >= dummy {
                            break 'draw nlm;
                        }
                    }
                    // ...then down (all the way down once up is exhausted).
                    loop {
                        let j = nll as f64 * (ii + nll) as f64;
                        if j == 0.0 {
                            break;
                        }
                        nll -= 1;
                        y = y * j / ((id - nll) as f64 * (ia - nll) as f64);
                        sumprb += y;
                        if sumprb >= dummy {
                            break 'draw nll;
                        }
                        if !lsp {
                            break;
                        }
                    }
                    if lsp {
                        break;
                    }
                }
                dummy = sumprb * rng.random::<f64>();
            };
            out[l * nc + m] = nlm as u64;
            ia -= nlm;
            col_left[m] -= nlm;
        }
        out[l * nc + nc - 1] = ia as u64;
    }
    for m in 0..nc {
        let above: u64 = (0..nr - 1).map(|l| out[l * nc + m]).sum();
        out[(nr - 1) * nc + m] = cols[m].saturating_sub(above);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::bootstrap::seeded_rng;
    use crate::stats::test_support::{assert_close, extra};

    /// The Monte Carlo p-value agrees with the exact conditional p-value of
    /// the chi-square statistic (enumerated in Python over every table with
    /// the observed margins) to within four binomial standard errors.
    #[test]
    fn agrees_with_exact_enumeration() {
        let b = 20_000;
        for (i, c) in extra().monte_carlo.iter().enumerate() {
            let got = monte_carlo_chi2(&c.table, b, &mut seeded_rng(5, i as u64))
                .expect("valid reference table");
            assert_close(got.statistic, c.chi2, "statistic");
            let se = (c.p_exact * (1.0 - c.p_exact) / b as f64)
                .sqrt()
                .max(1.0 / b as f64);
            assert!(
                (got.p - c.p_exact).abs() < 4.0 * se,
                "{:?}: Monte Carlo p {} vs exact {}",
                c.table,
                got.p,
                c.p_exact
            );
        }
    }

    /// Every random table has the requested margins, and the top-left cell
    /// of a 2 x 2 table follows the hypergeometric law (scipy's
    /// `hypergeom.pmf`) to within five standard errors per value.
    #[test]
    fn random_tables_keep_margins_and_law() {
        let (rows, cols) = ([7u64, 5], [4u64, 8]);
        let fact = ln_factorials(12);
        let mut rng = seeded_rng(3, 0);
        let mut out = [0u64; 4];
        let b = 40_000;
        let mut freq = [0usize; 5];
        for _ in 0..b {
            random_table(&rows, &cols, &fact, &mut rng, &mut out).expect("valid");
            assert_eq!([out[0] + out[1], out[2] + out[3]], rows);
            assert_eq!([out[0] + out[2], out[1] + out[3]], cols);
            freq[out[0] as usize] += 1;
        }
        for (k, &want) in extra().hypergeom_7_5_4.iter().enumerate() {
            let got = freq[k] as f64 / b as f64;
            let se = (want * (1.0 - want) / b as f64).sqrt();
            assert!(
                (got - want).abs() < 5.0 * se + 1e-12,
                "k = {k}: {got} vs {want}"
            );
        }
        let (rows, cols) = ([3u64, 0, 9, 4], [6u64, 1, 2, 7]);
        let fact = ln_factorials(16);
        for _ in 0..500 {
            let mut out = [0u64; 16];
            random_table(&rows, &cols, &fact, &mut rng, &mut out).expect("valid");
            for i in 0..4 {
                assert_eq!(out[i * 4..i * 4 + 4].iter().sum::<u64>(), rows[i]);
                assert_eq!((0..4).map(|l| out[l * 4 + i]).sum::<u64>(), cols[i]);
            }
        }
    }

    /// Property: p-values are in [1 / (B + 1), 1] on seeded random tables.
    #[test]
    fn p_values_are_probabilities() {
        let mut gen = seeded_rng(77, 1);
        for case in 0..30 {
            let (r, c) = (gen.random_range(2..5usize), gen.random_range(2..5usize));
            let table: Vec<Vec<u64>> = (0..r)
                .map(|_| (0..c).map(|_| gen.random_range(1..9u64)).collect())
                .collect();
            let b = 99;
            let got = monte_carlo_chi2(&table, b, &mut seeded_rng(case, 0)).expect("valid");
            assert!(got.p >= 1.0 / (b as f64 + 1.0) && got.p <= 1.0, "{table:?}");
        }
    }

    #[test]
    fn rejects_bad_input() {
        let mut rng = seeded_rng(1, 0);
        assert_eq!(
            monte_carlo_chi2(&[vec![1, 2]], 10, &mut rng),
            Err(StatsError::TableTooSmall { rows: 1, cols: 2 })
        );
        assert_eq!(
            monte_carlo_chi2(&[vec![1, 2], vec![0, 0]], 10, &mut rng),
            Err(StatsError::ZeroMargin {
                axis: "row",
                index: 1
            })
        );
        assert_eq!(
            monte_carlo_chi2(&[vec![1, 2], vec![3, 4]], 0, &mut rng),
            Err(StatsError::NoResamples)
        );
    }
}

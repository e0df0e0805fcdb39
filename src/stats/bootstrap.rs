//! Article-level bootstrap: resample whole articles (rows) with
//! replacement and keep the column sums of each resample, from which any
//! ratio of sums (a rate, a share, a rate ratio) gets a percentile interval.
//!
//! Why articles: words within one article are not independent draws, so the
//! article, not the token, is the sampling unit (Lijffijt et al. 2016).
//! Resampling is driven by a caller-supplied generator; [`seeded_rng`] gives
//! a ChaCha8 stream that reproduces on every platform and does not depend on
//! thread count when each outlet gets its own stream.

use rand::rngs::ChaCha8Rng;
use rand::{Rng, RngExt, SeedableRng};

use super::draw::below;
use super::StatsError;

/// A ChaCha8 generator seeded with `seed` on stream `stream`: independent,
/// reproducible sequences for, e.g., each outlet under one `--seed`.
///
/// # Remarks
///
/// Bernstein (2008), "ChaCha, a variant of Salsa20", with 8 rounds, as
/// `rand::rngs::ChaCha8Rng` (the same stream as `rand_chacha`); unlike
/// `StdRng` its stream is fixed across platforms and versions (how
/// `random_range` maps it to integers is fixed by the `rand` version that
/// `Cargo.lock` pins; the resampling loops map it as rand 0.10 does,
/// `stats::draw::below`, whose test fails if a new `rand` differs).
/// numpy's `default_rng` (PCG64) has no equivalent stream, so tests check
/// distributions, not draws.
pub fn seeded_rng(seed: u64, stream: u64) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(stream);
    rng
}

/// Column sums of each bootstrap resample of a table's rows.
#[derive(Debug, Clone, PartialEq)]
pub struct BootstrapSums {
    /// Columns per row (and per replicate).
    pub width: usize,
    /// Number of resamples.
    pub resamples: usize,
    sums: Cells,
}

/// Every replicate's sums one after another: four bytes each while every
/// sum fits (an outlet's matches and tokens in a resample nearly always
/// do), eight once one does not. A report holds every outlet's replicates
/// at once for its outlet pairs (242 outlets x 2,000 replicates x 29
/// columns in the benchmark: 112 MB in eight bytes).
#[derive(Debug, Clone, PartialEq)]
enum Cells {
    Narrow(Vec<u32>),
    Wide(Vec<u64>),
}

/// One replicate's column sums.
#[derive(Debug, Clone, Copy)]
pub enum Replicate<'a> {
    Narrow(&'a [u32]),
    Wide(&'a [u64]),
}

impl Replicate<'_> {
    /// The sum of column `c` (`c < width`).
    pub fn get(&self, c: usize) -> u64 {
        match self {
            Replicate::Narrow(sums) => u64::from(sums[c]),
            Replicate::Wide(sums) => sums[c],
        }
    }

    /// The columns' sums in order.
    pub fn iter(&self) -> impl Iterator<Item = u64> + '_ {
        (0..self.len()).map(|c| self.get(c))
    }

    pub fn len(&self) -> usize {
        match self {
            Replicate::Narrow(sums) => sums.len(),
            Replicate::Wide(sums) => sums.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl BootstrapSums {
    /// The column sums of replicate `r` (`r < resamples`).
    pub fn replicate(&self, r: usize) -> Replicate<'_> {
        let cells = r * self.width..(r + 1) * self.width;
        match &self.sums {
            Cells::Narrow(sums) => Replicate::Narrow(&sums[cells]),
            Cells::Wide(sums) => Replicate::Wide(&sums[cells]),
        }
    }

    /// Every replicate's column sums, in order.
    pub fn replicates(&self) -> impl Iterator<Item = Replicate<'_>> {
        (0..self.resamples).map(|r| self.replicate(r))
    }
}

impl Cells {
    /// Room for `cells` sums in four bytes each.
    fn narrow(cells: usize) -> Option<Cells> {
        let mut sums = Vec::new();
        sums.try_reserve_exact(cells).ok()?;
        Some(Cells::Narrow(sums))
    }

    /// Adds a replicate's sums, in eight bytes each from the first that
    /// does not fit in four (room for `cells` made then); `None` when that
    /// room cannot be had.
    fn push(&mut self, row: &[u64], cells: usize) -> Option<()> {
        if let Cells::Narrow(sums) = self {
            let start = sums.len();
            sums.extend(row.iter().map_while(|&x| u32::try_from(x).ok()));
            if sums.len() == start + row.len() {
                return Some(());
            }
            sums.truncate(start);
            let mut wide = Vec::new();
            wide.try_reserve_exact(cells).ok()?;
            wide.extend(sums.iter().map(|&x| u64::from(x)));
            *self = Cells::Wide(wide);
        }
        if let Cells::Wide(sums) = self {
            sums.extend_from_slice(row);
        }
        Some(())
    }
}

/// Nonparametric bootstrap of the rows of a table: `resamples` times, draw
/// as many rows as there are, uniformly with replacement, and sum each
/// column.
///
/// `rows` is the table flattened row by row, `width` cells per row (e.g. an
/// article's count per category, then its tokens). A ratio of two column
/// sums computed on each replicate is that ratio's bootstrap distribution;
/// [`super::percentile_interval`] turns it into an interval.
///
/// # Errors
///
/// [`StatsError::LengthMismatch`] when `rows.len()` is not a multiple of
/// `width` (or `width` is 0), [`StatsError::TooFewUnits`] for fewer than 2
/// rows (one article supports no article-level inference) and
/// [`StatsError::NoResamples`] when `resamples` is 0.
///
/// # Remarks
///
/// Efron and Tibshirani (1993), *An Introduction to the Bootstrap*, ch. 6;
/// the resampling scheme is that of `scipy.stats.bootstrap` with
/// `method="percentile"` applied to whole rows (`paired=True`). Seeded
/// streams cannot match numpy's generator, so the tests check the
/// distribution of the replicates against its known mean and variance.
pub fn bootstrap_sums(
    rows: &[u64],
    width: usize,
    resamples: usize,
    rng: &mut impl Rng,
) -> Result<BootstrapSums, StatsError> {
    if width == 0 || !rows.len().is_multiple_of(width) {
        return Err(StatsError::LengthMismatch {
            what: "rows",
            expected: width.max(1) * (rows.len() / width.max(1)),
            found: rows.len(),
        });
    }
    let n = rows.len() / width;
    if n < 2 {
        return Err(StatsError::TooFewUnits {
            needed: 2,
            found: n,
        });
    }
    if resamples == 0 {
        return Err(StatsError::NoResamples);
    }
    // Refused as an error, not a panic or an abort, when the replicates do
    // not fit in memory (`--bootstrap` is bounded, outlets x categories is
    // not).
    let too_large = || StatsError::TooLarge {
        what: "bootstrap replicates",
        resamples,
        width,
    };
    let cells = resamples.checked_mul(width).ok_or_else(too_large)?;
    let mut sums = Cells::narrow(cells).ok_or_else(too_large)?;
    let mut out = vec![0u64; width];
    if let Some(columns) = narrow_columns(rows, width, n) {
        // How many times each row is drawn, then each column's sum as the
        // dot product of those counts with the column: the same draws and
        // sums as adding each drawn row, without a branch per draw (the
        // 1 GB benchmark's 2,000 replicates: 4.0 -> 0.9 s of CPU,
        // docs/PERFORMANCE.md).
        let mut times = vec![0u32; n];
        // `narrow_columns` holds no table of more than `u32::MAX` rows.
        let n32 = n as u32;
        for _ in 0..resamples {
            times.fill(0);
            for _ in 0..n {
                times[below(rng, n32) as usize] += 1;
            }
            for (s, column) in out.iter_mut().zip(&columns) {
                *s = column.dot(&times);
            }
            sums.push(&out, cells).ok_or_else(too_large)?;
        }
        return Ok(BootstrapSums {
            width,
            resamples,
            sums,
        });
    }
    // Each row's cells other than zero, as (column, value): most of an
    // article's categories have no match, and adding a zero changes no sum.
    let mut starts = Vec::with_capacity(n + 1);
    let mut nonzero: Vec<(usize, u64)> = Vec::new();
    for row in rows.chunks_exact(width) {
        starts.push(nonzero.len());
        nonzero.extend(row.iter().copied().enumerate().filter(|&(_, x)| x != 0));
    }
    starts.push(nonzero.len());
    for _ in 0..resamples {
        out.fill(0);
        for _ in 0..n {
            let i = rng.random_range(0..n);
            for &(j, x) in &nonzero[starts[i]..starts[i + 1]] {
                let s = &mut out[j];
                *s = s.saturating_add(x);
            }
        }
        sums.push(&out, cells).ok_or_else(too_large)?;
    }
    Ok(BootstrapSums {
        width,
        resamples,
        sums,
    })
}

/// A column of a table whose cells and row count fit in four bytes, kept
/// as its dot product with the draws' counts reads it best.
enum Column {
    /// Every row's cell (vectorised products).
    Dense(Vec<u32>),
    /// (row, cell) of the cells other than zero, for a column mostly zero.
    Sparse(Vec<(u32, u32)>),
}

impl Column {
    /// The sum of the column's cells, each taken `times[row]` times. It
    /// cannot overflow: at most `n` draws of cells below 2^32, `n < 2^32`.
    fn dot(&self, times: &[u32]) -> u64 {
        match self {
            Column::Dense(cells) => cells
                .iter()
                .zip(times)
                .map(|(&x, &t)| u64::from(x) * u64::from(t))
                .sum(),
            Column::Sparse(cells) => cells
                .iter()
                .map(|&(row, x)| u64::from(x) * u64::from(times[row as usize]))
                .sum(),
        }
    }
}

/// The table's columns, when every cell and the number of rows fit in four
/// bytes (nearly always: a cell is an article's count); `None` otherwise,
/// and the sums are then added row by row, saturating.
fn narrow_columns(rows: &[u64], width: usize, n: usize) -> Option<Vec<Column>> {
    u32::try_from(n).ok()?;
    let narrow = |x: u64| u32::try_from(x).ok();
    (0..width)
        .map(|j| {
            let cells = rows.iter().skip(j).step_by(width);
            let nonzero = cells.clone().filter(|&&x| x != 0).count();
            // A gather per nonzero cell against a vectorised product per
            // row: a quarter is a guess at where they cost the same, not
            // tuned (either way gives the same sums).
            if nonzero < n / 4 {
                let mut sparse = Vec::with_capacity(nonzero);
                for (i, &x) in cells.enumerate().filter(|(_, &x)| x != 0) {
                    sparse.push((i as u32, narrow(x)?));
                }
                Some(Column::Sparse(sparse))
            } else {
                cells
                    .map(|&x| narrow(x))
                    .collect::<Option<_>>()
                    .map(Column::Dense)
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::percentile_interval;

    #[test]
    fn rejects_bad_input() {
        let mut rng = seeded_rng(1, 0);
        assert_eq!(
            bootstrap_sums(&[1, 2], 2, 10, &mut rng),
            Err(StatsError::TooFewUnits {
                needed: 2,
                found: 1
            })
        );
        assert!(matches!(
            bootstrap_sums(&[1, 2, 3], 2, 10, &mut rng),
            Err(StatsError::LengthMismatch { .. })
        ));
        assert!(matches!(
            bootstrap_sums(&[1, 2, 3], 0, 10, &mut rng),
            Err(StatsError::LengthMismatch { .. })
        ));
        assert_eq!(
            bootstrap_sums(&[1, 2, 3, 4], 2, 0, &mut rng),
            Err(StatsError::NoResamples)
        );
        // Near usize::MAX: an error, not "capacity overflow" or an abort.
        for resamples in [usize::MAX, usize::MAX / 2, 1 << 60] {
            assert!(matches!(
                bootstrap_sums(&[1, 2, 3, 4], 2, resamples, &mut rng),
                Err(StatsError::TooLarge { .. })
            ));
        }
        assert_eq!(
            percentile_interval(&[f64::NAN], 0.95),
            Err(StatsError::NoDefinedReplicates { resamples: 1 })
        );
        assert!(matches!(
            percentile_interval(&[1.0], 1.0),
            Err(StatsError::InvalidConfidence(_))
        ));
    }

    /// The same seed and stream give the same replicates; another stream
    /// gives others.
    #[test]
    fn reproducible_streams() {
        let rows = [1, 10, 0, 20, 5, 7, 2, 9];
        let a = bootstrap_sums(&rows, 2, 50, &mut seeded_rng(7, 3)).expect("valid");
        let b = bootstrap_sums(&rows, 2, 50, &mut seeded_rng(7, 3)).expect("valid");
        let c = bootstrap_sums(&rows, 2, 50, &mut seeded_rng(7, 4)).expect("valid");
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    /// The sums are those of the plain method (draw a row, add every one of
    /// its cells, zeros included) on the same draws: tables with columns
    /// mostly zero (kept sparse), mostly not (dense) and of zeros only, a
    /// cell of `u32::MAX` (still four bytes), and cells above it, up to
    /// near `u64::MAX` (added row by row; the sums saturate alike).
    #[test]
    fn sparse_sums_equal_dense_sums() {
        let mut gen = seeded_rng(5, 5);
        for case in 0..90u64 {
            let n = gen.random_range(2..if case % 2 == 0 { 40 } else { 400usize });
            let width = gen.random_range(1..9usize);
            let zero = [0.8, 0.98, 0.3][case as usize % 3];
            let mut rows: Vec<u64> = (0..n * width)
                .map(|_| {
                    if gen.random_bool(zero) {
                        0
                    } else {
                        gen.random_range(1..50)
                    }
                })
                .collect();
            match case % 10 {
                0 => rows[0] = u64::MAX - 3,
                3 => rows[n * width - 1] = u64::from(u32::MAX) + 1,
                6 => rows[0] = u64::from(u32::MAX),
                _ => {}
            }
            let got = bootstrap_sums(&rows, width, 30, &mut seeded_rng(case, 1)).expect("valid");
            let mut rng = seeded_rng(case, 1);
            let mut want = vec![0u64; 30 * width];
            for out in want.chunks_exact_mut(width) {
                for _ in 0..n {
                    let i = rng.random_range(0..n);
                    for (s, &x) in out.iter_mut().zip(&rows[i * width..(i + 1) * width]) {
                        *s = s.saturating_add(x);
                    }
                }
            }
            // Four bytes a sum while all fit.
            let fits = want.iter().all(|&x| x <= u64::from(u32::MAX));
            assert_eq!(matches!(got.sums, Cells::Narrow(_)), fits, "case {case}");
            let got: Vec<u64> = got
                .replicates()
                .flat_map(|r| r.iter().collect::<Vec<_>>())
                .collect();
            assert_eq!(got, want, "case {case}");
        }
    }

    /// The mean of a replicate's column sum is the observed sum, and its
    /// variance is `n * var_pop(x)` (multinomial resampling): checked to
    /// within five standard errors on 20,000 replicates.
    #[test]
    fn replicate_sums_have_the_bootstrap_moments() {
        let xs: [u64; 6] = [0, 3, 1, 8, 2, 0];
        let n = xs.len() as f64;
        let b = 20_000;
        let sums = bootstrap_sums(&xs, 1, b, &mut seeded_rng(11, 0)).expect("valid");
        let total: f64 = xs.iter().map(|&x| x as f64).sum();
        let mean_x = total / n;
        let var_pop = xs.iter().map(|&x| (x as f64 - mean_x).powi(2)).sum::<f64>() / n;
        let reps: Vec<f64> = sums.replicates().map(|r| r.get(0) as f64).collect();
        let m = reps.iter().sum::<f64>() / b as f64;
        let v = reps.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (b as f64 - 1.0);
        let se_mean = (n * var_pop / b as f64).sqrt();
        assert!((m - total).abs() < 5.0 * se_mean, "mean {m} vs {total}");
        assert!((v / (n * var_pop) - 1.0).abs() < 0.05, "variance {v}");
    }

    /// Property: on seeded random tables, a rate's percentile interval
    /// contains the full-sample rate, and its ends are ordered.
    #[test]
    fn intervals_contain_their_estimate() {
        let mut gen = seeded_rng(2024, 99);
        for case in 0..40 {
            let n = gen.random_range(2..30usize);
            let mut rows = Vec::new();
            for _ in 0..n {
                let tokens = gen.random_range(50..2000u64);
                rows.extend([gen.random_range(0..tokens / 20 + 1), tokens]);
            }
            let (count, tokens) = rows
                .chunks(2)
                .fold((0, 0), |(c, t), r| (c + r[0], t + r[1]));
            let rate = count as f64 / tokens as f64;
            let sums = bootstrap_sums(&rows, 2, 500, &mut seeded_rng(case, 0)).expect("valid");
            let reps: Vec<f64> = sums
                .replicates()
                .map(|r| r.get(0) as f64 / r.get(1) as f64)
                .collect();
            let (low, high) = percentile_interval(&reps, 0.95).expect("defined");
            assert!(
                low <= rate && rate <= high,
                "case {case}: {rate} not in ({low}, {high})"
            );
        }
    }
}

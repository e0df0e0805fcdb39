//! Inter-coder agreement on nominal codes: percent agreement, Cohen's kappa
//! and Krippendorff's alpha, with the bootstrap distribution of alpha of
//! Hayes and Krippendorff (2007).
//!
//! Reliability data are one row per unit (a coded item), one cell per
//! coder: `Some(code)` or `None` where that coder gave no code (an item
//! outside a coder's share, a blank). Codes are nominal values (`u32`
//! labels, e.g. yes = 0, no = 1, unsure = 2); their order means nothing.

use rand::{Rng, RngExt};

use super::StatsError;

/// Pairwise percent agreement: of all pairs of codes two coders gave the
/// same unit, the share that are equal.
///
/// With two coders this is the share of units both coded on which they
/// agree; with more, every pair of coders of every unit counts once
/// (a unit coded by three coders gives three pairs).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PercentAgreement {
    /// Share of agreeing pairs, in `[0, 1]`.
    pub agreement: f64,
    /// Pairs of codes compared.
    pub pairs: u64,
    /// Units with at least two codes.
    pub units: usize,
}

/// Percent agreement over every pair of codes of every unit.
///
/// # Errors
///
/// [`StatsError::NoPairableUnits`] when no unit has two codes.
///
/// # Remarks
///
/// The share of agreeing coder pairs (e.g. Neuendorf 2017, ch. 6); it
/// ignores agreement by chance, so report it beside kappa or alpha.
/// Tested against a direct count in Python (`scripts/reference_agreement.py`).
pub fn percent_agreement(units: &[Vec<Option<u32>>]) -> Result<PercentAgreement, StatsError> {
    let (mut agree, mut pairs, mut pairable) = (0u64, 0u64, 0usize);
    for unit in units {
        let codes: Vec<u32> = unit.iter().flatten().copied().collect();
        if codes.len() < 2 {
            continue;
        }
        pairable += 1;
        for (i, a) in codes.iter().enumerate() {
            for b in codes.iter().skip(i + 1) {
                pairs += 1;
                agree += u64::from(a == b);
            }
        }
    }
    if pairs == 0 {
        return Err(StatsError::NoPairableUnits);
    }
    Ok(PercentAgreement {
        agreement: agree as f64 / pairs as f64,
        pairs,
        units: pairable,
    })
}

/// Cohen's kappa of two coders: `(p_o - p_e) / (1 - p_e)`, with `p_o` the
/// observed agreement and `p_e = sum_c p1_c p2_c` the agreement expected
/// from each coder's own marginal distribution of codes. Units where either
/// coder gave no code are left out.
///
/// # Errors
///
/// [`StatsError::LengthMismatch`] when the coders' slices differ in length,
/// [`StatsError::NoPairableUnits`] when no unit has both codes, and
/// [`StatsError::NoVariation`] when both coders used one and the same code
/// throughout (`p_e = 1`: kappa is undefined).
///
/// # Remarks
///
/// Cohen (1960), *Educational and Psychological Measurement* 20. Follows
/// `sklearn.metrics.cohen_kappa_score(y1, y2)` (unweighted).
pub fn cohen_kappa(a: &[Option<u32>], b: &[Option<u32>]) -> Result<f64, StatsError> {
    if a.len() != b.len() {
        return Err(StatsError::LengthMismatch {
            what: "second coder's codes",
            expected: a.len(),
            found: b.len(),
        });
    }
    let pairs: Vec<(u32, u32)> = a
        .iter()
        .zip(b)
        .filter_map(|(x, y)| Some(((*x)?, (*y)?)))
        .collect();
    if pairs.is_empty() {
        return Err(StatsError::NoPairableUnits);
    }
    let mut values: Vec<u32> = pairs.iter().flat_map(|&(x, y)| [x, y]).collect();
    values.sort_unstable();
    values.dedup();
    let idx = |v: u32| values.binary_search(&v).unwrap_or(0);
    let k = values.len();
    let (mut m1, mut m2) = (vec![0u64; k], vec![0u64; k]);
    let mut agree = 0u64;
    for &(x, y) in &pairs {
        m1[idx(x)] += 1;
        m2[idx(y)] += 1;
        agree += u64::from(x == y);
    }
    let n = pairs.len() as f64;
    let p_o = agree as f64 / n;
    let p_e: f64 = m1
        .iter()
        .zip(&m2)
        .map(|(&x, &y)| (x as f64 / n) * (y as f64 / n))
        .sum();
    if 1.0 - p_e <= 0.0 {
        return Err(StatsError::NoVariation);
    }
    Ok((p_o - p_e) / (1.0 - p_e))
}

/// The coincidence matrix of nominal reliability data and the alpha it gives.
#[derive(Debug, Clone, PartialEq)]
pub struct Alpha {
    /// Krippendorff's alpha, `1 - D_o / D_e`.
    pub alpha: f64,
    /// Observed disagreement: the share of pairable values' pairs that differ.
    pub observed: f64,
    /// Expected disagreement: the same share if values were paired at random.
    pub expected: f64,
    /// Pairable values `n` (codes in units with at least two codes).
    pub values: u64,
    /// Units with at least two codes.
    pub units: usize,
    /// The distinct codes, sorted: the rows and columns of `coincidences`.
    pub codes: Vec<u32>,
    /// Coincidence matrix `o_ck`, row by row (`codes.len()` squared cells).
    pub coincidences: Vec<f64>,
    /// Most codes any unit has (the `m` of the bootstrap's sample size).
    pub max_coders: usize,
}

/// Krippendorff's alpha for nominal data, any number of coders, missing
/// codes allowed.
///
/// Each unit `u` with `m_u >= 2` codes adds `1 / (m_u - 1)` to the
/// coincidence `o_ck` for every ordered pair of its codes (from different
/// coders) with values `c`, `k`. With `n_c = sum_k o_ck` and `n = sum_c n_c`:
///
/// ```text
/// D_o = sum_{c != k} o_ck / n
/// D_e = sum_{c != k} n_c n_k / (n (n - 1))
/// alpha = 1 - D_o / D_e
/// ```
///
/// Units with fewer than two codes are not pairable and are left out.
///
/// # Errors
///
/// [`StatsError::NoPairableUnits`] when no unit has two codes and
/// [`StatsError::NoVariation`] when every pairable code is the same value
/// (`D_e = 0`: alpha is undefined).
///
/// # Remarks
///
/// Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability";
/// Hayes and Krippendorff (2007), *Communication Methods and Measures* 1.
/// Follows `krippendorff.alpha(reliability_data, level_of_measurement="nominal")`
/// of the `krippendorff` package (PyPI), with coders as rows there.
pub fn krippendorff_alpha(units: &[Vec<Option<u32>>]) -> Result<Alpha, StatsError> {
    let mut codes: Vec<u32> = units.iter().flatten().flatten().copied().collect();
    codes.sort_unstable();
    codes.dedup();
    let k = codes.len();
    let idx = |v: u32| codes.binary_search(&v).unwrap_or(0);
    let mut o = vec![0.0; k * k];
    let (mut pairable, mut max_coders) = (0usize, 0usize);
    let mut counts = vec![0u64; k];
    for unit in units {
        counts.iter_mut().for_each(|c| *c = 0);
        let mut m = 0u64;
        for v in unit.iter().flatten() {
            counts[idx(*v)] += 1;
            m += 1;
        }
        if m < 2 {
            continue;
        }
        pairable += 1;
        max_coders = max_coders.max(m as usize);
        let w = 1.0 / (m - 1) as f64;
        for c in 0..k {
            if counts[c] == 0 {
                continue;
            }
            for kk in 0..k {
                let pairs = if c == kk {
                    counts[c] * (counts[c] - 1)
                } else {
                    counts[c] * counts[kk]
                };
                o[c * k + kk] += pairs as f64 * w;
            }
        }
    }
    if pairable == 0 {
        return Err(StatsError::NoPairableUnits);
    }
    let n_c: Vec<f64> = (0..k).map(|c| o[c * k..(c + 1) * k].iter().sum()).collect();
    let n: f64 = n_c.iter().sum();
    let mut d_o = 0.0;
    let mut d_e = 0.0;
    for c in 0..k {
        for kk in 0..k {
            if c != kk {
                d_o += o[c * k + kk];
                d_e += n_c[c] * n_c[kk];
            }
        }
    }
    let (observed, expected) = (d_o / n, d_e / (n * (n - 1.0)));
    if expected <= 0.0 {
        return Err(StatsError::NoVariation);
    }
    Ok(Alpha {
        alpha: 1.0 - observed / expected,
        observed,
        expected,
        values: n.round() as u64,
        units: pairable,
        codes,
        coincidences: o,
        max_coders,
    })
}

/// The bootstrap distribution of alpha.
#[derive(Debug, Clone, PartialEq)]
pub struct AlphaBootstrap {
    /// Pairs of values drawn per replicate (`M`).
    pub pairs: u64,
    /// One alpha per replicate, in the order drawn.
    pub replicates: Vec<f64>,
    /// Replicates that drew one value only (alpha indeterminate; set to 0).
    pub indeterminate: usize,
}

impl AlphaBootstrap {
    /// Share of replicates below `alpha_min`: Krippendorff's `q`, the
    /// probability of failing to reach that minimum (e.g. 0.667 or 0.8).
    pub fn prob_below(&self, alpha_min: f64) -> f64 {
        let below = self.replicates.iter().filter(|&&a| a < alpha_min).count();
        below as f64 / self.replicates.len().max(1) as f64
    }
}

/// Bootstrap distribution of nominal alpha as in Hayes and Krippendorff
/// (2007): the expected disagreement `D_e` is held at its observed value and
/// the observed disagreement is re-estimated from `M` pairs of values drawn
/// with replacement from the coincidence matrix (a pair `c, k` with
/// probability `o_ck / n`, so each ordered cell counts):
///
/// ```text
/// M       = min(25 q, floor((m - 1) n / 2))
/// alpha_b = max(-1, 1 - (sum of delta_ck over the M pairs) / (M D_e))
/// ```
///
/// with `q` the number of non-zero cells of the coincidence matrix, `m` the
/// most codes of any unit and `delta_ck = [c != k]`. A replicate that draws
/// pairs of a single value only has no variation (alpha would be `1 - 0/0`);
/// as in Krippendorff's algorithm it is counted as 0.
/// [`super::percentile_interval`] of `replicates` gives the interval.
///
/// # Errors
///
/// As [`krippendorff_alpha`], and [`StatsError::NoResamples`] when
/// `resamples` is 0.
///
/// # Remarks
///
/// Hayes and Krippendorff (2007), "Answering the call for a standard
/// reliability measure for coding data", *Communication Methods and
/// Measures* 1(1), the KALPHA macro; Krippendorff (2016), "Bootstrapping
/// distributions for Krippendorff's alpha". No package shares the random
/// stream, so the tests check the replicates' mean and variance against
/// their exact values (`1 - D_o / D_e` and `D_o (1 - D_o) / (M D_e^2)`).
pub fn alpha_bootstrap(
    alpha: &Alpha,
    resamples: usize,
    rng: &mut impl Rng,
) -> Result<AlphaBootstrap, StatsError> {
    if resamples == 0 {
        return Err(StatsError::NoResamples);
    }
    let k = alpha.codes.len();
    let n: f64 = alpha.coincidences.iter().sum();
    let q = alpha.coincidences.iter().filter(|&&x| x > 0.0).count() as u64;
    let m = alpha.max_coders.max(2) as f64;
    let pairs = (25 * q)
        .min((((m - 1.0) * n / 2.0) + 1e-9).floor() as u64)
        .max(1);
    // Cumulative probabilities of the cells, row by row.
    let mut cum = Vec::with_capacity(k * k);
    let mut total = 0.0;
    for &o in &alpha.coincidences {
        total += o / n;
        cum.push(total);
    }
    let mut replicates = Vec::with_capacity(resamples);
    let mut indeterminate = 0;
    for _ in 0..resamples {
        let mut disagree = 0u64;
        let mut first_cell = None;
        let mut one_value = true;
        for _ in 0..pairs {
            let u: f64 = rng.random::<f64>() * total;
            let cell = cum.partition_point(|&c| c <= u).min(k * k - 1);
            let (c, kk) = (cell / k, cell % k);
            disagree += u64::from(c != kk);
            match first_cell {
                None => first_cell = Some(cell),
                Some(f) if f != cell || c != kk => one_value = false,
                Some(_) => {}
            }
            if c != kk {
                one_value = false;
            }
        }
        let a = if one_value {
            indeterminate += 1;
            0.0
        } else {
            (1.0 - disagree as f64 / (pairs as f64 * alpha.expected)).max(-1.0)
        };
        replicates.push(a);
    }
    Ok(AlphaBootstrap {
        pairs,
        replicates,
        indeterminate,
    })
}

#[cfg(test)]
#[path = "agreement_tests.rs"]
mod tests;

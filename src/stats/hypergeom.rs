//! The hypergeometric law of a 2 x 2 table's top-left cell, with a log-pmf
//! that keeps full relative precision for large counts.
//!
//! `ln C(n, k)` from ln-factorials loses ~`n ln n * 1e-16` absolute
//! precision (3e-9 relative for a table of 2 million), so the pmf is built
//! instead from Loader's saddle-point expansion, as R's `dhyper` and
//! scipy's `hypergeom.pmf` (through Boost) do.
//!
//! Loader, C. (2000), "Fast and accurate computation of binomial
//! probabilities".

use statrs::function::factorial::ln_factorial;

/// `ln sqrt(2 pi)`.
const LN_SQRT_2PI: f64 = 0.918_938_533_204_672_8;

/// Law of the top-left cell `a` of `[[a, b], [c, d]]` given its margins:
/// `P(a = k) = C(row1, k) C(row2, col1 - k) / C(row1 + row2, col1)`.
pub(super) struct Hypergeom {
    row1: u128,
    row2: u128,
    col1: u128,
    /// Smallest value of the support.
    pub lo: u128,
    /// Largest value of the support.
    pub hi: u128,
}

impl Hypergeom {
    pub fn new([[a, b], [c, d]]: [[u64; 2]; 2]) -> Self {
        let [a, b, c, d] = [a, b, c, d].map(u128::from);
        let (row1, row2, col1) = (a + b, c + d, a + c);
        Hypergeom {
            row1,
            row2,
            col1,
            lo: col1.saturating_sub(row2),
            hi: row1.min(col1),
        }
    }

    /// `ln P(a = k)` for `k` in `lo..=hi` (R's `dhyper(k, row1, row2, col1, log = TRUE)`).
    pub fn ln_pmf(&self, k: u128) -> f64 {
        let n = self.row1 + self.row2;
        if n == 0 || self.col1 == 0 {
            return if k == 0 { 0.0 } else { f64::NEG_INFINITY };
        }
        let p = self.col1 as f64 / n as f64;
        let q = (n - self.col1) as f64 / n as f64;
        let [k, row1, row2, col1] = [k, self.row1, self.row2, self.col1].map(|x| x as f64);
        ln_binom_raw(k, row1, p, q) + ln_binom_raw(col1 - k, row2, p, q)
            - ln_binom_raw(col1, row1 + row2, p, q)
    }

    /// `floor((col1 + 1)(row1 + 1) / (n + 2))`, a mode of the law.
    pub fn mode(&self) -> u128 {
        let n2 = self.row1 + self.row2 + 2;
        let mode = (self.col1 + 1)
            .checked_mul(self.row1 + 1)
            .map_or_else(|| self.approx_mode(), |prod| prod / n2);
        mode.clamp(self.lo, self.hi)
    }

    /// Float fallback for margins so large that the product overflows.
    fn approx_mode(&self) -> u128 {
        let n2 = (self.row1 + self.row2 + 2) as f64;
        ((self.col1 + 1) as f64 * ((self.row1 + 1) as f64 / n2)) as u128
    }
}

/// `ln(C(n, x) p^x q^(n - x))` without cancellation (R's `dbinom_raw`).
fn ln_binom_raw(x: f64, n: f64, p: f64, q: f64) -> f64 {
    if x < 0.0 || x > n {
        return f64::NEG_INFINITY;
    }
    if p == 0.0 || q == 0.0 {
        let certain = if p == 0.0 { x == 0.0 } else { x == n };
        return if certain { 0.0 } else { f64::NEG_INFINITY };
    }
    if x == 0.0 {
        return if p < 0.1 {
            -bd0(n, n * q) - n * p
        } else {
            n * q.ln()
        };
    }
    if x == n {
        return if q < 0.1 {
            -bd0(n, n * p) - n * q
        } else {
            n * p.ln()
        };
    }
    let lc = stirlerr(n) - stirlerr(x) - stirlerr(n - x) - bd0(x, n * p) - bd0(n - x, n * q);
    let lf = 2.0 * LN_SQRT_2PI + x.ln() + (-x / n).ln_1p();
    lc - 0.5 * lf
}

/// `ln(n!) - ln(sqrt(2 pi n) (n / e)^n)`, the error of Stirling's formula.
fn stirlerr(n: f64) -> f64 {
    const S: [f64; 5] = [
        1.0 / 12.0,
        1.0 / 360.0,
        1.0 / 1260.0,
        1.0 / 1680.0,
        1.0 / 1188.0,
    ];
    if n <= 15.0 {
        // Small integer n: the exact ln n! leaves an error below 1e-14.
        return ln_factorial(n as u64) - (n + 0.5) * n.ln() + n - LN_SQRT_2PI;
    }
    let terms = match n {
        n if n > 500.0 => 2,
        n if n > 80.0 => 3,
        n if n > 35.0 => 4,
        _ => 5,
    };
    let nn = n * n;
    S[..terms].iter().rev().fold(0.0, |acc, s| s - acc / nn) / n
}

/// Deviance term `x ln(x / m) + m - x`, computed by a series when
/// `x` is close to `m` to avoid cancellation.
fn bd0(x: f64, m: f64) -> f64 {
    if (x - m).abs() >= 0.1 * (x + m) {
        return x * (x / m).ln() + m - x;
    }
    let v = (x - m) / (x + m);
    let (mut sum, mut ej) = ((x - m) * v, 2.0 * x * v);
    for j in 1..1000 {
        ej *= v * v;
        let next = sum + ej / f64::from(2 * j + 1);
        if next == sum {
            break;
        }
        sum = next;
    }
    sum
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Exact values, `C(row1, a) C(row2, c) / C(n, col1)` in Python's
    /// integer `math.comb` and `fractions.Fraction`. (scipy 1.17's
    /// `hypergeom.pmf` is off by ~2e-11 relative on the last two.)
    #[test]
    fn pmf_matches_exact_values() {
        let cases = [
            ([[12, 5], [3, 20]], 0.00027243888112689704),
            ([[3, 1], [2, 2]], 0.42857142857142855),
            ([[5000, 4800], [4700, 5200]], 4.74433859797028e-08),
            ([[3, 100_000], [20, 90_000]], 8.358809322635116e-05),
            (
                [[500_000, 499_000], [498_500, 500_500]],
                0.00011872217604094191,
            ),
        ];
        for (table, want) in cases {
            let got = Hypergeom::new(table).ln_pmf(u128::from(table[0][0])).exp();
            assert!(
                (got / want - 1.0).abs() < 1e-12,
                "{table:?}: {got:e} vs {want:e}"
            );
        }
    }

    #[test]
    fn pmf_sums_to_one() {
        let h = Hypergeom::new([[7, 30], [12, 4]]);
        let total: f64 = (h.lo..=h.hi).map(|k| h.ln_pmf(k).exp()).sum();
        assert!((total - 1.0).abs() < 1e-13, "{total}");
    }

    #[test]
    fn stirlerr_is_continuous_across_branches() {
        for n in [15.0_f64, 35.0, 80.0, 150.0] {
            let exact = |n: f64| ln_factorial(n as u64) - (n + 0.5) * n.ln() + n - LN_SQRT_2PI;
            let series = stirlerr(n + 1.0);
            assert!((series / exact(n + 1.0) - 1.0).abs() < 1e-9, "n = {n}");
        }
    }
}

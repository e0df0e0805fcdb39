#!/usr/bin/env python3
"""Reference values for the statistics added in issue 5, computed with
scipy 1.17 / numpy / mpmath and written to tests/data/reference_stats_extra.json.

The Rust unit tests in src/stats/ read that JSON; the test suite never runs
Python. Regenerate with:

    python scripts/reference_stats.py   # needs scipy, numpy, mpmath

Cases:
- chi2_logsf: ln of the chi-square upper tail, from
  mpmath.gammainc(df/2, stat/2, inf, regularized=True) at 50 digits; checked
  against scipy.stats.chi2.logsf(stat, df) where that is finite (scipy
  underflows to -inf once the tail is below the smallest double).
- quantile: numpy.quantile(values, [alpha/2, 1-alpha/2]) (method "linear",
  as scipy.stats.bootstrap(method="percentile") uses).
- monte_carlo: the exact conditional p-value of Pearson's chi-square given
  the margins, by enumerating every table with those margins (multiple
  hypergeometric probabilities); the Monte Carlo test must agree within its
  standard error. chi2 is scipy.stats.chi2_contingency(correction=False).
- permutation: the exact permutation p-value of the chi-square statistic
  when article labels are permuted, by enumerating every distinct
  assignment of the labels (all equally likely).
- hypergeom_7_5_4: scipy.stats.hypergeom.pmf(k, 12, 4, 7), k = 0..4: the law
  of the top-left cell of a 2 x 2 table with rows (7, 5), columns (4, 8).
- fisher_ln_p: ln of scipy.stats.fisher_exact's two-sided p, and for tables
  whose p underflows, the exact two-sided sum in mpmath at 50 digits.
"""
import itertools
import json
import math
from pathlib import Path

import mpmath
import numpy as np
from scipy import stats

ALMOST_ONE = 1.0 - 64 * np.finfo(float).eps


def pearson(table):
    t = np.asarray(table, dtype=float)
    r, c = t.sum(1), t.sum(0)
    n = t.sum()
    e = np.outer(r, c) / n
    mask = e > 0
    return float((((t - e) ** 2)[mask] / e[mask]).sum())


def tables_with_margins(rows, cols):
    """Every non-negative integer table with the given margins."""
    if len(rows) == 1:
        yield [list(cols)]
        return
    first = rows[0]

    def fill(j, left, cols_left, acc):
        if j == len(cols) - 1:
            if left <= cols_left[j]:
                yield acc + [left]
            return
        for x in range(min(left, cols_left[j]) + 1):
            yield from fill(j + 1, left - x, cols_left, acc + [x])

    for row in fill(0, first, cols, []):
        rest = [c - x for c, x in zip(cols, row)]
        for tail in tables_with_margins(rows[1:], rest):
            yield [row] + tail


def exact_conditional_p(table):
    rows = [sum(r) for r in table]
    cols = [sum(c) for c in zip(*table)]
    n = sum(rows)
    ln_const = sum(math.lgamma(x + 1) for x in rows + cols) - math.lgamma(n + 1)
    obs = pearson(table)
    p = 0.0
    for t in tables_with_margins(rows, cols):
        if pearson(t) >= ALMOST_ONE * obs:
            p += math.exp(ln_const - sum(math.lgamma(x + 1) for row in t for x in row))
    return p


def exact_permutation_p(labels, n_labels, rows):
    def stat(lab):
        agg = np.zeros((n_labels, len(rows[0])))
        for l, r in zip(lab, rows):
            agg[l] += r
        return pearson(agg)

    obs = stat(labels)
    assignments = set(itertools.permutations(labels))
    hits = sum(stat(a) >= ALMOST_ONE * obs for a in assignments)
    return obs, hits / len(assignments)


def fisher_ln_p_exact(table):
    (a, b), (c, d) = table
    r1, r2, c1 = a + b, c + d, a + c
    n = r1 + r2
    mpmath.mp.dps = 50

    def pmf(k):
        return mpmath.binomial(r1, k) * mpmath.binomial(r2, c1 - k) / mpmath.binomial(n, c1)

    obs = pmf(a)
    lo, hi = max(0, c1 - r2), min(r1, c1)
    total = mpmath.mpf(0)
    for k in range(lo, hi + 1):
        pk = pmf(k)
        if pk <= obs * (1 + mpmath.mpf("1e-7")):
            total += pk
    return float(mpmath.log(total))


def chi2_logsf(stat, df):
    mpmath.mp.dps = 50
    exact = float(mpmath.log(mpmath.gammainc(mpmath.mpf(df) / 2, mpmath.mpf(stat) / 2, mpmath.inf, regularized=True)))
    sp = float(stats.chi2.logsf(stat, df))
    if math.isfinite(sp):
        assert abs(sp - exact) <= 1e-9 * abs(exact), (stat, df, sp, exact)
    return exact


def main():
    out = {"about": __doc__}
    out["chi2_logsf"] = [
        {"stat": s, "df": df, "logsf": chi2_logsf(s, df)}
        for s, df in [
            (3.84, 1), (0.5, 3), (50.0, 2), (700.0, 1), (1300.0, 1), (1500.0, 4),
            (5000.0, 1), (20000.0, 10), (1e5, 3), (3000.0, 2000), (2000.0, 6),
        ]
    ]
    rng = np.random.default_rng(20260522)
    quant = []
    for size, conf in [(7, 0.95), (200, 0.95), (201, 0.9), (10, 0.5), (3, 0.99)]:
        values = [float(x) for x in rng.gamma(2.0, 3.0, size)]
        a = 1 - conf
        lo, hi = np.quantile(values, [a / 2, 1 - a / 2])
        quant.append({"values": values, "conf": conf, "low": float(lo), "high": float(hi)})
    out["quantile"] = quant
    mc = []
    for table in [
        [[3, 1, 0], [0, 2, 4]],
        [[2, 0, 1], [1, 3, 0], [0, 1, 4]],
        [[5, 1], [1, 4], [0, 3]],
        [[1, 1, 1, 1], [2, 0, 0, 3]],
    ]:
        chi2 = float(stats.chi2_contingency(table, correction=False)[0])
        mc.append({"table": table, "chi2": chi2, "p_exact": exact_conditional_p(table)})
    out["monte_carlo"] = mc
    perm = []
    for labels, n_labels, rows in [
        ([0, 0, 0, 1, 1, 1, 2, 2], 3,
         [[3, 0], [2, 1], [4, 0], [0, 2], [1, 3], [0, 1], [2, 2], [1, 0]]),
        ([0, 0, 0, 0, 1, 1, 1, 1, 1], 2,
         [[5, 0, 1], [2, 1, 0], [3, 0, 0], [1, 1, 1], [0, 4, 1], [1, 2, 0], [0, 0, 3], [0, 3, 1], [1, 1, 0]]),
    ]:
        obs, p = exact_permutation_p(labels, n_labels, rows)
        agg = np.zeros((n_labels, len(rows[0])))
        for l, r in zip(labels, rows):
            agg[l] += r
        chi2 = float(stats.chi2_contingency(agg, correction=False)[0])
        assert abs(chi2 - obs) < 1e-9 * max(1, chi2)
        perm.append({"labels": labels, "n_labels": n_labels, "rows": rows, "chi2": chi2, "p_exact": p})
    out["permutation"] = perm
    out["hypergeom_7_5_4"] = [float(stats.hypergeom.pmf(k, 12, 4, 7)) for k in range(5)]
    fl = []
    for table in [[[12, 5], [3, 20]], [[1, 9], [11, 3]], [[5000, 4800], [4700, 5200]]]:
        fl.append({"table": table, "ln_p": float(math.log(stats.fisher_exact(table)[1]))})
    for table in [[[600, 0], [0, 600]], [[900, 10], [12, 880]]]:
        fl.append({"table": table, "ln_p": fisher_ln_p_exact(table)})
    out["fisher_ln_p"] = fl
    path = Path(__file__).resolve().parent.parent / "tests/data/reference_stats_extra.json"
    path.write_text(json.dumps(out, indent=1) + "\n")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()

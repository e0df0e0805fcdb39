#!/usr/bin/env python3
"""Reference answers for the change points in a label mix (issue 21,
src/stats/changepoint.rs), from ruptures 1.1 on generated series with known
change points, written to tests/data/changepoints_reference.json.

The Rust tests read that JSON; the test suite never runs Python. Regenerate with:

    python scripts/reference_changepoints.py      # needs numpy, ruptures

A series is one outlet's matches of one group, period by period: a row per
period, a count per label. The cost of a segment of periods is the
multinomial deviance of pooling them,

    C(s, e) = -2 sum_k N_k ln(N_k / N)      (N_k: label k's count in periods s..e-1)

given to ruptures as a custom cost; the penalty per change is BIC-like,
K ln N (K labels used in the series, N its matches: K - 1 shares and one
location per change). For each series, ruptures' Pelt and Binseg (jump 1)
give the change points (the first period of each new segment), at that
penalty and at a manual one.

The permutation cases give the exact permutation p-value of the scan
statistic max_s [C(0, T) - C(0, s) - C(s, T)] (over splits leaving min_size
periods on each side) when the order of the periods is shuffled: every
ordering of T = 7 periods enumerated, p = #{orderings with statistic >=
observed (1 - 64 eps)} / 7!.
"""
import itertools
import json
import math
from pathlib import Path

import numpy as np
import ruptures as rpt
from ruptures.base import BaseCost
from ruptures.exceptions import NotEnoughPoints

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "changepoints_reference.json"
ALMOST_ONE = 1.0 - 64 * np.finfo(float).eps


class CostMultinomial(BaseCost):
    """Multinomial deviance of a segment of count rows."""

    model = "multinomial"
    min_size = 1

    def fit(self, signal):
        self.signal = s = np.asarray(signal, dtype=float)
        self.cum = np.vstack([np.zeros(s.shape[1]), np.cumsum(s, axis=0)])
        return self

    def error(self, start, end):
        if end - start < self.min_size:
            raise NotEnoughPoints
        c = self.cum[end] - self.cum[start]
        n = c.sum()
        c = c[c > 0]
        return float(-2.0 * (c * np.log(c / n)).sum()) if n > 0 else 0.0


def bic(series):
    s = np.asarray(series)
    k = int((s.sum(axis=0) > 0).sum())
    return k * math.log(s.sum())


def changes(bkps, n):
    return [int(b) for b in bkps if b != n]


def generate(rng, shares, lengths, per_period, concentration=None):
    """Counts per period: multinomial draws (Dirichlet-multinomial when a
    concentration is given: periods vary around the segment's shares)."""
    rows = []
    for p, length in zip(shares, lengths):
        for _ in range(length):
            n = rng.poisson(per_period)
            q = rng.dirichlet(np.asarray(p) * concentration) if concentration else p
            rows.append(rng.multinomial(n, q).tolist())
    return rows


def case(name, series, truth, min_size, manual):
    n = len(series)
    out = {"name": name, "series": series, "truth": truth, "min_size": min_size,
           "penalty_bic": bic(series), "fits": []}
    for pen in (bic(series), manual):
        cost = CostMultinomial()
        pelt = rpt.Pelt(custom_cost=cost, min_size=min_size, jump=1).fit(np.asarray(series)).predict(pen=pen)
        cost = CostMultinomial()
        binseg = rpt.Binseg(custom_cost=cost, min_size=min_size, jump=1).fit(np.asarray(series)).predict(pen=pen)
        out["fits"].append({"penalty": pen, "pelt": changes(pelt, n), "binseg": changes(binseg, n)})
    return out


def scan(rows, min_size):
    cost = CostMultinomial().fit(rows)
    t = len(rows)
    whole = cost.error(0, t)
    gains = [whole - cost.error(0, s) - cost.error(s, t)
             for s in range(min_size, t - min_size + 1)]
    return max(gains)


def exact_permutation(series, min_size):
    observed = scan(series, min_size)
    hits = total = 0
    for perm in itertools.permutations(range(len(series))):
        total += 1
        if scan([series[i] for i in perm], min_size) >= ALMOST_ONE * observed:
            hits += 1
    return {"series": series, "min_size": min_size, "statistic": observed, "p_exact": hits / total}


def main():
    rng = np.random.default_rng(2021)
    cases = [
        case("two_labels_one_change",
             generate(rng, [[0.8, 0.2], [0.35, 0.65]], [14, 10], 40), [14], 2, 5.0),
        case("three_labels_two_changes",
             generate(rng, [[0.6, 0.3, 0.1], [0.2, 0.3, 0.5], [0.5, 0.1, 0.4]], [10, 12, 9], 60),
             [10, 22], 2, 8.0),
        case("four_labels_three_changes_overdispersed",
             generate(rng, [[0.4, 0.3, 0.2, 0.1], [0.1, 0.2, 0.3, 0.4],
                            [0.4, 0.4, 0.1, 0.1], [0.1, 0.1, 0.4, 0.4]],
                      [8, 9, 7, 10], 80, concentration=200), [8, 17, 24], 2, 12.0),
        case("no_change", generate(rng, [[0.5, 0.3, 0.2]], [30], 50), [], 2, 3.0),
        case("sparse_periods_min_size_1",
             generate(rng, [[0.9, 0.1], [0.2, 0.8]], [12, 12], 6), [12], 1, 2.0),
        case("small_shift_many_matches",
             generate(rng, [[0.50, 0.50], [0.44, 0.56]], [20, 20], 500), [20], 3, 4.0),
    ]
    for c in cases:
        print(c["name"], "truth", c["truth"], [(round(f["penalty"], 2), f["pelt"], f["binseg"]) for f in c["fits"]])
    perm = [
        exact_permutation(generate(rng, [[0.7, 0.3], [0.4, 0.6]], [4, 3], 15), 1),
        exact_permutation(generate(rng, [[0.5, 0.3, 0.2]], [7], 12), 2),
        exact_permutation(generate(rng, [[0.8, 0.2], [0.3, 0.7]], [3, 4], 25), 2),
    ]
    for p in perm:
        print("permutation", round(p["statistic"], 3), p["p_exact"])
    OUT.write_text(json.dumps({"cases": cases, "permutation": perm}, separators=(",", ":")) + "\n")
    print(OUT, OUT.stat().st_size, "bytes")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Reference values for the percentile intervals of src/stats/percentile.rs
at the sizes a report uses (hundreds to thousands of bootstrap replicates,
where the tail selection rather than a plain selection runs), computed with
numpy and written to tests/data/percentile_reference.json. The Rust unit
tests read that JSON; the test suite never runs Python. Regenerate with:

    python scripts/reference_percentile.py   # needs numpy

Cases (values rounded to 6 decimals so the file stays small; numpy reads the
same rounded values the test does):
- interval: numpy.quantile(values, [alpha/2, 1-alpha/2]) (method "linear",
  as scipy.stats.bootstrap(method="percentile") uses), for values shaped
  like log rates (normal), heavy-tailed (Student t, 2 df), with many ties
  (integers 0..5) and mostly one value (90% zeros);
- differences: the same quantiles of a[r] - b[r], the log ratio of a pair
  of outlets from their bootstrap log rates.
"""
import json
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "percentile_reference.json"


def values(rng, shape, size):
    if shape == "normal":
        v = rng.normal(-6.0, 0.3, size)
    elif shape == "heavy":
        v = rng.standard_t(2, size)
    elif shape == "ties":
        v = rng.integers(0, 6, size).astype(float)
    else:  # "spike"
        v = np.where(rng.random(size) < 0.9, 0.0, rng.random(size))
    return [round(float(x), 6) for x in v]


def interval(v, conf):
    a = 1 - conf
    lo, hi = np.quantile(np.array(v, dtype=float), [a / 2, 1 - a / 2])
    return float(lo), float(hi)


def main():
    rng = np.random.default_rng(20261204)
    cases = []
    for size, shape, conf in [
        (256, "normal", 0.95),
        (300, "heavy", 0.9),
        (1000, "ties", 0.95),
        (2000, "normal", 0.95),
        (2000, "spike", 0.95),
        (2001, "heavy", 0.99),
        (1500, "normal", 0.8),
    ]:
        v = values(rng, shape, size)
        lo, hi = interval(v, conf)
        cases.append({"shape": shape, "conf": conf, "values": v, "low": lo, "high": hi})
    diffs = []
    for size, conf in [(2000, 0.95), (601, 0.9)]:
        a = values(rng, "normal", size)
        b = values(rng, "normal", size)
        lo, hi = interval([x - y for x, y in zip(a, b)], conf)
        diffs.append({"conf": conf, "a": a, "b": b, "low": lo, "high": hi})
    out = {"about": __doc__, "interval": cases, "differences": diffs}
    OUT.write_text(json.dumps(out, separators=(",", ":")) + "\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()

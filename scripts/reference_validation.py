#!/usr/bin/env python3
"""Reference values for the hand-coding validation statistics (issue 19),
written to tests/data/reference_validation.json. The Rust tests read that
JSON; the test suite never runs Python. Regenerate with:

    pip install scikit-learn krippendorff statsmodels numpy
    python scripts/reference_validation.py

Cases (generated with numpy's default_rng(19), so the file reproduces):
- agreement: reliability data (units x coders, None = no code) with 2 to 5
  coders, 2 to 4 codes and missing codes; percent agreement by a direct
  count of agreeing coder pairs; Cohen's kappa from
  sklearn.metrics.cohen_kappa_score on units both of the first two coders
  coded (2-coder cases); Krippendorff's alpha from
  krippendorff.alpha(reliability_data, level_of_measurement="nominal")
  (coders as rows, NaN for a missing code).
- weighted_precision: coded items of several strata (stratum, matches in the
  stratum N_h, code yes/no/unsure). Within stratum h with m_h definitive
  (yes/no) codes, each definitive item weighs N_h / m_h; precision is the
  weighted share of yes, the effective sample size Kish's
  (sum w)^2 / sum w^2, and the interval
  statsmodels.stats.proportion.proportion_confint(p * n_eff, n_eff,
  alpha=1-conf, method="wilson"). Computed here with pandas group sums.
- sheets (tests/validation.rs, through `framescore validate`): reliability
  data for the 44 matches of the seed corpus with 2 to 4 coders and codes
  missing (the coder's sheet has no row for the item), as yes/no/unsure;
  percent agreement, alpha and (2 coders) kappa as above. default_rng(1919).
- fixtures: the hand-coded sheets of tests/data/validation/ (the worked
  validation of lexicons/syria.toml): agreement as above, and each
  category's precision by consensus code (majority; ties and unsure left
  out) with the stratified estimator and Wilson interval above.
"""
import json
import math
from itertools import combinations
from pathlib import Path

import krippendorff
import numpy as np
import pandas as pd
import sklearn
import statsmodels
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.proportion import proportion_confint

rng = np.random.default_rng(19)


def percent_agreement(units):
    agree = pairs = 0
    for unit in units:
        codes = [c for c in unit if c is not None]
        for a, b in combinations(codes, 2):
            pairs += 1
            agree += a == b
    return agree / pairs, pairs


def agreement_of(units, n_coders):
    """Percent agreement with its pairs, nominal alpha (krippendorff) and,
    with two coders, kappa (sklearn) over the units both coded: the fields
    of a case, in the order the JSON has them."""
    data = np.array(
        [[np.nan if u[c] is None else u[c] for u in units] for c in range(n_coders)],
        dtype=float,
    )
    out = {}
    out["percent_agreement"], out["pairs"] = percent_agreement(units)
    out["alpha"] = float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))
    if n_coders == 2:
        both = [(u[0], u[1]) for u in units if u[0] is not None and u[1] is not None]
        out["kappa"] = float(cohen_kappa_score([a for a, _ in both], [b for _, b in both]))
    return out


def agreement_case(n_units, n_coders, n_codes, p_missing, p_agree):
    units = []
    for _ in range(n_units):
        truth = int(rng.integers(n_codes))
        row = []
        for _ in range(n_coders):
            if rng.random() < p_missing:
                row.append(None)
            elif rng.random() < p_agree:
                row.append(truth)
            else:
                row.append(int(rng.integers(n_codes)))
        units.append(row)
    return {"units": units, **agreement_of(units, n_coders)}


agreement = []
for n_units, n_coders, n_codes, p_missing, p_agree in [
    (10, 2, 2, 0.0, 0.8),
    (40, 2, 3, 0.0, 0.7),
    (60, 2, 3, 0.15, 0.6),
    (25, 2, 2, 0.3, 0.9),
    (200, 2, 3, 0.05, 0.85),
    (30, 3, 3, 0.0, 0.7),
    (50, 3, 3, 0.2, 0.75),
    (80, 4, 2, 0.25, 0.8),
    (40, 5, 4, 0.3, 0.5),
    (120, 3, 3, 0.4, 0.9),
    (15, 4, 3, 0.5, 0.3),
]:
    agreement.append(agreement_case(n_units, n_coders, n_codes, p_missing, p_agree))

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", data C:
# 4 coders, 12 units, missing values; nominal alpha = 0.743.
kripp_c = [
    [1, 1, None, 1],
    [2, 2, 3, 2],
    [3, 3, 3, 3],
    [3, 3, 3, 3],
    [2, 2, 2, 2],
    [1, 2, 3, 4],
    [4, 4, 4, 4],
    [1, 1, 2, 1],
    [2, 2, 2, 2],
    [None, 5, 5, 5],
    [None, None, 1, 1],
    [None, None, 3, None],
]
agreement.append({"units": kripp_c, **agreement_of(kripp_c, 4)})


def weighted_case(strata_spec, conf):
    rows = []
    for h, (N, n, p_yes, p_unsure) in enumerate(strata_spec):
        for _ in range(n):
            r = rng.random()
            code = "unsure" if r < p_unsure else ("yes" if rng.random() < p_yes else "no")
            rows.append({"stratum": f"s{h}", "matches": N, "code": code})
    df = pd.DataFrame(rows)
    d = df[df.code != "unsure"].copy()
    m = d.groupby("stratum")["code"].transform("size")
    d["w"] = d["matches"] / m
    d["y"] = (d.code == "yes").astype(float)
    p = float((d.w * d.y).sum() / d.w.sum())
    n_eff = float(d.w.sum() ** 2 / (d.w ** 2).sum())
    low, high = proportion_confint(p * n_eff, n_eff, alpha=1 - conf, method="wilson")
    return {
        "items": rows,
        "conf": conf,
        "precision": p,
        "n_eff": n_eff,
        "low": float(low),
        "high": float(high),
    }


weighted = [
    weighted_case([(120, 20, 0.9, 0.0), (40, 20, 0.6, 0.0)], 0.95),
    weighted_case([(500, 30, 0.95, 0.1), (35, 20, 0.5, 0.1), (8, 8, 0.3, 0.0)], 0.95),
    weighted_case([(1000, 25, 0.7, 0.05), (1000, 25, 0.7, 0.05), (10, 10, 1.0, 0.0)], 0.9),
    weighted_case([(300, 15, 0.99, 0.2), (60, 15, 0.2, 0.2), (200, 15, 0.8, 0.0), (90, 15, 0.5, 0.3)], 0.99),
    weighted_case([(50, 50, 0.8, 0.0)], 0.95),
]

# End to end through coding sheets (tests/validation.rs): reliability data
# for the 44 matches of the seed corpus (every match drawn), codes as the
# sheets write them; None = the coder's sheet has no row for the item.
# A separate stream, so the cases above stay as they were.
rng_sheets = np.random.default_rng(1919)
SEED_MATCHES = 44
CODES = ["yes", "no", "unsure"]


def sheet_case(n_coders, p_missing, p_agree, weights):
    units = []
    while len(units) < SEED_MATCHES:
        truth = int(rng_sheets.choice(3, p=weights))
        row = []
        for _ in range(n_coders):
            if rng_sheets.random() < p_missing:
                row.append(None)
            elif rng_sheets.random() < p_agree:
                row.append(truth)
            else:
                row.append(int(rng_sheets.choice(3, p=weights)))
        units.append(row)
    codes = [[None if c is None else CODES[c] for c in u] for u in units]
    return {"codes": codes, **agreement_of(units, n_coders)}


sheets = [
    sheet_case(3, 0.25, 0.75, [0.7, 0.2, 0.1]),
    sheet_case(2, 0.2, 0.8, [0.6, 0.3, 0.1]),
    sheet_case(4, 0.35, 0.6, [0.5, 0.4, 0.1]),
]


# The worked validation (tests/data/validation/): the coded sheets as
# committed, read here with pandas, agreement from sklearn and krippendorff,
# precision per category by the stratified estimator with statsmodels'
# Wilson interval at Kish's effective size.
def fixture_case(folder):
    root = Path(__file__).resolve().parent.parent / "tests" / "data" / "validation" / folder
    sheets_ = sorted(root.glob("coder*_matches.csv"))
    frames = [pd.read_csv(f, dtype=str, keep_default_na=False) for f in sheets_]
    ids = sorted(set().union(*[set(f["item_id"]) for f in frames]))
    by = [dict(zip(f["item_id"], f["code"])) for f in frames]
    value = {c: i for i, c in enumerate(CODES)}
    units = [[value[b[i]] if i in b else None for b in by] for i in ids]
    assert len(frames) == 2, f"{folder}: two coders expected (the case holds their kappa)"
    case = {"folder": folder, "items": len(ids), **agreement_of(units, len(frames))}
    # Consensus: the majority code; a tie is disputed and left out.
    meta = frames[0].set_index("item_id")
    rows = []
    for i, u in zip(ids, units):
        codes = [c for c in u if c is not None]
        counts = {c: codes.count(c) for c in set(codes)}
        best = max(counts.values())
        top = [c for c, k in counts.items() if k == best]
        consensus = CODES[top[0]] if len(top) == 1 else "disputed"
        m = meta.loc[i]
        rows.append({
            "group": m["group"], "category": m["category"], "stratum": m["stratum"],
            "size": int(m["stratum_size"]), "code": consensus,
        })
    df = pd.DataFrame(rows)
    d = df[df.code.isin(["yes", "no"])].copy()
    precision = {}
    for (g, c), part in d.groupby(["group", "category"]):
        per = part.groupby("stratum").agg(size=("size", "first"), m=("code", "size"),
                                           yes=("code", lambda x: (x == "yes").sum()))
        p = float((per["size"] * per["yes"] / per["m"]).sum() / per["size"].sum())
        n_eff = float(per["size"].sum() ** 2 / (per["size"] ** 2 / per["m"]).sum())
        low, high = proportion_confint(p * n_eff, n_eff, alpha=0.05, method="wilson")
        precision[f"{g}.{c}"] = {"precision": p, "n_eff": n_eff, "low": float(low),
                                 "high": float(high), "coded": int(len(part))}
    case["precision"] = precision
    return case


fixtures = [fixture_case("seed"), fixture_case("allsides")]

out = {
    "about": __doc__,
    "versions": {
        "scikit-learn": sklearn.__version__,
        "krippendorff": getattr(krippendorff, "__version__", "0.9"),
        "statsmodels": statsmodels.__version__,
        "numpy": np.__version__,
        "pandas": pd.__version__,
    },
    "agreement": agreement,
    "weighted_precision": weighted,
    "sheets": sheets,
    "fixtures": fixtures,
}
path = Path(__file__).resolve().parent.parent / "tests" / "data" / "reference_validation.json"
path.write_text(json.dumps(out, indent=1) + "\n")
print(f"wrote {path}: {len(agreement)} agreement cases, {len(weighted)} weighted precision cases, "
      f"{len(sheets)} sheet cases, {len(fixtures)} coded fixtures")

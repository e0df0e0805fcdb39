#!/usr/bin/env python3
"""A generated corpus for the report's models and their statsmodels fits:
the wire-level check of models.csv (tests/models_wire.rs).

Writes
- tests/data/models_wire_corpus.csv.gz: 300 articles of three outlets over six
  months (columns id, outlet, date, section, text), our own generated text;
- tests/data/models_wire_reference.json: what `framescore report --period
  month --covariate section --corpus tests/data/models_wire_corpus.csv.gz` (the
  default lexicons/syria.toml) must write in models.csv, fitted here with
  statsmodels 0.15 from the counts this script put in the text.

Regenerate with `python scripts/reference_report_models.py` (numpy,
statsmodels; run from anywhere). The test suite never runs Python.

The text is filler words (none of them a lexicon term), so the article's
tokens are its words and its matches are exactly the words "terrorists",
"rebels" and "militants" placed here. The outlets are sampled unevenly over
the months and the months differ in their rates, so the period confounds the
outlet and the adjusted and unadjusted ratios differ.

Models (reference outlet: the one with most articles, "alpha"; factors
sorted, treatment coded; every article has tokens):
- counts of armed_groups/terrorist: discrete NegativeBinomial (NB2, alpha
  by ML, offset log tokens) on outlet + month + section; HC1 =
  cov_white_simple(use_correction=True) (alpha counted as a parameter).
- shares of terrorist among the armed_groups matches: GLM Binomial on
  outlet + month + section over articles with a match of the group; HC1
  the same way.
The unadjusted ratio is the outlet's pooled rate (odds) over the
reference's, over the model's articles.
"""
import csv
import gzip
import io
import json
from pathlib import Path

import numpy as np
from scipy.stats import norm
import statsmodels.api as sm
from statsmodels.stats import sandwich_covariance as sw

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "models_wire_corpus.csv.gz"
OUT = ROOT / "tests" / "data" / "models_wire_reference.json"

FILLER = ("city water market people report morning council road school river "
          "bridge farmer village price winter summer train doctor garden letter").split()
OUTLETS = ["alpha", "beta", "gamma"]
MONTHS = [f"2019-{m:02}" for m in range(1, 7)]
SECTIONS = ["news", "world"]


def generate(rng):
    rows = []
    sizes = {"alpha": 130, "beta": 100, "gamma": 70}
    # beta writes mostly early, gamma mostly late: the month confounds.
    month_p = {
        "alpha": [1 / 6] * 6,
        "beta": [0.3, 0.3, 0.2, 0.1, 0.05, 0.05],
        "gamma": [0.05, 0.05, 0.1, 0.2, 0.3, 0.3],
    }
    b_out = {"alpha": 0.0, "beta": 0.35, "gamma": -0.25}
    b_month = [0.0, 0.2, 0.5, 0.8, 1.0, 1.2]
    b_sec = {"news": 0.0, "world": 0.4}
    s_out = {"alpha": 0.0, "beta": -0.6, "gamma": 0.5}
    s_month = [0.0, -0.2, 0.1, 0.3, 0.5, 0.6]
    alpha = 0.7
    n = 0
    for o in OUTLETS:
        for _ in range(sizes[o]):
            m = rng.choice(6, p=month_p[o])
            sec = SECTIONS[rng.integers(0, 2)]
            words = int(rng.integers(60, 250))
            mu = np.exp(-4.5 + b_out[o] + b_month[m] + b_sec[sec]) * words
            k_terror = int(rng.negative_binomial(1 / alpha, 1 / (1 + alpha * mu)))
            other = int(rng.poisson(mu * 0.8))
            eta = s_out[o] + s_month[m]
            p = 1 / (1 + np.exp(-eta))
            # the group's other labels: rebels and militants
            k_rebel = int(rng.binomial(other, 0.6))
            # shift some matches to terrorists by the share model's odds
            extra = int(rng.binomial(other, p * 0.5))
            k_terror += extra
            k_rebel = max(k_rebel - extra, 0)
            k_militant = max(other - extra - k_rebel, 0)
            terms = (["terrorists"] * k_terror + ["rebels"] * k_rebel
                     + ["militants"] * k_militant)
            filler = [FILLER[i] for i in rng.integers(0, len(FILLER), max(words - len(terms), 1))]
            text = filler + terms
            rng.shuffle(text)
            day = int(rng.integers(1, 28))
            n += 1
            rows.append({
                "id": f"a{n:03}", "outlet": o, "date": f"{MONTHS[m]}-{day:02}",
                "section": sec, "text": " ".join(text) + ".",
                "terrorist": text.count("terrorists"),
                "group": text.count("terrorists") + text.count("rebels") + text.count("militants"),
                "tokens": len(text),
            })
    return rows


def dummies(values, levels, reference):
    return [[1.0 if v == lv else 0.0 for v in values] for lv in levels if lv != reference]


def design(rows):
    cols = [[1.0] * len(rows)]
    names = ["intercept"]
    for name, levels, ref in [
        ("outlet", OUTLETS, "alpha"),
        ("month", MONTHS, MONTHS[0]),
        ("section", SECTIONS, SECTIONS[0]),
    ]:
        vals = [r[name] if name != "month" else r["date"][:7] for r in rows]
        present = sorted(set(vals))
        assert present == levels, (name, present)
        cols += dummies(vals, levels, ref)
        names += [f"{name}={lv}" for lv in levels if lv != ref]
    return np.array(cols).T, names


def se(cov):
    return np.sqrt(np.diag(np.asarray(cov))).tolist()


def outlet_rows(res_params, ses, names):
    out = {}
    for o in OUTLETS[1:]:
        j = names.index(f"outlet={o}")
        z = res_params[j] / ses[j]
        out[o] = {"estimate": float(res_params[j]), "se": float(ses[j]),
                  "p": float(2 * norm.sf(abs(z))), "log10_p": float((np.log(2) + norm.logsf(abs(z))) / np.log(10))}
    return out


def counts_model(rows):
    y = np.array([r["terrorist"] for r in rows], dtype=float)
    tok = np.array([r["tokens"] for r in rows], dtype=float)
    for o in OUTLETS:
        assert y[[r["outlet"] == o for r in rows]].sum() > 0
    X, names = design(rows)
    model = sm.NegativeBinomial(y, X, offset=np.log(tok), loglike_method="nb2")
    start = model.fit(disp=0, method="bfgs", maxiter=2000)
    res = model.fit(start_params=start.params, disp=0, method="newton", maxiter=300, tol=1e-12)
    assert res.mle_retvals["converged"]
    assert np.max(np.abs(model.score(res.params))) < 1e-8
    hc1 = sw.cov_white_simple(res, use_correction=True)
    out = outlet_rows(res.params, se(hc1), names)
    ref = [r["outlet"] == "alpha" for r in rows]
    ref_rate = y[ref].sum() / tok[ref].sum()
    for o in OUTLETS[1:]:
        sel = [r["outlet"] == o for r in rows]
        out[o]["unadjusted"] = float((y[sel].sum() / tok[sel].sum()) / ref_rate)
        out[o]["outlet_articles"] = int(sum(sel))
    return {"articles": len(rows), "alpha": float(res.params[-1]), "outlets": out}


def shares_model(rows):
    rows = [r for r in rows if r["group"] > 0]
    k = np.array([r["terrorist"] for r in rows], dtype=float)
    n = np.array([r["group"] for r in rows], dtype=float)
    for o in OUTLETS:
        sel = np.array([r["outlet"] == o for r in rows])
        assert 0 < k[sel].sum() < n[sel].sum()
    X, names = design(rows)
    model = sm.GLM(np.column_stack([k, n - k]), X, family=sm.families.Binomial())
    res = model.fit(method="newton", tol=1e-14, maxiter=100, disp=0)
    assert np.max(np.abs(model.score(res.params))) < 1e-9
    hc1 = sw.cov_white_simple(res, use_correction=True)
    out = outlet_rows(res.params, se(hc1), names)
    ref = np.array([r["outlet"] == "alpha" for r in rows])
    odds = lambda sel: k[sel].sum() / (n[sel] - k[sel]).sum()
    for o in OUTLETS[1:]:
        sel = np.array([r["outlet"] == o for r in rows])
        out[o]["unadjusted"] = float(odds(sel) / odds(ref))
        out[o]["outlet_articles"] = int(sel.sum())
    return {"articles": len(rows), "outlets": out}


def main():
    rng = np.random.default_rng(21)
    rows = generate(rng)
    with io.TextIOWrapper(gzip.GzipFile(CORPUS, "wb", mtime=0), newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "outlet", "date", "section", "text"])
        for r in rows:
            w.writerow([r["id"], r["outlet"], r["date"], r["section"], r["text"]])
    ref = {
        "source": "scripts/reference_report_models.py (statsmodels %s)" % sm.__version__,
        "args": ["--period", "month", "--covariate", "section"],
        "reference": "alpha",
        "adjusted_for": "month;section",
        "counts_terrorist": counts_model(rows),
        "shares_terrorist": shares_model(rows),
    }
    OUT.write_text(json.dumps(ref, indent=1) + "\n")
    print(json.dumps(ref, indent=1))


if __name__ == "__main__":
    main()

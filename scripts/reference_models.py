#!/usr/bin/env python3
"""Reference values for the article-level models of issue 21 (src/stats/models/),
fitted with statsmodels 0.15 and written to tests/data/models_reference.json.

The Rust tests read that JSON; the test suite never runs Python. Regenerate with:

    python scripts/reference_models.py      # needs numpy, pandas, statsmodels
    # reads ../shared/corpora/{allsides,basil}/articles.csv beside the repository

Tables (one article per row; the point is the model fit, so the counts are
simple regex counts, not framescore's matcher):

- allsides_terror: AllSides articles with a full date (YYYY-MM-DD, 2012-2020),
  a seeded subsample of 2,500; outlet = AllSides' bias label (reference
  "center"), period = month, covariate topic (5 largest topics, the rest
  "other"); count = words starting with "terror", tokens = \\w+ runs;
  clusters = the real outlet (New York Times, Fox News, ...).
- allsides_labels: the same articles, the group {terror*, militant*,
  extremis*, jihad*}: successes = terror* count, trials = the group's count;
  period = year (months leave too few articles with a match).
- basil_party: BASIL (300 articles, 100 events x nyt/fox/hpo), reference
  "fox"; successes = "GOP", trials = "GOP" + "Republican*"; period = year;
  clusters = the event. nyt never writes "GOP": a perfectly separated level.
- basil_democrat: BASIL, count = democrat*, period = year, clusters = event.
- generated_nb: negative binomial counts drawn with known coefficients (seeded).
- generated_binomial: binomial label counts drawn with known coefficients,
  one period whose articles never use the label (an excluded level).

Levels of a factor are sorted; the design is an intercept, then one dummy per
non-reference outlet, then one per non-reference level of each control
factor (treatment coding), built here by hand in that order.

Before fitting, levels whose articles can only be fitted by an infinite
coefficient are excluded, as the Rust code does: in the count model a level
none of whose articles has a match; in the share model a level none of whose
articles uses the label, or all of whose matches are the label. This repeats
until nothing changes (outlet first, then the controls in order); a control
factor whose reference is excluded takes its first remaining level.
Articles with no tokens (count model) or no match of the group (share
model) are left out first.

Fits (every one to full convergence, not statsmodels' default tolerance):
- GLM(family=NegativeBinomial(alpha)) by IRLS at the stated alpha
  (nonrobust SE = inverse expected information, as statsmodels' IRLS gives;
  the optimum is found by Newton, then one IRLS step: see glm_fit);
- discrete NegativeBinomial (NB2, alpha by ML), BFGS then method="newton", tol 1e-12
  (nonrobust SE = inverse observed information, alpha on its own scale);
- GLM(family=Binomial()) with endog = (successes, failures);
- Logit on the articles expanded to one row per match, which must give the
  same coefficients and model-based SE as the grouped binomial (checked here).
Robust covariances for each: "hc0" = statsmodels cov_type="HC0" (which is
also what statsmodels gives for cov_type="HC1" on GLM and discrete models:
they have no small-sample factor), "hc1" = sandwich_covariance.
cov_white_simple(use_correction=True), i.e. HC0 * n / (n - k), and
"cluster" = cov_type="cluster" (CR1: G/(G-1) (N-1)/(N-K)).
"""
import json
import re
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import statsmodels.api as sm
from statsmodels.stats import sandwich_covariance as sw

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "corpora"
OUT = ROOT / "tests" / "data" / "models_reference.json"
TOKEN = re.compile(r"\w+")


def count(texts, stem):
    pat = re.compile(r"\b" + stem + r"\w*", re.IGNORECASE)
    return np.array([len(pat.findall(t)) for t in texts], dtype=np.int64)


def tokens(texts):
    return np.array([len(TOKEN.findall(t)) for t in texts], dtype=np.int64)


def factor(name, values, reference):
    levels = sorted(set(values))
    code = {lv: i for i, lv in enumerate(levels)}
    return {
        "name": name,
        "levels": levels,
        "codes": [code[v] for v in values],
        "reference": levels.index(reference),
    }


def exclude(factors, y, n=None):
    """Rows kept and levels excluded, by the rule in the module docstring."""
    keep = np.ones(len(y), dtype=bool)
    excluded = []
    changed = True
    while changed:
        changed = False
        for f in factors:
            codes = np.asarray(f["codes"])
            for lv, name in enumerate(f["levels"]):
                rows = keep & (codes == lv)
                if not rows.any():
                    continue
                s = y[rows].sum()
                reason = None
                if s == 0:
                    reason = "none"
                elif n is not None and s == n[rows].sum():
                    reason = "all"
                if reason:
                    excluded.append(
                        {"factor": f["name"], "level": name,
                         "articles": int(rows.sum()), "reason": reason})
                    keep &= ~rows
                    changed = True
    return keep, excluded


def design(factors, keep):
    """Intercept then treatment dummies, in factor and level order."""
    cols = [np.ones(keep.sum())]
    names = ["intercept"]
    for i, f in enumerate(factors):
        codes = np.asarray(f["codes"])[keep]
        present = sorted(set(codes.tolist()))
        ref = f["reference"]
        if ref not in present:
            if i == 0:
                raise SystemExit(f"reference outlet of {f['name']} excluded")
            ref = present[0]
        for lv in present:
            if lv != ref:
                cols.append((codes == lv).astype(float))
                names.append(f"{f['name']}={f['levels'][lv]}")
    return np.column_stack(cols), names


def covs(res, clusters):
    nonrobust = np.asarray(res.cov_params())
    hc0 = sw.cov_white_simple(res, use_correction=False)
    hc1 = sw.cov_white_simple(res, use_correction=True)
    out = {"bse": se(nonrobust), "bse_hc0": se(hc0), "bse_hc1": se(hc1)}
    if clusters is not None:
        out["bse_cluster"] = se(sw.cov_cluster(res, np.asarray(clusters)))
    return out


def se(cov):
    return np.sqrt(np.diag(np.asarray(cov))).tolist()


def glm_fit(model):
    """The GLM's maximum likelihood estimate by IRLS, to full precision.

    statsmodels' IRLS stops when the deviance stops changing, which (the
    deviance being flat at its minimum) leaves the coefficients about 1e-7
    relative from the optimum. Newton's method (observed Hessian) finds the
    optimum to machine precision; one IRLS step from there stays on it and
    gives IRLS's covariance (inverse expected information) at the optimum.
    """
    newton = model.fit(method="newton", tol=1e-14, maxiter=100, disp=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = model.fit(start_params=newton.params, maxiter=1)
    assert np.max(np.abs(model.score(res.params))) < 1e-9, model.score(res.params)
    assert np.allclose(res.params, newton.params, rtol=1e-12, atol=1e-12)
    return res


def glm_nb(y, X, offset, alpha, clusters):
    model = sm.GLM(y, X, family=sm.families.NegativeBinomial(alpha=alpha), offset=offset)
    res = glm_fit(model)
    hc0 = model.fit(start_params=res.params, maxiter=1, cov_type="HC0")
    assert np.allclose(hc0.bse, se(sw.cov_white_simple(res, use_correction=False)), rtol=1e-10)
    out = {"alpha": alpha, "params": res.params.tolist(), "llf": float(res.llf),
           "deviance": float(res.deviance)}
    out.update(covs(res, clusters))
    return out


def discrete_nb(y, X, offset, clusters):
    model = sm.NegativeBinomial(y, X, offset=offset, loglike_method="nb2")
    # BFGS (statsmodels' default) gets close; Newton from there converges
    # to machine precision (Newton from the Poisson start can step to alpha < 0).
    start = model.fit(disp=0, method="bfgs", maxiter=1000)
    res = model.fit(start_params=start.params, disp=0, method="newton", maxiter=300, tol=1e-12)
    assert res.mle_retvals["converged"], res.mle_retvals
    assert np.max(np.abs(model.score(res.params))) < 1e-8
    out = {"params": res.params[:-1].tolist(), "alpha": float(res.params[-1]),
           "llf": float(res.llf)}
    c = covs(res, clusters)
    for k in ("bse", "bse_hc0", "bse_hc1", "bse_cluster"):
        if k in c:
            out[k] = c[k][:-1]
            out[k.replace("bse", "alpha_se")] = c[k][-1]
    return out


def glm_binomial(k, n, X, clusters):
    endog = np.column_stack([k, n - k]).astype(float)
    model = sm.GLM(endog, X, family=sm.families.Binomial())
    res = glm_fit(model)
    out = {"params": res.params.tolist(), "llf": float(res.llf),
           "deviance": float(res.deviance)}
    out.update(covs(res, clusters))
    # The same model on one row per match: Logit gives the same estimates
    # and model-based SE; its log-likelihood lacks the binomial coefficients.
    rows = np.repeat(np.arange(len(k)), n)
    yb = np.concatenate([np.r_[np.ones(a), np.zeros(b - a)] for a, b in zip(k, n)])
    logit = sm.Logit(yb, X[rows]).fit(disp=0, method="newton", tol=1e-12, maxiter=100)
    assert np.allclose(logit.params, res.params, rtol=1e-7, atol=1e-9)
    assert np.allclose(logit.bse, res.bse, rtol=1e-7)
    clu = sw.cov_cluster(logit, rows)  # clustered by article = HC on grouped rows
    out["logit_params"] = logit.params.tolist()
    out["logit_bse"] = logit.bse.tolist()
    out["logit_bse_cluster_article"] = se(clu)
    out["logit_llf"] = float(logit.llf)
    return out


def count_table(name, factors, y, tok, clusters, alpha_fixed, note):
    y, tok = np.asarray(y), np.asarray(tok)
    base = tok > 0
    facs = [dict(f, codes=list(np.asarray(f["codes"])[base])) for f in factors]
    yb, tb = y[base], tok[base]
    clu = None if clusters is None else np.asarray(clusters)[base]
    keep, excluded = exclude(facs, yb)
    X, names = design(facs, keep)
    off = np.log(tb[keep].astype(float))
    cl = None if clu is None else clu[keep]
    return {
        "name": name, "note": note, "kind": "count",
        "factors": factors, "counts": np.asarray(y).tolist(), "tokens": np.asarray(tok).tolist(),
        "clusters": None if clusters is None else list(map(int, clusters)),
        "columns": names, "excluded": excluded, "articles_used": int(keep.sum()),
        "glm_nb": glm_nb(yb[keep], X, off, alpha_fixed, cl),
        "nb2": discrete_nb(yb[keep], X, off, cl),
    }


def share_table(name, factors, k, n, clusters, note):
    k, n = np.asarray(k), np.asarray(n)
    base = n > 0
    facs = [dict(f, codes=list(np.asarray(f["codes"])[base])) for f in factors]
    kb, nb = k[base], n[base]
    clu = None if clusters is None else np.asarray(clusters)[base]
    keep, excluded = exclude(facs, kb, nb)
    X, names = design(facs, keep)
    cl = None if clu is None else clu[keep]
    return {
        "name": name, "note": note, "kind": "share",
        "factors": factors, "successes": k.tolist(), "trials": n.tolist(),
        "clusters": None if clusters is None else list(map(int, clusters)),
        "columns": names, "excluded": excluded, "articles_used": int(keep.sum()),
        "binomial": glm_binomial(kb[keep], nb[keep], X, cl),
    }


def allsides(rng):
    d = pd.read_csv(SHARED / "allsides" / "articles.csv")
    d["month"] = d["date"].str.extract(r"^(20(?:1\d|20)-\d\d)-\d\d$")[0]
    d = d[d["month"].notna()].reset_index(drop=True)
    d = d.iloc[np.sort(rng.choice(len(d), 2500, replace=False))].reset_index(drop=True)
    top = d["topic"].value_counts().index[:5]
    topic = [t if t in top else "other" for t in d["topic"]]
    outlets = sorted(set(d["outlet"]))
    clusters = [outlets.index(o) for o in d["outlet"]]
    texts = d["text"].fillna("").tolist()
    tok = tokens(texts)
    terror = count(texts, "terror")
    group = terror + count(texts, "militant") + count(texts, "extremis") + count(texts, "jihad")
    bias = factor("outlet", d["bias"].tolist(), "center")
    month = factor("period", d["month"].tolist(), sorted(set(d["month"]))[0])
    year_values = d["month"].str[:4].tolist()
    year = factor("period", year_values, sorted(set(year_values))[0])
    top_f = factor("topic", topic, "other")
    return [
        count_table("allsides_terror", [bias, month, top_f], terror, tok, clusters, 1.0,
                    "AllSides, terror* per article ~ bias + month + topic, offset log tokens"),
        share_table("allsides_labels", [bias, year], terror, group, clusters,
                    "AllSides, terror* among {terror*, militant*, extremis*, jihad*} ~ bias + year"),
    ]


def basil():
    d = pd.read_csv(SHARED / "basil" / "articles.csv")
    texts = d["text"].fillna("").tolist()
    event = d["id"].str.rsplit("_", n=1).str[0]
    events = sorted(set(event))
    clusters = [events.index(e) for e in event]
    outlet = factor("outlet", d["outlet"].tolist(), "fox")
    years = d["date"].str[:4].tolist()
    year = factor("period", years, sorted(set(years))[0])
    gop = count(texts, "gop")
    rep = count(texts, "republican")
    return [
        share_table("basil_party", [outlet, year], gop, gop + rep, clusters,
                    "BASIL, 'GOP' among GOP + Republican* ~ outlet + year (nyt never says GOP)"),
        count_table("basil_democrat", [outlet, year], count(texts, "democrat"), tokens(texts),
                    clusters, 0.5, "BASIL, democrat* per article ~ outlet + year"),
    ]


def generated(rng):
    n = 600
    outlet = rng.integers(0, 4, n)
    period = rng.integers(0, 6, n)
    tok = rng.integers(150, 2500, n)
    b_out = np.array([0.0, 0.4, -0.3, 0.8])
    b_per = np.array([0.0, 0.2, 0.1, -0.2, 0.3, -0.1])
    mu = np.exp(-6.0 + b_out[outlet] + b_per[period]) * tok
    alpha = 0.8
    y = rng.negative_binomial(1 / alpha, 1 / (1 + alpha * mu))
    names_o = ["a", "b", "c", "d"]
    names_p = [f"2020-{m:02}" for m in range(1, 7)]
    fo = factor("outlet", [names_o[i] for i in outlet], "a")
    fp = factor("period", [names_p[i] for i in period], "2020-01")
    clusters = (np.arange(n) // 5).tolist()  # stories of 5 articles
    nb = count_table("generated_nb", [fo, fp], y, tok, clusters, 0.8,
                     "NB2 draws, alpha 0.8, outlet effects 0.4, -0.3, 0.8")
    trials = rng.integers(0, 12, n)
    eta = -0.5 + np.array([0.0, 0.7, -0.4, 0.3])[outlet] + np.array([0.0, 0.2, -0.3, 0.1, 0.4, 0.0])[period]
    k = rng.binomial(trials, 1 / (1 + np.exp(-eta)))
    k[period == 5] = 0  # a period that never uses the label: excluded
    bi = share_table("generated_binomial", [fo, fp], k, trials, clusters,
                     "binomial draws; period 2020-06 never uses the label")
    return [nb, bi]


def main():
    rng = np.random.default_rng(20240521)
    cases = allsides(rng) + basil() + generated(rng)
    for c in cases:
        print(c["name"], c["articles_used"], len(c["columns"]), "excluded", len(c["excluded"]))
    OUT.write_text(json.dumps({"cases": cases}, separators=(",", ":")) + "\n")
    print(OUT, OUT.stat().st_size, "bytes")


if __name__ == "__main__":
    main()

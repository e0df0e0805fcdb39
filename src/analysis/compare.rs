//! The all-outlets comparison family: every pair of outlets and each
//! outlet against the rest, for every category's rate (log-likelihood G2
//! with Hardie's log ratio and its article-level bootstrap interval) and
//! every group's label mix (chi-square with Cramér's V), all p-values
//! adjusted together as one family.

use super::intervals::OutletBoot;
use super::StatsOptions;
use crate::counts::{CountTable, OutletCounts};
use crate::stats;

/// The family of comparisons with its adjusted p-values.
#[derive(Debug, Clone, Default)]
pub struct Compare {
    pub rows: Vec<CompareRow>,
    /// Adjusted p of each row, over the whole family.
    pub adjusted: Vec<f64>,
    /// Rows with an adjusted p below 0.05.
    pub significant: usize,
}

/// One row of `compare.csv`.
#[derive(Debug, Clone)]
pub struct CompareRow {
    pub measure: &'static str,
    pub group: usize,
    pub category: Option<usize>,
    pub comparison: &'static str,
    pub a: String,
    pub b: String,
    pub count_a: u64,
    pub total_a: u64,
    pub count_b: u64,
    pub total_b: u64,
    pub effect_measure: &'static str,
    pub effect: f64,
    pub effect_ci: Option<(f64, f64)>,
    pub test: &'static str,
    pub statistic: f64,
    pub df: usize,
    pub p: f64,
    pub ln_p: f64,
    pub note: String,
}

/// Every pair and each outlet against the rest, for every category's rate
/// and each group's label mix; one family for the adjustment.
pub(crate) fn compare(
    counts: &CountTable,
    boots: &[OutletBoot],
    conf: f64,
    opts: &StatsOptions,
) -> Compare {
    let outlets: Vec<(&String, &OutletCounts)> = counts.outlets.iter().collect();
    let ncat = counts.categories.len();
    // Corpus totals per replicate: bootstrapped outlets resampled, outlets
    // with one article held fixed (a stratified bootstrap by outlet).
    let resamples = boots
        .iter()
        .find_map(|b| b.sums.as_ref().map(|s| s.resamples))
        .unwrap_or(0);
    let mut corpus_reps = vec![0u64; resamples * (ncat + 1)];
    for ((_, o), b) in outlets.iter().zip(boots) {
        for r in 0..resamples {
            let dst = &mut corpus_reps[r * (ncat + 1)..(r + 1) * (ncat + 1)];
            match &b.sums {
                Some(s) => dst
                    .iter_mut()
                    .zip(s.replicate(r))
                    .for_each(|(d, x)| *d += x),
                None => {
                    dst[..ncat]
                        .iter_mut()
                        .zip(&o.counts)
                        .for_each(|(d, x)| *d += x);
                    dst[ncat] += o.tokens;
                }
            }
        }
    }
    let total_tokens: u64 = outlets.iter().map(|(_, o)| o.tokens).sum();
    let total_counts: Vec<u64> = (0..ncat)
        .map(|c| outlets.iter().map(|(_, o)| o.counts[c]).sum())
        .collect();
    // log2 of each replicate's smoothed rate, per outlet, category-major:
    // a pair's log ratio on replicate r is then one subtraction.
    let log_rates: Vec<Option<Vec<f64>>> = boots
        .iter()
        .map(|b| {
            b.sums.as_ref().map(|s| {
                let mut v = vec![0.0; ncat * s.resamples];
                for (r, rep) in s.replicates().enumerate() {
                    for c in 0..ncat {
                        v[c * s.resamples + r] =
                            log_ratio(rep[c] as f64, rep[ncat] as f64, 1.0, 1.0);
                    }
                }
                v
            })
        })
        .collect();
    // Whether an outlet's replicates all have tokens (their log rates are
    // then finite): the percentile intervals of a pair of such outlets
    // take the fast path.
    let finite: Vec<bool> = log_rates
        .iter()
        .map(|l| l.as_ref().is_some_and(|v| v.iter().all(|x| x.is_finite())))
        .collect();
    let shared = Shared {
        outlets: &outlets,
        boots,
        corpus_reps: &corpus_reps,
        log_rates: &log_rates,
        finite: &finite,
        total_counts: &total_counts,
        total_tokens,
        resamples,
        ncat,
        conf,
    };
    // One category's rows per task, in category order, moved into one
    // vector sized once: compare.csv's rows are most of the analysis's
    // memory, and a vector grown by doubling holds up to three times them.
    let parts = super::spread(ncat, opts.threads, |c| {
        rate_rows(&shared, counts.categories[c].group, c)
    });
    let most_mix_rows = counts.groups.len() * outlets.len() * (outlets.len() + 1) / 2;
    let mut rows: Vec<CompareRow> =
        Vec::with_capacity(parts.iter().map(Vec::len).sum::<usize>() + most_mix_rows);
    for mut part in parts {
        rows.append(&mut part);
    }
    for g in 0..counts.groups.len() {
        let cats = counts.group_categories(g);
        let mix = |o: &OutletCounts| -> Vec<u64> { cats.iter().map(|&c| o.counts[c]).collect() };
        let total_mix: Vec<u64> = cats.iter().map(|&c| total_counts[c]).collect();
        for i in 0..outlets.len() {
            let (a, oa) = outlets[i];
            let ma = mix(oa);
            let rest: Vec<u64> = total_mix.iter().zip(&ma).map(|(t, x)| t - x).collect();
            rows.extend(mix_row(g, "outlet_vs_rest", (a, &ma), ("", &rest)));
            for &(b, ob) in &outlets[i + 1..] {
                rows.extend(mix_row(g, "pair", (a, &ma), (b, &mix(ob))));
            }
        }
    }
    rows.shrink_to_fit();
    let p: Vec<f64> = rows.iter().map(|r| r.p).collect();
    let adjusted = opts.adjust.apply(&p);
    let significant = adjusted.iter().filter(|&&p| p < 0.05).count();
    Compare {
        rows,
        adjusted,
        significant,
    }
}

/// What every category's rate comparisons read.
struct Shared<'a> {
    outlets: &'a [(&'a String, &'a OutletCounts)],
    boots: &'a [OutletBoot],
    corpus_reps: &'a [u64],
    log_rates: &'a [Option<Vec<f64>>],
    finite: &'a [bool],
    total_counts: &'a [u64],
    total_tokens: u64,
    resamples: usize,
    ncat: usize,
    conf: f64,
}

/// Category `c`'s rate rows: each outlet against the rest, then its pairs
/// with the outlets after it.
fn rate_rows(s: &Shared, group: usize, c: usize) -> Vec<CompareRow> {
    let (outlets, ncat, resamples, conf) = (s.outlets, s.ncat, s.resamples, s.conf);
    // At most each outlet against the rest and every pair.
    let mut rows = Vec::with_capacity(outlets.len() * (outlets.len() + 1) / 2);
    let mut reps = Vec::with_capacity(resamples);
    let mut scratch = stats::PercentileScratch::default();
    for i in 0..outlets.len() {
        let (a, oa) = outlets[i];
        // Each outlet against the rest.
        let (cb, tb) = (s.total_counts[c] - oa.counts[c], s.total_tokens - oa.tokens);
        if oa.counts[c] + cb > 0 && oa.tokens > 0 && tb > 0 {
            let ci = s.boots[i].sums.as_ref().and_then(|b| {
                reps.clear();
                reps.extend(b.replicates().enumerate().map(|(r, ra)| {
                    let tot = &s.corpus_reps[r * (ncat + 1)..(r + 1) * (ncat + 1)];
                    log_ratio(
                        ra[c] as f64,
                        ra[ncat] as f64,
                        (tot[c] - ra[c]) as f64,
                        (tot[ncat] - ra[ncat]) as f64,
                    )
                }));
                stats::percentile_interval_in(&mut reps, conf, &mut scratch).ok()
            });
            rows.extend(rate_row(
                group,
                c,
                "outlet_vs_rest",
                (a, oa.counts[c], oa.tokens),
                ("", cb, tb),
                ci,
            ));
        }
        for (j, &(b, ob)) in outlets.iter().enumerate().skip(i + 1) {
            if oa.counts[c] + ob.counts[c] == 0 || oa.tokens == 0 || ob.tokens == 0 {
                continue;
            }
            let ci = match (&s.log_rates[i], &s.log_rates[j]) {
                (Some(la), Some(lb)) => {
                    let span = c * resamples..(c + 1) * resamples;
                    if s.finite[i] && s.finite[j] {
                        let (la, lb) = (&la[span.clone()], &lb[span]);
                        stats::percentile_interval_of_differences(la, lb, conf, &mut scratch).ok()
                    } else {
                        reps.clear();
                        reps.extend(la[span.clone()].iter().zip(&lb[span]).map(|(x, y)| x - y));
                        stats::percentile_interval_in(&mut reps, conf, &mut scratch).ok()
                    }
                }
                _ => None,
            };
            rows.extend(rate_row(
                group,
                c,
                "pair",
                (a, oa.counts[c], oa.tokens),
                (b, ob.counts[c], ob.tokens),
                ci,
            ));
        }
    }
    rows.shrink_to_fit();
    rows
}

/// A rate comparison: log-likelihood G2 (token level) and Hardie's log
/// ratio with its article-level bootstrap interval.
fn rate_row(
    group: usize,
    c: usize,
    comparison: &'static str,
    (a, count_a, total_a): (&str, u64, u64),
    (b, count_b, total_b): (&str, u64, u64),
    effect_ci: Option<(f64, f64)>,
) -> Option<CompareRow> {
    let ll = stats::log_likelihood(count_a, count_b, total_a, total_b).ok()?;
    let note = if effect_ci.is_none() {
        "no article-level interval: an outlet has fewer than 2 articles".into()
    } else {
        String::new()
    };
    Some(CompareRow {
        measure: "rate",
        group,
        category: Some(c),
        comparison,
        a: a.to_string(),
        b: b.to_string(),
        count_a,
        total_a,
        count_b,
        total_b,
        effect_measure: "log_ratio",
        effect: ll.log_ratio,
        effect_ci,
        test: "log_likelihood_g2",
        statistic: ll.g2,
        df: 1,
        p: ll.p,
        ln_p: stats::chi2_ln_sf(ll.g2, 1.0),
        note,
    })
}

/// A label-mix comparison: the 2 x k chi-square of the two outlets' counts
/// over the group's categories used by either, with Cramér's V.
fn mix_row(
    group: usize,
    comparison: &'static str,
    (a, ma): (&str, &[u64]),
    (b, mb): (&str, &[u64]),
) -> Option<CompareRow> {
    let used: Vec<usize> = (0..ma.len()).filter(|&k| ma[k] + mb[k] > 0).collect();
    let table = vec![
        used.iter().map(|&k| ma[k]).collect::<Vec<u64>>(),
        used.iter().map(|&k| mb[k]).collect(),
    ];
    let ind = stats::independence(&table).ok()?;
    let note = if ind.min_expected < 5.0 {
        "expected counts below 5: the chi-square p-value is unreliable".into()
    } else {
        String::new()
    };
    Some(CompareRow {
        measure: "share_mix",
        group,
        category: None,
        comparison,
        a: a.to_string(),
        b: b.to_string(),
        count_a: ma.iter().sum(),
        total_a: ma.iter().sum(),
        count_b: mb.iter().sum(),
        total_b: mb.iter().sum(),
        effect_measure: "cramers_v",
        effect: ind.cramers_v,
        effect_ci: None,
        test: "chi_square",
        statistic: ind.chi2,
        df: ind.df,
        p: ind.p,
        ln_p: stats::chi2_ln_sf(ind.chi2, ind.df as f64),
        note,
    })
}

/// Hardie's log ratio with a zero count replaced by 0.5.
pub(crate) fn log_ratio(a: f64, ta: f64, b: f64, tb: f64) -> f64 {
    let s = |x: f64| if x == 0.0 { 0.5 } else { x };
    if ta == 0.0 || tb == 0.0 {
        return f64::NAN;
    }
    ((s(a) / ta) / (s(b) / tb)).log2()
}

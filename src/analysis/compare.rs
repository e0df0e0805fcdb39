//! The all-outlets comparison family: every pair of outlets and each
//! outlet against the rest, for every category's rate (log-likelihood G2
//! with Hardie's log ratio and its article-level bootstrap interval) and
//! every group's label mix (chi-square with Cramér's V), all p-values
//! adjusted together as one family.

use super::intervals::OutletBoot;
use super::outlet_index;
use super::StatsOptions;
use crate::counts::{CountTable, OutletCounts};
use crate::stats;

/// The family of comparisons with its adjusted p-values.
///
/// compare.csv's rows are most of a report's memory when there are many
/// outlets (a row per outlet pair and category: 226,000 for 242 outlets), so
/// a row is small (outlets by index, its kinds as enums) and the rows stay in
/// the parts they were made in (each category's rate rows, then the label
/// mixes) instead of being moved into one vector, which held both at once.
#[derive(Debug, Clone, Default)]
pub struct Compare {
    /// The outlets the rows' `a` and `b` index, in name order.
    pub outlets: Vec<String>,
    parts: Vec<Vec<CompareRow>>,
    /// Adjusted p of each row, over the whole family.
    pub adjusted: Vec<f64>,
    /// Rows with an adjusted p below 0.05.
    pub significant: usize,
}

impl Compare {
    /// The rows in compare.csv's order.
    pub fn rows(&self) -> impl Iterator<Item = &CompareRow> {
        self.parts.iter().flatten()
    }

    /// How many rows.
    pub fn len(&self) -> usize {
        self.adjusted.len()
    }

    pub fn is_empty(&self) -> bool {
        self.adjusted.is_empty()
    }

    /// Row `i` in the order of [`Compare::rows`].
    pub fn get(&self, mut i: usize) -> Option<&CompareRow> {
        for part in &self.parts {
            match part.get(i) {
                Some(row) => return Some(row),
                None => i -= part.len(),
            }
        }
        None
    }

    /// A row's outlet `a`.
    pub fn a(&self, row: &CompareRow) -> &str {
        &self.outlets[row.a as usize]
    }

    /// A row's outlet `b`; empty for the rest of the corpus.
    pub fn b(&self, row: &CompareRow) -> &str {
        row.b.map_or("", |b| &self.outlets[b as usize])
    }
}

/// What a row compares: a category's rate, or a group's label mix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    Rate,
    ShareMix,
}

impl Measure {
    /// compare.csv's `measure`.
    pub fn name(self) -> &'static str {
        match self {
            Measure::Rate => "rate",
            Measure::ShareMix => "share_mix",
        }
    }

    /// compare.csv's `effect_measure`.
    pub fn effect_measure(self) -> &'static str {
        match self {
            Measure::Rate => "log_ratio",
            Measure::ShareMix => "cramers_v",
        }
    }

    /// compare.csv's `test`.
    pub fn test(self) -> &'static str {
        match self {
            Measure::Rate => "log_likelihood_g2",
            Measure::ShareMix => "chi_square",
        }
    }
}

/// Whom a row's outlet `a` is compared with: compare.csv's `comparison`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparison {
    /// Outlet `b`.
    Pair,
    /// The rest of the corpus.
    OutletVsRest,
}

impl Comparison {
    pub fn name(self) -> &'static str {
        match self {
            Comparison::Pair => "pair",
            Comparison::OutletVsRest => "outlet_vs_rest",
        }
    }
}

/// A row's caveat: compare.csv's `note`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Note {
    None,
    /// A rate comparison without its article-level interval.
    NoInterval,
    /// A label mix with expected counts below 5.
    FewExpected,
}

impl Note {
    pub fn text(self) -> &'static str {
        match self {
            Note::None => "",
            Note::NoInterval => "no article-level interval: an outlet has fewer than 2 articles",
            Note::FewExpected => "expected counts below 5: the chi-square p-value is unreliable",
        }
    }
}

/// One row of `compare.csv`.
#[derive(Debug, Clone)]
pub struct CompareRow {
    pub measure: Measure,
    pub comparison: Comparison,
    pub note: Note,
    pub group: usize,
    pub category: Option<usize>,
    /// Index in [`Compare::outlets`].
    pub a: u32,
    /// Index in [`Compare::outlets`]; `None` for the rest of the corpus.
    pub b: Option<u32>,
    pub count_a: u64,
    pub total_a: u64,
    pub count_b: u64,
    pub total_b: u64,
    pub effect: f64,
    pub effect_ci: Option<(f64, f64)>,
    pub statistic: f64,
    pub df: usize,
    pub p: f64,
    pub ln_p: f64,
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
                    .zip(s.replicate(r).iter())
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
    let shared = Shared {
        outlets: &outlets,
        boots,
        corpus_reps: &corpus_reps,
        total_counts: &total_counts,
        total_tokens,
        resamples,
        ncat,
        conf,
    };
    // One category's rate rows per task, in category order, then the label
    // mixes: kept as parts (see [`Compare`]).
    let mut parts = crate::parallel::spread(ncat, opts.threads, |c| {
        rate_rows(&shared, counts.categories[c].group, c)
    });
    let mut mixes =
        Vec::with_capacity(counts.groups.len() * outlets.len() * (outlets.len() + 1) / 2);
    for g in 0..counts.groups.len() {
        let cats = counts.group_categories(g);
        let mix = |o: &OutletCounts| -> Vec<u64> { cats.iter().map(|&c| o.counts[c]).collect() };
        let total_mix: Vec<u64> = cats.iter().map(|&c| total_counts[c]).collect();
        for (i, (_, oa)) in outlets.iter().enumerate() {
            let ma = mix(oa);
            let rest: Vec<u64> = total_mix.iter().zip(&ma).map(|(t, x)| t - x).collect();
            mixes.extend(mix_row(g, (outlet_index(i), &ma), (None, &rest)));
            for (j, (_, ob)) in outlets.iter().enumerate().skip(i + 1) {
                mixes.extend(mix_row(
                    g,
                    (outlet_index(i), &ma),
                    (Some(outlet_index(j)), &mix(ob)),
                ));
            }
        }
    }
    mixes.shrink_to_fit();
    parts.push(mixes);
    let p: Vec<f64> = parts.iter().flatten().map(|r| r.p).collect();
    let adjusted = opts.adjust.apply(&p);
    let significant = adjusted.iter().filter(|&&p| p < 0.05).count();
    Compare {
        outlets: outlets.iter().map(|(name, _)| name.to_string()).collect(),
        parts,
        adjusted,
        significant,
    }
}

/// What every category's rate comparisons read.
struct Shared<'a> {
    outlets: &'a [(&'a String, &'a OutletCounts)],
    boots: &'a [OutletBoot],
    corpus_reps: &'a [u64],
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
    // log2 of each outlet's replicates' smoothed rates of category c: a
    // pair's log ratio on replicate r is then one subtraction. Made here,
    // one category at a time: all categories at once held 448 KB per
    // outlet (2,000 replicates x 28 categories).
    let log_rates: Vec<Option<Vec<f64>>> = s
        .boots
        .iter()
        .map(|b| {
            b.sums.as_ref().map(|sums| {
                sums.replicates()
                    .map(|rep| log_ratio(rep.get(c) as f64, rep.get(ncat) as f64, 1.0, 1.0))
                    .collect()
            })
        })
        .collect();
    // Whether they are all finite (each replicate has tokens): the
    // percentile intervals of a pair of such outlets take the fast path.
    let finite: Vec<bool> = log_rates
        .iter()
        .map(|l| l.as_ref().is_some_and(|v| v.iter().all(|x| x.is_finite())))
        .collect();
    for (i, &(_, oa)) in outlets.iter().enumerate() {
        // Each outlet against the rest.
        let (cb, tb) = (s.total_counts[c] - oa.counts[c], s.total_tokens - oa.tokens);
        if oa.counts[c] + cb > 0 && oa.tokens > 0 && tb > 0 {
            let ci = s.boots[i].sums.as_ref().and_then(|b| {
                reps.clear();
                reps.extend(b.replicates().enumerate().map(|(r, ra)| {
                    let tot = &s.corpus_reps[r * (ncat + 1)..(r + 1) * (ncat + 1)];
                    let (count, tokens) = (ra.get(c), ra.get(ncat));
                    log_ratio(
                        count as f64,
                        tokens as f64,
                        (tot[c] - count) as f64,
                        (tot[ncat] - tokens) as f64,
                    )
                }));
                stats::percentile_interval_in(&mut reps, conf, &mut scratch).ok()
            });
            rows.extend(rate_row(
                group,
                c,
                (outlet_index(i), oa.counts[c], oa.tokens),
                (None, cb, tb),
                ci,
            ));
        }
        for (j, &(_, ob)) in outlets.iter().enumerate().skip(i + 1) {
            if oa.counts[c] + ob.counts[c] == 0 || oa.tokens == 0 || ob.tokens == 0 {
                continue;
            }
            let ci = match (&log_rates[i], &log_rates[j]) {
                (Some(la), Some(lb)) => {
                    if finite[i] && finite[j] {
                        stats::percentile_interval_of_differences(la, lb, conf, &mut scratch).ok()
                    } else {
                        reps.clear();
                        reps.extend(la.iter().zip(lb).map(|(x, y)| x - y));
                        stats::percentile_interval_in(&mut reps, conf, &mut scratch).ok()
                    }
                }
                _ => None,
            };
            rows.extend(rate_row(
                group,
                c,
                (outlet_index(i), oa.counts[c], oa.tokens),
                (Some(outlet_index(j)), ob.counts[c], ob.tokens),
                ci,
            ));
        }
    }
    rows.shrink_to_fit();
    rows
}

/// A rate comparison: log-likelihood G2 (token level) and Hardie's log
/// ratio with its article-level bootstrap interval; `b` is `None` for the
/// rest of the corpus.
fn rate_row(
    group: usize,
    c: usize,
    (a, count_a, total_a): (u32, u64, u64),
    (b, count_b, total_b): (Option<u32>, u64, u64),
    effect_ci: Option<(f64, f64)>,
) -> Option<CompareRow> {
    let ll = stats::log_likelihood(count_a, count_b, total_a, total_b).ok()?;
    Some(CompareRow {
        measure: Measure::Rate,
        comparison: comparison(b),
        note: if effect_ci.is_none() {
            Note::NoInterval
        } else {
            Note::None
        },
        group,
        category: Some(c),
        a,
        b,
        count_a,
        total_a,
        count_b,
        total_b,
        effect: ll.log_ratio,
        effect_ci,
        statistic: ll.g2,
        df: 1,
        p: ll.p,
        ln_p: stats::chi2_ln_sf(ll.g2, 1.0),
    })
}

/// A label-mix comparison: the 2 x k chi-square of the two outlets' counts
/// over the group's categories used by either, with Cramér's V; `b` is
/// `None` for the rest of the corpus.
fn mix_row(
    group: usize,
    (a, ma): (u32, &[u64]),
    (b, mb): (Option<u32>, &[u64]),
) -> Option<CompareRow> {
    let used: Vec<usize> = (0..ma.len()).filter(|&k| ma[k] + mb[k] > 0).collect();
    let table = vec![
        used.iter().map(|&k| ma[k]).collect::<Vec<u64>>(),
        used.iter().map(|&k| mb[k]).collect(),
    ];
    let ind = stats::independence(&table).ok()?;
    Some(CompareRow {
        measure: Measure::ShareMix,
        comparison: comparison(b),
        note: if ind.min_expected < 5.0 {
            Note::FewExpected
        } else {
            Note::None
        },
        group,
        category: None,
        a,
        b,
        count_a: ma.iter().sum(),
        total_a: ma.iter().sum(),
        count_b: mb.iter().sum(),
        total_b: mb.iter().sum(),
        effect: ind.cramers_v,
        effect_ci: None,
        statistic: ind.chi2,
        df: ind.df,
        p: ind.p,
        ln_p: stats::chi2_ln_sf(ind.chi2, ind.df as f64),
    })
}

fn comparison(b: Option<u32>) -> Comparison {
    match b {
        Some(_) => Comparison::Pair,
        None => Comparison::OutletVsRest,
    }
}

/// Hardie's log ratio with a zero count replaced by 0.5.
pub(crate) fn log_ratio(a: f64, ta: f64, b: f64, tb: f64) -> f64 {
    let s = |x: f64| if x == 0.0 { 0.5 } else { x };
    if ta == 0.0 || tb == 0.0 {
        return f64::NAN;
    }
    ((s(a) / ta) / (s(b) / tb)).log2()
}

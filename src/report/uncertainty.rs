//! Article-level uncertainty and the all-outlets comparison family.
//!
//! Token-level tests treat every word as an independent draw; articles are
//! the real sampling unit. This module adds, beside the token-level
//! numbers of `tables.rs`:
//!
//! - `intervals.csv`: a bootstrap over articles within each outlet for every
//!   rate and share, next to the exact Poisson and Wilson intervals;
//! - the article-level permutation test of outlet labels and the Monte
//!   Carlo exact test, as extra rows of `tests.csv`;
//! - `compare.csv`: every pair of outlets and each outlet against the rest,
//!   for every category (rates) and every group (label mix), adjusted over
//!   the whole family, with bootstrap intervals for the rate ratios;
//! - `distinctive_terms.csv`: log-odds ratios with an informative Dirichlet
//!   prior.
//!
//! "Outlet" here means the comparison group: whatever column the corpus is
//! grouped by. Every random stream is a ChaCha8 stream of `--seed`, one per
//! outlet (bootstrap) or group (permutation, Monte Carlo), named by a hash
//! of the outlet or group, so results do not depend on the order or the
//! number of threads they are computed in.

use super::tables::{csv_err, finish, num, opt, safe_cell, writer, Cell};
use super::{Pass, ReportError};
use crate::counts::{CountTable, OutletCounts};
use crate::stats::{self, BootstrapSums, MonteCarlo};
use crate::text::normalise::normalise_str;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Below this many articles an outlet's article-level interval is flagged.
pub const FEW_ARTICLES: u64 = 5;

/// Multiple-testing adjustment over a family of p-values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Adjust {
    /// Holm's step-down (family-wise error rate).
    #[default]
    Holm,
    /// Benjamini-Hochberg step-up (false discovery rate).
    Bh,
}

impl Adjust {
    pub fn name(self) -> &'static str {
        match self {
            Adjust::Holm => "holm",
            Adjust::Bh => "bh",
        }
    }

    fn apply(self, p: &[f64]) -> Vec<f64> {
        match self {
            Adjust::Holm => stats::holm(p),
            Adjust::Bh => stats::benjamini_hochberg(p),
        }
    }
}

/// Options of the statistics; `Default` is what the CLI's defaults give.
#[derive(Debug, Clone, PartialEq)]
pub struct StatsOptions {
    /// Seed of every random stream.
    pub seed: u64,
    /// Bootstrap resamples per outlet (0: no bootstrap).
    pub bootstrap: usize,
    /// Resamples of the permutation and Monte Carlo tests (0: none).
    pub permutations: usize,
    pub adjust: Adjust,
    /// Background word frequencies for the distinctive-terms prior.
    pub background: Option<PathBuf>,
    /// Threads for the bootstrap (results do not depend on it).
    pub threads: usize,
}

impl Default for StatsOptions {
    fn default() -> Self {
        StatsOptions {
            seed: 1,
            bootstrap: 2000,
            permutations: 2000,
            adjust: Adjust::Holm,
            background: None,
            threads: 1,
        }
    }
}

/// The article-level tests of one group (rows of `tests.csv`).
#[derive(Debug, Clone, Default)]
pub(crate) struct ArticleTests {
    /// Permutation test of outlet labels over articles with a match.
    pub permutation: Option<MonteCarlo>,
    /// Articles and outlets that entered the permutation test.
    pub units: (usize, usize),
    pub permutation_note: String,
    /// Monte Carlo exact test of the token-level table (when an expected
    /// count is below 5 and the table is larger than 2 x 2).
    pub monte_carlo: Option<MonteCarlo>,
}

/// What the page needs from this module.
#[derive(Debug, Clone, Default)]
pub(crate) struct Uncertainty {
    pub outlets_with_intervals: usize,
    /// Article-level rate interval of each cell, aligned with the cells.
    pub rate_article: Vec<Option<(f64, f64)>>,
    pub group_tests: Vec<ArticleTests>,
    pub compare_rows: usize,
    pub compare_significant: usize,
    pub distinctive_prior: String,
    /// Per group, the most distinctive (outlet, term, z) with z >= 1.96,
    /// strongest first, at most [`TOP_DISTINCTIVE`].
    pub distinctive_top: Vec<Distinctive>,
}

/// A group's most distinctive (outlet, term, z).
pub(crate) type Distinctive = Vec<(String, String, f64)>;

/// Distinctive terms named per group on the page.
const TOP_DISTINCTIVE: usize = 3;

/// `p_value` and `log10_p` cells: the p-value is written only when it is a
/// normal double; below that (about 2.2e-308) the cell is empty and
/// `log10_p` carries the value, so no p-value is ever written as 0.
pub(crate) fn p_cells(p: f64, ln_p: f64) -> [String; 2] {
    let p_cell = if p >= f64::MIN_POSITIVE {
        num(p)
    } else {
        String::new()
    };
    [p_cell, num(ln_p / std::f64::consts::LN_10)]
}

/// A stable stream number for a named random stream.
fn stream(kind: &str, name: &str) -> u64 {
    let digest = Sha256::new()
        .chain_update(kind.as_bytes())
        .chain_update([0])
        .chain_update(name.as_bytes())
        .finalize();
    let mut bytes = [0u8; 8];
    bytes.copy_from_slice(&digest[..8]);
    u64::from_le_bytes(bytes)
}

/// One outlet's bootstrap: per replicate the category sums, then tokens.
struct OutletBoot {
    sums: Option<BootstrapSums>,
}

fn bootstrap_outlet(name: &str, o: &OutletCounts, opts: &StatsOptions) -> OutletBoot {
    if opts.bootstrap == 0 || o.articles < 2 {
        return OutletBoot { sums: None };
    }
    let width = o.counts.len() + 1;
    let mut rows = Vec::with_capacity(o.article_tokens.len() * width);
    for (a, &tokens) in o.article_tokens.iter().enumerate() {
        let start = a * o.counts.len();
        rows.extend(
            o.article_counts[start..start + o.counts.len()]
                .iter()
                .map(|&k| u64::from(k)),
        );
        rows.push(tokens);
    }
    let mut rng = stats::seeded_rng(opts.seed, stream("bootstrap", name));
    OutletBoot {
        sums: stats::bootstrap_sums(&rows, width, opts.bootstrap, &mut rng).ok(),
    }
}

/// Every outlet's bootstrap, in outlet order, spread over `opts.threads`
/// threads. Each outlet draws from its own named stream, so the result is
/// the same at any thread count.
fn bootstrap_all(counts: &CountTable, opts: &StatsOptions) -> Vec<OutletBoot> {
    let outlets: Vec<(&String, &OutletCounts)> = counts.outlets.iter().collect();
    let threads = opts.threads.clamp(1, outlets.len().max(1));
    let run = |part: &[(&String, &OutletCounts)]| -> Vec<OutletBoot> {
        part.iter()
            .map(|(n, o)| bootstrap_outlet(n, o, opts))
            .collect()
    };
    if threads == 1 {
        return run(&outlets);
    }
    let chunk = outlets.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = outlets
            .chunks(chunk)
            .map(|part| (part.len(), scope.spawn(move || run(part))))
            .collect();
        handles
            .into_iter()
            .flat_map(|(len, h)| {
                // A thread that panicked leaves its outlets without intervals.
                h.join()
                    .unwrap_or_else(|_| (0..len).map(|_| OutletBoot { sums: None }).collect())
            })
            .collect()
    })
}

/// Rate per 1,000 tokens of category `c` in a replicate (NaN if no tokens).
fn rep_rate(r: &[u64], c: usize) -> f64 {
    let tokens = r[r.len() - 1];
    if tokens == 0 {
        f64::NAN
    } else {
        r[c] as f64 * 1000.0 / tokens as f64
    }
}

/// Share of category `c` among `cats` in a replicate (NaN if none).
fn rep_share(r: &[u64], c: usize, cats: &[usize]) -> f64 {
    let total: u64 = cats.iter().map(|&k| r[k]).sum();
    if total == 0 {
        f64::NAN
    } else {
        r[c] as f64 / total as f64
    }
}

/// Hardie's log ratio with a zero count replaced by 0.5.
fn log_ratio(a: f64, ta: f64, b: f64, tb: f64) -> f64 {
    let s = |x: f64| if x == 0.0 { 0.5 } else { x };
    if ta == 0.0 || tb == 0.0 {
        return f64::NAN;
    }
    ((s(a) / ta) / (s(b) / tb)).log2()
}

/// Runs everything in this module and writes `intervals.csv`,
/// `compare.csv` and `distinctive_terms.csv`.
pub(crate) fn analyse(
    dir: &Path,
    pass: &Pass,
    cells: &[Cell],
    conf: f64,
    opts: &StatsOptions,
) -> Result<Uncertainty, ReportError> {
    let counts = &pass.counts;
    let boots = bootstrap_all(counts, opts);
    let mut u = Uncertainty {
        outlets_with_intervals: boots.iter().filter(|b| b.sums.is_some()).count(),
        ..Uncertainty::default()
    };
    u.rate_article = write_intervals(dir, counts, cells, &boots, conf, opts)?;
    u.group_tests = (0..counts.groups.len())
        .map(|g| article_tests(counts, g, opts))
        .collect();
    (u.compare_rows, u.compare_significant) = write_compare(dir, counts, &boots, conf, opts)?;
    (u.distinctive_prior, u.distinctive_top) = write_distinctive(dir, counts, opts)?;
    Ok(u)
}

fn article_flag(articles: u64) -> &'static str {
    match articles {
        0 | 1 => "fewer_than_2_articles",
        a if a < FEW_ARTICLES => "fewer_than_5_articles",
        _ => "",
    }
}

fn write_intervals(
    dir: &Path,
    counts: &CountTable,
    cells: &[Cell],
    boots: &[OutletBoot],
    conf: f64,
    opts: &StatsOptions,
) -> Result<Vec<Option<(f64, f64)>>, ReportError> {
    let mut rate_article = Vec::with_capacity(cells.len());
    let (mut w, path) = writer(
        dir,
        "intervals.csv",
        &[
            "outlet",
            "group",
            "category",
            "articles",
            "articles_flag",
            "count",
            "tokens",
            "rate_per_1k",
            "rate_low_token",
            "rate_high_token",
            "rate_low_article",
            "rate_high_article",
            "group_total",
            "share",
            "share_low_token",
            "share_high_token",
            "share_low_article",
            "share_high_article",
            "resamples",
            "note",
        ],
    )?;
    let names: Vec<&String> = counts.outlets.keys().collect();
    for cell in cells {
        let Some(o) = names.iter().position(|n| **n == cell.outlet) else {
            rate_article.push(None);
            continue;
        };
        let cat = &counts.categories[cell.category];
        let group_cats = counts.group_categories(cat.group);
        let mut notes = Vec::new();
        let (mut rate_ci, mut share_ci) = (None, None);
        match &boots[o].sums {
            Some(sums) => {
                let rates: Vec<f64> = sums
                    .replicates()
                    .map(|r| rep_rate(r, cell.category))
                    .collect();
                rate_ci = stats::percentile_interval(&rates, conf).ok();
                let shares: Vec<f64> = sums
                    .replicates()
                    .map(|r| rep_share(r, cell.category, &group_cats))
                    .collect();
                share_ci = stats::percentile_interval(&shares, conf).ok();
                let undefined = shares.iter().filter(|x| x.is_nan()).count();
                if cell.group_total > 0 && undefined > 0 {
                    notes.push(format!(
                        "share undefined in {undefined} of {} resamples (no match of the group drawn); interval over the rest",
                        sums.resamples
                    ));
                }
                if cell.articles < FEW_ARTICLES {
                    notes.push(
                        "fewer than 5 articles: the article-level interval is unstable".into(),
                    );
                }
            }
            None if cell.articles < 2 => notes.push(
                "a single article supports no article-level inference: no article-level interval"
                    .into(),
            ),
            None => notes.push("bootstrap switched off (--bootstrap 0)".into()),
        }
        rate_article.push(rate_ci);
        w.write_record([
            safe_cell(&cell.outlet),
            cat.group_id.clone(),
            cat.id.clone(),
            cell.articles.to_string(),
            article_flag(cell.articles).into(),
            cell.count.to_string(),
            cell.tokens.to_string(),
            opt(cell.rate),
            opt(cell.rate_ci.map(|x| x.0)),
            opt(cell.rate_ci.map(|x| x.1)),
            opt(rate_ci.map(|x| x.0)),
            opt(rate_ci.map(|x| x.1)),
            cell.group_total.to_string(),
            opt(cell.share),
            opt(cell.share_ci.map(|x| x.0)),
            opt(cell.share_ci.map(|x| x.1)),
            opt(share_ci.map(|x| x.0)),
            opt(share_ci.map(|x| x.1)),
            if boots[o].sums.is_some() {
                opts.bootstrap.to_string()
            } else {
                String::new()
            },
            notes.join("; "),
        ])
        .map_err(|e| csv_err(&path, e))?;
    }
    finish(w, &path)?;
    Ok(rate_article)
}

/// The permutation test of outlet labels and, when an expected count is
/// below 5 in a table larger than 2 x 2, the Monte Carlo exact test.
fn article_tests(counts: &CountTable, g: usize, opts: &StatsOptions) -> ArticleTests {
    let cats = counts.group_categories(g);
    let gid = &counts.groups[g];
    let mut out = ArticleTests::default();
    let (table, _, _) = counts.group_table(g);
    let low_expected = stats::independence(&table.cells)
        .map(|i| i.min_expected < 5.0)
        .unwrap_or(false);
    let is_2x2 = table.cells.len() == 2 && table.categories.len() == 2;
    if opts.permutations > 0 && low_expected && !is_2x2 {
        let mut rng = stats::seeded_rng(opts.seed, stream("monte_carlo", gid));
        out.monte_carlo = stats::monte_carlo_chi2(&table.cells, opts.permutations, &mut rng).ok();
    }
    if opts.permutations == 0 {
        out.permutation_note = "permutation test switched off (--permutations 0)".into();
        return out;
    }
    // Articles with at least one match of the group, labelled by outlet.
    let (mut labels, mut rows) = (Vec::new(), Vec::new());
    let mut multi = 0;
    let mut outlets_in = 0;
    for o in counts.outlets.values() {
        let width = o.counts.len();
        let before = labels.len();
        for a in 0..o.article_tokens.len() {
            let row: Vec<u64> = cats
                .iter()
                .map(|&c| u64::from(o.article_counts[a * width + c]))
                .collect();
            if row.iter().any(|&x| x > 0) {
                labels.push(outlets_in);
                rows.extend(row);
            }
        }
        let n = labels.len() - before;
        if n > 0 {
            outlets_in += 1;
            multi += usize::from(n >= 2);
        }
    }
    out.units = (labels.len(), outlets_in);
    if outlets_in < 2 {
        out.permutation_note =
            "no permutation test: fewer than two outlets have a match in this group".into();
        return out;
    }
    if multi == 0 {
        out.permutation_note = "every outlet has a single article with a match: one article per outlet supports no article-level inference".into();
        return out;
    }
    let mut rng = stats::seeded_rng(opts.seed, stream("permutation", gid));
    match stats::permutation_chi2(
        &labels,
        outlets_in,
        &rows,
        cats.len(),
        opts.permutations,
        &mut rng,
    ) {
        Ok(p) => {
            out.permutation = Some(p);
            out.permutation_note = format!(
                "article level: outlet labels permuted among the {} articles with a match ({} outlets); p = (k + 1) / (B + 1)",
                labels.len(),
                outlets_in
            );
            if multi < outlets_in {
                let single = outlets_in - multi;
                out.permutation_note.push_str(&format!(
                    "; {single} {} a single article with a match",
                    if single == 1 {
                        "outlet has"
                    } else {
                        "outlets have"
                    }
                ));
            }
        }
        Err(e) => out.permutation_note = format!("no permutation test: {e}"),
    }
    out
}

/// One row of `compare.csv`.
struct CompareRow {
    measure: &'static str,
    group: usize,
    category: Option<usize>,
    comparison: &'static str,
    a: String,
    b: String,
    count_a: u64,
    total_a: u64,
    count_b: u64,
    total_b: u64,
    effect_measure: &'static str,
    effect: f64,
    effect_ci: Option<(f64, f64)>,
    test: &'static str,
    statistic: f64,
    df: usize,
    p: f64,
    ln_p: f64,
    note: String,
}

/// Every pair and each outlet against the rest, for every category's rate
/// and each group's label mix; one family for the adjustment.
fn write_compare(
    dir: &Path,
    counts: &CountTable,
    boots: &[OutletBoot],
    conf: f64,
    opts: &StatsOptions,
) -> Result<(usize, usize), ReportError> {
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
    let mut rows = Vec::new();
    let mut reps = Vec::with_capacity(resamples);
    for c in 0..ncat {
        let group = counts.categories[c].group;
        for i in 0..outlets.len() {
            let (a, oa) = outlets[i];
            // Each outlet against the rest.
            let (cb, tb) = (total_counts[c] - oa.counts[c], total_tokens - oa.tokens);
            if oa.counts[c] + cb > 0 && oa.tokens > 0 && tb > 0 {
                let ci = boots[i].sums.as_ref().and_then(|s| {
                    reps.clear();
                    reps.extend(s.replicates().enumerate().map(|(r, ra)| {
                        let tot = &corpus_reps[r * (ncat + 1)..(r + 1) * (ncat + 1)];
                        log_ratio(
                            ra[c] as f64,
                            ra[ncat] as f64,
                            (tot[c] - ra[c]) as f64,
                            (tot[ncat] - ra[ncat]) as f64,
                        )
                    }));
                    stats::percentile_interval(&reps, conf).ok()
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
            for j in i + 1..outlets.len() {
                let (b, ob) = outlets[j];
                if oa.counts[c] + ob.counts[c] == 0 || oa.tokens == 0 || ob.tokens == 0 {
                    continue;
                }
                let ci = match (&log_rates[i], &log_rates[j]) {
                    (Some(la), Some(lb)) => {
                        let span = c * resamples..(c + 1) * resamples;
                        reps.clear();
                        reps.extend(la[span.clone()].iter().zip(&lb[span]).map(|(x, y)| x - y));
                        stats::percentile_interval(&reps, conf).ok()
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
    let p: Vec<f64> = rows.iter().map(|r| r.p).collect();
    let adjusted = opts.adjust.apply(&p);
    let (mut w, path) = writer(
        dir,
        "compare.csv",
        &[
            "measure",
            "group",
            "category",
            "comparison",
            "outlet_a",
            "outlet_b",
            "count_a",
            "total_a",
            "count_b",
            "total_b",
            "effect_measure",
            "effect_size",
            "effect_low_article",
            "effect_high_article",
            "test",
            "statistic",
            "df",
            "p_value",
            "log10_p",
            "p_adjusted",
            "adjust",
            "level",
            "note",
        ],
    )?;
    let mut significant = 0;
    for (r, &pa) in rows.iter().zip(&adjusted) {
        significant += usize::from(pa < 0.05);
        let [p_cell, log10_cell] = p_cells(r.p, r.ln_p);
        w.write_record([
            r.measure.to_string(),
            counts.groups[r.group].clone(),
            r.category
                .map_or(String::new(), |c| counts.categories[c].id.clone()),
            r.comparison.to_string(),
            safe_cell(&r.a),
            safe_cell(&r.b),
            r.count_a.to_string(),
            r.total_a.to_string(),
            r.count_b.to_string(),
            r.total_b.to_string(),
            r.effect_measure.to_string(),
            num(r.effect),
            opt(r.effect_ci.map(|x| x.0)),
            opt(r.effect_ci.map(|x| x.1)),
            r.test.to_string(),
            num(r.statistic),
            r.df.to_string(),
            p_cell,
            log10_cell,
            num(pa),
            opts.adjust.name().to_string(),
            "token".to_string(),
            r.note.clone(),
        ])
        .map_err(|e| csv_err(&path, e))?;
    }
    finish(w, &path)?;
    Ok((rows.len(), significant))
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

/// Background word frequencies: a CSV with a header row and columns
/// `term` and `count`.
fn read_background(path: &Path) -> Result<BTreeMap<String, f64>, ReportError> {
    let bad = |line: u64, message: String| ReportError::Background {
        path: path.to_path_buf(),
        line,
        message,
    };
    let mut r = csv::Reader::from_path(path).map_err(|e| bad(0, e.to_string()))?;
    let headers = r.headers().map_err(|e| bad(1, e.to_string()))?.clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim() == name)
            .ok_or_else(|| {
                bad(
                    1,
                    format!("no `{name}` column; the header must name `term` and `count`"),
                )
            })
    };
    let (ti, ci) = (col("term")?, col("count")?);
    let mut out = BTreeMap::new();
    for rec in r.records() {
        let rec = rec.map_err(|e| bad(e.position().map_or(0, |p| p.line()), e.to_string()))?;
        let line = rec.position().map_or(0, |p| p.line());
        let term = normalise_str(rec.get(ti).unwrap_or("").trim(), true);
        let count: f64 = rec
            .get(ci)
            .unwrap_or("")
            .trim()
            .parse()
            .ok()
            .filter(|x: &f64| x.is_finite() && *x >= 0.0)
            .ok_or_else(|| bad(line, "`count` must be a non-negative number".into()))?;
        if !term.is_empty() {
            *out.entry(term).or_insert(0.0) += count;
        }
    }
    Ok(out)
}

/// Background frequency of a lexicon term: the entry for its normalised
/// text, or, for `word*`, the sum over entries starting with `word`.
fn background_count(bg: &BTreeMap<String, f64>, term: &str) -> f64 {
    let norm = normalise_str(term, true);
    match norm.strip_suffix('*') {
        Some(prefix) => bg
            .range(prefix.to_string()..)
            .take_while(|(k, _)| k.starts_with(prefix))
            .map(|(_, v)| v)
            .sum(),
        None => bg.get(&norm).copied().unwrap_or(0.0),
    }
}

/// Log-odds ratio with an informative Dirichlet prior of each lexicon term,
/// each outlet against the rest, within each group. Returns the prior's
/// description and each group's most distinctive terms.
fn write_distinctive(
    dir: &Path,
    counts: &CountTable,
    opts: &StatsOptions,
) -> Result<(String, Vec<Distinctive>), ReportError> {
    let mut top = vec![Vec::new(); counts.groups.len()];
    let background = opts
        .background
        .as_deref()
        .map(read_background)
        .transpose()?;
    let (mut w, path) = writer(
        dir,
        "distinctive_terms.csv",
        &[
            "group",
            "outlet",
            "category",
            "term",
            "count",
            "count_rest",
            "prior",
            "log_odds_ratio",
            "z",
            "prior_source",
        ],
    )?;
    let source = if background.is_some() {
        "background"
    } else {
        "corpus"
    };
    // Term counts per outlet, from the written forms.
    let mut by_outlet: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
    for (outlet, term, _, n) in counts.forms() {
        by_outlet
            .entry(outlet)
            .or_insert_with(|| vec![0.0; counts.terms.len()])[term] += n as f64;
    }
    let zero = vec![0.0; counts.terms.len()];
    let total: Vec<f64> = (0..counts.terms.len())
        .map(|t| by_outlet.values().map(|v| v[t]).sum())
        .collect();
    for (g, gid) in counts.groups.iter().enumerate() {
        let all: Vec<usize> = (0..counts.terms.len())
            .filter(|&t| counts.terms[t].group == g)
            .collect();
        let n_group: f64 = all.iter().map(|&t| total[t]).sum();
        let (terms, prior): (Vec<usize>, Vec<f64>) = match &background {
            None => all
                .iter()
                .filter(|&&t| total[t] > 0.0)
                .map(|&t| (t, total[t]))
                .unzip(),
            Some(bg) => {
                let raw: Vec<f64> = all
                    .iter()
                    .map(|&t| background_count(bg, &counts.terms[t].text) + 0.5)
                    .collect();
                let sum: f64 = raw.iter().sum();
                let scale = n_group.max(1.0) / sum;
                all.iter()
                    .copied()
                    .zip(raw.iter().map(|x| x * scale))
                    .unzip()
            }
        };
        if terms.len() < 2 {
            continue;
        }
        for outlet in counts.outlets.keys() {
            let mine = by_outlet.get(outlet.as_str()).unwrap_or(&zero);
            let yi: Vec<f64> = terms.iter().map(|&t| mine[t]).collect();
            if yi.iter().sum::<f64>() == 0.0 {
                continue;
            }
            let yj: Vec<f64> = terms.iter().zip(&yi).map(|(&t, y)| total[t] - y).collect();
            let Ok((delta, z)) = stats::log_odds_dirichlet(&yi, &yj, &prior) else {
                continue;
            };
            let mut order: Vec<usize> = (0..terms.len()).collect();
            order.sort_by(|&x, &y| z[y].total_cmp(&z[x]));
            for k in order {
                let t = &counts.terms[terms[k]];
                if z[k] >= 1.96 {
                    top[g].push((outlet.clone(), t.text.clone(), z[k]));
                }
                w.write_record([
                    gid.clone(),
                    safe_cell(outlet),
                    counts.categories[t.category].id.clone(),
                    safe_cell(&t.text),
                    num(yi[k]),
                    num(yj[k]),
                    num(prior[k]),
                    num(delta[k]),
                    num(z[k]),
                    source.to_string(),
                ])
                .map_err(|e| csv_err(&path, e))?;
            }
        }
    }
    finish(w, &path)?;
    for t in &mut top {
        t.sort_by(|a, b| b.2.total_cmp(&a.2));
        t.truncate(TOP_DISTINCTIVE);
    }
    let prior = match &opts.background {
        Some(p) => format!("background word frequencies from {}", p.display()),
        None => "the corpus's own term counts".into(),
    };
    Ok((prior, top))
}

/// The methods a report used, each with what it means in plain words, for
/// the page's "Methods" section (formulas and references: docs/METHODS.md).
pub(crate) fn methods(u: &Uncertainty, opts: &StatsOptions, conf: f64) -> Vec<(String, String)> {
    let level = num(conf * 100.0);
    let mut out = vec![
        (
            format!("Rates with exact (Garwood) Poisson {level}% intervals; shares with Wilson intervals"),
            "token level: they treat every match as an independent event, so they are too narrow when an outlet's matches cluster in a few articles.".to_string(),
        ),
        (
            "Pearson chi-square, G-test, Cramér's V and adjusted residuals per group; Fisher's exact test for 2 x 2 tables".into(),
            "token level: they overstate significance because words in one article are not independent. Read them as descriptive.".into(),
        ),
    ];
    if opts.permutations > 0 {
        out.push((
            format!("Monte Carlo exact test ({} random tables, Patefield's algorithm) where an expected count is below 5", opts.permutations),
            "gives a chi-square p-value that does not rely on large counts; still token level.".into(),
        ));
        out.push((
            format!("Article-level permutation test of outlet labels ({} permutations)", opts.permutations),
            "shuffles which outlet each article belongs to, keeping articles whole: the p-value to trust for \"do outlets differ in their label mix?\". It can never be below 1/(permutations + 1).".into(),
        ));
    }
    if opts.bootstrap > 0 {
        out.push((
            format!(
                "Article-level bootstrap ({} resamples of articles within each outlet; percentile {level}% intervals) for rates, shares and rate ratios",
                opts.bootstrap
            ),
            format!(
                "says how much a number would move with another sample of the outlet's articles. {} outlets have such intervals; outlets with a single article have none, and those with fewer than {FEW_ARTICLES} are flagged.",
                u.outlets_with_intervals
            ),
        ));
    }
    out.push((
        format!(
            "Every pair of outlets and each outlet against the rest, for every category and label mix: log-likelihood G2 with Hardie's log ratio, chi-square with Cramér's V; {} adjustment over all {} comparisons",
            match opts.adjust {
                Adjust::Holm => "Holm",
                Adjust::Bh => "Benjamini-Hochberg",
            },
            u.compare_rows
        ),
        "effect size and significance side by side: a tiny p with a log ratio near 0 is a real but negligible difference.".into(),
    ));
    out.push((
        format!("Distinctive terms: log-odds ratio with an informative Dirichlet prior ({})", u.distinctive_prior),
        "z-scores above about 2 mark terms an outlet uses more than the rest, shrunk towards the prior where counts are small.".into(),
    ));
    out
}

/// The group's most distinctive terms in a sentence, if any reach z = 1.96.
pub(crate) fn distinctive_sentence(u: &Uncertainty, g: usize) -> Option<String> {
    let top = u.distinctive_top.get(g).filter(|t| !t.is_empty())?;
    let items: Vec<String> = top
        .iter()
        .map(|(outlet, term, z)| format!("{outlet}: \"{term}\" (z = {z:.1})"))
        .collect();
    Some(format!(
        "Most distinctive terms, outlet against the rest (log-odds ratio, informative Dirichlet prior; token level): {}. All in distinctive_terms.csv.",
        items.join("; ")
    ))
}

/// One sentence per group on the article-level test, for the page.
pub(crate) fn group_sentence(a: &ArticleTests) -> String {
    match &a.permutation {
        Some(p) => format!(
            "Article level: outlet labels permuted among {} articles with a match ({} outlets): {} ({} permutations; p cannot be below {:.1e}).",
            a.units.0,
            a.units.1,
            super::html::p_text(p.p),
            p.resamples,
            1.0 / (p.resamples as f64 + 1.0)
        ),
        None => format!("Article level: {}.", a.permutation_note),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn p_cells_never_write_zero() {
        let [p, l] = p_cells(0.5, 0.5f64.ln());
        assert_eq!((p.as_str(), l.as_str()), ("0.5", "-0.3010299957"));
        let [p, l] = p_cells(0.0, -2504.484587848451);
        assert_eq!(p, "");
        assert_eq!(l, "-1087.683837");
        assert_eq!(p_cells(f64::NAN, f64::NAN), [String::new(), String::new()]);
    }

    #[test]
    fn background_lookup_handles_wildcards() {
        let bg: BTreeMap<String, f64> = [
            ("terror", 1.0),
            ("terrorist", 2.0),
            ("terrorists", 3.0),
            ("rebel", 4.0),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        assert_eq!(background_count(&bg, "terrorist*"), 5.0);
        assert_eq!(background_count(&bg, "Rebel"), 4.0);
        assert_eq!(background_count(&bg, "none"), 0.0);
    }

    #[test]
    fn streams_differ_by_name() {
        assert_ne!(stream("bootstrap", "a"), stream("bootstrap", "b"));
        assert_ne!(stream("bootstrap", "a"), stream("permutation", "a"));
        assert_eq!(stream("bootstrap", "a"), stream("bootstrap", "a"));
    }
}

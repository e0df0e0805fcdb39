//! Article-level uncertainty of every rate and share: a bootstrap over
//! articles within each outlet (each outlet its own named random stream,
//! so the result is the same at any thread count), percentile intervals
//! beside the token-level exact Poisson and Wilson ones.

use super::{stream, Cell, StatsOptions};
use crate::counts::{CountTable, OutletCounts};
use crate::stats::{self, BootstrapSums, Replicate};

/// Below this many articles an outlet's article-level interval is flagged.
pub const FEW_ARTICLES: u64 = 5;

/// One outlet's bootstrap: per replicate the category sums, then tokens.
pub(crate) struct OutletBoot {
    pub(crate) sums: Option<BootstrapSums>,
}

fn bootstrap_outlet(name: &str, o: &OutletCounts, opts: &StatsOptions) -> OutletBoot {
    if opts.bootstrap == 0 || o.articles < 2 {
        return OutletBoot { sums: None };
    }
    let width = o.counts.len() + 1;
    let rows = o.resample_rows();
    let mut rng = stats::seeded_rng(opts.seed, stream("bootstrap", name));
    OutletBoot {
        sums: stats::bootstrap_sums(&rows, width, opts.bootstrap, &mut rng).ok(),
    }
}

/// Every outlet's bootstrap, in outlet order, spread over `opts.threads`
/// threads. Each outlet draws from its own named stream, so the result is
/// the same at any thread count.
pub(crate) fn bootstrap_all(counts: &CountTable, opts: &StatsOptions) -> Vec<OutletBoot> {
    let outlets: Vec<(&String, &OutletCounts)> = counts.outlets.iter().collect();
    crate::parallel::spread(outlets.len(), opts.threads, |i| {
        let (name, o) = outlets[i];
        bootstrap_outlet(name, o, opts)
    })
}

/// Rate per 1,000 tokens of category `c` in a replicate (NaN if no tokens).
fn rep_rate(r: Replicate<'_>, c: usize) -> f64 {
    let tokens = r.get(r.len() - 1);
    if tokens == 0 {
        f64::NAN
    } else {
        r.get(c) as f64 * 1000.0 / tokens as f64
    }
}

/// Share of category `c` among `cats` in a replicate (NaN if none).
fn rep_share(r: Replicate<'_>, c: usize, cats: &[usize]) -> f64 {
    let total: u64 = cats.iter().map(|&k| r.get(k)).sum();
    if total == 0 {
        f64::NAN
    } else {
        r.get(c) as f64 / total as f64
    }
}

fn article_flag(articles: u64) -> &'static str {
    match articles {
        0 | 1 => "fewer_than_2_articles",
        a if a < FEW_ARTICLES => "fewer_than_5_articles",
        _ => "",
    }
}

/// The article-level intervals of one outlet x category cell.
#[derive(Debug, Clone, Default)]
pub struct Interval {
    /// `fewer_than_2_articles`, `fewer_than_5_articles` or empty.
    pub flag: &'static str,
    /// Bootstrap percentile interval of the rate per 1,000 tokens.
    pub rate: Option<(f64, f64)>,
    /// Bootstrap percentile interval of the share within the group.
    pub share: Option<(f64, f64)>,
    /// Resamples behind the intervals; `None` without a bootstrap.
    pub resamples: Option<usize>,
    pub note: String,
}

/// Each cell's article-level intervals, aligned with `cells`.
pub(crate) fn intervals(
    counts: &CountTable,
    cells: &[Cell],
    boots: &[OutletBoot],
    conf: f64,
    opts: &StatsOptions,
) -> Vec<Interval> {
    let names: Vec<&String> = counts.outlets.keys().collect();
    let mut scratch = stats::PercentileScratch::default();
    cells
        .iter()
        .map(|cell| {
            let Some(o) = names.iter().position(|n| **n == cell.outlet) else {
                return Interval::default();
            };
            let cat = &counts.categories[cell.category];
            let group_cats = counts.group_categories(cat.group);
            let mut notes = Vec::new();
            let (mut rate, mut share) = (None, None);
            match &boots[o].sums {
                Some(sums) => {
                    let mut rates: Vec<f64> = sums
                        .replicates()
                        .map(|r| rep_rate(r, cell.category))
                        .collect();
                    rate = stats::percentile_interval_in(&mut rates, conf, &mut scratch).ok();
                    let mut shares: Vec<f64> = sums
                        .replicates()
                        .map(|r| rep_share(r, cell.category, &group_cats))
                        .collect();
                    let undefined = shares.iter().filter(|x| x.is_nan()).count();
                    share = stats::percentile_interval_in(&mut shares, conf, &mut scratch).ok();
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
            Interval {
                flag: article_flag(cell.articles),
                rate,
                share,
                resamples: boots[o].sums.is_some().then_some(opts.bootstrap),
                note: notes.join("; "),
            }
        })
        .collect()
}

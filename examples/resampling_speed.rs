//! CPU time of the report's two resampling loops on tables shaped like
//! the 1 GB benchmark's: the article-level permutation test
//! (`stats::permutation_chi2`) of its largest group, 103,306 articles with
//! a match in 163 outlets, two categories; and the bootstrap
//! (`stats::bootstrap_sums`) of an outlet of 10,000 articles, 13
//! categories and tokens. 2,000 resamples each, as `report`'s defaults.
//!
//! `cargo run --release --example resampling_speed [-- UNITS OUTLETS WIDTH RESAMPLES]`
//! prints the CPU seconds and nanoseconds per article and resample, and
//! what the loops computed, which a faster version must not change.

mod support;

use framescore::stats::{bootstrap_sums, permutation_chi2, seeded_rng};
use rand::{Rng, RngExt};

fn main() -> anyhow::Result<()> {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .map(|a| a.parse())
        .collect::<Result<_, _>>()?;
    let arg = |i: usize, default: usize| args.get(i).copied().unwrap_or(default);
    let (units, outlets, width, resamples) =
        (arg(0, 103_306), arg(1, 163), arg(2, 2), arg(3, 2000));
    let mut rng = seeded_rng(7, 1);
    // Outlets of very different sizes (as a news corpus's are); small
    // counts, a few large ones.
    let labels: Vec<usize> = (0..units)
        .map(|_| {
            let u: f64 = rng.random();
            ((u * u * outlets as f64) as usize).min(outlets - 1)
        })
        .collect();
    let count = |rng: &mut rand::rngs::ChaCha8Rng| {
        let u = rng.next_u32();
        u64::from((u % 4).saturating_sub(1) + u32::from(u.is_multiple_of(97)) * (u % 30))
    };
    let rows: Vec<u64> = (0..units * width).map(|_| count(&mut rng)).collect();
    // An outlet's bootstrap rows: 13 categories, then the article's tokens.
    let (articles, categories) = (10_000, 13);
    let mut outlet = Vec::with_capacity(articles * (categories + 1));
    for _ in 0..articles {
        outlet.extend((0..categories).map(|_| count(&mut rng) / 2));
        outlet.push(rng.random_range(100..3000u64));
    }
    for round in 0..3 {
        let clock = support::Clock::start();
        let test = permutation_chi2(
            &labels,
            outlets,
            &rows,
            width,
            resamples,
            &mut seeded_rng(42, 3),
        )?;
        let s = clock.seconds();
        println!(
            "round {round}: permutation {s:.3} s CPU, {:.2} ns an article and resample; statistic {:.6}, p {:.6} ({} of {} at least as large)",
            s * 1e9 / (units * resamples) as f64,
            test.statistic,
            test.p,
            test.exceed,
            test.resamples
        );
        let clock = support::Clock::start();
        let sums = bootstrap_sums(&outlet, categories + 1, resamples, &mut seeded_rng(42, 4))?;
        let s = clock.seconds();
        let checksum = sums.replicates().fold(0u64, |acc, r| {
            (0..r.len()).fold(acc, |a, c| a.wrapping_mul(31).wrapping_add(r.get(c)))
        });
        println!(
            "round {round}: bootstrap {s:.3} s CPU, {:.2} ns an article and resample; checksum {checksum:016x}",
            s * 1e9 / (articles * resamples) as f64,
        );
    }
    Ok(())
}

//! Time of language detection alone (`text::language::detect`, what
//! `report` runs on each article's first two kilobytes), on the texts of a
//! corpus: a micro-benchmark for `text::language::model`, outside `cargo
//! test` (no timed assertions anywhere).
//!
//! `cargo run --release --example detect_speed -- CORPUS [ROUNDS]` prints
//! the microseconds per article of each round and how many articles each
//! language got, so two builds can be compared on the same input (run them
//! in turn: the machine's noise is larger than a small step). Time is this
//! thread's CPU time where Linux reports it (`/proc/thread-self/schedstat`),
//! else wall time.

use framescore::text::language;
use std::collections::BTreeMap;

mod support;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .ok_or_else(|| anyhow::anyhow!("usage: detect_speed CORPUS [ROUNDS]"))?;
    let rounds: usize = args.next().map_or(Ok(5), |r| r.parse())?;
    let texts = support::texts(&path)?;
    let samples: Vec<&str> = texts
        .iter()
        .map(|t| language::detection_sample(t))
        .collect();
    let bytes: usize = samples.iter().map(|s| s.len()).sum();
    eprintln!(
        "{} articles, {:.1} MB of samples",
        samples.len(),
        bytes as f64 / 1e6
    );
    for _ in 0..rounds {
        let clock = support::Clock::start();
        let mut found: BTreeMap<&str, usize> = BTreeMap::new();
        for sample in &samples {
            let code = language::detect(sample).map_or("none", |l| l.code());
            *found.entry(code).or_default() += 1;
        }
        println!(
            "{:.1} µs an article  {found:?}",
            clock.seconds() * 1e6 / samples.len().max(1) as f64
        );
    }
    Ok(())
}

//! Throughput of the normaliser alone, on the texts of a corpus: a
//! micro-benchmark for the fast paths, outside `cargo test` (no timed
//! assertions anywhere).
//!
//! `cargo run --release --example normalise_speed -- CORPUS [ROUNDS [LANGUAGE]]`
//! prints MB/s per round and a checksum of the output, so two builds can
//! be compared on the same input. With LANGUAGE (`ar`, `tr`, ...) the
//! language's steps run after the normaliser (`normalise_with`). The rate is per second of this thread's
//! CPU time where Linux reports it (`/proc/thread-self/schedstat`), so that
//! other processes on a busy machine disturb it less; else per second of
//! wall time.

use framescore::text::language::Language;
use framescore::text::profile::{normalise_with, Profile};

mod support;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .ok_or_else(|| anyhow::anyhow!("usage: normalise_speed CORPUS [ROUNDS]"))?;
    let rounds: usize = args.next().map_or(Ok(5), |r| r.parse())?;
    let profile = match args.next() {
        Some(code) => Profile::of(Some(Language::from_code(&code)?)),
        None => Profile::GENERIC,
    };
    let texts = support::texts(&path)?;
    let bytes: usize = texts.iter().map(String::len).sum();
    eprintln!("{} articles, {:.1} MB", texts.len(), bytes as f64 / 1e6);
    for _ in 0..rounds {
        let clock = support::Clock::start();
        let (mut tokens, mut len) = (0u64, 0usize);
        for text in &texts {
            let n = normalise_with(text, true, profile);
            tokens += n.tokens;
            len += n.text.len() + n.original_offset(n.text.len() / 2);
        }
        println!(
            "{:.0} MB/s  ({tokens} tokens, checksum {len})",
            bytes as f64 / 1e6 / clock.seconds()
        );
    }
    Ok(())
}

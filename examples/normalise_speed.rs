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

use framescore::corpus::{Corpus, CorpusOptions, OnError};
use framescore::text::language::Language;
use framescore::text::profile::{normalise_with, Profile};
use std::time::Instant;

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
    let options = CorpusOptions {
        on_error: OnError::Skip,
        no_clean: true,
        ..CorpusOptions::default()
    };
    let corpus = Corpus::open(std::path::Path::new(&path), &options)?;
    let texts: Vec<String> = corpus.articles().flatten().map(|a| a.text).collect();
    let bytes: usize = texts.iter().map(String::len).sum();
    eprintln!("{} articles, {:.1} MB", texts.len(), bytes as f64 / 1e6);
    for _ in 0..rounds {
        let (start, cpu_start) = (Instant::now(), cpu_ns());
        let (mut tokens, mut len) = (0u64, 0usize);
        for text in &texts {
            let n = normalise_with(text, true, profile);
            tokens += n.tokens;
            len += n.text.len() + n.original_offset(n.text.len() / 2);
        }
        let secs = match (cpu_start, cpu_ns()) {
            (Some(a), Some(b)) => (b - a) as f64 / 1e9,
            _ => start.elapsed().as_secs_f64(),
        };
        println!(
            "{:.0} MB/s  ({tokens} tokens, checksum {len})",
            bytes as f64 / 1e6 / secs
        );
    }
    Ok(())
}

/// Nanoseconds this thread has run on a CPU, where Linux says.
fn cpu_ns() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    stat.split_whitespace().next()?.parse().ok()
}

//! What the micro-benchmarks in `examples/` share: a corpus's texts read
//! as `report` reads them (cleaning off, bad rows skipped) and a clock of
//! this thread's CPU time, which other processes on a busy machine
//! disturb less than wall time.

use framescore::corpus::{Corpus, CorpusOptions, OnError};
use std::time::Instant;

/// The text of every article of the corpus at `path`. (Each example
/// compiles this module; not every one reads a corpus.)
#[allow(dead_code)]
pub fn texts(path: &str) -> anyhow::Result<Vec<String>> {
    let options = CorpusOptions {
        on_error: OnError::Skip,
        no_clean: true,
        ..CorpusOptions::default()
    };
    let corpus = Corpus::open(std::path::Path::new(path), &options)?;
    Ok(corpus.articles().flatten().map(|a| a.text).collect())
}

/// Seconds of this thread's CPU time since it was started, where Linux
/// reports it (`/proc/thread-self/schedstat`); else of wall time.
pub struct Clock {
    start: Instant,
    cpu_start: Option<u64>,
}

impl Clock {
    pub fn start() -> Clock {
        Clock {
            start: Instant::now(),
            cpu_start: cpu_ns(),
        }
    }

    pub fn seconds(&self) -> f64 {
        match (self.cpu_start, cpu_ns()) {
            (Some(a), Some(b)) => (b - a) as f64 / 1e9,
            _ => self.start.elapsed().as_secs_f64(),
        }
    }
}

/// Nanoseconds this thread has run on a CPU, where Linux says.
fn cpu_ns() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    stat.split_whitespace().next()?.parse().ok()
}

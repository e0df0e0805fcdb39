//! A progress line on standard error while a pass reads the corpus:
//! articles, megabytes, rate and elapsed time. Shown only when standard
//! error is a terminal, so logs and pipes stay quiet.

use std::io::IsTerminal;
use std::time::Instant;

pub(crate) struct Progress {
    bar: Option<indicatif::ProgressBar>,
    started: Instant,
    articles: u64,
    bytes: u64,
}

impl Progress {
    /// A progress line labelled `what` (e.g. "counting").
    pub fn new(what: &str) -> Progress {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = indicatif::ProgressBar::new_spinner();
            if let Ok(style) =
                indicatif::ProgressStyle::with_template("{spinner} {prefix}: {msg} [{elapsed}]")
            {
                bar.set_style(style);
            }
            bar.set_prefix(what.to_string());
            bar
        });
        Progress {
            bar,
            started: Instant::now(),
            articles: 0,
            bytes: 0,
        }
    }

    /// One more article of `bytes` bytes.
    pub fn article(&mut self, bytes: usize) {
        self.articles += 1;
        self.bytes += bytes as u64;
        if let Some(bar) = &self.bar {
            if self.articles % 256 == 0 {
                let mb = self.bytes as f64 / 1e6;
                let rate = mb / self.started.elapsed().as_secs_f64().max(1e-9);
                bar.set_message(format!(
                    "{} articles, {mb:.1} MB, {rate:.1} MB/s",
                    self.articles
                ));
                bar.tick();
            }
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

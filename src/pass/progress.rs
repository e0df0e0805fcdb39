//! A progress bar on standard error while a pass reads the corpus:
//! articles, megabytes, rate, elapsed time and, when the size of the pass is
//! known, the share done and the time left. Shown only when standard error
//! is a terminal, so logs and pipes stay quiet.

use crate::corpus::Extent;
use std::io::IsTerminal;
use std::time::Instant;

pub(crate) struct Progress {
    bar: Option<indicatif::ProgressBar>,
    extent: Option<Extent>,
    started: Instant,
    articles: u64,
    bytes: u64,
}

impl Progress {
    /// A progress bar labelled `what` (e.g. "counting") over `extent`.
    pub fn new(what: &str, extent: Option<Extent>) -> Progress {
        let bar = std::io::stderr().is_terminal().then(|| {
            let (bar, template) = match extent {
                Some(Extent::Articles(n) | Extent::Bytes(n)) => (
                    indicatif::ProgressBar::new(n),
                    "{prefix}: [{bar:30}] {percent}% {msg} [{elapsed}, ETA {eta}]",
                ),
                None => (
                    indicatif::ProgressBar::new_spinner(),
                    "{spinner} {prefix}: {msg} [{elapsed}]",
                ),
            };
            if let Ok(style) = indicatif::ProgressStyle::with_template(template) {
                bar.set_style(style.progress_chars("=> "));
            }
            bar.set_prefix(what.to_string());
            bar
        });
        Progress {
            bar,
            extent,
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
            if self.articles.is_multiple_of(256) {
                let mb = self.bytes as f64 / 1e6;
                let rate = mb / self.started.elapsed().as_secs_f64().max(1e-9);
                bar.set_message(format!(
                    "{} articles, {mb:.1} MB, {rate:.1} MB/s",
                    self.articles
                ));
                match self.extent {
                    Some(Extent::Articles(_)) => bar.set_position(self.articles),
                    Some(Extent::Bytes(_)) => bar.set_position(self.bytes),
                    None => bar.tick(),
                }
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
